"""CLI: ``concordance review export PROJECT -o review.xlsx`` and
``concordance review import PROJECT review.xlsx --reviewer NAME``."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ReviewError
from .app import main
from .project_cmd import PROJECT_PATH, login_name
from .render_cmd import FORMAT_KEYS, FORMAT_OF_JURISDICTION, one_of


@main.group("review")
def review_group() -> None:
    """The adviser's review workbook (Excel): export it, import it back."""


@review_group.command("export")
@click.argument("project", type=PROJECT_PATH)
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="The workbook to write (.xlsx).")
@click.option("--lang", default="en", show_default=True,
              help="Language of the column titles and compatibility labels (en, sr, sr-Cyrl, cnr, bs, hr, mk, sq).")
@click.option("--reference", "reference_key", default=None,
              help="Only this reference act (default: every reference act in the project).")
@click.option("--who", default=login_name, show_default="your login name",
              help="Your name, for the event log.")
@click.option("--form", "fmt", default=None,
              help=f"The official ToC format the review is for ({', '.join(FORMAT_KEYS)}); a form with a "
                   "national->reference table (mk, xk) adds the National provisions sheet. Default: the format "
                   "of the national acts' jurisdiction.")
@click.option("--force", is_flag=True,
              help="Replace OUT even if it holds edits not yet imported, or is not a review workbook of "
                   "this project (what it holds is lost).")
def export_cmd(project: Path, out: Path, lang: str, reference_key: str | None, who: str, fmt: str | None,
               force: bool) -> None:
    """Write the review workbook for PROJECT.

    An existing OUT is replaced only when nothing is lost: a review workbook of this project whose
    rows still hold what its export wrote (or whose edits were imported). Otherwise the export is
    refused; import the edits first, write to another file, or use --force."""
    from ..outputs import refuse_overwriting_inputs
    from ..render import format_spec
    from ..review import export_review, languages
    from ..store import Project

    refuse_overwriting_inputs(out, {"project file": project})
    if fmt is not None:
        one_of(fmt, FORMAT_KEYS, "--form", str(project))
    base = lang.split("-")[0].split("_")[0].lower()
    if lang not in languages() and base not in languages():
        click.echo(f"warning: no review labels for {lang!r} (have: {', '.join(languages())}); "
                   "English is used", err=True)
    with Project.open(project) as p:
        unmatched = not p.match_runs()
        fmt = fmt or _form_of(p)
        level = format_spec(fmt).national_level if fmt else None
        path = export_review(p, out, lang=lang, reference_key=reference_key, who=who, force=force,
                             reverse_level=level)
        exp = p.events(action="export")[-1]
    click.echo(f"written {path} (export {exp.object}, {exp.new.get('rows')} rows)")
    if unmatched:  # said only once the export is written (a refused export says one thing: why)
        click.echo("note: no match has been run yet, so every row is shown as a gap; run "
                   "`concordance match PROJECT` and export again for proposals", err=True)


def _form_of(project) -> str | None:
    """The format the project's national acts are filed in: their one jurisdiction's form (None
    when they belong to several jurisdictions, or to one without a form of its own)."""
    jurisdictions = {a.meta.jurisdiction for a in project.acts("national")}
    return FORMAT_OF_JURISDICTION.get(jurisdictions.pop()) if len(jurisdictions) == 1 else None


@review_group.command("import")
@click.argument("project", type=PROJECT_PATH)
@click.argument("workbook", type=click.Path(path_type=Path))
@click.option("--reviewer", default=None, help="Required: who reviewed (recorded with every change).")
@click.option("--partial", is_flag=True, help="Apply the rows without problems even if others have some.")
@click.option("--dry-run", is_flag=True, help="Check and report what would change; write nothing.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="List unchanged rows too.")
def import_cmd(project: Path, workbook: Path, reviewer: str | None, partial: bool, dry_run: bool, fmt: str,
               verbose: bool) -> None:
    """Apply an adviser's edited WORKBOOK to PROJECT (all or nothing unless --partial).

    \b
    Exit status: 0 applied (or dry run) without conflicts; 1 applied, but some rows were in
    conflict (changed by someone else, or the text was amended, since the export: the project's
    values were kept and the rows are listed); 2 nothing applied (problems in the workbook, or
    bad input)."""
    from ..review import import_review
    from ..store import Project

    with Project.open(project) as p:
        try:
            report = import_review(p, workbook, reviewer or "", partial=partial, dry_run=dry_run)
        except ReviewError as exc:
            problems = getattr(exc, "problems", None)
            if not problems:
                raise
            click.echo(f"Error: {workbook}: {len(problems)} problem(s); nothing was imported.", err=True)
            for prob in problems:
                click.echo(f"  {prob}", err=True)
            click.echo("Correct the cells named and import again, or use --partial to apply the rows "
                       "without problems.", err=True)
            sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        for line in report.lines(verbose=verbose):
            click.echo(line)
    if report.conflicts:
        click.echo(f"{len(report.conflicts)} conflict(s): kept the project's values; see above.", err=True)
        sys.exit(1)

