"""Reading a review workbook as typed: open it (a clear error for what is not an .xlsx), find the
Review and ``_meta`` sheets, the columns by their header in any language, and the non-empty rows.
Formulas are read as formulas, never evaluated."""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..errors import ReviewError, UnreadableFile
from ..model import Compatibility
from ..read.package import read_package
from .common import (
    FORM_FIELDS, META_SHEET, NATIONAL_FIELDS, NATIONAL_ID_COLUMNS, all_labels_for, clean, column_key,
    national_column_key,
)
from .report import ImportReport


@dataclass
class Line:
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
                    "compatibility", "reasons", "comment", "reviewer", *FORM_FIELDS})

# A review workbook of the largest ToC unpacks to a few MB; 200 MB is far past any real one.
_MAX_WORKBOOK_UNPACKED = 200 * 1024 * 1024
#: A review has one row per reference provision and proposal: a few thousand for the largest act;
#: a workbook with far more rows (a row pasted 50,000 times) would take openpyxl minutes to read.
MAX_WORKBOOK_ROWS = 20_000
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")


def open_workbook(path: Path):
    """Open a review workbook, or say in words why it cannot be read (damaged, not .xlsx, far too big)."""
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


def find_sheets(wb, path: Path):
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


def find_national_sheet(wb, taken: tuple):
    """The National provisions sheet (its first row has a provision row id and a national provision
    column, in any language), or None: a workbook exported before that sheet existed, or for a form
    without a national->reference table, or one whose adviser deleted the sheet."""
    for ws in wb.worksheets:
        if any(ws is t for t in taken):
            continue
        heads = [national_column_key(c.value) for c in next(ws.iter_rows(min_row=1, max_row=1), ())]
        if "nat_row_id" in heads and "national_provision" in heads:
            return ws
    return None


def export_id_of(meta) -> str:
    for row in meta.iter_rows(min_row=1, max_row=6, max_col=2, values_only=True):
        if row and clean(row[0]) == "export_id":
            return clean(row[1])
    return ""

#: Columns an import cannot do without, per sheet.
REQUIRED = {"review": ("row_id", "compatibility", "national_citation", "reference_citation"),
            "national": ("nat_row_id", "national_provision")}


def read_columns(ws, path: Path, report: ImportReport, sheet_kind: str = "review") -> tuple[tuple, dict[str, int]]:
    """The header row and column key -> index, found by header text in any language (columns may
    be moved; a column the adviser added is noted and ignored). ``sheet_kind``: ``review`` or
    ``national`` (the National provisions sheet)."""
    sheet = ws.title
    header = next(ws.iter_rows(min_row=1, max_row=1, values_only=True), ())
    cols: dict[str, int] = {}
    for j, h in enumerate(header):
        key = column_key(h, sheet_kind)
        if key is None:
            if clean(h):
                report.notes.append(f"sheet {sheet!r}, column {get_column_letter(j + 1)} ({clean(h)!r}) is not one "
                                    "of ours; ignored")
            continue
        if key in cols:
            raise ReviewError(
                f"two columns are headed as {clean(header[cols[key]])!r}: column {get_column_letter(cols[key] + 1)} "
                f"({clean(header[cols[key]])}) and column {get_column_letter(j + 1)} ({clean(h)}).",
                where=f"{path}, sheet {sheet!r}, row 1",
                todo="Delete or rename one of them.")
        cols[key] = j
    missing = [k for k in REQUIRED[sheet_kind] if k not in cols]
    if missing:
        raise ReviewError(
            "required column(s) missing: "
            + ", ".join(f"{k} (headed {all_labels_for(k, sheet_kind)[0]!r})" for k in missing) + ".",
            where=f"{path}, sheet {sheet!r}, row 1", todo="Restore the column header(s) as exported.")
    return header, cols


#: Per sheet: the column holding the row id, the columns whose typed value is read (a formula there
#: is reported), and those whose content makes a row count (a row empty in all of them is skipped).
_SHEETS = {
    "review": ("row_id", _TYPED, ("row_id", "reference_citation", "national_citation", "compatibility",
                                  "reasons", "comment", *FORM_FIELDS)),
    "national": ("nat_row_id", frozenset({*NATIONAL_ID_COLUMNS, *NATIONAL_FIELDS}),
                 ("nat_row_id", "national_provision", *NATIONAL_FIELDS)),
}


def read_lines(ws, cols: dict[str, int], sheet_kind: str = "review") -> tuple[list[Line], list[tuple[Line, str, Any]]]:
    """The non-empty rows below the header, as typed, and the cells holding a formula (reported,
    never evaluated). ``sheet_kind``: ``review`` or ``national``."""
    id_key, typed, content = _SHEETS[sheet_kind]
    lines: list[Line] = []
    formula_cells: list[tuple[Line, str, Any]] = []
    for r, row_cells in enumerate(ws.iter_rows(min_row=2), start=2):
        cells: dict[str, str] = {}
        odd: list[tuple[str, Any]] = []
        for k, j in cols.items():
            cell = row_cells[j] if j < len(row_cells) else None
            value = cell.value if cell is not None else None
            if cell is not None and cell.data_type in ("f", "e") and k in typed:
                odd.append((k, value))
                value = ""
            cells[k] = clean(value)
        if not odd and not any(cells.get(k) for k in content):
            continue
        line = Line(sheet_row=r, cells=cells, row_id=cells[id_key])
        lines.append(line)
        formula_cells.extend((line, k, v) for k, v in odd)
    return lines, formula_cells
