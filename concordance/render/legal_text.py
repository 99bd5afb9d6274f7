"""Legal text as a filed document shows it: no source markup, no typewriter quotes.

Why: the bundled texts come from EUR-Lex Markdown, UN typescript and gesetze-im-internet exports, each
with its own traces: typewriter quotes (``Firearm"), footnote anchors ([^F810324_02_…]) and their
definition lines, the excerpt marker "[…cut in source…]" of a text held in part. A ministry files
the ToC as it is, so every text a ToC prints passes through :func:`tidy` first. The acts' own
wording is never changed; only the markup around it.
"""
from __future__ import annotations

import re

#: A footnote anchor of a Markdown export ("[^F810324_02_BJNR…]", "[^ntr1-L_2012094EN.01000101-E0001]").
_FOOTNOTE_ANCHOR = re.compile(r"\[\^[^\]\s]*\]")
#: A footnote's own definition line ("[^id]: text"): source apparatus, not the provision.
_FOOTNOTE_LINE = re.compile(r"^\s*\[\^[^\]\s]*\]:.*$", re.M)
#: The marker the project's excerpts carry where the source text is cut off.
CUT_MARK = re.compile(r"\[\s*(?:…|\.\.\.)\s*cut in source\s*(?:…|\.\.\.)\s*\]", re.I)
#: Typewriter quotes of UN typescript: ``Firearm" / ``Firearm'' -> “Firearm”.
_TYPEWRITER = re.compile(r"``(.*?)(?:''|\")", re.S)


def tidy(text: str, cut_words: str = "") -> str:
    """``text`` without source markup: footnote anchors and footnote lines dropped, typewriter
    quotes made typographic, the excerpt marker "[…cut in source…]" replaced by ``cut_words`` (the
    form's "[the source text is cut off here]"), blank runs closed up."""
    if not text:
        return ""
    out = _FOOTNOTE_LINE.sub("", text)
    out = _FOOTNOTE_ANCHOR.sub("", out)
    out = _TYPEWRITER.sub(lambda m: f"“{m.group(1)}”", out)
    out = out.replace("``", "“")
    if cut_words:
        out = CUT_MARK.sub(cut_words, out)
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


#: What no rendered document may contain (the scan test and the CLI share it): internal provision
#: ids, act keys shown as codes, Markdown footnote anchors, typewriter quotes, excerpt markers.
LEAKS = {
    "provision id": re.compile(r"\b(?:art|para|point|annex|recital|chp|sec|def|cat)_\w+"),
    "footnote anchor": _FOOTNOTE_ANCHOR,
    "typewriter quote": re.compile(r"``"),
    "excerpt marker": CUT_MARK,
}


def leaks(text: str) -> list[tuple[str, str]]:
    """(kind, excerpt) for each trace of source markup or internal ids in ``text``."""
    found = []
    for kind, rx in LEAKS.items():
        for m in rx.finditer(text):
            found.append((kind, text[max(0, m.start() - 30): m.end() + 30]))
    return found
