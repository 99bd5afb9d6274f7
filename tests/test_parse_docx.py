"""A Word document whose article numbers exist only in Word's automatic numbering parses to the
same tree as the text version of the same law (and a plainly synthetic act, numbered on three
levels, to the tree of its typed twin)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from concordance.model import ActMeta, Block
from concordance.parse import parse_act, parse_file
from concordance.read import read_blocks

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "read"))
make_docx = pytest.importorskip("make_docx")

from parse_paths import path_of  # noqa: E402


def tree(act):
    return [(p.id, p.kind, p.parent, p.heading, p.text) for p in act.provisions]


@pytest.mark.parametrize("name", ["MK", "ME"])
def test_auto_numbered_docx_gives_the_same_tree_as_the_text(tmp_path, name):
    txt = path_of(name)
    docx_path = make_docx.law_docx_from_text(txt, tmp_path / f"{name}.docx")
    from_text = parse_file(txt)
    from_docx = parse_file(docx_path, meta=from_text.meta)
    assert from_docx.coverage.ok
    assert len(from_docx.of_kind("article")) == len(from_text.of_kind("article"))
    assert tree(from_docx) == tree(from_text)


def test_synthetic_three_level_numbering_matches_its_typed_twin(tmp_path):
    blocks = read_blocks(make_docx.synthetic_widgets_docx(tmp_path / "w.docx"))
    typed = [Block(text=line) for line in make_docx.lines_with_numbers(blocks)]
    meta = ActMeta(key="synthetic-widgets", title="Synthetic Act on Widgets", language="en")
    a, b = parse_act(blocks, meta), parse_act(typed, meta)
    assert [p.id for p in a.of_kind("article")] == ["art_1", "art_2", "art_5"]
    assert a.get("art_1").heading == "Subject matter"
    assert [p.id for p in a.descendants("art_1")] == [
        "art_1__point_1", "art_1__point_2", "art_1__point_2__point_a", "art_1__point_2__point_b", "art_1__point_3"]
    assert a.coverage.ok and b.coverage.ok
    # the typed twin has "Article 1 Subject matter" on one line: same ids, same texts
    assert [(p.id, p.text) for p in a.provisions if p.kind != "article"] == \
           [(p.id, p.text) for p in b.provisions if p.kind != "article"]
