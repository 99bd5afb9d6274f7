"""Lexical signal: the same words (normalised, lemmatised), weighted by how rare they are.

Why this form: legal drafting in the same language repeats the source's words, so word overlap is
strong evidence within one language, and across languages it still catches the few true shared
words (names, cognates such as "pistol", numbers) without inventing similarity from letters.
Each text is reduced to ``concordance.language.tokens`` (case, diacritics and script folded,
lemmas, stop words out). Two tokens count as the same word when rapidfuzz's ``ratio`` between
them is at least ``SAME_WORD`` (inflections a lemmatiser missed, Latin/Cyrillic spelling variants:
"oruzja"/"oruzje"); tokens shorter than ``MIN_FUZZY`` letters must be equal. A pair scores the
cosine of the two texts' IDF-weighted word sets (IDF over the national units, so words found in
most articles of the law count for little).

A plain character-level rapidfuzz score (``plain_peer``) is kept as the benchmark's "rapidfuzz
alone" peer: across languages it gives every pair about the same score.
"""
from __future__ import annotations

import math
from collections import Counter

import numpy as np
from rapidfuzz import fuzz, process

from ..language import tokens
from .units import SignalScores, Unit

SAME_WORD = 88
MIN_FUZZY = 5


def token_sets(units: list[Unit], lang: str) -> list[set[str]]:
    return [set(t for t in tokens(u.text, lang) if not t.isdigit()) for u in units]


def _word_map(ref_vocab: list[str], nat_vocab: list[str]) -> dict[str, str]:
    """National word -> the reference word it stands for (itself if equal; fuzzy otherwise)."""
    ref_set = set(ref_vocab)
    out = {w: w for w in nat_vocab if w in ref_set}
    long_ref = [w for w in ref_vocab if len(w) >= MIN_FUZZY]
    long_nat = [w for w in nat_vocab if len(w) >= MIN_FUZZY and w not in out]
    if long_ref and long_nat:
        m = process.cdist(long_nat, long_ref, scorer=fuzz.ratio, score_cutoff=SAME_WORD,
                          dtype=np.uint8, workers=-1)
        best = m.argmax(axis=1)
        for k, w in enumerate(long_nat):
            if m[k, best[k]]:
                out[w] = long_ref[best[k]]
    return out


def score(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> SignalScores:
    ref_sets, nat_sets = token_sets(refs, ref_lang), token_sets(nats, nat_lang)
    ref_vocab = sorted({t for s in ref_sets for t in s})
    nat_vocab = sorted({t for s in nat_sets for t in s})
    to_ref = _word_map(ref_vocab, nat_vocab)
    mapped = [{to_ref[t] for t in s if t in to_ref} for s in nat_sets]
    df = Counter(t for s in mapped for t in s)
    df_ref = Counter(t for s in ref_sets for t in s)
    n = max(len(nats), 1)
    idf = {t: math.log(1 + n / (df.get(t, 0) + 1)) + math.log(1 + len(refs) / (df_ref[t] + 1)) / 4
           for t in ref_vocab}
    index = {t: k for k, t in enumerate(ref_vocab)}

    def matrix(sets: list[set[str]]) -> np.ndarray:
        m = np.zeros((len(sets), max(len(index), 1)), dtype=np.float32)
        for i, s in enumerate(sets):
            for t in s:
                m[i, index[t]] = idf[t]
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norms == 0, 1, norms)

    if refs and nats:
        scores = matrix(ref_sets) @ matrix(mapped).T
    else:
        scores = np.zeros((len(refs), len(nats)), dtype=np.float32)

    def explain(i: int, j: int) -> str:
        shared = sorted(ref_sets[i] & mapped[j], key=lambda t: -idf[t])
        if not shared:
            return ""
        return "shared words: " + ", ".join(shared[:8])

    return SignalScores("lexical", scores.astype(np.float32), explain)


def plain_peer(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> np.ndarray:
    """The plain rapidfuzz peer for the benchmark: token_set_ratio on normalised tokens, nothing else."""
    a = [" ".join(tokens(u.text, ref_lang)) for u in refs]
    b = [" ".join(tokens(u.text, nat_lang)) for u in nats]
    return process.cdist(a, b, scorer=fuzz.token_set_ratio, dtype=np.float32, workers=-1) / 100.0
