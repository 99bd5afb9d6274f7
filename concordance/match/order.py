"""Position signal: a local alignment prior — neighbouring reference provisions tend to be
transposed in neighbouring places of the national law.

Why local and not global: a national law regroups the reference act (definitions first,
penalties last, records near the end), so "the 30th percentile of the directive maps to the 30th
percentile of the law" is wrong more often than right (on the dev pairs a global diagonal prior
lowered Hits@1). What does hold is that *consecutive* reference provisions (the points of one
definition article, the paragraphs of one duty) land close together. So the prior for row i is
high near the places where rows i-1 and i+1 found their best match (by the other signals),
a Gaussian of width ``WIDTH`` (share of the law's length); rows whose neighbours found nothing
credible (best score below ``ANCHOR_MIN``) get no prior. It only re-ranks near-ties: see
``combine.POSITION``.
"""
from __future__ import annotations

import numpy as np

from .units import SignalScores, Unit

WIDTH = 0.04
ANCHOR_MIN = 0.2


def score(refs: list[Unit], nats: list[Unit], base: np.ndarray | None = None) -> SignalScores:
    """Prior from the neighbours' best matches in ``base`` (rows x units, the other signals
    combined); without ``base`` every pair gets 0.5 (no information)."""
    npos = np.array([u.position for u in nats], dtype=np.float32)
    s = np.full((len(refs), len(nats)), 0.5, dtype=np.float32)
    anchors: dict[int, list[int]] = {}
    if base is not None and base.size:
        s[:] = 0.0
        top = base.argmax(axis=1)
        for i in range(len(refs)):
            for k in (i - 1, i + 1):
                if 0 <= k < len(refs) and base[k, top[k]] >= ANCHOR_MIN:
                    anchors.setdefault(i, []).append(int(top[k]))
                    near = np.exp(-0.5 * ((npos - npos[top[k]]) / WIDTH) ** 2)
                    s[i] = np.maximum(s[i], near)

    def explain(i: int, j: int) -> str:
        if s[i, j] < 0.6 or i not in anchors:
            return ""
        near = ", ".join(sorted({nats[k].article for k in anchors[i]}))
        return f"next to where the neighbouring reference provisions were found ({near})"

    return SignalScores("position", s, explain)
