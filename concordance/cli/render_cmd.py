"""CLI: ``concordance render PROJECT --format mk --as docx -o OUT`` (one ToC from a project) and
``concordance toc LAW -o OUT/`` (the working group's one-command job: parse, match, review
workbook, ToC in DOCX and HTML)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Callable

import click

from ..errors import InputError
from .app import main
from .match_cmd import embedding_choice
from .progress import Estimate
from .project_cmd import PROJECT_PATH

#: The official ToC formats (``concordance.render.FORMATS``; checked here, not by click, so that a
#: wrong value is one clear paragraph like every other input error).
FORMAT_KEYS = ("mk", "me", "rs", "xk", "al", "ba", "eu")
OUTPUT_KINDS = ("docx", "html", "xlsx")
#: The output kind a file name asks for when --as is not given.
KIND_OF_SUFFIX = {".docx": "docx", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}
#: The format a jurisdiction files in (anything else: the EU member-state correlation table).
FORMAT_OF_JURISDICTION = {"MK": "mk", "ME": "me", "RS": "rs", "XK": "xk", "AL": "al", "BA": "ba"}
#: Reference acts `toc` measures a law against when none is named: the directive and the UN Firearms
#: Protocol, which the SALW Roadmap asks the Western Balkans to meet. Only those whose text is held
#: are used; the directive's text is not bundled (it may not be copied), so `toc` says in one line how
#: to give the user's own EUR-Lex download.
DEFAULT_REFERENCES = ("32021L0555", "UN-firearms-protocol-2001")
#: Review-workbook language for a ToC label language (the workbook knows en, sr, cnr, mk, sq).
REVIEW_LANG = {"mk": "mk", "sr": "sr", "cnr": "cnr", "bs": "cnr", "sq": "sq", "en": "en"}


def header_options(f: Callable) -> Callable:
    """The ToC header fields, shared by ``render`` and ``toc``."""
    for opt in reversed([
        click.option("--title", default=None, help="Title of the national (draft) act; default: the acts' titles."),
        click.option("--title-en", "title_en", default=None, help="Title in English (MK Statement asks for it)."),
        click.option("--drafter", default=None, help="Drafting ministry / proposer."),
        click.option("--code", default=None, help="NPAA / EPP / NPI / PKIE code of the draft."),
        click.option("--version", "version", default=None, help="Version of the table (1, 2, 3...)."),
        click.option("--date", default=None, help="Date of the table (default: today)."),
        click.option("--responsible", default=None, help="Responsible person and institution."),
    ]):
        f = opt(f)
    return f


def _header(kw: dict) -> dict:
    return {k: kw[k] for k in ("title", "title_en", "drafter", "code", "version", "date", "responsible")
            if kw.get(k)}


def one_of(value: str, allowed: tuple[str, ...], option: str, where: str) -> str:
    """``value`` if it is one of ``allowed``, else an InputError naming the option and the choices."""
    if value not in allowed:
        raise InputError(f"{option} {value!r} is not one of the choices.", where=where,
                         todo=f"Use {option} with one of: {', '.join(allowed)}.")
    return value


def _output_kind(as_: str | None, out: Path, where: str) -> str:
    """--as, or the kind the output name asks for (toc.html -> html), or docx; a name that asks
    for another kind than --as is refused rather than written as a file Word or a browser rejects."""
    if as_ is not None:
        one_of(as_, OUTPUT_KINDS, "--as", where)
    if out.is_dir():
        return as_ or "docx"
    by_name = KIND_OF_SUFFIX.get(out.suffix.lower())
    if as_ and by_name and by_name != as_:
        raise InputError(f"--as {as_} was asked, but the output name ends in {out.suffix}.", where=str(out),
                         todo=f"Name the output .{as_}, or use --as {by_name}.")
    return as_ or by_name or "docx"


def _require_match(project, reference: str, nationals: list[str]) -> None:
    """Refuse a ToC that would show every row as a gap only because nobody ran the matcher (a
    national act with reviewers' decisions but no match run is fine: the decisions are the ToC)."""
    matched = {(m.reference_key, m.national_key) for m in project.match_runs()}
    decided = {d.national_key for d in project.decisions(reference)}
    lacking = [n for n in nationals if (reference, n) not in matched and n not in decided]
    if lacking:
        raise InputError(
            f"no match has been run for {reference} × {', '.join(lacking)}, and no decision was made, so "
            "every row would show as a gap.", where=str(project.path),
            todo="Run `concordance match PROJECT` first (or review it: `concordance review export`), then render.")


def _choose_reference(project, reference: str | None) -> str:
    refs = [a.key for a in project.acts("reference")]
    if reference:
        if reference not in refs:
            raise InputError(f"the project holds no reference act {reference!r}.", where=str(project.path),
                             todo=f"Use one of: {', '.join(refs) or '(none: add one with concordance add)'}.")
        return reference
    if len(refs) == 1:
        return refs[0]
    if not refs:
        raise InputError("the project holds no reference act.", where=str(project.path),
                         todo="Add one with `concordance add PROJECT KEY --role reference`.")
    raise InputError("the project holds several reference acts.", where=str(project.path),
                     todo=f"Choose one with --reference ({', '.join(refs)}).")


def _choose_national(project, fmt: str, national: tuple[str, ...]) -> list[str]:
    recs = project.acts("national")
    keys = [a.key for a in recs]
    if national:
        unknown = [k for k in national if k not in keys]
        if unknown:
            raise InputError(f"the project holds no national act {', '.join(map(repr, unknown))}.",
                             where=str(project.path),
                             todo=f"Use one of: {', '.join(keys) or '(none: add one with concordance add)'}.")
        return list(national)
    if not keys:
        raise InputError("the project holds no national act.", where=str(project.path),
                         todo="Add one with `concordance add PROJECT FILE --role national`.")
    jur = {v: k for k, v in FORMAT_OF_JURISDICTION.items()}.get(fmt)
    same = [a.key for a in recs if jur and a.meta.jurisdiction == jur]
    return same or keys


@main.command("render")
@click.argument("project", type=PROJECT_PATH)
@click.option("--format", "fmt", required=True, help=f"The official ToC format: {', '.join(FORMAT_KEYS)}.")
@click.option("--as", "as_", default=None,
              help="docx, html or xlsx (default: from the output name's ending, else docx).")
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="File (in an existing folder), or an existing folder, to write.")
@click.option("--lang", default=None, help="Label language (mk/en for mk; sq/sr/en for xk; default: the form's).")
@click.option("--script", type=click.Choice(["latin", "cyrillic"]), default=None,
              help="Script of the labels (Serbian rs: cyrillic by default, or latin).")
@click.option("--template", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Your edited copy of the template (templates/toc/FORMAT.docx or .html.j2).")
@click.option("--reference", default=None, help="Reference act key (needed when the project holds several).")
@click.option("--national", multiple=True, help="National act key(s) (default: the format's jurisdiction's acts).")
@header_options
def render_cmd(project: Path, fmt: str, as_: str | None, out: Path, lang: str | None, script: str | None,
               template: Path | None, reference: str | None, national: tuple[str, ...], **kw) -> None:
    """Render PROJECT's Table of Concordance in an official FORMAT as DOCX, HTML or XLSX."""
    from ..outputs import output_target, refuse_overwriting_inputs
    from ..render import render
    from ..catalogue.missing_rows import with_missing_rows
    from ..store import Project

    one_of(fmt, FORMAT_KEYS, "--format", str(project))
    as_ = _output_kind(as_, out, str(project))
    if not out.is_dir():
        output_target(out)  # a mistyped folder fails before any work
        refuse_overwriting_inputs(out, {"project file": project, "template": template})
    with Project.open(project) as p:
        ref = _choose_reference(p, reference)
        nats = _choose_national(p, fmt, national)
        _require_match(p, ref, nats)
        conc = p.concordance(ref, nats)
        acts = {k: p.act(k) for k in nats}
    warn_other_jurisdiction(fmt, conc.national)
    note = held_in_part_note(conc.reference)
    if note:
        click.echo(f"warning: {note}", err=True)
    path = render(conc, fmt, as_, out, _header(kw), lang=lang, script=script, template=template, acts=acts)
    click.echo(f"written {path} ({fmt}, {as_}): {_summary(with_missing_rows(conc))}")


def _summary(conc) -> str:
    """The rows of a rendered ToC counted the way the ToC shows them (``effective_compatibility``):
    decided, text not held (no text at all; a provision held in part is to review), machine proposals."""
    from ..catalogue.acts import provision_status
    from ..render.context import effective_compatibility

    states = [effective_compatibility(r, provision_status(conc.reference, r.reference_provision) == "missing")[1]
              for r in conc.rows]
    return (f"{len(states)} rows: {states.count('decided')} decided, {states.count('missing_text')} text not held, "
            f"{states.count('proposal')} machine proposals not yet reviewed")


def _default_references() -> tuple[tuple[str, ...], list[str]]:
    """The default reference acts whose text is held, and one note for each that is not (the
    directive) saying how to give it."""
    from ..catalogue import acts

    held, notes = [], []
    for key in DEFAULT_REFERENCES:
        entry = acts.find(key)
        if entry.text_held:
            held.append(key)
            continue
        m = entry.meta
        notes.append(f"note: {m.short_title or key} is not measured: its text is not bundled. Download it from "
                     f"EUR-Lex (XHTML or Formex; `concordance fetch {m.celex}` where there is internet) and add "
                     f"--reference path/to/{m.celex}.en.html.")
    return tuple(held), notes


class _Progress:
    """Plain progress lines on stderr ("[3/8] matching ..."): readable in a terminal and in a log."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.t0 = time.monotonic()

    def step(self, what: str) -> None:
        self.done += 1
        click.echo(f"[{self.done}/{self.total}] {what} ({time.monotonic() - self.t0:.1f} s)", err=True)


def check_roles(law, references) -> None:
    """Refuse a ``toc`` whose LAW is a reference act (a directive, regulation or treaty) or whose
    --reference is a national law, in the words ``match`` uses for acts given the wrong way round.

    Why: ``match`` compares any two acts (with a warning), but a ToC is a filed document that
    measures a national law against the act it approximates; a swapped pair gives a table nobody
    can file, and used to be written without a word."""
    from ..match import NATIONAL_KINDS, REFERENCE_KINDS, SUPRANATIONAL

    def looks_reference(meta) -> bool:
        return meta.kind in REFERENCE_KINDS or meta.jurisdiction.upper() in SUPRANATIONAL

    def is_national(meta) -> bool:
        # only a law OF a state counts: a downloaded file without act.toml has kind "law" and no
        # jurisdiction, and may well be the directive the user was told to give
        return meta.kind in NATIONAL_KINDS and bool(meta.jurisdiction) and not looks_reference(meta)

    n = law.meta
    if looks_reference(n):
        raise InputError(
            f"the acts look the wrong way round: the national act '{n.key}' is a {n.kind or 'reference act'} "
            f"({n.jurisdiction or 'no jurisdiction'}), not a national law.", where=f"toc {n.key}",
            todo="Give the reference act (directive, regulation or treaty) with --reference and the national law "
                 "as LAW.")
    for ref in references:
        r = ref.meta
        if is_national(r):
            raise InputError(
                f"the acts look the wrong way round: the reference act '{r.key}' is a national "
                f"{r.kind or 'act'} ({r.jurisdiction or 'no jurisdiction'}) and the national act '{n.key}' is a "
                f"{n.kind or 'act'} ({n.jurisdiction or 'no jurisdiction'}).", where=f"--reference {r.key}",
                todo="Give the reference act (directive, regulation or treaty) with --reference and the national "
                     "law as LAW.")


def held_in_part_note(meta) -> str | None:
    """What to say when a reference act is held only in part, and what to do about it; None when
    it is held whole. ``match`` says it in its warnings; ``toc`` and ``render`` say it too."""
    if meta.complete and not meta.missing and not meta.partial:
        return None
    from ..catalogue.missing_rows import describe_entries

    parts = []
    if meta.missing:
        parts.append(f"not held: {describe_entries(meta.missing)}")
    if meta.partial:
        parts.append(f"held in part: {describe_entries(meta.partial)}")
    fetch = (f"`concordance fetch {meta.celex}` downloads the whole text; " if meta.celex else "")
    return (f"{meta.key} is held only in part ({'; '.join(parts)}); its rows for those provisions say "
            f"\"text not held\" or \"held in part\", never \"gap\". To complete it: {fetch}or give the "
            "downloaded file with --reference FILE.")


def warn_other_jurisdiction(fmt: str, metas) -> None:
    """Warn when a law is rendered in another jurisdiction's form (a Macedonian law in the Serbian
    form would print "Прописи Републике Србије: Закон за оружјето")."""
    from ..render import format_spec

    want = format_spec(fmt).jurisdiction
    others = [m for m in metas if want and m.jurisdiction and m.jurisdiction.upper() != want]
    for m in others:
        click.echo(f"warning: {m.key} is a law of {m.jurisdiction}, but the {fmt} form is {want}'s: its labels "
                   f"name {want}'s law. Use --format {FORMAT_OF_JURISDICTION.get(m.jurisdiction.upper(), 'eu')} "
                   "for this law's own form.", err=True)


@main.command("toc")
@click.argument("law")
@click.option("--reference", "references", multiple=True,
              help=f"Reference act key or file, repeatable (default: {' and '.join(DEFAULT_REFERENCES)}, "
                   "those whose text is held; the directive's must be your own EUR-Lex download).")
@click.option("--format", "fmt", default=None,
              help=f"ToC format: {', '.join(FORMAT_KEYS)} (default: from the law's jurisdiction; eu otherwise).")
@click.option("--project", "project_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Project to use (created if absent); default OUT/project.sqlite. Decisions in it are kept.")
@click.option("--no-embeddings", is_flag=True, help="Do not use the multilingual embedding model (the default).")
@click.option("--embeddings", is_flag=True, help="Also use the multilingual embedding model (slower on a first run: every "
              "text of the law is embedded, then cached; see concordance/match/weights.toml for why it is off by default).")
@click.option("--lang", default=None, help="Label language of the ToC (default: the form's).")
@click.option("--script", type=click.Choice(["latin", "cyrillic"]), default=None, help="Script of the labels (rs).")
@click.option("--jurisdiction", default=None, help="ISO code of the law's jurisdiction if act.toml has none.")
@click.option("-o", "--out", "out_dir", type=click.Path(path_type=Path), required=True,
              help="Output folder (created if needed, once the law and the reference acts are read).")
@header_options
def toc_cmd(law: str, references: tuple[str, ...], fmt: str | None, project_path: Path | None,
            no_embeddings: bool, embeddings: bool, lang: str | None, script: str | None, jurisdiction: str | None,
            out_dir: Path, **kw) -> None:
    """Parse LAW (a bundled key or a file), match it against the reference acts, and write the review
    workbook and the ToC (DOCX and HTML) into OUT in one step."""
    from ..outputs import output_folder
    from ..render import load_labels
    from .project_cmd import load_act

    notes: list[str] = []
    if not references:
        references, notes = _default_references()
    if fmt is not None:
        one_of(fmt, FORMAT_KEYS, "--format", law)
    output_folder(out_dir, create=False)  # a file or an unwritable place in -o fails before any work
    progress = _Progress(total=2 + len(references) * 3 + 1)

    law_act, law_source = load_act(law, jurisdiction=jurisdiction)
    progress.step(f"parsed {law_act.meta.key}: {len(law_act.provisions)} provisions")
    for note in notes:
        click.echo(note, err=True)
    fmt = fmt or FORMAT_OF_JURISDICTION.get(law_act.meta.jurisdiction, "eu")
    labels = load_labels(fmt, lang, script)  # fail early on a bad --lang/--script
    ref_acts = [load_act(r) for r in references]
    check_roles(law_act, [a for a, _ in ref_acts])
    progress.step(f"parsed {len(ref_acts)} reference act(s): {', '.join(a.meta.key for a, _ in ref_acts)}")
    warn_other_jurisdiction(fmt, [law_act.meta])
    for act, _ in ref_acts:
        note = held_in_part_note(act.meta)
        if note:
            click.echo(f"warning: {note}", err=True)

    made_folder = not out_dir.exists()
    output_folder(out_dir)  # only now: a bad LAW or --reference leaves no empty folder
    project_path = project_path or out_dir / "project.sqlite"
    made_project = not project_path.exists()
    try:
        written = _toc_outputs(project_path, law_act, law_source, ref_acts, fmt, labels, lang, script,
                               embedding_choice(embeddings, no_embeddings), out_dir, kw, progress)
    except BaseException:
        # leave nothing behind that this run made: no half project, no empty folder
        if made_project:
            for leftover in (project_path, Path(f"{project_path}-wal"), Path(f"{project_path}-shm"),
                             Path(f"{project_path}-journal")):
                leftover.unlink(missing_ok=True)
        if made_folder and out_dir.is_dir() and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise
    click.echo(f"project: {project_path}")
    for path in written:
        click.echo(f"written {path}")


def _toc_outputs(project_path: Path, law_act, law_source, ref_acts, fmt: str, labels, lang, script,
                 use_embeddings: bool | None, out_dir: Path, kw: dict, progress: "_Progress") -> list[Path]:
    """The project part of ``toc``: add the acts, match, write the review workbook and the ToCs."""
    from ..outputs import inside, safe_name
    from ..render import format_spec, render
    from ..review import export_review
    from ..store import Project

    opened = Project.open(project_path) if project_path.exists() else Project.create(project_path)
    written: list[Path] = []
    with opened as p:
        held = {a.key: a for a in p.acts()}
        if law_act.meta.key in held:
            if held[law_act.meta.key].role != "national":
                raise InputError(f"{law_act.meta.key} is in {project_path} as a {held[law_act.meta.key].role} act.",
                                 where=str(project_path), todo="Use another project (--project) for this law.")
            click.echo(f"{law_act.meta.key} is already in {project_path}; reusing it "
                       f"(for a new version use `concordance add --amends`).", err=True)
        else:
            p.add_act(law_act, "national", source_path=law_source)
        for act, source in ref_acts:
            if act.meta.key not in held:
                p.add_act(act, "reference", source_path=source)
        for act, _ in ref_acts:
            p.run_match(act.meta.key, [law_act.meta.key], use_embeddings=use_embeddings,
                        embed_progress=Estimate(f"embedding for {act.meta.key} × {law_act.meta.key}"))
            progress.step(f"matched {act.meta.key} × {law_act.meta.key}")
        review_path = inside(out_dir, "review.xlsx")
        export_review(p, review_path, lang=REVIEW_LANG.get(labels.lang, "en"),
                      reverse_level=format_spec(fmt).national_level)
        written.append(review_path)
        progress.step(f"wrote the review workbook {review_path.name}")
        national_acts = {law_act.meta.key: p.act(law_act.meta.key)}
        for act, _ in ref_acts:
            conc = p.concordance(act.meta.key, [law_act.meta.key])
            stem = f"toc-{fmt}-{safe_name(act.meta.key)}"
            for as_ in ("docx", "html"):
                path = render(conc, fmt, as_, inside(out_dir, f"{stem}.{as_}"), _header(kw), lang=lang,
                              script=script, acts=national_acts)
                written.append(path)
                progress.step(f"wrote {path.name}")
    return written
