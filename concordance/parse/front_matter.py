"""What comes before the first article and after the last one: title, promulgation decree,
preamble and recitals, signature, footnotes, source notes and Markdown front matter.

Nothing here is dropped: lines that belong to no provision become :class:`NonProvision` records,
so the coverage check can prove every character of the source was placed somewhere.
"""
from __future__ import annotations

import re

from .lines import fold

_FRONT_MATTER = re.compile(r"^[a-z_]{2,40}:\s")


class FrontMatterRules:
    """The front- and back-matter rules of :class:`~concordance.parse.tree.Builder`, which holds the
    state they read and change (preamble, recitals, the non-provisions recorded so far)."""

    def _front_matter(self) -> set[int]:
        """YAML-like ``key: value`` lines at the top of a Markdown file: metadata, not the act."""
        out: set[int] = set()
        for i, b in enumerate(self.blocks):
            if b.style == "heading":
                break
            if _FRONT_MATTER.match(b.text.strip()):
                out.add(i)
            elif (i > 0 and i - 1 in out) or i > 2:
                break
        return out

    def _tail_kinds(self) -> dict[int, str]:
        """Signature and footnote blocks after the last article (and before any annex), and the
        back matter of a consolidated text (footnotes, amendment history) wherever it starts."""
        lex = self.lex
        last_art = None
        for i, b in enumerate(self.blocks):
            if self.lines.match_article(b) or i in self.lines.numbered_heading:
                last_art = i
        if last_art is None:
            return {}
        out: dict[int, str] = self._back_matter(last_art)
        kind = None
        for i in range(last_art + 1, len(self.blocks)):
            b = self.blocks[i]
            t = b.text.strip()
            if self.lines.match_annex(b):
                break
            if kind != "footnote" and any(p.search(t) for p in lex.footnote):
                kind = "footnote"
            elif kind is None and any(p.search(t) for p in lex.signature):
                kind = "signature"
            if kind and i not in out:
                out[i] = kind
        return out

    def _back_matter(self, last_art: int) -> dict[int, str]:
        """From the lexicon's ``footnotes_from`` line ("Poznámky pod čarou") to the end, footnotes;
        from ``notes_from`` ("č. Znění od - do Novely Poznámka"), notes: not more points of the
        last annex."""
        lex = self.lex
        if lex.footnotes_from is None and lex.notes_from is None:
            return {}
        out: dict[int, str] = {}
        kind = None
        for i in range(last_art + 1, len(self.blocks)):
            t = self.blocks[i].text.strip()
            if self.blocks[i].kind == "annex":
                kind = None      # a source that marks its annexes (AKN) may put them after the notes
            if lex.footnotes_from is not None and lex.footnotes_from.match(t):
                kind = "footnote"
            elif lex.notes_from is not None and lex.notes_from.match(t):
                kind = "note"
            if kind:
                out[i] = kind
        return out

    def outside(self, t: str, loc: str) -> None:
        """Lines before the first article (title, decree, preamble, recitals) or between divisions.

        Why the order: the first line outside any structure is the act's title, later ones its
        promulgation decree or a source note; once a preamble has started ("Having regard to",
        "Whereas:") they are its words and numbered recitals, until the enacting formula."""
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
        """More words of the open recital, or of the preamble itself when no recital is open."""
        assert self.preamble is not None
        if self.stack and self.stack[-1].kind == "recital":
            self.stack[-1].add(t)
        else:
            self.preamble.add(t)

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
        line = fold(t)
        return bool(line) and (line == self.meta_title or self.meta_title.startswith(line)
                               or line.startswith(self.meta_title))
