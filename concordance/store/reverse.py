"""Which national provisions a ToC's national->reference table lists, in which order, cited how.

Why here and not in ``render``: the review workbook lists the same national provisions (so that an
adviser can fill in the table's own columns, a comment and the competent authority, per national
provision), and the two must agree row for row. Like :mod:`.toc`, this is a rule about the
project's data that every output applies the same way; it reads a :class:`Concordance` and the
national acts, never SQL.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..model import Act, Concordance, NationalRef

#: The levels a form's national->reference table lists: national articles only (MK-EU), or every
#: provision the concordance cites (RKS-EU).
LEVELS = ("article", "provision")


@dataclass
class ReverseEntry:
    """One line of the national->reference table: a national provision (or article) and the
    indexes of the concordance rows that cite it (none: an article that transposes nothing)."""

    act: str
    act_short: str
    provision: str
    citation: str
    rows: list[int] = field(default_factory=list)


def article_id(provision_id: str) -> str:
    """The article (or annex) a provision id belongs to: ``art_5__para_2`` -> ``art_5``."""
    return provision_id.split("__", 1)[0]


def num_key(provision_id: str) -> tuple:
    """Sort key that puts art_2 before art_10 when no act is at hand to give document order."""
    parts = re.split(r"(\d+)", provision_id)
    return tuple(int(p) if p.isdigit() else p for p in parts)


def reverse_entries(conc: Concordance, acts: Mapping[str, Act], level: str) -> list[ReverseEntry]:
    """The national->reference table's lines for ``conc``, in the national acts' order and, within
    an act, in document order (``acts`` at hand) or by number. ``level`` is ``article`` (articles
    only; with the act at hand every article is listed, mapped or not, as the MK-EU table asks) or
    ``provision`` (each cited provision, and the unmapped articles)."""
    if level not in LEVELS:
        raise ValueError(f"unknown national->reference level {level!r} (one of {', '.join(LEVELS)})")
    by_article = level == "article"
    short = {m.key: m.short_title or m.key for m in conc.national}
    entries: dict[tuple[str, str], ReverseEntry] = {}
    for i, row in enumerate(conc.rows):
        for ref in row.national:
            pid = article_id(ref.provision) if by_article else ref.provision
            e = entries.setdefault((ref.act, pid), ReverseEntry(ref.act, ref.act_short or short.get(ref.act, ref.act),
                                                                pid, ""))
            if not e.citation:
                e.citation = (_article_citation(ref, acts.get(ref.act)) if by_article
                              else _citation(ref, acts.get(ref.act)))
            if i not in e.rows:
                e.rows.append(i)
    mapped_articles = {(act_key, article_id(pid)) for act_key, pid in entries}
    for m in conc.national:
        act = acts.get(m.key)
        for p in act.of_kind("article") if act is not None else ():
            if (m.key, p.id) not in mapped_articles:
                entries[(m.key, p.id)] = ReverseEntry(m.key, short[m.key], p.id, p.citation)
    order = {m.key: i for i, m in enumerate(conc.national)}

    def sort_key(e: ReverseEntry) -> tuple:
        act = acts.get(e.act)
        pos = act.provisions.index(act.get(e.provision)) if act is not None and e.provision in act else None
        return (order.get(e.act, 99), 0 if pos is not None else 1, pos if pos is not None else 0, num_key(e.provision))

    return sorted(entries.values(), key=sort_key)


def _citation(ref: NationalRef, act: Act | None) -> str:
    """A cited national provision's citation: the concordance's, else the act's, else its id."""
    if not ref.citation and act is not None and ref.provision in act:
        return act.get(ref.provision).citation or ref.provision
    return ref.citation or ref.provision


def _article_citation(ref: NationalRef, act: Act | None) -> str:
    """The citation of the article a cited provision belongs to ("член 5" for "член 5 став 2")."""
    if act is not None:
        art = act.article_of(ref.provision)
        if art is not None:
            return art.citation
    # No act at hand: cut the citation before its paragraph part ("член 5 став 2" -> "член 5").
    citation = _citation(ref, act)
    m = re.match(r"^\D*\d+[a-zа-я]?\.?", citation, re.IGNORECASE)
    return m.group(0).strip() if m else citation
