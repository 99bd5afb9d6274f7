"""Formex 4, the XML in which the Publications Office publishes the Official Journal.

Formex states the structure outright (ARTICLE with TI.ART/STI.ART, PARAG with NO.PARAG, ALINEA,
LIST/ITEM/NP with NO.P and TXT, CONSID for recitals, DIVISION for chapters, ANNEX), so the reader
passes it on: numbers go to :attr:`Block.number` and :attr:`Block.kind` says what each block is.
Quotation marks are elements (QUOT.START/QUOT.END) and are written back as characters; footnotes
(NOTE) are taken out of the running text and emitted at the end with style ``footnote``, so that a
sentence is not cut by its footnote. Bibliographic metadata (BIB.INSTANCE) is not the act's text
and is skipped. Works for ACT, ANNEX and consolidated CONS.ACT documents.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import UnreadableFile
from ..model import Block
from ..xmlsafe import parse_xml

# Elements that never hold the act's text.
SKIP = frozenset({"BIB.INSTANCE", "BIB.DATA", "BIB.DOC", "BIB.CONS", "BIB.OJ", "MANUAL.EXP", "COMMENT", "INFO.CONSLEG",
                  "INFO.PROD", "FAM.COMP", "PAGE.HEADER", "PAGE.FOOTER", "REF.PHYS", "NO.SEQ.HIDDEN"})
# Elements laid out as blocks (everything else is inline text).
BLOCK = frozenset("""ACT ANNEX CONS.ACT CONS.DOC CONS.ANNEX TITLE TI STI TI.ART STI.ART PREAMBLE PREAMBLE.INIT
PREAMBLE.FINAL GR.VISA VISA GR.CONSID GR.CONSID.INIT CONSID ENACTING.TERMS DIVISION ARTICLE PARAG ALINEA P LIST
ITEM NP TXT FINAL SIGNATURE SIGNATORY PL.DATE CONTENTS GR.SEQ QUOT.S TBL CORPUS ROW CELL BLK GR.TBL GR.ANNEX
GR.NOTES NOTE COLL.LETTERS LETTER CONTENTS.LETTER SUBDIV""".split())
LIST_MARKS = {"DASH": "—", "NDASH": "–", "BULLET": "•"}


def read_formex(data: bytes, path: Path) -> list[Block]:
    """Read a Formex 4 document (ACT, ANNEX, CONS.ACT) into blocks with numbers and kinds."""
    root = parse_xml(data, str(path))
    if root.tag == "DOC":
        raise UnreadableFile("this is the table of contents of a Formex package (root <DOC>), which holds no text.",
                             where=str(path), todo="Give the package's act file (root <ACT>) and its annex files "
                                                   "(root <ANNEX>) instead.")
    reader = _FormexReader()
    blocks = list(reader.walk(root, depth=0))
    blocks.extend(reader.footnotes)
    return [b for b in blocks if b.text or b.number]


def formex_title(root: etree._Element) -> str:
    """The act's title: the paragraphs of its first TITLE/TI."""
    ti = root.find("TITLE/TI")
    if ti is None:
        ti = root.find(".//TITLE/TI")
    if ti is None:
        return ""
    parts = [_clean(inline_text(p, [])) for p in ti.iter("P")] or [_clean(inline_text(ti, []))]
    return " ".join(p for p in parts if p)


def _clean(text: str) -> str:
    return " ".join(text.split())


def inline_text(el: etree._Element, notes: list[etree._Element]) -> str:
    """An element's text with quotation elements as characters; NOTEs are appended to ``notes``."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text)
        for child in e:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in ("QUOT.START", "QUOT.END"):
                code = child.get("CODE") or ("2018" if tag == "QUOT.START" else "2019")
                try:
                    out.append(chr(int(code, 16)))
                except ValueError:
                    out.append("‘" if tag == "QUOT.START" else "’")
            elif tag == "NOTE":
                notes.append(child)
            elif tag and tag not in SKIP:
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return "".join(out)


class _FormexReader:
    def __init__(self) -> None:
        self._notes: list[etree._Element] = []
        self.footnotes: list[Block] = []

    # -- helpers ----------------------------------------------------------------------------
    def _loc(self, el: etree._Element) -> str:
        return f"line {el.sourceline}" if el.sourceline else ""

    def _text(self, el: etree._Element) -> str:
        notes: list[etree._Element] = []
        text = _clean(inline_text(el, notes))
        for note in notes:
            self._add_note(note)
        return text

    def _add_note(self, note: etree._Element) -> None:
        n = len(self.footnotes) + 1
        blocks = [b for child in note for b in self.walk(child, 0)]
        if not blocks and _clean(note.text or ""):
            blocks = [Block(_clean(note.text or ""))]
        text = " ".join(b.text for b in blocks if b.text)
        if text:
            self.footnotes.append(Block(text=text, number=f"({n})", style="footnote", location=self._loc(note)))

    def _has_block_child(self, el: etree._Element) -> bool:
        return any(isinstance(c.tag, str) and c.tag in BLOCK and c.tag != "NOTE" for c in el)

    @staticmethod
    def _numbered(blocks: list[Block], number: str | None, kind: str | None) -> list[Block]:
        """Put ``number`` (and ``kind``) on the first block; if that block has a number of its own
        (a PARAG that opens with a LIST item), the number stands alone before it."""
        if not blocks or (number and blocks[0].number is not None):
            return ([Block(text="", number=number, kind=kind)] if number else []) + blocks
        b = blocks[0]
        return [Block(b.text, number or b.number, b.style, b.level, b.location, kind or b.kind)] + blocks[1:]

    # -- the walk ----------------------------------------------------------------------------
    def walk(self, el: etree._Element, depth: int, style: str | None = None) -> Iterator[Block]:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP:
            return
        if tag == "NOTE":
            self._add_note(el)
            return
        if tag == "TI.ART":
            yield Block(self._text(el), style="heading", kind="article", location=self._loc(el))
        elif tag == "STI.ART":
            yield Block(self._text(el), style="heading", kind="heading", location=self._loc(el))
        elif tag == "TITLE":
            yield from self.title(el, depth)
        elif tag == "PARAG":
            no = el.find("NO.PARAG")
            inner = [b for c in el if c is not no for b in self.walk(c, depth, style)]
            yield from self._numbered(inner, self._text(no) if no is not None else None, "paragraph")
        elif tag == "NP":
            yield from self.np(el, depth, style)
        elif tag == "CONSID":
            inner = [b for c in el for b in self.walk(c, depth, style)]
            yield from self._numbered(inner, None, "recital")
        elif tag == "LIST":
            mark = LIST_MARKS.get((el.get("TYPE") or "").upper())
            for item in el:
                if not isinstance(item.tag, str):
                    continue
                inner = list(self.walk(item, depth, style))
                if inner and inner[0].number is None and mark:
                    inner = self._numbered(inner, mark, "indent")
                elif inner and inner[0].kind is None:
                    dash = inner[0].number in LIST_MARKS.values()
                    inner = self._numbered(inner, None, "indent" if dash else "point")
                yield from inner
        elif tag in ("SIGNATURE", "SIGNATORY", "PL.DATE"):
            for c in el:
                yield from self.walk(c, depth, "signature")
            if not self._has_block_child(el) and self._text(el):
                yield Block(self._text(el), style="signature", location=self._loc(el))
        elif tag in ("TBL", "GR.TBL"):
            yield from self.table(el, depth)
        elif tag == "DIVISION":
            for c in el:
                yield from self.walk(c, depth + 1, style)
        elif tag in BLOCK and self._has_block_child(el):
            yield from self.mixed(el, depth, style)
        elif tag in BLOCK:
            text = self._text(el)
            if text:
                yield Block(text, style=style, location=self._loc(el))
        else:
            # an unknown element met at block level: keep its words
            if self._has_block_child(el):
                yield from self.mixed(el, depth, style)
            else:
                text = self._text(el)
                if text:
                    yield Block(text, style=style, location=self._loc(el))

    def mixed(self, el: etree._Element, depth: int, style: str | None) -> Iterator[Block]:
        """Block children in order; loose text between them (rare) becomes blocks of its own."""
        notes: list[etree._Element] = []
        loose = _clean(el.text or "")
        if loose:
            yield Block(loose, style=style, location=self._loc(el))
        for child in el:
            if isinstance(child.tag, str) and (child.tag in BLOCK or child.tag == "NOTE"):
                yield from self.walk(child, depth, style)
            elif isinstance(child.tag, str) and child.tag not in SKIP:
                text = _clean(inline_text(child, notes))
                if text:
                    yield Block(text, style=style, location=self._loc(child))
            tail = _clean(child.tail or "")
            if tail:
                yield Block(tail, style=style, location=self._loc(el))
        for note in notes:
            self._add_note(note)

    def np(self, el: etree._Element, depth: int, style: str | None) -> Iterator[Block]:
        """NP = NO.P (the label) + TXT, optionally followed by further P/LIST blocks."""
        no = el.find("NO.P")
        number = self._text(no) if no is not None else None
        rest = [c for c in el if c is not no]
        inner: list[Block] = []
        for c in rest:
            inner.extend(self.walk(c, depth, style))
        kind = "indent" if number in ("—", "–", "-", "•") else None
        yield from self._numbered(inner, number, kind)

    def title(self, el: etree._Element, depth: int) -> Iterator[Block]:
        """TITLE of the act ("title"), of an annex (kind "annex"), of a division or a GR.SEQ ("heading")."""
        parent = el.getparent()
        ptag = parent.tag if parent is not None else ""
        if ptag in ("ACT", "CONS.ACT", "CONS.DOC"):
            style, level = "title", None
        else:
            style, level = "heading", depth or None
        first = True
        for part in el:
            if not isinstance(part.tag, str) or part.tag in SKIP:
                continue
            sub_style = style if part.tag == "TI" else "heading"
            paragraphs = [p for p in part if isinstance(p.tag, str) and p.tag == "P"] or [part]
            for p in paragraphs:
                text = self._text(p)
                if not text:
                    continue
                kind = "annex" if ptag in ("ANNEX", "CONS.ANNEX") and first and part.tag == "TI" else None
                yield Block(text, style=sub_style, level=level, kind=kind, location=self._loc(p))
                first = False

    def table(self, el: etree._Element, depth: int) -> Iterator[Block]:
        """GR.TBL/TBL: the table's title, then every cell's text as blocks with style "table"."""
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "TITLE":
                yield from self.title(child, depth)
            elif tag in ("TBL", "GR.TBL"):
                yield from self.table(child, depth)
            elif tag == "CORPUS":
                for row in child.iter("ROW"):
                    for cell in row.findall("CELL"):
                        blocks = (list(self.mixed(cell, depth, "table")) if self._has_block_child(cell)
                                  else [Block(self._text(cell), style="table", location=self._loc(cell))])
                        for b in blocks:
                            if b.text:
                                yield Block(b.text, b.number, "table", b.level, b.location, b.kind)
            elif tag:
                yield from self.walk(child, depth)
