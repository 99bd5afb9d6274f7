"""The inside of an annex: its parts, categories and tables, and the points listed in them.

Annexes are drafted differently from articles: they are split into parts ("PART II", "I."),
categories ("Category A") and tables, numbered in more ways ("A.", "1 |" in a table row), and a
heading line inside them is more of the annex rather than a new unit. Ids follow the gold scheme:
``annex_1__part_2__cat_A__point_6``.
"""
from __future__ import annotations

import re

from ..model import Block
from . import ids
from .lines import CONTAINER_KINDS, UNIT_KINDS, Marker
from .node import Node

_ROMAN_LETTER = re.compile(r"^[IVX]$")


class AnnexRules:
    """The annex rules of :class:`~concordance.parse.tree.Builder`, which holds the state they read
    and change (the open annex and the part, category or table inside it)."""

    def _marked_container(self, b: Block, t: str, loc: str) -> bool:
        """A part, category or table of an annex that the source marks as such (an Akoma Ntoso
        ``part`` or ``hcontainer``: "Section II Title", "I.", "Category A — Title", "Table 2")."""
        kind = "annex_part" if b.kind in ("part", "annex_part") else b.kind
        if kind == "subsection":     # the source marks it ("Unterabschnitt 1: Title" from Akoma Ntoso)
            m = re.match(r"^\S+\s+(?P<num>\d+[a-z]?)", t)
            if not m:
                return False
            end = m.end("num") + (1 if t[m.end("num"):m.end("num") + 1] in ".:" else 0)
            annex = self.article
            assert annex is not None
            self.container = self._new("subsection", ("subsec", ids.num_key(m.group("num"))), m.group("num"),
                                       t[:end].strip(), self._enclosing_part() or annex, loc,
                                       t[end:].strip() or None)
            self.para, self.stack = None, []
            return True
        pattern = {"annex_part": self.lex.annex_part_line, "category": self.lex.category_line,
                   "table": self.lex.table_line}[kind]
        m = pattern.match(t) if pattern is not None else None
        if m:
            num, end = m.group("num"), m.end("num")
        else:
            m = re.match(r"^\S*?(?P<num>[0-9]+[a-z]?|[IVXLC]+|[A-Z]\d?)\b", t)
            if not m:
                return False
            num, end = m.group("num"), m.end("num")
        if t[end:end + 1] in ".:":
            end += 1
        label, title = t[:end].strip(), t[end:].strip() or None
        annex = self.article
        assert annex is not None
        if kind == "annex_part":
            key = ids.num_key(self.lex.annex_part_ordinals.get(num, num), roman=True)
            self.container = self._new("annex_part", ("part", key), num, label, annex, loc, title)
        elif kind == "category":
            self.container = self._new("category", ("cat", ids.num_key(num, keep_case=True)), num, label,
                                       self._enclosing_part() or annex, loc, title)
        else:
            self.container = self._new("table", ("table", ids.num_key(num, roman=True)), num, label,
                                       self._enclosing_part() or annex, loc, title)
        self.para, self.stack = None, []
        return True

    def _enclosing_part(self) -> Node | None:
        """The annex part a category or table belongs to (None: straight under the annex)."""
        node = self.container
        while node is not None and node.kind != "annex_part":
            node = node.parent
        return node

    def annex_line(self, i: int, b: Block, t: str, loc: str, mk: Marker | None) -> None:
        """Place line ``t`` (block ``i``) of an annex: a part, category or table, a point (``mk`` is
        the marker the line starts with, if any), or more words of the unit that is open."""
        lex = self.lex
        annex = self.article
        assert annex is not None
        if (b.kind in CONTAINER_KINDS or b.kind == "subsection" and "subsection" in lex.annex_layout) \
                and self._marked_container(b, t, loc):
            return
        if b.style == "heading":
            m = lex.table_line.match(t) if lex.table_line is not None else None
            if m:
                parent = self._enclosing_part() or annex
                self.container = self._new("table", ("table", ids.num_key(m.group("num"), roman=True)),
                                           m.group("num"), t[: m.end("num")], parent, loc,
                                           t[m.end("num"):].strip() or None)
                self.para, self.stack = None, []
                return
            c = self.container
            if c is not None and c.kind == "table" and not c.heading and not c.lines and not c.children:
                c.heading = t
                return
            self.stack = []
            self.deepest().add(t)
            return
        if b.style == "table":
            m = re.match(r"^(?P<v>\d{1,2}(?:\.\d{1,2})*)\s*\|\s*", t)
            if m:
                typ = "decimal" if "." in m.group("v") else "table_row"
                self.place_marker(typ, m.group("v"), t[: m.end()].strip(), t[m.end():].strip(), loc)
                return
        if lex.annex_part_line is not None:
            m = lex.annex_part_line.match(t)
            if m and (b.style == "heading" or t.split()[0].isupper() or len(t) < 120):
                pnum = m.group("num")
                pnum = lex.annex_part_ordinals.get(pnum, pnum)
                self.container = self._new("annex_part", ("part", ids.num_key(pnum, roman=True)),
                                           m.group("num"), t[: len(t) - len(m.group("title"))].strip(), annex, loc,
                                           m.group("title").strip() or None)
                self.para, self.stack = None, []
                return
        if lex.category_line is not None:
            m = lex.category_line.match(t)
            if m:
                parent = self._enclosing_part() or annex
                self.container = self._new("category", ("cat", ids.num_key(m.group("num"), keep_case=True)),
                                           m.group("num"), t[: len(t) - len(m.group("title"))].strip(), parent, loc,
                                           m.group("title").strip() or None)
                self.para, self.stack = None, []
                return
        m = re.match(r"^(?P<v>[A-Z])\.\s+(?P<rest>\S.*)$", t)
        if m and not _ROMAN_LETTER.match(m.group("v")):
            part = self.container
            while part is not None and part.kind not in ("annex_part", "annex"):
                part = part.parent
            j = self.lines.next_index(i)
            nxt = self.blocks[j].text.strip() if j is not None else ""
            if lex.category_line is not None and lex.category_line.match(nxt):
                (part or annex).add(t)     # "A." introducing the category list: text of the part
                return
            self.container = part or annex
            self.para, self.stack = None, []
            self.place_marker("upper_dot", m.group("v"), m.group("v") + ".", m.group("rest"), loc)
            return
        m = re.match(r"^(?P<num>[IVX]+)\.\s+(?P<title>\S.*)$", t)
        if m and ids.roman_to_int(m.group("num")):
            self.container = self._new("annex_part", ("part", ids.num_key(m.group("num"), roman=True)),
                                       m.group("num"), m.group("num") + ".", annex, loc)
            self.container.add(m.group("title"))
            self.para, self.stack = None, []
            return
        if mk:
            self.place_marker(mk[0], mk[1], mk[2], mk[3], loc, b.kind if b.kind in UNIT_KINDS else None, b.level)
            return
        self.deepest().add(t)

    def layout_line(self, i: int, b: Block, t: str, loc: str, mk: Marker | None) -> None:
        """Place line ``t`` of an annex laid out as the lexicon's ``[annex_layout]`` says (the German
        Anlagen): "Abschnitt 1:" and "Unterabschnitt 1:" open a part and a subsection, the line after
        either is its title, and a decimal number alone on its line ("1.2.1") opens a point nested
        under the point its number extends ("1.2"). Only those lines open units, so a wrapped line
        that starts with a date or a cross-reference ("9.6.2006, S. 24", "2.2 sind oder", "1285) in
        der ...") stays text; letters and indents ("a)", "-") inside a point are its list items."""
        lay = self.lex.annex_layout
        annex = self.article
        assert annex is not None
        prev = self.blocks[i - 1].text.strip() if i > 0 else ""
        title_next, self.layout_title_next = self.layout_title_next, False
        m = lay["part"].match(t) if "part" in lay else None
        if m:
            self.container = self._new("annex_part", ("part", ids.num_key(m.group("num"))), m.group("num"),
                                       t, annex, loc)
            self.para, self.stack, self.layout_title_next = None, [], True
            return
        m = lay["subsection"].match(t) if "subsection" in lay else None
        if m:
            self.container = self._new("subsection", ("subsec", ids.num_key(m.group("num"))), m.group("num"),
                                       t, self._enclosing_part() or annex, loc)
            self.para, self.stack, self.layout_title_next = None, [], True
            return
        if title_next and self.container is not None and self.container.heading is None:
            m = lay["point_after_title"].match(t) if "point_after_title" in lay else None
            if m and self.container.kind == "subsection":
                self.container.heading = m.group("title")
                self._decimal_point(m.group("num"), t[m.start("num"):], loc)
            else:
                self.container.heading = t
            return
        m = lay["point"].match(t) if "point" in lay else None
        cited = "citation_word_before" in lay and lay["citation_word_before"].search(prev or "")
        if m and not cited:
            self._decimal_point(m.group("num"), t, loc)
            return
        m = lay["titled_point"].match(t) if "titled_point" in lay else None
        if m:
            self._decimal_point(m.group("num"), t[: m.start("title")].strip(), loc)
            self.deepest().add(m.group("title"))     # its words, as every other point's first line
            return
        if mk and "arabic" not in mk[0] and mk[0] != "decimal":   # the decimal points are the numbered ones
            self.place_marker(mk[0], mk[1], mk[2], mk[3], loc)
            return
        self.deepest().add(t)

    def _decimal_point(self, num: str, label: str, loc: str) -> None:
        """Open point ``num`` ("1.2.1") under the open point it extends ("1.2"), else under the open
        part or subsection: the dots are the nesting."""
        while self.stack and not (self.stack[-1].list_type == "decimal" and num.startswith(f"{self.stack[-1].num}.")):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else (self.container or self.article)
        assert parent is not None
        node = self._new("point" if not self.stack else "subpoint", ("point", ids.num_key(num)), num, label,
                         parent, loc)
        node.list_type = "decimal"
        self.stack.append(node)
