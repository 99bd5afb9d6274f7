"""Which theme (marking, deactivation, transfers, ...) a reference provision belongs to.

Ministries read open gaps by subject, not by article number, so the dashboard groups rows by theme.
The theme comes from the provision's words, through the firearms-law concept glossary
(:mod:`concordance.match.concepts`) with keyword rules from ``themes.toml`` as the fallback. Nothing
here knows any act's numbering, so the same rules serve every reference act.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from .model import ConcordanceRow, ProvisionClass

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

THEMES_FILE = Path(__file__).with_name("themes.toml")


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    order: int
    classes: tuple[str, ...] = ()
    concept_themes: tuple[str, ...] = ()
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # lang ("" = English/default) -> word prefixes
    weight: float = 1.0
    fallback: bool = False


@dataclass(frozen=True)
class ThemeBook:
    """The themes in display order, and the one that takes what no rule claims."""

    themes: tuple[Theme, ...]

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
            keywords=kws,
            weight=float(spec.get("weight", 1)),
            fallback=bool(spec.get("fallback", False)),
        ))
    if not themes:
        raise ValueError(f"{path}: no [themes.*] tables")
    themes.sort(key=lambda t: t.order)
    return ThemeBook(tuple(themes))


def _fold(text: str) -> str:
    """Lower case, Cyrillic as Latin, diacritics folded: the form keywords are compared in."""
    try:
        from .language import normalise
    except ImportError:  # the language module is optional for theming; fold by hand then
        normalise = None
    if normalise is not None:
        try:
            return normalise(text, "")
        except Exception:  # noqa: BLE001 - an unknown language code must not stop theming
            pass
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u2019", "'")


@lru_cache(maxsize=64)
def _keyword_re(keyword: str) -> re.Pattern[str]:
    # A keyword is a word prefix: "deactivat" finds "deactivated" and "deactivation".
    return re.compile(r"(?<![\w])" + re.escape(keyword))


def _concept_hits(text: str, lang: str) -> dict[str, int]:
    """Concept theme name -> number of surface terms found, via the concept glossary if present."""
    try:
        from .match.concepts import CONCEPTS, find_concepts
    except (ImportError, OSError):  # glossary not installed: the keyword rules take over
        return {}
    found = find_concepts(text, lang or "en")
    hits: dict[str, int] = {}
    for cid, terms in found.items():
        concept = CONCEPTS.get(cid) if hasattr(CONCEPTS, "get") else None
        theme = getattr(concept, "theme", None)
        if theme is None and isinstance(concept, Mapping):
            theme = concept.get("theme")
        if theme:
            hits[str(theme).lower()] = hits.get(str(theme).lower(), 0) + max(1, len(terms))
    return hits


def theme_of(text: str, lang: str = "en", klass: ProvisionClass | str | None = None,
             book: ThemeBook | None = None) -> str | None:
    """The theme id the text speaks of, or None when no rule fires (the caller then inherits)."""
    book = book or load_themes()
    klass_value = klass.value if isinstance(klass, ProvisionClass) else klass
    if klass_value:
        for t in book.themes:
            if klass_value in t.classes:
                return t.id
    if not text or not text.strip():
        return None
    scores: dict[str, float] = {}
    concept_hits = _concept_hits(text, lang)
    if concept_hits:
        for t in book.themes:
            n = sum(concept_hits.get(name, 0) for name in t.concept_themes)
            if n:
                scores[t.id] = float(n)
    if not scores:
        folded = _fold(text)
        lang_key = (lang or "").lower()
        for t in book.themes:
            words = t.keywords.get("", ()) + (t.keywords.get(lang_key, ()) if lang_key else ())
            n = sum(len(_keyword_re(w).findall(folded)) for w in words)
            if n:
                scores[t.id] = n * t.weight
    if not scores:
        return None
    best = max(scores.values())
    for t in book.themes:  # ties go to the theme listed first
        if scores.get(t.id) == best:
            return t.id
    return None


def assign_themes(rows: Iterable[ConcordanceRow], lang: str = "en",
                  book: ThemeBook | None = None) -> dict[str, str]:
    """Reference provision id -> theme id for every row.

    A row whose own words name no theme (a short point such as "(c) the calibre") takes the theme of
    its article, judged on the article's heading and all its rows' text together.
    """
    book = book or load_themes()
    rows = list(rows)
    by_article: dict[str, list[ConcordanceRow]] = {}
    for r in rows:
        by_article.setdefault(r.article or r.reference_provision, []).append(r)
    article_theme: dict[str, str | None] = {}
    for art, members in by_article.items():
        heading = next((m.heading for m in members if m.heading), "")
        text = "\n".join([heading] + [m.text for m in members])
        article_theme[art] = theme_of(text, lang, None, book)
    out: dict[str, str] = {}
    for r in rows:
        own = theme_of(" ".join(s for s in (r.heading if r.reference_provision == r.article else "", r.text) if s),
                       lang, r.klass, book)
        out[r.reference_provision] = own or article_theme.get(r.article or r.reference_provision) or book.fallback.id
    return out
