"""The parser believes what readers of structured formats say (Block.kind, Block.style) and does not
re-guess it from the words. All texts here are plainly synthetic."""
from __future__ import annotations

from pathlib import Path

from concordance.model import ActMeta, Block
from concordance.parse import parse_act, parse_file

FIX = Path(__file__).parent / "fixtures" / "read"
META = ActMeta(key="synthetic", title="Synthetic Act on Widgets", language="en")


def _ids(act):
    return [p.id for p in act.provisions]


def test_akoma_ntoso_footnote_is_a_footnote_not_text_of_the_last_provision():
    act = parse_file(FIX / "akn_synthetic_act.xml", lang="en")
    assert [(n.kind, n.text) for n in act.non_provisions if n.kind == "footnote"] == \
        [("footnote", "1 A synthetic footnote.")]
    assert not any("synthetic footnote" in p.text for p in act.provisions)
    assert act.coverage.ok
    assert _ids(act)[:5] == ["preamble", "recital_1", "chp_1", "art_1", "art_1__para_1"]


def test_footnote_and_signature_styles_after_the_last_article():
    blocks = [Block("Article 1", kind="article", style="heading"), Block("Widgets are blue."),
              Block("Synthetic signatory, President", style="signature"),
              Block("A synthetic footnote on widgets.", number="1", style="footnote")]
    act = parse_act(blocks, META)
    assert act.get("art_1").text == "Widgets are blue."
    assert [(n.kind, n.text) for n in act.non_provisions] == [
        ("signature", "Synthetic signatory, President"), ("footnote", "1 A synthetic footnote on widgets.")]
    assert act.coverage.ok


def test_markdown_front_matter_is_a_note_not_the_title_or_body(tmp_path):
    md = tmp_path / "synthetic.en.md"
    md.write_text("---\ntitle: Synthetic Act on Widgets\nsource: nowhere, synthetic\n---\n\n"
                  "# Synthetic Act on Widgets\n\n## Article 1\n\nWidgets are blue.\n", encoding="utf-8")
    act = parse_file(md, lang="en")
    notes = [n.text for n in act.non_provisions if n.kind == "note"]
    assert "title: Synthetic Act on Widgets" in notes and "source: nowhere, synthetic" in notes
    assert act.get("art_1").text == "Widgets are blue."
    assert act.coverage.ok


def test_a_marked_article_whose_heading_word_the_lexicon_does_not_know():
    blocks = [Block("Art 7", kind="article", style="heading"), Block("Synthetic widgets", kind="heading",
                                                                      style="heading"),
              Block("Widgets are blue.")]
    act = parse_act(blocks, META)
    art = act.get("art_7")
    assert art is not None and art.num == "7" and art.heading == "Synthetic widgets"
    assert art.text == "Widgets are blue."


def test_where_articles_are_marked_a_sentence_starting_with_article_is_not_one():
    blocks = [Block("Article 1", kind="article", style="heading"), Block("Widgets are blue."),
              Block("Article 5 Synthetic Directive applies to widgets too.")]
    act = parse_act(blocks, META)
    assert [p.id for p in act.of_kind("article")] == ["art_1"]
    assert "Article 5 Synthetic Directive" in act.get("art_1").text


def test_marked_paragraphs_and_points_nest_as_the_source_says():
    """"(1)" is a paragraph marker in many lexicons; the source says it is a point, at depth 1."""
    blocks = [Block("Article 1", kind="article", style="heading"),
              Block("Widgets are:", number="1.", kind="paragraph", level=0),
              Block("blue;", number="(1)", kind="point", level=1),
              Block("round.", number="(2)", kind="point", level=1),
              Block("Gadgets are synthetic.", number="2.", kind="paragraph", level=0)]
    act = parse_act(blocks, META)
    assert _ids(act) == ["art_1", "art_1__para_1", "art_1__para_1__point_1", "art_1__para_1__point_2",
                         "art_1__para_2"]


def test_marked_unnumbered_paragraphs_start_only_where_the_source_says():
    """Balkan ставови are unnumbered; from text a new one starts after a line ending in "."; where the
    source marks paragraphs, a further line of the same paragraph stays in it."""
    meta = ActMeta(key="synthetic-sr", title="Sintetički zakon", language="sr")
    blocks = [Block("Član 1", kind="article", style="heading"),
              Block("Sintetički predmeti su plavi.", kind="paragraph", level=0),
              Block("Druga rečenica istog stava."),
              Block("Sintetički predmeti su okrugli.", kind="paragraph", level=0)]
    act = parse_act(blocks, meta)
    assert _ids(act) == ["art_1", "art_1__para_1", "art_1__para_2"]
    assert act.get("art_1__para_1").text == "Sintetički predmeti su plavi.\nDruga rečenica istog stava."
    # the same lines as plain text: the "." rule makes three ставови
    plain = parse_act([Block("Član 1"), *(Block(b.text) for b in blocks[1:])], meta)
    assert [p.id for p in plain.of_kind("paragraph")] == ["art_1__para_1", "art_1__para_2", "art_1__para_3"]


def test_marked_recitals_without_a_whereas_line():
    blocks = [Block("Widgets are synthetic.", number="(1)", kind="recital"),
              Block("Gadgets are synthetic too.", number="(2)", kind="recital"),
              Block("Article 1", kind="article", style="heading"), Block("Widgets are blue.")]
    act = parse_act(blocks, META)
    assert [p.id for p in act.of_kind("recital")] == ["recital_1", "recital_2"]
    assert act.get("recital_2").text == "Gadgets are synthetic too."


def test_marked_subparagraph_after_a_list():
    blocks = [Block("Article 1", kind="article", style="heading"),
              Block("Widgets shall be:", number="1.", kind="paragraph", level=0),
              Block("blue;", number="(a)", kind="point", level=1),
              Block("round.", number="(b)", kind="point", level=1),
              Block("Gadgets may be square.", kind="subparagraph", level=1),
              Block("in synthetic cases;", number="(a)", kind="point", level=2)]
    act = parse_act(blocks, META)
    assert _ids(act) == ["art_1", "art_1__para_1", "art_1__para_1__point_a", "art_1__para_1__point_b",
                         "art_1__para_1__subpara_2", "art_1__para_1__subpara_2__point_a"]
    assert act.get("art_1__para_1__subpara_2").citation == "Article 1(1), subparagraph 2"


def test_eurlex_html_marks_only_some_units_and_the_rest_is_read_by_number():
    """EUR-Lex HTML marks points (grid tables) and article headings but not "1." paragraphs: those
    are still paragraphs, and the OJ footnote is a footnote."""
    act = parse_file(FIX / "eurlex_oj_synthetic.html", lang="en")
    assert [p.id for p in act.children("art_1")] == ["art_1__para_1", "art_1__para_2"]
    assert act.get("art_1__para_1__point_a__point_i").text == "blue synthetic widgets; and"
    assert ("footnote", "(1) A synthetic footnote.") in [(n.kind, n.text) for n in act.non_provisions]
    assert act.coverage.ok


def test_formex_footnote_is_a_footnote():
    act = parse_file(FIX / "formex_synthetic_act.xml", lang="en")
    assert [n.kind for n in act.non_provisions if "Synthetic Journal" in n.text] == ["footnote"]
    assert act.coverage.ok


def test_a_marked_annex_whose_word_the_lexicon_does_not_know():
    meta = ActMeta(key="synthetic-sq", title="Ligj sintetik", language="sq-AL")
    blocks = [Block("Article 1", kind="article", style="heading"), Block("Synthetic text."),
              Block("ANHANG II Synthetic list", kind="annex", style="heading"), Block("Widgets.")]
    act = parse_act(blocks, meta)
    annex = act.get("annex_2")
    assert (annex.num, annex.heading, annex.label, annex.text) == ("II", "Synthetic list", "ANHANG II", "Widgets.")
