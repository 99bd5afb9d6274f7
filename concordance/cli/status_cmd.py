"""CLI: ``concordance status``, ``concordance snapshot``, ``concordance dashboard``.

Thin wrappers over :mod:`concordance.status` and :mod:`concordance.dashboard`; the figures, the
combination rule and the CSV columns are documented there.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import click

from ..outputs import atomic_write_text
from .app import main
from .project_cmd import PROJECT_PATH


def _progress_bar(label: str) -> tuple[Callable[[int, int, str], None], Callable[[], None]]:
    """A progress callback drawing a bar on stderr (only when stderr is a terminal), and a closer."""
    state: dict = {}

    def update(done: int, total: int, what: str) -> None:
        if not sys.stderr.isatty() or total < 4:
            return
        bar = state.get("bar")
        if bar is None:
            bar = state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr,
                                                   show_pos=True, item_show_func=lambda s: s)
            bar.__enter__()
        bar.current_item = what
        bar.update(done - bar.pos)

    def close() -> None:
        bar = state.pop("bar", None)
        if bar is not None:
            bar.__exit__(None, None, None)

    return update, close


@main.command("status")
@click.argument("project", type=PROJECT_PATH)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True,
              help="table: for reading; json: for programs; csv: one row per reference act × jurisdiction × "
                   "act, to paste into a progress report (columns: below).")
@click.option("--reference", "references", multiple=True, metavar="ACT_KEY",
              help="Only this reference act (repeatable). Default: every reference act in the project.")
@click.option("--since", default=None, metavar="LABEL_OR_ID",
              help="Compare with this snapshot. Default: the latest snapshot whose figures differ from "
                   "the current ones (right after a review import: the figures before it).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of the screen (a CSV file gets a UTF-8 BOM so Excel reads "
                   "č, ђ, ë correctly).")
def status_cmd(project: Path, fmt: str, references: tuple[str, ...], since: str | None,
               output: Path | None) -> None:
    """Harmonisation status of PROJECT: per jurisdiction and act, how many transposable reference
    provisions are full / partial / none / not applicable / unreviewed, and the change since the
    previous snapshot.

    \b
    A jurisdiction's provision is full when any of its acts is full, else partial when any is
    partial, else unreviewed while any act is unreviewed, else none (or not applicable when every
    act said so). Provisions whose reference text the project does not hold are counted apart
    ("text not held"), never as gaps; non-transposable provisions are left out.

    \b
    CSV columns (one row per reference act x jurisdiction x level):
      reference_act, reference_title, jurisdiction,
      level (jurisdiction = all its acts combined | act), national_act, national_title,
      transposable, full, partial, none, not_applicable, unreviewed,
      unreviewed_machine_gaps (unreviewed rows the machine proposes as gaps),
      text_not_held, not_transposable,
      full_pct ... unreviewed_pct (per cent of transposable, one decimal),
      baseline (snapshot compared with), full_change ... unreviewed_change, computed_at
    """
    from .. import status as st
    from ..store import Project

    update, close = _progress_bar("Reading concordances")
    try:
        with Project.open(project) as p:
            report = st.compute(p, references=references or None, since=since, progress=update)
    finally:
        close()
    text = {"table": st.format_table, "json": st.format_json, "csv": st.format_csv}[fmt](report)
    if output is None:
        click.echo(text, nl=fmt == "json")
    else:
        atomic_write_text(output, text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
        click.echo(f"wrote {output}", err=True)


@main.command("snapshot")
@click.argument("project", type=PROJECT_PATH)
@click.option("--label", required=True, help='Name of the reporting point, e.g. "H2 2026".')
@click.option("--source", default="", help="What the snapshot follows (a review file, a meeting); optional.")
def snapshot_cmd(project: Path, label: str, source: str) -> None:
    """Record PROJECT's current status figures as a snapshot, so progress over time is a query."""
    from .. import status as st
    from ..store import Project

    with Project.open(project) as p:
        snap_id = st.snapshot(p, label, source)
        snap = next(s for s in p.snapshots() if s.id == snap_id)
    n = len(snap.figures.get("entries", ()))
    click.echo(f"recorded snapshot {snap_id} {snap.label!r} at {snap.taken_at} ({n} figure rows)")


@main.command("dashboard")
@click.argument("project", type=PROJECT_PATH)
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the HTML pages (created if missing; open index.html).")
@click.option("--title", default="Harmonisation status", show_default=True, help="Title shown on every page.")
def dashboard_cmd(project: Path, out_dir: Path, title: str) -> None:
    """Write a static HTML dashboard of PROJECT (works opened from disk, no network): overview per
    jurisdiction, heat map of articles × jurisdictions, trend over snapshots, open gaps by theme,
    and every figure linked to the rows behind it."""
    from .. import status as st
    from ..status.dashboard import write_site
    from ..outputs import output_folder
    from ..store import Project

    output_folder(out_dir, create=False)  # a file or a read-only place in -o fails now, not after the work
    update, close = _progress_bar("Reading concordances")
    try:
        with Project.open(project) as p:
            report = st.compute(p, progress=update)
    finally:
        close()
    index = write_site(report, out_dir, title=title)
    click.echo(f"wrote {index}")
