"""Candidate lists: an article's score from its parts, which level of it to show, how many.

The decision whether a row is a gap at all is the gap model's (``gap_model.py``); this module only
says, for a row that has candidates, which national articles to put forward:

* an article scores the mean of its whole text's score and its best part's (never less than the
  whole), and is shown at its best part (paragraph or point) when it has parts: real ToCs and the
  experts cite the paragraph that carries the rule (``SHOW_PART_FROM``, chosen leave one law out);
* up to ``MAX_CANDIDATES`` national articles, each scoring at least ``KEEP`` times the best.
"""
from __future__ import annotations

import numpy as np

from .units import Unit

KEEP = 0.6
MAX_CANDIDATES = 5
PART_SHARE = 0.5   # an article's score: (1 - PART_SHARE) x whole text + PART_SHARE x best part
SHOW_PART_FROM = 0.0   # show the best part whenever the article has parts (LOLO, benchmarks/mapping_quality.py)


def article_scores(row_scores: np.ndarray, units: list[Unit],
                   show_part_from: float | None = None) -> dict[str, tuple[float, int]]:
    """Score per national article, and the index of the unit to show as the candidate.

    An article's score is the mean of its whole-text score and its best part's score (never less
    than the whole): a long article that is about the subject AND has one paragraph that says it
    beats both a long article that merely mentions the words and a stray list item that happens
    to share one rare term. The candidate shown is the best part when it scores at least
    ``show_part_from`` times the whole (``SHOW_PART_FROM``): advisers and real ToCs cite the
    paragraph that carries the rule, so the part is shown unless it is clearly weaker than the whole.
    """
    show_from = SHOW_PART_FROM if show_part_from is None else show_part_from
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
            out[art] = ((1 - PART_SHARE) * sw + PART_SHARE * max(sp, sw), p if sp >= show_from * sw else w)
    return out


def keep(ranked: list[tuple[str, float, int]], max_candidates: int | None = None) -> list[tuple[str, float, int]]:
    """The candidates shown for a proposed row: the best few close enough to the best."""
    max_candidates = MAX_CANDIDATES if max_candidates is None else max_candidates
    if not ranked:
        return []
    top = ranked[0][1]
    return [r for r in ranked[:max_candidates] if r[1] >= KEEP * top]
