"""Definitions signal: a reference definition is transposed by a national definition.

Why: a definition ("'automatic firearm' means ...") reappears in the national law's definitions
article, while the same words also occur in the rules that use the term (category lists,
prohibitions). The parser records which national provisions hold definitions
(``Act.definitions``: term -> provision id); a reference row classed ``definition`` scores 1
against those provisions, their article, and the parts inside them, and 0 elsewhere. It corroborates
(see ``combine.CORROBORATION``), so it lifts the definitions article among similar candidates but
cannot create a match where nothing else agrees.
"""
from __future__ import annotations

import numpy as np

from ..model import Act, ProvisionClass
from .units import SignalScores, Unit


def definition_units(national: Act, nats: list[Unit]) -> set[int]:
    holders = set(national.definitions.values())
    out: set[int] = set()
    for j, u in enumerate(nats):
        if any(u.id == h or u.id.startswith(h + "__") or h.startswith(u.id + "__") for h in holders):
            out.add(j)
    return out


def score(klasses: list[ProvisionClass], nats: list[Unit], national: Act) -> SignalScores:
    defs = definition_units(national, nats)
    s = np.zeros((len(klasses), len(nats)), dtype=np.float32)
    rows = [i for i, k in enumerate(klasses) if k is ProvisionClass.DEFINITION]
    if rows and defs:
        s[np.ix_(rows, sorted(defs))] = 1.0

    def explain(i: int, j: int) -> str:
        return "a definition, and this national provision holds definitions" if s[i, j] else ""

    return SignalScores("definitions", s, explain)
