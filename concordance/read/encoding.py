"""Decode text files in the encodings laws really come in: UTF-8, UTF-16, cp1250 (Latin-script
Balkan and Central European Windows files), cp1251 (Cyrillic), ISO 8859-2/-5, cp1252.

Single-byte encodings cannot be told apart by validity (every byte decodes), so each candidate
decoding is judged by what real legal text in the region looks like: words in ONE script, letters
of the region's alphabets (č ć đ š ž ë ç, Cyrillic љ њ ќ ѓ ...), no control characters, no
camel-case Cyrillic. The wrong code page gives mixed-script words ("oru\u045bja") or mixed-case
ones ("ОбРЕ"), which is easy to see. When no candidate is clearly right the user is told which
``--encoding`` values to try instead of getting garbled text.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from ..errors import UnreadableFile

# Candidate single-byte encodings, in order of preference when two decode identically.
LEGACY_ENCODINGS = ("cp1250", "cp1251", "iso8859_2", "iso8859_5", "cp1252")

# Latin letters beyond ASCII that the supported languages use (sr/hr/bs/cnr, sq, cs, et, de, mk/sr
# transliteration). Letters outside it (è, æ, ð, ą, ľ ...) are what a wrong Latin code page produces.
REGION_LATIN = set("čćžšđČĆŽŠĐëçËÇěřůňťďĚŘŮŇŤĎáéíóúýÁÉÍÓÚÝõäöüÕÄÖÜß")
# Cyrillic letters of Russian/Ukrainian/Belarusian only: never in Serbian, Macedonian or Bulgarian,
# but frequent when cp1251 bytes are read as ISO 8859-5 ("с" becomes "ё").
FOREIGN_CYRILLIC = set("ёыэїієўґЁЫЭЇІЄЎҐ")
_WORD = re.compile(r"[^\W\d_]+")
_TODO = ("Save the file as UTF-8 (in Notepad: Save as > Encoding UTF-8), or give its encoding with --encoding: "
         "cp1250 for Latin-script Windows files (Serbian/Croatian/Bosnian/Montenegrin/Albanian/Czech), "
         "cp1251 for Cyrillic (Serbian, Macedonian, Bulgarian), utf-16 for 'Unicode' files from Word.")


#: Bytes of a file the encoding is judged on (its start, middle and end): the code page of a law
#: shows in any few pages of it, and judging a 20 MB file character by character took 15 s.
SAMPLE_BYTES = 256 * 1024


def _sample(data: bytes) -> bytes:
    """The start, the middle and the end of ``data`` (all of it when it is small)."""
    if len(data) <= 3 * SAMPLE_BYTES:
        return data
    mid = len(data) // 2
    return data[:SAMPLE_BYTES] + b"\n" + data[mid:mid + SAMPLE_BYTES] + b"\n" + data[-SAMPLE_BYTES:]


#: What ``--encoding-errors`` accepts: ``strict`` refuses a damaged byte, ``replace`` reads it as "�".
ENCODING_ERRORS = ("strict", "replace")


def decode_text(data: bytes, path: Path, encoding: str | None = None, errors: str = "strict") -> str:
    """Return the text of ``data``; raise :class:`UnreadableFile` saying which ``--encoding`` to give.

    ``errors="replace"`` reads bytes that are not valid in the file's encoding as "�" instead of
    refusing the file (the user asked for it with ``--encoding-errors replace``)."""
    where = str(path)
    if errors not in ENCODING_ERRORS:
        raise UnreadableFile(f"'{errors}' is not a way to treat damaged bytes.", where=where,
                             todo=f"Use --encoding-errors {' or '.join(ENCODING_ERRORS)}.")
    if encoding:
        try:
            return data.decode(encoding, errors)
        except LookupError:
            raise UnreadableFile(f"'{encoding}' is not an encoding Python knows.", where=where,
                                 todo="Use e.g. utf-8, cp1250, cp1251 or utf-16.") from None
        except UnicodeDecodeError as exc:
            raise UnreadableFile(f"the file is not valid {encoding} (byte {exc.start}).", where=where,
                                 todo="Try --encoding utf-8, cp1250, cp1251 or utf-16.") from None
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                if errors == "replace":
                    return data.decode(enc, errors)
                raise UnreadableFile(f"the file starts like {enc} but is damaged {_place(data, exc.start)}.",
                                     where=where, todo=_TODO_DAMAGED) from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            if errors == "replace":
                return data.decode("utf-8", errors)
            if exc.end >= len(data) and exc.reason == "unexpected end of data":
                raise UnreadableFile(f"the file ends in the middle of a character {_place(data, exc.start)}: it "
                                     "was cut short.", where=where, todo=_TODO_CUT) from None
            raise UnreadableFile(f"the file is UTF-8 but has a byte that is not valid UTF-8 {_place(data, exc.start)}.",
                                 where=where, todo=_TODO_DAMAGED) from None
    best = best_legacy_encoding(data)
    try:
        if best is not None:
            return data.decode(best)
    except UnicodeDecodeError:   # a multi-byte guess that fits the sample but not the whole file
        pass
    raise UnreadableFile("the text encoding could not be recognised (it is not UTF-8 and no Windows or ISO "
                         "code page gives plausible text).", where=where, todo=_TODO)


_TODO_DAMAGED = ("Fix or remove that byte (an editor that shows invalid characters, or a fresh copy from the "
                 "source), or give --encoding-errors replace to read it as '\ufffd' and go on.")


_TODO_CUT = ("Get a complete copy of the file, or give --encoding-errors replace to read the cut character as "
             "'\ufffd' and go on.")


def _place(data: bytes, offset: int) -> str:
    """Where byte ``offset`` is, as a user finds it: the byte offset and the line number."""
    line = data.count(b"\n", 0, offset) + 1
    return f"at byte {offset:,} (line {line})"


def _mostly_utf8(data: bytes) -> bool:
    """The file is UTF-8 with a few damaged bytes, not a file in another encoding: it has valid
    multi-byte UTF-8 characters and far fewer invalid bytes than valid ones (a cp1250 file has
    almost no valid multi-byte sequences). A file with no valid multi-byte character at all is
    left to the code-page guess: one byte above 127 in ASCII text may well be a cp1250 "č"."""
    data = _sample(data)
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.decode("utf-8", "ignore").count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    return good > 0 and good >= 10 * bad


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 files without a byte-order mark: ASCII-range characters leave every other byte zero.
    Accepted only if the result is overwhelmingly European script, so binary junk with many zero
    bytes is not mistaken for (Chinese-looking) text."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_zero = sample[1::2].count(0) / max(1, len(sample[1::2]))
    for share, enc in ((odd_zero, "utf-16-le"), (even_zero, "utf-16-be")):
        if share > 0.3:
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            head = text[:2000]
            european = sum(1 for c in head if c <= "\u052f" or "\u2000" <= c <= "\u206f")
            controls = sum(1 for c in head if c < " " and c not in "\r\n\t\f")
            if head and european / len(head) > 0.95 and controls / len(head) < 0.01:
                return text
    return None


def plausibility(text: str) -> float:
    """How much ``text`` looks like the region's legal text (higher is better; see module doc)."""
    score = 0.0
    for ch in text:
        if ch in "\r\n\t":
            continue
        cat = unicodedata.category(ch)
        if cat == "Cc" or cat == "Co" or cat == "Cn":
            score -= 10
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        has_cyr = any("\u0400" <= c <= "\u04ff" for c in word)
        has_lat = any(c.isascii() or ("\u00c0" <= c <= "\u024f") for c in word)
        if has_cyr and has_lat:
            score -= 5                    # "oruћja": a Latin word read with the Cyrillic code page
        elif has_cyr:
            body = word[1:]
            if any(a.islower() and b.isupper() for a, b in zip(body, body[1:])) or FOREIGN_CYRILLIC & set(word):
                score -= 3                # "ОбРЕ", "ёь№ђђр": Cyrillic read with the wrong Cyrillic code page
            else:
                score += 1
        else:
            odd = sum(1 for c in word if not c.isascii() and c not in REGION_LATIN)
            score += 1 if odd == 0 else -2 * odd
    return score


def best_legacy_encoding(data: bytes) -> str | None:
    """The single-byte encoding whose decoding is most plausible, or None if none is.

    charset-normalizer is asked only when none of the region's code pages gives plausible text
    (its guess then still has to pass :func:`plausibility`). Judged on a sample of a long file.
    """
    data = _sample(data)
    scores: dict[str, float] = {}
    for enc in LEGACY_ENCODINGS:
        try:
            scores[enc] = plausibility(data.decode(enc))
        except UnicodeDecodeError:
            continue
    if scores:
        best = max(scores, key=lambda e: (scores[e], -LEGACY_ENCODINGS.index(e)))
        if scores[best] > 0:
            return best
    try:
        from charset_normalizer import from_bytes
        guess = from_bytes(data).best()
    except Exception:  # the guesser is a help, never a reason to fail
        guess = None
    if guess is not None and guess.encoding:
        try:
            if plausibility(data.decode(guess.encoding, "ignore")) > 0:
                return guess.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    return None
