"""Language layer: one comparable form for text written in any supported language or script.

WHY: the matcher compares a Macedonian (Cyrillic), Montenegrin (Latin) or Albanian article with an
English directive. Before any comparison, text must lose what does not carry meaning across the
languages: case, script, diacritics, inflection, punctuation and function words. Everything
language-specific is data in ``concordance/lang/*.toml`` (transliteration tables, stop words).

Public functions
----------------
``normalise(text, lang)``   NFC, lowercase, Cyrillic -> Latin, diacritics folded, punctuation -> space.
``tokens(text, lang)``      normalised tokens, lemmatised with simplemma where it knows the language,
                            stop words removed, numbers kept.
``stem(token)``             light suffix strip + truncation, for languages/words without a lemma.
``to_latin(text)``          Cyrillic -> Latin for display (Serbian Gaj, Macedonian official, Bulgarian
                            scientific transliteration), diacritics kept.
``to_cyrillic(text, lang)`` Serbian/Montenegrin/Bosnian or Macedonian Latin -> Cyrillic (digraphs lj,
                            nj, dž; mk also dz, gj, kj), for rendering Cyrillic forms of citations.
``detect_script(text)``     "latin" or "cyrillic" (whichever has more letters).

Folding choices (documented here because matching depends on them):
* đ -> "dj" (Montenegrin laws write both "đelove" and "djelove"); ć -> "c"; č -> "c"; ž -> "z"; š -> "s".
* Macedonian ѓ -> ǵ -> "dj" and ќ -> ḱ -> "c": they are the cognates of Serbian đ / ć
  (граѓани = građani -> "gradjani"), so the two languages meet after normalisation.
* Bulgarian ъ -> ă -> "a", щ -> "st" (scientific transliteration, folded).

Languages: ``en sq sr bs hr cnr mk bg cs et de`` (``me`` is accepted as an alias of ``cnr``).
simplemma 2.x lemmatises en, sq, mk, bg, cs, et, de, and Serbo-Croatian as one language ("hbs",
Latin script) — used for sr, bs, hr and cnr. Serbian Cyrillic is latinised (with diacritics) before the
hbs lemmatiser sees it; Macedonian and Bulgarian are lemmatised in Cyrillic, as their dictionaries
are Cyrillic. Lemmas are cached per (token, language), so re-tokenising a law is dictionary look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal

import tomllib

import simplemma

__all__ = [
    "SUPPORTED_LANGUAGES",
    "LEMMATISER_LANGUAGE",
    "normalise",
    "tokens",
    "stem",
    "to_latin",
    "to_cyrillic",
    "detect_script",
    "canonical_lang",
    "is_stop_word",
    "strip_invisible",
]

_DATA = Path(__file__).with_name("lang")

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "sq", "sr", "bs", "hr", "cnr", "mk", "bg", "cs", "et", "de")

#: Which simplemma dictionary lemmatises each language (all supported ones have one).
LEMMATISER_LANGUAGE: dict[str, str] = {
    "en": "en", "sq": "sq", "sr": "hbs", "bs": "hbs", "hr": "hbs", "cnr": "hbs",
    "mk": "mk", "bg": "bg", "cs": "cs", "et": "et", "de": "de",
}
#: Script of each lemmatiser dictionary: a token in the other script is not looked up.
_LEMMATISER_SCRIPT = {"mk": "cyrillic", "bg": "cyrillic"}
#: Languages sharing one stop-word list.
_STOP_LIST = {"sr": "hbs", "bs": "hbs", "hr": "hbs", "cnr": "hbs"}
_ALIASES = {"me": "cnr", "srp": "sr", "hbs": "sr", "sh": "sr", "mac": "mk", "alb": "sq", "sqi": "sq",
            "mkd": "mk", "eng": "en", "deu": "de", "ger": "de", "ces": "cs", "cze": "cs", "est": "et",
            "bul": "bg", "hrv": "hr", "bos": "bs", "srp-latn": "sr", "sr-latn": "sr", "sr-cyrl": "sr"}


def canonical_lang(lang: str | None) -> str | None:
    """Lowercase ISO code, with common aliases (``me`` -> ``cnr``, ``sr-Cyrl`` -> ``sr``)."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-")
    code = _ALIASES.get(code, code)
    if code not in SUPPORTED_LANGUAGES and "-" in code:
        code = _ALIASES.get(code.split("-")[0], code.split("-")[0])
    return code


# --------------------------------------------------------------------------- data loading

def _load(name: str) -> dict:
    with open(_DATA / name, "rb") as fh:
        return tomllib.load(fh)


_SCRIPT = _load("script.toml")
_CYR2LAT: dict[str, str] = _SCRIPT["cyrillic_to_latin"]
_FOLD: dict[str, str] = _SCRIPT["fold"]

# Uppercase entries derived from the lowercase table; a digraph's case is decided per occurrence.
_CYR2LAT_ALL: dict[str, str] = dict(_CYR2LAT)
for _c, _l in _CYR2LAT.items():
    _CYR2LAT_ALL.setdefault(_c.upper(), _l[:1].upper() + _l[1:])
_FOLD_TABLE = str.maketrans(_FOLD)

_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")
#: A word: letters/digits, with combining marks allowed inside (Montenegrin "с́" has no precomposed form).
_WORD_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
_NON_WORD_RE = re.compile(r"[\W_]+")
#: Invisible characters PDF and Word text carries inside words (soft hyphen, zero-width joiners, BOM).
_INVISIBLE_RE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_COMBINING_RE = re.compile(r"[\u0300-\u036f]")


def strip_invisible(text: str) -> str:
    """Remove soft hyphens and zero-width characters, which split words in extracted PDF text."""
    return _INVISIBLE_RE.sub("", text)


def detect_script(text: str) -> Literal["latin", "cyrillic"]:
    """Return the script with more letters in ``text`` (ties and letterless text: "latin")."""
    cyr = len(_CYRILLIC_RE.findall(text))
    lat = len(_LATIN_LETTER_RE.findall(text))
    return "cyrillic" if cyr > lat else "latin"


# --------------------------------------------------------------------------- Cyrillic -> Latin

def _latin_letter(text: str, i: int) -> str:
    ch = text[i]
    lat = _CYR2LAT_ALL.get(ch)
    if lat is None:
        return ch
    if len(lat) > 1 and ch.isupper():
        # Љ in "ЉУБЉАНА" is "LJ", in "Љубљана" it is "Lj": look at the neighbouring letters.
        nxt = text[i + 1] if i + 1 < len(text) else ""
        prv = text[i - 1] if i > 0 else ""
        if (nxt.isalpha() and nxt.isupper()) or (not (nxt.isalpha()) and prv.isalpha() and prv.isupper()):
            return lat.upper()
    return lat


def to_latin(text: str) -> str:
    """Cyrillic letters to Latin, keeping diacritics (Serbian "Оружје" -> "Oružje", Macedonian
    "граѓанин" -> "graǵanin", Bulgarian "щит" -> "štit"). Non-Cyrillic text is returned unchanged.

    One table serves Serbian, Montenegrin, Bosnian, Macedonian and Bulgarian because their letters
    that differ never collide (see ``lang/script.toml``)."""
    if not _CYRILLIC_RE.search(text):
        return text
    out = [_latin_letter(text, i) if "\u0400" <= ch <= "\u04ff" else ch for i, ch in enumerate(text)]
    return unicodedata.normalize("NFC", "".join(out))


# --------------------------------------------------------------------------- Latin -> Cyrillic

def _cyr_table(lang: str) -> tuple[dict[str, str], list[str], dict[str, str]]:
    key = "mk" if lang == "mk" else "sr"
    table = _SCRIPT["latin_to_cyrillic"][key]
    keys = sorted(table, key=len, reverse=True)
    return table, keys, _SCRIPT["digraph_exceptions"].get(key, {})


_LAT2CYR = {lang: _cyr_table(lang) for lang in ("sr", "mk")}
_ROMAN_RE = re.compile(r"^(?=[MDCLXVI]{2,}$)M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_FOREIGN_RE = re.compile(r"[qwxyQWXY]")


def _cyr_case(cyr: str, src: str) -> str:
    return cyr.upper() if src[:1].isupper() else cyr


def _word_to_cyrillic(word: str, table: dict[str, str], keys: list[str], exceptions: dict[str, str]) -> str:
    # Roman numerals (II, XIV) and foreign words (with q, w, x, y) stay Latin: "GLAVA III" -> "ГЛАВА III".
    if _ROMAN_RE.match(word) or _FOREIGN_RE.search(word):
        return word
    lower = word.lower()
    out: list[str] = []
    i = 0
    for prefix, cyr in exceptions.items():
        if lower.startswith(prefix) and len(lower) > len(prefix):
            # the exception prefix is converted letter by letter, case copied letter by letter
            out.extend(c.upper() if word[k].isupper() else c for k, c in enumerate(cyr))
            i = len(prefix)
            break
    n = len(word)
    while i < n:
        for key in keys:
            if lower.startswith(key, i):
                out.append(_cyr_case(table[key], word[i:i + len(key)]))
                i += len(key)
                break
        else:
            out.append(word[i])
            i += 1
    return "".join(out)


def to_cyrillic(text: str, lang: str = "sr") -> str:
    """Latin to Cyrillic for Serbian/Montenegrin/Bosnian (``sr``, ``cnr``, ``bs``) or Macedonian (``mk``).

    Digraphs lj, nj, dž become љ, њ, џ (mk also dz -> ѕ, gj/ǵ -> ѓ, kj/ḱ -> ќ), except at word
    beginnings listed in ``lang/script.toml`` (nad-živjeti, injekcija, mk nad-zor). Roman numerals
    and words with q/w/x/y stay Latin. ``to_latin(to_cyrillic(s))`` gives back ``s`` for Serbian
    Latin text."""
    code = canonical_lang(lang) or "sr"
    if code not in ("sr", "cnr", "bs", "mk"):
        raise ValueError(f"to_cyrillic: no Cyrillic alphabet for language {lang!r} (use sr, cnr, bs or mk)")
    table, keys, exceptions = _LAT2CYR["mk" if code == "mk" else "sr"]
    text = unicodedata.normalize("NFC", text)
    return _WORD_RE.sub(lambda m: _word_to_cyrillic(m.group(0), table, keys, exceptions), text)


# --------------------------------------------------------------------------- normalisation

def _fold(text: str) -> str:
    """Lowercase Latin text -> ASCII-ish comparison form (đ -> dj, č -> c, ë -> e, ß -> ss)."""
    text = text.translate(_FOLD_TABLE)
    text = unicodedata.normalize("NFD", text)
    text = _COMBINING_RE.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalise(text: str, lang: str | None = None) -> str:
    """Comparison form of ``text``: NFC, lowercase, Cyrillic -> Latin, diacritics folded,
    punctuation and symbols -> single spaces, trimmed.

    The result is the same for every language (``lang`` is accepted so that callers can pass it
    uniformly): that is what makes Serbian "оружје", Montenegrin "oružje" and Macedonian "оружје"
    all become "oruzje"."""
    del lang  # one folding for all languages, on purpose (see module docstring)
    text = unicodedata.normalize("NFC", strip_invisible(text)).lower()
    text = _fold(to_latin(text))
    return _NON_WORD_RE.sub(" ", text).strip()


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    lists = _load("stopwords.toml")
    words = lists.get(_STOP_LIST.get(lang, lang), [])
    return frozenset(normalise(w) for w in words)


def is_stop_word(token: str, lang: str) -> bool:
    """Is the (raw or normalised) ``token`` a function word of ``lang``?"""
    code = canonical_lang(lang) or ""
    return normalise(token) in _stop_words(code)


@lru_cache(maxsize=400_000)
def _token_form(raw: str, lang: str) -> str | None:
    """Normalised lemma of one raw token, or None for a stop word. Cached: laws repeat words."""
    if raw.isdigit():
        return raw
    surface = _fold(to_latin(raw.lower()))
    if len(raw) == 1 and raw.isupper():
        # A capital single letter is a category or point letter ("категорија А", "category B"),
        # not the conjunction "a"/"а" that the stop lists remove.
        return surface
    stops = _stop_words(lang)
    if surface in stops:
        return None
    lemma_lang = LEMMATISER_LANGUAGE.get(lang)
    lemma = raw
    if lemma_lang is not None:
        word = raw.lower()  # every simplemma dictionary (German included) finds lowercase forms
        script = detect_script(word)
        wanted = _LEMMATISER_SCRIPT.get(lemma_lang, "latin")
        if script != wanted and lemma_lang == "hbs":
            word = to_latin(word)  # Serbian Cyrillic -> Gaj Latin, diacritics kept for the dictionary
            script = "latin"
        if script == wanted:
            try:
                lemma = simplemma.lemmatize(word, lang=lemma_lang)
            except ValueError:  # pragma: no cover - unsupported in an older simplemma
                lemma = word
    form = _fold(to_latin(lemma.lower()))
    form = _NON_WORD_RE.sub("", form) or surface
    if form in stops:
        return None
    return form


def tokens(text: str, lang: str | None) -> list[str]:
    """Normalised, lemmatised content tokens of ``text`` in order (numbers kept, stop words out).

    "Оружјето од категорија А" (mk) -> ["oruzje", "kategorija", "a"]. For a language without a
    lemmatiser or stop list the tokens are just normalised."""
    code = canonical_lang(lang) or ""
    text = unicodedata.normalize("NFC", strip_invisible(text))
    out: list[str] = []
    for raw in _WORD_RE.findall(text):
        form = _token_form(raw, code)
        if form:
            out.append(form)
    return out


# --------------------------------------------------------------------------- light stemming

# Inflectional endings of the Slavic languages and Albanian (folded), longest first. One ending is
# removed, then one final vowel ("oruzjeto" -> "oruzje" -> "oruzj"); at least four letters are kept,
# so the stem is a prefix of the word. "ja" is deliberately absent ("oruzja" must give "oruzj").
_RAW_SUFFIXES = {
    # South Slavic noun/adjective cases, Macedonian/Bulgarian articles
    "ovima", "evima", "ijama", "ovog", "ovom", "ovih", "ima", "ama", "ama", "om", "em", "og", "eg",
    "ih", "im", "oj", "ej", "ov", "ev", "ot", "ta", "to", "te", "ite", "ata",
    "a", "e", "i", "o", "u",
    # Albanian definite/case endings
    "ve", "it", "in", "es", "ës", "ën", "së", "ët", "eve", "ave", "ës", "t",
    # Czech, Estonian frequent endings
    "ami", "ech", "ých", "ého", "ému", "ým", "ou", "id", "ide", "iga", "ile", "ist",
}
_SUFFIXES = tuple(sorted({_fold(s) for s in _RAW_SUFFIXES}, key=len, reverse=True))
_VOWELS = ("a", "e", "i", "o", "u")
_STEM_LENGTH = 6
_MIN_ROOT = 4


def stem(token: str, length: int = _STEM_LENGTH) -> str:
    """A light stem for inflected words when no lemma is known: normalise, strip one common
    inflectional ending and then one final vowel (keeping at least 4 letters), cut to ``length`` (6).

    "vatrenog", "vatreno" -> "vatren"; "оружјето", "oružja", "oružjem" -> "oruzj"; "дозволата",
    "dozvole" -> "dozvol". Meant for equality tests between forms of one word, not for display;
    numbers are returned unchanged."""
    form = normalise(token).replace(" ", "")
    if form.isdigit():
        return form
    for suffixes in (_SUFFIXES, _VOWELS):
        for suffix in suffixes:
            if form.endswith(suffix) and len(form) - len(suffix) >= _MIN_ROOT:
                form = form[: -len(suffix)]
                break
    return form[:length]
