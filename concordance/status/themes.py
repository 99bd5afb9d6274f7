"""Which theme (marking, deactivation, transfers, ...) a reference provision belongs to.

Ministries read open gaps by subject, not by article number, so the dashboard groups rows by theme.
The theme comes from the provision's words, through the firearms-law concept glossary
(:mod:`concordance.match.concepts`) with keyword rules from ``themes.toml`` as the fallback. Nothing
here knows any act's numbering, so the same rules serve every reference act.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from ..language import normalise
from ..model import ConcordanceRow, ProvisionClass

import tomllib

THEMES_FILE = Path(__file__).with_name("themes.toml")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    order: int
    classes: tuple[str, ...] = ()
    concept_themes: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang ("" = English/default) -> word prefixes
    weight: float = 1.0
    fallback: bool = False


@dataclass(frozen=True)
class ThemeBook:
    """The themes in display order, and the one that takes what no rule claims."""

    themes: tuple[Theme, ...]
    ignored_concepts: frozenset[str] = frozenset()

    @property
    def fallback(self) -> Theme:
        for t in self.themes:
            if t.fallback:
                return t
        return self.themes[-1]

    def get(self, theme_id: str) -> Theme:
        for t in self.themes:
            if t.id == theme_id:
                return t
        return self.fallback

    def labels(self) -> dict[str, str]:
        return {t.id: t.label for t in self.themes}


def load_themes(path: Path | None = None) -> ThemeBook:
    """Read a themes file (default: the bundled ``themes.toml``)."""
    return _load(str(path or THEMES_FILE))


@lru_cache(maxsize=8)
def _load(path: str) -> ThemeBook:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    themes = []
    for tid, spec in data.get("themes", {}).items():
        kws: dict[str, tuple[str, ...]] = {}
        for key, value in spec.items():
            if key == "keywords":
                kws[""] = tuple(_fold(v) for v in value)
            elif key.startswith("keywords_"):
                kws[key[len("keywords_"):]] = tuple(_fold(v) for v in value)
        themes.append(Theme(
            id=tid,
            label=str(spec.get("label", tid)),
            order=int(spec.get("order", 50)),
            classes=tuple(spec.get("classes", ())),
            concept_themes=tuple(s.lower() for s in spec.get("concept_themes", ())),
            concepts=tuple(spec.get("concepts", ())),
            keywords=kws,
            weight=float(spec.get("weight", 1)),
            fallback=bool(spec.get("fallback", False)),
        ))
    if not themes:
        raise ValueError(f"{path}: no [themes.*] tables")
    themes.sort(key=lambda t: t.order)
    return ThemeBook(tuple(themes), frozenset(data.get("concepts", {}).get("ignore", ())))


def _fold(text: str) -> str:
    """Lower case, Cyrillic as Latin, diacritics folded, punctuation as spaces: the one form both
    keywords and provision text are compared in (so "data-filing" finds "data filing")."""
    return normalise(text or "", "")


@lru_cache(maxsize=64)
def _keyword_re(keyword: str) -> re.Pattern[str]:
    # A keyword is a word prefix: "deactivat" finds "deactivated" and "deactivation".
    return re.compile(r"(?<![\w])" + re.escape(keyword))


def _concept_hits(text: str, lang: str, ignored: frozenset[str] = frozenset()) -> dict[str, int]:
    """Concept id -> number of surface terms found, via the concept glossary if it is installed."""
    try:
        from ..match.concepts import find_concepts
    except (ImportError, OSError):  # glossary not installed: the keyword rules take over
        return {}
    return {cid: max(1, len(terms)) for cid, terms in find_concepts(text, lang or "en").items()
            if cid not in ignored}


def _concept_theme(concept_id: str) -> str:
    from ..match.concepts import CONCEPTS

    c = CONCEPTS.get(concept_id)
    return c.theme.lower() if c is not None else ""


def theme_scores(text: str, lang: str = "en", book: ThemeBook | None = None) -> dict[str, float]:
    """Theme id -> how strongly the text speaks of it: concept hits when the glossary finds any,
    else weighted keyword hits. Empty when nothing fires."""
    book = book or load_themes()
    if not text or not text.strip():
        return {}
    scores: dict[str, float] = {}
    concept_hits = _concept_hits(text, lang, book.ignored_concepts)
    if concept_hits:
        for cid, n in concept_hits.items():
            glossary_theme = _concept_theme(cid)
            for t in book.themes:   # the first theme that claims the concept gets its hits
                if cid in t.concepts or glossary_theme in t.concept_themes:
                    scores[t.id] = scores.get(t.id, 0.0) + n
                    break
    if not scores:
        folded = _fold(text)
        lang_key = (lang or "").lower()
        for t in book.themes:
            words = t.keywords.get("", ()) + (t.keywords.get(lang_key, ()) if lang_key else ())
            n = sum(len(_keyword_re(w).findall(folded)) for w in words)
            if n:
                scores[t.id] = n * t.weight
    return scores


def _best(scores: Mapping[str, float], book: ThemeBook) -> str | None:
    if not scores:
        return None
    top = max(scores.values())
    if top <= 0:
        return None
    for t in book.themes:  # ties go to the theme listed first
        if scores.get(t.id) == top:
            return t.id
    return None


def _class_theme(klass: ProvisionClass | str | None, book: ThemeBook) -> str | None:
    value = klass.value if isinstance(klass, ProvisionClass) else klass
    if value:
        for t in book.themes:
            if value in t.classes:
                return t.id
    return None


def theme_of(text: str, lang: str = "en", klass: ProvisionClass | str | None = None,
             book: ThemeBook | None = None) -> str | None:
    """The theme id the text speaks of, or None when no rule fires (the caller then inherits)."""
    book = book or load_themes()
    return _class_theme(klass, book) or _best(theme_scores(text, lang, book), book)


#: How much each source of words counts when a row's theme is chosen: a heading ("Marking of
#: firearms", "Record-keeping") is the drafter's own label and weighs most; the row's own text
#: next; the rest of its article only breaks silence.
HEADING_WEIGHT = 2.0
OWN_WEIGHT = 1.0
ARTICLE_WEIGHT = 0.25


def assign_themes(rows: Iterable[ConcordanceRow], lang: str = "en",
                  book: ThemeBook | None = None) -> dict[str, str]:
    """Reference provision id -> theme id for every row.

    A row's class decides first (definitions). Otherwise the heading, the row's own text and the
    text of its whole article vote with the weights above, so a short point such as "(c) the
    calibre" takes the theme of its article, and a UN Protocol article headed "Information" is
    information exchange whatever words its paragraphs use.
    """
    book = book or load_themes()
    rows = list(rows)
    by_article: dict[str, list[ConcordanceRow]] = {}
    for r in rows:
        by_article.setdefault(r.article or r.reference_provision, []).append(r)
    article_scores = {art: theme_scores("\n".join(m.text for m in members), lang, book)
                      for art, members in by_article.items()}
    heading_scores: dict[str, dict[str, float]] = {}
    out: dict[str, str] = {}
    for r in rows:
        fixed = _class_theme(r.klass, book)
        if fixed:
            out[r.reference_provision] = fixed
            continue
        if r.heading not in heading_scores:
            heading_scores[r.heading] = theme_scores(r.heading, lang, book)
        votes: dict[str, float] = {}
        for weight, scores in ((HEADING_WEIGHT, heading_scores[r.heading]),
                               (OWN_WEIGHT, theme_scores(r.text, lang, book)),
                               (ARTICLE_WEIGHT, article_scores[r.article or r.reference_provision])):
            for tid, v in scores.items():
                votes[tid] = votes.get(tid, 0.0) + weight * v
        out[r.reference_provision] = _best(votes, book) or book.fallback.id
    return out
