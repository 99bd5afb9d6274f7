"""Importing the National provisions sheet: the adviser's notes on national provisions (comment,
competent authority) that the form's national->reference table prints beside each provision.

The sheet is checked like the Review sheet (rows found by their provision row id, whatever order
the adviser sorted them into; a row whose id no longer fits its citation, an unknown id, a copied
row or a formula is a problem naming sheet, row and column), and applied like it: a note somebody
changed since the export is a conflict, reported and logged, never overwritten by an older
workbook. A workbook without the sheet (exported before it existed, or for a form without that
table) imports as before; a deleted sheet or row never deletes a note.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..store import ConflictError, Project
from ..store.notes import note_object
from .common import NATIONAL_FIELDS, Labels, clean, fold
from .report import ImportReport, Problem, RowOutcome
from .rows import SheetRun, conflict_reason
from .workbook import Line


@dataclass(frozen=True)
class _NotePlan:
    """An exported national provision whose note the adviser changed."""

    row_id: str
    meta: dict
    new: dict[str, str]
    sheet_row: int


class NotesRun(SheetRun):
    """One import of the National provisions sheet: check its lines, plan the notes changed,
    apply them (in the import's transaction)."""

    def __init__(self, project: Project, exp, report: ImportReport, sheet: str, header: tuple,
                 cols: dict[str, int], problems: list[Problem]) -> None:
        super().__init__(project, exp, report, sheet, header, cols,
                         Labels.for_lang(exp.lang).national_columns, problems)
        self.rows_meta: dict[str, dict] = dict(exp.national_rows)

    # -- 1. checking ----------------------------------------------------------------------
    def check(self, lines: list[Line]) -> None:
        """Every line must be one exported national provision, once, still beside its own citation."""
        first_row: dict[str, int] = {}
        for line in lines:
            if not line.row_id:
                self.problem(line, "nat_row_id", None,
                             "this row has no provision row id; every national provision the table lists "
                             "has its row already (rows cannot be added here): write the note in that "
                             "provision's row")
                continue
            m = self.rows_meta.get(line.row_id)
            if m is None:
                self.problem(line, "nat_row_id", line.row_id,
                             f"this provision row id is not in export {self.report.export_id}; do not type "
                             "row ids (sort, move or copy whole rows instead)")
                continue
            if line.row_id in first_row:
                self.problem(line, "nat_row_id", line.row_id,
                             f"this provision row id is also in row {first_row[line.row_id]} (a copied row?); "
                             "keep one row per national provision and delete the other")
                continue
            first_row[line.row_id] = line.sheet_row
            typed = line.cells.get("national_provision", "")
            if fold(typed).rstrip(".") != fold(m["national_citation"]).rstrip("."):
                self.problem(line, "national_provision", typed,
                             f"row id {line.row_id} was exported for {m['national_citation']!r}, but this row "
                             "shows another national provision: the row ids no longer line up with the rows "
                             "(were only some columns sorted, or cells pasted over?); sort or paste whole rows, "
                             "or export a new workbook")

    # -- 2. planning ----------------------------------------------------------------------
    def plan(self, lines: list[Line]) -> list[_NotePlan]:
        """Per exported national provision: skipped (a problem), deleted (no row), unchanged, or a plan."""
        by_id: dict[str, Line] = {}
        for line in lines:   # a copy of a row (reported) never stands for its original
            if line.row_id in self.rows_meta:
                by_id.setdefault(line.row_id, line)
        plans: list[_NotePlan] = []
        for rid, m in self.rows_meta.items():
            line = by_id.get(rid)
            if line is None:
                self._outcome(rid, m, None, "deleted", "the row is missing from the workbook; nothing changed "
                                                       "(deleting a row never deletes a note)")
                continue
            if line.bad:
                self._outcome(rid, m, line.sheet_row, "skipped", "a problem in this row (see problems); not applied")
                continue
            # a column the adviser deleted keeps what the project holds
            new = {k: line.cells[k] for k in NATIONAL_FIELDS if k in self.cols}
            if all(new[k] == m[k] for k in new):
                self._outcome(rid, m, line.sheet_row, "unchanged")
                continue
            plans.append(_NotePlan(rid, m, new, line.sheet_row))
        return plans

    # -- 3. applying ----------------------------------------------------------------------
    def apply(self, plans: list[_NotePlan], path: Path) -> None:
        """Write each planned note, unless the project moved on since the export (a conflict: the
        project's note is kept, reported and logged) or already holds these values. As for the
        Review sheet, the notes are locked first and the write is a compare-and-set besides."""
        project, report = self.project, self.report
        if not report.dry_run:
            project.lock_notes([_key_of(p.meta) for p in plans])
        for plan in plans:
            m, key = plan.meta, _key_of(plan.meta)
            current = project.national_note(*key)
            if current is not None and all(clean(getattr(current, k)) == v for k, v in plan.new.items()):
                self._outcome(plan.row_id, m, plan.sheet_row, "already applied",
                              "the project already holds these values")
                continue
            reason = conflict_reason(current, m["row_version"], report.export_id)
            if reason:
                self._conflict(plan, current, reason, path)
                continue
            detail = "; ".join(f"{k} edited" for k in plan.new if plan.new[k] != m[k])
            if not report.dry_run:
                kept = {k: getattr(current, k) if current else "" for k in NATIONAL_FIELDS}
                try:
                    project.set_national_note(
                        *key, **{**kept, **plan.new}, reviewer=report.reviewer, who=report.reviewer,
                        source_file=str(path), source_sha256=report.sha256, export_id=report.export_id,
                        expected_row_version=m["row_version"], action="review_import")
                except ConflictError as exc:   # the compare-and-set caught a change the lock did not
                    self._conflict(plan, exc.current, conflict_reason(exc.current, m["row_version"], report.export_id)
                                   or "changed meanwhile", path)
                    continue
            self._outcome(plan.row_id, m, plan.sheet_row, "changed", detail, old={k: m[k] for k in plan.new},
                          new=plan.new)

    def _conflict(self, plan: _NotePlan, current, reason: str, path: Path) -> None:
        """Report (and, unless a dry run, log) a note kept as the project holds it."""
        report, m = self.report, plan.meta
        old = current.values() if current is not None else None
        self._outcome(plan.row_id, m, plan.sheet_row, "conflict", reason, old=old, new=plan.new)
        if not report.dry_run:
            self.project.record_event(
                "conflict", note_object(_key_of(m)), who=report.reviewer,
                source_file=str(path), source_sha256=report.sha256, old=old,
                new={**plan.new, "export_id": report.export_id, "row_id": plan.row_id, "reason": reason})

    def _outcome(self, rid: str, m: dict, sheet_row: int | None, action: str, detail: str = "",
                 old: dict | None = None, new: dict | None = None) -> None:
        """One national provision's outcome, named as the adviser sees it (reference act × national
        act and citation)."""
        self.report.outcomes.append(RowOutcome(rid, sheet_row, m["reference_key"],
                                               f"{m['national_key']} {m['national_citation']}", action, detail,
                                               old=old, new=new))


def _key_of(m: dict) -> tuple[str, str, str]:
    """The note an exported row is about: (reference act, national act, national provision)."""
    return (m["reference_key"], m["national_key"], m["national_provision"])
