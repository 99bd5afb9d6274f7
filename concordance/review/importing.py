"""Read an adviser's review workbook back into the project, losing nothing and overwriting nobody.

The whole workbook is checked before anything is written: one bad cell stops the import (unless
``partial``), and the report names sheet, row, column and the value found. Rows are found by their
row id, columns by their header (in any language), so sorting, filtering, hiding or moving columns
does not matter. A deleted row never deletes a decision. A row added without a row id maps an extra
national provision and is placed by its reference citation. A row that somebody else changed since
the same export (another import, an amendment) is a conflict: reported and logged, not merged.
"""
from __future__ import annotations

import os
from pathlib import Path

from .. import status
from ..errors import ReviewError
from ..store import Project, file_sha256
from .common import META_SHEET
from .report import ImportReport
from .rows import ImportRun
from .workbook import export_id_of, find_sheets, open_workbook, read_columns, read_lines


def import_review(project: Project, xlsx_path: str | os.PathLike, reviewer: str, partial: bool = False,
                  *, dry_run: bool = False, snapshot: bool = True) -> ImportReport:
    """Check the whole workbook, then apply the rows the adviser changed (all or nothing unless
    ``partial``); return what happened per row. Raises :class:`ReviewError` listing every problem
    when something is wrong and ``partial`` is False (then nothing is written).

    After an import that changed something, the status figures are recorded as a snapshot
    (``concordance.status.snapshot``), so that progress over time is a query."""
    path = Path(xlsx_path)
    if not reviewer or not reviewer.strip():
        raise ReviewError("no reviewer name given.", where=str(path),
                          todo="Say who reviewed with --reviewer NAME (it goes into the event log).")
    wb = open_workbook(path)
    sha = file_sha256(path)
    meta, ws = find_sheets(wb, path)
    export_id = export_id_of(meta)
    exp = project.export(export_id) if export_id else None
    if exp is None:
        raise ReviewError(
            f"the workbook's export id {export_id!r} is not one of this project's exports (a workbook from "
            "another project, or from a copy of this one).",
            where=f"{path}, sheet {META_SHEET!r}, cell B1",
            todo="Import it into the project it was exported from, or export a new workbook from this one.")
    report = ImportReport(file=str(path), sha256=sha, export_id=export_id, reviewer=reviewer,
                          dry_run=dry_run, partial=partial)
    header, cols = read_columns(ws, path, report)
    run = ImportRun(project, exp, report, ws.title, header, cols)

    # 1. read and check every line; nothing is written while anything is wrong (unless partial)
    lines, formula_cells = read_lines(ws, cols)
    run.mark_copies(lines)
    for line, key, value in formula_cells:
        run.problem(line, key, value, "this cell holds a formula or a formula error, not text; type the text "
                                      "again, starting with an apostrophe (') if it begins with = + - or @")
    for line in lines:
        run.check(line)
    run.problems.sort(key=lambda p: (p.row or 0, p.column))
    run.stop_if_problems(path)
    # 2. one plan per exported row the adviser changed
    plans = run.plan(lines)
    run.stop_if_problems(path)
    # 3. apply (in one transaction), reporting conflicts instead of merging them
    if dry_run:
        run.apply(plans, path)
    else:
        before = _figures_before(project, report) if (snapshot and plans) else None
        with project.transaction():
            run.apply(plans, path)
            project.record_event("review_import", export_id, who=reviewer, source_file=str(path),
                                 source_sha256=sha, new={
                                     "changed": report.count("changed"), "conflicts": report.count("conflict"),
                                     "deleted": report.count("deleted"), "skipped": report.count("skipped"),
                                     "problems": [str(p) for p in run.problems]})
        report.applied = True
        if snapshot and report.count("changed"):
            _record_snapshot(project, report, before)
    report.outcomes.sort(key=lambda o: (o.sheet_row or 10**9, o.row_id))
    return report


def _figures_before(project: Project, report: ImportReport):
    """The status before the import, when no snapshot holds it yet (e.g. the first import), so
    that ``concordance status`` right after the import shows what the import changed. None when
    the latest snapshot already holds these figures, or they cannot be computed (noted)."""
    try:
        before = status.compute(project)
    except Exception as exc:  # noqa: BLE001 - reported, never stops the import
        report.notes.append(f"status before the import not computed: {exc}")
        return None
    latest = before.snapshots[-1] if before.snapshots else None
    return None if latest is not None and status.holds_now(latest, before.entries) else before


def _record_snapshot(project: Project, report: ImportReport, before=None) -> None:
    """The status after the import (and, first, before it when no snapshot held that). The
    decisions are committed already; if the figures cannot be computed the import stands and the
    report says why."""
    name = Path(report.file).name
    try:
        if before is not None:
            project.save_snapshot(f"before review import {name}", before.figures(), source=report.file)
        sid = status.snapshot(project, f"review import {name}", source=report.file)
    except Exception as exc:  # noqa: BLE001 - reported, never hides the committed import
        report.notes.append(f"status snapshot not recorded: {exc}")
    else:
        report.notes.append(f"status snapshot {sid} recorded")
