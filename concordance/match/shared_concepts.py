"""Concepts signal: the firearms-law concepts both texts speak about, weighted by rarity.

Why: a Macedonian article and an English one share almost no words, but both name "marking",
"dealer" or "European firearms pass". ``concordance.match.concepts.find_concepts`` maps each text
to concept ids through a multilingual glossary; two texts score by the cosine of their concept
sets, each concept weighted by its inverse document frequency over all compared texts (so that
"firearm", present everywhere, counts little and "deactivation" counts a lot), and concepts named
in the provision's topic heading (the article heading "Marking of firearms", or for a law that
titles chapters instead, the chapter title) weighted ``TOPIC_BOOST`` times more when the body names
them too: the heading says what the provision is about, the body also names what it merely
mentions. A heading concept the body does not name is not added (a chapter heading such as "Final
provisions" or "Records" would otherwise give every article of the chapter the same topic; on the
dev gold adding them cost 91/477 Arts 15(1) and 16 their right articles).

Term frequency, sublinear: a concept named in n sentences (or list items) of a unit weighs
``1 + TF_WEIGHT * ln(n)`` times more. An article ABOUT import names import in sentence after
sentence; a "hub" article that lists twenty procedures in one sentence (forms to be prescribed,
records to be kept, a catalogue's contents) names each once. On the dev gold this moved the
marking article above a national catalogue article for the Protocol's marking duty.
Weights: ``weights.toml`` ([concepts]).
"""
from __future__ import annotations

import math
import re

import numpy as np

from .combine import load_weights
from .concepts import concept, find_concepts, supports
from .gap_model import ConceptView
from .units import SignalScores, Unit


TOPIC_BOOST = float(load_weights()["concepts"]["topic_boost"])
TF_WEIGHT = float(load_weights()["concepts"]["tf_weight"])


def concept_sets(units: list[Unit], lang: str) -> list[dict[str, list[str]]]:
    """Concepts found in each unit (none at all for a language the glossary does not cover)."""
    if not supports(lang):
        return [{} for _ in units]
    return [find_concepts(u.text, lang) for u in units]


_SENTENCE = re.compile(r"(?<=[.;:])\s+|\n+")


def concept_counts(units: list[Unit], lang: str) -> list[dict[str, int]]:
    """How many sentences (or list items) of each unit name each concept."""
    if not supports(lang):
        return [{} for _ in units]
    seen: dict[str, dict[str, list[str]]] = {}
    out = []
    for u in units:
        counts: dict[str, int] = {}
        for seg in _SENTENCE.split(u.text):
            seg = seg.strip()
            if not seg:
                continue
            if seg not in seen:
                seen[seg] = find_concepts(seg, lang)
            for c in seen[seg]:
                counts[c] = counts.get(c, 0) + 1
        out.append(counts)
    return out


def topic_sets(units: list[Unit], lang: str) -> list[set[str]]:
    """Concepts named in each unit's topic heading (article heading, else chapter heading)."""
    if not supports(lang):
        return [set() for _ in units]
    cache: dict[str, set[str]] = {}
    out = []
    for u in units:
        if u.topic not in cache:
            cache[u.topic] = set(find_concepts(u.topic, lang)) if u.topic else set()
        out.append(cache[u.topic])
    return out


def score(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str) -> SignalScores:
    ref_c, nat_c = concept_sets(refs, ref_lang), concept_sets(nats, nat_lang)
    ref_t, nat_t = topic_sets(refs, ref_lang), topic_sets(nats, nat_lang)
    # A concept named in the heading AND in the body is what the provision is about: it weighs
    # TOPIC_BOOST times more (see matrix below). A heading concept the body never names adds
    # nothing: a chapter heading ("Final provisions", "Records") covers many articles and says
    # little about each; adding it made every article of a chapter share its topic.
    # IDF over the national units (the population being ranked) plus the reference rows.
    docs = nat_c + ref_c
    df: dict[str, int] = {}
    for d in docs:
        for c in d:
            df[c] = df.get(c, 0) + 1
    n = max(len(docs), 1)
    idf = {c: math.log(1 + n / k) for c, k in df.items()}
    vocab = {c: k for k, c in enumerate(sorted(idf))}

    ref_n, nat_n = concept_counts(refs, ref_lang), concept_counts(nats, nat_lang)

    def matrix(sets: list[dict[str, list[str]]], topics: list[set[str]],
               counts: list[dict[str, int]]) -> np.ndarray:
        m = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float32)
        for i, d in enumerate(sets):
            for c in d:
                tf = 1.0 + TF_WEIGHT * math.log(max(counts[i].get(c, 1), 1))
                m[i, vocab[c]] = tf * idf[c] * (TOPIC_BOOST if c in topics[i] else 1.0)
        norms = np.linalg.norm(m, axis=1, keepdims=True)
        return m / np.where(norms == 0, 1, norms)

    if refs and nats:
        scores = matrix(ref_c, ref_t, ref_n) @ matrix(nat_c, nat_t, nat_n).T
    else:
        scores = np.zeros((len(refs), len(nats)), np.float32)

    def explain(i: int, j: int) -> str:
        shared = sorted(set(ref_c[i]) & set(nat_c[j]), key=lambda c: -idf[c])
        if not shared:
            return ""
        parts = []
        for c in shared[:6]:
            there = nat_c[j][c][0] if nat_c[j][c] else ""
            here = ref_c[i][c][0] if ref_c[i][c] else ""
            parts.append(f"{c} ({here} / {there})" if here and there else c)
        return "shared concepts: " + "; ".join(parts)

    labels = {c: concept(c).label for c in idf}
    view = ConceptView(ref_c, nat_c, idf, labels)
    return SignalScores("concepts", scores.astype(np.float32), explain, detail=view)
