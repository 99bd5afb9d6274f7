"""The pieces of text the signals compare: reference rows and national candidate units.

A *unit* is a provision plus the text used to compare it: its article's heading (which names the
subject, e.g. "Marking of firearms") followed by its full text. National units are the articles
and their paragraphs (and the points of a paragraph, which is where Balkan laws list weapon
categories), so that a candidate can be proposed at the article or at the paragraph level.
``position`` is the unit's place in its act, from 0 (first) to 1 (last), for the order prior.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Act, Provision

NATIONAL_UNIT_KINDS = ("article", "paragraph", "point", "definition")
#: Inside an annex: its parts and the numbered points of its lists (tables and categories hold them).
ANNEX_UNIT_KINDS = ("annex_part", "paragraph", "point", "subpoint", "definition")


@dataclass(frozen=True)
class Unit:
    id: str
    citation: str
    article: str          # id of the enclosing article or annex (the unit's own id for an article)
    kind: str
    text: str             # heading of the article + the provision's full text
    position: float       # 0..1 within the act
    own_parts: tuple[str, ...] = ()   # ids of child units whose text makes up this unit's text
    topic: str = ""       # the heading that names the subject: the article's, else its chapter's


def _article_id(act: Act, p: Provision) -> str:
    art = act.article_of(p.id)
    return art.id if art is not None else p.id


def _topic(act: Act, p: Provision) -> str:
    """The nearest heading above the provision: its article's heading, else the enclosing
    section's or chapter's (Balkan laws title chapters, not articles)."""
    q: Provision | None = act.article_of(p.id) or p
    while q is not None:
        if q.heading and q.kind not in ("paragraph", "point", "subpoint", "indent"):
            return q.heading
        q = act.get(q.parent) if q.parent else None
    return ""


def _text(act: Act, p: Provision) -> str:
    art = act.article_of(p.id)
    heading = art.heading if art is not None and art.heading else ""
    body = act.full_text(p.id, with_heading=(art is None or art.id == p.id))
    if heading and art is not None and art.id != p.id:
        return f"{heading}\n{body}"
    return body


def reference_units(act: Act, rows: list[Provision]) -> list[Unit]:
    order = {p.id: i for i, p in enumerate(act.provisions)}
    n = max(len(act.provisions) - 1, 1)
    return [
        Unit(p.id, p.citation, _article_id(act, p), p.kind, _text(act, p), order.get(p.id, 0) / n,
             topic=_topic(act, p))
        for p in rows
    ]


def national_units(act: Act) -> list[Unit]:
    """Articles and annexes, their paragraphs, and the points/definitions inside them, in document
    order.

    Annexes count like articles: the German and Czech laws keep their definitions and weapon
    lists in annexes (Anlage 1 "Begriffsbestimmungen", příloha č. 1), and experts cite them there.
    Points count only when they carry a sentence of their own (at least 25 characters): a bare
    list item such as "1) firearms;" adds a unit without adding a candidate a reviewer would cite.
    """
    act = replace(act, provisions=tuple(p for p in act.provisions if p.status != "repealed"))  # repealed: never candidates
    articles = [p for p in act.provisions if p.kind in ("article", "annex")]
    if not any(p.kind == "article" for p in articles):
        articles = [p for p in act.provisions if p.parent is None and p.kind not in ("preamble", "recital")]
    n = max(len(articles) - 1, 1)
    units: list[Unit] = []
    for i, art in enumerate(articles):
        kids: list[Unit] = []
        for d in act.descendants(art.id):
            if d.kind not in (ANNEX_UNIT_KINDS if art.kind == "annex" else NATIONAL_UNIT_KINDS):
                continue
            if d.kind in ("point", "subpoint", "definition") and len(act.full_text(d.id, False)) < 25:
                continue
            kids.append(Unit(d.id, d.citation, art.id, d.kind, _text(act, d), i / n, topic=_topic(act, d)))
        text = _text(act, art)
        if not text.strip():
            continue
        units.append(Unit(art.id, art.citation, art.id, art.kind, text, i / n, tuple(k.id for k in kids),
                          topic=_topic(act, art)))
        units.extend(kids)
    return units


@dataclass
class SignalScores:
    """What one signal says about every (reference row, national unit) pair.

    ``scores[i, j]`` is in [0, 1]; ``explain(i, j)`` gives the evidence in plain words ("" when the
    signal has nothing to say). ``conflict`` (numbers only) is in [0, 1] where the two texts state
    different values for the same kind of quantity, which lowers the combined score.
    """

    name: str
    scores: "object"                 # numpy array, rows x units
    explain: "object"                # Callable[[int, int], str]
    conflict: "object | None" = None
    detail: "object | None" = None   # what later steps may reuse (the concepts signal: its ConceptView)
