"""The tree builder: blocks (one per line or paragraph) -> provisions in document order.

It reads the blocks once, top to bottom, keeping what is open (division, article, paragraph, the
stack of open list levels) and deciding for every line whether it opens a unit or continues the one
that is open. What a heading word or a number looks like comes from the lexicon
(``parse/lexicon/<lang>.toml``); this module only holds the drafting logic shared by all laws:

* divisions (part / chapter / section / subsection) nest by rank and may take a title over
  several lines (PDF line breaks);
* article headings may stand above the number (Balkan laws), below it (EU acts) or on the same
  line ("§ 5. Heading");
* Balkan ставови / stavovi are unnumbered: a new one starts on a line that follows a line ending
  in "." or ":" (the rule the experts used for the gold, checked against the acts' own
  cross-references);
* lists nest by marker type, whatever the type: a marker type already open is a sibling, a new one
  is a child ("1)" under a став, "a)" under "1)", "–" indents under either);
* EU closing words after a list (the list's siblings end in ";") open the next subparagraph of the
  paragraph or article that holds the list (``art_5__para_2__subpara_2``), where the lexicon has a
  citation form for subparagraphs;
* what a structured reader says is believed rather than re-guessed: ``Block.kind`` (article,
  annex, recital, paragraph, subparagraph, point, indent, annex part/category/table, heading) opens
  that unit, with the reader's number even where the lexicon does not know its form, and
  ``Block.level`` nests it; ``Block.style`` ``footnote``, ``frontmatter``, ``signature``, ``note``,
  ``page_number``, ``decree`` record the block as a non-provision wherever it stands;
* nothing is dropped: lines that belong to no provision become :class:`NonProvision` records
  (title, promulgation decree, signature, footnote, page number, source note).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, NonProvision, Provision
from . import ids
from .lexicon import SUPERSCRIPT, Lexicon

_DIV_RANK = {"part": 0, "chapter": 1, "section": 2, "subsection": 3}
_END_PUNCT = ".:;,"
_SUP = SUPERSCRIPT

# Markers at the start of a line, by type. Values are what ids are made of.
_MARKERS = {
    "paren_arabic": re.compile(rf"^\((?P<v>\d+[{_SUP}]*)\)(?=\s|$)"),
    "paren_alpha": re.compile(r"^\((?P<v>[a-zа-шѓќѕјљњџђћ]{1,2})\)(?=\s|$)"),
    "paren_roman": re.compile(r"^\((?P<v>[ivxl]{1,6})\)(?=\s|$)"),
    "rparen_arabic": re.compile(rf"^(?P<v>\d+[{_SUP}]*)\)(?=\s|$)"),
    "rparen_alpha": re.compile(r"^(?P<v>[a-zа-шѓќѕјљњџђћ])\)(?=\s|$)"),
    "decimal": re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)"),
    "dot_arabic": re.compile(r"^(?P<v>\d{1,3})\.(?=\s|$)"),
    # Numbers as bare text nodes of an XML source ("1 No one may ...", "a the obligation ..."):
    "bare_arabic": re.compile(r"^(?P<v>\d{1,2}[a-z]?)(?=\s[A-Z])"),
    "bare_alpha": re.compile(r"^(?P<v>[a-z])(?=\s[a-z])"),
}
_ROMANISH = re.compile(r"^[ivxl]+$")
_ROMAN_LETTER = re.compile(r"^[IVX]$")
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_MD_BULLET = re.compile(r"^[-*+•](?=\s)\s*")
_HTML_ANCHOR = re.compile(r"^(?:<a\b[^<>]*>\s*</a>\s*)+")
_FRONT_MATTER = re.compile(r"^[a-z_]{2,40}:\s")
_NOTE_LINE = re.compile(r"^(#|===)")
# Reader styles that say a block is not body text of the act: recorded as a NonProvision of this kind.
_STYLE_NON = {"footnote": "footnote", "frontmatter": "note", "signature": "signature", "note": "note",
              "page_number": "page_number", "decree": "decree"}
# Block kinds (set by readers of structured formats) that are units inside an article or annex.
_LIST_KINDS = ("point", "subpoint", "indent")
_UNIT_KINDS = ("paragraph", "subparagraph") + _LIST_KINDS
_CONTAINER_KINDS = ("part", "annex_part", "category", "table")     # inside an annex
_DIVISION_KINDS = ("part", "chapter", "section", "subsection")
# A unit number as a structured format gives it ("Article 5", "§ 1¹.", "ANNEX II"): its last number.
_ANY_NUM = re.compile(rf"(?<![\w])(?P<num>\d+[a-z]?[{_SUP}]*|[IVXLC]+)\.?(?=\s|$)")


def _fold(text: str) -> str:
    """Case and spacing folded, to compare a line with the title the metadata records."""
    return " ".join(text.casefold().split())


def _mostly_upper(text: str) -> bool:
    """All capitals, allowing the lower-case "j" of Serbian/Montenegrin "Nj"/"Lj" ("UNOŠENjE")."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    lower = sum(1 for i, c in enumerate(text) if c.islower() and not (c == "j" and i and text[i - 1] in "NLDnld"))
    return lower == 0


@dataclass
class Node:
    kind: str
    id: str
    num: str | None
    label: str
    heading: str | None
    parent: "Node | None"
    location: str
    lines: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    list_type: str | None = None
    marker: str | None = None          # the marker type that opened a numbered paragraph
    numbered_paras: bool = False
    para_count: int = 0

    def add(self, text: str) -> None:
        self.lines.append(text)

    def text(self) -> str:
        out = ""
        for line in self.lines:
            if not out:
                out = line
            elif out.endswith("-") and line[:1].islower():
                out += line           # a word hyphenated across a PDF line end
            elif out[-1] in ".:;!?" or line[:1] in "-–—•":
                out += "\n" + line    # a new sentence-level unit: keep the line break
            else:
                out += " " + line     # a PDF line break inside a sentence
        return out


class Builder:
    """One parse. ``build()`` returns (provisions, non_provisions, warnings)."""

    def __init__(self, blocks: list[Block], lex: Lexicon, lang_for_citation: str,
                 jurisdiction: str | None = None, script: str | None = None, title: str | None = None):
        # The act's title as its metadata records it ("" or None: none recorded): decides whether
        # a first line straight above "Article 1" is the act's title or the article's heading.
        self.meta_title = _fold(title or "")
        # A number Word or Formex produced outside the text stands before it; when that number is
        # an article's ("Article %1" on a heading style), the text beside it is the article heading.
        self.numbered_heading = {i: b for i, b in enumerate(blocks)
                                 if b.number and b.text.strip() and lex.article_line.match(b.number.strip())}
        self.raw = blocks
        self.blocks = [self._merge_number(b) for b in blocks]
        # Structured formats (Akoma Ntoso, Formex, EUR-Lex XHTML, Riigi Teataja XML) say what a block
        # is. Where they say it, the parser believes them rather than re-guessing from the words:
        # when articles are marked, only marked blocks open articles (a sentence that happens to
        # start with "Article 5" does not); when paragraphs and points are marked, a new unnumbered
        # paragraph starts only where the source says so.
        self.kind_articles = any(b.kind == "article" for b in blocks)
        self.any_kinds = any(b.kind for b in blocks)
        # ... and a source that marks its articles or annexes marks their headings too (style heading)
        self.marks_headings = any(b.kind in ("article", "annex") for b in blocks)
        # A reader that gives the nesting depth of paragraphs and points (Akoma Ntoso) marks every
        # one of them; EUR-Lex HTML and Formex mark only some (points in grids, NO.PARAG), so there
        # unmarked lines are still read by their numbers.
        self.structured = any(b.kind in _UNIT_KINDS and b.level is not None for b in blocks)
        self.lex = lex
        self.cite_lang = lang_for_citation
        self.jurisdiction = jurisdiction
        self.script = script
        self.nodes: list[Node] = []
        self.used: set[str] = set()
        self.non: list[NonProvision] = []
        self.warnings: list[str] = []
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
        self.seen_structure = False
        self._level_words = {w.lower() for k in ("paragraph", "point") for w in lex.parse_words.get(k, ())}
        self.article_needs_heading_style = False
        styled = plain = 0
        for b in self.blocks:
            if lex.article_line.match(b.text.strip()):
                if b.style == "heading":
                    styled += 1
                else:
                    plain += 1
        self.article_needs_heading_style = styled >= 3 and styled >= plain
        # The same for divisions: where the source marks its "Abschnitt 3" headings as headings, a
        # wrapped cross-reference starting a line ("Abschnitt 3 Nr. 2 ...") is running text.
        styled = plain = 0
        for b in self.blocks:
            t = b.text.strip()
            if b.style == "heading" and lex.annex_words and lex.annex_line.match(t):
                break        # annexes have parts of their own ("Abschnitt 1:"), not divisions
            if len(t) <= 250 and any(d.pattern.match(t) for d in lex.divisions):
                if b.style == "heading":
                    styled += 1
                else:
                    plain += 1
        self.division_needs_heading_style = styled >= 3

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _merge_number(b: Block) -> Block:
        if b.number:
            return Block(text=f"{b.number} {b.text}".strip(), style=b.style, level=b.level,
                         location=b.location, kind=b.kind)
        return b

    def _new(self, kind: str, seg: tuple[str, str], num: str | None, label: str, parent: Node | None,
             loc: str, heading: str | None = None, nest_in_parent: bool = True) -> Node:
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
        self.non.append(NonProvision(kind=kind, text=text, location=loc))

    def _next_index(self, i: int) -> int | None:
        """Index of the next block that is not a page number or a note."""
        j = i + 1
        while j < len(self.blocks):
            t = self.blocks[j].text.strip()
            if t and not _PAGE_NUMBER.match(t) and not self._is_note(self.blocks[j]):
                return j
            j += 1
        return None

    def _is_note(self, b: Block) -> bool:
        """A "# source: ..." comment or "===" rule of a text or Markdown copy; structured formats
        (which mark units) have no such lines, so there "#" is text."""
        return (not self.any_kinds and b.style not in ("heading", "table")
                and bool(_NOTE_LINE.match(b.text.strip())))

    # ------------------------------------------------------------------ line classifiers
    def match_article(self, b: Block):
        """(num, heading, label) when the block is an article's number line."""
        t = b.text.strip()
        if b.kind is not None and b.kind != "article":
            return None      # the source says this block is something else (a heading, a paragraph)
        if self.kind_articles and b.kind is None:
            return None      # the source marks its articles, and this block is not one of them
        anchor = _HTML_ANCHOR.match(t)
        prefix = anchor.group(0) if anchor else ""   # '<a name="section_1"></a>' left by an HTML export
        t = t[len(prefix):]
        m = self.lex.article_line.match(t)
        if not m:
            return self._marked_unit(b) if b.kind == "article" else None
        if self.article_needs_heading_style and b.style != "heading":
            return None      # a Markdown act whose articles are headings: "§ 15a ..." in running text is a reference
        gd = m.groupdict()
        if gd.get("dot") and self.lex.article_dot == "never":
            return None      # Czech headings are "§ 22"; "§ 22." alone is the end of a wrapped sentence
        heading = (gd.get("heading") or "").strip() or None
        if heading and b.style != "heading":
            first = heading.split()[0].lower()
            if heading[:1].islower() or first in self._level_words or first.rstrip(".,") in self._level_words:
                return None  # "§ 5 lõike 2 ...", "§ 15a Abs. 1 ..." is a reference, not a heading line
        num = m.group("num")
        label = prefix + t[: m.end("dot")] + (gd.get("tail") or "")
        return num, heading, label.strip()

    @staticmethod
    def _marked_unit(b: Block):
        """(num, heading, label) of a block the source marks as an article or annex whose words the
        lexicon does not know ("Art. 5", "Anhang 2"): the first number in it is the unit's number."""
        t = b.text.strip()
        m = _ANY_NUM.search(t[:60])
        if not m:
            return None
        rest = t[m.end():].strip()
        return m.group("num"), rest or None, t[: m.end()].strip()

    def match_annex(self, b: Block):
        if b.kind is not None and b.kind != "annex":
            return None
        t = b.text.strip()
        m = self.lex.annex_line.match(t) if self.lex.annex_words else None
        if not m:
            if b.kind == "annex":
                unit = self._marked_unit(b)
                return (unit[0], unit[1], unit[2]) if unit else ("", t or None, "")
            return None
        if b.kind == "annex":
            title = (m.group("title") or "").strip()
            return (m.group("num") or ""), title or None, t[: len(t) - len(m.group("title") or "")].strip()
        word = m.group("word")
        title = (m.group("title") or "").strip()
        if len(t) > 160 or (title and title[-1:] == "." and len(title) > 60 and b.style != "heading"):
            return None
        if title and b.style != "heading" and not word.isupper() and (len(title) > 60 or title[-1:] in ":;,"):
            return None      # "Annex I to this Directive shall be amended as follows:" is a sentence
        if title and not (b.style == "heading" or word.isupper()) and not m.group("num"):
            return None
        return (m.group("num") or ""), title or None, t[: len(t) - len(m.group("title") or "")].strip()

    def match_division(self, b: Block, i: int):
        t = b.text.strip()
        if len(t) > 250 or (b.kind is not None and b.kind not in _DIVISION_KINDS):
            return None
        if b.kind in _DIVISION_KINDS:
            return self._marked_division(b, t)
        if self.division_needs_heading_style and b.style != "heading":
            return None
        for d in self.lex.divisions:
            m = d.pattern.match(t)
            if not m:
                continue
            word_upper = any(w.isupper() and t.startswith(w) for w in d.words) or d.number_first
            title = m.group("title").strip()
            if not (b.style == "heading" or word_upper or (len(t) < 100 and t[-1:] not in _END_PUNCT)):
                continue
            if title[:1].islower() and not d.number_first:
                continue
            num = m.group("num")
            if num in d.ordinals:
                num = str(d.ordinals.index(num) + 1)
            return d.kind, num, title or None, t[: len(t) - len(m.group("title"))].strip()
        if self.lex.roman_chapters:
            m = re.match(r"^(?P<num>[IVXLC]+)\.?\s+(?P<title>\S.*)$", t)
            if m and ids.roman_to_int(m.group("num")):
                title = m.group("title")
                if b.style == "heading" or _mostly_upper(title):
                    return "chapter", m.group("num"), title, t[: m.start("title")].strip()
        if self.lex.numbered_sections:
            m = re.match(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$", t)
            if m and t[-1:] not in _END_PUNCT and t[len(m.group("num")) + 1:].strip()[:1].isupper():
                j = self._next_index(i)
                if j is not None and self.match_article(self.blocks[j]):
                    return "section", m.group("num"), m.group("title"), t[: m.start("title")].strip()
        return None

    def _marked_division(self, b: Block, t: str):
        """(kind, num, title, label) of a division the source marks (an Akoma Ntoso ``chapter``):
        its kind as given, its number from the lexicon's pattern or else the first number in it."""
        for d in self.lex.divisions:
            m = d.pattern.match(t)
            if m:
                num = m.group("num")
                if num in d.ordinals:
                    num = str(d.ordinals.index(num) + 1)
                title = m.group("title").strip()
                return b.kind, num, title or None, t[: len(t) - len(m.group("title"))].strip()
        m = re.match(r"^\S*?\s*(?P<num>\d+[a-z]?|[IVXLC]+)\b\.?", t)
        if not m:
            return None
        return b.kind, m.group("num"), t[m.end():].strip() or None, t[: m.end()].strip()

    def match_marker(self, text: str, allowed: tuple[str, ...]):
        """(type, value, label, rest) for a line that starts with a list/paragraph marker."""
        t = text.strip()
        bullet = ""
        bm = _MD_BULLET.match(t)
        if bm and (any(t[bm.end():].startswith(x) for x in ("(", "—", "–")) or
                   any(_MARKERS[typ].match(t[bm.end():]) for typ in allowed if typ in _MARKERS and
                       not typ.startswith("bare"))):
            # a Markdown/HTML list bullet in front of the act's own number ("- (a)", "- 1.")
            bullet, t = t[: bm.end()], t[bm.end():]
        for mark in self.lex.indent_marks:
            if t.startswith(mark) and (len(t) == len(mark) or t[len(mark)] in " \t" or mark in "—–"):
                if mark == "-" and len(t) > 1 and t[1] not in " \t":
                    continue
                rest = t[len(mark):].strip()
                return "indent", None, (bullet + mark).strip(), rest
        for typ in allowed:
            m = _MARKERS[typ].match(t)
            if m:
                return typ, m.group("v"), (bullet + t[: m.end()]).strip(), t[m.end():].strip()
        return None

    # ------------------------------------------------------------------ placing units
    def close_article(self) -> None:
        self.article = None
        self.container = None
        self.para = None
        self.stack = []

    def open_division(self, kind: str, num: str, title: str | None, label: str, loc: str) -> None:
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
        self.last_end = ""
        self.seen_structure = True

    def open_annex(self, num: str, title: str | None, label: str, loc: str) -> None:
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
            if n.kind == "annex" and n.id == nid and (not title or _fold(title) == _fold(n.heading or "")):
                return n
        return None

    def list_parent(self) -> Node:
        if self.para is not None:
            return self.para
        if self.container is not None:
            return self.container
        assert self.article is not None
        if self.lex.unnumbered_paragraphs and self.article.kind == "article" and not self.article.numbered_paras:
            self.new_unnumbered_para("")
            return self.para  # type: ignore[return-value]
        return self.article

    def new_unnumbered_para(self, loc: str) -> None:
        assert self.article is not None
        self.article.para_count += 1
        n = str(self.article.para_count)
        self.para = self._new("paragraph", ("para", n), n, "", self.article, loc)
        self.stack = []

    def _marked_marker(self, i: int, t: str, mk):
        """The marker of a block the source marks as a paragraph or point: the number the format gave
        (Formex NO.PARAG, an Akoma Ntoso ``num``), even where the lexicon's patterns do not know
        its form ("3¹)", "A.", "1 |"). None for a unit the source left unnumbered."""
        number = (self.raw[i].number or "").strip() if i < len(self.raw) else ""
        if not number:
            return mk if mk is not None and mk[0] == "indent" else None
        if mk is not None and mk[2] == number:
            return mk
        if not t.startswith(number):
            return mk
        value = re.sub(r"^[-*+•]\s+", "", number).strip("()[]").rstrip(".)]|").strip() or None
        if number in ("—", "–", "-", "•", "*"):
            return "indent", None, number, t[len(number):].strip()
        return "marked", value, number, t[len(number):].strip()

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
        if self.stack:
            return self.stack[-1]
        if self.para is not None:
            return self.para
        if self.container is not None:
            return self.container
        assert self.article is not None
        return self.article

    # ------------------------------------------------------------------ main loop
    def build(self) -> tuple[list[Provision], list[NonProvision], list[str]]:
        tail = self._tail_kinds()
        front_matter = self._front_matter()
        blocks = self.blocks
        for i, b in enumerate(blocks):
            t = b.text.strip()
            if not t:
                if b.kind == "paragraph" and self.structured:
                    self._empty_paragraph(b.location)
                continue
            loc = b.location
            if b.style in _STYLE_NON:
                self._non(_STYLE_NON[b.style], t, loc)
                continue
            if i in front_matter:
                self._non("note", t, loc)
                continue
            if i in tail:
                self._non(tail[i], t, loc)
                continue
            if self._is_note(b):
                self._non("note", t, loc)
                continue
            if _PAGE_NUMBER.match(t) and b.style not in ("heading", "table"):
                self._non("page_number", t, loc)
                continue
            if self.pending_label is not None:
                t = f"{self.pending_label} {t}"
                self.pending_label = None
            self.line(i, b, t, loc)
        if self.pending_label is not None:
            self._non("note", self.pending_label, self.pending_label_loc)
        if self.pending_heading is not None:
            self._non("heading", self.pending_heading, "")
        return self._freeze(), self.non, self.warnings

    def line(self, i: int, b: Block, t: str, loc: str) -> None:
        lex = self.lex
        self._index = i
        if i in self.numbered_heading:
            orig = self.numbered_heading[i]
            m = lex.article_line.match(orig.number.strip())
            self.open_article(m.group("num"), orig.text.strip(), orig.number.strip(), loc)
            self.after_article_line = False
            return
        bt = Block(text=t, style=b.style, level=b.level, location=loc, kind=b.kind)
        if b.kind == "recital" and self.article is None and self._marked_recital(t, loc):
            return
        art = self.match_article(bt)
        if art:
            num, heading, label = art
            rest = None
            if heading and (lex.article_text_same_line or self.match_marker(heading, self._allowed())):
                heading, rest = None, heading   # "Чл. 5. (1) Текст ...": the article's text, not a heading
            if b.kind == "article" and b.level is not None:
                self.divs = self.divs[:b.level]   # the source says how many divisions hold the article
            self.open_article(num, heading, label, loc)
            if rest:
                self.after_article_line = False
                self.inside(i, Block(text=rest, location=loc), rest, loc)
            return
        ax = self.match_annex(bt)
        if ax and b.kind == "annex" or ax and (self.seen_structure or b.style == "heading") and (
                b.style == "heading" or t.split()[0].isupper() or self.article is None or self.last_end in ".:;!?"):
            num, title, label = ax
            self.open_annex(num, title, label, loc)
            return
        div = self.match_division(bt, i)
        if div and (self.article is None or self.article.kind != "annex"):
            kind, num, title, label = div
            self.open_division(kind, num, title, label, loc)
            return
        # a division's title running over several lines
        if self.last_div is not None and self.article is None:
            j = self._next_index(i)
            next_is_article = j is not None and self.match_article(self.blocks[j])
            if (_mostly_upper(t) and not self.match_marker(t, self._allowed())) or \
                    (not self.last_div.heading and t[-1:] not in _END_PUNCT and len(t) < 200
                     and (b.style == "heading" or not (lex.headings_above and next_is_article))):
                self.last_div.heading = f"{self.last_div.heading} {t}".strip() if self.last_div.heading else t
                return
        # a heading above the next article's number
        if lex.headings_above and self._is_heading_above(i, t, b):
            self.pending_heading = t if self.pending_heading is None else f"{self.pending_heading} {t}"
            return
        if self.article is None:
            self.outside(i, b, t, loc)
            return
        self.inside(i, b, t, loc)

    def _allowed(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.lex.paragraph_types + self.lex.point_types +
                                   (("paren_roman",) if "paren_alpha" in self.lex.point_types else ())))

    def _is_heading_above(self, i: int, t: str, b: Block) -> bool:
        if self.marks_headings:
            return False     # a source that marks its articles gives their headings inside them
        j = self._next_index(i)
        if j is None or not self.match_article(self.blocks[j]):
            return False
        if len(t) > 150 or t[-1:] in _END_PUNCT or not t[:1].isupper():
            return False
        if self.match_marker(t, self._allowed()):
            return False
        if self._is_first_line() and self._may_be_title(t):
            return False     # the document's first line is its title, even straight above "Article 1"
        return self.article is None or self.last_end in ".:;" or self.after_article_line

    def _is_first_line(self) -> bool:
        """Nothing of the body came before: no provision, division, preamble or pending heading, and
        no non-provision but notes and page numbers (a source comment)."""
        return (self.article is None and not self.seen_structure and self.preamble is None and not self.divs
                and self.pending_heading is None
                and all(n.kind in ("note", "page_number") for n in self.non))

    def _may_be_title(self, t: str) -> bool:
        """A first line is the act's title unless the metadata records a different title.

        Why: real laws open with a title or a gazette/decree line, so their article 1 heading is
        never the first line; a short text ("Synthetic Act on Widgets" / "Article 1") would otherwise
        lose its title to Article 1. When the act.toml names the title and this line is not it
        (an extract that starts at "Predmet zakona" / "Članak 1."), the line is the heading."""
        if not self.meta_title:
            return True
        line = _fold(t)
        return bool(line) and (line == self.meta_title or self.meta_title.startswith(line)
                               or line.startswith(self.meta_title))

    def outside(self, i: int, b: Block, t: str, loc: str) -> None:
        """Lines before the first article (title, decree, preamble, recitals) or between divisions."""
        lex = self.lex
        if any(p.search(t) for p in lex.preamble_start) and self.preamble is None and not self.seen_structure:
            self.preamble = self._new("preamble", ("preamble", ""), None, "", None, loc)
        if self.preamble is not None and not self.seen_structure:
            if any(p.search(t) for p in lex.recitals_after):
                self.in_recitals = True
                self._preamble_text(t)
                return
            if any(p.search(t) for p in lex.enacting):
                self.in_recitals = False
                self.stack = []
                self.preamble.add(t)
                return
            m = re.match(r"^(?P<bullet>[-*•]\s+)?\((?P<v>\d+)\)(?:\s+(?P<rest>.*))?$", t)
            if m and self.in_recitals:
                node = self._new("recital", ("recital", m.group("v")), m.group("v"), t[: m.end("v") + 1],
                                 self.preamble, loc, nest_in_parent=False)
                if m.group("rest"):
                    node.add(m.group("rest"))
                self.stack = [node]
                return
            self._preamble_text(t)
            return
        if self.seen_structure:
            # text between a division heading and its first article: the division's own text
            target = self.divs[-1] if self.divs else None
            if target is not None:
                target.add(t)
                return
        if not any(n.kind == "title" for n in self.non):
            self._non("title", t, loc)
        elif re.match(r"^(Source|Original text|Consolidated text|Izvor|Извор)\b", t):
            self._non("note", t, loc)
        else:
            self._non("decree", t, loc)

    def _empty_paragraph(self, loc: str) -> None:
        """An unnumbered paragraph the source marks but that has no words before its first point."""
        art = self.article
        if art is not None and art.kind == "article" and self.lex.unnumbered_paragraphs and not art.numbered_paras:
            self.after_article_line = False
            self.new_unnumbered_para(loc)

    def _marked_recital(self, t: str, loc: str) -> bool:
        """A block the source marks as a numbered recital ("(3) ..."): a recital, wherever the
        "Whereas:" line is (an Akoma Ntoso file keeps the enacting formula apart from the recitals)."""
        m = re.match(r"^\(?(?P<v>\d+)\)?(?:\s+(?P<rest>.*))?$", t)
        if not m:
            return False
        if self.preamble is None:
            self.preamble = self._new("preamble", ("preamble", ""), None, "", None, loc)
        node = self._new("recital", ("recital", m.group("v")), m.group("v"), t[: m.end("v") + (1 if t[m.end("v"):m.end("v") + 1] == ")" else 0)],
                         self.preamble, loc, nest_in_parent=False)
        if m.group("rest"):
            node.add(m.group("rest"))
        self.stack = [node]
        self.in_recitals = True
        return True

    def _preamble_text(self, t: str) -> None:
        assert self.preamble is not None
        if self.stack and self.stack[-1].kind == "recital":
            self.stack[-1].add(t)
        else:
            self.preamble.add(t)

    def inside(self, i: int, b: Block, t: str, loc: str) -> None:
        lex = self.lex
        art = self.article
        assert art is not None
        first = self.after_article_line
        self.after_article_line = False
        # a heading under the number ("Article 5" / "Scope")
        hint = b.kind if b.kind in _UNIT_KINDS else None
        if first and not art.heading and b.kind in (None, "heading"):
            if b.style == "heading" or (lex.heading_below and not self.marks_headings and len(t) < 160 and t[-1:] not in _END_PUNCT
                                        and t[:1].isupper() and not self.match_marker(t, self._allowed())):
                art.heading = t
                self.after_article_line = True if b.style == "heading" else False
                return
        if first and art.heading and b.style == "heading" and art.kind == "annex" and b.kind in (None, "heading") and not (
                lex.table_line is not None and lex.table_line.match(t)):
            art.heading = f"{art.heading}\n{t}"
            self.after_article_line = True
            return
        # a number standing alone on its line ("(1)" then the text on the next line)
        mk = self.match_marker(t, self._allowed())
        if mk and mk[0] == "bare_alpha" and not (self.para is not None and self.para.label[:1].isdigit()
                                                 and self.para.label.isalnum()):
            mk = None        # "a firearm ..." is a word, unless the paragraph itself was numbered bare
        if hint is not None:
            mk = self._marked_marker(i, t, mk)
            if mk is None and hint == "paragraph" and art.kind == "article" and lex.unnumbered_paragraphs:
                self.new_unnumbered_para(loc)     # the source says: a new (unnumbered) paragraph
                self.para.add(t)  # type: ignore[union-attr]
                self.last_end = t[-1:]
                return
            if mk is None and hint == "subparagraph" and art.kind == "article":
                self.new_subparagraph(self.para if self.para is not None and b.level != 0 else art, t, loc)
                self.last_end = t[-1:]
                return
        elif self.structured and mk is not None and mk[0] != "indent":
            mk = None        # the source marks its numbered units, and this line is not one of them
        if mk and not mk[3] and mk[0] != "indent" and hint is None:
            j = self._next_index(i)
            nxt = self.blocks[j].text.strip() if j is not None else ""
            nmk = self.match_marker(nxt, self._allowed()) if nxt else None
            if nmk and nmk[0] == "indent" and mk[2].startswith(("-", "*", "•")):
                nmk = None   # scraped lists: "- 1." then "- the text": the bullets are markup
            if j is not None and not self.match_article(self.blocks[j]) and not nmk:
                self.pending_label = t
                self.pending_label_loc = loc
                return
        if art.kind == "annex":
            self.annex_line(b, t, loc, mk)
            self.last_end = t[-1:]
            return
        if mk:
            self.place_marker(mk[0], mk[1], mk[2], mk[3], loc, hint, b.level)
        elif lex.unnumbered_paragraphs and not art.numbered_paras and (
                self.para is None or (not self.structured and (self.last_end in ".:" or first))):
            self.new_unnumbered_para(loc)
            self.para.add(t)  # type: ignore[union-attr]
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

    def _closes_list(self) -> bool:
        last = self.stack[-1]
        siblings = [c for c in (last.parent.children if last.parent else []) if c.kind == last.kind]
        return len(siblings) > 1 and all(c.text().rstrip()[-1:] in ";," or c.text().rstrip().endswith(("; and", "; or", "; и", "; или"))
                                         for c in siblings[:-1] if c.text().strip())

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
        node = self.container
        while node is not None and node.kind != "annex_part":
            node = node.parent
        return node

    def annex_line(self, b: Block, t: str, loc: str, mk) -> None:
        lex = self.lex
        annex = self.article
        assert annex is not None
        if b.kind in _CONTAINER_KINDS and self._marked_container(b, t, loc):
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
            j = self._next_index(self._index)
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
            self.place_marker(mk[0], mk[1], mk[2], mk[3], loc, b.kind if b.kind in _UNIT_KINDS else None, b.level)
            return
        if b.style == "heading" and not self.stack:
            self.deepest().add(t)
            return
        self.deepest().add(t)

    # ------------------------------------------------------------------ front and back matter
    def _front_matter(self) -> set[int]:
        """YAML-like ``key: value`` lines at the top of a Markdown file: metadata, not the act."""
        out: set[int] = set()
        for i, b in enumerate(self.blocks):
            if b.style == "heading":
                break
            if _FRONT_MATTER.match(b.text.strip()):
                out.add(i)
            elif i > 0 and i - 1 in out:
                break
            elif i > 2:
                break
        return out

    def _tail_kinds(self) -> dict[int, str]:
        """Signature and footnote blocks after the last article (and before any annex)."""
        lex = self.lex
        last_art = None
        for i, b in enumerate(self.blocks):
            if self.match_article(b) or i in self.numbered_heading:
                last_art = i
        if last_art is None:
            return {}
        out: dict[int, str] = {}
        kind = None
        for i in range(last_art + 1, len(self.blocks)):
            b = self.blocks[i]
            t = b.text.strip()
            if self.match_annex(b):
                break
            if kind != "footnote" and any(p.search(t) for p in lex.footnote):
                kind = "footnote"
            elif kind is None and any(p.search(t) for p in lex.signature):
                kind = "signature"
            if kind:
                out[i] = kind
        return out

    # ------------------------------------------------------------------ output
    def _freeze(self) -> list[Provision]:
        out = []
        for n in self.nodes:
            out.append(Provision(
                id=n.id, kind=n.kind, num=n.num, heading=n.heading, text=n.text(),
                parent=n.parent.id if n.parent is not None else None,
                citation=ids.citation(n.id, self.cite_lang, self.jurisdiction, self.script),
                location=n.location, label=n.label,
            ))
        return out
