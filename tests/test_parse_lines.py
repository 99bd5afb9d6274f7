"""What a line is (concordance.parse.lines), one recogniser at a time, on plainly synthetic lines.

The whole-act tests (test_parse_structure, test_parse_acts) show the recognisers working together;
these pin down the single decisions a lawyer would ask about: is this line Article 5 or a sentence
that cites it, is this an annex heading or an amendment of the annex, which marker starts a point.
"""
from __future__ import annotations

from concordance.model import Block
from concordance.parse.lexicon import load
from concordance.parse.lines import Lines, fold, mostly_upper


def _lines(*texts: str, lang: str = "en") -> Lines:
    return Lines([Block(text=t, location=f"line {i + 1}") for i, t in enumerate(texts)], load(lang))


def test_article_heading_line_gives_number_and_label():
    lines = _lines("Article 5", "Synthetic widgets shall be blue.")
    assert lines.match_article(lines.blocks[0]) == ("5", None, "Article 5")
    assert lines.match_article(lines.blocks[1]) is None


def test_article_in_a_source_that_marks_articles_only_where_marked():
    blocks = [Block(text="Article 1", location="a", kind="article"),
              Block(text="Article 2 applies to synthetic gadgets.", location="b")]
    lines = Lines(blocks, load("en"))
    assert lines.match_article(blocks[0]) == ("1", None, "Article 1")
    assert lines.match_article(blocks[1]) is None     # the source marks articles; this is a sentence


def test_serbian_article_and_marker():
    lines = _lines("Član 3", "1) vidžeti su plavi;", lang="sr")
    assert lines.match_article(lines.blocks[0]) == ("3", None, "Član 3")
    assert lines.match_marker(lines.blocks[1].text) == ("rparen_arabic", "1", "1)", "vidžeti su plavi;")


def test_annex_heading_but_not_an_amendment_of_the_annex():
    lines = _lines("ANNEX II", "Annex I to this Synthetic Act shall be amended as follows:")
    assert lines.match_annex(lines.blocks[0]) == ("II", None, "ANNEX II")
    assert lines.match_annex(lines.blocks[1]) is None


def test_division_heading_but_not_a_cross_reference():
    lines = _lines("CHAPTER III", "Chapter III of this Synthetic Act applies to widgets.")
    assert lines.match_division(lines.blocks[0], 0) == ("chapter", "III", None, "CHAPTER III")
    assert lines.match_division(lines.blocks[1], 1) is None


def test_markers_with_and_without_a_markdown_bullet():
    lines = _lines("Article 1")
    assert lines.match_marker("(a) widgets") == ("paren_alpha", "a", "(a)", "widgets")
    assert lines.match_marker("- (b) gadgets") == ("paren_alpha", "b", "- (b)", "gadgets")
    assert lines.match_marker("Widgets are blue.") is None


def test_next_index_skips_page_numbers_and_source_notes():
    lines = _lines("Article 5", "12", "# source: synthetic", "Widgets")
    assert lines.next_index(0) == 3
    assert lines.next_index(3) is None


def test_capitals_allow_serbian_nj_and_fold_ignores_case_and_spacing():
    assert mostly_upper("UNOŠENjE SINTETIČKIH VIDŽETA")
    assert not mostly_upper("Unošenje sintetičkih vidžeta")
    assert fold("  Synthetic   ACT on Widgets ") == "synthetic act on widgets"
