"""Topic signal: does the national provision's heading name what the reference row's heading names?

Why: legal texts say what a provision is about in its heading — "Record-keeping", "Marking of
firearms", "Brokers and brokering" — and a national law that carries the rule usually says so in
its own heading ("Relvade ja laskemoona arvestus", "Označavanje oružja"), or, where a law titles
chapters rather than articles, in the chapter's title. The body of a long reference article names
much besides its subject (Article 7 of the UN Protocol lists import, export and transit data
among the records to keep), so body-to-body concept similarity can prefer an article about import
over the one about records; heading to heading does not. Across languages the headings meet
through the concept glossary, as the concepts signal's bodies do.

Score: the IDF-weighted share of the reference row's heading concepts that the national unit's
topic heading names (0 when the reference heading names no concept). Its weight among the
similarity signals is chosen leave-one-law-out (benchmarks/mapping_quality.py, weights.toml).
"""
from __future__ import annotations

import numpy as np

from .gap_model import ConceptView
from .shared_concepts import topic_sets
from .units import SignalScores, Unit


def score(refs: list[Unit], nats: list[Unit], ref_lang: str, nat_lang: str,
          view: ConceptView | None) -> SignalScores:
    ref_t, nat_t = topic_sets(refs, ref_lang), topic_sets(nats, nat_lang)
    idf = view.idf if view is not None else {}
    s = np.zeros((len(refs), len(nats)), dtype=np.float32)
    for i, rt in enumerate(ref_t):
        total = sum(idf.get(c, 1.0) for c in rt)
        if not total:
            continue
        for j, nt in enumerate(nat_t):
            shared = rt & nt
            if shared:
                s[i, j] = sum(idf.get(c, 1.0) for c in shared) / total

    labels = view.labels if view is not None else {}

    def explain(i: int, j: int) -> str:
        shared = sorted(ref_t[i] & nat_t[j], key=lambda c: -idf.get(c, 1.0))
        if not shared:
            return ""
        return f"the headings name the same subject: {', '.join(labels.get(c, c) for c in shared[:3])} ({nats[j].topic})"

    return SignalScores("topic", s, explain)
