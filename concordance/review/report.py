"""What a review import reports: per row what happened, every problem found in the workbook
(sheet, row, column, the value found) and the notes; raised as one :class:`ReviewError` when the
workbook cannot be imported as it is."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReviewError


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


def review_error(path: Path, problems: list[Problem], report: ImportReport) -> ReviewError:
    shown = "; ".join(str(p) for p in problems[:5])
    more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
    err = ReviewError(
        f"{len(problems)} problem(s), nothing was imported: {shown}{more}.", where=str(path),
        todo="Correct the cells named and import again, or use --partial to apply the rows without problems.")
    err.problems = problems  # type: ignore[attr-defined]
    err.report = report  # type: ignore[attr-defined]
    return err
