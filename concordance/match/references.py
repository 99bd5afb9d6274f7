"""References signal: national text that names the reference act, and which of its articles.

Why: a national provision that says "in accordance with Article 7 of Directive 2021/555" (or of
Directive 91/477/EEC, whose numbering is translated through ``concordance.catalogue.correlation``) is the
strongest evidence there is, and it is language-independent once the act's number is found.

The reference act is recognised by the numbers in its CELEX id or title ("91/477", "2021/555",
"2015/2403"); an article citation within ``window`` characters of the act's name is taken as a
citation of that act's article. A unit that names the act without an article scores
``ACT_ONLY``; one that cites the row's article (or a paragraph of it) scores 1.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..language import normalise
from ..model import ActMeta
from .units import SignalScores, Unit

DATA_FILE = Path(__file__).with_name("references.toml")
ACT_ONLY = 0.3

# The first two acts of the Firearms Directive family whose numbering is translated.
OLD_NUMBERING = {"91/477": "31991L0477"}


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def act_numbers(meta: ActMeta) -> list[str]:
    """"91/477" / "2021/555" style numbers that identify an act, from its CELEX id and title."""
    out: list[str] = []
    m = re.match(r"^[0-9](\d{4})[A-Z](\d{4})", meta.celex or "")
    if m:
        year, num = m.group(1), str(int(m.group(2)))
        out += [f"{year}/{num}", f"{year[2:]}/{num}"] if int(year) < 2000 else [f"{year}/{num}"]
    out += re.findall(r"\b(?:\d{2}|\d{4})/\d{2,4}\b", meta.title or "")
    seen: set[str] = set()
    return [x for x in out if not (x in seen or seen.add(x))]


def _number_pattern(numbers: list[str]) -> re.Pattern[str] | None:
    if not numbers:
        return None
    alts = "|".join(re.escape(n).replace("/", r"\s*/?\s*") for n in numbers)
    return re.compile(r"(?<![\d/])(?:" + alts + r")(?![\d])")


def _citation_pattern() -> re.Pattern[str]:
    d = _data()
    art = "|".join(sorted(map(re.escape, d["article_words"]), key=len, reverse=True))
    par = "|".join(sorted(map(re.escape, d["paragraph_words"]), key=len, reverse=True))
    return re.compile(
        r"\b(?:" + art + r")\.?\s*(\d+[a-z]?)"
        r"(?:\s*\((\d+)\)|\s*,?\s*(?:" + par + r")\.?\s*(\d+))?"
    )


def cited_articles(text: str, lang: str, numbers: list[str]) -> tuple[bool, set[str]]:
    """Whether the text names the act, and the ids (``art_7``, ``art_7__para_2``) it cites of it."""
    pat = _number_pattern(numbers)
    if pat is None:
        return False, set()
    flat = normalise(text, lang)   # punctuation becomes space: "91/477" reads "91 477"
    hits = list(pat.finditer(flat))
    if not hits:
        return False, set()
    window = int(_data()["window"])
    ids: set[str] = set()
    for m in _citation_pattern().finditer(flat):
        if any(abs(m.start() - h.start()) <= window for h in hits):
            pid = f"art_{m.group(1)}"
            para = m.group(2) or m.group(3)
            ids.add(f"{pid}__para_{para}" if para else pid)
    return True, ids


def _translate(old_celex: str, ids: set[str], reference: ActMeta) -> set[str]:
    """Old-numbering ids translated to the reference act (``concordance.catalogue.correlation``)."""
    try:
        from ..catalogue.correlation import translate
    except ImportError:
        return set()
    out: set[str] = set()
    for pid in ids:
        try:
            new = translate(old_celex, pid, reference.celex)
        except Exception:  # noqa: BLE001 - a missing table entry means "no translation"
            new = None
        if isinstance(new, str):
            out.add(new)
        elif new:
            out.update(new)
    return out


def score(refs: list[Unit], nats: list[Unit], reference: ActMeta, nat_lang: str) -> SignalScores:
    own = act_numbers(reference)
    # an older act of the same family, cited by number in laws written before the reference act
    old = [n for n, celex in OLD_NUMBERING.items() if reference.celex and celex < reference.celex and n not in own]
    s = np.zeros((len(refs), len(nats)), dtype=np.float32)
    notes: dict[int, tuple[str, set[str]]] = {}
    for j, u in enumerate(nats):
        named, ids = cited_articles(u.text, nat_lang, own)
        how = "names the reference act"
        if not named and old:
            for num in old:
                named_old, old_ids = cited_articles(u.text, nat_lang, [num])
                if named_old:
                    named, ids = True, _translate(OLD_NUMBERING[num], old_ids, reference)
                    how = f"names Directive {num} (old numbering, translated)"
        if named:
            notes[j] = (how, ids)
    for j, (_, ids) in notes.items():
        for i, r in enumerate(refs):
            hit = any(r.id == c or r.id.startswith(c + "__") or c.startswith(r.id + "__") for c in ids)
            s[i, j] = 1.0 if hit else ACT_ONLY

    def explain(i: int, j: int) -> str:
        if j not in notes:
            return ""
        how, ids = notes[j]
        if s[i, j] >= 1.0:
            return f"{how} and cites " + ", ".join(sorted(ids))
        return how + (" (other articles: " + ", ".join(sorted(ids)) + ")" if ids else "")

    return SignalScores("references", s, explain)
