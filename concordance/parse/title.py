"""The title of an act read from its text, the way a lawyer finds it.

Why: a file given without an act.toml (a PDF from a ministry, a Markdown export) opens with whatever
came first: a promulgation line ("Na osnovu člana 95 tačka 3 Ustava Crne Gore donosim"), a decree
("Ukaz o proglašenju Zakona o oružju"), a YAML front matter key ("Title: Waffengesetz"). The title a
ToC must carry is the line that NAMES the act: "Zakon o oružju", "Закон за оружјето", "Gesetz über
…", "Waffengesetz", "LIGJ PËR ARMËT". Front-matter keys (``title:``) name it outright and win.
"""
from __future__ import annotations

import re
from typing import Iterable

#: Front-matter / metadata keys that hold the title ("Title: Waffengesetz", "title = ...").
_KEY = re.compile(r"^\s*(?:title|titel|naslov|наслов|titulli|název|pealkiri)\s*[:=]\s*(?P<v>.+?)\s*$", re.I)
#: The first word of an act's title in the languages the project reads (a compound "Waffengesetz",
#: "Relvaseadus" counts: the act word ends the compound).
_ACT_WORD = re.compile(
    r"^(?:zakon|закон|zákon|ligj\w*|\w*gesetz|gesetz|\w*seadus|\w*verordnung|uredb\w*|уредб\w*|pravilnik|"
    r"правилник|law|act|regulation|directive|protocol|convention)\b", re.I)
#: Lines that mention the act but are not its title: promulgation, decree, publication notes.
_NOT_TITLE = re.compile(
    r"(proglaš|прогласув|проглаш|donosim|донесува|ukaz\b|указ\b|objavljen|објавен|stupio|на сила|"
    r"na snagu|dekret|ausfertigung|zuletzt|fundstelle|\bkoji je\b|\bкој е\b|\bse donosi\b)", re.I)
_MAX_WORDS = 25


def _plain(line: str) -> str:
    return re.sub(r"^[#>*\s]+", "", line).strip().strip('"“”*').strip()


def find_title(lines: Iterable[str], limit: int = 80) -> str | None:
    """The act's title among its first ``limit`` lines, or None when no line names an act.

    A front-matter title key wins; otherwise the first short line that starts with an act word
    ("Zakon", "Закон", "Gesetz", "…gesetz", "Ligj", "Law") and is not a promulgation or decree line.
    """
    first = [_plain(t) for t, _ in zip(lines, range(limit))]
    for line in first:
        m = _KEY.match(line)
        if m and m.group("v").strip():
            return m.group("v").strip().strip('"\'')
    for line in first:
        if not line or len(line.split()) > _MAX_WORDS or _NOT_TITLE.search(line):
            continue
        if _ACT_WORD.match(line) and not line.rstrip().endswith((",", ";")):
            return line
    return None
