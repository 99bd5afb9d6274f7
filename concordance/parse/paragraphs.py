"""Which paragraph or list item a line belongs to: numbered and unnumbered paragraphs, points,
sub-points, indents, EU subparagraphs, and lines that continue the unit that is open.

The rules (each explained where it is applied) are the drafting conventions the experts followed
when they counted provisions for the gold tables:

* Balkan ставови / stavovi are unnumbered: a new one starts on a line that follows a line ending
  in "." or ":" (checked against the acts' own cross-references);
* lists nest by marker type, whatever the type: a marker type already open is a sibling, a new one
  is a child ("1)" under a став, "a)" under "1)", "–" indents under either);
* EU closing words after a list (the list's siblings end in ";") open the next subparagraph of the
  paragraph or article that holds the list (``art_5__para_2__subpara_2``), where the lexicon has a
  citation form for subparagraphs;
* any other line continues the deepest unit that is open.
"""
from __future__ import annotations

import re

from ..model import Block
from . import ids
from .lines import END_PUNCT, UNIT_KINDS
from .node import Node

_ROMANISH = re.compile(r"^[ivxl]+$")


class ParagraphRules:
    """The paragraph and list rules of :class:`~concordance.parse.tree.Builder`, which holds the
    state they read and change (the open article, paragraph and list stack)."""

    def list_parent(self) -> Node:
        """Where a first list item hangs: the open paragraph, annex part or article. In a law with
        unnumbered paragraphs, a list straight under the article's number starts paragraph 1,
        because the experts count the list as the first став/stav."""
        if self.para is not None:
            return self.para
        if self.container is not None:
            return self.container
        assert self.article is not None
        if self.lex.unnumbered_paragraphs and self.article.kind == "article" and not self.article.numbered_paras:
            return self.new_unnumbered_para("")
        return self.article

    def new_unnumbered_para(self, loc: str) -> Node:
        """The next unnumbered paragraph of the open article, numbered by position (``para_2``), as
        Balkan practice cites ставови/stavovi by their order."""
        assert self.article is not None
        self.article.para_count += 1
        n = str(self.article.para_count)
        self.para = self._new("paragraph", ("para", n), n, "", self.article, loc)
        self.stack = []
        return self.para

    def new_subparagraph(self, holder: Node, t: str, loc: str) -> None:
        """An unnumbered subparagraph of an EU paragraph or article after its first one (which is the
        holder's own words and list): numbered by position from 2, as lawyers cite them."""
        n = str(2 + sum(1 for c in holder.children if c.kind == "subparagraph"))
        sub = self._new("subparagraph", ("subpara", n), n, "", holder, loc)
        sub.list_type = "subparagraph"
        sub.add(t)
        self.stack = [sub]

    def place_marker(self, typ: str, value: str | None, label: str, rest: str, loc: str,
                     hint: str | None = None, level: int | None = None) -> Node:
        """Open the paragraph or list item a marker starts. ``hint`` is the kind the source gave
        (structured formats); ``level`` its depth below the article (paragraph 0, its points 1 ...),
        which places it exactly where the source nests it."""
        assert self.article is not None
        as_para = hint == "paragraph" if hint is not None else (
            typ in self.lex.paragraph_types and not self._inside_list_of(typ))
        if as_para and self.article.kind == "article":
            self.stack = []
            self.article.numbered_paras = True
            self.para = self._new("paragraph", ("para", ids.num_key(value or "")), value, label, self.article, loc)
            self.para.marker = typ
            if rest:
                self.para.add(rest)
            return self.para
        # resolve (i)/(v)/(x): letter or Roman?
        if typ in ("paren_alpha", "paren_roman", "rparen_alpha") and value and _ROMANISH.match(value):
            typ = self._alpha_or_roman(typ, value)
        pos = None
        if hint is not None and level is not None:
            pos = max(0, level - (1 if self.para is not None else 0))
        else:
            for k in range(len(self.stack) - 1, -1, -1):
                if self.stack[k].list_type == typ:
                    pos = k
                    break
        if pos is not None:
            self.stack = self.stack[:pos]
        parent = self.stack[-1] if self.stack else self.list_parent()
        if pos is None and hint is None and self._first_item_glued(parent, typ, value, loc):
            parent = self.stack[-2] if len(self.stack) > 1 else parent
            self.stack = self.stack[:-1]
        if typ == "indent" or hint == "indent":
            n = str(1 + sum(1 for c in parent.children if c.kind == "indent"))
            node = self._new("indent", ("indent", n), n, label, parent, loc)
        else:
            depth = sum(1 for s in self.stack if s.kind in ("point", "subpoint"))
            kind = "point" if depth == 0 else "subpoint"
            node = self._new(kind, ("point", ids.num_key(value or "", keep_case=typ == "upper_dot")), value, label,
                             parent, loc)
        node.list_type = typ
        self.stack.append(node)
        if rest:
            node.add(rest)
        return node

    # The first item of a list, glued to the end of the words that open it: "(6) ... stanoví vzor a)
    # žádosti o povolení přepravy munice," then "b) hlášení ..." on the next line.
    _FIRST = {"rparen_alpha": ("a", "b", "{v})"), "rparen_arabic": ("1", "2", "{v})"), "dot_arabic": ("1", "2", "{v}.")}

    def _first_item_glued(self, parent: Node, typ: str, value: str | None, loc: str) -> bool:
        """When the second item of a list ("b)") opens and its first ("a)") stands inside the last
        line of the unit above it, split that line: the first item becomes a unit of its own (and
        is pushed on the list stack, so that "b)" is its sibling). True when it did so."""
        first = self._FIRST.get(typ)
        if first is None or value != first[1] or not parent.lines or \
                any(c.kind in ("point", "subpoint") for c in parent.children):
            return False
        marker = first[2].format(v=first[0])
        line = parent.lines[-1]
        at = line.rfind(f" {marker} ")
        if at < 0:
            return False
        before, rest = line[:at].rstrip(), line[at + len(marker) + 2:].strip()
        if not before or not rest:
            return False
        parent.lines[-1] = before
        depth = sum(1 for s in self.stack if s.kind in ("point", "subpoint"))
        node = self._new("point" if depth == 0 else "subpoint", ("point", ids.num_key(first[0])), first[0], marker,
                         parent, loc)
        node.list_type = typ
        node.add(rest)
        self.stack.append(node)
        return True

    def _inside_list_of(self, typ: str) -> bool:
        """"(1)" is a paragraph in Estonian law, but inside a "1." paragraph of an EU act it is a point:
        a secondary paragraph marker inside a paragraph opened by another marker type is a list item."""
        return self.para is not None and self.para.marker not in (None, typ) and typ != self.lex.paragraph_types[0]

    def _alpha_or_roman(self, typ: str, value: str) -> str:
        """"(i)" after "(h)" is a letter; "(i)" inside "(d)" (or any open list) is a Roman sub-point."""
        if not typ.startswith("paren"):
            return typ                      # "i)" stays a letter: Balkan laws do not number with Roman "i)"
        alpha_typ, roman_typ = "paren_alpha", "paren_roman"
        if len(value) > 1:
            return roman_typ
        for s in reversed(self.stack):
            if s.list_type == roman_typ:
                return roman_typ
            if s.list_type == alpha_typ and s.num and len(s.num) == 1:
                return alpha_typ if ord(value) == ord(s.num) + 1 else roman_typ
        return roman_typ if self.stack else alpha_typ

    def deepest(self) -> Node:
        """The innermost open unit: where a line that opens nothing continues."""
        if self.stack:
            return self.stack[-1]
        if self.para is not None:
            return self.para
        if self.container is not None:
            return self.container
        assert self.article is not None
        return self.article

    def _empty_paragraph(self, loc: str) -> None:
        """An unnumbered paragraph the source marks but that has no words before its first point."""
        art = self.article
        if art is not None and art.kind == "article" and self.lex.unnumbered_paragraphs and not art.numbered_paras:
            self.after_article_line = False
            self.new_unnumbered_para(loc)

    def inside(self, i: int, b: Block, t: str, loc: str) -> None:
        """Place line ``t`` (block ``i``) of an article or annex: its heading, a new paragraph or list
        item, a new subparagraph, or more words of the unit that is open."""
        lex = self.lex
        art = self.article
        assert art is not None
        first = self.after_article_line
        self.after_article_line = False
        # a heading under the number ("Article 5" / "Scope")
        hint = b.kind if b.kind in UNIT_KINDS else None
        if self.heading_lines_left and b.kind is None and b.style != "heading":
            self.heading_lines_left -= 1          # the next line of a heading over two lines
            art.heading = f"{art.heading} {t}"
            self.after_article_line = False
            return
        if first and not art.heading and b.kind in (None, "heading") and (
                b.style == "heading" or (lex.heading_below and not self.lines.marks_headings and len(t) < 160
                                         and t[-1:] not in END_PUNCT and t[:1].isupper()
                                         and not self.lines.match_marker(t))):
            run = 1 if b.style == "heading" or not lex.heading_lines_run else self.heading_lines(i)
            if run:
                art.heading = t
                self.heading_lines_left = run - 1
                self.after_article_line = b.style == "heading"   # a styled heading may run on
                return
        if first and art.heading and b.style == "heading" and art.kind == "annex" and b.kind in (None, "heading") and not (
                lex.table_line is not None and lex.table_line.match(t)):
            art.heading = f"{art.heading}\n{t}"
            self.after_article_line = True
            return
        # a number standing alone on its line ("(1)" then the text on the next line)
        mk = self.lines.match_marker(t)
        if mk and mk[0] == "bare_alpha" and not (self.para is not None and self.para.label[:1].isdigit()
                                                 and self.para.label.isalnum()):
            mk = None        # "a firearm ..." is a word, unless the paragraph itself was numbered bare
        if hint is None and not first and self._wrapped_citation(mk):
            # "... v rozporu s § 29 odst. 3 písm." / "b) nosí zbraň": the citation wrapped onto this
            # line; more words of the open unit (not a point, nor the words after a closed list)
            self.deepest().add(t)
            self.last_end = t[-1:]
            return
        if mk is None and hint is None and self.lex.number_without_dot:
            mk = self._next_number_without_dot(t)
        if hint is not None:
            mk = self.lines.marked_marker(i, t, mk)
            if mk is None and hint == "paragraph" and art.kind == "article" and lex.unnumbered_paragraphs:
                self.new_unnumbered_para(loc).add(t)   # the source says: a new (unnumbered) paragraph
                self.last_end = t[-1:]
                return
            if mk is None and hint == "subparagraph" and art.kind == "article":
                self.new_subparagraph(self.para if self.para is not None and b.level != 0 else art, t, loc)
                self.last_end = t[-1:]
                return
        elif self.lines.structured and mk is not None and mk[0] != "indent":
            mk = None        # the source marks its numbered units, and this line is not one of them

        if art.kind == "annex" and lex.annex_layout and b.kind is None:   # plain text (AKN marks its units)
            self.layout_line(i, b, t, loc, mk)
            self.last_end = t[-1:]
            return
        if mk and not mk[3] and mk[0] != "indent" and hint is None:
            j = self.lines.next_index(i)
            nxt = self.blocks[j].text.strip() if j is not None else ""
            nmk = self.lines.match_marker(nxt) if nxt else None
            if nmk and nmk[0] == "indent" and mk[2].startswith(("-", "*", "•")):
                nmk = None   # scraped lists: "- 1." then "- the text": the bullets are markup
            if j is not None and not self.lines.match_article(self.blocks[j]) and not nmk:
                self.pending_label = t
                self.pending_label_loc = loc
                return
        if art.kind == "annex":
            self.annex_line(i, b, t, loc, mk)
            self.last_end = t[-1:]
            return
        if mk:
            self.place_marker(mk[0], mk[1], mk[2], mk[3], loc, hint, b.level)
        elif lex.unnumbered_paragraphs and not art.numbered_paras and (
                self.para is None or (not self.lines.structured and (self.last_end in ".:" or first))):
            self.new_unnumbered_para(loc).add(t)
        elif self.stack and self.last_end == "." and not lex.unnumbered_paragraphs and self._closes_list():
            # EU style: after the last item of a list (its siblings end in ";"), an unnumbered line is
            # not more of the last item but the next subparagraph of the paragraph (or article) that
            # holds the list: "Article 5(2), second subparagraph". Lexicons without a citation form
            # for subparagraphs keep these words as the holder's own text.
            item = self.stack[0]
            holder = item.parent or self.deepest()
            self.stack = []
            if "subparagraph" in lex.citation:
                self.new_subparagraph(holder, t, loc)
            else:
                holder.add(t)
        else:
            self.deepest().add(t)
        self.last_end = t[-1:]

    def _next_number_without_dot(self, t: str):
        """"10 entgegen § 57 ..." right after item "9. ... oder": the next number of the open "1."
        list with its dot missing (a typo of the source) is that list's next item."""
        top = self.stack[-1] if self.stack else None
        m = re.match(r"^(\d{1,3})\s+(\S.*)$", t)
        if top is None or m is None or top.list_type != "dot_arabic" or not (top.num or "").isdigit():
            return None
        if int(m.group(1)) != int(top.num) + 1 or not top.text().rstrip().endswith(self.lex.list_item_ends):
            return None
        return "dot_arabic", m.group(1), m.group(1), m.group(2)

    def _wrapped_citation(self, mk) -> bool:
        """The line only continues the line before: that line ends in a citation word ("písm.",
        "Nr.", "S.", "vom"), or the line's marker is followed by what no unit starts with
        ("1. April 2008")."""
        wrapped, not_unit = self.lex.wrapped_citation, self.lex.not_a_unit_after_marker
        if mk is not None and mk[0] == "indent":
            return False
        return bool((wrapped is not None and self.prev_line and wrapped.search(self.prev_line))
                    or (mk is not None and not_unit is not None and not_unit.match(mk[3])))

    def heading_lines(self, i: int) -> int:
        """How many lines, from block ``i`` on, are the heading under an article's number in a plain
        text (Czech "§ 67" / "Oznámení o propadnutí ... zakázaného" / "doplňku zbraně nebo
        střeliva"); 0 when they are the article's first sentence ("§ 8" / "Nabývat ... střelivo" /
        "může pouze ten ... pokud tento" / "zákon nestanoví jinak."). A heading's lines carry no
        closing punctuation and each next one starts in lower case; the text starts with a capital
        or a marker. A run that ends in punctuation, or longer than a heading (160 characters: "§ 87"
        / "Tento zákon nabývá účinnosti ... § 12" / "odst. 4, ... do" / "Evropské unie v platnost."),
        was a sentence all along."""
        lines, j = 1, self.lines.next_index(i)
        size = len(self.blocks[i].text.strip())
        while j is not None:
            nxt = self.blocks[j].text.strip()
            if not nxt[:1].islower():
                return lines if size <= 160 else 0
            size += 1 + len(nxt)
            if nxt[-1:] in END_PUNCT or lines >= 3 or size > 160:
                return 0
            lines += 1
            j = self.lines.next_index(j)
        return lines if size <= 160 else 0

    def _closes_list(self) -> bool:
        """The open list is complete: every item but the last ends in ";" or "," (or "; and",
        "; or"), so a following unnumbered line is not more of the last item."""
        last = self.stack[-1]
        siblings = [c for c in (last.parent.children if last.parent else []) if c.kind == last.kind]
        # only the items of this list: from the last item numbered like the first one ("1."), so
        # that an earlier list of the same holder, closed by its own ".", does not count
        start = max(k for k, c in enumerate(siblings) if c.num == siblings[0].num) if siblings else 0
        items = siblings[start:]
        ends = self.lex.list_item_ends
        return len(items) > 1 and all(c.text().rstrip().endswith(ends) for c in items[:-1] if c.text().strip())
