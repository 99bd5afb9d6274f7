"""Which rows get candidates, which are gaps, and which national provisions transpose nothing.

One rule for every row, never per row:

* a non-transposable row is ``not_applicable`` (no candidates: nothing to transpose);
* a row the reference act does not hold (listed missing, or empty) is ``missing_text`` — never a
  gap, because we cannot know;
* otherwise the row is a ``gap`` when its best score is below ``THRESHOLD``, or when the best
  candidate does not stand out from the crowd (best minus the median of the row's ten best
  articles below ``MARGIN``): many weakly similar articles and none clearly better means nothing
  credible was found;
* otherwise it is ``proposed`` with up to ``MAX_CANDIDATES`` national articles (each shown at its
  best-scoring level, article or paragraph) scoring at least ``KEEP`` times the best.

``THRESHOLD`` and ``MARGIN`` were chosen on the dev gold (MK law vs the UN Firearms Protocol and
vs 91/477, see ``benchmarks/mapping_quality.py`` which prints the sweep) as round values in the
flat part of the gap-F1 curve, not at its peak on one pair.
"""
from __future__ import annotations

import numpy as np

from ..model import ProvisionClass, RowStatus

THRESHOLD = 0.30
MARGIN = 0.08
KEEP = 0.6
MAX_CANDIDATES = 5


def article_scores(row_scores: np.ndarray, unit_article: list[str]) -> dict[str, tuple[float, int]]:
    """Best score per national article, and the index of the unit that reached it."""
    best: dict[str, tuple[float, int]] = {}
    for j, art in enumerate(unit_article):
        s = float(row_scores[j])
        if art not in best or s > best[art][0]:
            best[art] = (s, j)
    return best


def decide(klass: ProvisionClass, missing: bool, ranked: list[float],
           threshold: float = THRESHOLD, margin: float = MARGIN) -> RowStatus:
    """Status of one row from its class and its articles' scores (best first)."""
    if missing:
        return RowStatus.MISSING_TEXT
    if klass is ProvisionClass.NON_TRANSPOSABLE:
        return RowStatus.NOT_APPLICABLE
    if not ranked:
        return RowStatus.GAP
    top = ranked[0]
    crowd = float(np.median(ranked[:10])) if len(ranked) > 1 else 0.0
    if top < threshold or top - crowd < margin:
        return RowStatus.GAP
    return RowStatus.PROPOSED


def keep(ranked: list[tuple[str, float, int]], max_candidates: int = MAX_CANDIDATES) -> list[tuple[str, float, int]]:
    """The candidates shown for a proposed row: the best few close enough to the best."""
    if not ranked:
        return []
    top = ranked[0][1]
    return [r for r in ranked[:max_candidates] if r[1] >= KEEP * top]
