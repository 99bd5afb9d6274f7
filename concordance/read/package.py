"""ZIP packages from outside (Word .docx, Excel .xlsx): opened, unpacked and checked before any
library parses them, with refusals said in words.

Why a module of its own: python-docx and openpyxl report a damaged package with whatever the layer
underneath raised ("Error -3 while decompressing data", "Bad magic number", "negative seek value",
"[Errno 22] Invalid argument"). A lawyer can do nothing with those words, and some of those
exceptions (``zlib.error``) are not even caught by a reader that expects ``BadZipFile``. Reading
every member once here, with its size bounded, turns each of them into one :class:`UnreadableFile`
that names the damaged part and says what to do, and keeps zip bombs and entity declarations out.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from ..errors import UnreadableFile
from ..xmlsafe import refuse_entity_declarations

__all__ = ["read_package", "describe_zip_error"]


def describe_zip_error(exc: BaseException, member: str = "") -> str:
    """What an exception from unpacking a ZIP package means for the file, in words."""
    part = f"its part {member}" if member else "one of its parts"
    text = str(exc)
    if isinstance(exc, zlib.error) or "decompress" in text.lower() or "compressed data" in text.lower():
        return f"{part} is damaged: its compressed data cannot be unpacked (the file was cut or altered)"
    if "CRC" in text:
        return f"{part} is damaged: its content does not match the checksum stored in the file"
    if isinstance(exc, zipfile.BadZipFile) and "magic number" in text.lower():
        return "its table of contents points to places where no part starts (the file was cut or altered)"
    if isinstance(exc, zipfile.BadZipFile):
        return "its table of contents cannot be read (the file was cut or altered)"
    if isinstance(exc, (OSError, ValueError, EOFError)):
        return "its table of contents points outside the file (the file was cut or altered)"
    if isinstance(exc, NotImplementedError):
        return f"{part} is packed with a compression method Office does not use"
    return "its ZIP package cannot be read (the file was cut or altered)"


def read_package(data: bytes, where: str, *, what: str, todo: str, max_unpacked: int,
                 required: tuple[str, str] | None = None) -> dict[str, bytes]:
    """Every member of the ZIP package ``data`` by name, unpacked; refuse clearly what cannot be used.

    ``what`` names the document in messages ("the Word document"); ``max_unpacked`` bounds the sum of
    the members' sizes as the package declares them AND as they really unpack (a lying header does
    not get past); ``required`` is (member, what it is) that the package must have
    (``("word/document.xml", "Word document")``). XML members that declare
    entities are refused (:func:`~concordance.xmlsafe.refuse_entity_declarations`).
    """
    members: dict[str, bytes] = {}
    current = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if sum(i.file_size for i in infos) > max_unpacked:
                raise UnreadableFile(f"{what} unpacks to more than {max_unpacked // (1024 * 1024)} MB, which no "
                                     "law needs.", where=where,
                                     todo="Check the file; save the act's text alone as a new file.")
            if required is not None and required[0] not in {i.filename for i in infos}:
                raise UnreadableFile(f"the file is a ZIP package but has no {required[1]} inside ({required[0]}).",
                                     where=where, todo=todo)
            total = 0
            for info in infos:
                current = info.filename
                if info.is_dir():
                    continue
                with zf.open(info) as fh:
                    body = fh.read(max_unpacked - total + 1)
                total += len(body)
                if total > max_unpacked:
                    raise UnreadableFile(f"{what} unpacks to more than {max_unpacked // (1024 * 1024)} MB, which "
                                         "no law needs.", where=where,
                                         todo="Check the file; save the act's text alone as a new file.")
                if info.filename.endswith((".xml", ".rels")):
                    refuse_entity_declarations(body, f"{where} ({info.filename})")
                members[info.filename] = body
    except UnreadableFile:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError,
            NotImplementedError, KeyError) as exc:
        raise UnreadableFile(f"{what} is damaged: {describe_zip_error(exc, current)}.", where=where,
                             todo=todo) from None
    return members
