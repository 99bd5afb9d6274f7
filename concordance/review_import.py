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
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .errors import ReviewError, UnreadableFile
from .model import Act, Compatibility
from .read.package import read_package
from .review_common import (
    META_SHEET, Labels, all_labels_for, clean, column_key, fold, parse_compatibility,
)
from .store import ConflictError, Project, file_sha256

# --------------------------------------------------------------------------------------------
# the report
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the workbook, with where it is and what was found there."""

    sheet: str
    row: int | None
    column: str
    value: Any
    message: str
    row_id: str = ""

    def __str__(self) -> str:
        where = f"sheet {self.sheet!r}"
        if self.row:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        found = "" if self.value is None else f" (found {str(self.value)[:80]!r})"
        return f"{where}: {self.message}{found}"


@dataclass(frozen=True)
class RowOutcome:
    """What happened to one row of the export: changed, unchanged, already applied, conflict,
    deleted, skipped (had a problem; --partial) or added (an extra provision merged into a row)."""

    row_id: str
    sheet_row: int | None
    reference: str
    national_act: str
    action: str
    detail: str = ""
    old: dict | None = None
    new: dict | None = None

    def __str__(self) -> str:
        at = f"row {self.sheet_row}" if self.sheet_row else "no row"
        text = f"{self.row_id} ({at}, {self.reference} × {self.national_act}): {self.action}"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass
class ImportReport:
    file: str
    sha256: str
    export_id: str
    reviewer: str
    dry_run: bool = False
    partial: bool = False
    applied: bool = False
    outcomes: list[RowOutcome] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        """How many rows had this outcome (changed, unchanged, conflict, ...)."""
        return sum(1 for o in self.outcomes if o.action == action)

    @property
    def changed(self) -> list[RowOutcome]:
        """The rows applied (or, in a dry run, that would be)."""
        return [o for o in self.outcomes if o.action == "changed"]

    @property
    def conflicts(self) -> list[RowOutcome]:
        """The rows somebody else changed since the export: kept theirs, reported."""
        return [o for o in self.outcomes if o.action == "conflict"]

    def summary(self) -> str:
        """One line: the file, whether anything was applied, and the counts per outcome."""
        parts = [f"{self.count(a)} {a}" for a in ("changed", "unchanged", "already applied", "conflict",
                                                   "deleted", "skipped") if self.count(a)]
        verb = "would apply (dry run)" if self.dry_run else ("applied" if self.applied else "nothing applied")
        if self.conflicts and (self.applied or self.dry_run):
            verb += f" with {len(self.conflicts)} conflict(s)"
        return f"{Path(self.file).name}: {verb}; " + (", ".join(parts) or "no rows")

    def lines(self, verbose: bool = False) -> list[str]:
        """The report as lines for the terminal (unchanged rows only when ``verbose``)."""
        out = [self.summary()]
        out += [f"note: {n}" for n in self.notes]
        out += [f"problem: {p}" for p in self.problems]
        out += [str(o) for o in self.outcomes if verbose or o.action != "unchanged"]
        return out

    def to_dict(self) -> dict:
        """The report as plain data (``--format json``)."""
        return {
            "file": self.file, "sha256": self.sha256, "export_id": self.export_id,
            "reviewer": self.reviewer, "dry_run": self.dry_run, "applied": self.applied,
            "outcomes": [o.__dict__ for o in self.outcomes],
            "conflicts": [o.__dict__ for o in self.conflicts],
            "problems": [{**p.__dict__, "text": str(p)} for p in self.problems],
            "notes": self.notes,
        }


# --------------------------------------------------------------------------------------------
# reading the workbook
# --------------------------------------------------------------------------------------------
@dataclass
class _Line:
    """One non-empty row of the Review sheet, as typed."""

    sheet_row: int
    cells: dict[str, str]
    row_id: str
    key: tuple[str, str, str] | None = None
    national_ids: list[str] | None = None
    compatibility: Compatibility | None = None
    added: bool = False
    bad: bool = False


#: Columns whose typed value is read (a formula there is reported, never evaluated).
_TYPED = frozenset({"row_id", "reference_act", "reference_citation", "national_act", "national_citation",
                    "compatibility", "reasons", "comment", "reviewer"})
_SPLIT = re.compile(r"\s*[;\n]\s*")


def _resolve_citations(text: str, act: Act, cache: dict) -> tuple[list[str], list[str]]:
    """Typed national citations -> provision ids (and the parts that resolve to nothing).

    First an exact match on the act's own citations (ignoring case, accents and spacing), then the
    parser's citation grammar (``član 12 stav 2``, ``neni 12, pika 2``, ``чл. 12 ст. 2``)."""
    index = cache.get(act.meta.key)
    if index is None:
        index = {}
        for p in act.provisions:
            index.setdefault(fold(p.citation).rstrip("."), p.id)
        cache[act.meta.key] = index
    ids, bad = [], []
    for part in _SPLIT.split(text.strip()):
        part = part.strip().strip(",")
        if not part:
            continue
        pid = index.get(fold(part).rstrip("."))
        if pid is None:
            pid = _parse_citation(part, act)
        if pid is None:
            bad.append(part)
        elif pid not in ids:
            ids.append(pid)
    return ids, bad


def _parse_citation(text: str, act: Act) -> str | None:
    from .parse.ids import parse_citation

    # the act's own language and jurisdiction first (Albanian "pika" is a paragraph in Albania,
    # a point in Kosovo), then English, since advisers also type "Art. 12(2)"
    tries = [(act.meta.language, act.meta.jurisdiction or None), (act.meta.language, None), ("en", None)]
    for lang, jurisdiction in tries:
        if not lang:
            continue
        try:
            pid = parse_citation(text, lang, jurisdiction)
        except Exception:  # noqa: BLE001 - a citation the grammar cannot read is reported by the caller
            pid = None
        if isinstance(pid, str) and pid in act:
            return pid
    return None


# A review workbook of the largest ToC unpacks to a few MB; 200 MB is far past any real one.
_MAX_WORKBOOK_UNPACKED = 200 * 1024 * 1024
#: A review has one row per reference provision and proposal: a few thousand for the largest act;
#: a workbook with far more rows (a row pasted 50,000 times) would take openpyxl minutes to read.
MAX_WORKBOOK_ROWS = 20_000
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def _load(path: Path):
    if path.is_dir():
        raise UnreadableFile("this is a folder, not a workbook.", where=str(path),
                             todo="Give the review workbook (.xlsx) itself.")
    if not path.is_file():
        raise UnreadableFile("no such file.", where=str(path), todo="Check the path of the workbook.")
    if not zipfile.is_zipfile(path):
        raise UnreadableFile("this is not an .xlsx workbook (an old .xls, a CSV, an .ods or another file "
                             "saved under this name?).", where=str(path),
                             todo="Open it in Excel or LibreOffice, save it as Excel Workbook (.xlsx) and "
                                  "import that file.")
    todo = "Open it in Excel or LibreOffice and save it again as .xlsx, then import that file."
    # Unpacked and checked first, so that damage is said in words (not "Bad magic number") and
    # a workbook that unpacks to far more than any review needs is refused before openpyxl reads it.
    members = read_package(path.read_bytes(), str(path), what="the workbook", todo=todo,
                           max_unpacked=_MAX_WORKBOOK_UNPACKED, required=("xl/workbook.xml", "Excel workbook"))
    rows = sum(len(_ROW_TAG.findall(body)) for name, body in members.items() if name.startswith("xl/worksheets/"))
    if rows > MAX_WORKBOOK_ROWS:
        raise UnreadableFile(f"the workbook has {rows:,} rows, more than the {MAX_WORKBOOK_ROWS:,} any review "
                             "workbook has (one row per reference provision and proposal).", where=str(path),
                             todo="Import the workbook `concordance review export` wrote, with the adviser's "
                                  "changes; rows pasted many times over are not a review.")
    try:
        # Formulas are read as formulas (never evaluated): an adviser's "=..." in a comment is
        # reported, not silently replaced by a cached value or by nothing.
        return load_workbook(path, data_only=False)
    except Exception:  # openpyxl raises many kinds for parts that do not fit together
        raise UnreadableFile("the workbook cannot be opened: its parts do not fit together as Excel writes them "
                             "(a part is missing, cut or altered).", where=str(path), todo=todo) from None


def _find_sheets(wb, path: Path):
    meta = next((ws for ws in wb.worksheets if ws.title.strip().lower() == META_SHEET), None)
    if meta is None:
        raise ReviewError(
            f"the hidden sheet {META_SHEET!r} (row ids and the export id) is missing, so this is not a review "
            "workbook made by concordance.", where=str(path),
            todo="Import a workbook made by `concordance review export` (copy rows into it rather than "
                 "into a new workbook).")
    review = None
    for ws in wb.worksheets:
        if ws is meta:
            continue
        heads = [column_key(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
        if "row_id" in heads and "compatibility" in heads:
            review = ws
            break
    if review is None:
        raise ReviewError(
            "no sheet has both a row id column and a compatibility column in its first row (was the Review "
            "sheet deleted, or its header row changed?).",
            where=str(path),
            todo=f"Keep the header row; the row id column is headed one of {all_labels_for('row_id')}.")
    return meta, review


def _meta_export_id(meta) -> str:
    for row in meta.iter_rows(min_row=1, max_row=6, max_col=2, values_only=True):
        if row and clean(row[0]) == "export_id":
            return clean(row[1])
    return ""


# --------------------------------------------------------------------------------------------
# the import
# --------------------------------------------------------------------------------------------
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
    wb = _load(path)
    sha = file_sha256(path)
    meta, ws = _find_sheets(wb, path)
    export_id = _meta_export_id(meta)
    exp = project.export(export_id) if export_id else None
    if exp is None:
        raise ReviewError(
            f"the workbook's export id {export_id!r} is not one of this project's exports (a workbook from "
            "another project, or from a copy of this one).",
            where=f"{path}, sheet {META_SHEET!r}, cell B1",
            todo="Import it into the project it was exported from, or export a new workbook from this one.")
    report = ImportReport(file=str(path), sha256=sha, export_id=export_id, reviewer=reviewer,
                          dry_run=dry_run, partial=partial)
    header, cols = _columns(ws, path, report)
    run = _Import(project, exp, report, ws.title, header, cols)

    # 1. read and check every line; nothing is written while anything is wrong (unless partial)
    lines, formula_cells = _read_lines(ws, cols)
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


def _columns(ws, path: Path, report: ImportReport) -> tuple[tuple, dict[str, int]]:
    """The header row and column key -> index, found by header text in any language (columns may
    be moved; a column the adviser added is noted and ignored)."""
    sheet = ws.title
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    cols: dict[str, int] = {}
    for j, h in enumerate(header):
        key = column_key(h)
        if key is None:
            if clean(h):
                report.notes.append(f"column {get_column_letter(j + 1)} ({clean(h)!r}) is not one of ours; ignored")
            continue
        if key in cols:
            raise ReviewError(
                f"two columns are headed as {clean(header[cols[key]])!r}: column {get_column_letter(cols[key] + 1)} "
                f"({clean(header[cols[key]])}) and column {get_column_letter(j + 1)} ({clean(h)}).",
                where=f"{path}, sheet {sheet!r}, row 1",
                todo="Delete or rename one of them.")
        cols[key] = j
    missing = [k for k in ("row_id", "compatibility", "national_citation", "reference_citation") if k not in cols]
    if missing:
        raise ReviewError(
            "required column(s) missing: " + ", ".join(f"{k} (headed {all_labels_for(k)[0]!r})" for k in missing)
            + ".",
            where=f"{path}, sheet {sheet!r}, row 1", todo="Restore the column header(s) as exported.")
    return header, cols


def _read_lines(ws, cols: dict[str, int]) -> tuple[list[_Line], list[tuple[_Line, str, Any]]]:
    """The non-empty rows below the header, as typed, and the cells holding a formula (reported,
    never evaluated)."""
    lines: list[_Line] = []
    formula_cells: list[tuple[_Line, str, Any]] = []
    for r, row_cells in enumerate(ws.iter_rows(min_row=2), start=2):
        cells: dict[str, str] = {}
        odd: list[tuple[str, Any]] = []
        for k, j in cols.items():
            cell = row_cells[j] if j < len(row_cells) else None
            value = cell.value if cell is not None else None
            if cell is not None and cell.data_type in ("f", "e") and k in _TYPED:
                odd.append((k, value))
                value = ""
            cells[k] = clean(value)
        if not odd and not any(cells.get(k) for k in ("row_id", "reference_citation", "national_citation",
                                                      "compatibility", "reasons", "comment")):
            continue
        line = _Line(sheet_row=r, cells=cells, row_id=cells["row_id"])
        lines.append(line)
        formula_cells.extend((line, k, v) for k, v in odd)
    return lines, formula_cells


@dataclass(frozen=True)
class _Plan:
    """An exported row whose values the adviser changed: what to write, from which lines."""

    row_id: str
    meta: dict
    new: dict
    sheet_row: int
    group: list[_Line]


class _Import:
    """One import in progress: the export it answers, the problems found so far, and the steps
    (check each line, plan each exported row, apply the plans)."""

    def __init__(self, project: Project, exp, report: ImportReport, sheet: str, header: tuple,
                 cols: dict[str, int]) -> None:
        self.project = project
        self.exp = exp
        self.report = report
        self.sheet = sheet
        self.header = header
        self.cols = cols
        self.rows_meta: dict[str, dict] = exp.rows
        self.national_keys = sorted({m["national_key"] for m in self.rows_meta.values()})
        self.reference_keys = sorted({m["reference_key"] for m in self.rows_meta.values()})
        self.by_key = {(m["reference_key"], m["reference_provision"], m["national_key"]): rid
                       for rid, m in self.rows_meta.items()}
        self.problems: list[Problem] = []
        self._acts: dict[str, Act] = {}
        self._cite_cache: dict = {}

    # -- helpers --------------------------------------------------------------------------
    def act(self, key: str) -> Act:
        if key not in self._acts:
            self._acts[key] = self.project.act(key)
        return self._acts[key]

    def letter(self, key: str) -> str:
        """A column as the adviser sees it: ``K (Compatibility)``."""
        return f"{get_column_letter(self.cols[key] + 1)} ({clean(self.header[self.cols[key]])})"

    def problem(self, line: _Line | None, column: str, value: Any, message: str) -> None:
        self.problems.append(Problem(self.sheet, line.sheet_row if line else None,
                                     self.letter(column) if column in self.cols else
                                     f"{Labels.for_lang(self.exp.lang).columns.get(column, column)} (not in the sheet)",
                                     value, message, line.row_id if line else ""))
        if line is not None:
            line.bad = True

    def stop_if_problems(self, path: Path) -> None:
        """Raise the problems found so far unless ``partial``; keep them in the report either way."""
        self.report.problems = self.problems
        if self.problems and not self.report.partial:
            raise _review_error(path, self.problems, self.report)

    # -- 1. checking ----------------------------------------------------------------------
    def mark_copies(self, lines: list[_Line]) -> None:
        """Copies of a row (same row id): the copy whose national citation was edited is an added row."""
        seen: dict[str, list[_Line]] = {}
        for line in lines:
            if line.row_id:
                seen.setdefault(line.row_id, []).append(line)
        for rid, group in seen.items():
            if len(group) > 1 and rid in self.rows_meta:
                exported = self.rows_meta[rid]["national_citation"]
                primary = next((g for g in group if g.cells["national_citation"] == exported), group[0])
                for g in group:
                    if g is not primary:
                        g.added = True

    def check(self, line: _Line) -> None:
        """Which exported row the line answers, its compatibility and its national provisions."""
        c = line.cells
        if line.row_id:
            if line.row_id not in self.rows_meta:
                self.problem(line, "row_id", line.row_id,
                             f"this row id is not in export {self.report.export_id}; do not type row ids (leave "
                             "it empty for an added row)")
                return
            m = self.rows_meta[line.row_id]
            typed_ref = c.get("reference_citation", "")
            if typed_ref and fold(typed_ref).rstrip(".") != fold(m["reference_citation"]).rstrip("."):
                # the id and the text beside it disagree: applying it would grade another provision
                self.problem(line, "reference_citation", typed_ref,
                             f"row id {line.row_id} was exported for {m['reference_citation']!r}, but this row "
                             "shows another reference provision: the row ids no longer line up with the rows "
                             "(were only some columns sorted, or cells pasted over?); sort or paste whole rows, "
                             "or export a new workbook")
                return
            line.key = (m["reference_key"], m["reference_provision"], m["national_key"])
        else:
            line.added = True
            line.key = self.place_added(line)
            if line.key is None:
                return
        m = self.rows_meta[self.by_key[line.key]]
        try:
            line.compatibility = parse_compatibility(c.get("compatibility", ""))
        except KeyError:
            self.problem(line, "compatibility", c.get("compatibility"),
                         "not a compatibility label; use the drop-down ("
                         + ", ".join(Labels.for_lang(self.exp.lang).dropdown())
                         + "; the English words or any workbook language's labels are accepted too)")
        typed = c.get("national_citation", "")
        if not line.added and typed == m["national_citation"]:
            line.national_ids = list(m["national_provisions"])
            return
        nat = self.act(line.key[2])
        ids, bad = _resolve_citations(typed, nat, self._cite_cache)
        if bad:
            self.problem(line, "national_citation", typed,
                         f"{'; '.join(bad)!r} is no provision of {line.key[2]}; write it as the act cites "
                         f"itself (e.g. {nat.provisions[-1].citation!r})")
        line.national_ids = ids
        if line.added and not ids and not bad:
            self.problem(line, "national_citation", typed, "an added row must name the extra national provision")

    def place_added(self, line: _Line) -> tuple[str, str, str] | None:
        """Which exported row an added row (no row id) belongs to: by its reference citation and its
        national act (the only one, or the one named in the National act column)."""
        c = line.cells
        typed_ref = c.get("reference_citation", "")
        if not typed_ref:
            self.problem(line, "reference_citation", typed_ref,
                         "an added row needs the reference provision it maps (copy it from the row above)")
            return None
        # reference act: named, or the only one
        ref_keys = self.reference_keys
        if len(ref_keys) > 1 and c.get("reference_act"):
            named = [k for k in ref_keys
                     if fold(c["reference_act"]) in (fold(k), fold(self.act(k).meta.short_title))]
            ref_keys = named or ref_keys
        found: list[tuple[str, str]] = []
        for rk in ref_keys:
            cites = {fold(m["reference_citation"]).rstrip("."): m["reference_provision"]
                     for m in self.rows_meta.values() if m["reference_key"] == rk}
            pid = cites.get(fold(typed_ref).rstrip("."))
            if pid is None:
                ids, _bad = _resolve_citations(typed_ref, self.act(rk), self._cite_cache)
                pid = ids[0] if len(ids) == 1 else None
            if pid is not None:
                found.append((rk, pid))
        if len(found) != 1:
            self.problem(line, "reference_citation", typed_ref,
                         "no row of this export has this reference provision" if not found else
                         "this citation fits several reference acts; fill in the reference act column")
            return None
        rk, pid = found[0]
        typed_act = c.get("national_act", "")
        if typed_act:
            nks = [k for k in self.national_keys
                   if fold(typed_act) in (fold(k), fold(self.act(k).meta.short_title), fold(self.act(k).meta.title))]
        else:
            nks = self.national_keys if len(self.national_keys) == 1 else []
        if len(nks) != 1:
            self.problem(line, "national_act" if "national_act" in self.cols else "national_citation", typed_act,
                         "name the national act of the added row (as in the other rows: "
                         + ", ".join(self.act(k).meta.short_title or k for k in self.national_keys) + ")")
            return None
        key = (rk, pid, nks[0])
        if key not in self.by_key:
            self.problem(line, "reference_citation", typed_ref, "this provision has no row for that national act")
            return None
        return key

    # -- 2. planning ----------------------------------------------------------------------
    def plan(self, lines: list[_Line]) -> list[_Plan]:
        """Per exported row: skipped (a problem), deleted (no line), unchanged, or a plan to apply."""
        report = self.report
        groups: dict[str, list[_Line]] = {}
        for line in lines:
            if line.key is not None:
                groups.setdefault(self.by_key[line.key], []).append(line)
        plans: list[_Plan] = []
        for rid, m in self.rows_meta.items():
            label_ref, label_nat = m["reference_citation"], m["national_key"]
            group = groups.get(rid, [])
            primary = next((g for g in group if not g.added), None)
            sheet_row = primary.sheet_row if primary else (group[0].sheet_row if group else None)
            if any(g.bad for g in group):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "skipped",
                                                  "a problem in this row (see problems); not applied"))
                continue
            if primary is None and not group:
                report.outcomes.append(RowOutcome(
                    rid, None, label_ref, label_nat, "deleted",
                    "the row is missing from the workbook; nothing changed (deleting a row never deletes a decision)"))
                continue
            new = _combine(primary, group, self.sheet, problem_sink=self.problems, letter=self.letter)
            if new is None:
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "skipped",
                                                  "added rows disagree with the row's compatibility"))
                continue
            if _same(new, _exported(m)):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "unchanged"))
                continue
            plans.append(_Plan(rid, m, new, sheet_row or 0, group))
        return plans

    # -- 3. applying ----------------------------------------------------------------------
    def apply(self, plans: list[_Plan], path: Path) -> None:
        """Write each plan as a decision, unless the project moved on since the export (a conflict,
        reported and logged) or already holds the values."""
        project, report = self.project, self.report
        ref_hashes = {k: project.hashes(k) for k in self.reference_keys}
        nat_hashes = {k: project.hashes(k) for k in self.national_keys}
        for plan in plans:
            rid, m, new, sheet_row = plan.row_id, plan.meta, plan.new, plan.sheet_row
            key = (m["reference_key"], m["reference_provision"], m["national_key"])
            label_ref, label_nat = m["reference_citation"], m["national_key"]
            current = project.decision(*key)
            exported = _exported(m)
            if current is not None and _same(new, _values_of(current)):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "already applied",
                                                  "the project already holds these values"))
                continue
            reason = ""
            current_version = current.row_version if current else 0
            expected = m["row_version"]
            if current_version != expected and _own_earlier_import(project, current, report):
                expected = current_version  # the same reviewer goes on working in the same workbook
            if current_version != expected:
                who = f"{current.reviewer} on {current.decided_at}" if current else "someone"
                reason = (f"changed by {who} since export {report.export_id} "
                          f"(from {current.source_file or 'the project'}); kept theirs")
            elif ref_hashes[key[0]].get(key[1], "") != m["reference_sha256"] or any(
                    nat_hashes[key[2]].get(p, "") != h for p, h in m["national_sha256"].items()):
                reason = "the text changed since export (an amendment); re-export and review the new text"
            if reason:
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "conflict", reason,
                                                  old=_values_of(current) if current else None, new=new))
                if not report.dry_run:
                    project.record_event(
                        "conflict", f"{key[0]}:{key[1]} -> {key[2]}", who=report.reviewer, source_file=str(path),
                        source_sha256=report.sha256, old=_values_of(current) if current else None,
                        new={**new, "export_id": report.export_id, "row_id": rid, "reason": reason})
                continue
            detail = _describe(exported, new)
            if report.dry_run:
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "changed", detail,
                                                  old=exported, new=new))
                continue
            typed_reviewer = next((g.cells.get("reviewer", "") for g in plan.group if g.cells.get("reviewer")), "")
            name = typed_reviewer if typed_reviewer and typed_reviewer != m.get("reviewer", "") else report.reviewer
            try:
                project.set_decision(
                    *key, national_provisions=new["national_provisions"],
                    compatibility=Compatibility(new["compatibility"] or Compatibility.TO_REVIEW.value),
                    reasons=new["reasons"], comment=new["comment"], reviewer=name, who=report.reviewer,
                    source_file=str(path), source_sha256=report.sha256, export_id=report.export_id,
                    expected_row_version=expected, action="review_import")
            except ConflictError:  # pragma: no cover - guarded above inside the same transaction
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "conflict",
                                                  "changed meanwhile"))
                continue
            report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "changed", detail,
                                              old=exported, new=new))


def _exported(m: dict) -> dict:
    """What an exported row held, in the values an adviser can change."""
    return {k: m[k] for k in ("national_provisions", "compatibility", "reasons", "comment")}


def _own_earlier_import(project: Project, current, report: ImportReport) -> bool:
    """True when the row was last changed by this same reviewer importing this same export (an
    adviser who imports mid-week and goes on editing the same workbook is not in conflict with
    herself). Copies of one export worked on by two people are: their names differ."""
    if current is None or current.export_id != report.export_id:
        return False
    key = (current.reference_key, current.reference_provision, current.national_key)
    events = project.events(object=f"{key[0]}:{key[1]} -> {key[2]}")
    last = events[-1] if events else None
    return last is not None and last.action == "review_import" and last.who == report.reviewer


def _figures_before(project: Project, report: ImportReport):
    """The status before the import, when no snapshot holds it yet (e.g. the first import), so
    that ``concordance status`` right after the import shows what the import changed. None when
    the latest snapshot already holds these figures, or they cannot be computed (noted)."""
    from . import status

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
    from . import status

    name = Path(report.file).name
    try:
        if before is not None:
            project.save_snapshot(f"before review import {name}", before.figures(), source=report.file)
        sid = status.snapshot(project, f"review import {name}", source=report.file)
    except Exception as exc:  # noqa: BLE001 - reported, never hides the committed import
        report.notes.append(f"status snapshot not recorded: {exc}")
    else:
        report.notes.append(f"status snapshot {sid} recorded")


def _combine(primary: _Line | None, group: list[_Line], sheet: str, problem_sink: list,
             letter: Callable[[str], str] = str) -> dict | None:
    """The row's new values: the original row's, plus the national provisions of added rows."""
    base = primary or group[0]
    ids = list(base.national_ids or [])
    compat = base.compatibility
    reasons = [base.cells.get("reasons", "")]
    comments = [base.cells.get("comment", "")]
    for g in group:
        if g is base:
            continue
        for pid in g.national_ids or []:
            if pid not in ids:
                ids.append(pid)
        if g.compatibility is not None:
            if compat is None or compat is Compatibility.TO_REVIEW:
                compat = g.compatibility
            elif g.compatibility is not compat:
                problem_sink.append(Problem(
                    sheet, g.sheet_row, letter("compatibility"), g.cells.get("compatibility"),
                    f"the added row says {g.compatibility.value} but row {base.sheet_row} for the same "
                    f"provision says {compat.value}; give one compatibility per provision and act"))
                return None
        for lst, k in ((reasons, "reasons"), (comments, "comment")):
            if g.cells.get(k) and g.cells[k] not in lst:
                lst.append(g.cells[k])
    return {
        "national_provisions": ids,
        "compatibility": compat.value if compat else "",
        "reasons": "\n".join(x for x in reasons if x),
        "comment": "\n".join(x for x in comments if x),
    }


def _values_of(d) -> dict:
    return {"national_provisions": list(d.national_provisions), "compatibility": d.compatibility.value,
            "reasons": clean(d.reasons), "comment": clean(d.comment)}


def _same(a: dict, b: dict) -> bool:
    def norm(v: dict) -> tuple:
        compat = v.get("compatibility") or ""
        if compat == Compatibility.TO_REVIEW.value:
            compat = ""
        return (tuple(v.get("national_provisions") or ()), compat, clean(v.get("reasons")),
                clean(v.get("comment")))
    return norm(a) == norm(b)


def _describe(old: dict, new: dict) -> str:
    parts = []
    if (old.get("compatibility") or "") != (new.get("compatibility") or ""):
        parts.append(f"compatibility {old.get('compatibility') or '(blank)'} -> {new.get('compatibility') or '(blank)'}")
    if list(old.get("national_provisions") or []) != list(new.get("national_provisions") or []):
        parts.append(f"national {', '.join(old.get('national_provisions') or []) or '(none)'} -> "
                     f"{', '.join(new.get('national_provisions') or []) or '(none)'}")
    for k in ("reasons", "comment"):
        if clean(old.get(k)) != clean(new.get(k)):
            parts.append(f"{k} edited")
    return "; ".join(parts)


def _review_error(path: Path, problems: list[Problem], report: ImportReport) -> ReviewError:
    shown = "; ".join(str(p) for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    err = ReviewError(
        f"{len(problems)} problem(s), nothing was imported: {shown}{more}.", where=str(path),
        todo="Correct the cells named and import again, or use --partial to apply the rows without problems.")
    err.problems = problems  # type: ignore[attr-defined]
    err.report = report  # type: ignore[attr-defined]
    return err


__all__ = ["import_review", "ImportReport", "RowOutcome", "Problem"]
