"""Decode text files in the encodings laws really come in: UTF-8, UTF-16, cp1250 (Latin-script
Balkan and Central European), cp1251 (Cyrillic), ISO 8859-2/-5."""
from __future__ import annotations

import codecs
from pathlib import Path

from ..errors import UnreadableFile

# Candidate single-byte encodings, in the order they are tried when a file is not UTF-8.
LEGACY_ENCODINGS = ("cp1250", "cp1251", "iso8859_2", "iso8859_5", "cp1252")

# Letters that must appear in real text of the region's languages in each script.
_LATIN_MARKERS = set("čćžšđČĆŽŠĐëçËÇěřůĚŘŮõäöüÕÄÖÜ")
_CYRILLIC = set(chr(c) for c in range(0x0400, 0x0460))


def decode_text(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Return the text of ``data``; raise :class:`UnreadableFile` saying which ``--encoding`` to give."""
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise UnreadableFile(f"'{encoding}' is not an encoding Python knows.", where=str(path),
                                 todo="Use e.g. utf-8, cp1250, cp1251 or utf-16.") from None
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"the file is not valid {encoding} (byte {exc.start}).", where=str(path),
                                 todo="Try --encoding utf-8, cp1250, cp1251 or utf-16.") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="strict")
    if data[1:200:2].count(0) > 50 or data[0:200:2].count(0) > 50:  # UTF-16 without BOM
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = _best_legacy(data)
    if best is None:
        raise UnreadableFile("the text encoding could not be recognised.", where=str(path),
                             todo="Save the file as UTF-8, or give its encoding with --encoding "
                                  "(cp1250 for Latin-script Windows files, cp1251 for Cyrillic, utf-16).")
    return data.decode(best)


def _best_legacy(data: bytes) -> str | None:
    """Pick the legacy encoding whose decoding looks most like the region's text.

    charset-normalizer guesses first; the guess is kept only when the decoded text contains the
    letters of a script we expect, else the candidates are scored by those letters.
    """
    scores: dict[str, int] = {}
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        cyr = sum(ch in _CYRILLIC for ch in text)
        lat = sum(ch in _LATIN_MARKERS for ch in text)
        odd = sum(ch in "ÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæèéêìíîïðñòóôöøùúûüýþÿ¤¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿" for ch in text)
        scores[enc] = max(cyr, lat) * 3 - odd
    if not scores:
        return None
    best = max(scores, key=lambda e: scores[e])
    return best if scores[best] > 0 else None
