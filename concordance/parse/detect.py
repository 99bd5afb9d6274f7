"""Which language (and drafting style) a text is in, from its heading words and script.

Why heading words first: a weapons law is recognised by how its articles are headed ("Член 5"
is Macedonian, "Члан 5" Serbian, "Neni 5" Albanian, "§ 5." Estonian or Czech), which is more
reliable on a legal text than general-purpose language identification. Letters only one alphabet
has (Macedonian ѓ ќ ѕ, Serbian ђ ћ, Bulgarian ъ щ, Estonian õ, Czech ě ů ř) break ties.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Block
from .lexicon import available, load

# Languages a tie between lexicons resolves to when the letters do not decide.
_PREFERENCE = ["en", "mk", "sr", "cnr", "hr", "bs", "bg", "sq-AL", "sq-XK", "et", "cs", "de", "de-EU"]


@dataclass(frozen=True)
class Detection:
    lang: str
    script: str            # latin | cyrillic
    reason: str            # said to the user: what the guess rests on
    scores: dict


_SAMPLE_CHARS = 400_000


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")


def detect_script(text: str) -> str:
    """"cyrillic" or "latin", whichever has more letters in the first few hundred KB."""
    text = text[:_SAMPLE_CHARS]
    return "cyrillic" if len(_CYRILLIC.findall(text)) > len(_LATIN.findall(text)) else "latin"


def detect(blocks: list[Block], jurisdiction: str | None = None) -> Detection:
    # a number from Word auto-numbering ("Член %1") counts as if typed before the text
    blocks = [Block(text=f"{b.number} {b.text}".strip()) if b.number else b for b in blocks]
    # the language shows in the first few hundred KB; a (damaged or hostile) file of many MB must
    # not cost a full-text scan per lexicon
    text = "\n".join(b.text for b in blocks)[:_SAMPLE_CHARS]
    script = detect_script(text)
    scores: dict[str, float] = {}
    for code in available():
        lex = load(code)
        n = sum(1 for b in blocks if lex.article_line.match(b.text.strip()))
        if not n:
            continue
        bonus = sum(text.count(ch) for ch in lex.distinct_letters) if lex.distinct_letters else 0
        if lex.distinct_words:
            low = text.lower()
            bonus += sum(len(re.findall(rf"(?<!\w){re.escape(w)}(?!\w)", low)) for w in lex.distinct_words)
        scripts = lex.script.split()
        if script not in scripts:
            continue
        scores[code] = n + min(bonus, n) * 0.5
    if not scores:
        return Detection("", script, "no article heading word of any known language was found", {})
    best = max(scores.values())
    tied = [c for c in scores if scores[c] == best]
    tied.sort(key=lambda c: _PREFERENCE.index(c) if c in _PREFERENCE else 99)
    lang = tied[0]
    if jurisdiction:
        j = jurisdiction.upper()
        by_jur = {"ME": "cnr", "RS": "sr", "BA": "bs", "HR": "hr", "MK": "mk", "AL": "sq-AL", "XK": "sq-XK",
                  "BG": "bg", "CZ": "cs", "EE": "et", "DE": "de"}
        if by_jur.get(j) in scores and scores[by_jur[j]] >= best * 0.8:
            lang = by_jur[j]
    lex = load(lang)
    hits = sum(1 for b in blocks if lex.article_line.match(b.text.strip()))
    word = next((w for w in lex.article_words if any(b.text.strip().startswith(w) for b in blocks)), lex.article_words[0])
    reason = f"inferred from {hits} article headings '{word} N' and {script} script"
    return Detection(lang, script, reason, scores)
