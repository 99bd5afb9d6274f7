"""What a line is: article, annex or division heading, list or paragraph marker, page number, note.

The recognisers here look at one block (a line or paragraph of the source) and say what it opens,
without changing anything: they need only the lexicon (``parse/lexicon/<lang>.toml``, which holds
the heading words and number forms of each language) and a few facts about the whole document that
are fixed before the first line is read (does the source mark its articles? does it style its
article and division headings as headings?). Keeping them apart from the tree builder lets a lawyer
check one question — "is this line Article 5, or a sentence that cites it?" — in one place.
"""
from __future__ import annotations

import re

from ..model import Block
from . import ids
from .lexicon import SUPERSCRIPT, Lexicon

# Punctuation that ends a sentence or clause: a line ending in one is running text, not a title.
END_PUNCT = ".:;,"
_SUP = SUPERSCRIPT

# Markers at the start of a line, by type. Values are what ids are made of. A Markdown footnote
# reference may stand right after the number ("2.[^F8103]"): the number is still a marker.
_AFTER = r"(?=\s|$|\[\^)"
MARKERS = {
    "paren_arabic": re.compile(rf"^\((?P<v>\d+[{_SUP}]*)\){_AFTER}"),
    "paren_alpha": re.compile(r"^\((?P<v>[a-zа-шѓќѕјљњџђћ]{1,2})\)(?=\s|$)"),
    "paren_roman": re.compile(r"^\((?P<v>[ivxl]{1,6})\)(?=\s|$)"),
    "rparen_arabic": re.compile(rf"^(?P<v>\d+[{_SUP}]*)\){_AFTER}"),
    "rparen_alpha": re.compile(r"^(?P<v>[a-zа-шѓќѕјљњџђћ])\)(?=\s|$)"),
    "decimal": re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2})+)\.?(?=\s|$)"),
    "dot_arabic": re.compile(rf"^(?P<v>\d{{1,3}})\.{_AFTER}"),
    # Numbers as bare text nodes of an XML source ("1 No one may ...", "a the obligation ..."):
    "bare_arabic": re.compile(r"^(?P<v>\d{1,2}[a-z]?)(?=\s[A-Z])"),
    "bare_alpha": re.compile(r"^(?P<v>[a-z])(?=\s[a-z])"),
}


def markers_for(inserted: str) -> dict[str, re.Pattern]:
    """:data:`MARKERS` with the language's inserted numbers ("(1a)", "21a.", "3a)") read as one
    number, where the lexicon says how it inserts (``[numbering] inserted``)."""
    if not inserted:
        return MARKERS
    ins = f"(?:{inserted})?"
    return {**MARKERS,
            "paren_arabic": re.compile(rf"^\((?P<v>\d+{ins}[{_SUP}]*)\){_AFTER}"),
            "rparen_arabic": re.compile(rf"^(?P<v>\d+{ins}[{_SUP}]*)\){_AFTER}"),
            "dot_arabic": re.compile(rf"^(?P<v>\d{{1,3}}{ins})\.{_AFTER}")}


PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_MD_BULLET = re.compile(r"^[-*+•](?=\s)\s*")
_HTML_ANCHOR = re.compile(r"^(?:<a\b[^<>]*>\s*</a>\s*)+")
_NOTE_LINE = re.compile(r"^(#|===)")
# Reader styles that say a block is not body text of the act: recorded as a NonProvision of this kind.
STYLE_NON = {"footnote": "footnote", "frontmatter": "note", "signature": "signature", "note": "note",
             "page_number": "page_number", "decree": "decree"}
# Block kinds (set by readers of structured formats) that are units inside an article or annex.
LIST_KINDS = ("point", "subpoint", "indent")
UNIT_KINDS = ("paragraph", "subparagraph") + LIST_KINDS
CONTAINER_KINDS = ("part", "annex_part", "category", "table")     # inside an annex
DIVISION_KINDS = ("part", "chapter", "section", "subsection")
# A unit number as a structured format gives it ("Article 5", "§ 1¹.", "ANNEX II"): its last number.
_ANY_NUM = re.compile(rf"(?<![\w])(?P<num>\d+[a-z]?[{_SUP}]*|[IVXLC]+)\.?(?=\s|$)")

# What the recognisers return: (num, heading, label) for an article or annex; (kind, num, title,
# label) for a division; (marker type, value, label, rest of the line) for a paragraph or list marker.
Unit = tuple[str, "str | None", str]
Division = tuple[str, str, "str | None", str]
Marker = tuple[str, "str | None", str, str]


def fold(text: str) -> str:
    """Case and spacing folded, to compare a line with the title the metadata records."""
    return " ".join(text.casefold().split())


def mostly_upper(text: str) -> bool:
    """All capitals, allowing the lower-case "j" of Serbian/Montenegrin "Nj"/"Lj" ("UNOŠENjE").

    Why: a line in capitals under a division heading is more of the division's title, not text."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    lower = sum(1 for i, c in enumerate(text) if c.islower() and not (c == "j" and i and text[i - 1] in "NLDnld"))
    return lower == 0


def merge_number(b: Block) -> Block:
    """The block with the number Word or Formex kept outside its text put back in front of it,
    so that "Article %1" numbering and hand-typed numbers are recognised alike."""
    if b.number:
        return Block(text=f"{b.number} {b.text}".strip(), style=b.style, level=b.level,
                     location=b.location, kind=b.kind)
    return b


class Lines:
    """The blocks of one document and what each of them is, by the lexicon's words and numbers."""

    def __init__(self, blocks: list[Block], lex: Lexicon):
        self.lex = lex
        # A number Word or Formex produced outside the text stands before it; when that number is
        # an article's ("Article %1" on a heading style), the text beside it is the article heading.
        self.numbered_heading = {i: b for i, b in enumerate(blocks)
                                 if b.number and b.text.strip() and lex.article_line.match(b.number.strip())}
        self.raw = blocks
        self.blocks = [merge_number(b) for b in blocks]
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
        self.structured = any(b.kind in UNIT_KINDS and b.level is not None for b in blocks)
        self._level_words = {w.lower() for k in ("paragraph", "point") for w in lex.parse_words.get(k, ())}
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
        styled = 0
        for b in self.blocks:
            t = b.text.strip()
            if b.style == "heading" and lex.annex_words and lex.annex_line.match(t):
                break        # annexes have parts of their own ("Abschnitt 1:"), not divisions
            if len(t) <= 250 and any(d.pattern.match(t) for d in lex.divisions) and b.style == "heading":
                styled += 1
        self.division_needs_heading_style = styled >= 3
        # The marker types this language numbers paragraphs and points with ("(1)", "1.", "a)" ...),
        # plus Roman "(i)" wherever "(a)" is a point type: the types match_marker tries, in order.
        self.markers = markers_for(lex.inserted)
        self.marker_types = tuple(dict.fromkeys(lex.paragraph_types + lex.point_types +
                                                (("paren_roman",) if "paren_alpha" in lex.point_types else ())))

    def next_index(self, i: int) -> int | None:
        """Index of the next block that is not a page number or a note."""
        j = i + 1
        while j < len(self.blocks):
            t = self.blocks[j].text.strip()
            if t and not PAGE_NUMBER.match(t) and not self.is_note(self.blocks[j]):
                return j
            j += 1
        return None

    def is_note(self, b: Block) -> bool:
        """A "# source: ..." comment or "===" rule of a text or Markdown copy; structured formats
        (which mark units) have no such lines, so there "#" is text."""
        return (not self.any_kinds and b.style not in ("heading", "table")
                and bool(_NOTE_LINE.match(b.text.strip())))

    def match_article(self, b: Block) -> Unit | None:
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
            return self.marked_unit(b) if b.kind == "article" else None
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
    def marked_unit(b: Block) -> Unit | None:
        """(num, heading, label) of a block the source marks as an article or annex whose words the
        lexicon does not know ("Art. 5", "Anhang 2"): the first number in it is the unit's number."""
        t = b.text.strip()
        m = _ANY_NUM.search(t[:60])
        if not m:
            return None
        rest = t[m.end():].strip()
        return m.group("num"), rest or None, t[: m.end()].strip()

    def match_transitional(self, b: Block) -> Unit | None:
        """(num, heading, label) when the block opens an amending act's transitional provisions
        (the lexicon's ``transitional`` heading; or a block the source marks so)."""
        t = b.text.strip()
        pattern = self.lex.transitional_line
        m = pattern.match(t) if pattern is not None and b.kind in (None, "transitional") else None
        if m:
            return m.group("num"), t[m.end():].strip() or None, t[: m.end()].strip()
        if b.kind == "transitional":
            return self.marked_unit(b)
        return None

    def match_annex(self, b: Block) -> Unit | None:
        """(num, title, label) when the block is an annex heading ("ANNEX I", "Прилог 2 — Title").

        Why so many refusals: amending acts and transitional articles mention annexes in running
        text ("Annex I to this Directive shall be amended as follows:"); a long line, a sentence
        ending in ":" or a lower-case word with a long title is such a mention, not a heading."""
        if b.kind is not None and b.kind != "annex":
            return None
        t = b.text.strip()
        m = self.lex.annex_line.match(t) if self.lex.annex_words else None
        if not m:
            if b.kind == "annex":
                unit = self.marked_unit(b)
                return unit if unit else ("", t or None, "")
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

    def match_division(self, b: Block, i: int) -> Division | None:
        """(kind, num, title, label) when block ``i`` is a part, chapter, section or subsection
        heading. A lower-case title or a line ending in punctuation is a cross-reference that
        happens to start a line ("Chapter III of this Directive ..."), unless styled as a heading;
        bare "IV. TITLE" chapters and "3. Title" sections count only in lexicons that use them
        (and "3. Title" only straight above an article)."""
        t = b.text.strip()
        if len(t) > 250 or (b.kind is not None and b.kind not in DIVISION_KINDS):
            return None
        if b.kind in DIVISION_KINDS:
            return self.marked_division(b, t)
        if self.division_needs_heading_style and b.style != "heading":
            return None
        for d in self.lex.divisions:
            m = d.pattern.match(t)
            if not m:
                continue
            word_upper = any(w.isupper() and t.startswith(w) for w in d.words) or d.number_first
            title = m.group("title").strip()
            if not (b.style == "heading" or word_upper or (len(t) < 100 and t[-1:] not in END_PUNCT)):
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
                if b.style == "heading" or mostly_upper(title):
                    return "chapter", m.group("num"), title, t[: m.start("title")].strip()
        if self.lex.numbered_sections:
            m = re.match(r"^(?P<num>\d{1,2})\.\s+(?P<title>\S.*)$", t)
            if m and t[-1:] not in END_PUNCT and t[len(m.group("num")) + 1:].strip()[:1].isupper():
                j = self.next_index(i)
                if j is not None and self.match_article(self.blocks[j]):
                    return "section", m.group("num"), m.group("title"), t[: m.start("title")].strip()
        return None

    def marked_division(self, b: Block, t: str) -> Division | None:
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

    def match_marker(self, text: str) -> Marker | None:
        """(type, value, label, rest) for a line that starts with a paragraph or list marker of a
        type the language uses (:attr:`marker_types`), or with an indent dash."""
        allowed = self.marker_types
        t = text.strip()
        bullet = ""
        bm = _MD_BULLET.match(t)
        if bm and (any(t[bm.end():].startswith(x) for x in ("(", "—", "–")) or
                   any(self.markers[typ].match(t[bm.end():]) for typ in allowed if typ in self.markers and
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
            m = self.markers[typ].match(t)
            if m:
                return typ, m.group("v"), (bullet + t[: m.end()]).strip(), t[m.end():].strip()
        return None

    def marked_marker(self, i: int, t: str, mk: Marker | None) -> Marker | None:
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

