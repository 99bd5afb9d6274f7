"""Damaged and oversized inputs found by fuzzing the readers: each is rebuilt here from a real file
or plainly synthetic content, and must give a clear refusal (or a parse) quickly, never a traceback.

1. a .docx whose compressed document part is corrupt (was: ``zlib.error``);
2. a number id with a letter after ``_`` (was: ``KeyError`` in ``parse/ids.py``);
3. a .docx "paragraph bomb": a small file unpacking to far more paragraphs than any law has;
4. one very long line of Markdown link or tag openings (was: minutes per MB, quadratic regexes);
5. one bad byte in a UTF-8 file, or a file cut mid-character: the byte offset and line, and
   ``--encoding-errors replace``; .docx/.xlsx damage said in words, not exception text.
"""
from __future__ import annotations

import io
import random
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.cli import main
from concordance.errors import InputError, UnreadableFile
from concordance.parse import parse_file
from concordance.parse.ids import citation
from concordance.read import read_blocks
from concordance.read.docx import MAX_PARAGRAPHS

ROOT = Path(__file__).resolve().parents[1]
FIX = Path(__file__).parent / "fixtures" / "read"
MK_TXT = ROOT / "national_laws" / "MK" / "zakon-za-oruzjeto-2005" / "MK-zakon-za-oruzjeto-2005.mk.txt"
UN_MD = ROOT / "directives" / "UN-firearms-protocol-2001" / "UN-firearms-protocol-2001.en.md"
# Words that say internal exception text leaked into a message meant for a lawyer.
INTERNAL = ("Error -3", "zlib", "AttributeError", "KeyError", "negative seek", "Errno", "Bad magic number",
            "Traceback", "BadZipFile", "decompressing data")


@pytest.fixture(scope="module")
def widgets_docx(tmp_path_factory) -> bytes:
    sys.path.insert(0, str(FIX))
    import make_docx
    return make_docx.synthetic_widgets_docx(tmp_path_factory.mktemp("d") / "w.docx").read_bytes()


def _member_offset(data: bytes, name: str) -> tuple[int, int]:
    """Where the compressed bytes of member ``name`` start in the package, and how many there are."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return start, info.compress_size


def _rebuilt(data: bytes, name: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info.filename, change(body) if info.filename == name else body)
    return out.getvalue()


def _assert_in_words(exc: InputError) -> None:
    assert exc.what and exc.where and exc.todo
    assert not any(word in exc.message for word in INTERNAL), exc.message


# 1 ----------------------------------------------------------------------------------------------
def test_docx_with_corrupt_compressed_document_part_is_refused_in_words(tmp_path, widgets_docx):
    start, size = _member_offset(widgets_docx, "word/document.xml")
    seen = set()
    for seed in range(40):
        rnd = random.Random(seed)
        data = bytearray(widgets_docx)
        for _ in range(3):
            data[start + rnd.randrange(size)] ^= 1 << rnd.randrange(8)
        path = tmp_path / f"corrupt{seed}.docx"
        path.write_bytes(bytes(data))
        with pytest.raises(UnreadableFile) as err:
            read_blocks(path)
        _assert_in_words(err.value)
        assert "word/document.xml" in err.value.what and "damaged" in err.value.what
        seen.add("checksum" if "checksum" in err.value.what else "unpacked" if "unpacked" in err.value.what else "?")
    assert seen == {"checksum", "unpacked"}      # both kinds of damage occurred: unpacking fails, or the checksum does not match


# 2 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "cs", "de", "et", "mk", "sr", "sq", "bg"])
def test_number_ids_with_a_letter_after_the_underscore_are_cited(lang):
    text = citation("art_5__para_1_a__point_2_b", lang)
    assert "1.a" in text and "2.b" in text
    assert "¹" in citation("art_1_1", "et")


# 3 ----------------------------------------------------------------------------------------------
def test_docx_paragraph_bomb_is_refused_quickly(tmp_path, widgets_docx):
    extra = MAX_PARAGRAPHS + 1000
    bomb = _rebuilt(widgets_docx, "word/document.xml",
                    lambda body: body.replace(b"</w:body>", b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * extra + b"</w:body>"))
    assert len(bomb) < 200_000            # a small file ...
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb)
    t0 = time.perf_counter()
    with pytest.raises(UnreadableFile, match="paragraphs, more than") as err:
        read_blocks(path)
    assert time.perf_counter() - t0 < 5   # ... refused before python-docx builds its tree
    _assert_in_words(err.value)


def test_docx_just_under_the_paragraph_bound_is_read(tmp_path, widgets_docx):
    doc = _rebuilt(widgets_docx, "word/document.xml",
                   lambda body: body.replace(b"</w:body>", b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 2000 + b"</w:body>"))
    path = tmp_path / "long.docx"
    path.write_bytes(doc)
    assert len(read_blocks(path)) > 2000


# 4 ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["[a](", "<br ", "<p ", "[", "(x"])
def test_one_huge_markdown_line_is_linear(tmp_path, unit):
    """A 2 MB line took minutes (each "[" or "<br" re-scanned the rest of the line); now one pass.
    The bound is loose (shared CI machines): quadratic behaviour would take minutes here."""
    head = UN_MD.read_text(encoding="utf-8")[:20000]
    path = tmp_path / "huge.md"
    path.write_text(head + "\n" + unit * (2_000_000 // len(unit)) + "\n", encoding="utf-8")
    t0 = time.perf_counter()
    act = parse_file(path)
    assert time.perf_counter() - t0 < 20
    assert act.coverage.ok


# 5 ----------------------------------------------------------------------------------------------
def test_one_bad_byte_in_utf8_says_offset_and_line(tmp_path):
    data = MK_TXT.read_bytes()
    at = data.index("Член 5\n".encode()) + len("Член 5\n".encode())     # the start of article 5's text
    line = data.count(b"\n", 0, at) + 1
    path = tmp_path / "mk.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    with pytest.raises(UnreadableFile) as err:
        read_blocks(path)
    assert f"at byte {at:,} (line {line})" in err.value.what
    assert "--encoding-errors replace" in err.value.todo
    blocks = read_blocks(path, encoding_errors="replace")
    assert any(b.text.startswith("\ufffd") and b.location == f"line {line}" for b in blocks)


def test_file_cut_mid_character_says_so(tmp_path):
    data = MK_TXT.read_bytes()
    cut = data.index("Член 7".encode()) + 1          # inside the two bytes of "Ч"
    path = tmp_path / "mk.txt"
    path.write_bytes(data[:cut])
    with pytest.raises(UnreadableFile, match="ends in the middle of a character at byte") as err:
        read_blocks(path)
    assert "cut short" in err.value.what


def test_cli_encoding_errors_replace(tmp_path):
    data = MK_TXT.read_bytes()
    at = data.index("Член 5\n".encode()) + len("Член 5\n".encode())
    path = tmp_path / "mk.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    refused = CliRunner().invoke(main, ["parse", str(path), "--lang", "mk"])
    assert refused.exit_code != 0 and "--encoding-errors replace" in refused.output
    read = CliRunner().invoke(main, ["parse", str(path), "--lang", "mk", "--encoding-errors", "replace",
                                     "--format", "json"])
    assert read.exit_code == 0 and '"art_5"' in read.output


@pytest.mark.parametrize("damage", ["truncate", "directory", "flip"])
def test_xlsx_damage_is_said_in_words(tmp_path, damage):
    from openpyxl import Workbook

    from concordance.review.workbook import open_workbook as _load

    wb = Workbook()
    wb.active.append(["Synthetic Act on Widgets", "row"])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    if damage == "truncate":
        data = data[: len(data) * 2 // 3] + data[-22:]          # the central directory kept, members cut
    elif damage == "directory":
        cd = data.rindex(b"PK\x01\x02")
        data = data[:cd + 42] + b"\xff\xff\xff\x7f" + data[cd + 46:]   # first entry points past the end
    else:
        start, size = _member_offset(data, "xl/worksheets/sheet1.xml")
        data = data[:start + size // 2] + bytes(b ^ 0x55 for b in data[start + size // 2:start + size]) + \
            data[start + size:]
    path = tmp_path / "review.xlsx"
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        _load(path)
    _assert_in_words(err.value)


def test_more_text_than_any_law_is_refused_quickly(tmp_path):
    """A chunk repeated by a broken export: 10 million characters is ten times the longest law."""
    from concordance.read import MAX_TEXT_CHARS

    head = MK_TXT.read_text(encoding="utf-8")
    path = tmp_path / "huge.txt"
    path.write_text(head * (MAX_TEXT_CHARS // len(head) + 2), encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(UnreadableFile, match="million characters of text") as err:
        parse_file(path)
    assert time.perf_counter() - t0 < 20
    _assert_in_words(err.value)


def test_pdf_page_with_megabytes_of_drawing_instructions_is_refused_quickly(tmp_path):
    """pypdf parses a page's instructions one by one (seconds per MB): a damaged or crafted page of
    many MB is refused, a real page (the Macedonian law: about 60 KB) is read."""
    sys.path.insert(0, str(FIX))
    from make_pdf import make_pdf

    from concordance.read.pdf import MAX_PAGE_CONTENT

    lines = ["Article 1", "Synthetic widgets are registered."] + ["(x" * 40] * (MAX_PAGE_CONTENT // 80 + 100)
    path = make_pdf([lines], tmp_path / "huge.pdf")
    t0 = time.perf_counter()
    with pytest.raises(UnreadableFile, match="drawing instructions") as err:
        read_blocks(path)
    assert time.perf_counter() - t0 < 5
    _assert_in_words(err.value)


def test_a_long_file_is_judged_on_a_sample_and_read_whole(tmp_path):
    """The encoding of a long file is judged on its start, middle and end (``SAMPLE_BYTES``), then
    the whole file is decoded: a cp1250 file well past the sample reads right, and a damaged byte
    between the sampled parts of a UTF-8 file is still found at its exact place."""
    from concordance.read.encoding import SAMPLE_BYTES, decode_text

    line = "Član {n}. Sintetički primjer: oružje, municija, držanje i nošenje oružja.\n"
    text = "".join(line.format(n=n) for n in range(1, 40_000))
    assert len(text.encode("cp1250")) > 4 * SAMPLE_BYTES
    assert decode_text(text.encode("cp1250"), tmp_path / "long.txt") == text
    data = bytearray(text.encode("utf-8"))
    at = len(data) // 4 + 7                     # between the start and the middle samples
    data[at] = 0xFF
    with pytest.raises(UnreadableFile) as err:
        decode_text(bytes(data), tmp_path / "long-utf8.txt")
    assert f"at byte {at:,}" in str(err.value) and "not valid UTF-8" in str(err.value)
