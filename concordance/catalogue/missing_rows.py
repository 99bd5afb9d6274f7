"""Rows for the provisions an incomplete reference act does not hold.

A ToC lists EVERY reference provision in order. When the project holds an act only in part (the
bundled 2021/555 is fragments), the provisions named in its ``missing`` list still get their row,
saying that the text is not held, so that a reader never mistakes an unknown for a gap or, worse,
for a provision that does not exist. Rows the concordance already has are kept as they are.
"""
from __future__ import annotations

import dataclasses

from ..model import Concordance, ConcordanceRow, ProvisionClass, RowStatus
from .acts import expand, number_order

_RANK = {"preamble": 0, "recital": 1, "chp": 2, "part": 2, "sec": 2, "art": 3, "annex": 4}


def order_key(pid: str) -> tuple:
    """Document order of an id without the act at hand: art_2 < art_2__para_1 < art_10 < annex_1."""
    first = pid.split("-", 1)[0] if not pid.startswith("-") else pid
    parts = []
    for i, seg in enumerate(first.split("__")):
        kind, _, num = seg.partition("_")
        parts.append((_RANK.get(kind, 3) if i == 0 else 0, kind if i else "", number_order(num)))
    return tuple(parts)


def cite_entry(entry: str, lang: str = "en", jurisdiction: str | None = None, script: str | None = None,
               open_range: str = "{first} ff.") -> str:
    """A ``missing``/``partial`` entry (an id, a range ``a-b`` or an open range ``a-``) as a lawyer
    cites it in ``lang``: "Article 5 – Article 7", "член 18 и следните". Never the internal id.
    ``open_range`` words an open range in the form's language (``{first}`` is its first provision)."""
    from ..parse.ids import citation

    def cite(pid: str) -> str:
        return citation(pid, lang, jurisdiction, script)

    lo, sep, hi = entry.partition("-")
    if not sep:
        return cite(entry)
    return open_range.replace("{first}", cite(lo)) if not hi else f"{cite(lo)} – {cite(hi)}"


def describe_entries(entries, lang: str = "en", jurisdiction: str | None = None, script: str | None = None,
                     open_range: str = "{first} ff.", with_recitals: bool = True) -> str:
    """Entries of an act's ``missing``/``partial`` list as citations, "; "-separated (recitals,
    which no ToC row shows, only when ``with_recitals``)."""
    shown = [e for e in entries if with_recitals or not e.startswith(("recital", "preamble"))]
    return "; ".join(cite_entry(e, lang, jurisdiction, script, open_range) for e in shown)


def _citation(entry: str) -> str:
    return cite_entry(entry)


def with_missing_rows(conc: Concordance) -> Concordance:
    """``conc`` with a ``missing_text`` row, in document order, for every provision the reference
    act's ``missing`` list names and the concordance has no row for (recitals excepted: a ToC has
    no rows for them)."""
    meta = conc.reference
    if meta.complete and not meta.missing:
        return conc
    have = [r.reference_provision for r in conc.rows]
    extra: list[ConcordanceRow] = []
    for entry in expand(meta.missing):
        if entry.startswith(("recital", "preamble")):
            continue
        lo = entry.split("-", 1)[0]
        if any(h == entry or h == lo or h.startswith(lo + "__") or lo.startswith(h + "__") for h in have):
            continue
        top = lo.split("__", 1)[0]
        extra.append(ConcordanceRow(reference_provision=entry, citation=_citation(entry), text="",
                                    klass=ProvisionClass.OBLIGATION, status=RowStatus.MISSING_TEXT,
                                    article=top))
    if not extra:
        return conc
    rows = list(conc.rows)
    for row in sorted(extra, key=lambda r: order_key(r.reference_provision)):
        key = order_key(row.reference_provision)
        at = next((i for i, r in enumerate(rows) if order_key(r.reference_provision) > key), len(rows))
        rows.insert(at, row)
    return dataclasses.replace(conc, rows=tuple(rows))
