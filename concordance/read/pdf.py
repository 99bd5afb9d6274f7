"""PDF with a text layer: the text of each page, minus the page furniture, one block per line.

A PDF has no paragraphs, only positioned lines, so the reader keeps the line breaks (the parser
joins continuation lines, knowing what starts a provision) and removes only what is certainly not
the act's text: running headers and footers (the same line at the top or bottom of most pages) and
page numbers. Words the typesetter hyphenated at a line end are re-joined when the result is
plainly one word (a lower-case letter before the hyphen and after it), so that "oruž-" + "ja"
is searchable as "oružja" again; a hyphen before a capital or a digit is kept.

A scanned PDF has no text layer: it is refused with the advice to run OCR, never read as empty.
"""
from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block

# How much of a page's top and bottom can hold headers, footers and page numbers (lines).
EDGE_LINES = 2
# A line is running page furniture when it recurs at the same edge on this share of the pages.
RECURRING_SHARE = 0.5
# Page-number lines: "7", "- 7 -", "7/33", "Strana 7", "Page 7 of 33", "стр. 7", "Faqe 7".
_PAGE_NUMBER = re.compile(
    r"^[-–—\s]*(?:(?:page|p\.|strana|stranica|str\.|стр\.|страна|страница|faqe|faqja|seite|lk)\s*)?"
    r"\d{1,4}(?:\s*(?:/|od|of|от|од|nga|von)\s*\d{1,4})?[-–—\s]*$",
    re.I,
)
_HYPHENS = ("-", "\u00ad", "¬", "\u2010")  # hyphen-minus, soft hyphen, PDFMaker's "¬", Unicode hyphen
# Typographic ligatures some PDF makers put in the text layer; unsearchable as they are.
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st"})
# Control characters some PDF text layers carry (NUL, form feed ...): never part of the act's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TODO_OCR = ("It is probably a scan (pictures of the pages). Run OCR on it, e.g. "
             "`ocrmypdf -l srp+srp_latn+hrv+mkd+sqi+eng in.pdf out.pdf`, and give the OCR'd PDF, "
             "or give the act as .docx or .txt.")


@dataclass
class _Line:
    text: str
    page: int
    line: int


def read_pdf(data: bytes, path: Path) -> list[Block]:
    """Read a text-layer PDF into one block per line, furniture removed, hyphenation repaired."""
    pages, image_pages = extract_pages(data, path)
    if not any(re.search(r"\w{2,}", p) for p in pages):
        raise UnreadableFile(f"the PDF ({len(pages)} page(s)) has no text layer.",
                             where=str(path), todo=_TODO_OCR)
    scanned = [n for n, text in enumerate(pages, start=1) if n in image_pages and not re.search(r"\w{2,}", text)]
    if scanned:
        raise UnreadableFile(f"page(s) {', '.join(map(str, scanned))} of the PDF are images with no text layer, "
                             "so their text would be lost.", where=str(path),
                             todo=_TODO_OCR)
    lines = remove_page_furniture([_page_lines(t, n) for n, t in enumerate(pages, start=1)])
    return [Block(text=ln.text, location=f"page {ln.page}, line {ln.line}") for ln in join_hyphenated(lines)]


# pypdf retries a damaged compressed stream byte by byte, one decompression call per byte, up to
# 5 MB by default: seconds to minutes for one cut or altered file. A page's text stream is far
# smaller than this, so a real (slightly damaged) page is still recovered.
_MAX_STREAM_RECOVERY = 200_000
#: The drawing instructions of one page that are read: a page of the bundled Macedonian law has
#: about 60 KB; pypdf parses them operator by operator (seconds per MB), so a damaged or crafted
#: page of many MB is refused rather than parsed for minutes.
MAX_PAGE_CONTENT = 512 * 1024


def _bounded_recovery():
    """pypdf's configuration with the recovery bounded (a no-op on pypdf versions without it)."""
    import contextlib

    import pypdf

    if hasattr(pypdf, "apply_configuration"):
        return pypdf.apply_configuration(zlib_maximum_recovery_input_length=_MAX_STREAM_RECOVERY)
    return contextlib.nullcontext()


def extract_pages(data: bytes, path: Path) -> tuple[list[str], set[int]]:
    with _bounded_recovery():
        return _extract_pages(data, path)


def _extract_pages(data: bytes, path: Path) -> tuple[list[str], set[int]]:
    """The text layer of every page (pypdf) and the numbers of the pages that hold images, with
    clear errors for damaged or locked files."""
    import pypdf
    from pypdf.errors import FileNotDecryptedError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font; not the user's business
    where = str(path)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # missing crypto backend or unknown algorithm
                ok = 0
            if not ok:
                raise UnreadableFile("the PDF is password-protected.", where=where,
                                     todo="Open it with its password and save an unprotected copy (Print > Save as PDF).")
        texts, images = [], set()
        for n, page in enumerate(reader.pages, start=1):
            contents = page.get_contents()
            size = len(contents.get_data()) if contents is not None else 0
            if size > MAX_PAGE_CONTENT:
                raise UnreadableFile(f"page {n} of the PDF carries {size / 1e6:.1f} MB of drawing instructions, far "
                                     f"beyond a page of text (at most {MAX_PAGE_CONTENT // 1024} KB are read), so the "
                                     "file is damaged or not a law's text.", where=where,
                                     todo="Download it again, or open it and save a new copy (Print > Save as PDF), "
                                          "or give the act as .docx or .txt.")
            texts.append(page.extract_text() or "")
            if _has_image(page):
                images.add(n)
        return texts, images
    except UnreadableFile:
        raise
    except FileNotDecryptedError:
        raise UnreadableFile("the PDF is password-protected.", where=where,
                             todo="Open it with its password and save an unprotected copy.") from None
    except Exception:  # noqa: BLE001 - pypdf fails in many ways on broken files; all mean "damaged"
        raise UnreadableFile("the PDF is damaged and its text cannot be read (its internal structure or a "
                             "compressed page is cut or altered).",
                             where=where, todo="Download it again, or open it and save a new copy "
                                               "(Print > Save as PDF), or give the act as .docx or .txt.") from None


def _has_image(page) -> bool:
    """Whether the page draws an image (a scanned page is one big image)."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values())
    except Exception:  # odd resource trees: assume no image rather than fail a readable PDF
        return False


def _page_lines(text: str, page: int) -> list[_Line]:
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        line = _CONTROL.sub("", raw.translate(LIGATURES)).strip()
        if line:
            out.append(_Line(line, page, n))
    return out


def _keys(text: str, page: int) -> set[tuple]:
    """What makes a line recognisable as the same running header on another page: its exact text,
    or its shape with one number that advances with the page ("Strana 3 od 33" on page 3,
    "Strana 4 od 33" on page 4). A line whose number does not follow the page ("Član 3" on page 2,
    "Član 9" on page 4) never matches itself across pages, so article headings that happen to open
    many pages are safe."""
    norm = " ".join(text.lower().split())
    keys: set[tuple] = {("exact", norm)}
    numbers = re.findall(r"\d+", norm)
    shape = re.sub(r"\d+", "#", norm)
    for i, num in enumerate(numbers):
        keys.add(("page", shape, i, int(num) - page))
    return keys


def remove_page_furniture(pages: list[list[_Line]]) -> list[_Line]:
    """Drop running headers/footers and page numbers from the edges of each page.

    Headers and footers are recognised by recurrence, not by content: a line that occurs (see
    :func:`_keys`) in the top (or bottom) ``EDGE_LINES`` lines of at least half the pages, and of
    3 pages or more. A lone page number is dropped only as a page's first or last line.
    """
    n_pages = len(pages)
    need = max(3, int(n_pages * RECURRING_SHARE + 0.5))
    top: Counter[tuple] = Counter()
    bottom: Counter[tuple] = Counter()
    for lines in pages:
        top.update(set().union(*(_keys(ln.text, ln.page) for ln in lines[:EDGE_LINES])))
        bottom.update(set().union(*(_keys(ln.text, ln.page) for ln in lines[-EDGE_LINES:])))

    def running(ln: _Line, counts: Counter) -> bool:
        return n_pages >= 3 and any(counts[k] >= need for k in _keys(ln.text, ln.page))

    out: list[_Line] = []
    for lines in pages:
        keep = list(lines)
        # strip repeatedly: a header may sit above a page number, or the other way round
        for _ in range(2 * EDGE_LINES):
            if keep and (running(keep[0], top) or _PAGE_NUMBER.match(keep[0].text)):
                keep.pop(0)
            elif keep and (running(keep[-1], bottom) or _PAGE_NUMBER.match(keep[-1].text)):
                keep.pop()
            else:
                break
        out.extend(keep)
    return out


def join_hyphenated(lines: list[_Line]) -> list[_Line]:
    """Re-join words hyphenated at a line end (also across a page break).

    Joined only when a lower-case letter stands before the hyphen and the next line starts with a
    lower-case letter: "oruž-" + "ja" → "oružja", "претседате-" + "лот" → "претседателот"; but
    "EU-" + "Member", "2008/51/EZ-" + "...", and "- " indents are left alone. Soft hyphens and the
    "¬" some PDF makers emit are always discretionary and are always joined.
    """
    out: list[_Line] = []
    for ln in lines:
        if out and _joins(out[-1].text, ln.text):
            prev = out[-1]
            out[-1] = _Line(prev.text[:-1] + ln.text, prev.page, prev.line)
        else:
            out.append(_Line(ln.text, ln.page, ln.line))
    return out


def _joins(prev: str, nxt: str) -> bool:
    if len(prev) < 2 or not prev.endswith(_HYPHENS) or not nxt:
        return False
    before, first = prev[-2], nxt[0]
    if prev[-1] in ("\u00ad", "¬"):
        return before.isalpha() and first.isalpha()
    return before.isalpha() and before.islower() and first.isalpha() and first.islower()
