"""CLI: ``concordance parse FILE`` — the provision tree as an outline, JSON (docs/json-contract.md)
or Akoma Ntoso, and ``--check`` for the coverage oracle (exit 1 when characters were lost).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click

from ..outputs import atomic_write_bytes, output_target
from .app import main


def act_json(act) -> dict:
    """The documented JSON contract (docs/json-contract.md)."""
    from dataclasses import asdict

    cov = act.coverage
    return {
        "act": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(act.meta).items()},
        "provisions": [
            {"id": p.id, "kind": p.kind, "num": p.num, "label": p.label, "heading": p.heading,
             "text": p.text, "parent": p.parent, "citation": p.citation, "status": p.status}
            for p in act.provisions
        ],
        "non_provisions": [{"kind": n.kind, "text": n.text, "location": n.location} for n in act.non_provisions],
        "definitions": dict(act.definitions),
        "coverage": {
            "source_chars": cov.source_chars, "lost_chars": cov.lost_chars,
            "invented_chars": cov.invented_chars, "per_kind": dict(cov.per_kind),
            "lost_samples": list(cov.lost_samples),
        } if cov else None,
        "warnings": list(act.warnings),
    }


def outline(act) -> str:
    depth: dict[str | None, int] = {None: -1}
    lines = [f"{act.meta.title}  [{act.meta.key}, {act.meta.language}]"]
    for p in act.provisions:
        d = depth.get(p.parent, -1) + 1
        depth[p.id] = d
        head = f" — {p.heading.splitlines()[0]}" if p.heading else ""
        head += " [repealed]" if p.status == "repealed" else ""
        text = p.text.replace("\n", " ")
        snippet = (text[:70] + "…") if len(text) > 70 else text
        lines.append(f"{'  ' * d}{p.citation}{head}  ({p.id})" + (f": {snippet}" if snippet else ""))
    return "\n".join(lines)


def check_report(act) -> str:
    """Coverage, provisions per level, and the self-citation check (how many of the act's citations
    of itself resolve to a provision of the parse, with the first that do not)."""
    from ..parse.selfcite import check as check_self_citations

    cov = act.coverage
    counts = Counter(p.kind for p in act.provisions)
    out = [f"source characters (non-blank): {cov.source_chars}",
           f"lost: {cov.lost_chars}", f"invented: {cov.invented_chars}",
           "provisions per level: " + ", ".join(f"{k} {v}" for k, v in counts.items()),
           "non-provisions: " + ", ".join(f"{k} {v}" for k, v in Counter(n.kind for n in act.non_provisions).items())]
    out += [f"  lost: {s}" for s in cov.lost_samples]
    repealed = sum(1 for p in act.provisions if p.status == "repealed")
    if repealed:
        out.append(f"repealed provisions (kept with their ids, never matched): {repealed}")
    cites = check_self_citations(act, limit=10)
    out.append(cites.summary())
    out += [f"  unresolved: {written!r} in {citing} (read as {pid})" for citing, written, pid in cites.unresolved]
    return "\n".join(out)


def _write(data: str | bytes, out: Path) -> None:
    out = output_target(out)
    atomic_write_bytes(out, data.encode("utf-8") if isinstance(data, str) else data)
    click.echo(f"written {out}", err=True)


def _resolve_source(file: str) -> tuple[Path, object]:
    """A file path, or a bundled act key (``32015R2403``, ``32021L0555@hr``) as ``add``/``match``/``toc``
    take: returns the path to read and the bundled metadata (None for a plain file).

    An existing file always wins; a name that is neither a file nor a bundled key gets the reader's
    "file not found" error when it looks like a path, else the list of bundled keys."""
    from ..catalogue import acts
    from ..errors import InputError, UnreadableFile

    p = Path(file).expanduser()
    if p.exists():
        return p, None
    try:
        entry = acts.find(file)
    except InputError as exc:
        if "/" in file or "\\" in file or p.suffix:
            return p, None          # the reader says "file not found" with the path
        raise UnreadableFile(f"file not found, and no bundled act has the key '{file}'.", where=file,
                             todo="Check the path, or give a bundled act's key. " + (exc.todo or "")) from None
    if not entry.text_held:
        raise acts.not_held(entry)
    return entry.path, entry.meta


@main.command("parse")
@click.argument("file", metavar="FILE_OR_KEY")
@click.option("--lang", default=None, help="Language (ISO 639: en sq sr bs hr cnr mk bg cs et de; or a style "
              "such as sq-XK). Inferred from heading words and script when absent.")
@click.option("--jurisdiction", default=None, help="ISO 3166 code (ME, MK, RS, BA, AL, XK, ...).")
@click.option("--encoding", default=None, help="Text encoding (cp1250, cp1251, utf-16) when detection fails.")
@click.option("--encoding-errors", "encoding_errors", type=click.Choice(["strict", "replace"]), default="strict",
              show_default=True, help="What to do with a byte that is not valid in the text's encoding: refuse "
              "the file (strict) or read it as '\ufffd' (replace).")
@click.option("--format", "fmt", type=click.Choice(["outline", "json", "akn"]), default="outline", show_default=True)
@click.option("--check", is_flag=True, help="Print the coverage (characters lost/invented, provisions per level); "
              "exit 1 when characters were lost or invented.")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (atomically) instead of standard output.")
def parse_command(file: str, lang, jurisdiction, encoding, encoding_errors, fmt, check, out) -> None:
    """Parse FILE_OR_KEY (a txt, md, docx, html, Formex/AKN xml or pdf file, or a bundled act key such
    as 32015R2403 or KEY@variant; see `concordance acts`) into its provision tree."""
    from ..parse import parse_file

    path, meta = _resolve_source(file)
    act = parse_file(path, lang=lang, jurisdiction=jurisdiction, encoding=encoding, meta=meta,
                     encoding_errors=encoding_errors)
    if not lang and not any(w.startswith(("language:", "no lexicon")) for w in act.warnings):
        click.echo(f"note: language: {act.meta.language} (from the act's metadata); give --lang to override.",
                   err=True)
    for w in act.warnings:
        click.echo(f"note: {w}" if w.startswith("language:") else f"warning: {w}", err=True)
    if check:
        click.echo(check_report(act))
        if out is None:
            sys.exit(0 if act.coverage.ok else 1)
    if fmt == "json":
        data: str | bytes = json.dumps(act_json(act), ensure_ascii=False, indent=1)
    elif fmt == "akn":
        from ..parse.write_akn import to_akn
        data = to_akn(act)
    else:
        data = outline(act)
    if out is not None:
        _write(data, out)
    elif not check:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            click.echo(data)
    if check and not act.coverage.ok:
        sys.exit(1)
