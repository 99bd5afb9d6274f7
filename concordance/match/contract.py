"""The JSON form of a MatchResult: the documented contract (docs/match-contract.md).

Kept apart from the CLI so that every consumer (CLI, project store, tests) writes the same shape.
``CONTRACT_VERSION`` changes only when a field is removed or changes meaning; new fields may be
added at any time.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..model import ActMeta, MatchResult

CONTRACT_VERSION = 1


def _meta(meta: ActMeta) -> dict[str, Any]:
    d = asdict(meta)
    d["missing"] = list(meta.missing)
    return d


def to_json(result: MatchResult) -> dict[str, Any]:
    """A plain dict (ready for ``json.dumps``) in the contract's shape."""
    return {
        "contract": CONTRACT_VERSION,
        "directive": _meta(result.reference),
        "national": _meta(result.national),
        "warnings": list(result.warnings),
        "rows": [
            {
                "directive_provision": row.directive_provision,
                "citation": row.citation,
                "class": row.klass.value,
                "status": row.status.value,
                "likelihood": row.likelihood,
                "note": row.note,
                "candidates": [
                    {
                        "national_provision": c.national_provision,
                        "citation": c.citation,
                        "act": c.act,
                        "score": c.score,
                        "evidence": [{"signal": e.signal, "detail": e.detail, "score": e.score}
                                     for e in c.evidence],
                    }
                    for c in row.candidates
                ],
            }
            for row in result.rows
        ],
        "national_only": list(result.national_only),
    }
