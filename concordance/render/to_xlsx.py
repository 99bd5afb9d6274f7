"""Context -> XLSX through openpyxl: the adviser's working copy of the ToC (frozen header, filter,
colour by compatibility, a drop-down of the form's own labels, review state columns).

Cells whose text starts with = + - @ are written as text, never as formulas: a national provision
quoted as "- the dealer shall ..." must not become a formula in someone's Excel.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..review.excel import set_value
from ..outputs import atomic_path

WIDTHS = {"eu_ref": 14, "eu_text": 48, "nat_act": 10, "nat_ref": 14, "nat_text": 48, "nat_grouped": 60,
          "compat": 22, "reasons": 30, "comment": 30, "completing_act": 20, "planned_date": 14,
          "nat_article": 16, "eu_refs": 30, "authority": 20, "state": 18, "score": 8, "reviewer": 16,
          "decided_at": 14}
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


#: Body text size, points per wrapped line, characters per unit of column width at that size, and
#: Excel's tallest row: neither Excel nor LibreOffice re-fits the height of rows a program wrote, so
#: each row is given the height its longest wrapped cell needs (else printed rows overlap).
FONT_PT = 9
LINE_PT = 11.5
CHARS_PER_WIDTH = 1.15
MAX_ROW_PT = 409


def row_height(values: list[tuple[Any, float]]) -> float:
    """The height (points) that shows every (value, column width) pair of a row, wrapped."""
    lines = 1
    for value, width in values:
        if value is None or value == "":
            continue
        per_line = max(int(width * CHARS_PER_WIDTH) - 1, 4)
        n = sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n"))
        lines = max(lines, n)
    return float(min(lines * LINE_PT + 3, MAX_ROW_PT))


def put(ws, row: int, col: int, value: Any, bold: bool = False, fill: str | None = None) -> Cell:
    """Write one cell (formula-looking text stays text: :func:`concordance.review.excel.set_value`), styled."""
    cell = set_value(ws.cell(row=row, column=col), value)
    cell.font = Font(bold=bold, size=FONT_PT)
    if fill and fill != "FFFFFF":
        cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
    cell.alignment = _WRAP
    return cell


def _header_block(ws, ctx: dict[str, Any], title: str) -> int:
    put(ws, 1, 1, title, bold=True).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)  # the title is not cut at column A
    ws.row_dimensions[1].height = 20
    r = 2
    for f in ctx["header_fields"]:
        put(ws, r, 1, f["label"], bold=True)
        put(ws, r, 2, f["value"])
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=4)
        ws.row_dimensions[r].height = row_height([(f["label"], 14), (f["value"], 70)])
        r += 1
    return r + 1


def _print_setup(ws, header_row: int, last_col: int, last_row: int) -> None:
    """Print the sheet as the DOCX prints: A4 landscape, all columns on one page width, the table's
    header row repeated on every page, the table as print area, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_area = f"A1:{get_column_letter(last_col)}{max(last_row, header_row)}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "&P / &N"


def _table(ws, start: int, columns: list[dict[str, str]], rows: list[dict[str, Any]], extra: list[tuple[str, str]],
           compat_choices: str | None) -> None:
    keys = [c["key"] for c in columns] + [k for k, _ in extra]
    titles = [c["label"] for c in columns] + [t for _, t in extra]
    for j, t in enumerate(titles, 1):
        c = put(ws, start, j, t, bold=True, fill="D9D9D9")
        c.border = _BORDER
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS.get(keys[j - 1], 18)
    for i, row in enumerate(rows, start + 1):
        values = dict(row["cells"])
        values.update(state=row.get("marker", ""), score=row.get("score"), reviewer=row.get("reviewer", ""),
                      decided_at=row.get("decided_at", ""))
        for j, k in enumerate(keys, 1):
            fill = row["colour"] if k in ("compat", "state") else None
            put(ws, i, j, values.get(k, ""), fill=fill).border = _BORDER
        ws.row_dimensions[i].height = row_height([(values.get(k, ""), WIDTHS.get(k, 18)) for k in keys])
    ws.row_dimensions[start].height = row_height([(t, WIDTHS.get(k, 18)) for k, t in zip(keys, titles)])
    ws.freeze_panes = ws.cell(row=start + 1, column=2)
    last = start + max(len(rows), 1)
    ws.auto_filter.ref = f"A{start}:{get_column_letter(len(keys))}{last}"
    if compat_choices and "compat" in keys and rows:
        col = get_column_letter(keys.index("compat") + 1)
        dv = DataValidation(type="list", formula1=compat_choices, allow_blank=True, showErrorMessage=False)
        dv.add(f"{col}{start + 1}:{col}{last}")
        ws.add_data_validation(dv)
    _print_setup(ws, start, len(keys), last)


def sheet_title(text: str, fallback: str) -> str:
    """A worksheet name from a form's title: Excel allows 31 characters and no []:*?/\\."""
    name = "".join(ch for ch in (text or "") if ch not in "[]:*?/\\").strip()[:31].strip()
    return name or fallback


def render_xlsx(context: dict[str, Any], out: Path) -> Path:
    """Write the ToC as a workbook (reference->national sheet, national->reference sheet when the
    form has one, legend) into ``out``, atomically. Every visible word comes from the form's labels."""
    L = context["L"]
    marks = L["marks"]
    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(L["titles"].get("eu_national") or L["titles"]["document"], "1")
    extra = [("state", marks["xlsx_state"]), ("score", marks["xlsx_score"]), ("reviewer", marks["xlsx_reviewer"]),
             ("decided_at", marks["xlsx_decided"])]
    start = _header_block(ws, context, L["titles"].get("eu_national") or L["titles"]["document"])
    legend_name = sheet_title(L["titles"].get("legend", ""), "3")
    n_legend = len(context["legend"])
    choices = f"='{legend_name}'!$B$2:$B${n_legend + 1}"
    _table(ws, start, context["columns"], context["rows"], extra, choices)

    if context["has_reverse"]:
        name2 = sheet_title(L["titles"].get("national_eu", ""), "2")
        ws2 = wb.create_sheet(name2 if name2 != ws.title else f"{name2[:29]} 2")
        start2 = _header_block(ws2, context, L["titles"].get("national_eu", ""))
        _table(ws2, start2, context["reverse_columns"], context["reverse_rows"], [("state", marks["xlsx_state"])],
               choices)

    lg = wb.create_sheet(legend_name)
    for j, t in enumerate((marks["xlsx_code"], L["titles"].get("legend", ""), marks["xlsx_confirmed"]), 1):
        put(lg, 1, j, t, bold=True)
    for i, item in enumerate(context["legend"], 2):
        put(lg, i, 1, item["code"])
        put(lg, i, 2, item["label_full"], fill=item["colour"])
        put(lg, i, 3, marks["xlsx_yes"] if item["confirmed"] else marks["xlsx_no"])
    r = len(context["legend"]) + 3
    for note in context["footnotes"]:
        put(lg, r, 1, note)
        lg.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        lg.row_dimensions[r].height = row_height([(note, 72)])
        r += 1
    for col, w in zip("ABC", (10, 48, 14)):
        lg.column_dimensions[col].width = w
    _print_setup(lg, 1, 3, r)
    with atomic_path(out) as tmp:
        wb.save(tmp)
    return out
