"""Formex 4 and Akoma Ntoso readers on plainly synthetic documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from concordance.errors import UnreadableFile, UnsafeXML
from concordance.read import read_blocks
from concordance.read.formex import formex_title
from concordance.xmlsafe import parse_xml

FIX = Path(__file__).parent / "fixtures" / "read"


def _rows(blocks):
    return [(b.number, b.text, b.kind) for b in blocks]


def test_formex_act():
    blocks = read_blocks(FIX / "formex_synthetic_act.xml")
    rows = _rows(blocks)
    texts = [b.text for b in blocks]
    assert texts[:3] == ["Synthetic Directive 9999/1 of the Widget Council", "of 9 September 9999", "on widgets"]
    assert all(b.style == "title" for b in blocks[:3])
    assert not any("L_9999001EN" in t or t == "EN" for t in texts)  # BIB.INSTANCE is metadata
    assert ("(2)", "A second synthetic recital about ‘gadgets’.", "recital") in rows
    i = texts.index("Article 1")
    assert rows[i:i + 12] == [
        (None, "Article 1", "article"),
        (None, "Synthetic definitions", "heading"),
        ("1.", "For the purposes of this synthetic Directive:", "paragraph"),
        ("(a)", "‘widget’ means a synthetic object;", "point"),
        (None, "including:", None),
        ("(i)", "blue synthetic widgets;", "point"),
        ("(b)", "‘gadget’ means a synthetic widget.", "point"),
        ("2.", "Widgets are not firearms.", "paragraph"),
        (None, "A second synthetic subparagraph:", None),
        ("—", "a synthetic indent;", "indent"),
        ("—", "another synthetic indent.", "indent"),
        (None, "CHAPTER II", None),
    ]
    # the footnote leaves the sentence and comes at the end
    assert "Having regard to nothing, this text being synthetic," in texts
    assert blocks[-1].style == "footnote" and blocks[-1].text == "Synthetic Journal C 1, 1.1.9999, p. 1."
    assert [b.text for b in blocks if b.style == "signature"] == ["For the Synthetic Council", "The President",
                                                                  "A. SYNTHETIC"]
    assert blocks[texts.index("CHAPTER I")].style == "heading"


def test_formex_title():
    root = parse_xml((FIX / "formex_synthetic_act.xml").read_bytes())
    assert formex_title(root) == "Synthetic Directive 9999/1 of the Widget Council of 9 September 9999 on widgets"


def test_formex_annex():
    rows = [(b.number, b.text, b.style, b.kind) for b in read_blocks(FIX / "formex_synthetic_annex.xml")]
    assert rows[0] == (None, "ANNEX I", "heading", "annex")
    assert ("1.", "Category A — humming widgets.", None, "point") in rows
    assert (None, "Colour", "table", None) in rows and (None, "Blue", "table", None) in rows


def test_consolidated_act_reads_too(tmp_path):
    path = tmp_path / "cons.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<CONS.ACT><INFO.CONSLEG><P>synthetic consolidation metadata</P></INFO.CONSLEG><CONS.DOC>
<TITLE><TI><P>Synthetic consolidated act on widgets</P></TI></TITLE>
<ENACTING.TERMS><ARTICLE IDENTIFIER="001"><TI.ART>Article 1</TI.ART><ALINEA>Synthetic widgets are blue.</ALINEA>
</ARTICLE></ENACTING.TERMS></CONS.DOC></CONS.ACT>""", encoding="utf-8")
    rows = [(b.number, b.text, b.style, b.kind) for b in read_blocks(path)]
    assert rows == [(None, "Synthetic consolidated act on widgets", "title", None),
                    (None, "Article 1", "heading", "article"), (None, "Synthetic widgets are blue.", None, None)]


def test_formex_package_table_of_contents(tmp_path):
    path = tmp_path / "doc.xml"
    path.write_text("<?xml version='1.0'?><DOC><FMX>synthetic</FMX></DOC>", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="table of contents"):
        read_blocks(path, fmt="formex")


def test_formex_with_entity_declarations_is_refused(tmp_path):
    path = tmp_path / "act.xml"
    path.write_text("""<?xml version="1.0"?><!DOCTYPE ACT [<!ENTITY x SYSTEM "file:///etc/hostname">]>
<ACT><TITLE><TI><P>&x;</P></TI></TITLE></ACT>""", encoding="utf-8")
    with pytest.raises(UnsafeXML):
        read_blocks(path)


def test_akoma_ntoso_act():
    blocks = read_blocks(FIX / "akn_synthetic_act.xml")
    rows = [(b.number, b.text, b.kind) for b in blocks]
    assert rows[:12] == [
        (None, "Synthetic Act on Widgets", None),
        ("(1)", "Widgets are synthetic objects invented for this test.", "recital"),
        (None, "CHAPTER I SYNTHETIC SCOPE", "chapter"),
        (None, "Article 1", "article"),
        (None, "Definitions", "heading"),
        ("1.", "For the purposes of this synthetic act:", "paragraph"),
        ("(a)", "widget means a synthetic object;", "point"),
        ("(b)", "gadget means a synthetic widget.", "point"),
        ("2.", "Widgets are not firearms.", "paragraph"),
        (None, "A second synthetic sentence.", None),
        (None, "Article 2", "article"),
        (None, "This synthetic act applies to nobody.", "paragraph"),
    ]
    assert blocks[0].style == "title"
    assert blocks[6].location == "eId art_1__para_1__point_a"
    assert (None, "ANNEX I", "annex") in rows
    assert blocks[-1].style == "footnote" and blocks[-1].text == "A synthetic footnote."
    assert not any("FRBR" in b.text or "9999-09-09" in b.text for b in blocks)


def test_akn_root_required(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text("<?xml version='1.0'?><akn:other xmlns:akn='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'/>")
    with pytest.raises(UnreadableFile, match="not an Akoma Ntoso"):
        read_blocks(path, fmt="akn")


@pytest.mark.slow
@pytest.mark.parametrize("law,lang", [
    ("national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt", "cnr"),
    ("national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt", "mk"),
], ids=["ME", "MK"])
def test_akoma_ntoso_written_by_the_tool_reads_back_to_the_same_tree(tmp_path, law, lang):
    """A real law parsed, written as Akoma Ntoso (`concordance parse --format akn`), read back by
    this reader and parsed again keeps every provision id, with nothing lost."""
    from concordance.parse import parse_file
    from concordance.parse.write_akn import write_akn

    first = parse_file(Path(__file__).resolve().parents[1] / law, lang=lang)
    xml = write_akn(first, tmp_path / "act.akn.xml")
    again = parse_file(xml, lang=lang)
    assert [p.id for p in again.provisions] == [p.id for p in first.provisions]
    assert again.coverage is not None and again.coverage.lost_chars == 0


def test_akn_containers_named_by_kind_and_bare_numbers(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act"><body>
<article eId="art_1"><num>Article 1</num>
  <paragraph eId="art_1__para_1"><num>1.</num>
    <point eId="art_1__para_1__point_a"><num>(a)</num><content><p>synthetic blue widgets;</p></content></point>
  </paragraph></article>
<hcontainer eId="annex_1" name="annex"><num>ANNEX I</num><heading>Synthetic widgets</heading>
  <hcontainer eId="annex_1__table_1" name="table"><num>Table I</num>
    <point eId="annex_1__table_1__point_1"><num>1 |</num><content><p>Synthetic row</p></content></point>
  </hcontainer></hcontainer></body></act></akomaNtoso>""", encoding="utf-8")
    rows = [(b.number, b.text, b.style, b.kind) for b in read_blocks(path)]
    assert rows == [
        (None, "Article 1", "heading", "article"),
        ("1.", "", None, "paragraph"),                        # "1." does not overwrite "(a)"
        ("(a)", "synthetic blue widgets;", None, "point"),
        (None, "ANNEX I Synthetic widgets", "heading", "annex"),
        (None, "Table I", "heading", "table"),
        ("1 |", "Synthetic row", "table", "point"),
    ]


def test_formex_paragraph_opening_with_a_list_keeps_both_numbers(tmp_path):
    path = tmp_path / "act.xml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?><ACT><ENACTING.TERMS><ARTICLE IDENTIFIER="001">
<TI.ART>Article 1</TI.ART><PARAG IDENTIFIER="001.001"><NO.PARAG>1.</NO.PARAG><ALINEA><LIST TYPE="alpha">
<ITEM><NP><NO.P>(a)</NO.P><TXT>synthetic blue widgets;</TXT></NP></ITEM></LIST></ALINEA></PARAG>
</ARTICLE></ENACTING.TERMS></ACT>""", encoding="utf-8")
    assert [(b.number, b.text, b.kind) for b in read_blocks(path)] == [
        (None, "Article 1", "article"), ("1.", "", "paragraph"), ("(a)", "synthetic blue widgets;", "point")]
