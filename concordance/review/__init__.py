"""The adviser's review in Excel: export a workbook, import it back.

``export_review`` writes one row per reference provision (× national act) with the proposal and
the columns to fill in; ``import_review`` checks the whole workbook and applies what the adviser
changed, never overwriting a human decision with a machine proposal and reporting conflicts
instead of merging them. The work is split by job: ``export`` writes the workbook (cells through
``excel``); an import reads it as typed (``workbook``, ``citations``), applies what changed
(``rows``) and reports (``report``), run by ``importing``; ``common`` holds the column keys and the
labels per language (``labels.toml``); ``history`` answers who decided what, from the event log.
"""
from __future__ import annotations

from .common import Labels, languages, parse_compatibility
from .export import export_review
from .importing import import_review
from .report import ImportReport, Problem, RowOutcome

__all__ = ["export_review", "import_review", "ImportReport", "RowOutcome", "Problem", "Labels",
           "languages", "parse_compatibility"]
