"""Which reference provisions get a row in a Table of Concordance.

Real Tables of Concordance list a directive at a fixed level, and a matcher that proposes at another
level cannot be compared with them. The level used here (see issue 3 and the dev-gold README):

* an article with numbered paragraphs: one row per paragraph;
* a definitions article: one row per definition (unnumbered definition lines, or the lettered /
  numbered points of the article or of its paragraph when most of them read as definitions);
* any other article: the article as a whole (its unnumbered subparagraphs and points stay inside);
* an annex: one row per point of each annex part or category (Annex I of the Firearms Directive:
  every category point, each definition of Part IV); a part or category without points is one
  row; an annex without parts is one row (Annex II, the European firearms pass).

Recitals, the preamble, chapter and section headings never get rows. Nothing here knows a
particular act: the rule reads only the provision kinds the parser produced.
"""
from __future__ import annotations


from ..model import Act, Provision
from .classify import looks_like_definition

_CONTAINER_KINDS = ("annex_part", "category", "section", "part", "chapter", "subsection")


def reference_rows(reference: Act) -> list[Provision]:
    """The provisions a ToC has one row for, in document order."""
    rows: list[Provision] = []
    for p in reference.provisions:
        if p.kind == "article":
            rows.extend(_article_rows(reference, p))
        elif p.kind == "annex" and not _inside_annex(reference, p):
            rows.extend(_annex_rows(reference, p))
    return rows


def _inside_annex(act: Act, p: Provision) -> bool:
    parent = act.get(p.parent) if p.parent else None
    while parent is not None:
        if parent.kind == "annex":
            return True
        parent = act.get(parent.parent) if parent.parent else None
    return False


def _definition_list(act: Act, p: Provision) -> list[Provision]:
    """The children of ``p`` that are definitions, if ``p`` is a list of definitions; else []."""
    kids = act.children(p.id)
    defs = [k for k in kids if k.kind == "definition"]
    if defs:
        return defs
    points = [k for k in kids if k.kind == "point"]
    if len(points) >= 2:
        lang = act.meta.language
        hits = sum(1 for k in points if looks_like_definition(act.full_text(k.id), lang))
        if hits * 2 >= len(points):
            return points
    return []


def _article_rows(act: Act, art: Provision) -> list[Provision]:
    kids = act.children(art.id)
    paras = [k for k in kids if k.kind == "paragraph"]
    if paras:
        out: list[Provision] = []
        for para in paras:
            out.extend(_definition_list(act, para) or [para])
        return out
    return _definition_list(act, art) or [art]


def _annex_rows(act: Act, annex: Provision) -> list[Provision]:
    parts = [k for k in act.children(annex.id) if k.kind in _CONTAINER_KINDS]
    if not parts:
        return [annex]
    out: list[Provision] = []
    for part in parts:
        out.extend(_container_rows(act, part))
    return out


def _container_rows(act: Act, box: Provision) -> list[Provision]:
    kids = act.children(box.id)
    inner = [k for k in kids if k.kind in _CONTAINER_KINDS]
    points = [k for k in kids if k.kind in ("point", "definition", "paragraph")]
    out: list[Provision] = []
    if not inner and not points:
        return [box]
    for k in kids:
        if k.kind in _CONTAINER_KINDS:
            out.extend(_container_rows(act, k))
        elif k.kind in ("point", "definition", "paragraph"):
            out.append(k)
    return out


# ------------------------------------------------------------------------------------------------
# rows for provisions the reference act does not hold (ActMeta.missing)
# ------------------------------------------------------------------------------------------------
def is_under(pid: str, ancestor: str) -> bool:
    """True when ``pid`` is ``ancestor`` or lies inside it (prefix at a ``__`` boundary)."""
    return pid == ancestor or pid.startswith(ancestor + "__")


_WORDS = {"art": "Article", "para": "", "point": "", "annex": "Annex", "part": "Part",
          "cat": "Category", "sec": "Section", "chp": "Chapter", "recital": "Recital"}


def citation_for_id(pid: str) -> str:
    """A plain English citation built from an id, for rows whose text the act does not hold."""
    out: list[str] = []
    for seg in pid.split("__"):
        kind, _, num = seg.partition("_")
        if kind == "para":
            out.append(f"({num})")
        elif kind == "point":
            out.append(f"({num})")
        else:
            out.append((" " if out else "") + f"{_WORDS.get(kind, kind)} {num}")
    return "".join(out).strip()
