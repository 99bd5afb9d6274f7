"""The tree builder: blocks (one per line or paragraph) -> provisions in document order.

It reads the blocks once, top to bottom, keeping what is open (division, article, paragraph, the
stack of open list levels) and deciding for every line whether it opens a unit or continues the one
that is open. The steps live in their own modules, named after what they decide:

* :mod:`.lines` — what a line is (article, annex or division heading, marker, page number, note),
  from the lexicon (``parse/lexicon/<lang>.toml``);
* :mod:`.paragraphs` — which paragraph or list item a line opens or continues;
* :mod:`.annexes` — parts, categories, tables and points inside an annex;
* :mod:`.front_matter` — title, decree, preamble, recitals, signature and notes;
* :mod:`.ids` — ids and citations, a pure function of the numbering.

This module holds what ties them together:

* divisions (part / chapter / section / subsection) nest by rank and may take a title over
  several lines (PDF line breaks);
* article headings may stand above the number (Balkan laws), below it (EU acts) or on the same
  line ("§ 5. Heading");
* what a structured reader says is believed rather than re-guessed: ``Block.kind`` (article,
  annex, recital, paragraph, subparagraph, point, indent, annex part/category/table, heading) opens
  that unit, with the reader's number even where the lexicon does not know its form, and
  ``Block.level`` nests it; ``Block.style`` ``footnote``, ``frontmatter``, ``signature``, ``note``,
  ``page_number``, ``decree`` record the block as a non-provision wherever it stands.
"""
from __future__ import annotations

from ..model import Block, NonProvision, Provision
from . import ids
from .annexes import AnnexRules
from .front_matter import FrontMatterRules
from .lexicon import Lexicon
from .lines import END_PUNCT, PAGE_NUMBER, STYLE_NON, Lines, fold, mostly_upper
from .node import Node
from .paragraphs import ParagraphRules

# Divisions nest by rank: a chapter closes the open chapter and anything below it, not the part.
_DIV_RANK = {"part": 0, "chapter": 1, "section": 2, "subsection": 3}


class Builder(ParagraphRules, AnnexRules, FrontMatterRules):
    """One parse. ``build()`` returns (provisions, non_provisions)."""

    def __init__(self, blocks: list[Block], lex: Lexicon, lang_for_citation: str,
                 jurisdiction: str | None = None, script: str | None = None, title: str | None = None):
        # The act's title as its metadata records it ("" or None: none recorded): decides whether
        # a first line straight above "Article 1" is the act's title or the article's heading.
        self.meta_title = fold(title or "")
        self.lines = Lines(blocks, lex)
        self.blocks = self.lines.blocks
        self.lex = lex
        self.cite_lang = lang_for_citation
        self.jurisdiction = jurisdiction
        self.script = script
        self.nodes: list[Node] = []
        self.used: set[str] = set()
        self.non: list[NonProvision] = []
        self.divs: list[Node] = []
        self.article: Node | None = None       # article, annex (the unit lists hang under)
        self.container: Node | None = None     # annex part / category inside an annex
        self.para: Node | None = None
        self.stack: list[Node] = []            # open list items, outermost first
        self.last_end = ""
        self.last_div: Node | None = None      # a division whose title may continue
        self.preamble: Node | None = None
        self.in_recitals = False
        self.pending_heading: str | None = None
        self.pending_label: str | None = None
        self.pending_label_loc = ""
        self.after_article_line = False
        self.layout_title_next = False    # the next annex line is the title of a part or subsection
        self.seen_structure = False
        self.heading_lines_left = 0       # more lines of an article heading to come (ParagraphRules.heading_lines)
        self.prev_line = ""               # the line before, as placed (a wrapped citation ends in it)

    # ------------------------------------------------------------------ recording
    def _new(self, kind: str, seg: tuple[str, str], num: str | None, label: str, parent: Node | None,
             loc: str, heading: str | None = None, nest_in_parent: bool = True) -> Node:
        """A new provision under ``parent``, with an id unique in the act (``_dup2`` on a repeat)."""
        base = ids.make_id(seg)
        if parent is not None and nest_in_parent:
            base = f"{parent.id}__{base}"
        nid = ids.dedupe(base, self.used)
        self.used.add(nid)
        node = Node(kind=kind, id=nid, num=num, label=label, heading=heading, parent=parent, location=loc)
        if parent is not None:
            parent.children.append(node)
        self.nodes.append(node)
        return node

    def _non(self, kind: str, text: str, loc: str) -> None:
        """Record a line that is not part of any provision, so that no character is lost."""
        self.non.append(NonProvision(kind=kind, text=text, location=loc))

    # ------------------------------------------------------------------ opening units
    def close_article(self) -> None:
        """Nothing of an article or annex is open any more (a division, article or annex starts)."""
        self.article = None
        self.container = None
        self.para = None
        self.stack = []

    def open_division(self, kind: str, num: str, title: str | None, label: str, loc: str) -> None:
        """A part, chapter, section or subsection: it closes the open divisions of its rank or below
        and holds the articles that follow (their ids stay unprefixed: articles are unique)."""
        self.close_article()
        rank = _DIV_RANK.get(kind, 1)
        while self.divs and _DIV_RANK.get(self.divs[-1].kind, 1) >= rank:
            self.divs.pop()
        parent = self.divs[-1] if self.divs else None
        node = self._new(kind, (ids.PREFIX[kind], ids.num_key(num, roman=True)), num, label, parent, loc, title)
        self.divs.append(node)
        self.last_div = node
        self.seen_structure = True

    def open_article(self, num: str, heading: str | None, label: str, loc: str) -> None:
        """An article (or § section) under the innermost open division, taking the heading that stood
        above its number, if any."""
        self.close_article()
        parent = self.divs[-1] if self.divs else None
        if self.pending_heading is not None:
            heading = self.pending_heading if not heading else f"{self.pending_heading}\n{heading}"
            self.pending_heading = None
        node = self._new("article", ("art", ids.num_key(num, roman=num.isupper())), num, label, parent, loc, heading,
                         nest_in_parent=False)
        self.article = node
        self.last_div = None
        self.after_article_line = True
        self.heading_lines_left = 0
        self.last_end = ""
        self.seen_structure = True

    def open_transitional(self, num: str, heading: str | None, label: str, loc: str) -> None:
        """An amending act's transitional provisions after the last article ("Přechodná ustanovení
        zavedena zákonem č. 484/2008 Sb. Čl. II"): a unit of its own at the top, numbered by the
        amending act, whose numbered lines are its points; before, they were points of § 87."""
        self.close_article()
        self.divs = []
        node = self._new("transitional", ("trans", ids.num_key(num)), num, label, None, loc, heading)
        self.article = node
        self.last_div = None
        self.after_article_line = False
        self.heading_lines_left = 0
        self.last_end = ""

    def open_annex(self, num: str, title: str | None, label: str, loc: str) -> None:
        """An annex: it closes every division (annexes stand outside the body's chapters); an annex
        with no number is numbered by its position."""
        self.close_article()
        self.divs = []
        key = ids.num_key(num, roman=True) if num else str(1 + sum(1 for n in self.nodes if n.kind == "annex"))
        node = self._same_annex_again(key, num, title)
        if node is not None:
            # An excerpt that repeats the annex heading before a later part ("ANNEX I" ... "ANNEX I" /
            # "IV. ..."): the same annex goes on; the repeated heading is kept as a note.
            self._non("note", f"{label} {title or ''}".strip(), loc)
        else:
            node = self._new("annex", ("annex", key), num or None, label, None, loc, title)
        self.article = node
        self.container = node
        self.last_div = None
        self.after_article_line = True
        self.seen_structure = True

    def _same_annex_again(self, key: str, num: str, title: str | None) -> Node | None:
        """The annex already opened under this number when its heading repeats with no other title."""
        if not num:
            return None
        nid = ids.make_id(("annex", key))
        for n in self.nodes:
            if n.kind == "annex" and n.id == nid and (not title or fold(title) == fold(n.heading or "")):
                return n
        return None

    # ------------------------------------------------------------------ main loop
    def build(self) -> tuple[list[Provision], list[NonProvision]]:
        """Read every block once, top to bottom; the provisions in document order and the
        non-provisions (title, decree, signature, notes ...) that hold every other line."""
        tail = self._tail_kinds()
        front_matter = self._front_matter()
        blocks = self.blocks
        for i, b in enumerate(blocks):
            t = b.text.strip()
            if not t:
                if b.kind == "paragraph" and self.lines.structured:
                    self._empty_paragraph(b.location)
                continue
            loc = b.location
            if b.style in STYLE_NON:
                self._non(STYLE_NON[b.style], t, loc)
                continue
            if i in front_matter:
                self._non("note", t, loc)
                continue
            if i in tail:
                self._non(tail[i], t, loc)
                continue
            if self.lines.is_note(b):
                self._non("note", t, loc)
                continue
            if PAGE_NUMBER.match(t) and b.style not in ("heading", "table"):
                self._non("page_number", t, loc)
                continue
            if self.pending_label is not None:
                t = f"{self.pending_label} {t}"
                self.pending_label = None
            self.line(i, b, t, loc)
            self.prev_line = t
        if self.pending_label is not None:
            self._non("note", self.pending_label, self.pending_label_loc)
        if self.pending_heading is not None:
            self._non("heading", self.pending_heading, "")
        return self._freeze(), self.non

    def line(self, i: int, b: Block, t: str, loc: str) -> None:
        """Decide what line ``t`` (block ``i``) opens — article, annex, division, a heading above the
        next article — or hand it to the front-matter, paragraph and annex rules."""
        lex = self.lex
        if i in self.lines.numbered_heading:
            orig = self.lines.numbered_heading[i]
            m = lex.article_line.match(orig.number.strip())
            self.open_article(m.group("num"), orig.text.strip(), orig.number.strip(), loc)
            self.after_article_line = False
            return
        bt = Block(text=t, style=b.style, level=b.level, location=loc, kind=b.kind)
        if b.kind == "recital" and self.article is None and self._marked_recital(t, loc):
            return
        tr = self.lines.match_transitional(bt)
        if tr:
            self.open_transitional(*tr, loc)
            return
        art = self.lines.match_article(bt)
        if art:
            num, heading, label = art
            rest = None
            if heading and (lex.article_text_same_line or self.lines.match_marker(heading)):
                heading, rest = None, heading   # "Чл. 5. (1) Текст ...": the article's text, not a heading
            if b.kind == "article" and b.level is not None:
                self.divs = self.divs[:b.level]   # the source says how many divisions hold the article
            self.open_article(num, heading, label, loc)
            if rest:
                self.after_article_line = False
                self.inside(i, Block(text=rest, location=loc), rest, loc)
            return
        ax = self.lines.match_annex(bt)
        if ax and b.kind == "annex" or ax and (self.seen_structure or b.style == "heading") and (
                b.style == "heading" or t.split()[0].isupper() or self.article is None or self.last_end in ".:;!?"):
            num, title, label = ax
            self.open_annex(num, title, label, loc)
            return
        div = self.lines.match_division(bt, i)
        if div and (self.article is None or self.article.kind != "annex"):
            kind, num, title, label = div
            self.open_division(kind, num, title, label, loc)
            return
        # a division's title running over several lines
        if self.last_div is not None and self.article is None:
            j = self.lines.next_index(i)
            next_is_article = j is not None and self.lines.match_article(self.blocks[j])
            if (mostly_upper(t) and not self.lines.match_marker(t)) or \
                    (not self.last_div.heading and t[-1:] not in END_PUNCT and len(t) < 200
                     and (b.style == "heading" or not (lex.headings_above and next_is_article))):
                self.last_div.heading = f"{self.last_div.heading} {t}".strip() if self.last_div.heading else t
                return
        # a heading above the next article's number
        if lex.headings_above and self._is_heading_above(i, t):
            self.pending_heading = t if self.pending_heading is None else f"{self.pending_heading} {t}"
            return
        if self.article is None:
            self.outside(t, loc)
            return
        self.inside(i, b, t, loc)

    def _is_heading_above(self, i: int, t: str) -> bool:
        """Line ``t`` is the heading of the article whose number comes next (Balkan style), not the
        last sentence of the open unit nor the act's title."""
        if self.lines.marks_headings:
            return False     # a source that marks its articles gives their headings inside them
        j = self.lines.next_index(i)
        if j is None or not self.lines.match_article(self.blocks[j]):
            return False
        if len(t) > 150 or t[-1:] in END_PUNCT or not t[:1].isupper():
            return False
        if self.lines.match_marker(t):
            return False
        if self._is_first_line() and self._may_be_title(t):
            return False     # the document's first line is its title, even straight above "Article 1"
        return self.article is None or self.last_end in ".:;" or self.after_article_line

    def _freeze(self) -> list[Provision]:
        """The finished provisions, each with its citation in the act's language and script, and
        ``status="repealed"`` where the text keeps only a place-holder (:meth:`_repealed`)."""
        repealed = self._repealed()
        out = []
        for n in self.nodes:
            heading, text = n.heading, n.text()
            if n.id in repealed and heading and not text and self._says_repealed(heading):
                heading, text = None, heading    # "§ 23 (weggefallen)": the place-holder is its text, not a heading
            heading = self._without_note(heading, n.location)
            out.append(Provision(
                id=n.id, kind=n.kind, num=n.num, heading=heading, text=text,
                parent=n.parent.id if n.parent is not None else None,
                citation=ids.citation(n.id, self.cite_lang, self.jurisdiction, self.script),
                location=n.location, label=n.label, status="repealed" if n.id in repealed else "",
            ))
        return out

    def _without_note(self, heading: str | None, loc: str) -> str | None:
        """The heading without an editor's trailing amendment note (lexicon ``amendment_note``),
        which is recorded as a note: it says when the words changed, not what the provision is
        about, and would otherwise be read as its subject and printed in every ToC row."""
        m = self.lex.heading_note.search(heading) if heading and self.lex.heading_note else None
        if m is None or not heading[:m.start()].strip():
            return heading
        self._non("note", m.group(0).strip(), loc)
        return heading[:m.start()].rstrip()

    def _says_repealed(self, text: str) -> bool:
        return any(p.match(text.strip()) for p in self.lex.repealed)

    def _repealed(self) -> set[str]:
        """Ids of the repealed provisions: the whole own text (or, with no text, the heading) is one
        of the lexicon's place-holders ("(weggefallen)", "[Kehtetu - RT I ...]", "Brisan"), or the
        provision has no words of its own and every one of its units is repealed. Divisions and
        annexes are never marked (a chapter of repealed articles still names its subject).

        Why here and not in the matcher: the status is a fact of the text, shown in every output
        (JSON, AKN ``status="repealed"``, the outline), and the matcher only has to skip it."""
        if not self.lex.repealed:
            return set()
        out: set[str] = set()
        for n in reversed(self.nodes):          # children before their parents
            if n.kind in ("part", "chapter", "section", "subsection", "annex", "preamble"):
                continue
            text = n.text().strip()
            if any(c.id not in out for c in n.children):
                continue
            if text:
                if self._says_repealed(text):
                    out.add(n.id)
            elif n.children or (n.heading and self._says_repealed(n.heading)):
                out.add(n.id)
        return out
