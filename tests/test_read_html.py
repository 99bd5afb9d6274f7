"""HTML/XHTML reader on synthetic documents in EUR-Lex's and a gazette's markup."""
from __future__ import annotations

from pathlib import Path

import pytest

from concordance.errors import UnreadableFile, UnsafeXML
from concordance.read import read_blocks
from concordance.read.html import html_title, parse_html

FIX = Path(__file__).parent / "fixtures" / "read"


def _rows(blocks):
    return [(b.number, b.text, b.style, b.kind) for b in blocks]


def test_eurlex_oj_xhtml_structure():
    blocks = read_blocks(FIX / "eurlex_oj_synthetic.html")
    rows = _rows(blocks)
    texts = [b.text for b in blocks]
    assert not any("must not be read" in t for t in texts)          # script, style, nav dropped
    assert ("(1)", "Widgets are synthetic objects invented for this test.", None, "recital") in rows
    assert ("(2)", "A second synthetic recital.", None, "recital") in rows
    i = texts.index("Article 1")
    assert rows[i:i + 6] == [
        (None, "Article 1", "heading", "article"),
        (None, "Synthetic definitions", "heading", "heading"),
        (None, "1. For the purposes of this synthetic Directive:", None, None),
        ("(a)", "‘widget’ means a synthetic object;", None, "point"),
        ("(i)", "blue synthetic widgets; and", None, "point"),
        ("(b)", "‘gadget’ means a synthetic widget with a(1) lever.", None, "point"),
    ]
    assert ("—", "a synthetic indent,", None, "indent") in rows
    assert (None, "CHAPTER I", "heading", None) in rows
    assert (None, "ANNEX I", "title", "annex") in rows
    assert (None, "(1) A synthetic footnote.", "footnote", None) in rows
    assert (None, "For the Synthetic Council", "signature", None) in rows
    # the OJ page header (date, language, journal, page) is page furniture, not the act
    assert not any(t in ("9.9.9999", "EN", "L 999/1", "Synthetic Journal of the Widget Union") for t in texts)
    assert texts[0] == "SYNTHETIC DIRECTIVE 9999/1 OF THE WIDGET COUNCIL"
    assert all(b.location.startswith("line ") for b in blocks)


def test_eurlex_title():
    root = parse_html((FIX / "eurlex_oj_synthetic.html").read_bytes(), Path("x.html"))
    assert html_title(root) == "SYNTHETIC DIRECTIVE 9999/1 OF THE WIDGET COUNCIL of 9 September 9999 on widgets (synthetic text for tests)"


def test_eurlex_consolidated_grid_lists_and_text_container():
    rows = _rows(read_blocks(FIX / "eurlex_consolidated_synthetic.html"))
    assert rows == [
        (None, "SYNTHETIC DIRECTIVE 9999/1 OF THE WIDGET COUNCIL", "title", None),
        (None, "▼B", "note", None),
        (None, "Article 1", "heading", "article"),
        (None, "Synthetic scope", "heading", "heading"),
        ("1.", "This synthetic text applies to widgets:", None, None),
        ("(a)", "blue widgets;", None, "point"),
        ("(b)", "green widgets.", None, "point"),
    ]


def test_gazette_html_in_cp1250_with_breaks_and_lists():
    rows = _rows(read_blocks(FIX / "gazette_synthetic_cp1250.html"))
    assert rows == [
        (None, "SINTETIČKI ZAKON O SPRAVAMA", None, None),
        (None, "Član 1", None, None),
        (None, "Ovim sintetičkim zakonom uređuju se sprave.", None, None),
        (None, "Sprava nije oružje.", None, None),
        ("a.", "prva sintetička sprava;", "list", None),
        ("b.", "druga sintetička sprava.", "list", None),
        ("3.", "treća tačka", "list", None),
        ("•", "alineja", "list", None),
    ]


def test_old_eurlex_html_with_entities_and_plain_classes(tmp_path):
    path = tmp_path / "old.htm"
    path.write_bytes(b"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body>
<p class="ti-art">Article&nbsp;3</p><p class="sti-art">Synthetic heading</p>
<p class="normal">1.&nbsp;&nbsp;&nbsp;Synthetic widgets &mdash; all of them.<p class="normal">2. Unclosed paragraph
</body></html>""")
    assert _rows(read_blocks(path)) == [
        (None, "Article 3", "heading", "article"), (None, "Synthetic heading", "heading", "heading"),
        (None, "1. Synthetic widgets — all of them.", None, None), (None, "2. Unclosed paragraph", None, None)]


def test_xhtml_with_html_entities_keeps_them(tmp_path):
    path = tmp_path / "x.xhtml"
    path.write_bytes(b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><body><p class="oj-normal">Synthetic&nbsp;widget&nbsp;&#8212;&nbsp;blue</p></body></html>""")
    assert [b.text for b in read_blocks(path)] == ["Synthetic widget — blue"]


def test_xhtml_declaring_entities_is_refused(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(b"""<?xml version="1.0"?><!DOCTYPE html [<!ENTITY w "widget">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>&w;</p></body></html>""")
    with pytest.raises(UnsafeXML):
        read_blocks(path)


def test_unknown_xml_vocabulary(tmp_path):
    path = tmp_path / "x.xml"
    path.write_bytes(b"<?xml version='1.0'?><synthetic><p>widget</p></synthetic>")
    with pytest.raises(UnreadableFile, match="root element is <synthetic>"):
        read_blocks(path)


def test_recital_number_in_its_own_paragraph(tmp_path):
    path = tmp_path / "r.html"
    path.write_text("""<html><body><div class="eli-subdivision" id="rct_7">
<p class="oj-normal">(7)</p><p class="oj-normal">A synthetic recital set without a table.</p></div>
<div class="eli-subdivision" id="art_1"><p class="oj-ti-art">Article 1</p><p class="oj-normal">(a)</p></div>
</body></html>""", encoding="utf-8")
    rows = _rows(read_blocks(path))
    assert rows == [("(7)", "A synthetic recital set without a table.", None, "recital"),
                    (None, "Article 1", "heading", "article"), (None, "(a)", None, None)]


def test_saved_eurlex_page_with_site_chrome(tmp_path):
    """A page saved from the EUR-Lex site (menus, language lists around the act): only the act is read."""
    path = tmp_path / "saved.html"
    path.write_text("""<html><body><div class="site-header"><ul><li>Synthetic menu entry</li></ul>
<p>Synthetic language list</p></div>
<div class="panel"><div class="tabContent"><div class="synthetic-wrapper">
<p class="oj-doc-ti">SYNTHETIC REGULATION 9999/2</p>
<p class="oj-normal">Synthetic preamble.</p>
<p class="oj-ti-art">Article 1</p><p class="oj-normal">Synthetic widgets are blue.</p>
</div></div></div>
<div class="site-footer"><p>Synthetic footer links</p></div></body></html>""", encoding="utf-8")
    assert [b.text for b in read_blocks(path)] == ["SYNTHETIC REGULATION 9999/2", "Synthetic preamble.", "Article 1",
                                                   "Synthetic widgets are blue."]


@pytest.mark.parametrize("label,ok", [
    ("(a)", True), ("1.", True), ("(iv)", True), ("—", True), ("а)", True), ("12)", True), ("(1)", True),
    ("2.1.", True), ("9.9.9999", False), ("EN", False), ("Article 1", False), ("L 999/1", False), ("", False),
])
def test_number_labels(label, ok):
    from concordance.read.html import NUMBER_LABEL
    assert bool(NUMBER_LABEL.match(label)) is ok


def test_html_without_charset_in_a_legacy_code_page(tmp_path):
    """No <meta charset>, not UTF-8: the text detector picks the code page (here ISO 8859-2)."""
    path = tmp_path / "g.html"
    path.write_bytes("<html><body><p>Sintetički zakon o spravama: oružje, šipka, žica.</p></body></html>"
                     .encode("iso8859_2"))
    assert [b.text for b in read_blocks(path)] == ["Sintetički zakon o spravama: oružje, šipka, žica."]


def test_point_whose_cell_opens_with_a_nested_point(tmp_path):
    path = tmp_path / "n.html"
    path.write_text("""<html><body><table><tr><td><p class="oj-normal">(a)</p></td><td>
<table><tr><td><p class="oj-normal">(i)</p></td><td><p class="oj-normal">synthetic sub-point;</p></td></tr></table>
</td></tr></table></body></html>""", encoding="utf-8")
    assert [(b.number, b.text, b.kind) for b in read_blocks(path)] == [
        ("(a)", "", "point"), ("(i)", "synthetic sub-point;", "point")]
