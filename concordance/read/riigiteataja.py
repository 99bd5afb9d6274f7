"""Riigi Teataja XML (Estonia's official gazette, the ``tyviseadus`` schemas): a national gazette
that publishes acts as structured XML.

Estonian law is one of the member-state models users compare their drafts with (it transposes the
2017 amendments of the Firearms Directive), and its original is XML, not text. The structure is
explicit — ``peatykk`` (chapter), ``jagu`` (section), ``paragrahv`` (§, the article level),
``loige`` (paragraph), ``alampunkt`` (point) — each with its display number (``kuvatavNr``), so
the reader passes numbers and kinds on. Numbers with superscripts ("§ 83<sup>2</sup>.") are written
with Unicode superscripts ("§ 83².") as Riigi Teataja displays them, and each amendment note
("[RT I, 29.06.2018, 3 - jõust. 01.07.2018]") stays at the end of the text it belongs to, as on
the Riigi Teataja site, so that nothing the gazette prints is lost. Metadata is skipped.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from lxml import etree

from ..model import Block
from ..xmlsafe import parse_xml

NAMESPACE_PREFIX = "tyviseadus"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUP_MARKUP = re.compile(r"<sup>(\d+)</sup>")
_WS = re.compile(r"\s+")


def is_riigiteataja(root_tag_or_head: bytes) -> bool:
    return b"tyviseadus" in root_tag_or_head or b"<oigusakt" in root_tag_or_head


def read_riigiteataja(data: bytes, path: Path) -> list[Block]:
    root = parse_xml(data, str(path))
    reader = _RtReader()
    blocks = list(reader.walk(root, 0))
    return [b for b in blocks if b.text or b.number]


def _local(el: etree._Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c) == name), None)


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _clean(text: str) -> str:
    """Collapse white space within each line; keep the line breaks."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _lines(text: str, number: str | None = None, **kw) -> Iterator[Block]:
    """One block per line; the number goes on the first."""
    first = True
    for line in text.split("\n"):
        line = line.strip()
        if line or (first and number):
            yield Block(line, number=number if first else None, **kw)
            first = False


def display_number(el: etree._Element | None) -> str:
    """``kuvatavNr`` with its escaped ``<sup>`` markup as Unicode superscripts: "(1<sup>1</sup>)" → "(1¹)"."""
    if el is None:
        return ""
    return _clean(_SUP_MARKUP.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), "".join(el.itertext())))


def _date(iso: str) -> str:
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso or "")
    return f"{m.group(3)}.{m.group(2)}.{m.group(1)}" if m else (iso or "")


def amendment_note(mark: etree._Element) -> str:
    """One ``muutmismarge`` as Riigi Teataja prints it: "[RT I, 29.06.2018, 3 - jõust. 01.07.2018]",
    "[RT I 2002, 61, 375 - jõust. 01.08.2002]", "[Kehtetu - RT I ...]" for a repealed unit, and any
    remark after the reference ("..., lõike 2 redaktsiooni kohaldatakse alates ...") kept in place."""
    parts: list[str] = []
    for child in mark:
        name = _local(child)
        if name == "tavatekst":
            parts.append(_inline(child))
        elif name == "avaldamismarge":
            part = _clean(child.findtext("{*}RTosa") or "")
            day = child.findtext("{*}avaldamineKuupaev")
            year, number, article = (child.findtext("{*}RTaasta"), child.findtext("{*}RTnr"),
                                     child.findtext("{*}RTartikkel"))
            if day:
                ref = ", ".join(x for x in (part, _date(day), article) if x)
            else:
                ref = part + " " + ", ".join(x for x in (year, number, article) if x)
            parts.append(ref.strip())
        elif name == "joustumine" and (child.text or "").strip():
            parts.append(f" - jõust. {_date(child.text.strip())}")
    text = ""
    for piece in parts:
        if text and piece and not piece.startswith((" ", ",", ".", ";")) and not text.endswith(" "):
            text += " "
        text += piece
    text = _clean(text)
    return f"[{text}]" if text else ""


def _inline(el: etree._Element) -> str:
    """Text of a ``tavatekst``/``sisuTekst``: links by their shown text, <sup> as superscripts,
    line breaks (``reavahetus``) as "\\n" (the caller makes them separate blocks, as for <br>)."""
    out: list[str] = []

    def walk(e: etree._Element) -> None:
        if e.text and e.text.strip():  # white space alone between elements is the file's indentation
            text = _WS.sub(" ", e.text)  # only reavahetus breaks lines
            out.append(text.translate(_SUPERSCRIPT) if _local(e) == "sup" else text)
        for c in e:
            name = _local(c)
            if name == "reavahetus":
                out.append("\n")
            elif name == "muutmismarge":
                out.append(" " + amendment_note(c))
            elif name == "viideURID":
                pass
            elif name:
                walk(c)
            if c.tail and c.tail.strip():
                out.append(_WS.sub(" ", c.tail))

    walk(el)
    return "".join(out)


class _RtReader:
    def _loc(self, el: etree._Element) -> str:
        return f"id {el.get('id')}" if el.get("id") else (f"line {el.sourceline}" if el.sourceline else "")

    def _text_with_notes(self, el: etree._Element) -> str:
        content = _child(el, "sisuTekst")
        text = _clean(_inline(content)) if content is not None else ""
        notes = [amendment_note(m) for m in _children(el, "muutmismarge")]
        return _clean(" ".join([text, *notes]))

    def walk(self, el: etree._Element, depth: int) -> Iterator[Block]:
        name = _local(el)
        if name in ("metaandmed", "viideURID"):
            return
        if name == "aktinimi":
            title = el.find(".//{*}pealkiri")
            if title is not None:
                yield Block(_clean(_inline(title)), style="title", location=self._loc(el))
            return
        if name in ("peatykk", "jagu", "osa", "alajagu", "jaotis"):
            label = display_number(_child(el, "kuvatavNr"))
            heading = _child(el, f"{name}Pealkiri")
            text = _clean(" ".join(x for x in (label, _clean(_inline(heading)) if heading is not None else "") if x))
            notes = " ".join(amendment_note(m) for m in _children(el, "muutmismarge"))
            yield Block(_clean(f"{text} {notes}"), style="heading", level=depth + 1, location=self._loc(el))
            for c in el:
                if _local(c) in ("peatykk", "jagu", "osa", "alajagu", "jaotis", "paragrahv", "normtehnmarkus"):
                    yield from self.walk(c, depth + 1)
            return
        if name == "paragrahv":
            label = display_number(_child(el, "kuvatavNr"))
            heading = _child(el, "paragrahvPealkiri")
            head = _clean(_inline(heading)) if heading is not None else ""
            notes = " ".join(amendment_note(m) for m in _children(el, "muutmismarge"))
            yield Block(_clean(f"{label} {head} {notes}"), style="heading", kind="article", location=self._loc(el))
            if _child(el, "sisuTekst") is not None:
                yield from _lines(_clean(_inline(_child(el, "sisuTekst"))), location=self._loc(el))
            for c in el:
                if _local(c) in ("loige", "alampunkt"):
                    yield from self.walk(c, depth)
            return
        if name in ("loige", "alampunkt"):
            number = display_number(_child(el, "kuvatavNr")) or None
            kind = "paragraph" if name == "loige" else "point"
            for i, b in enumerate(_lines(self._text_with_notes(el), number, location=self._loc(el))):
                yield Block(b.text, b.number, b.style, b.level, b.location, kind if i == 0 else None)
            for c in el:
                if _local(c) == "alampunkt":
                    yield from self.walk(c, depth)
            return
        if name == "normtehnmarkus":
            text_el = _child(el, "normtehnmarkusTekst")
            if text_el is not None:
                number = (el.findtext("{*}normtehnmarkusNr") or "").strip()
                notes = " ".join(amendment_note(m) for m in _children(el, "muutmismarge"))
                yield from _lines(_clean(f"{_inline(text_el)} {notes}"), number.translate(_SUPERSCRIPT) or None,
                                  style="footnote", location=self._loc(el))
            return
        for c in el:
            yield from self.walk(c, depth)
