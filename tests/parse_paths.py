"""Where the parse tests find the real texts: the bundled copies, else the shared corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path("/work/shared/corpus")
GOLD = Path("/work/shared/dev-gold")

BUNDLED = {
    "MK": ("national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt", "national/MK-zakon-za-oruzjeto-2005.mk.txt"),
    "ME": ("national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt", "national/ME-zakon-o-oruzju-10-2015.cnr.txt"),
    "EE": ("national_laws/EE/relvaseadus-2020/EE-relvaseadus-2020.et.txt", "national/EE-relvaseadus-2020.et.txt"),
    "2403": ("directives/32015R2403/32015R2403-20180628.en.md", "eu/32015R2403-20180628.en.md"),
    "UN": ("directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md", "intl/UN-firearms-protocol-2001.en.md"),
    "91/477": ("directives/31991L0477/31991L0477-20201231.en.txt", "eu/31991L0477-20201231.en.txt"),
    "2021/555": ("directives/32021L0555/32021L0555.en.fragments.txt", "eu/32021L0555.en.fragments.txt"),
    "2021/555-hr": ("directives/32021L0555/32021L0555.hr.fragments.txt", "eu/32021L0555.hr.fragments.txt"),
}


def path_of(name: str) -> Path:
    bundled, corpus = BUNDLED[name]
    for p in (REPO / bundled, CORPUS / corpus):
        if p.exists():
            return p
    pytest.skip(f"{name}: text not available")
