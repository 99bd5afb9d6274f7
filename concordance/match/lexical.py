"""Lexical signal: how many of the same (normalised, lemmatised) words the two texts use.

Why this form: legal drafting in the same language repeats the source's words, so word overlap is
strong evidence within one language and weak (cognates, numbers, names) across languages. Each
text is reduced to ``concordance.language.tokens`` (case, diacritics and script folded, lemmas,
stop words out); the comparison is rapidfuzz's ``token_set_ratio`` over the sets of distinct
tokens, computed for all pairs at once with ``rapidfuzz.process.cdist``. Words that occur in more
than half of the national units say nothing about a pair and are dropped first.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process

from ..language import tokens
from .units import SignalScores, Unit


def token_sets(units: list[Unit], lang: str) -> list[set[str]]:
    return [set(tokens(u.text, lang)) for u in units]


def score(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> SignalScores:
    ref_sets, nat_sets = token_sets(refs, ref_lang), token_sets(nats, nat_lang)
    df = Counter(t for s in nat_sets for t in s)
    common = {t for t, c in df.items() if c > max(2, len(nat_sets) // 2)}
    ref_strs = [" ".join(sorted(s - common)) for s in ref_sets]
    nat_strs = [" ".join(sorted(s - common)) for s in nat_sets]
    if refs and nats:
        m = process.cdist(ref_strs, nat_strs, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1) / 100.0
    else:
        m = np.zeros((len(refs), len(nats)), dtype=np.float32)

    def explain(i: int, j: int) -> str:
        shared = sorted((ref_sets[i] & nat_sets[j]) - common, key=lambda t: (df.get(t, 0), t))
        if not shared:
            return ""
        return "shared words: " + ", ".join(shared[:8])

    return SignalScores("lexical", m, explain)


def plain_peer(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> np.ndarray:
    """The plain rapidfuzz peer for the benchmark: token_set_ratio on normalised tokens, nothing else."""
    a = [" ".join(tokens(u.text, ref_lang)) for u in refs]
    b = [" ".join(tokens(u.text, nat_lang)) for u in nats]
    return process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1) / 100.0
