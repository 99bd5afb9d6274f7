"""Errors a user can act on.

Every error the tool raises for bad input is an :class:`InputError` that says what is wrong, where
(file, sheet, row, article) and what to do. The CLI prints it as one paragraph and exits non-zero;
library callers can read the parts.
"""
from __future__ import annotations


class ConcordanceError(Exception):
    """Base class of the tool's own errors."""


class InputError(ConcordanceError):
    """Something in the user's input cannot be used.

    ``where`` names the place (a file, ``review.xlsx, sheet Review, row 12, column F``),
    ``what`` says what is wrong and ``todo`` what the user can do about it.
    """

    def __init__(self, what: str, where: str = "", todo: str = "") -> None:
        self.what = what
        self.where = where
        self.todo = todo
        super().__init__(self.message)

    @property
    def message(self) -> str:
        head = f"{self.where}: {self.what}" if self.where else self.what
        return f"{head} {self.todo}".strip() if self.todo else head


class UnreadableFile(InputError):
    """The file cannot be read at all (empty, binary, wrong format, no text layer, bad encoding)."""


class NoStructure(InputError):
    """The text was read but no article (or other provision) could be found in it."""


class UnsafeXML(InputError):
    """XML with a DTD or entity declarations: refused, never expanded."""


class ReviewError(InputError):
    """A reviewer's workbook cannot be applied as it is."""
