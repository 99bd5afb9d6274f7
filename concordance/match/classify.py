"""Class of a reference provision: definition, obligation, option, or non-transposable.

Why: a Table of Concordance must not count addressees, entry into force, Commission powers or a
treaty's signature clauses as gaps, and advisers read an option ("Member States may ...") as
something a state may leave unused. The rules are data (``classes.toml``, patterns per language),
so adding a language or a drafting habit is a data edit, never code.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from ..model import Act, Provision, ProvisionClass

RULES_FILE = Path(__file__).with_name("classes.toml")


PREDOMINANCE = "predominance"   # the table of classes.toml that is not a language


@lru_cache(maxsize=1)
def _raw() -> dict:
    return tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _rules() -> dict[str, dict[str, list[re.Pattern[str]]]]:
    return {
        lang: {name: [re.compile(p) for p in pats] for name, pats in table.items()}
        for lang, table in _raw().items() if lang != PREDOMINANCE
    }


@lru_cache(maxsize=1)
def _predominance() -> tuple[float, re.Pattern[str]]:
    table = _raw().get(PREDOMINANCE, {})
    return float(table.get("min_share", 0.5)), re.compile(table.get("sentence_end", r"(?<=[.;:!?])\s+"))


def is_predominantly_definition(text: str, lang: str) -> bool:
    """True when a definition is what the text is, not a term it defines on the way: its first
    sentence defines, or more than ``min_share`` of its lines (paragraphs, points) are definitions
    (rules in the ``[predominance]`` table of classes.toml)."""
    rules = _rules().get(_base(lang))
    patterns = (rules or {}).get("definition", [])
    lines = [ln for ln in (_flat(x) for x in (text or "").splitlines()) if ln]
    if not patterns or not lines:
        return False
    min_share, sentence_end = _predominance()
    first_sentence = sentence_end.split(lines[0], maxsplit=1)[0]
    if _any(patterns, first_sentence):
        return True
    return sum(1 for ln in lines if _any(patterns, ln)) / len(lines) > min_share


def has_rules(lang: str) -> bool:
    """Whether ``classes.toml`` has patterns for this language (else every row is an obligation)."""
    return _base(lang) in _rules()


def _base(lang: str) -> str:
    return (lang or "").split("-")[0].lower()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").casefold()).strip()


def _any(patterns: list[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _count(patterns: list[re.Pattern[str]], text: str) -> int:
    return sum(len(p.findall(text)) for p in patterns)


def looks_like_definition(text: str, lang: str) -> bool:
    """True when the text reads as a definition in this language ("'Firearm' shall mean ...")."""
    rules = _rules().get(_base(lang))
    return bool(rules) and _any(rules.get("definition", []), _flat(text))


def is_inter_state(text: str, lang: str) -> bool:
    """True when the text lays a duty between States (cooperation, exchange of information).

    Such a duty must be transposed (the dev-gold experts grade a law that lacks it "none", not
    "not applicable"), but it is often carried by other laws or government practice rather than
    the weapons law: the gap model takes it as one of its features."""
    rules = _rules().get(_base(lang))
    return bool(rules) and _any(rules.get("inter_state", []), _flat(text))


def classify_text(text: str, heading: str, lang: str, act_kind: str = "") -> ProvisionClass:
    """Class of a piece of reference text, given its article's heading; see ``classes.toml``."""
    rules = _rules().get(_base(lang))
    if not rules:
        return ProvisionClass.OBLIGATION
    flat, head = _flat(text), _flat(heading).rstrip(".:")
    treaty = act_kind == "treaty"
    if _any(rules.get("non_transposable_heading", []), head) or (
        treaty and _any(rules.get("non_transposable_heading_treaty", []), head)
    ):
        return ProvisionClass.NON_TRANSPOSABLE
    if _any(rules.get("non_transposable_text", []), flat) or (
        treaty and _any(rules.get("non_transposable_text_treaty", []), flat)
    ):
        return ProvisionClass.NON_TRANSPOSABLE
    if is_predominantly_definition(text, lang):
        return ProvisionClass.DEFINITION
    options = _count(rules.get("option", []), flat)
    if options and options >= _count(rules.get("obligation", []), flat):
        return ProvisionClass.OPTION
    return ProvisionClass.OBLIGATION


def _heading_of(act: Act, provision: Provision) -> str:
    article = act.article_of(provision.id)
    if article is not None and article.heading:
        return article.heading
    return provision.heading or ""


def classify(provision: Provision, act: Act) -> ProvisionClass:
    """Class of one reference provision (its own and its descendants' text, its article's heading).

    A point inside a definitions list is a definition even when its own words lack "means"
    (the chapeau carries "For the purposes of ...").
    """
    text = act.full_text(provision.id, with_heading=False)
    heading = _heading_of(act, provision)
    klass = classify_text(text, heading, act.meta.language, act.meta.kind)
    if klass is ProvisionClass.OBLIGATION and provision.kind in ("point", "definition"):
        parent = act.get(provision.parent) if provision.parent else None
        if parent is not None and looks_like_definition(parent.text, act.meta.language):
            return ProvisionClass.DEFINITION
    return klass
