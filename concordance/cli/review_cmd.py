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
def export_cmd(project: Path, out: Path, lang: str, reference_key: str | None, who: str) -> None:
    """Write the review workbook for PROJECT."""
    from ..outputs import refuse_overwriting_inputs
    from ..review import export_review, languages
    from ..store import Project

    refuse_overwriting_inputs(out, {"project file": project})
    base = lang.split("-")[0].split("_")[0].lower()
    if lang not in languages() and base not in languages():
        click.echo(f"warning: no review labels for {lang!r} (have: {', '.join(languages())}); "
                   "English is used", err=True)
    with Project.open(project) as p:
        if not p.match_runs():
            click.echo("warning: no match has been run yet, so every row is shown as a gap; run "
                       "`concordance match PROJECT` first for proposals", err=True)
        path = export_review(p, out, lang=lang, reference_key=reference_key, who=who)
        exp = p.events(action="export")[-1]
    click.echo(f"written {path} (export {exp.object}, {exp.new.get('rows')} rows)")


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
    """Apply an adviser's edited WORKBOOK to PROJECT (all or nothing unless --partial)."""
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

