"""The self-citation check: every citation an act makes to its own provisions should name a
provision the parser found.

Why: a law cites itself hundreds of times ("člana 56 stav 4", "§ 24 Abs. 1 Nr. 2", "чл. 7 став 5",
"§ 5 lõike 2 punkt 3", "odstavce 1 písm. b)"). When the parser folds an inserted "(1a)" into
paragraph 1, takes a cross-reference for a point, or loses a paragraph to a heading, the citations
of those provisions stop resolving. The share that resolves is therefore a check of the tree that
needs no one to read the law by hand; the ones that do not resolve point at the faults.

What counts as a self-citation: an article word and number ("§ 24", "člana 56") with the paragraph
and point words that follow, or a paragraph word and number without an article ("Absatz 1 Nr. 2",
"stav 3"), read inside the citing article. A citation with another act's name right after it
("§ 7 des Beschussgesetzes", "člana 5 Zakona o ...") or right before it ("karistusseadustiku § 5")
is of another act; the words that say so are data in each lexicon's ``[self_citation]`` table.
In a list or range ("članovi 5 i 6", "Absätze 1 bis 3") only the first number is read; "§§ 7
und 8" is not read at all.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Act
from . import ids
from .lexicon import SUPERSCRIPT, Lexicon, load

__all__ = ["SelfCitations", "check"]

_TOKEN = rf"(?:\d+(?:\.\d+)*[a-z]?[{SUPERSCRIPT}]*\)?|[a-zа-шѓќѕјљњџђћ]{{1,2}}\))"
_LETTER_TOKEN = r"[a-zа-шѓќѕјљњџђћ](?![\w])"   # "Buchstabe a", "písm. b" without the ")"


@dataclass(frozen=True)
class SelfCitations:
    """How many of the act's citations of itself resolve to a provision of the parse."""

    found: int
    resolved: int
    unresolved: tuple[tuple[str, str, str], ...]    # (citing provision id, the citation as written, id read)

    @property
    def share(self) -> float | None:
        return self.resolved / self.found if self.found else None

    def summary(self) -> str:
        if not self.found:
            return "self-citations: none found"
        return f"self-citations: {self.resolved} of {self.found} resolve to a provision of the parse ({self.share:.1%})"


def _words(lex: Lexicon, key: str) -> list[str]:
    return sorted({w for w in lex.parse_words.get(key, ())} | set(ids._template_words(lex, key)), key=len, reverse=True)


@lru_cache(maxsize=None)
def _patterns(code: str, jurisdiction: str | None) -> tuple[re.Pattern, re.Pattern] | None:
    lex = load(code, jurisdiction)
    art = _words(lex, "article")
    para = _words(lex, "paragraph")
    point = _words(lex, "point")
    if not art:
        return None

    def alt(ws):
        return "|".join(re.escape(w) for w in ws)
    def level(words):
        return rf"(?:\s*,?\s*(?:{alt(words)})\s*(?:{_TOKEN}|{_LETTER_TOKEN}))" if words else ""
    # paragraph, then up to three point levels: "§ 5 odst. 2 písm. a) bod 1"; a second paragraph
    # word starts another citation ("odstavce 7, odstavce 10 písm. c)")
    tail = rf"{level(para)}?{level(point)}{{0,3}}" if para else rf"{level(point)}{{0,3}}"
    parens = r"(?:\s*(?:\(\s*[\w.]+\s*\))+)?" if lex.parse_words.get("parenthesised") else ""
    # the article number without NUM's "5 a" (a spaced letter): in running text that letter is
    # nearly always "and" ("člana 41 i 42", "§ 22 a 23")
    ins = f"(?:{lex.article_inserted})?" if lex.article_inserted else ""
    num = rf"\d+{ins}(?:[a-zа-ш](?![a-zа-шё]))?[{SUPERSCRIPT}]*"
    article = re.compile(rf"(?<![\w§])(?:{alt(art)})\s*{num}(?![\w{SUPERSCRIPT}]){parens}{tail}", re.IGNORECASE)
    relative = re.compile(rf"(?<![\w§])(?:{alt(para)})\s*\d+[a-z]?[{SUPERSCRIPT}]*(?![\w{SUPERSCRIPT}])"
                          rf"{level(point)}{{0,3}}", re.IGNORECASE) if para else re.compile(r"(?!)")
    return article, relative


# The tail of a list or range after a citation ("§ 383 Abs. 1 Nr. 1 bis 3 der ZPO", "члан 5 и 6 од
# Законот"), skipped before looking for another act's name.
_LIST_TAIL = re.compile(r"(?:\s*(?:,|bis|und|oder|i|и|или|ili|a|až|nebo|ja|või|and|or|to|e|ose)\s*\d+[a-z]?"
                        r"(?:\(\w+\))*\)?)*", re.I)
# Between a citation and a following "Absatz 2 Nummer 1" that still belongs to its article:
# "§ 12 Absatz 1 Nummer 2 oder Absatz 2 Nummer 1", "§ 46 Abs. 2 Satz 2, Abs. 3 Satz 2".
_SAME_ARTICLE_GAP = 40


def _other_act(lex: Lexicon, text: str, start: int, end: int) -> bool:
    tail = _LIST_TAIL.match(text, end)
    end = tail.end() if tail else end
    after, before = text[end:end + 80], text[max(0, start - 60):start]
    return any(p.search(after) for p in lex.other_act_after) or any(p.search(before) for p in lex.other_act_before)


def check(act: Act, limit: int = 20) -> SelfCitations:
    """Find the act's citations of itself in every provision's text and resolve each against the
    parse; ``limit`` bounds the unresolved examples kept."""
    code, jur = act.meta.language, act.meta.jurisdiction or None
    try:
        lex = load(code, jur)
    except KeyError:
        return SelfCitations(0, 0, ())
    pats = _patterns(lex.code, jur)
    if pats is None:
        return SelfCitations(0, 0, ())
    article_re, relative_re = pats
    known = {p.id for p in act.provisions}
    article_of = {}
    for p in act.provisions:
        article_of[p.id] = p if p.kind == "article" else article_of.get(p.parent or "", None)
    found = resolved = 0
    unresolved: list[tuple[str, str, str]] = []
    for p in act.provisions:
        text = p.text
        if not text or p.kind in ("part", "chapter", "section", "subsection"):
            continue
        # (start, end, the cited article's id, or "" for another act's) of each citation read so far
        spans: list[tuple[int, int, str]] = []
        cited: list[tuple[str, str]] = []
        for m in article_re.finditer(text):
            pid = ids.parse_citation(m.group(0), lex.code, jur) or ""
            other = _other_act(lex, text, *m.span())
            spans.append((m.start(), m.end(), "" if other else pid.split("__")[0]))
            if not other:
                cited.append((m.group(0), pid))
        art = article_of.get(p.id)
        for m in relative_re.finditer(text):
            if any(a <= m.start() < b for a, b, _ in spans):
                continue
            # "§ 12 Absatz 1 Nummer 2 oder Absatz 2 Nummer 1": a paragraph cited right after an
            # article citation belongs to that article; otherwise to the citing article
            holder = art.id if art is not None else ""
            prev = [s for s in spans if s[1] <= m.start()]
            if prev and m.start() - prev[-1][1] <= _SAME_ARTICLE_GAP and ". " not in text[prev[-1][1]:m.start()]:
                holder = prev[-1][2]
            spans.append((m.start(), m.end(), holder))
            if not holder or _other_act(lex, text, *m.span()):
                continue
            cited.append((m.group(0), ids.parse_citation(f"{ids.citation(holder, lex.code, jur)} {m.group(0)}",
                                                         lex.code, jur) or ""))
        for written, pid in cited:
            if not pid or not pid.startswith("art_"):
                continue
            found += 1
            if pid in known:
                resolved += 1
            elif len(unresolved) < limit:
                unresolved.append((p.id, written.strip(), pid))
    return SelfCitations(found, resolved, tuple(unresolved))
