"""Numbers signal: quantities and thresholds that must agree.

Why: the rule "records kept for at least ten years" or "magazines of more than 20 rounds" is
recognisable across languages by its number and unit, and a national rule with a different figure
for the same kind of quantity (21 rounds vs 10 rounds, 30 cm vs 60 cm) is a warning sign rather than
evidence. A quantity is a number (digits or a number word) followed closely by a unit word from
``numbers.toml``; bare numbers (article numbers, dates, gazette numbers) are ignored.

Per pair: each unit kind stated on both sides either agrees (a value in common) or conflicts
(no value in common). ``scores`` grows with the agreeing kinds; ``conflict`` is the share of
shared kinds that disagree. Category letters ("category B") agree only weakly and never conflict,
because a national law may reuse the letters for different categories.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..language import normalise
from .units import SignalScores, Unit

DATA_FILE = Path(__file__).with_name("numbers.toml")
AGREE = 0.6          # score of one agreeing quantity; two give 0.84, three 0.94
CATEGORY = 0.25      # score of an agreeing category letter


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))


def _words(lang: str) -> dict[str, int]:
    data = _data()
    base = (lang or "").split("-")[0].lower()
    base = data["aliases"].get(base, base)
    out = dict(data["words"].get("en", {}))
    out.update(data["words"].get(base, {}))
    return out


def _unit_of(word: str) -> str | None:
    for kind, prefixes in _data()["units"].items():
        for p in prefixes:
            if word.startswith(p) and (len(p) >= 3 or word == p or len(word) <= len(p) + 1):
                return kind
    return None


_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+", re.UNICODE)


def quantities(text: str, lang: str) -> tuple[dict[str, set[float]], set[str]]:
    """Unit kind -> values stated, and the category letters named, in one text."""
    flat = normalise(text, lang)
    words = _words(lang)
    cat_words = tuple(_data()["categories"]["words"])
    toks = _TOKEN.findall(flat)
    found: dict[str, set[float]] = {}
    cats: set[str] = set()
    for k, t in enumerate(toks):
        value: float | None = None
        if t[0].isdigit():
            try:
                value = float(t.replace(",", "."))
            except ValueError:
                value = None
        elif t in words:
            value = float(words[t])
        elif t.startswith(cat_words) and k + 1 < len(toks) and len(toks[k + 1]) == 1 and toks[k + 1] in "abcd":
            cats.add(toks[k + 1].upper())
            continue
        if value is None:
            continue
        for nxt in toks[k + 1 : k + 3]:
            if nxt[0].isdigit():
                break
            unit = _unit_of(nxt)
            if unit:
                found.setdefault(unit, set()).add(value)
                break
    return found, cats


def score(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> SignalScores:
    rq = [quantities(u.text, ref_lang) for u in refs]
    nq = [quantities(u.text, nat_lang) for u in nats]
    s = np.zeros((len(refs), len(nats)), dtype=np.float32)
    c = np.zeros_like(s)
    for i, (rv, rc) in enumerate(rq):
        if not rv and not rc:
            continue
        for j, (nv, nc) in enumerate(nq):
            shared = rv.keys() & nv.keys()
            agree = [k for k in shared if rv[k] & nv[k]]
            miss = len(shared) - len(agree)
            value = 1 - (1 - AGREE) ** len(agree)
            if rc & nc:
                value = max(value, CATEGORY)
            s[i, j] = value
            c[i, j] = miss / len(shared) if shared else 0.0

    def explain(i: int, j: int) -> str:
        (rv, rc), (nv, nc) = rq[i], nq[j]
        parts = []
        for k in sorted(rv.keys() & nv.keys()):
            same = rv[k] & nv[k]
            if same:
                parts.append(f"both state {_fmt(same)} {k}")
            else:
                parts.append(f"{k} differ: {_fmt(rv[k])} vs {_fmt(nv[k])}")
        if rc & nc:
            parts.append("both name category " + "/".join(sorted(rc & nc)) + " (letters only)")
        return "; ".join(parts)

    return SignalScores("numbers", s, explain, conflict=c)


def _fmt(values: set[float]) -> str:
    return ", ".join(f"{v:g}" for v in sorted(values))
