"""Position signal: an alignment prior, because national laws follow the reference act's order
more often than not.

Why a prior and not a rule: transposing laws regroup (definitions first, penalties last, records
near the end), so order alone must never decide; it only separates near-ties. The score of a pair
is a Gaussian of the difference between the two relative positions (0 = first provision, 1 =
last), with width ``WIDTH``: neighbours in order score near 1, opposite ends of the acts near 0.
"""
from __future__ import annotations

import numpy as np

from .units import SignalScores, Unit

WIDTH = 0.25


def score(refs: list[Unit], nats: list[Unit]) -> SignalScores:
    rp = np.array([u.position for u in refs], dtype=np.float32)[:, None]
    npos = np.array([u.position for u in nats], dtype=np.float32)[None, :]
    s = np.exp(-0.5 * ((rp - npos) / WIDTH) ** 2).astype(np.float32)

    def explain(i: int, j: int) -> str:
        if s[i, j] < 0.6:
            return ""
        return (f"similar place in both acts ({refs[i].position:.0%} and {nats[j].position:.0%} "
                "of the way through)")

    return SignalScores("position", s, explain)
