"""CLI: ``concordance match REFERENCE LAW`` (two acts) or ``concordance match PROJECT`` (a project).

Thin: resolve the two acts (a file path or a bundled act key, via ``concordance.catalogue.acts.load``), call
``concordance.match.match_acts``, print JSON (the contract in docs/match-contract.md) or a table.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..outputs import atomic_write_text, output_target
from .app import main
from .progress import Estimate

PROJECT_SUFFIXES = (".sqlite", ".concordance", ".db")


def _load(arg: str, role: str):
    from ..catalogue import parsed

    try:
        return parsed.load(arg)
    except InputError:
        raise
    except (KeyError, FileNotFoundError, LookupError) as exc:
        raise InputError(
            f"'{arg}' is neither a readable file nor a bundled act key ({exc}).",
            where=f"{role} argument",
            todo="Give a path to the act's text (txt, docx, html, xml, pdf) or a key listed by "
                 "'concordance acts'.",
        ) from exc


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text)
        return
    atomic_write_text(output_target(out), text)
    click.echo(f"written {out}", err=True)


def table(result) -> str:
    """A plain-text table: one line per row, best candidate and its strongest reason."""
    lines = [f"{result.reference.key}  x  {result.national.key}"]
    lines += [f"warning: {w}" for w in result.warnings]
    lines.append(f"{'reference':28} {'class':16} {'status':14} {'score':>5}  candidates")
    for row in result.rows:
        cands = ", ".join(f"{c.citation or c.national_provision} ({c.score:.2f})" for c in row.candidates)
        top = f"{row.candidates[0].score:.2f}" if row.candidates else ""
        lines.append(f"{row.directive_provision:28} {row.klass.value:16} {row.status.value:14} {top:>5}  "
                     f"{cands or row.note}")
        if row.candidates and row.candidates[0].evidence:
            lines.append(f"{'':28}   why: {row.candidates[0].evidence[0].detail}")
    lines.append(f"national-only ({len(result.national_only)}): {', '.join(result.national_only)}")
    return "\n".join(lines)


def _is_project(arg: str) -> bool:
    from ..store import is_database_url

    if is_database_url(arg):
        return True
    p = Path(arg)
    if not p.is_file():
        return False
    if p.suffix.lower() in PROJECT_SUFFIXES:
        return True
    with p.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _is_url(arg: str) -> bool:
    from ..store import is_database_url

    return is_database_url(arg)


@main.command("match")
@click.argument("reference")
@click.argument("law", required=False)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="JSON (the documented contract) or a plain-text table.")
@click.option("--no-embeddings", is_flag=True, help="Do not use the multilingual embedding model (the default).")
@click.option("--embeddings", is_flag=True, help="Also use the multilingual embedding model (slower on a first run: every "
              "text of the law is embedded, then cached; see concordance/match/weights.toml for why it is off by default).")
@click.option("--disable", multiple=True, metavar="SIGNAL",
              help="Switch a signal off (lexical, concepts, numbers, references, position, embedding).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where embedding vectors are cached (default $CONCORDANCE_CACHE/vectors or "
                   "~/.cache/concordance/vectors).")
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--who", default=None,
              help="With a PROJECT: who to record in the event log (default: $USER, else the login name).")
def match_cmd(reference: str, law: str | None, fmt: str, no_embeddings: bool, embeddings: bool,
              disable: tuple[str, ...],
              cache_dir: Path | None, out: Path | None, who: str | None) -> None:
    """Propose which provisions of LAW transpose each provision of REFERENCE.

    REFERENCE and LAW are files or bundled act keys. With a single argument that is a project
    file, match every national act of the project against its reference act(s) and store the
    proposals in the project.
    """
    from ..match import match_acts
    from ..match.contract import to_json

    if law is None:
        if _is_project(reference):
            _match_project(reference if _is_url(reference) else Path(reference),
                           embedding_choice(embeddings, no_embeddings), who)
            return
        raise InputError(f"'{reference}' is not a project file, and no national law was given.",
                         where="concordance match",
                         todo="Run 'concordance match REFERENCE LAW' with two acts, or 'concordance match "
                              "PROJECT' with a project file made by 'concordance init'.")
    ref_act = _load(reference, "REFERENCE")
    nat_act = _load(law, "LAW")
    result = match_acts(ref_act, nat_act, disabled=set(disable),
                        use_embeddings=embedding_choice(embeddings, no_embeddings), cache_dir=cache_dir,
                        progress=Estimate(f"embedding for {ref_act.meta.key} × {nat_act.meta.key}"))
    if fmt == "json":
        text = json.dumps(to_json(result), ensure_ascii=False, indent=2)
    else:
        text = table(result)
    _write(text, out)
    for w in result.warnings:
        if out is not None or fmt == "json":
            click.echo(f"warning: {w}", err=True)


def embedding_choice(embeddings: bool, no_embeddings: bool) -> bool | None:
    """--embeddings / --no-embeddings as the matcher's ``use_embeddings`` (None: the default)."""
    if embeddings and no_embeddings:
        raise InputError("--embeddings and --no-embeddings were both given.", where="concordance",
                         todo="Give one of them (without either, the default of weights.toml applies).")
    return True if embeddings else (False if no_embeddings else None)


def _match_project(path: "Path | str", use_embeddings: bool | None, who: str | None = None) -> None:
    from .project_cmd import project_match

    results = project_match(path, use_embeddings=use_embeddings, who=who,
                            progress=lambda done, total, label: click.echo(f"[{done}/{total}] {label}", err=True))
    for r in results:
        counts: dict[str, int] = {}
        for row in r.rows:
            counts[row.status.value] = counts.get(row.status.value, 0) + 1
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        click.echo(f"{r.reference.key} x {r.national.key}: {summary}")
        for w in r.warnings:
            click.echo(f"  warning: {w}", err=True)
