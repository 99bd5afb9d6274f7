"""Properties that hold for any input, checked on random slices of the real laws: nothing lost or
invented, ids unique, every parent exists and comes before its children."""
from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordance.errors import NoStructure
from concordance.model import ActMeta, Block
from concordance.parse import parse_act
from concordance.read import read_blocks

from parse_paths import path_of

LAWS = {"MK": "mk", "ME": "cnr", "EE": "et", "UN": "en", "2403": "en"}


@lru_cache(maxsize=None)
def law_blocks(name: str) -> tuple[Block, ...]:
    return tuple(read_blocks(path_of(name)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(LAWS)), start=st.floats(0, 1), length=st.integers(1, 400),
       drop=st.lists(st.integers(0, 399), max_size=20))
def test_random_slices_keep_every_character(name, start, length, drop):
    blocks = law_blocks(name)
    i = int(start * (len(blocks) - 1))
    piece = [b for k, b in enumerate(blocks[i:i + length]) if k not in set(drop)]
    meta = ActMeta(key="slice", title="slice", language=LAWS[name])
    try:
        act = parse_act(piece, meta)
    except NoStructure:
        return                                   # a slice without any heading is refused, never empty
    assert act.coverage.lost_chars == 0 and act.coverage.invented_chars == 0
    seen: set[str] = set()
    for p in act.provisions:
        assert p.id not in seen
        assert p.parent is None or p.parent in seen
        seen.add(p.id)


@pytest.mark.parametrize("name", sorted(LAWS))
def test_parsing_is_deterministic(name):
    meta = ActMeta(key="x", title="x", language=LAWS[name])
    blocks = list(law_blocks(name))
    assert parse_act(blocks, meta).provisions == parse_act(blocks, meta).provisions
