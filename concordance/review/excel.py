"""Putting values into Excel cells so that Excel shows what was meant, for every workbook the tool
writes (the review workbook, the ToC as XLSX).

Why: law texts are not spreadsheet data. A provision quoted as "- the dealer shall ..." or
"=" in a reasons cell must stay text, never become a formula (a formula from someone else's file
is also how spreadsheets are attacked); a control character the PDF or text reader let through
(``\\x01``) cannot be stored in XLSX at all and would stop the whole export; and Excel holds at most
32,767 characters in a cell.
"""
from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell

from ..outputs import xml_safe

#: Text starting with one of these is a formula to Excel; it is written as text instead.
FORMULA_START = ("=", "+", "-", "@")
#: Excel holds at most 32,767 characters in a cell; longer texts are cut here, visibly.
CELL_MAX = 32000
TRUNCATED = " … [truncated]"


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: characters XML cannot hold dropped, cut at :data:`CELL_MAX`."""
    text = xml_safe(text)
    return text[:CELL_MAX] + TRUNCATED if len(text) > CELL_MAX else text


#: Excel's "Text" number format: what is typed into such a cell stays text, formula-like or not.
TEXT_FORMAT = "@"


def set_value(cell: Cell, value: Any) -> Cell:
    """Write ``value`` into ``cell`` so that Excel shows it as typed: text that starts like a
    formula stays text (data type ``s``) and carries Excel's quote prefix (what a typed leading
    apostrophe sets), so that editing the cell in Excel keeps it text instead of turning it into
    a live formula that the next import refuses; and text is made storable (:func:`cell_text`)."""
    if isinstance(value, str):
        value = cell_text(value)
        cell.value = value
        if value.startswith(FORMULA_START):
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def typed_as_text(cell: Cell) -> Cell:
    """Make ``cell`` keep whatever an adviser types into it as text (Excel's Text format), so that
    a note typed as "- see Article 5" or "=" is not turned into a formula."""
    cell.number_format = TEXT_FORMAT
    return cell
