"""DOCX reader: Word automatic numbering rendered into Block.number, tables, headings, bad files."""
from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from concordance.errors import UnreadableFile, UnsafeXML
from concordance.read import read_blocks
from concordance.read.docx import WordNumbering, format_number

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "read"))
import make_docx  # noqa: E402

LAWS = Path(__file__).resolve().parents[1] / "national_laws"   # the bundled copies of the real laws
ME_TXT = LAWS / "ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt"
MK_TXT = LAWS / "MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbering(xml: str) -> WordNumbering:
    root = etree.fromstring(f'<w:numbering xmlns:w="{W}">{xml}</w:numbering>')
    return WordNumbering(root)


def _lvl(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/></w:lvl>')


# --- the acceptance case: a real law whose article numbers exist only in numbering.xml -------
@pytest.mark.parametrize("points", [False, True], ids=["articles", "articles+points"])
@pytest.mark.parametrize("txt", [ME_TXT, MK_TXT], ids=["ME", "MK"])
def test_auto_numbered_law_gives_the_text_versions_lines(tmp_path, txt, points):
    docx_path = make_docx.law_docx_from_text(txt, tmp_path / "law.docx", points=points)
    # the numbers really are not in the document text
    document = docx.Document(str(docx_path))
    assert not any(p.text.split()[:1] in (["Član"], ["Член"]) and p.text.split()[1].isdigit()
                   for p in document.paragraphs)
    blocks = read_blocks(docx_path)
    text_blocks = read_blocks(txt)
    assert make_docx.lines_with_numbers(blocks) == make_docx.lines_with_numbers(text_blocks)
    word = "Član" if txt is ME_TXT else "Член"
    expected = 123 if txt is ME_TXT else 90
    assert [b.number for b in blocks if b.number and b.number.startswith(word)] == \
        [f"{word} {n}" for n in range(1, expected + 1)]
    point_numbers = [b.number for b in blocks if b.number and b.number.endswith(")")]
    if points:   # every enumeration restarts at 1 through its own list instance (startOverride)
        assert len(point_numbers) == (206 if txt is ME_TXT else 110) and point_numbers.count("1)") == (29 if txt is ME_TXT else 18)
    else:
        assert point_numbers == []


def test_synthetic_act_with_style_linked_levels_and_restart(tmp_path):
    blocks = read_blocks(make_docx.synthetic_widgets_docx(tmp_path / "w.docx"))
    got = [(b.number, b.text, b.style) for b in blocks]
    assert got == [
        (None, "Synthetic Act on Widgets", "title"),
        (None, "Chapter I Widgets in general", "heading"),
        ("Article 1", "Subject matter", "Widget Article"),
        ("(1)", "This synthetic act governs widgets.", "list"),
        ("(2)", "It applies to:", "list"),
        ("a)", "blue widgets;", "list"),
        ("b)", "green widgets.", "list"),
        ("(3)", "Widgets are not firearms.", "list"),
        ("Article 2", "Definitions", "Widget Article"),
        ("(1)", "A widget is a synthetic thing.", "list"),
        (None, "Widget class", "table"),
        (None, "Synthetic colour", "table"),
        ("Article 5", "Entry into force", "list"),
        ("(1)", "This synthetic act enters into force never.", "list"),
    ]
    assert blocks[1].level == 1
    assert [b.level for b in blocks if b.number][:4] == [1, 2, 2, 3]


# --- the numbering engine ---------------------------------------------------------------------
@pytest.mark.parametrize("value,fmt,expected", [
    (4, "decimal", "4"), (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"),
    (28, "upperLetter", "BB"), (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"), (1990, "upperRoman", "MCMXC"),
    (3, "russianLower", "в"), (10, "russianLower", "к"), (2, "russianUpper", "Б"), (7, "decimalZero", "07"),
    (2, "ordinal", "2nd"), (11, "ordinal", "11th"),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


def test_deeper_levels_reset_when_a_shallower_level_advances():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "Član %1.") + _lvl(1, "(%2)")
                   + _lvl(2, "%3)", "lowerLetter") + '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>')
    seq = [(0,), (1,), (1,), (2,), (2,), (0,), (1,), (2,)]
    assert [n.number("7", s[0]) for s in seq] == ["Član 1.", "(1)", "(2)", "a)", "b)", "Član 2.", "(1)", "a)"]


def test_multi_level_text_and_legal_numbering():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "%1.", "upperRoman")
                   + _lvl(1, "%1.%2.", "decimal") + _lvl(2, "%1.%2.%3", "decimal", extra="<w:isLgl/>")
                   + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    assert [n.number("1", lvl) for lvl in (0, 1, 1, 2, 0, 1)] == ["I.", "I.1.", "I.2.", "1.2.1", "II.", "II.1."]


def test_start_values_and_level_never_restarting():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "Glava %1", "upperRoman", start=3)
                   + _lvl(1, "Član %2", extra='<w:lvlRestart w:val="0"/>', start=10)
                   + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    # articles run on across chapters (lvlRestart 0), as in laws numbered continuously
    assert [n.number("1", lvl) for lvl in (0, 1, 1, 0, 1)] == ["Glava III", "Član 10", "Član 11", "Glava IV", "Član 12"]


def test_a_start_override_restarts_only_its_level():
    """A new "(1)" list inside Article 2 (a num instance overriding level 2) must not reset the
    article counter; LibreOffice shows the same (see the LibreOffice test below)."""
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "Art %1") + _lvl(1, "%2)") + '</w:abstractNum>'
                   '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
                   '<w:num w:numId="2"><w:abstractNumId w:val="1"/>'
                   '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    seq = [("1", 0), ("1", 1), ("1", 1), ("2", 1), ("2", 1), ("1", 0), ("1", 1), ("2", 0), ("2", 1)]
    assert [n.number(nid, lvl) for nid, lvl in seq] == ["Art 1", "1)", "2)", "1)", "2)", "Art 2", "1)", "Art 3", "1)"]


def test_num_instances_continue_unless_they_override_the_start():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "%1)") + '</w:abstractNum>'
                   '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
                   '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
                   '<w:num w:numId="3"><w:abstractNumId w:val="1"/>'
                   '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    got = [n.number(nid, 0) for nid in ("1", "1", "2", "2", "3", "3", "1")]
    assert got == ["1)", "2)", "3)", "4)", "1)", "2)", "3)"]


def test_level_override_redefines_a_level_for_one_instance():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "%1.") + '</w:abstractNum>'
                   '<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
                   + _lvl(0, "%1)", "lowerLetter", start=3) + '</w:lvlOverride></w:num>')
    assert [n.number("4", 0) for _ in range(2)] == ["c)", "d)"]


def test_bullets_none_and_unknown_lists():
    n = _numbering('<w:abstractNum w:abstractNumId="1">' + _lvl(0, "\uf0b7", "bullet") + _lvl(1, "–", "bullet")
                   + _lvl(2, "", "none") + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    assert n.number("1", 0) == "•"
    assert n.number("1", 1) == "–"
    assert n.number("1", 2) is None
    assert n.number("99", 0) is None
    assert n.number("0", 0) is None


def test_style_numbering_inherited_and_switched_off(tmp_path):
    document = docx.Document()
    nb = make_docx.NumberingBuilder(document)
    num = nb.num(nb.abstract([{"text": "Article %1"}, {"text": "(%2)"}]))
    make_docx.add_paragraph_style(document, "Art Base", num_id=num, ilvl=0)
    make_docx.add_paragraph_style(document, "Art Child", based_on="Art Base")
    make_docx.add_paragraph_style(document, "Para", num_id=num, ilvl=1)
    document.add_paragraph("Scope", style="Art Child")          # numbered through basedOn
    document.add_paragraph("Synthetic paragraph one.", style="Para")
    p = document.add_paragraph("Unnumbered despite its style.", style="Para")
    make_docx.set_numbering(p, 0, None)                          # numId 0 removes numbering
    document.add_paragraph("Synthetic paragraph two.", style="Para")
    p = document.add_paragraph("Level from the paragraph, list from the style.", style="Para")
    make_docx.set_numbering(p, None, 0)
    path = tmp_path / "styles.docx"
    document.save(path)
    got = [(b.number, b.text) for b in read_blocks(path)]
    assert got == [("Article 1", "Scope"), ("(1)", "Synthetic paragraph one."),
                   (None, "Unnumbered despite its style."), ("(2)", "Synthetic paragraph two."),
                   ("Article 2", "Level from the paragraph, list from the style.")]


def test_num_style_link_resolves_to_the_real_definition(tmp_path):
    document = docx.Document()
    nb = make_docx.NumberingBuilder(document)
    real = nb.abstract([{"text": "Neni %1"}], style_link="SyntheticList")
    real_num = nb.num(real)
    make_docx.add_paragraph_style(document, "SyntheticList", num_id=real_num, style_type=4)  # numbering style
    link = nb.abstract([{"text": "WRONG %1"}], num_style_link="SyntheticList")
    link_num = nb.num(link)
    for text in ("First synthetic article.", "Second synthetic article."):
        make_docx.set_numbering(document.add_paragraph(text), link_num, 0)
    path = tmp_path / "link.docx"
    document.save(path)
    assert [b.number for b in read_blocks(path)] == ["Neni 1", "Neni 2"]


# --- text, tables, headings --------------------------------------------------------------------
def test_tables_headings_breaks_and_tracked_changes(tmp_path):
    document = docx.Document()
    document.add_heading("Synthetic heading", level=2)
    h = document.add_paragraph("Custom heading", style=document.styles.add_style("Naslov 3", 1))
    p = document.add_paragraph("Line one")
    p.add_run().add_break()
    p.add_run("Line two")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "a)"
    table.cell(0, 1).text = "synthetic point"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "nested cell"
    del_p = document.add_paragraph("kept ")
    ins = etree.SubElement(del_p._p, f"{{{W}}}del")
    r = etree.SubElement(ins, f"{{{W}}}r")
    etree.SubElement(r, f"{{{W}}}delText").text = "deleted words"
    ins2 = etree.SubElement(del_p._p, f"{{{W}}}ins")
    r2 = etree.SubElement(ins2, f"{{{W}}}r")
    etree.SubElement(r2, f"{{{W}}}t").text = "inserted words"
    path = tmp_path / "t.docx"
    document.save(path)
    blocks = read_blocks(path)
    assert (blocks[0].text, blocks[0].style, blocks[0].level) == ("Synthetic heading", "heading", 2)
    assert (blocks[1].text, blocks[1].style, blocks[1].level) == ("Custom heading", "heading", 3)
    assert [b.text for b in blocks[2:4]] == ["Line one", "Line two"]
    cells = [(b.text, b.location) for b in blocks if b.style == "table"]
    assert cells == [("a)", "table 1, row 1, cell 1"), ("synthetic point", "table 1, row 1, cell 2"),
                     ("nested cell", "table 1, row 2, cell 2, table, row 1, cell 1")]
    assert blocks[-1].text == "kept inserted words"
    assert h is not None


# --- bad files ------------------------------------------------------------------------------------
def test_truncated_docx_says_damaged_and_resave(tmp_path):
    good = make_docx.synthetic_widgets_docx(tmp_path / "w.docx").read_bytes()
    bad = tmp_path / "broken.docx"
    bad.write_bytes(good[: len(good) // 2])
    with pytest.raises(UnreadableFile) as exc:
        read_blocks(bad)
    assert "damaged" in exc.value.what and "save it again as .docx" in exc.value.todo
    assert str(bad) in exc.value.message


def test_zip_without_word_document(tmp_path):
    path = tmp_path / "x.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/other.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="no Word document inside"):
        read_blocks(path)


def test_broken_xml_inside_docx(tmp_path):
    good = make_docx.synthetic_widgets_docx(tmp_path / "w.docx")
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data[:-40]
            dst.writestr(info, data)
    with pytest.raises(UnreadableFile, match="damaged"):
        read_blocks(path)


def test_docx_declaring_entities_is_refused(tmp_path):
    good = make_docx.synthetic_widgets_docx(tmp_path / "w.docx")
    path = tmp_path / "xxe.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
            dst.writestr(info, data)
    with pytest.raises(UnsafeXML):
        read_blocks(path)


def test_legacy_doc_says_save_as_docx():
    with pytest.raises(UnreadableFile) as exc:
        read_blocks(LAWS / "CZ/119-2002/CZ-119-2002.en.orig.doc")
    assert ".docx" in exc.value.todo and "old binary Word" in exc.value.what


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_the_same_numbers(tmp_path):
    """An independent implementation of Word numbering (LibreOffice's) draws the same numbers."""
    src = make_docx.synthetic_widgets_docx(tmp_path / "w.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(src)],
                   check=True, capture_output=True, timeout=180)
    lo_lines = [ln.strip() for ln in (tmp_path / "w.txt").read_text(encoding="utf-8-sig").splitlines() if ln.strip()]
    ours = [f"{b.number} {b.text}" if b.number else b.text for b in read_blocks(src) if b.style != "table"]
    assert [" ".join(x.split()) for x in lo_lines if x not in ("Widget class", "Synthetic colour", "Widget class\tSynthetic colour")] \
        == [" ".join(x.split()) for x in ours]


@pytest.mark.slow
@pytest.mark.parametrize("txt,lang,articles", [(ME_TXT, "cnr", 123), (MK_TXT, "mk", 90)], ids=["ME", "MK"])
def test_auto_numbered_docx_parses_to_the_same_tree_as_the_text(tmp_path, txt, lang, articles):
    """Issue 2's acceptance: a DOCX whose article numbers are Word automatic numbering gives the
    same provision tree as the text version (ids, kinds, texts), with nothing lost."""
    from concordance.parse import parse_file

    from_text = parse_file(txt, lang=lang)
    from_docx = parse_file(make_docx.law_docx_from_text(txt, tmp_path / "law.docx", points=True), lang=lang)
    assert len(from_docx.of_kind("article")) == articles
    assert [(p.id, p.kind, p.text) for p in from_docx.provisions] == [(p.id, p.kind, p.text) for p in from_text.provisions]
    assert from_docx.coverage is not None and from_docx.coverage.ok


def _soffice(tmp_path: Path, src: Path, target: str) -> Path:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target,
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=240)
    ext = target.split(":")[0]
    return tmp_path / f"{src.stem}.{ext}"


def _lo_lines(path: Path) -> list[str]:
    return [" ".join(ln.split()) for ln in path.read_text(encoding="utf-8-sig").splitlines() if ln.strip()]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_docx_saved_by_libreoffice_from_a_numbered_draft(tmp_path):
    """A law drafted in LibreOffice with list numbering and saved as .docx: LibreOffice writes its
    own numbering.xml; our numbers must be the ones LibreOffice itself shows."""
    src = tmp_path / "draft.fodt"
    shutil.copy(Path(__file__).parent / "fixtures" / "read" / "libreoffice_numbered_synthetic.fodt", src)
    docx_path = _soffice(tmp_path, src, "docx:MS Word 2007 XML")
    ours = make_docx.lines_with_numbers(read_blocks(docx_path))
    shown = _lo_lines(_soffice(tmp_path / "txt", docx_path, "txt:Text (encoded):UTF8"))
    assert ours == shown
    assert ours[1:4] == ["Član 1. Predmet", "(1) Ovim sintetičkim zakonom uređuju se sprave.", "(2) Sprave su:"]


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_shows_the_real_law_fixture_with_the_typed_numbers(tmp_path):
    """Independent check of the acceptance fixture: LibreOffice renders the auto-numbered DOCX of
    the Montenegrin law (articles and every enumeration, each restarting at 1) as exactly the
    lines of its text version."""
    docx_path = make_docx.law_docx_from_text(ME_TXT, tmp_path / "me.docx", points=True)
    shown = _lo_lines(_soffice(tmp_path, docx_path, "txt:Text (encoded):UTF8"))
    assert shown == make_docx.lines_with_numbers(read_blocks(ME_TXT))


def test_footnotes_come_last_with_style_footnote(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("A synthetic sentence with a note")
    ref = etree.SubElement(etree.SubElement(p._p, f"{{{W}}}r"), f"{{{W}}}footnoteReference")
    ref.set(f"{{{W}}}id", "1")
    p.add_run(" and more words.")
    plain = tmp_path / "plain.docx"
    document.save(plain)
    footnotes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:t>A synthetic footnote text.</w:t></w:r></w:p></w:footnote>'
                 '</w:footnotes>')
    out = tmp_path / "notes.docx"
    rel = ('<Relationship Id="rIdFn1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'footnotes" Target="footnotes.xml"/>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'wordprocessingml.footnotes+xml"/>')
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", override.encode() + b"</Types>")
            dst.writestr(info, data)
        dst.writestr("word/footnotes.xml", footnotes)
    blocks = read_blocks(out)
    assert [(b.text, b.style, b.number) for b in blocks] == [
        ("A synthetic sentence with a note and more words.", None, None),
        ("A synthetic footnote text.", "footnote", "1")]


def test_macro_enabled_document_says_save_as_docx(tmp_path):
    good = make_docx.synthetic_widgets_docx(tmp_path / "w.docx")
    path = tmp_path / "law.docm"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
            dst.writestr(info, data)
    with pytest.raises(UnreadableFile, match="macro-enabled") as exc:
        read_blocks(path)
    assert ".docx" in exc.value.todo


def test_content_controls_and_text_boxes_are_read_once(tmp_path):
    """Government templates wrap text in content controls (w:sdt) and put notes in text boxes, which
    Word stores twice (mc:Choice and a VML mc:Fallback): each text must come out exactly once."""
    document = docx.Document()
    document.add_paragraph("Before the controls.")
    body = document.element.body
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    xml = (f'<w:sdt xmlns:w="{W}"><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>Inside a synthetic content control.</w:t>'
           f'</w:r></w:p></w:sdtContent></w:sdt>'
           f'<w:p xmlns:w="{W}" xmlns:mc="{mc}" xmlns:wps="{wps}"><w:r><w:t>Anchor text.</w:t></w:r><w:r>'
           f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
           f'<w:t>Synthetic text box.</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Synthetic text box.</w:t></w:r></w:p>'
           f'</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    wrapper = etree.fromstring(f'<root xmlns:w="{W}" xmlns:mc="{mc}" xmlns:wps="{wps}">{xml}</root>')
    sect = body.find(f"{{{W}}}sectPr")
    for el in list(wrapper):
        sect.addprevious(el)
    path = tmp_path / "controls.docx"
    document.save(path)
    assert [b.text for b in read_blocks(path)] == ["Before the controls.", "Inside a synthetic content control.",
                                                   "Anchor text.", "Synthetic text box."]
