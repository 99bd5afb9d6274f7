"""Which rows get candidates, which are gaps, and which national provisions transpose nothing.

One rule for every row, never per row:

* a non-transposable row is ``not_applicable`` (no candidates: nothing to transpose);
* a row the reference act does not hold (listed missing, or empty) is ``missing_text`` — never a
  gap, because we cannot know;
* a row the reference act holds only in part (``partial`` in act.toml) is ``proposed`` when a
  credible candidate is found, and otherwise ``missing_text`` too: the counterpart may answer
  the part we do not hold, so "nothing found" is not evidence of a gap;
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
from .units import Unit

THRESHOLD = 0.20
MARGIN = 0.04
KEEP = 0.6
MAX_CANDIDATES = 5
PART_SHARE = 0.5   # an article's score: (1 - PART_SHARE) x whole text + PART_SHARE x best part


def article_scores(row_scores: np.ndarray, units: list[Unit]) -> dict[str, tuple[float, int]]:
    """Score per national article, and the index of the unit to show as the candidate.

    An article's score is the mean of its whole-text score and its best part's score (never less
    than the whole): a long article that is about the subject AND has one paragraph that says it
    beats both a long article that merely mentions the words and a stray list item that happens
    to share one rare term. The candidate shown is the best part when it scores above the whole.
    """
    whole: dict[str, int] = {}
    best_part: dict[str, int] = {}
    for j, u in enumerate(units):
        if u.id == u.article:
            whole[u.article] = j
        elif u.article not in best_part or row_scores[j] > row_scores[best_part[u.article]]:
            best_part[u.article] = j
    out: dict[str, tuple[float, int]] = {}
    for art in whole.keys() | best_part.keys():
        w = whole.get(art)
        p = best_part.get(art)
        sw = float(row_scores[w]) if w is not None else None
        sp = float(row_scores[p]) if p is not None else None
        if sw is None:
            out[art] = (sp, p)
        elif sp is None:
            out[art] = (sw, w)
        else:
            out[art] = ((1 - PART_SHARE) * sw + PART_SHARE * max(sp, sw), p if sp > sw else w)
    return out


def decide(klass: ProvisionClass, missing: bool, ranked: list[float],
           threshold: float | None = None, margin: float | None = None, partial: bool = False) -> RowStatus:
    """Status of one row from its class and its articles' scores (best first); ``partial``: the
    reference text of the row is held only in part (never a ``gap``, see the module docstring)."""
    threshold = THRESHOLD if threshold is None else threshold
    margin = MARGIN if margin is None else margin
    if missing:
        return RowStatus.MISSING_TEXT
    if klass is ProvisionClass.NON_TRANSPOSABLE:
        return RowStatus.NOT_APPLICABLE
    no_credible = RowStatus.MISSING_TEXT if partial else RowStatus.GAP
    if not ranked:
        return no_credible
    top = ranked[0]
    crowd = float(np.median(ranked[:10])) if len(ranked) > 1 else 0.0
    if top < threshold or top - crowd < margin:
        return no_credible
    return RowStatus.PROPOSED


def keep(ranked: list[tuple[str, float, int]], max_candidates: int | None = None) -> list[tuple[str, float, int]]:
    """The candidates shown for a proposed row: the best few close enough to the best."""
    max_candidates = MAX_CANDIDATES if max_candidates is None else max_candidates
    if not ranked:
        return []
    top = ranked[0][1]
    return [r for r in ranked[:max_candidates] if r[1] >= KEEP * top]
