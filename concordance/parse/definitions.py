"""Defined terms -> the provision that defines them.

Definitions are found line by line with the language's patterns ("'firearm' means", ""Огнено
оружје" се", "Oružjem se smatra", "X nënkupton", "X tähendab"); the provision is the smallest unit
holding the line (a point where definitions are numbered, the definitions article otherwise).
Loose patterns ("1) vatreno oružje je ...") are ``contextual``: they count only inside an article
that announces definitions ("izrazi ... imaju sljedeća značenja"), because "X je" also starts
ordinary sentences.
"""
from __future__ import annotations

from ..model import Provision
from .lexicon import Lexicon

_STRIP = " \t'\"‘’“”«»„`´"
_KINDS = ("article", "paragraph", "point", "subpoint", "definition", "subparagraph")


def extract(provisions: list[Provision] | tuple[Provision, ...], lex: Lexicon) -> dict[str, str]:
    by_id = {p.id: p for p in provisions}

    def article_of(p: Provision) -> Provision:
        while p.parent and p.kind != "article" and p.parent in by_id:
            p = by_id[p.parent]
        return p

    announcing: dict[str, bool] = {}

    def announces(p: Provision) -> bool:
        art = article_of(p)
        if art.id not in announcing:
            head = " ".join(filter(None, [art.heading or ""] +
                                   [q.text for q in provisions if q.id == art.id or
                                    (q.parent == art.id and q.id.endswith(("para_1", "__point_1")))])).lower()
            announcing[art.id] = any(w in head for w in lex.definition_context)
        return announcing[art.id]

    found: dict[str, str] = {}
    for p in provisions:
        if p.kind not in _KINDS:
            continue
        contextual = bool(lex.definition_contextual) and announces(p)
        for line in p.text.split("\n"):
            term = defined_term(line, lex, contextual)
            if term and term not in found:
                found[term] = p.id
    return found


def defined_term(line: str, lex: Lexicon, contextual: bool = False) -> str | None:
    """The term a line defines ("'Firearm' shall mean ..." -> "Firearm"), or None; ``contextual``
    also tries the loose patterns (only where the article announces definitions)."""
    line = line.strip()
    if not line:
        return None
    pats = list(lex.definition_patterns) + (list(lex.definition_contextual) if contextual else [])
    for pat in pats:
        m = pat.search(line)
        if not m:
            continue
        term = m.group("term").strip(_STRIP)
        return term if 2 <= len(term) <= 80 and len(term.split()) <= 8 else None
    return None
