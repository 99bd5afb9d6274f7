"""PDF reader: real gazette PDFs against their text versions, page furniture, hyphenation, scans."""
from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

import pytest

from concordance.errors import UnreadableFile
from concordance.read import read_blocks
from concordance.read.pdf import _Line, join_hyphenated, remove_page_furniture

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "read"))
from make_pdf import make_pdf  # noqa: E402

LAWS = Path(__file__).resolve().parents[1] / "national_laws"   # the bundled copies of the real laws
FILES = {p.name: p for p in LAWS.rglob("*") if p.suffix in (".pdf", ".txt")}


@functools.lru_cache(maxsize=None)
def _read(name: str) -> tuple:
    """Each real file is read once per test session (the Macedonian PDF takes a second)."""
    return tuple(read_blocks(FILES[name]))


def _norm(lines):
    return [" ".join(s.split()) for s in lines]


def _heading_numbers(blocks, word):
    return [int(m.group(1)) for b in blocks if (m := re.fullmatch(word + r"\s+(\d+)", b.text.strip()))]


@pytest.mark.slow
@pytest.mark.parametrize("pdf,word,count", [
    ("ME-zakon-o-oruzju-10-2015.pdf", "Član", 123),
    ("MK-zakon-za-oruzjeto-2005.pdf", "Член", 90),
], ids=["ME", "MK"])
def test_real_pdfs_give_every_article_heading_once_in_order(pdf, word, count):
    blocks = _read(pdf)
    assert _heading_numbers(blocks, word) == list(range(1, count + 1))
    assert not any(re.fullmatch(r"\d{1,3}", b.text) for b in blocks), "a page number survived"
    assert all(b.location.startswith("page ") for b in blocks)


@pytest.mark.slow
def test_montenegrin_pdf_equals_its_text_version():
    """The bundled .txt was made from this PDF (pypdf + hyphens re-joined): the reader must agree
    line for line once the .txt's provenance header is skipped."""
    pdf = _norm(b.text for b in _read("ME-zakon-o-oruzju-10-2015.pdf"))
    txt = _norm(b.text for b in _read("ME-zakon-o-oruzju-10-2015.cnr.txt"))
    start = txt.index(pdf[0])
    assert start <= 3
    assert pdf == txt[start:]


@pytest.mark.slow
def test_macedonian_pdf_equals_its_text_version_without_page_numbers():
    """The .txt kept the page numbers (lone "2", "3" ... lines) and two words split across a page
    break; the reader removes the former and re-joins the latter. Nothing else may differ."""
    pdf = _norm(b.text for b in _read("MK-zakon-za-oruzjeto-2005.pdf"))
    txt = _norm(b.text for b in _read("MK-zakon-za-oruzjeto-2005.mk.txt"))
    txt = txt[txt.index(pdf[0]):]
    assert sum(1 for s in txt if re.fullmatch(r"\d+", s)) == 24
    without_numbers = [_Line(s, 0, 0) for s in txt if not re.fullmatch(r"\d+", s)]
    assert [ln.text for ln in join_hyphenated(without_numbers)] == pdf
    assert any("супстанции; потешко" in s for s in pdf)  # "супстан-" | page 6 | "ции" re-joined


# --- synthetic PDFs ---------------------------------------------------------------------------
def _synthetic_pages(n=4):
    pages = []
    for p in range(1, n + 1):
        pages.append(["Official Gazette of Synthetica No. 99/2099",
                      f"Synthetic Act on Widgets - page {p}",
                      f"Article {p}",
                      "A widget shall be regi-" if p % 2 else "A widget made in the EU-",
                      "stered before sale." if p % 2 else "Member Synthetica is blue.",
                      "The synthetic Widget-",
                      "Register is public.",
                      f"- synthetic indent number {p * 7};",
                      f"{p}"])
    return pages


def test_running_headers_page_numbers_and_hyphenation(tmp_path):
    path = make_pdf(_synthetic_pages(), tmp_path / "widgets.pdf")
    texts = [b.text for b in read_blocks(path)]
    assert not any("Official Gazette" in t or "page " in t for t in texts)
    assert not any(re.fullmatch(r"\d+", t) for t in texts)
    assert texts[:5] == ["Article 1", "A widget shall be registered before sale.",
                         "The synthetic Widget-", "Register is public.", "- synthetic indent number 7;"]
    # upper case after the hyphen: kept as it is (a compound or a name)
    assert "A widget made in the EU-" in texts and "Member Synthetica is blue." in texts
    assert texts.count("A widget shall be registered before sale.") == 2


def test_hyphen_rejoined_across_a_page_break(tmp_path):
    pages = [["Article 1", "Synthetic widgets shall be regi-", "1"], ["2", "stered by the synthetic office."]]
    texts = [b.text for b in read_blocks(make_pdf(pages, tmp_path / "x.pdf"))]
    assert texts == ["Article 1", "Synthetic widgets shall be registered by the synthetic office."]


def test_two_page_pdf_keeps_lines_that_merely_repeat():
    """With fewer than 3 pages nothing counts as a running header: losing text is worse."""
    pages = [[_Line("Article 1", 1, 1), _Line("Synthetic text.", 1, 2)],
             [_Line("Article 1", 2, 1), _Line("Other synthetic text.", 2, 2)]]
    assert [ln.text for ln in remove_page_furniture(pages)] == ["Article 1", "Synthetic text.", "Article 1",
                                                                "Other synthetic text."]


@pytest.mark.parametrize("prev,nxt,joined", [
    ("oruž-", "ja", "oružja"),
    ("претседате-", "лот", "претседателот"),
    ("sportsko-", "Rekreativnog", None),
    ("član 5-", "7", None),
    ("-", "indent", None),
    ("widget\u00ad", "Register", "widgetRegister"),
])
def test_hyphenation_rule(prev, nxt, joined):
    out = join_hyphenated([_Line(prev, 1, 1), _Line(nxt, 1, 2)])
    assert [ln.text for ln in out] == ([joined] if joined else [prev, nxt])


def test_scanned_pdf_says_run_ocr(tmp_path):
    path = make_pdf([[], []], tmp_path / "scan.pdf", image_only=True)
    with pytest.raises(UnreadableFile) as exc:
        read_blocks(path)
    assert "no text layer" in exc.value.message and "ocrmypdf" in exc.value.todo


def test_partly_scanned_pdf_names_the_pages(tmp_path):
    text = make_pdf([["Article 1", "Synthetic text of a widget act."]], tmp_path / "a.pdf")
    scan = make_pdf([[]], tmp_path / "b.pdf", image_only=True)
    import pypdf
    writer = pypdf.PdfWriter()
    for src in (text, scan):
        writer.append(str(src))
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    with pytest.raises(UnreadableFile, match=r"page\(s\) 2 of the PDF are images"):
        read_blocks(mixed)


def test_damaged_pdf(tmp_path):
    good = make_pdf(_synthetic_pages(1), tmp_path / "g.pdf").read_bytes()
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(good[:200])
    with pytest.raises(UnreadableFile) as exc:
        read_blocks(bad)
    assert str(bad) in exc.value.message


def test_article_headings_that_open_every_page_are_kept(tmp_path):
    """Numbers that do not advance with the page are content, not a running header."""
    pages = [[f"Article {p * 3}", f"Synthetic widget rule {p * 2}.", f"Page {p} of 5"] for p in range(1, 6)]
    texts = [b.text for b in read_blocks(make_pdf(pages, tmp_path / "a.pdf"))]
    assert texts == [s for p in range(1, 6) for s in (f"Article {p * 3}", f"Synthetic widget rule {p * 2}.")]


@pytest.mark.slow
@pytest.mark.parametrize("pdf,txt,lang,articles", [
    ("ME-zakon-o-oruzju-10-2015.pdf", "ME-zakon-o-oruzju-10-2015.cnr.txt", "cnr", 123),
    ("MK-zakon-za-oruzjeto-2005.pdf", "MK-zakon-za-oruzjeto-2005.mk.txt", "mk", 90),
], ids=["ME", "MK"])
def test_pdf_originals_parse_like_their_text_versions(pdf, txt, lang, articles):
    """Issue 2's acceptance: the PDF originals parse to the same articles as their text versions."""
    from concordance.parse import parse_file

    from_pdf = parse_file(FILES[pdf], lang=lang)
    from_text = parse_file(FILES[txt], lang=lang)
    assert len(from_pdf.of_kind("article")) == articles
    assert [p.id for p in from_pdf.provisions] == [p.id for p in from_text.provisions]
    assert from_pdf.coverage is not None and from_pdf.coverage.ok


def test_ligatures_are_spelled_out():
    from concordance.read.pdf import _page_lines
    assert [ln.text for ln in _page_lines("Synthetic \ufb01rearm of\ufb01ce\x00\n", 1)] == ["Synthetic firearm office"]
