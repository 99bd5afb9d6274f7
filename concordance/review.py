"""The adviser's review in Excel: export a workbook, import it back.

``export_review`` writes one row per reference provision (× national act) with the proposal and
the columns to fill in; ``import_review`` checks the whole workbook and applies what the adviser
changed, never overwriting a human decision with a machine proposal and reporting conflicts
instead of merging them. The work is split over ``review_export``, ``review_import`` and
``review_common`` (labels per language in ``review_data/labels.toml``).
"""
from __future__ import annotations

from .review_common import Labels, languages, parse_compatibility
from .review_export import export_review
from .review_import import ImportReport, Problem, RowOutcome, import_review

__all__ = ["export_review", "import_review", "ImportReport", "RowOutcome", "Problem", "Labels",
           "languages", "parse_compatibility"]
