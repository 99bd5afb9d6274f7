"""Provision ids and citations: pure functions of the numbering, no parser state.

Ids follow the Akoma Ntoso naming convention: one ``prefix_value`` segment per level, levels joined
with ``__`` (``art_5__para_2__point_a__point_i``, ``annex_1__part_2__cat_A__point_6``). Articles are
not prefixed by their chapter (they are unique in an act); divisions nest (``chp_2__sec_1``), because
Balkan laws restart section numbers in each chapter.

Why pure functions: the same law parsed twice, from a .txt or a .docx, on two machines, must give
the same ids, or reviewers' decisions stop pointing at their provisions. A citation ("član 5. stav
2. tačka a)") is rendered from the id alone, in the act's language, so it can be recomputed for any
language without re-parsing; :func:`parse_citation` goes the other way for what reviewers type.
"""
from __future__ import annotations

import re
import unicodedata

from .lexicon import SUPERSCRIPT, load

__all__ = [
    "PREFIX", "num_key", "make_id", "split_id", "citation", "parse_citation",
    "roman_to_int", "int_to_roman", "dedupe",
]

#: id prefix of each provision kind (Akoma Ntoso eId prefixes where AKN has one).
PREFIX = {
    "preamble": "preamble", "recital": "recital", "part": "part", "chapter": "chp", "section": "sec",
    "subsection": "subsec", "article": "art", "paragraph": "para", "subparagraph": "subpara",
    "point": "point", "subpoint": "point", "indent": "indent", "annex": "annex", "annex_part": "part",
    "category": "cat", "table": "table", "definition": "def", "transitional": "trans",
}

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")

# Letters of Cyrillic point numbering ("а)", "б)") and their Latin form in ids.
_CYR2LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "ђ": "dj", "е": "e", "ж": "zh",
    "з": "z", "ѕ": "dz", "и": "i", "й": "y", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m",
    "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj", "ћ": "c",
    "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dzh", "ш": "sh", "щ": "sht", "ъ": "a",
    "ь": "y", "ю": "yu", "я": "ya",
}
_LAT2CYR = {
    "mk": {v: k for k, v in _CYR2LAT.items() if k in "абвгдѓежзѕијклљмнњопрстќуфхцчџш" and k != "ћ"},
    "sr": {v: k for k, v in _CYR2LAT.items() if k in "абвгдђежзијклљмнњопрстћуфхцчџш" and k != "ц"},
    "bg": {v: k for k, v in _CYR2LAT.items() if k in "абвгдежзийклмнопрстуфхцчшщъьюя" and k not in "ъь"},
}
_LAT2CYR["sr"]["c"] = "ц"
_SUP2DIG = {s: str(i) for i, s in enumerate(SUPERSCRIPT)}
_DIG2SUP = {str(i): s for i, s in enumerate(SUPERSCRIPT)}


def roman_to_int(s: str) -> int | None:
    """``"XIV"`` -> 14; None when ``s`` is not a well-formed Roman number."""
    s = s.strip().upper()
    if not s or not _ROMAN_RE.match(s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def int_to_roman(n: int) -> str:
    out = []
    for v, r in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                 (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(r)
            n -= v
    return "".join(out)


def num_key(num: str, *, roman: bool = False, keep_case: bool = False) -> str:
    """The id form of a printed number.

    ``"5"`` -> ``5``; ``"5a"``/``"5 a"``/``"5-a"`` -> ``5a``; ``"1¹"`` -> ``1_1``; ``"83¹⁰"`` ->
    ``83_10``; ``"1.4"`` -> ``1_4``; ``"б"`` -> ``b``; with ``roman=True`` ``"IV"`` -> ``4``.
    ``keep_case`` keeps capitals (categories: ``cat_A``).
    """
    s = unicodedata.normalize("NFC", str(num)).strip().strip("().§ ").replace(" ", "").replace("-", "")
    if roman:
        r = roman_to_int(s)
        if r is not None:
            return str(r)
    out = []
    in_sup = False
    for ch in s:
        if ch in _SUP2DIG:
            if not in_sup:
                out.append("_")
                in_sup = True
            out.append(_SUP2DIG[ch])
            continue
        in_sup = False
        if ch in "./":
            out.append("_")          # "1.4", and the Albanian inserted article "12/1"
        elif ch.lower() in _CYR2LAT:
            lat = _CYR2LAT[ch.lower()]
            out.append(lat.upper() if keep_case and ch.isupper() else lat)
        elif ch.isalnum() or ch == "_":
            out.append(ch if keep_case else ch.lower())
    return "".join(out).strip("_") or "0"


def make_id(*segments: tuple[str, str]) -> str:
    """Join ``(prefix, value)`` pairs: ``make_id(("art", "5"), ("para", "2"))`` -> ``art_5__para_2``."""
    return "__".join(f"{p}_{v}" if v else p for p, v in segments)


def split_id(pid: str) -> list[tuple[str, str]]:
    """Inverse of :func:`make_id`: ``art_5__para_2`` -> ``[("art", "5"), ("para", "2")]``."""
    out = []
    for seg in pid.split("__"):
        if "_" in seg:
            p, v = seg.split("_", 1)
        else:
            p, v = seg, ""
        out.append((p, v))
    return out


def dedupe(pid: str, used: set[str]) -> str:
    """``pid`` itself if unused, else ``pid_dup2``, ``pid_dup3``... (deterministic: by order)."""
    if pid not in used:
        return pid
    n = 2
    while f"{pid}_dup{n}" in used:
        n += 1
    return f"{pid}_dup{n}"


# ---------------------------------------------------------------------------------------------
# citations
# ---------------------------------------------------------------------------------------------
def _display(value: str, lex, *, kind: str, cyrillic: bool, in_annex: bool = False) -> str:
    dup = ""
    m = re.match(r"^(.*?)_dup(\d+)$", value)
    if m:
        value, dup = m.group(1), m.group(2)
    if kind == "trans":
        value = value.replace("_", "/")          # the amending act's number: "484/2008"
    elif kind == "art" and lex.article_inserted.startswith("/") and "_" in value:
        value = value.replace("_", "/")          # "neni 12/1"
    elif kind == "art" and cyrillic and lex.article_inserted.startswith("-") and re.fullmatch(r"\d+[a-z]", value):
        table = _LAT2CYR.get(lex.code.split("-")[0], _LAT2CYR["sr"])
        value = f"{value[:-1]}-{table.get(value[-1], value[-1])}"     # "член 12-а"
    elif "_" in value:
        head, *rest = value.split("_")
        if (lex.annex_sub_number if in_annex else lex.sub_number) == "decimal":
            value = ".".join([head, *rest])
        else:
            # superscript digits ("1¹"); a part with letters (an AKN "1.a") keeps its dot
            value = head + "".join("".join(_DIG2SUP[d] for d in r) if r.isdigit() else f".{r}" for r in rest)
    if cyrillic and value.isalpha() and value.islower() and kind in ("point", "subpoint"):
        table = _LAT2CYR.get(lex.code.split("-")[0], _LAT2CYR["sr"])
        value = table.get(value, value)
    return value + (f" [{dup}]" if dup else "")


#: Which citation template of a lexicon renders each id prefix (point and part depend on context).
_TEMPLATE_FOR_PREFIX = {
    "art": "article", "para": "paragraph", "subpara": "subparagraph", "indent": "indent",
    "annex": "annex", "cat": "category", "table": "table", "chp": "chapter", "sec": "section",
    "subsec": "subsection", "recital": "recital", "preamble": "preamble", "trans": "transitional",
}


def citation(pid: str, lang: str = "en", jurisdiction: str | None = None, script: str | None = None) -> str:
    """Render a provision id as a lawyer would cite it in ``lang``.

    ``art_5__para_2__point_a`` -> "Article 5(2)(a)" (en), "član 5. stav 2. tačka a)" (sr),
    "član 5 stav 2 tačka a)" (cnr), "член 5 став 2 точка а)" (mk), "чл. 5, ал. 2, т. а)" (bg),
    "§ 5 odst. 2 písm. a)" (cs), "neni 5, pika 2, shkronja a)" (sq, Albania).
    """
    try:
        lex = load(lang, jurisdiction)
    except KeyError:
        lex = load("en")
    cyr = (script == "cyrillic") if script else lex.script.split()[0] == "cyrillic"
    tpl = lex.citation
    segs = split_id(pid)
    in_annex = bool(segs) and segs[0][0] == "annex"
    point_depth = 0
    parts: list[str] = []
    prev_point = ""
    for prefix, value in segs:
        if prefix == "point":
            point_depth += 1
            key = "point_in_annex" if in_annex else ("point" if point_depth == 1 else "subpoint")
            if (in_annex and prev_point and "point_in_annex_decimal_whole" in tpl
                    and value.startswith(prev_point + "_") and parts):
                parts.pop()      # German "Nr. 1.2.1", not "Nr. 1 Nr. 1.2 Nr. 1.2.1": the number says it all
            prev_point = value
        elif prefix == "part":
            key = "annex_part" if in_annex else "part"
        elif prefix == "subsec" and in_annex and "subsection_in_annex" in tpl:
            key = "subsection_in_annex"
        else:
            key = _TEMPLATE_FOR_PREFIX.get(prefix, "")
        shown = _display(value, lex, kind="point" if prefix == "point" else prefix, cyrillic=cyr, in_annex=in_annex)
        if key in ("point", "subpoint", "point_in_annex"):
            plain = shown.split(" [")[0]
            if plain.replace(".", "").isdigit() and "point_numeric" in tpl and key != "point_in_annex":
                key = "point_numeric"
            elif plain.isalpha() and "point_letter" in tpl and key == "point":
                key = "point_letter"
            elif plain.isalpha() and plain.islower() and "point_letter_in_annex" in tpl and key == "point_in_annex":
                key = "point_letter_in_annex"
            elif key == "subpoint" and re.fullmatch(r"[ivxl]+", plain) and "subpoint_roman" in tpl:
                key = "subpoint_roman"
        template = tpl.get(key) or ("{n}" if not parts else " {n}")
        roman = shown
        if shown.isascii() and shown.isdigit():
            roman = int_to_roman(int(shown))
        text = template.replace("{n}", shown).replace("{R}", roman)
        if prefix in ("chp", "sec", "subsec", "part") and parts and not in_annex:
            text = ", " + text.lstrip(", ")
        parts.append(text)
    out = "".join(parts).strip().lstrip(",").strip()
    if cyr and lex.script.split()[0] == "latin" and "cyrillic" in lex.script.split():
        # Serbian written in Cyrillic: the same words, in the act's own script ("члан 5. став 2.")
        from ..language import to_cyrillic
        out = to_cyrillic(out, lex.code.split("-")[0])
    return out


# ---------------------------------------------------------------------------------------------
# parsing what people type
# ---------------------------------------------------------------------------------------------
def _words_re(words) -> str:
    alts = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return rf"(?<![\w§])(?:{alts})(?![\w])" if alts else r"(?!)"


_POINT_TOKEN = r"(?P<v>\d+(?:\.\d+)*[" + SUPERSCRIPT + r"]*|[a-zа-шѓќѕјљњџђћ]{1,4})\)?"


def _template_words(lex, *keys: str) -> tuple[str, ...]:
    """The level words of the lexicon's own citation forms (" podtačka {n})" -> "podtačka"), so
    that whatever :func:`citation` writes, :func:`parse_citation` reads back."""
    out = []
    for key in keys:
        word = lex.citation.get(key, "").split("{")[0].strip(" ,(")   # the words before the number
        if word and not any(ch.isdigit() for ch in word):
            out.append(word.lower())
    return tuple(out)


def parse_citation(text: str, lang: str = "en", jurisdiction: str | None = None) -> str | None:
    """Turn a typed citation into a provision id, or None when no article, annex or recital is named.

    Handles inflected level words ("člana 12 stav 2", "членот 12 ставот 2", "neni 12, pika 2"),
    abbreviations ("чл. 12 ст. 2", "Art. 5(2)(a)", "§ 5 odst. 2 písm. a)"), parenthesised
    chains, and every form :func:`citation` writes (sub-points, indents, subparagraphs, annex parts,
    categories and points, recitals). Superscript section numbers ("§ 1¹") give ``art_1_1``.
    """
    try:
        lex = load(lang, jurisdiction)
    except KeyError:
        lex = load("en")
    words = lex.parse_words
    low = unicodedata.normalize("NFC", text).strip().lower()
    if "cyrillic" in lex.script.split()[1:] and any("\u0400" <= c <= "\u04ff" for c in low):
        from ..language import to_latin
        low = to_latin(low).lower()
    point_words = tuple(words.get("point", ())) + _template_words(
        lex, "point", "point_letter", "point_numeric", "subpoint", "subpoint_roman")
    annex_words = tuple(words.get("annex", ())) + _template_words(lex, "annex")     # "příloha č."
    m = re.search(_words_re(annex_words) + r"\s*(?P<n>[ivxlc]+|\d+)\b", low)
    if m and not re.search(_words_re(words.get("article", ())), low[: m.start()]):
        original = unicodedata.normalize("NFC", text).strip()
        same_places = len(original) == len(low)        # lower() kept every position: case can be read
        return _annex_id(lex, m.group("n"), low[m.end():], original[m.end():] if same_places else "")
    m = re.search(_words_re(words.get("article", ())) + r"\s*(?P<n>" + lex.article_num + r")", low)
    if not m:
        rm = re.search(_words_re(_template_words(lex, "recital")) + r"\s*(?P<n>\d+)\b", low)
        return make_id(("recital", rm.group("n"))) if rm else None
    num, end = m.group("n"), m.end()
    if " " in num and (num.split()[-1] in {w.rstrip(".") for w in point_words + tuple(words.get("paragraph", ()))}
                       or low[end:end + 1].isalpha() or re.match(r"\s*\d", low[end:])):
        # "§ 7 p 4": "p" is the point word (Estonian), not "§ 7p"; "члан 41 и 42": "и" is "and"
        num = num.split()[0]          # "§ 7 p 4": "p" is the point word (Estonian), not "§ 7p"
        end = m.start("n") + len(num)
    segs: list[tuple[str, str]] = [("art", num_key(num))]
    rest = low[end:]
    # "subparagraph 2" (a number, not "(a)") is an unnumbered subparagraph of an EU paragraph;
    # "subparagraph (a)" in a treaty is a point, which the point words below handle.
    sub_re = re.compile(r"\s*,?\s*" + _words_re(words.get("subparagraph", ())) + r"\s*(?P<v>\d+)(?![\w)])")
    indent_re = re.compile(_words_re(_template_words(lex, "indent")) + r"\s*(?P<v>\d+)\b")
    if words.get("parenthesised"):
        chain = re.match(r"\s*((?:\(\s*[\w.]+\s*\))+)", rest)
        if chain:
            for tok in re.findall(r"\(\s*([\w.]+)\s*\)", chain.group(1)):
                if tok.isdigit() and len(segs) == 1:
                    segs.append(("para", tok))
                else:
                    segs.append(("point", num_key(tok)))
            after = rest[chain.end():]
            sm = sub_re.match(after)
            if sm and not any(k == "point" for k, _ in segs):
                segs.append(("subpara", sm.group("v")))
                after = after[sm.end():]
                tail = re.match(r"\s*((?:\(\s*[\w.]+\s*\))+)", after)
                if tail:
                    for tok in re.findall(r"\(\s*([\w.]+)\s*\)", tail.group(1)):
                        segs.append(("point", num_key(tok)))
                    after = after[tail.end():]
            im = indent_re.search(after)
            if im:
                segs.append(("indent", im.group("v")))
            return make_id(*segs)
    ins = f"(?:{lex.inserted})?" if lex.inserted else ""       # "Abs. 1a", "Nr. 21a"
    pm = re.search(_words_re(words.get("paragraph", ())) + r"\s*(?P<v>\d+" + ins + r"[" + SUPERSCRIPT + r"]*)", rest)
    if pm:
        segs.append(("para", num_key(pm.group("v"))))
        rest = rest[pm.end():]
    sm = sub_re.match(rest) if words.get("subparagraph") else None
    if sm:
        segs.append(("subpara", sm.group("v")))
        rest = rest[sm.end():]
    point_token = _POINT_TOKEN.replace(r"(?:\.\d+)*", r"(?:\.\d+)*" + ins, 1) if ins else _POINT_TOKEN
    for qm in re.finditer(_words_re(point_words) + r"\s*" + point_token, rest):
        v = qm.group("v")
        if lex.sub_number == "decimal" and "." in v:
            segs.append(("point", num_key(v)))
        else:
            segs.append(("point", num_key(v.rstrip("."))))
        rest = rest[qm.end():]
        if len([s for s in segs if s[0] == "point"]) >= 2:
            break
    im = indent_re.search(rest)
    if im:
        segs.append(("indent", im.group("v")))
    return make_id(*segs)


def _annex_id(lex, num: str, rest: str, cased: str = "") -> str:
    """"Annex I, Part II, Category A, point 6" -> ``annex_1__part_2__cat_A__point_6``; ``cased`` is
    ``rest`` as typed, so that a capital point letter ("Section II, point B") keeps its case."""
    segs: list[tuple[str, str]] = [("annex", num_key(num.upper(), roman=True))]
    offset = 0
    part_words = tuple(lex.parse_words.get("annex_part", ())) + _template_words(lex, "annex_part")
    pm = re.match(r"\s*,?\s*" + _words_re(part_words) + r"\s*(?P<v>[ivxlc]+|\d+)\b", rest)
    if pm:
        segs.append(("part", num_key(pm.group("v").upper(), roman=True)))
        rest, offset = rest[pm.end():], offset + pm.end()
    sm = re.match(r"\s*,?\s*" + _words_re(_template_words(lex, "subsection_in_annex")) + r"\s*(?P<v>\d+[a-z]?)\b", rest)
    if sm and len(segs) > 1:
        segs.append(("subsec", num_key(sm.group("v"))))
        rest, offset = rest[sm.end():], offset + sm.end()
    cm = re.match(r"\s*,?\s*" + _words_re(_template_words(lex, "category")) + r"\s*(?P<v>[a-dа-д]\d?)\b", rest)
    if cm:
        segs.append(("cat", num_key(cm.group("v").upper(), keep_case=True)))
        rest, offset = rest[cm.end():], offset + cm.end()
    qm = re.match(r"\s*,?\s*" + _words_re(_template_words(lex, "point_in_annex", "point_letter_in_annex"))
                  + r"\s*" + _POINT_TOKEN, rest)
    if qm:
        value = qm.group("v").rstrip(".")
        typed = cased[offset + qm.start("v"): offset + qm.start("v") + len(value)] if cased else ""
        capital = len(typed) == 1 and typed.isupper()
        segs.append(("point", num_key(typed if capital else value, keep_case=capital)))
    return make_id(*segs)
