"""Text and Markdown reader: encodings detected on real laws, clear errors for what cannot be read."""
from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from concordance.errors import UnreadableFile
from concordance.read import read_blocks, sniff_format
from concordance.read.encoding import best_legacy_encoding, decode_text

REPO = Path(__file__).resolve().parents[1]   # the bundled copies of the real texts
ME_TXT = REPO / "national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt"
MK_TXT = REPO / "national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt"
CZ_TXT = REPO / "national_laws/CZ/119-2002/CZ-119-2002-v2017.cs.txt"


def _reencode(src: Path, tmp_path: Path, encoding: str, bom: bytes = b"") -> tuple[Path, str]:
    text = src.read_text(encoding="utf-8")
    # characters the legacy code page lacks (e.g. typographic dashes) are replaced, as Word would
    data = text.encode(encoding, errors="replace")
    out = tmp_path / f"{src.stem}.{encoding}.txt"
    out.write_bytes(bom + data)
    return out, data.decode(encoding)


@pytest.mark.parametrize("src,encoding", [
    (ME_TXT, "cp1250"), (MK_TXT, "cp1251"), (ME_TXT, "iso8859_2"), (MK_TXT, "iso8859_5"), (CZ_TXT, "cp1250"),
    (CZ_TXT, "iso8859_2"),
], ids=["ME-cp1250", "MK-cp1251", "ME-latin2", "MK-iso-cyrillic", "CZ-cp1250", "CZ-latin2"])
def test_real_laws_in_legacy_code_pages_are_detected(tmp_path, src, encoding):
    path, expected = _reencode(src, tmp_path, encoding)
    assert [b.text for b in read_blocks(path)] == [ln.strip() for ln in expected.splitlines() if ln.strip()]


@pytest.mark.parametrize("encoding,bom", [
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-16-le", b""), ("utf-8", codecs.BOM_UTF8),
])
def test_unicode_forms(tmp_path, encoding, bom):
    path, expected = _reencode(MK_TXT, tmp_path, encoding, bom)
    blocks = read_blocks(path)
    assert blocks[0].text == expected.splitlines()[0].strip()
    assert len(blocks) == len([ln for ln in expected.splitlines() if ln.strip()])
    assert blocks[3].location == "line 5"


def test_short_fragments_of_real_text_decode_right():
    """Even a 60-character piece of a law (a filename-sized snippet) is decoded right."""
    rng = random.Random(7)
    for src, enc in ((ME_TXT, "cp1250"), (MK_TXT, "cp1251"), (CZ_TXT, "cp1250"), (MK_TXT, "iso8859_5")):
        text = src.read_text(encoding="utf-8")
        for _ in range(40):
            i = rng.randrange(len(text) - 60)
            data = text[i:i + 60].encode(enc, errors="replace")
            if data.isascii():
                continue
            assert decode_text(data, Path("x")) == data.decode(enc), (enc, data.decode(enc))


def test_undecidable_bytes_say_which_encoding_to_give(tmp_path):
    rng = random.Random(3)
    junk = bytes(rng.choice(range(0x80, 0x100)) if rng.random() < 0.6 else rng.choice(b"abcdefgh ")
                 for _ in range(3000))
    path = tmp_path / "law.txt"
    path.write_bytes(junk)
    assert best_legacy_encoding(junk) is None
    with pytest.raises(UnreadableFile) as exc:
        read_blocks(path)
    assert "--encoding" in exc.value.todo and "cp1250" in exc.value.todo and "cp1251" in exc.value.todo


def test_wrong_explicit_encoding(tmp_path):
    path, _ = _reencode(ME_TXT, tmp_path, "cp1250")
    with pytest.raises(UnreadableFile, match="not valid utf-8"):
        read_blocks(path, encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not an encoding"):
        read_blocks(path, encoding="klingon")
    assert read_blocks(path, encoding="cp1250")[0].text.startswith("Zakon o oružju")


@pytest.mark.parametrize("content", [b"", b"   \n\r\n\t  "])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match="empty"):
        read_blocks(path)


def test_binary_junk(tmp_path):
    rng = random.Random(5)
    path = tmp_path / "law.txt"
    path.write_bytes(bytes(rng.randrange(256) for _ in range(5000)))
    with pytest.raises(UnreadableFile, match="binary"):
        read_blocks(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnreadableFile, match="not found"):
        read_blocks(tmp_path / "nope.txt")
    with pytest.raises(UnreadableFile, match="folder"):
        read_blocks(tmp_path)


def test_markdown_keeps_words_and_marks_headings_and_tables(tmp_path):
    path = tmp_path / "act.md"
    path.write_text("# Synthetic Act on Widgets\n\n## Article 1\n\n1\\. A **widget** is [synthetic](http://x.invalid).\n"
                    "| Category | Category |\n|---|---|\n| A | synthetic widgets |\n> quoted synthetic line\n",
                    encoding="utf-8")
    got = [(b.text, b.style, b.level) for b in read_blocks(path)]
    assert got == [("Synthetic Act on Widgets", "heading", 1), ("Article 1", "heading", 2),
                   ("1. A widget is synthetic.", None, None), ("Category", "table", None),
                   ("A | synthetic widgets", "table", None), ("quoted synthetic line", None, None)]


def test_real_markdown_act_reads():
    blocks = read_blocks(REPO / "directives/32015R2403/32015R2403-20180628.en.md")
    assert any(b.text.startswith("Article 9") or b.text == "Article 9" for b in blocks)
    assert not any("**" in b.text for b in blocks)


@pytest.mark.parametrize("name,data,fmt", [
    ("a.txt", "Synthetic widgets.".encode("utf-16"), "text"),
    ("a.md", "# Synthetic".encode("utf-16-le"), "markdown"),
    ("a.pdf", b"%PDF-1.4 ...", "pdf"),
    ("a.bin", b"<?xml version='1.0'?><akomaNtoso xmlns='http://docs.oasis-open.org/legaldocml/ns/akn/3.0'/>", "akn"),
    ("a.xml", b"<?xml version='1.0'?>\n<ACT xmlns:xsi='x'><TITLE/></ACT>", "formex"),
    ("a.htm", b"<html><body><p>x</p></body></html>", "html"),
    ("a.xml", "<?xml version='1.0' encoding='UTF-16'?><html xmlns='http://www.w3.org/1999/xhtml'/>".encode("utf-16"),
     "html"),
])
def test_sniffing(name, data, fmt):
    assert sniff_format(Path(name), data) == fmt


def test_rtf_odt_and_xlsx_get_their_own_advice(tmp_path):
    import zipfile
    rtf = tmp_path / "law.rtf"
    rtf.write_bytes(b"{\\rtf1\\ansi Synthetic widget act}")
    with pytest.raises(UnreadableFile, match=r"Rich Text Format") as exc:
        read_blocks(rtf)
    assert ".docx" in exc.value.todo
    odt = tmp_path / "law.odt"
    with zipfile.ZipFile(odt, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="OpenDocument"):
        read_blocks(odt)
    xlsx = tmp_path / "toc.xlsx"
    with zipfile.ZipFile(xlsx, "w") as zf:
        zf.writestr("xl/workbook.xml", "<x/>")
    with pytest.raises(UnreadableFile, match="Excel workbook"):
        read_blocks(xlsx)


def test_format_override_and_aliases(tmp_path):
    path = tmp_path / "act.data"
    path.write_text("# Synthetic heading\nSynthetic text.\n", encoding="utf-8")
    assert read_blocks(path)[0].style is None                      # sniffed as plain text
    assert read_blocks(path, fmt="md")[0].style == "heading"        # alias of markdown
    with pytest.raises(UnreadableFile, match="unknown format 'klingon'"):
        read_blocks(path, fmt="klingon")


def test_encrypted_word_file(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(UnreadableFile, match="password-protected"):
        read_blocks(path)


def test_markdown_front_matter_is_marked():
    blocks = read_blocks(REPO / "directives/32019R0686/32019R0686.en.md")
    front = [b for b in blocks if b.style == "frontmatter"]
    assert front[0].text.startswith("title: ") and front[1].text == 'identifier: "32019R0686"'
    assert blocks[len(front)].style == "heading"           # the act starts right after
    assert all(b.location == f"line {i + 2}" for i, b in enumerate(front))
