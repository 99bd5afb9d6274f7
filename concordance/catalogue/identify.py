"""What act a file holds, from its title: the kind (directive, regulation, decision, treaty) and,
for an act the catalogue knows, its catalogue entry.

Why: the Firearms Directive is not bundled (its text may not be copied), so users give their own
EUR-Lex download. That file has no ``act.toml`` beside it, yet it must be treated as what it is —
Directive (EU) 2021/555, with its CELEX, its title, the renumbering from 91/477/EEC and the
correlation links — and a treaty given as a file must be treated as a reference act, not as "a
national law". The answer comes from the title the document itself carries ("DIRECTIVE (EU)
2021/555 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL ...", "Council Directive 91/477/EEC ...",
"Protocol against the Illicit Manufacturing ..."), read with the kind words of
``act_kinds.toml``; nothing is guessed from the file name.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Identity", "identify_title", "celex_of"]

_KINDS_FILE = Path(__file__).with_name("act_kinds.toml")

# "(EU) 2021/555" (year first: directives since 1999, every act since 2015), "(EU) No 258/2012" and
# "(EC) No 1234/2007" (regulations before 2015: number first).
_NEW_NUMBER = re.compile(r"\((?:EU|EC|EЗ|ЕУ|ЕС|EE|EZ|EG|EÜ|UE|CE)\)\s*(?:No\.?\s*|br\.\s*|бр\.\s*|Nr\.\s*)?"
                         r"(\d{1,4})/(\d{1,4})", re.IGNORECASE)
# "91/477/EEC", "2008/51/EC": year (2 or 4 digits) / number / community.
_OLD_NUMBER = re.compile(r"\b(\d{2}|\d{4})/(\d{1,4})/(?:EEC|EC|EWG|EG|EEZ|ЕЕЗ|EHS|CEE|CE)\b", re.IGNORECASE)
_CELEX_TYPE = {"directive": "L", "regulation": "R", "decision": "D"}


@dataclass(frozen=True)
class Identity:
    """What the title says the act is. ``celex`` is set for a numbered EU act; ``jurisdiction`` is
    ``EU`` or ``INT`` for reference acts and empty when the title names no reference kind."""

    kind: str = "law"
    jurisdiction: str = ""
    celex: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.jurisdiction)


@lru_cache(maxsize=1)
def _kinds() -> tuple[dict[str, str], dict[str, str]]:
    data = tomllib.loads(_KINDS_FILE.read_text(encoding="utf-8"))
    word_kind = {w.casefold(): kind for kind, words in data["kinds"].items() for w in words}
    return word_kind, dict(data["reference"])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def celex_of(kind: str, year: str, number: str) -> str:
    """The CELEX number of a numbered EU act: sector 3, four-digit year, type letter, number on four
    digits (``celex_of("directive", "91", "477")`` is ``31991L0477``)."""
    y = int(year)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    return f"3{y:04d}{_CELEX_TYPE[kind]}{int(number):04d}"


def identify_title(title: str) -> Identity:
    """The kind, jurisdiction and CELEX number a title states.

    An EU act is recognised only by a kind word *and* an EU number ("Directive (EU) 2021/555",
    "Directive 91/477/EEC"), because "Uredba" or "Odluka" alone also name national bylaws. A treaty
    is recognised by a treaty word among the title's first three words ("Protocol against ...",
    "European Convention on ..."), because a national law ratifying a convention opens with
    "Law"/"Zakon" and names the convention later.
    """
    word_kind, reference = _kinds()
    words = _words(title)
    for m in (*_NEW_NUMBER.finditer(title), *_OLD_NUMBER.finditer(title)):
        before = _words(title[: m.start()])[-4:]
        kind = next((word_kind[w] for w in reversed(before) if word_kind.get(w) in _CELEX_TYPE), None)
        if kind:
            year, number = m.group(1), m.group(2)
            if len(year) < 4 and len(number) == 4 and m.re is _NEW_NUMBER:
                year, number = number, year          # "No 258/2012": number, then year
            return Identity(kind, reference[kind], celex_of(kind, year, number))
    first = next((word_kind[w] for w in words[:3] if word_kind.get(w) == "treaty"), None)
    if first:
        return Identity("treaty", reference["treaty"])
    return Identity()
