"""A provision while the tree builder collects its lines (:class:`Node`).

It stands on its own so that the builder (:mod:`.tree`) and the rules it mixes in
(:mod:`.paragraphs`, :mod:`.annexes`) all import it downwards, with no circle between them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Node:
    """A provision while it is being built: its lines are still being collected."""

    kind: str
    id: str
    num: str | None
    label: str
    heading: str | None
    parent: Node | None
    location: str
    lines: list[str] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    list_type: str | None = None
    marker: str | None = None          # the marker type that opened a numbered paragraph
    numbered_paras: bool = False
    para_count: int = 0

    def add(self, text: str) -> None:
        self.lines.append(text)

    def text(self) -> str:
        """The lines joined as the source meant them: PDF line breaks inside a sentence become
        spaces, a hyphenated word is rejoined, a break after a full stop or before a dash stays."""
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
