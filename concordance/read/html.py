"""HTML and XHTML, as EUR-Lex and national gazettes publish acts: one block per block-level element.

EUR-Lex marks structure with CSS classes (``oj-ti-art`` "Article 5", ``oj-sti-art`` its heading,
``oj-normal`` text, ``oj-note`` footnotes; ``ti-art``/``sti-art``/``normal`` in older acts,
``title-article-norm``/``norm`` in consolidated texts) and ELI ids (``art_5``, ``rct_3``, ``anx_I``),
and sets points ``(a)`` as two-cell table rows (or two-column grid lists): label | text. The reader
turns a label cell into :attr:`Block.number` and, where the class or id makes it certain, says what a
block is (:attr:`Block.kind`); everything else is left to the parser. Scripts, styles, navigation and
forms are dropped: they are page furniture, not the act.

EUR-Lex XHTML is XML and is parsed with the safe XML parser (no entities, no network); HTML that is
not well-formed XML goes through lxml's HTML parser. Either way a document declaring entities is
refused.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

import lxml.html
from lxml import etree

from ..errors import UnreadableFile
from ..model import Block
from ..xmlsafe import parse_xml, refuse_entity_declarations
from .encoding import decode_text

BLOCK_TAGS = frozenset("""p div h1 h2 h3 h4 h5 h6 li dt dd td th caption blockquote pre address center section
article header footer main aside figure figcaption fieldset legend hr dl ol ul table tr tbody thead tfoot
body html""".split())
DROP_TAGS = frozenset("script style nav noscript template head button form iframe svg select input menu "
                      "textarea object embed map area canvas".split())
# Containers that hold only the act on a saved EUR-Lex page (the rest is the site's chrome).
EURLEX_TEXT_IDS = ("TexteOnly", "textTabContent", "document1")

# CSS class -> (style, kind, level). Kinds are set only where the class makes them certain.
CLASS_HINTS: dict[str, tuple[str | None, str | None, int | None]] = {
    "oj-ti-art": ("heading", "article", None), "ti-art": ("heading", "article", None),
    "title-article-norm": ("heading", "article", None),
    "oj-sti-art": ("heading", "heading", None), "sti-art": ("heading", "heading", None),
    "stitle-article-norm": ("heading", "heading", None),
    "oj-doc-ti": ("title", None, None), "doc-ti": ("title", None, None),
    "title-doc-first": ("title", None, None), "title-doc-last": ("title", None, None),
    "oj-ti-section-1": ("heading", None, 1), "ti-section-1": ("heading", None, 1),
    "title-division-1": ("heading", None, 1),
    "oj-ti-section-2": ("heading", None, 2), "ti-section-2": ("heading", None, 2),
    "title-division-2": ("heading", None, 2),
    "oj-ti-grseq-1": ("heading", None, 3), "ti-grseq-1": ("heading", None, 3),
    "title-annex-1": ("heading", "annex", 1), "title-annex-2": ("heading", None, 2),
    "oj-note": ("footnote", None, None), "note": ("footnote", None, None),
    "oj-hd-date": ("oj-header", None, None), "oj-hd-lg": ("oj-header", None, None),
    "oj-hd-ti": ("oj-header", None, None), "oj-hd-oj": ("oj-header", None, None),
    "hd-date": ("oj-header", None, None), "hd-lg": ("oj-header", None, None),
    "hd-ti": ("oj-header", None, None), "hd-oj": ("oj-header", None, None),
    "modref": ("note", None, None), "arrow": ("note", None, None),
    "oj-signatory": ("signature", None, None), "signatory": ("signature", None, None),
}

# A table cell or grid column that is only a label: "(a)", "1.", "(iv)", "12)", "а)", "—", "•".
NUMBER_LABEL = re.compile(
    r"^(?:[\(\[]?(?:\d{1,3}(?:\.\d{1,3})*[a-z]?|[a-z]{1,2}|[ivxlcIVXLC]{1,7}|[а-шА-Ш])[\.\)\]]?|[—–\-•▪·])$")


def read_html(data: bytes, path: Path) -> list[Block]:
    """Read HTML or XHTML into blocks (see the module doc for what is kept and how)."""
    root = parse_html(data, path)
    body = _text_root(root)
    # The Official Journal's page header (date, language, "L 115/1") is page furniture, like a
    # PDF's running header: it is not the act and is left out (fetch reads it for act.toml).
    return [b for b in _Walker().blocks(body) if (b.text or b.number) and b.style != "oj-header"]


def parse_html(data: bytes, path: Path) -> etree._Element:
    """Parse safely: XHTML as XML, else as HTML with the right character encoding."""
    where = str(path)
    refuse_entity_declarations(data, where)
    head = data[:400].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml") or b"http://www.w3.org/1999/xhtml" in data[:3000]:
        try:
            root = parse_xml(data, where)
        except UnreadableFile:
            root = None  # HTML entities (&nbsp;) or unclosed tags: read it as HTML below
        if root is not None:
            if _local(root) != "html":
                raise UnreadableFile(f"this XML is neither XHTML, Formex nor Akoma Ntoso (its root element is "
                                     f"<{_local(root)}>).", where=where,
                                     todo="Give the act as EUR-Lex HTML, Formex or Akoma Ntoso XML, .docx, .pdf or .txt.")
            return root
    encoding = _html_encoding(data, path)
    # decoded here (Python knows more code page names than libxml2); the XML declaration goes,
    # since lxml refuses a decoded string that still declares an encoding
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", data.decode(encoding, errors="replace"))
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"the HTML cannot be read ({exc}).", where=where,
                             todo="Open it in a browser and save it again (Save as… web page, HTML only).") from None
    return root


def _html_encoding(data: bytes, path: Path) -> str:
    """The HTML's encoding: BOM, then <meta charset>, then UTF-8, then the text detector."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4000], re.I)
    if m:
        enc = m.group(1).decode("ascii").lower()
        try:
            data.decode(enc)
            return enc
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common on old gazette sites: detect instead
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        text = decode_text(data, path)
        for enc in ("cp1250", "cp1251", "iso8859_2", "iso8859_5", "cp1252"):
            try:
                if data.decode(enc) == text:
                    return enc
            except UnicodeDecodeError:
                continue
    return "utf-8"


def html_title(root: etree._Element) -> str:
    """The act's title: EUR-Lex's run of document-title paragraphs ("DIRECTIVE (EU) 2021/555 ...",
    "of 24 March 2021", "on ...", "(codification)"), else <title>, else the first <h1>."""
    parts = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes = (el.get("class") or "").split()
        if any(c in ("oj-doc-ti", "doc-ti", "title-doc-first") for c in classes):
            parent_ids = [a.get("id") or "" for a in el.iterancestors()]
            if any(i.startswith("anx_") for i in parent_ids):
                break  # the annexes' titles are not the act's
            parts.append(_clean(_inline_text(el)))
        elif parts:
            if _local(el) in ("p", "div") and not any(c.endswith("doc-ti") for c in classes) and _clean(_inline_text(el)):
                break
    if parts:
        return " ".join(p for p in parts if p)
    for tag in ("title", "h1"):
        for el in root.iter():
            if isinstance(el.tag, str) and _local(el) == tag and _clean(_inline_text(el)):
                return _clean(_inline_text(el))
    return ""


# ---------------------------------------------------------------------------------------------
def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _clean(text: str) -> str:
    return " ".join(text.split())


def _inline_text(el: etree._Element) -> str:
    """Text of an element, <br> as a line break, dropped elements left out."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text:
            out.append(e.text)
        for child in e:
            tag = _local(child)
            if tag == "br":
                out.append("\n")
            elif tag and tag not in DROP_TAGS:
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return "".join(out)


def _text_root(root: etree._Element) -> etree._Element:
    """Where the act is: EUR-Lex's text container if the page has one; else, on a page saved with
    the site around it, the smallest element holding every EUR-Lex act marker; else <body>."""
    for el in root.iter():
        if isinstance(el.tag, str) and el.get("id") in EURLEX_TEXT_IDS:
            return el
    body = next((el for el in root.iter() if _local(el) == "body"), root)
    markers = [el for el in body.iter() if isinstance(el.tag, str)
               and any(c in CLASS_HINTS and CLASS_HINTS[c][0] != "oj-header" for c in (el.get("class") or "").split())]
    hints = [_hint(m) for m in markers]
    if not (any(h[0] == "title" for h in hints) and any(h[1] == "article" for h in hints)):
        return body  # not recognisably a whole EUR-Lex act: read everything
    common = [markers[0], *markers[0].iterancestors()]
    for el in markers[1:]:
        ancestors = {id(a) for a in (el, *el.iterancestors())}
        common = [a for a in common if id(a) in ancestors]
    return common[0] if common else body


def _hint(el: etree._Element) -> tuple[str | None, str | None, int | None]:
    for cls in (el.get("class") or "").split():
        if cls in CLASS_HINTS:
            return CLASS_HINTS[cls]
    tag = _local(el)
    if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
        return "heading", None, int(tag[1])
    if tag in ("td", "th"):
        return "table", None, None
    return None, None, None


def _eli_context(el: etree._Element) -> str | None:
    """What the nearest ELI container says the element belongs to: recital, article, annex."""
    for a in el.iterancestors():
        i = a.get("id") or ""
        if re.match(r"^rct_\d", i):
            return "recital"
        if re.match(r"^art_\w", i):
            return "article"
        if re.match(r"^anx_\w", i):
            return "annex"
    return None


def _fold_labels(blocks: list[Block]) -> list[Block]:
    """A block that is only a label ("1.", "(71)") numbers the block after it: EUR-Lex sets some
    numbers as a separate span or paragraph before the text they number."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (b.number is None and b.style in (None, "table") and NUMBER_LABEL.match(b.text) and nxt is not None
                and nxt.number is None and nxt.text and nxt.style not in ("heading", "title")):
            out.append(Block(nxt.text, b.text, nxt.style, nxt.level, nxt.location, nxt.kind or b.kind))
            i += 2
            continue
        out.append(b)
        i += 1
    return out


def _is_first_title(el: etree._Element) -> bool:
    container = next(a for a in el.iterancestors() if re.match(r"^anx_\w", a.get("id") or ""))
    for other in container.iter():
        if isinstance(other.tag, str) and set((other.get("class") or "").split()) & {"oj-doc-ti", "doc-ti"}:
            return other is el
    return False


class _Walker:
    def __init__(self) -> None:
        self._has_block: set[etree._Element] = set()

    def blocks(self, root: etree._Element) -> list[Block]:
        for el in root.iter():
            if _local(el) in BLOCK_TAGS and _local(el) not in ("body", "html"):
                for a in el.iterancestors():
                    if a in self._has_block:
                        break
                    self._has_block.add(a)
        return list(self.walk(root))

    def _is_block(self, el: etree._Element) -> bool:
        return _local(el) in BLOCK_TAGS or el in self._has_block

    def walk(self, el: etree._Element) -> Iterator[Block]:
        tag = _local(el)
        if not tag or tag in DROP_TAGS:
            return
        if tag == "table":
            yield from self.table(el)
            return
        if tag in ("ol", "ul"):
            yield from self.list_(el)
            return
        grid = self._grid_columns(el)
        if grid is not None:
            yield from self.labelled(grid[0], grid[1])
            return
        if el not in self._has_block:
            yield from self.leaf(el)
            return
        yield from self.mixed(el)

    def leaf(self, el: etree._Element, number: str | None = None) -> Iterator[Block]:
        style, kind, level = _hint(el)
        if kind is None and _local(el) in ("p", "div"):
            context = _eli_context(el)
            if style is None and context == "recital":
                kind = "recital"
            elif style == "title" and context == "annex" and _is_first_title(el):
                kind = "annex"      # "ANNEX I": the title paragraph that opens an anx_ container
        where = f"line {el.sourceline}" if el.sourceline else ""
        first = True
        for line in _inline_text(el).split("\n"):
            text = _clean(line)
            if not text and not (first and number):
                continue
            yield Block(text=text, number=number if first else None, style=style, level=level, location=where,
                        kind=kind)
            first = False

    def mixed(self, el: etree._Element) -> Iterator[Block]:
        """An element holding both loose text and block children: loose runs become blocks of their
        own, and a leading run that is only a label ("1.", "(a)") numbers the first block after it."""
        out: list[Block] = []
        run: list[str] = [el.text or ""]

        def flush() -> None:
            text = _clean("".join(run))
            run.clear()
            if text:
                out.append(Block(text=text, location=f"line {el.sourceline}" if el.sourceline else ""))

        for child in el:
            tag = _local(child)
            if not tag or tag in DROP_TAGS:
                pass
            elif tag == "br":
                run.append("\n")
                flush()
            elif self._is_block(child):
                flush()
                out.extend(self.walk(child))
            else:
                run.append(_inline_text(child))
            run.append(child.tail or "")
        flush()
        yield from _fold_labels(out)

    def _grid_columns(self, el: etree._Element):
        """EUR-Lex consolidated texts set points as <div class="grid-container grid-list"> with a
        label column and a text column."""
        if "grid-container" not in (el.get("class") or "").split():
            return None
        cols = [c for c in el if _local(c) == "div"]
        if len(cols) == 2 and NUMBER_LABEL.match(_clean(_inline_text(cols[0])) or "?"):
            return cols
        return None

    def labelled(self, label_el: etree._Element, body: etree._Element) -> Iterator[Block]:
        label = _clean(_inline_text(label_el))
        context = _eli_context(body)
        kind = "recital" if context == "recital" else ("point" if label not in "—–-•▪·" else "indent")
        blocks = list(self.walk(body)) if body in self._has_block else list(self.leaf(body))
        if not blocks or blocks[0].number is not None:
            # nothing before a nested label ("(a)" | "(i)" | text): "(a)" stands alone
            yield Block(text="", number=label, location=f"line {label_el.sourceline}", kind=kind)
            yield from blocks
            return
        head = blocks[0]
        yield Block(head.text, label, head.style if head.style != "table" else None, head.level, head.location,
                    head.kind or kind)
        yield from blocks[1:]

    def table(self, table: etree._Element) -> Iterator[Block]:
        rows = [tr for tr in table.iter() if _local(tr) == "tr" and self._owning_table(tr) is table]
        for tr in rows:
            cells = [c for c in tr if _local(c) in ("td", "th")]
            texts = [_clean(_inline_text(c)) for c in cells]
            if len(cells) == 2 and texts[0] and NUMBER_LABEL.match(texts[0]):
                yield from self.labelled(cells[0], cells[1])
                continue
            for cell in cells:
                for b in (self.walk(cell) if cell in self._has_block else self.leaf(cell)):
                    style = b.style or "table"
                    yield Block(b.text, b.number, style, b.level, b.location, b.kind)

    @staticmethod
    def _owning_table(tr: etree._Element) -> etree._Element | None:
        for a in tr.iterancestors():
            if _local(a) == "table":
                return a
        return None

    def list_(self, lst: etree._Element) -> Iterator[Block]:
        """<ol>/<ul>: items numbered as a browser would draw them ("1.", "a.", "iv.", "•")."""
        ordered = _local(lst) == "ol"
        kind = (lst.get("type") or "1") if ordered else None
        try:
            n = int(lst.get("start") or 1)
        except ValueError:
            n = 1
        for li in lst:
            if _local(li) != "li":
                if _local(li) and self._is_block(li):
                    yield from self.walk(li)
                continue
            if li.get("value", "").isdigit():
                n = int(li.get("value"))
            number = _list_label(n, kind) if ordered else "•"
            n += 1
            inner = list(self.walk(li)) if li in self._has_block else list(self.leaf(li))
            if inner and inner[0].number is None:
                b = inner[0]
                inner[0] = Block(b.text, number, b.style or "list", b.level, b.location, b.kind)
            yield from inner


def _list_label(n: int, kind: str) -> str:
    from .docx import format_number
    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(kind, "decimal")
    return format_number(n, fmt) + "."
