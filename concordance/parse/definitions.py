"""Defined terms -> the provision that defines them.

Definitions are found line by line with the language's patterns ("'firearm' means", ""Огнено
оружје" се", "Oružjem se smatra", "X nënkupton", "X tähendab"); the provision is the smallest unit
holding the line (a point where definitions are numbered, the definitions article otherwise).
"""
from __future__ import annotations

from ..model import Provision
from .lexicon import Lexicon

_STRIP = " \t'\"‘’“”«»„`´"


def extract(provisions: list[Provision] | tuple[Provision, ...], lex: Lexicon) -> dict[str, str]:
    found: dict[str, str] = {}
    for p in provisions:
        if p.kind not in ("article", "paragraph", "point", "subpoint", "definition", "subparagraph"):
            continue
        for line in p.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            for pat in lex.definition_patterns:
                m = pat.search(line)
                if not m:
                    continue
                term = m.group("term").strip(_STRIP)
                if 2 <= len(term) <= 80 and len(term.split()) <= 8 and term not in found:
                    found[term] = p.id
                break
    return found
