"""The inside of an annex: its parts, categories and tables, and the points listed in them.

Annexes are drafted differently from articles: they are split into parts ("PART II", "I."),
categories ("Category A") and tables, numbered in more ways ("A.", "1 |" in a table row), and a
heading line inside them is more of the annex rather than a new unit. Ids follow the gold scheme:
``annex_1__part_2__cat_A__point_6``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Block
from . import ids
from .lines import CONTAINER_KINDS, UNIT_KINDS, Marker

if TYPE_CHECKING:
    from .tree import Node

_ROMAN_LETTER = re.compile(r"^[IVX]$")


class AnnexRules:
    """The annex rules of :class:`~concordance.parse.tree.Builder`, which holds the state they read
    and change (the open annex and the part, category or table inside it)."""

    def _marked_container(self, b: Block, t: str, loc: str) -> bool:
        """A part, category or table of an annex that the source marks as such (an Akoma Ntoso
        ``part`` or ``hcontainer``: "Section II Title", "I.", "Category A — Title", "Table 2")."""
        kind = "annex_part" if b.kind in ("part", "annex_part") else b.kind
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
        if b.kind in CONTAINER_KINDS and self._marked_container(b, t, loc):
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
