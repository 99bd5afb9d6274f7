"""Readers: one per source format, each turning a file into a list of :class:`~concordance.model.Block`.

Readers know formats, not law: they never decide what is an article. The one entry point is
:func:`read_blocks`, which picks the reader from the file's content and name.

===============  =================  ==========================================================
format           module             what it adds to the text
===============  =================  ==========================================================
text, markdown   ``text``           encoding detection (UTF-8/16, cp1250, cp1251, ISO 8859)
docx             ``docx``           numbers drawn by Word automatic numbering; tables; footnotes
html             ``html``           EUR-Lex classes and ELI ids as kinds; point tables as numbers
formex           ``formex``         the Official Journal's explicit structure (ARTICLE, PARAG ...)
akn              ``akn``            Akoma Ntoso units, numbers and eIds
riigiteataja     ``riigiteataja``   Estonia's gazette XML (§, lõige, punkt, amendment notes)
pdf              ``pdf``            running headers/footers and page numbers out; hyphens re-joined
===============  =================  ==========================================================

Every XML reader parses through :mod:`concordance.xmlsafe` (no entities, no network).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block
from .sniff import sniff_format

__all__ = ["read_blocks", "sniff_format", "FORMATS"]

#: The most text a file may hold: laws are well under 1 million characters; past this bound the
#: parse would take long for no real act (a damaged file, a chunk repeated by a broken export).
MAX_TEXT_CHARS = 8_000_000

FORMATS = ("text", "markdown", "docx", "html", "formex", "akn", "riigiteataja", "pdf")
# Other names users and file suffixes give the same formats.
FORMAT_ALIASES = {"txt": "text", "md": "markdown", "xhtml": "html", "htm": "html", "fmx": "formex", "fmx4": "formex",
                  "akomantoso": "akn", "akoma-ntoso": "akn", "rt": "riigiteataja"}


def read_blocks(path: str | Path, encoding: str | None = None, fmt: str | None = None,
                encoding_errors: str = "strict") -> list[Block]:
    """Read ``path`` into blocks. ``fmt`` overrides format detection; ``encoding`` is for text, and
    ``encoding_errors="replace"`` reads a damaged byte of a text file as "�" instead of refusing it.

    Raises :class:`UnreadableFile` with what to do for empty, binary, legacy ``.doc``, scanned
    (text-less) PDFs and undecodable text, and :class:`~concordance.errors.UnsafeXML` for XML declaring entities.
    A block may have empty ``text`` when its whole content is its ``number`` (a Word paragraph
    that holds only "Član 5", drawn by automatic numbering).
    """
    path = Path(path)
    if not path.exists():
        raise UnreadableFile("file not found.", where=str(path), todo="Check the path.")
    if path.is_dir():
        raise UnreadableFile("is a folder, not a file.", where=str(path), todo="Give the law's file.")
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableFile("the file is empty.", where=str(path),
                             todo="Give the file that holds the act's text.")
    fmt = FORMAT_ALIASES.get(fmt.lower(), fmt.lower()) if fmt else sniff_format(path, data)
    if fmt in ("text", "markdown"):
        from .text import read_text
        blocks = read_text(data, path, encoding=encoding, markdown=(fmt == "markdown"),
                           errors=encoding_errors)
    elif fmt == "docx":
        from .docx import read_docx
        blocks = read_docx(data, path)
    elif fmt == "html":
        from .html import read_html
        blocks = read_html(data, path)
    elif fmt == "formex":
        from .formex import read_formex
        blocks = read_formex(data, path)
    elif fmt == "akn":
        from .akn import read_akn
        blocks = read_akn(data, path)
    elif fmt == "riigiteataja":
        from .riigiteataja import read_riigiteataja
        blocks = read_riigiteataja(data, path)
    elif fmt == "pdf":
        from .pdf import read_pdf
        blocks = read_pdf(data, path)
    else:
        raise UnreadableFile(f"unknown format '{fmt}'.", where=str(path),
                             todo=f"Use one of: {', '.join(FORMATS)}.")
    chars = sum(len(b.text) for b in blocks)
    if chars > MAX_TEXT_CHARS:
        raise UnreadableFile(f"the file holds {chars / 1e6:.0f} million characters of text, more than the "
                             f"{MAX_TEXT_CHARS // 1_000_000} million any law has (the longest weapons law is well "
                             "under 1 million).", where=str(path),
                             todo="Check that it is the act's text; give the act alone, not a collection of files.")
    if not any(b.text.strip() for b in blocks):
        raise UnreadableFile("no text could be read from the file.", where=str(path),
                             todo="Check that it is the act's text and not an image or an empty template.")
    return blocks
