"""Typed citations -> provision ids: what an adviser writes in a citation cell ("član 12 stav 2",
"Art. 12(2)", "чл. 12 ст. 2") resolved against the act, so a row can name provisions by hand."""
from __future__ import annotations

import re

from ..model import Act
from ..parse.ids import parse_citation
from .common import fold

_SPLIT = re.compile(r"\s*[;\n]\s*")


def resolve_citations(text: str, act: Act, cache: dict) -> tuple[list[str], list[str]]:
    """Typed national citations -> provision ids (and the parts that resolve to nothing).

    First an exact match on the act's own citations (ignoring case, accents and spacing), then the
    parser's citation grammar (``član 12 stav 2``, ``neni 12, pika 2``, ``чл. 12 ст. 2``)."""
    index = cache.get(act.meta.key)
    if index is None:
        index = {}
        for p in act.provisions:
            index.setdefault(fold(p.citation).rstrip("."), p.id)
        cache[act.meta.key] = index
    ids, bad = [], []
    for part in _SPLIT.split(text.strip()):
        part = part.strip().strip(",")
        if not part:
            continue
        pid = index.get(fold(part).rstrip("."))
        if pid is None:
            pid = _parse_citation(part, act)
        if pid is None:
            bad.append(part)
        elif pid not in ids:
            ids.append(pid)
    return ids, bad


def _parse_citation(text: str, act: Act) -> str | None:
    # the act's own language and jurisdiction first (Albanian "pika" is a paragraph in Albania,
    # a point in Kosovo), then English, since advisers also type "Art. 12(2)"
    tries = [(act.meta.language, act.meta.jurisdiction or None), (act.meta.language, None), ("en", None)]
    for lang, jurisdiction in tries:
        if not lang:
            continue
        try:
            pid = parse_citation(text, lang, jurisdiction)
        except Exception:  # noqa: BLE001 - a citation the grammar cannot read is reported by the caller
            pid = None
        if isinstance(pid, str) and pid in act:
            return pid
    return None
