"""Definitions signal: a reference definition is transposed by a national definition.

Why: a definition ("'automatic firearm' means ...") reappears in the national law's definitions
article, while the same words also occur in the rules that use the term (category lists,
prohibitions). The parser records which national provisions hold definitions
(``Act.definitions``: term -> provision id); a reference row classed ``definition`` scores 1
against those provisions, their article, and the parts inside them, and 0 elsewhere. It corroborates
(see ``combine.CORROBORATION``), so it lifts the definitions article among similar candidates but
cannot create a match where nothing else agrees.

When the reference act's parser recorded the term a row defines (``Act.definitions`` of the
reference act, e.g. "Illicit manufacturing" -> ``art_3__point_d``), the row meets only the national
provisions that define a term naming the same firearms-law concepts (``concepts.toml``): the score
is the share of the reference term's concepts that a national defined term names (best term of
the provision). A reference definition the national law does not define ("illicit manufacturing"
in a law that only regulates manufacturing) then gets no lift towards the definitions article,
whose other definitions are about something else. Rows without a recorded term keep the plain
rule (1 against every definition holder).
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


def _term_concepts(terms: dict[str, str], lang: str) -> dict[str, list[set[str]]]:
    """Provision id -> the concept sets of the terms it defines (empty sets dropped)."""
    from .concepts import find_concepts, supports
    out: dict[str, list[set[str]]] = {}
    if not supports(lang):
        return out
    for term, pid in terms.items():
        found = set(find_concepts(term, lang))
        if found:
            out.setdefault(pid, []).append(found)
    return out


def _holds(unit_id: str, holder: str) -> bool:
    return unit_id == holder or unit_id.startswith(holder + "__") or holder.startswith(unit_id + "__")


def score(klasses: list[ProvisionClass], nats: list[Unit], national: Act,
          refs: list[Unit] | None = None, reference: Act | None = None) -> SignalScores:
    defs = definition_units(national, nats)
    s = np.zeros((len(klasses), len(nats)), dtype=np.float32)
    rows = [i for i, k in enumerate(klasses) if k is ProvisionClass.DEFINITION]
    if rows and defs:
        s[np.ix_(rows, sorted(defs))] = 1.0
    ref_terms = (_term_concepts(reference.definitions, reference.meta.language)
                 if refs is not None and reference is not None else {})
    nat_terms = _term_concepts(national.definitions, national.meta.language) if ref_terms else {}
    termed: set[int] = set()
    for i in rows if nat_terms else ():
        wanted = [c for pid, cs in ref_terms.items() if _holds(refs[i].id, pid) for c in cs]
        if not wanted:
            continue            # no recorded term for this row: the plain rule stands
        termed.add(i)
        for j in defs:
            held = [c for pid, cs in nat_terms.items() if _holds(nats[j].id, pid) for c in cs]
            s[i, j] = max((len(w & h) / len(w) for w in wanted for h in held), default=0.0)

    def explain(i: int, j: int) -> str:
        if not s[i, j]:
            return ""
        if i not in termed:
            return "a definition, and this national provision holds definitions"
        if s[i, j] < 1.0:
            return "a definition; this national provision defines a related term"
        return "a definition, and this national provision defines a term naming the same concepts"

    return SignalScores("definitions", s, explain)
