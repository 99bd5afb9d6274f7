"""Correlation 91/477/EEC -> 2021/555: the bundled partial table (built from the corpus evidence CSV)
and the reader for the authentic table. Authentic-table inputs here are PLAINLY SYNTHETIC (article
numbers in the 90s/190s, captioned as synthetic); the real annex is not bundled."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from concordance.catalogue import correlation as corr
from concordance.catalogue.correlation import CorrelationRow, CorrelationTable, Translation, parse_citation, translate
from concordance.errors import InputError, UnsafeXML

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "directives" / "32021L0555"
EVIDENCE = FOLDER / "32021L0555.correlation.partial-evidence.csv"


@pytest.fixture(autouse=True)
def _fresh():
    corr._cache.clear()
    yield
    corr._cache.clear()


# ---------------------------------------------------------------------------------------------
# citations
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("citation, ids", [
    ("91/477 Art. 17", ["art_17"]),
    ("91/477 Art. 12(2)", ["art_12__para_2"]),
    ("2021/555 Art. 16(1)-(2)", ["art_16__para_1", "art_16__para_2"]),
    ("91/477 Art. 7(4a)", ["art_7__para_4a"]),
    ("Article 1(2) to (4)", ["art_1__para_2", "art_1__para_3", "art_1__para_4"]),
    ("Article 1(1), points (1) to (3)", ["art_1__para_1__point_1", "art_1__para_1__point_2", "art_1__para_1__point_3"]),
    ("Article 1(1), point 2", ["art_1__para_1__point_2"]),
    ("Articles 2 to 4", ["art_2", "art_3", "art_4"]),
    ("Articles 15 and 16", ["art_15", "art_16"]),
    ("Article 4(2)(a)", ["art_4__para_2__point_a"]),
    ("Article 5a", ["art_5a"]),
    ("Article 4(3), first subparagraph", ["art_4__para_3"]),
    ("Article 1(1), introductory wording", ["art_1__para_1"]),
    ("Annex II", ["annex_2"]),
    ("Annex I, Part III", ["annex_1__part_3"]),
    ("Annex I, Part II, point A, Category A, point 6", ["annex_1__part_2__cat_A__point_6"]),
    ("Annex I, Part II, point B", ["annex_1__part_2__point_B"]),
    ("91/477:art_5", ["art_5"]),
    ("—", []),
    ("", []),
    ("Synthetic Act on Widgets", []),
])
def test_parse_citation(citation, ids):
    assert parse_citation(citation) == ids


# ---------------------------------------------------------------------------------------------
# the bundled partial table
# ---------------------------------------------------------------------------------------------
def test_bundled_table_is_the_evidence_csv_and_says_it_is_partial():
    table = corr.default_table()
    assert table.authentic is False
    assert "NOT the authentic" in table.notes
    assert Path(table.origin) == FOLDER / "correlation.csv"
    assert list(table.rows) == corr.rows_from_evidence(EVIDENCE)
    assert len(table.rows) == 8
    for row in table.rows:
        assert row.basis in ("VERIFIED", "STRONG TEXTUAL INFERENCE", "INFERENCE")
        assert row.source.startswith(row.basis)  # the source column is kept verbatim


def test_translate_paragraph_row():
    out = translate("art_12__para_2")
    assert out == [Translation("art_17__para_2", out[0].basis)]
    new_id, basis = out[0]
    assert basis.startswith("VERIFIED") and "PARTIAL" in basis


def test_translate_range_rows_pair_up():
    assert [t.new_id for t in translate("art_11__para_2")] == ["art_16__para_2"]
    assert [t.new_id for t in translate("art_11__para_1")] == ["art_16__para_1"]


def test_translate_falls_back_to_the_article_row():
    out = translate("art_7__para_2__point_b")
    assert [t.new_id for t in out] == ["art_10"]
    assert "via the row for art_7" in out[0].basis and out[0].basis.startswith("INFERENCE")
    # a paragraph row is preferred to the article row
    assert [t.new_id for t in translate("art_7__para_4a")] == ["art_10__para_5"]


def test_translate_article_uses_its_paragraph_rows():
    assert [t.new_id for t in translate("art_12")] == ["art_17__para_1", "art_17__para_2"]


def test_translate_unknown_and_citation_inputs():
    assert translate("art_1") == []
    assert translate("annex_1__part_2__cat_A") == []
    assert [t.new_id for t in translate("Article 17")] == ["art_24"]
    assert [t.new_id for t in translate("91/477:art_6")] == ["art_9"]


def test_ids_only_form_for_the_matcher():
    assert translate("31991L0477", "art_8__para_3", "32021L0555") == ["art_11__para_3"]
    assert translate("31991L0477", "art_8__para_3") == ["art_11__para_3"]
    assert translate("32019L0068", "art_1", "32021L0555") == []


# ---------------------------------------------------------------------------------------------
# the authentic table, read from a user's download (synthetic inputs)
# ---------------------------------------------------------------------------------------------
SYNTHETIC_HTML = """<!DOCTYPE html><html><body>
<p class="oj-ti-grseq-1">SYNTHETIC TEST TABLE (not the real annex)</p>
<table><tr><td><p>Directive 91/477/EEC</p></td><td><p>Synthetic amending act</p></td><td><p>This Directive</p></td></tr>
<tr><td><p>Article 90(1)</p></td><td><p>—</p></td><td><p>Article 190(1)</p></td></tr>
<tr><td><p>Article 90(2) to (4)</p></td><td><p>—</p></td><td><p>Article 190(3) to (5)</p></td></tr>
<tr><td><p>Article 91</p></td><td><p>—</p></td><td><p>Article 191</p></td></tr>
<tr><td><p>—</p></td><td><p>Article 5</p></td><td><p>Article 192</p></td></tr>
<tr><td><p>Article 93</p></td><td><p>—</p></td><td><p>—</p></td></tr>
<tr><td><p>Some wording no parser knows</p></td><td><p>—</p></td><td><p>Article 194</p></td></tr>
</table></body></html>"""


def test_read_authentic_from_eurlex_style_html(tmp_path):
    f = tmp_path / "synthetic.html"
    f.write_text(SYNTHETIC_HTML, encoding="utf-8")
    table = corr.read_authentic(f)
    assert table.authentic
    assert table.translate("art_90__para_1") == [Translation("art_190__para_1", table.translate("art_90__para_1")[0].basis)]
    assert [t.new_id for t in table.translate("art_90__para_3")] == ["art_190__para_4"]
    assert [t.new_id for t in table.translate("art_91__para_2")] == ["art_191"]
    assert table.translate("art_93") == []                      # explicitly without successor
    assert any(r.old == ("art_93",) and r.new == () for r in table.rows)
    assert table.translate("art_90__para_1")[0].basis.startswith("AUTHENTIC")
    assert len(table.warnings) == 1 and "Some wording" in table.warnings[0]  # not guessed, not lost


def test_read_authentic_from_a_text_copy(tmp_path):
    f = tmp_path / "table.txt"
    f.write_text("Directive 91/477/EEC | This Directive\nArticle 90(1) | Article 190(1)\nArticle 95a | Article 195\n",
                 encoding="utf-8")
    table = corr.read_authentic(f)
    assert [t.new_id for t in table.translate("art_95a")] == ["art_195"]
    headerless = tmp_path / "rows.txt"
    headerless.write_text("Article 90(1)\tArticle 190(1)\nArticle 96\tArticle 196\n", encoding="utf-8")
    assert [t.new_id for t in corr.read_authentic(headerless).translate("art_96")] == ["art_196"]


def test_install_authentic_upgrades_the_default_table(tmp_path, monkeypatch):
    folder = tmp_path / "32021L0555"
    folder.mkdir()
    shutil.copy(FOLDER / "correlation.csv", folder / "correlation.csv")
    monkeypatch.setattr(corr, "_act_folder", lambda: folder)
    assert corr.default_table().authentic is False
    src = tmp_path / "download.html"
    src.write_text(SYNTHETIC_HTML, encoding="utf-8")
    written = corr.install_authentic(src)
    assert written == folder / "correlation.authentic.csv"
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []  # no temp file left
    table = corr.default_table()
    assert table.authentic is True
    assert [t.new_id for t in translate("art_91")] == ["art_191"]
    assert translate("art_12__para_2") == []  # the partial table is no longer used


def test_html_with_entity_declarations_is_refused(tmp_path):
    f = tmp_path / "evil.html"
    f.write_text('<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                 "<html><body><table><tr><td>&x;</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(UnsafeXML):
        corr.read_authentic(f)


def test_a_file_without_the_table_says_what_to_give(tmp_path):
    f = tmp_path / "other.html"
    f.write_text("<html><body><p>Synthetic Act on Widgets</p><table><tr><td>a</td><td>b</td></tr></table>"
                 "</body></html>", encoding="utf-8")
    with pytest.raises(InputError) as err:
        corr.read_authentic(f)
    assert "no correlation table" in err.value.what and "eur-lex" in err.value.todo.lower()


def test_load_table_rejects_rows_that_are_not_ids(tmp_path):
    f = tmp_path / "correlation.csv"
    f.write_text("old,new,old_citation,new_citation,basis,source\nArticle 7,art_10,,,INFERENCE,synthetic\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as err:
        corr.load_table(f)
    assert "line 2" in err.value.where


def test_write_and_load_round_trip(tmp_path):
    rows = (CorrelationRow(("art_90__para_1", "art_90__para_2"), ("art_190__para_1", "art_190__para_2"),
                           "Article 90(1)-(2)", "Article 190(1)-(2)", "INFERENCE", "synthetic, with, commas"),)
    out = corr.write_table(CorrelationTable(rows, authentic=False), tmp_path / "t.csv", header="Synthetic table")
    back = corr.load_table(out)
    assert back.rows == rows and back.notes == "Synthetic table"


def test_the_users_directive_download_carries_its_correlation_table():
    """The directive path end to end (issue 14): the correlation annex of a EUR-Lex XHTML download
    (the synthetic stand-in in the real markup) is read, and old numbers translate through it."""
    from fixtures.directive import XHTML

    table = corr.read_authentic(XHTML)
    assert len(table.rows) == 9 and all(r.basis == "AUTHENTIC" for r in table.rows)
    assert [t.new_id for t in table.translate("art_8__para_3")] == ["art_11__para_3"]
    assert [t.new_id for t in table.translate("art_17")] == ["art_24"]


def test_the_synthetic_directive_files_are_what_their_script_writes():
    from fixtures.directive import FORMEX, XHTML, make_synthetic_directive as make

    assert XHTML.read_text(encoding="utf-8") == make.xhtml()
    assert FORMEX.read_text(encoding="utf-8") == make.formex()
    assert "SYNTHETIC" in make.TITLE[0]        # plainly synthetic
