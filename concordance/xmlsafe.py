"""Parse XML that came from outside (EUR-Lex, Formex, Akoma Ntoso, a user's file) without risk.

Every XML reader goes through :func:`parse_xml`. The parser never expands entities, never loads a
DTD, never touches the network and keeps libxml2's limits on huge documents, so that a hostile or
broken file cannot read local files (XXE), call out to a server, or blow up memory ("billion
laughs"). Legal XML never needs its own entities, so a document whose DTD declares any is refused
outright with :class:`~concordance.errors.UnsafeXML` rather than half-parsed.
"""
from __future__ import annotations

import html.entities
import re

from lxml import etree

from .errors import UnreadableFile, UnsafeXML

__all__ = ["parse_xml", "safe_parser", "refuse_entity_declarations"]

# An entity declaration anywhere in the prolog, in any of the encodings XML may come in.
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)
_UTF16_ENTITY_DECL = ("<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be"))
_TODO_UNSAFE = ("Remove the <!DOCTYPE ...[...]> block from the file (legal XML does not need it) or get a clean "
                "copy from the publisher, then try again.")


def safe_parser(*, recover: bool = False, remove_blank_text: bool = False) -> etree.XMLParser:
    """The one parser configuration allowed for untrusted XML."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=recover,
        remove_blank_text=remove_blank_text,
        remove_comments=True,
        remove_pis=True,
    )


def refuse_entity_declarations(data: bytes, where: str = "") -> None:
    """Raise :class:`UnsafeXML` if ``data`` declares entities (checked on the raw bytes, before parsing,
    so that nothing is ever expanded, whatever the parser would do)."""
    if _ENTITY_DECL.search(data[:1_000_000]) or any(p in data[:2_000_000] for p in _UTF16_ENTITY_DECL):
        raise UnsafeXML("the XML declares entities in its DOCTYPE (<!ENTITY ...>); such files are refused and "
                        "never expanded, because entities can read local files or exhaust memory.",
                        where=where, todo=_TODO_UNSAFE)


def parse_xml(data: bytes, where: str = "", *, recover: bool = False) -> etree._Element:
    """Parse ``data`` safely and return the root element.

    Raises :class:`UnsafeXML` for entity declarations and :class:`UnreadableFile` for XML that is
    not well-formed (with the line libxml2 complained about).
    """
    refuse_entity_declarations(data, where)
    try:
        root = etree.fromstring(data, parser=safe_parser(recover=recover))
    except etree.XMLSyntaxError as exc:
        line = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise UnreadableFile(f"the XML is not well-formed{line}: {exc.msg}.", where=where,
                             todo="Download the file again or open and re-save it in an XML editor.") from None
    if root is None:
        raise UnreadableFile("the XML holds no element.", where=where, todo="Give the file with the act's text.")
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        # Reached only if the byte scan missed an exotic encoding; still refuse.
        raise UnsafeXML("the XML declares entities in its DOCTYPE; such files are refused and never expanded.",
                        where=where, todo=_TODO_UNSAFE)
    _replace_entity_references(root, where)
    return root


def _replace_entity_references(root: etree._Element, where: str) -> None:
    """References to entities the document never declared (``&nbsp;`` in XHTML, whose DTD is not
    loaded) are left by the parser as reference nodes; a text walk would silently drop them. The
    standard HTML names are replaced by their characters (a fixed table, not the document's DTD);
    any other name is an error rather than lost text."""
    refs = [e for e in root.iter() if isinstance(e, etree._Entity)]
    for ref in refs:
        name = ref.name
        char = html.entities.html5.get(name + ";")
        if char is None:
            raise UnreadableFile(f"the XML uses the undefined entity &{name}; (line {ref.sourceline}).", where=where,
                                 todo="Replace it with the character it stands for, or download the file again.")
        parent = ref.getparent()
        text = char + (ref.tail or "")
        prev = ref.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + text
        else:
            parent.text = (parent.text or "") + text
        parent.remove(ref)
