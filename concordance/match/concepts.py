"""Firearms-law concept glossary: lets a Macedonian or Albanian article meet an English one.

WHY: lexical similarity fails across languages; embeddings are not always installed. A law on
weapons speaks about a few hundred recurring legal concepts (firearm, category A, authorisation,
dealer, marking, deactivation, European firearms pass, ...). ``concepts.toml`` lists them with the
words each supported language uses for them, so two provisions in different languages can be compared
by the concepts they share.

Matching rule (what a term in ``concepts.toml`` means)
------------------------------------------------------
* Text and terms are both normalised with :func:`concordance.language.normalise` (lowercase, Latin
  script, diacritics folded), so one Serbian term in Latin also finds Serbian Cyrillic text.
* A term is a sequence of words; it matches a run of consecutive words of the text, each text word
  STARTING WITH the corresponding term word ("vatren oružj" finds "vatrenog oružja", "vatreno oružje").
  Terms are therefore written as stems.
* Term words of one or two letters must match a whole word ("kategorij a" needs the letter A itself).
* ``word$`` must match a whole word ("arms$" does not find "armoured").
* ``~word`` may match inside a word (German and Estonian compounds: "~waffenbesitzkart", "~relvaluba").
* Between the words of a term, the language's "glue" words from ``[glue]`` may stand (Albanian linking
  articles: "armë zjarri" finds "armët e zjarrit").
* Serbian, Bosnian, Croatian and Montenegrin text is matched with the union of the four languages'
  terms: laws of one jurisdiction borrow the others' words (municija / streljivo).

``unverified`` in a concept lists languages ("sq") or single terms ("sr:term") whose form is NOT
attested in the bundled corpus of that language (see tests/test_concepts.py, which checks this).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import tomllib

from concordance.language import SUPPORTED_LANGUAGES, canonical_lang, normalise, strip_invisible, to_cyrillic

__all__ = [
    "Concept",
    "ConceptTable",
    "CONCEPTS",
    "GLOSSARY_LANGUAGES",
    "find_concepts",
    "concept",
    "concept_label",
    "themes",
    "supports",
    "attested_terms",
]

GLOSSARY_FILE = Path(__file__).with_name("concepts.toml")
#: Languages every concept carries terms for.
GLOSSARY_LANGUAGES: tuple[str, ...] = SUPPORTED_LANGUAGES
#: Languages whose terms are pooled when matching (one linguistic standard, four national names).
_POOLED = ("sr", "bs", "hr", "cnr")


@dataclass(frozen=True)
class Concept:
    """One legal concept: id, English label, theme, and the terms per language (as written in the
    glossary, before normalisation)."""

    id: str
    label: str
    theme: str
    terms: Mapping[str, tuple[str, ...]] = field(compare=False, hash=False, repr=False)
    unverified: frozenset[str] = field(default=frozenset(), compare=False, hash=False, repr=False)
    labels: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def is_verified(self, lang: str, term: str) -> bool:
        """False when the glossary marks this term (or all terms of the language) as not attested."""
        return lang not in self.unverified and f"{lang}:{term}" not in self.unverified


@dataclass(frozen=True)
class _Word:
    text: str
    mode: str  # "prefix" | "exact" | "infix"

    def matches(self, word: str) -> bool:
        if self.mode == "exact":
            return word == self.text
        if self.mode == "infix":
            return self.text in word
        return word.startswith(self.text)


@dataclass(frozen=True)
class _Term:
    concept_id: str
    words: tuple[_Word, ...]
    lang: str = ""
    source: str = ""  # the term as written in the glossary


def _parse_term(term: str) -> tuple[_Word, ...]:
    words: list[_Word] = []
    for raw in term.split():
        mode = "prefix"
        if raw.endswith("$"):
            mode, raw = "exact", raw[:-1]
        elif raw.startswith("~"):
            mode, raw = "infix", raw[1:]
        for part in normalise(raw).split():
            part_mode = "exact" if mode == "prefix" and len(part) <= 2 else mode
            words.append(_Word(part, part_mode))
    if not words:
        raise ValueError(f"concepts.toml: term {term!r} is empty after normalisation")
    return tuple(words)


class ConceptTable(tuple):
    """All concepts in glossary order (a tuple of :class:`Concept`), also looked up by id with
    ``get(id)`` / ``by_id[id]`` - callers that iterate and callers that look up both work."""

    by_id: Mapping[str, Concept]

    def __new__(cls, concepts: tuple[Concept, ...]) -> "ConceptTable":
        table = super().__new__(cls, concepts)
        table.by_id = MappingProxyType({c.id: c for c in concepts})
        return table

    def get(self, concept_id: str, default: Concept | None = None) -> Concept | None:
        return self.by_id.get(concept_id, default)

    def ids(self) -> list[str]:
        return [c.id for c in self]


def _load(path: Path = GLOSSARY_FILE) -> tuple[ConceptTable, dict[str, frozenset[str]]]:
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    glue = {lang: frozenset(normalise(w) for w in words) for lang, words in data.get("glue", {}).items()}
    concepts: list[Concept] = []
    seen: set[str] = set()
    for entry in data["concept"]:
        cid = entry["id"]
        if cid in seen:
            raise ValueError(f"concepts.toml: duplicate concept id {cid!r}")
        seen.add(cid)
        terms = {lang: tuple(entry.get(lang, ())) for lang in GLOSSARY_LANGUAGES}
        concepts.append(Concept(
            id=cid,
            label=entry["label"],
            theme=entry["theme"],
            terms=MappingProxyType(terms),
            unverified=frozenset(entry.get("unverified", ())),
            labels=MappingProxyType(dict(entry.get("labels", {}))),
        ))
    return ConceptTable(tuple(concepts)), glue


CONCEPTS, _GLUE = _load()
_BY_ID: Mapping[str, Concept] = CONCEPTS.by_id


def concept(concept_id: str) -> Concept:
    """The concept with this id (KeyError names the id if unknown)."""
    return _BY_ID[concept_id]


def concept_label(concept_id: str, lang: str = "en") -> str:
    """Human label of a concept for a reviewer: the glossary's label in ``lang`` (sq, cnr, mk),
    Serbian/Bosnian/Croatian readers get the Montenegrin (ijekavian Latin) label, "sr-Cyrl" gets
    it in Cyrillic; every other language gets the English label."""
    c = _BY_ID[concept_id]
    raw = (lang or "en").strip().lower()
    code = canonical_lang(lang) or "en"
    if code in c.labels:
        return c.labels[code]
    if code in _POOLED and "cnr" in c.labels:
        label = c.labels["cnr"]
        return to_cyrillic(label, code) if raw.endswith("cyrl") and code != "hr" else label
    return c.label


def themes() -> list[str]:
    """Themes in glossary order (definitions, categories, marking, ...)."""
    return list(dict.fromkeys(c.theme for c in CONCEPTS))


def supports(lang: str | None) -> bool:
    """Does the glossary carry terms for ``lang``?"""
    code = canonical_lang(lang)
    return code in GLOSSARY_LANGUAGES and any(c.terms.get(code) for c in CONCEPTS)


# --------------------------------------------------------------------------- matcher

class _Index:
    """Terms of one language indexed by their first word, so each text word costs a few dict look-ups."""

    def __init__(self, terms: list[_Term], glue: frozenset[str]):
        self.glue = glue
        self.exact: dict[str, list[_Term]] = {}
        self.prefix: dict[str, list[_Term]] = {}
        self.infix: list[_Term] = []
        for t in terms:
            first = t.words[0]
            if first.mode == "exact":
                self.exact.setdefault(first.text, []).append(t)
            elif first.mode == "infix":
                self.infix.append(t)
            else:
                self.prefix.setdefault(first.text, []).append(t)
        self.prefix_lengths = sorted({len(k) for k in self.prefix})

    def candidates(self, word: str) -> list[_Term]:
        out = list(self.exact.get(word, ()))
        for n in self.prefix_lengths:
            if n > len(word):
                break
            hit = self.prefix.get(word[:n])
            if hit:
                out.extend(hit)
        out.extend(t for t in self.infix if t.words[0].text in word)
        return out

    def match_at(self, term: _Term, words: list[str], i: int) -> int | None:
        """Index one past the last text word of ``term`` starting at ``i``, or None."""
        j = i + 1
        for w in term.words[1:]:
            while j < len(words) and not w.matches(words[j]) and words[j] in self.glue:
                j += 1
            if j >= len(words) or not w.matches(words[j]):
                return None
            j += 1
        return j


@lru_cache(maxsize=None)
def _index(lang: str) -> _Index:
    langs = _POOLED if lang in _POOLED else (lang,)
    terms: list[_Term] = []
    seen: set[tuple[str, tuple[_Word, ...]]] = set()
    for c in CONCEPTS:
        for code in langs:
            for term in c.terms.get(code, ()):
                words = _parse_term(term)
                if (c.id, words) not in seen:
                    seen.add((c.id, words))
                    terms.append(_Term(c.id, words, code, term))
    glue: frozenset[str] = frozenset().union(*(_GLUE.get(code, frozenset()) for code in langs))
    return _Index(terms, glue)


_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")


@lru_cache(maxsize=200_000)
def _norm_word(word: str) -> str:
    return normalise(word).replace(" ", "")


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for m in _WORD_RE.finditer(text):
        w = _norm_word(m.group(0))
        if w:
            words.append(w)
            spans.append(m.span())
    return words, spans


def find_concepts(text: str, lang: str | None) -> dict[str, list[str]]:
    """Concepts named in ``text``: concept id -> the distinct surface forms found, in text order.

    ``lang`` selects the terms (sr/bs/hr/cnr share theirs; ``me`` = cnr). Raises ValueError for a
    language the glossary does not cover: callers should check :func:`supports` and warn instead."""
    code = canonical_lang(lang)
    if code not in GLOSSARY_LANGUAGES:
        raise ValueError(f"the concept glossary has no terms for language {lang!r}; "
                         f"supported: {', '.join(GLOSSARY_LANGUAGES)}")
    text = unicodedata.normalize("NFC", strip_invisible(text))
    index = _index(code)
    words, spans = _words(text)
    found: dict[str, list[str]] = {}
    for i, w in enumerate(words):
        for term in index.candidates(w):
            end = index.match_at(term, words, i)
            if end is None:
                continue
            surface = text[spans[i][0]:spans[end - 1][1]]
            forms = found.setdefault(term.concept_id, [])
            if surface not in forms:
                forms.append(surface)
    return found


def attested_terms(text: str, lang: str) -> set[tuple[str, str]]:
    """(concept id, term) pairs of ``lang``'s OWN terms (no pooling) that occur in ``text`` under the
    matching rule above. Used to check the glossary against the bundled corpus in one pass."""
    code = canonical_lang(lang) or lang
    terms = [_Term(c.id, _parse_term(t), code, t) for c in CONCEPTS for t in c.terms.get(code, ())]
    index = _Index(terms, _GLUE.get(code, frozenset()))
    words, _ = _words(unicodedata.normalize("NFC", text))
    found: set[tuple[str, str]] = set()
    for i, w in enumerate(words):
        for term in index.candidates(w):
            if (term.concept_id, term.source) not in found and index.match_at(term, words, i) is not None:
                found.add((term.concept_id, term.source))
    return found


# --------------------------------------------------------------------------- glossary check

_POOLED_CORPUS = {"sr": "hbs", "bs": "hbs", "hr": "hbs", "cnr": "hbs"}
_TEXT_SUFFIXES = (".txt", ".md")


def corpus_files(root: Path) -> dict[str, list[Path]]:
    """Bundled text files under ``root``/directives and ``root``/national_laws by language, read from
    the language tag in the file name ("ME-zakon....cnr.txt", "32021L0555.hr.fragments.txt").
    Serbian, Bosnian, Croatian and Montenegrin files are pooled under "hbs"."""
    out: dict[str, list[Path]] = {}
    for folder in ("directives", "national_laws"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in _TEXT_SUFFIXES or path.name in ("SOURCES.md", "README.md"):
                continue
            tags = [t for t in path.name.split(".")[1:-1] if canonical_lang(t) in GLOSSARY_LANGUAGES]
            if tags:
                lang = canonical_lang(tags[0]) or tags[0]
                out.setdefault(_POOLED_CORPUS.get(lang, lang), []).append(path)
    return out


@dataclass(frozen=True)
class Attestation:
    """How many of one language's glossary terms occur in the bundled texts of that language."""

    lang: str
    corpus_files: tuple[str, ...]
    attested: frozenset[tuple[str, str]]   # (concept id, term)
    terms: tuple[tuple[str, str], ...]     # every (concept id, term) of the language

    @property
    def share(self) -> float:
        return len(self.attested) / len(self.terms) if self.terms else 0.0

    def unattested(self) -> list[tuple[str, str]]:
        return [t for t in self.terms if t not in self.attested]


def attestation(root: Path) -> dict[str, Attestation]:
    """Per glossary language: which terms occur in the bundled corpus of that language (sr/bs/hr/cnr
    against the pooled Serbo-Croatian texts). Languages without bundled texts attest nothing."""
    files = corpus_files(root)
    report: dict[str, Attestation] = {}
    for lang in GLOSSARY_LANGUAGES:
        paths = files.get(_POOLED_CORPUS.get(lang, lang), [])
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
        terms = tuple((c.id, t) for c in CONCEPTS for t in c.terms.get(lang, ()))
        found = attested_terms(text, lang) if text else set()
        report[lang] = Attestation(lang, tuple(str(p.relative_to(root)) for p in paths),
                                   frozenset(found), terms)
    return report
