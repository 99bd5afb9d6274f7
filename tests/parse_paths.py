"""Where the parse tests find the real texts: the bundled copies, else the shared corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import CORPUS, GOLD, REPO  # noqa: F401  (GOLD: re-exported for the parse tests)

BUNDLED = {
    "MK": ("national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt", "national/MK-zakon-za-oruzjeto-2005.mk.txt"),
    "ME": ("national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt", "national/ME-zakon-o-oruzju-10-2015.cnr.txt"),
    "EE": ("national_laws/EE/relvaseadus-2020/EE-relvaseadus-2020.et.txt", "national/EE-relvaseadus-2020.et.txt"),
    "2403": ("directives/32015R2403/32015R2403-20180628.en.md", "eu/32015R2403-20180628.en.md"),
    "UN": ("directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md", "intl/UN-firearms-protocol-2001.en.md"),
    "2021/555-synthetic": ("tests/fixtures/directive/synthetic-2021-555.en.html", ""),
}


def path_of(name: str) -> Path:
    bundled, corpus = BUNDLED[name]
    for p in (REPO / bundled, CORPUS / corpus if corpus else None):
        if p is not None and p.exists():
            return p
    pytest.skip(f"{name}: text not available")
