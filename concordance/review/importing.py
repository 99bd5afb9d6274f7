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
from .common import META_SHEET, Labels
from .report import ImportReport
from .notes import NotesRun
from .rows import ImportRun, SheetRun
from .workbook import export_id_of, find_national_sheet, find_sheets, open_workbook, read_columns, read_lines


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
    notes_ws = find_national_sheet(wb, (meta, ws))
    if exp.national_rows and notes_ws is None:
        report.notes.append(f"the sheet {Labels.for_lang(exp.lang).text['national_sheet']!r} is not in the "
                            "workbook; no note on a national provision changed")

    # 1. read and check every line; nothing is written while anything is wrong (unless partial)
    lines, formula_cells = read_lines(ws, cols)
    run.mark_copies(lines)
    _formulas(run, formula_cells)
    for line in lines:
        run.check(line)
    notes_run, note_lines = _check_notes(project, exp, report, notes_ws, path, run.problems)
    run.problems.sort(key=lambda p: (p.sheet != ws.title, p.sheet, p.row or 0, p.column))
    run.stop_if_problems(path)
    # 2. one plan per exported row the adviser changed
    plans = run.plan(lines)
    note_plans = notes_run.plan(note_lines) if notes_run else []
    run.stop_if_problems(path)
    # 3. apply (in one transaction), reporting conflicts instead of merging them
    if dry_run:
        _apply(run, plans, notes_run, note_plans, path)
    else:
        before = _figures_before(project, report) if (snapshot and plans) else None
        with project.transaction():
            graded = _apply(run, plans, notes_run, note_plans, path)
            project.record_event("review_import", export_id, who=reviewer, source_file=str(path),
                                 source_sha256=sha, new={
                                     "changed": report.count("changed"), "conflicts": report.count("conflict"),
                                     "deleted": report.count("deleted"), "skipped": report.count("skipped"),
                                     "problems": [str(p) for p in run.problems]})
        report.applied = True
        if snapshot and graded:
            _record_snapshot(project, report, before)
    report.outcomes.sort(key=lambda o: (o.row_id in exp.national_rows, o.sheet_row or 10**9, o.row_id))
    return report


def _apply(run: ImportRun, plans: list, notes_run: NotesRun | None, note_plans: list, path: Path) -> int:
    """Apply the Review sheet's plans, then the notes'; returns how many decisions changed (what
    the status figures count: a note on a national provision changes none of them)."""
    run.apply(plans, path)
    graded = run.report.count("changed")
    if notes_run:
        notes_run.apply(note_plans, path)
    return graded


def _formulas(run: SheetRun, formula_cells) -> None:
    """A cell holding a formula is a problem: never evaluated, never stored as a formula."""
    for line, key, value in formula_cells:
        run.problem(line, key, value, "this cell holds a formula or a formula error, not text; type the text "
                                      "again, starting with an apostrophe (') if it begins with = + - or @")


def _check_notes(project: Project, exp, report: ImportReport, ws, path: Path,
                 problems: list) -> tuple[NotesRun | None, list]:
    """Read and check the National provisions sheet (its problems join ``problems``); (None, [])
    when the workbook has none or the export wrote none (a workbook exported before it existed)."""
    if ws is None or not exp.national_rows:
        if ws is not None:
            report.notes.append(f"sheet {ws.title!r} was not written by this export; ignored")
        return None, []
    header, cols = read_columns(ws, path, report, "national")
    notes_run = NotesRun(project, exp, report, ws.title, header, cols, problems)
    lines, formula_cells = read_lines(ws, cols, "national")
    _formulas(notes_run, formula_cells)
    notes_run.check(lines)
    return notes_run, lines


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
