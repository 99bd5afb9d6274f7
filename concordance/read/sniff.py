"""Which reader a file needs, from its first bytes first and its name second (names lie)."""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from ..xmlsafe import parse_xml
from .encoding import _utf16_without_bom

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path, data: bytes) -> str:
    """Return one of ``text markdown docx html formex akn riigiteataja pdf`` or raise UnreadableFile."""
    head = data[:4096]
    suffix = path.suffix.lower()
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head[: len(head) // 2 * 2]) is not None
    if head.startswith(_OLE_MAGIC) and "EncryptedPackage".encode("utf-16-le") in data:
        raise UnreadableFile("this Word document is password-protected (encrypted), so its text cannot be read.",
                             where=str(path),
                             todo="Open it in Word with the password, remove the password (File > Info > Protect "
                                  "Document > Encrypt with Password: clear it), save it as .docx and give that file.")
    if head.startswith(_OLE_MAGIC):
        raise UnreadableFile(
            "this is an old binary Word (.doc) or Excel (.xls) file, which cannot be read reliably.",
            where=str(path),
            todo="Open it in Word or LibreOffice and save it as .docx (Word document), then give the .docx.")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"{\\rtf"):
        raise UnreadableFile("this is a Rich Text Format (.rtf) file, which is not read directly.", where=str(path),
                             todo="Open it in Word or LibreOffice and save it as .docx, then give the .docx.")
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:200000] or suffix == ".docx":
            return "docx"
        if b"application/vnd.oasis.opendocument" in head[:200]:
            raise UnreadableFile("this is an OpenDocument file (.odt), which is not read directly.", where=str(path),
                                 todo="Open it in LibreOffice and save it as .docx (File > Save As > Word 2007-365), "
                                      "then give the .docx.")
        if b"xl/" in data[:200000]:
            raise UnreadableFile("this is an Excel workbook, not the text of an act.", where=str(path),
                                 todo="Give the act itself as .docx, .pdf, .html, .xml or .txt.")
        raise UnreadableFile("this is a ZIP archive but not a Word .docx document.", where=str(path),
                             todo="Give the act as .docx, .pdf, .html, .xml or .txt.")
    if utf16:  # look at UTF-16 markup as if it were UTF-8 (the XML parsers read the real bytes)
        head = head[: len(head) // 2 * 2].decode("utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else
                                               ("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"),
                                               errors="ignore").encode("utf-8")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = stripped[:2000].lower()
    if stripped.startswith(b"<") or suffix in (".xml", ".html", ".htm", ".xhtml", ".fmx", ".fmx4"):
        if b"akomantoso" in lower or b"<akn:" in lower:
            return "akn"
        if b"<oigusakt" in lower or b"tyviseadus" in lower:
            return "riigiteataja"
        if b"<html" in lower or b"xhtml" in lower or b"<!doctype html" in lower or suffix in (".html", ".htm", ".xhtml"):
            return "html"
        if any(tag in stripped[:4000] for tag in (b"<ACT", b"<CONS.ACT", b"<FORMEX", b"<DOC")) or suffix in (".fmx", ".fmx4"):
            return "formex"
        if suffix == ".xml":
            if b"<ARTICLE" in data:
                return "formex"
            # An .xml file that is neither Formex nor AKN nor HTML: say first if it is broken XML
            # (a truncated download), rather than reading it as HTML and finding no text.
            if not stripped.startswith(b"<html"):
                parse_xml(data, where=str(path))
            return "html"
    if utf16:
        return "markdown" if suffix in (".md", ".markdown") else "text"
    if _looks_binary(head):
        raise UnreadableFile("the file is binary, not text, and no reader knows its format.", where=str(path),
                             todo="Give the act as .docx, .pdf, .html, Formex/Akoma Ntoso .xml or .txt.")
    return "markdown" if suffix in (".md", ".markdown") else "text"


def _looks_binary(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return b"\x00" in head or controls > len(head) * 0.05
