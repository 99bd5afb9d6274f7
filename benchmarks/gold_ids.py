"""The dev-gold ids as the parser of this tree gives them: ``forward("gold-CZ-UNFP", "art_32__para_1")``.

Why: the gold files in ``../shared/dev-gold/`` are never edited; when a parser fix changes an id
they cite, ``benchmarks/map_gold_forward.py`` writes the old->new map to
``benchmarks/gold_id_maps/<GOLD-FILE-STEM>.csv`` and scripts that read gold rows pass each cited
id through :func:`forward`. An id the map does not list is unchanged; one whose text is gone maps
to "" (the caller reports it rather than scoring against a provision that no longer exists).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

MAPS = Path(__file__).resolve().parent / "gold_id_maps"


@lru_cache(maxsize=None)
def _map(gold_file_stem: str) -> dict[str, str]:
    path = MAPS / f"{gold_file_stem}.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {row["old_id"]: row["new_id"] for row in csv.DictReader(fh)}


def forward(gold_file_stem: str, provision_id: str) -> str:
    """The id today's parser gives the provision a gold file cites as ``provision_id``."""
    return _map(gold_file_stem).get(provision_id, provision_id)
