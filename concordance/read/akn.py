"""Akoma Ntoso 3.0 (the OASIS LegalDocML standard our own ``--format akn`` output follows).

Akoma Ntoso is explicit: every hierarchical unit (chapter, article, paragraph, point ...) carries its
``num``, ``heading`` and content, and an ``eId``. The reader keeps that: a division's or article's
number becomes a heading block of that kind ("Article 5", kind ``article``) followed by its heading
(kind ``heading``), as in the Official Journal's layout; a paragraph's or point's number becomes
:attr:`Block.number` of its first text block. Locations are eIds, which point straight at the unit.
Metadata (``meta``) is not text of the act and is skipped; authorial notes become footnote blocks at
the end, taken out of the sentence they interrupt. A paragraph's or point's ``level`` is its depth
below the article (paragraph 0, its points 1, ...) and an article's ``level`` the number of divisions
holding it, so that the parser nests units exactly as the document does; an unnumbered unit with no
words before its first sub-unit still gives an (empty) block of its kind. ``conclusions`` are
signatures (style ``signature``), and ``p`` elements with the classes our writer uses for non-provision
text (``footnote``, ``signature``, ``note``, ``page_number``, ``decree``) keep that class as style.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from lxml import etree

from ..errors import UnreadableFile
from ..model import PROVISION_KINDS, Block
from ..xmlsafe import parse_xml

AKN_NAMESPACES = ("http://docs.oasis-open.org/legaldocml/ns/akn/3.0",
                  "http://docs.oasis-open.org/legaldocml/ns/akn/3.0/WD17",
                  "http://www.akomantoso.org/2.0")

# Units whose number is a heading of its own line ("Article 5", "CHAPTER II").
HEADED_UNITS = frozenset("book tome part title chapter section subsection article rule division hcontainer".split())
# Divisions above the article level, whose number and heading form one heading line.
DIVISIONS = HEADED_UNITS - {"article", "rule"}
# Units whose number runs into their text ("1.", "(a)").
INLINE_UNITS = frozenset("paragraph subparagraph point indent alinea clause subclause list recital citation item "
                         "level proviso transitional".split())
# Classes our writer (concordance.parse.write_akn) gives text that is no provision; read back as styles.
NON_PROVISION_CLASSES = frozenset("footnote signature note page_number decree".split())
# Units that nest inside an article; a block's ``level`` counts them above it.
NESTING_UNITS = frozenset("paragraph subparagraph point indent alinea clause subclause item level".split())
NESTED_KINDS = frozenset("paragraph subparagraph point subpoint indent".split())
KIND = {"item": "point", "level": "paragraph", "clause": "paragraph", "subclause": "point", "alinea": "paragraph",
        "list": None, "hcontainer": None, "division": None, "book": "part", "tome": "part", "title": "part",
        "rule": "article", "proviso": None, "transitional": None}
SKIP = frozenset("meta toc noteRef componentRef documentRef img foreign".split())
LEAF = frozenset("p heading subheading longTitle td th li tblock caption blockquote".split())
TEXT_BREAKS = frozenset("eol eop br".split())


def read_akn(data: bytes, path: Path) -> list[Block]:
    """Read an Akoma Ntoso document into blocks with numbers, kinds and eId locations."""
    root = parse_xml(data, str(path))
    if _local(root) != "akomaNtoso":
        raise UnreadableFile(f"this is not an Akoma Ntoso document (root element <{_local(root)}>).",
                             where=str(path), todo="Give an <akomaNtoso> XML file, or the act in another format.")
    reader = _AknReader()
    blocks = list(reader.walk(root))
    blocks.extend(reader.footnotes)
    return [b for b in blocks if b.text or b.number or b.kind in NESTED_KINDS]


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _clean(text: str) -> str:
    return " ".join(text.split())


class _AknReader:
    def __init__(self) -> None:
        self.footnotes: list[Block] = []

    def _loc(self, el: etree._Element) -> str:
        for e in (el, *el.iterancestors()):
            eid = e.get("eId") or e.get("id")
            if eid:
                return f"eId {eid}"
        return f"line {el.sourceline}" if el.sourceline else ""

    def text(self, el: etree._Element) -> str:
        """Inline text; authorial notes leave the sentence and become footnotes."""
        out: list[str] = []

        def walk(e: etree._Element) -> None:
            if e.text:
                out.append(e.text)
            for child in e:
                name = _local(child)
                if name == "authorialNote":
                    note = _clean(" ".join(self.text(p) for p in child) or (child.text or ""))
                    if note:
                        marker = child.get("marker") or str(len(self.footnotes) + 1)
                        self.footnotes.append(Block(note, number=marker, style="footnote", location=self._loc(child)))
                elif name in TEXT_BREAKS:
                    out.append(" ")
                elif name and name not in SKIP:
                    walk(child)
                if child.tail:
                    out.append(child.tail)

        walk(el)
        return _clean("".join(out))

    def walk(self, el: etree._Element, style: str | None = None) -> Iterator[Block]:
        name = _local(el)
        if not name or name in SKIP:
            return
        if name in HEADED_UNITS or name in INLINE_UNITS:
            yield from self.unit(el, name, style)
        elif name in ("table",):
            for cell in el.iter():
                if _local(cell) in ("td", "th"):
                    yield from self.container(cell, "table")
        elif name in ("ul", "ol"):
            for i, li in enumerate((c for c in el if _local(c) == "li"), start=1):
                inner = list(self.container(li, style))
                mark = f"{i}." if name == "ol" else "•"
                if inner and inner[0].number is None:
                    b = inner[0]
                    inner[0] = Block(b.text, mark, b.style or "list", b.level, b.location, b.kind)
                yield from inner
        elif name == "doc" and el.get("name", "").lower().startswith(("annex", "schedule")):
            inner = list(self.container(el, style))
            if inner:
                b = inner[0]
                inner[0] = Block(b.text, b.number, b.style or "title", b.level, b.location, "annex")
            yield from inner
        elif name == "conclusions":
            # dates and signatures after the body: not provisions
            yield from self.container(el, "signature")
        elif name in LEAF or not self._has_structure(el):
            text = self.text(el)
            if text:
                hint = "heading" if name in ("heading", "subheading") else ("title" if name == "longTitle" else style)
                if el.get("class") in NON_PROVISION_CLASSES:
                    hint = el.get("class")    # what our own writer recorded the block as
                yield Block(text, style=hint, location=self._loc(el))
        else:
            yield from self.container(el, style)

    def _has_structure(self, el: etree._Element) -> bool:
        return any(_local(c) not in ("", "authorialNote") and (_local(c) in LEAF or _local(c) in HEADED_UNITS
                   or _local(c) in INLINE_UNITS or self._has_structure(c)) for c in el
                   if _local(c) not in SKIP and _local(c) not in TEXT_BREAKS)

    def container(self, el: etree._Element, style: str | None) -> Iterator[Block]:
        loose = _clean(el.text or "")
        if loose:
            yield Block(loose, style=style, location=self._loc(el))
        for child in el:
            yield from self.walk(child, style)
            tail = _clean(child.tail or "")
            if tail:
                yield Block(tail, style=style, location=self._loc(el))

    def unit(self, el: etree._Element, name: str, style: str | None) -> Iterator[Block]:
        kind = KIND.get(name, name)
        if name == "hcontainer" and el.get("name") in PROVISION_KINDS:
            kind = el.get("name")           # generic container named after what it is ("annex", "table")
            if kind == "table":
                style = "table"
        num_el = next((c for c in el if _local(c) == "num"), None)
        num = self.text(num_el) if num_el is not None else None
        headings = [c for c in el if _local(c) in ("heading", "subheading")]
        rest = [c for c in el if c is not num_el and c not in headings]
        where = self._loc(el)
        if name in HEADED_UNITS:
            texts = [t for t in (self.text(h) for h in headings) if t]
            # an article's level: how many divisions hold it (0: none, as after an annex)
            level = (sum(1 for a in el.iterancestors() if _local(a) in DIVISIONS - {"hcontainer"})
                     if kind == "article" else None)
            if name in DIVISIONS and num and texts:
                # "I." + "OSNOVNE ODREDBE" is one heading line in the source ("I. OSNOVNE ODREDBE"):
                # a bare "I." would not be recognisable as a chapter on its own.
                yield Block(f"{num} {texts.pop(0)}", style="heading", kind=kind, location=where)
            elif num:
                yield Block(num, style="heading", kind=kind, level=level, location=where)
            for i, text in enumerate(texts):
                first_is_unit = not num and i == 0
                yield Block(text, style="heading", kind=kind if first_is_unit else "heading", location=where)
            for c in rest:
                yield from self.walk(c, style)
            return
        level = self._depth(el) if kind in NESTED_KINDS else None
        inner: list[Block] = []
        for h in headings:
            text = self.text(h)
            if text:
                inner.append(Block(text, style="heading", location=where))
        for c in rest:
            inner.extend(self.walk(c, style))
        if not inner or (num and inner[0].number is not None) or (not num and inner[0].kind in NESTED_KINDS):
            # no text of its own before its first sub-unit ("1." directly followed by "a)"): the
            # number (or, for an unnumbered unit, an empty block of its kind) stands alone rather
            # than overwrite the sub-unit's
            if num or kind in NESTED_KINDS:
                yield Block("", number=num, kind=kind, level=level, location=where)
            yield from inner
            return
        b = inner[0]
        yield Block(b.text, num or b.number, b.style, level, b.location, kind or b.kind)
        yield from inner[1:]

    @staticmethod
    def _depth(el: etree._Element) -> int:
        """How deep a paragraph or point sits below its article: 0 for a paragraph, 1 for its points
        ... so that the parser nests it exactly as the document does."""
        return sum(1 for a in el.iterancestors() if _local(a) in NESTING_UNITS)
