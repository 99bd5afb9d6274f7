"""Word .docx: paragraphs and table cells in document order, WITH the numbers Word draws itself.

Laws drafted in Word very often number articles and paragraphs with automatic numbering: the text
of the paragraph is only the article's words, while "Član 12." or "(3)" lives in the numbering
definition (``word/numbering.xml``). python-docx gives only the typed text, so a reader built on it
alone would lose every article number. :class:`WordNumbering` replays Word's list counters
(abstract definitions, per-instance overrides, style-linked lists, restarts) and renders each
paragraph's number into :attr:`Block.number`.

python-docx opens the package and parses its parts (its parser never resolves entities); the
paragraph text is read from the underlying XML so that tracked deletions, field codes and the
fallback copies of text boxes are not read twice.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import InputError, UnreadableFile
from ..model import Block
from ..xmlsafe import parse_xml
from .package import read_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{%s}" % W_NS


def _w(tag: str) -> str:
    return _W + tag


def _val(el: etree._Element | None, attr: str = "val") -> str | None:
    return None if el is None else el.get(_w(attr))


# Style names that mark headings, in the languages Word is localised to in the region (lower case).
HEADING_STYLE_WORDS = ("heading", "naslov", "наслов", "titull", "überschrift", "nadpis", "pealkiri", "nagłówek")
TITLE_STYLE_NAMES = ("title", "naslov dokumenta", "titull", "наслов на документ")

# A zip this large uncompressed is not a law; refusing it protects memory (zip bombs).
_MAX_UNCOMPRESSED = 400 * 1024 * 1024
#: Bounds of the body a .docx may have (see :func:`_check_package`); the longest bundled law has
#: about 5,000 lines (CZ 119/2002, 380 KB), so these leave room eight times over.
MAX_PARAGRAPHS = 40_000
MAX_DOCUMENT_XML = 40 * 1024 * 1024
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")

_DAMAGED_TODO = ("Open it in Word or LibreOffice and save it again as .docx (File > Save As > Word Document), "
                 "then give the new file.")


def read_docx(data: bytes, path: Path) -> list[Block]:
    """Read a .docx into blocks: body paragraphs (numbers rendered), table cells, then footnotes."""
    where = str(path)
    _check_package(data, where)
    try:
        import docx  # python-docx
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = document.styles.element
        numbering = _numbering_element(document)
        footnotes = _part_element(document, "/footnotes", where)
    except InputError:
        raise
    except ValueError as exc:
        if "content type" not in str(exc):
            raise UnreadableFile(f"the Word document is damaged and cannot be opened: {_damage_in_words(exc)}.",
                                 where=where, todo=_DAMAGED_TODO) from None
        raise UnreadableFile("this is a Word template or macro-enabled document (.dotx, .docm), not a .docx.",
                             where=where, todo="Open it in Word and save it as a Word Document (.docx).") from None
    except Exception as exc:  # KeyError, PackageNotFoundError, XMLSyntaxError, AttributeError, ...
        raise UnreadableFile(f"the Word document is damaged and cannot be opened: {_damage_in_words(exc)}.",
                             where=where, todo=_DAMAGED_TODO) from None
    reader = _BodyReader(_Styles(styles), WordNumbering(numbering, styles))
    blocks = list(reader.body(body))
    if footnotes is not None:
        blocks.extend(_footnotes(footnotes))
    return blocks


def _damage_in_words(exc: Exception) -> str:
    """What python-docx's exception says about the file, without its internal wording."""
    from docx.opc.exceptions import PackageNotFoundError

    if isinstance(exc, etree.XMLSyntaxError):
        return f"one of its XML parts is not well-formed (line {exc.lineno or '?'})"
    if isinstance(exc, PackageNotFoundError):
        return "it is not a Word package"
    if isinstance(exc, KeyError):
        return "a part its table of contents names is missing"
    return "its parts do not fit together as Word writes them (a part is missing, cut or altered)"


# ---------------------------------------------------------------------------------------------
# package checks
# ---------------------------------------------------------------------------------------------
def _check_package(data: bytes, where: str) -> None:
    """Refuse damaged zips, zip bombs, parts declaring XML entities and bodies far beyond any law
    before python-docx sees them.

    Why bound the body: a small file can unpack to millions of short paragraphs ("paragraph bomb":
    183 KB -> 50 MB of XML took minutes and gigabytes). The largest real weapons law is well under
    1 MB of text and a few thousand paragraphs, so :data:`MAX_PARAGRAPHS` and
    :data:`MAX_DOCUMENT_XML` leave room many times over and bound time and memory per file.
    """
    members = read_package(data, where, what="the Word document", todo=_DAMAGED_TODO,
                           max_unpacked=_MAX_UNCOMPRESSED, required=("word/document.xml", "Word document"))
    body = members["word/document.xml"]
    if len(body) > MAX_DOCUMENT_XML:
        raise UnreadableFile(f"the Word document's body is {len(body) // (1024 * 1024)} MB of XML, more than the "
                             f"{MAX_DOCUMENT_XML // (1024 * 1024)} MB any law needs.", where=where,
                             todo="Check the file; copy the act's text alone into a new .docx.")
    paragraphs = len(_PARAGRAPH_TAG.findall(body))
    if paragraphs > MAX_PARAGRAPHS:
        raise UnreadableFile(f"the Word document has {paragraphs:,} paragraphs, more than the {MAX_PARAGRAPHS:,} "
                             "any law needs (a real weapons law has a few thousand).", where=where,
                             todo="Check the file; copy the act's text alone into a new .docx.")


def _numbering_element(document) -> etree._Element | None:
    try:
        return document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return None


def _part_element(document, reltype_suffix: str, where: str) -> etree._Element | None:
    for rel in document.part.rels.values():
        if rel.reltype.endswith(reltype_suffix) and not rel.is_external:
            return parse_xml(rel.target_part.blob, where)
    return None


# ---------------------------------------------------------------------------------------------
# styles
# ---------------------------------------------------------------------------------------------
@dataclass
class _Style:
    style_id: str
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline_level: int | None


class _Styles:
    """Paragraph styles with their inheritance (basedOn), numbering and outline level."""

    def __init__(self, styles_el: etree._Element | None) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default_id: str | None = None
        if styles_el is None:
            return
        for st in styles_el.iter(_w("style")):
            if st.get(_w("type")) not in ("paragraph", "numbering"):
                continue
            sid = st.get(_w("styleId")) or ""
            ppr = st.find(_w("pPr"))
            numpr = ppr.find(_w("numPr")) if ppr is not None else None
            ilvl = _val(numpr.find(_w("ilvl"))) if numpr is not None else None
            outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
            self.by_id[sid] = _Style(
                style_id=sid,
                name=_val(st.find(_w("name"))) or sid,
                based_on=_val(st.find(_w("basedOn"))),
                num_id=_val(numpr.find(_w("numId"))) if numpr is not None else None,
                ilvl=int(ilvl) if ilvl is not None and ilvl.isdigit() else None,
                outline_level=int(outline) if outline is not None and outline.isdigit() else None,
            )
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true", "on"):
                self.default_id = sid

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and its ancestors, nearest first (cycles cut)."""
        out: list[_Style] = []
        sid = style_id or self.default_id
        while sid and sid in self.by_id and all(s.style_id != sid for s in out):
            out.append(self.by_id[sid])
            sid = self.by_id[sid].based_on
        return out

    def numbering_of(self, style_id: str | None) -> tuple[str | None, int | None]:
        """numId and ilvl a paragraph style (or an ancestor) gives its paragraphs."""
        num_id = ilvl = None
        for st in self.chain(style_id):
            if num_id is None and st.num_id is not None:
                num_id = st.num_id
            if ilvl is None and st.ilvl is not None:
                ilvl = st.ilvl
        return num_id, ilvl

    def outline_of(self, style_id: str | None) -> int | None:
        for st in self.chain(style_id):
            if st.outline_level is not None:
                return st.outline_level
        return None


# ---------------------------------------------------------------------------------------------
# numbering
# ---------------------------------------------------------------------------------------------
@dataclass
class _Level:
    start: int = 0
    fmt: str = "decimal"
    text: str | None = None
    restart: int | None = None      # w:lvlRestart (1-based level; 0 = never restart)
    legal: bool = False             # w:isLgl: all inherited numbers in decimal
    style_id: str | None = None     # w:pStyle: the paragraph style linked to this level


@dataclass
class _Num:
    abstract_id: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    level_overrides: dict[int, _Level] = field(default_factory=dict)


def _parse_level(lvl: etree._Element) -> _Level:
    start = _val(lvl.find(_w("start")))
    restart = _val(lvl.find(_w("lvlRestart")))
    legal = lvl.find(_w("isLgl"))
    return _Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 0,
        fmt=_val(lvl.find(_w("numFmt"))) or "decimal",
        text=_val(lvl.find(_w("lvlText"))),
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=legal is not None and _val(legal) not in ("0", "false", "off"),
        style_id=_val(lvl.find(_w("pStyle"))),
    )


class WordNumbering:
    """Replays Word's list counters over the paragraphs in document order.

    Word keeps one set of counters per abstract numbering definition: several ``w:num`` instances
    pointing at the same definition continue one another, unless an instance carries a
    ``w:lvlOverride/w:startOverride``, which restarts that level when the instance is first used
    (the other levels go on counting).
    Advancing a level resets the counters of deeper levels (unless ``w:lvlRestart`` says otherwise).
    Call :meth:`number` once per numbered paragraph, in document order.
    """

    def __init__(self, numbering_el: etree._Element | None, styles_el: etree._Element | None = None) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.abstract_style_link: dict[str, str] = {}     # abstractNumId -> numbering style id (numStyleLink)
        self.nums: dict[str, _Num] = {}
        self._styles = _Styles(styles_el)
        self._counters: dict[str, dict[int, int]] = {}
        self._pending: dict[str, dict[int, int]] = {}
        self._used_nums: set[str] = set()
        if numbering_el is None:
            return
        for an in numbering_el.iter(_w("abstractNum")):
            aid = an.get(_w("abstractNumId")) or ""
            self.abstracts[aid] = {int(l.get(_w("ilvl"), "0")): _parse_level(l) for l in an.findall(_w("lvl"))}
            link = _val(an.find(_w("numStyleLink")))
            if link:
                self.abstract_style_link[aid] = link
        for num in numbering_el.iter(_w("num")):
            nid = num.get(_w("numId")) or ""
            inst = _Num(abstract_id=_val(num.find(_w("abstractNumId"))) or "")
            for ov in num.findall(_w("lvlOverride")):
                ilvl = int(ov.get(_w("ilvl"), "0"))
                so = _val(ov.find(_w("startOverride")))
                if so is not None and so.lstrip("-").isdigit():
                    inst.start_overrides[ilvl] = int(so)
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    inst.level_overrides[ilvl] = _parse_level(lvl)
            self.nums[nid] = inst

    # -- definitions --------------------------------------------------------------------------
    def abstract_of(self, num_id: str) -> str | None:
        """The abstract definition a num instance uses, following numStyleLink to the real one."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract_id
        seen = set()
        while aid in self.abstract_style_link and aid not in seen:
            seen.add(aid)
            linked_num, _ = self._styles.numbering_of(self.abstract_style_link[aid])
            if linked_num is None or linked_num not in self.nums:
                break
            aid = self.nums[linked_num].abstract_id
        return aid if aid in self.abstracts else None

    def levels(self, num_id: str) -> dict[int, _Level]:
        aid = self.abstract_of(num_id)
        if aid is None:
            return {}
        levels = dict(self.abstracts[aid])
        levels.update(self.nums[num_id].level_overrides)
        return levels

    def level_for_style(self, num_id: str, style_ids: list[str]) -> int | None:
        """The level whose w:pStyle links it to one of the paragraph's styles (style-linked lists)."""
        for ilvl, lvl in sorted(self.levels(num_id).items()):
            if lvl.style_id and lvl.style_id in style_ids:
                return ilvl
        return None

    # -- counting -----------------------------------------------------------------------------
    def number(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for a paragraph of list ``num_id`` at level ``ilvl`` and return its
        rendered number (``"Član 5."``, ``"(2)"``, ``"a)"``, ``"•"``), or None if it shows none."""
        if num_id in (None, "0") or num_id not in self.nums:
            return None
        aid = self.abstract_of(num_id)
        levels = self.levels(num_id)
        if aid is None or ilvl not in levels:
            return None
        counters = self._counters.setdefault(aid, {})
        pending = self._pending.setdefault(aid, {})
        if num_id not in self._used_nums:
            self._used_nums.add(num_id)
            # only the overridden levels restart; the others go on counting (Word's list-format
            # overrides are per level: a new "(1)" list inside Article 2 does not reset articles)
            pending.update(self.nums[num_id].start_overrides)
        lvl = levels[ilvl]
        if ilvl in pending:
            value = pending.pop(ilvl)
        elif ilvl in counters:
            value = counters[ilvl] + 1
        else:
            value = lvl.start
        counters[ilvl] = value
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or (restart != 0 and ilvl <= restart - 1):
                del counters[deeper]
        return self._render(lvl, levels, counters)

    def _render(self, lvl: _Level, levels: dict[int, _Level], counters: dict[int, int]) -> str | None:
        if lvl.fmt == "none" or lvl.text is None:
            return None
        if lvl.fmt == "bullet":
            return _bullet(lvl.text)

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            ref = levels.get(k, _Level())
            value = counters.get(k, ref.start)
            fmt = "decimal" if lvl.legal and ref.fmt not in ("none",) else ref.fmt
            return format_number(value, fmt)

        text = re.sub(r"%([1-9])", sub, lvl.text).strip()
        return text or None


def _bullet(text: str) -> str | None:
    """Symbol-font bullets sit in the Private Use Area; show them as a plain bullet."""
    out = "".join("•" if "\ue000" <= ch <= "\uf8ff" else ch for ch in text).strip()
    return out or None


_RUSSIAN = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower sequence (no ё й ъ ы ь)


def format_number(value: int, fmt: str) -> str:
    """Render a list counter the way Word does for the formats laws use."""
    if fmt in ("decimal", "decimalEnclosedFullstop", "decimalHalfWidth", "decimalFullWidth"):
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}" if 0 <= value < 10 else str(value)
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt in ("lowerLetter", "upperLetter"):
        s = _letters(value, "abcdefghijklmnopqrstuvwxyz")
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("russianLower", "russianUpper"):
        s = _letters(value, _RUSSIAN)
        return s.upper() if fmt == "russianUpper" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(value)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "ordinal":
        suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        return f"{value}{suffix}"
    return str(value)


def _letters(value: int, alphabet: str) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated, not base 26)."""
    if value <= 0:
        return str(value)
    n = len(alphabet)
    return alphabet[(value - 1) % n] * ((value - 1) // n + 1)


def _roman(value: int) -> str:
    if value <= 0 or value >= 4000:
        return str(value)
    out = []
    for n, s in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= n:
            out.append(s)
            value -= n
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# body
# ---------------------------------------------------------------------------------------------
_SKIP = {_w("del"), _w("moveFrom"), _w("instrText"), _w("delText"), _w("txbxContent"), _w("footnoteReference"),
         _w("endnoteReference"), _w("rPr"), _w("pPr"), "{%s}Fallback" % MC_NS}


class _BodyReader:
    def __init__(self, styles: _Styles, numbering: WordNumbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.n_par = 0
        self.n_table = 0

    def body(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                self.n_par += 1
                yield from self.paragraph(child, f"paragraph {self.n_par}")
            elif tag == _w("tbl"):
                self.n_table += 1
                yield from self.table(child, f"table {self.n_table}")
            elif tag in (_w("sdt"), _w("customXml"), _w("sdtContent")):
                inner = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                if inner is not None:
                    yield from self.body(inner)

    def table(self, tbl: etree._Element, where: str) -> Iterator[Block]:
        rows = [tr for tr in tbl.iter(_w("tr")) if next(tr.iterancestors(_w("tbl"))) is tbl]  # not nested ones
        for r, tr in enumerate(rows, start=1):
            for c, tc in enumerate(tr.findall(_w("tc")), start=1):
                for child in tc:
                    if child.tag == _w("p"):
                        for b in self.paragraph(child, f"{where}, row {r}, cell {c}"):
                            yield Block(b.text, b.number, "table", b.level, b.location, b.kind)
                    elif child.tag == _w("tbl"):
                        self.n_table += 1
                        yield from self.table(child, f"{where}, row {r}, cell {c}, table")

    def paragraph(self, p: etree._Element, where: str) -> Iterator[Block]:
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        chain = self.styles.chain(style_id)
        style_name = chain[0].name if chain else None
        style, level = self._style_hint(style_name, ppr, style_id)
        number, ilvl = self._number(ppr, style_id, chain)
        if number is not None and style not in ("heading", "title"):
            style, level = style or "list", ilvl + 1
        text = paragraph_text(p)
        lines = [ln.strip() for ln in text.split("\n")]
        first = True
        for ln in lines:
            if not ln and not (first and number):
                continue
            yield Block(text=ln, number=number if first else None, style=style, level=level, location=where)
            first = False
        if first and number:  # number-only paragraph (e.g. "Član 5." drawn entirely by Word)
            yield Block(text="", number=number, style=style, level=level, location=where)
        # text boxes anchored in the paragraph: their own paragraphs, after it
        for box in p.iter(_w("txbxContent")):
            if any(a.tag == "{%s}Fallback" % MC_NS for a in box.iterancestors()):
                continue
            yield from self.body(box)

    def _style_hint(self, name: str | None, ppr, style_id: str | None) -> tuple[str | None, int | None]:
        outline = _val(ppr.find(_w("outlineLvl"))) if ppr is not None else None
        outline_level = int(outline) if outline and outline.isdigit() else self.styles.outline_of(style_id)
        lname = (name or "").strip().lower()
        if lname in TITLE_STYLE_NAMES:
            return "title", None
        m = re.match(r"^(%s)\s*(\d)?$" % "|".join(HEADING_STYLE_WORDS), lname)
        if m:
            return "heading", int(m.group(2)) if m.group(2) else 1
        if outline_level is not None and outline_level < 9:
            return "heading", outline_level + 1
        if not name or lname in ("normal", "default paragraph style", "standard", "body text"):
            return None, None
        return name, None

    def _number(self, ppr, style_id: str | None, chain: list[_Style]) -> tuple[str | None, int]:
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        num_id = _val(numpr.find(_w("numId"))) if numpr is not None else None
        ilvl_s = _val(numpr.find(_w("ilvl"))) if numpr is not None else None
        ilvl = int(ilvl_s) if ilvl_s and ilvl_s.isdigit() else None
        style_num, style_ilvl = self.styles.numbering_of(style_id)
        if num_id is None:
            num_id = style_num
        if num_id is None or num_id == "0":
            return None, 0
        if ilvl is None:
            ilvl = style_ilvl
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, [s.style_id for s in chain])
        ilvl = ilvl or 0
        return self.numbering.number(num_id, ilvl), ilvl


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks, insertions, field results; tabs as
    ``\\t`` and line breaks as ``\\n``. Tracked deletions, field codes and text-box content are
    left out (text boxes are read as their own paragraphs)."""
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                out.append(child.text or "")
            elif tag in (_w("tab"), _w("ptab")):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                code = child.get(_w("char")) or ""
                try:
                    cp = int(code, 16)
                    out.append(chr(cp - 0xF000) if cp >= 0xF000 and cp - 0xF000 >= 0x20 else chr(cp))
                except ValueError:
                    pass
            elif tag == _w("p"):
                continue  # paragraphs nested in drawings are read separately
            else:
                walk(child)

    walk(p)
    return "".join(out)


def _footnotes(root: etree._Element) -> Iterator[Block]:
    n = 0
    for fn in root.iter(_w("footnote")):
        if fn.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        n += 1
        text = " ".join(t for t in (paragraph_text(p).strip() for p in fn.iter(_w("p"))) if t)
        if text:
            yield Block(text=text, number=str(n), style="footnote", location=f"footnote {n}")
