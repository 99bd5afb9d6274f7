"""Plain text and Markdown: decode, then one block per non-blank line (Markdown's YAML front
matter marked with style ``frontmatter``).

Line breaks inside a paragraph are kept as separate blocks; the parser joins continuation lines,
because only it knows whether a line starts a new provision.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block
from .encoding import decode_text

_MD_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
# Neither pattern may scan past the next "[" or "<": a line of "[a](" or "<br " repeated would
# otherwise be re-scanned from every bracket (minutes for one 1 MB line); now one pass per line.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\[\]]|\([^()\[\]]*\))*\)")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_TAG = re.compile(r"<(?:meta|br|/?span|/?sup|/?sub|/?p)\b[^<>]*>", re.I)


def read_text(data: bytes, path: Path, encoding: str | None = None, markdown: bool = False,
              errors: str = "strict") -> list[Block]:
    text = decode_text(data, path, encoding, errors)
    lines = text.splitlines()
    front = _front_matter_end(lines) if markdown else 0
    blocks: list[Block] = []
    for n, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if n <= front:
            # YAML front matter: metadata about the file, kept word for word but marked as such
            if line != "---":
                blocks.append(Block(text=line, style="frontmatter", location=f"line {n}"))
            continue
        if markdown:
            block = _markdown_line(line, n)
            if block is not None:
                blocks.append(block)
        else:
            blocks.append(Block(text=line, location=f"line {n}"))
    if not blocks:
        raise UnreadableFile("the file holds no text.", where=str(path), todo="Give the file with the act's text.")
    return blocks


def _front_matter_end(lines: list[str]) -> int:
    """Line number of the closing ``---`` of a YAML front matter block at the top, else 0."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or lines[first].strip() != "---":
        return 0
    for i in range(first + 1, min(len(lines), first + 200)):
        if lines[i].strip() in ("---", "..."):
            return i + 1
    return 0


def _markdown_line(line: str, n: int) -> Block | None:
    """Strip Markdown markup but keep every word: headings become style hints, tables cells."""
    if _MD_TABLE_RULE.match(line):
        return None
    style = None
    level = None
    m = _MD_HEADING.match(line)
    if m:
        level = len(m.group(1))
        style = "heading"
        line = m.group(2)
    elif line.startswith("|") and line.endswith("|"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        # EUR-Lex conversions repeat a heading in both cells of a two-column header row.
        if len(cells) == 2 and cells[0] == cells[1]:
            cells = cells[:1]
        line = " | ".join(c for c in cells if c)
        style = "table"
    elif line.startswith(">"):
        line = line.lstrip("> ")
    line = _MD_LINK.sub(lambda mm: mm.group(1), line)
    line = _HTML_TAG.sub("", line)
    line = _MD_EMPHASIS.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = re.sub(r"[ \t]+", " ", line).strip()
    if not line:
        return None
    return Block(text=line, style=style, level=level, location=f"line {n}")
