"""Load the per-language drafting data in ``parse/lexicon/*.toml`` and compile its patterns.

Why data and not code: a working group that meets a new drafting style (a Kosovo regulation, a
Bosnian cantonal law) should be able to add or fix heading words without touching the parser.
One file per language or language-and-style (``sq-AL``, ``sq-XK``, ``de-EU``); adding a language is
adding a file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_DIR = Path(__file__).with_name("lexicon")


SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A number as laws print them: 5, 5a, 5-a, 1¹, 83¹⁰, 12a¹, Roman numbers are handled apart.
NUM = r"\d+(?:\s?[a-zа-ш](?![a-zа-шё]))?(?:[" + SUPERSCRIPT + r"]+)?"
ROMAN_NUM = r"[IVXLC]+(?![\w])"


@dataclass(frozen=True)
class Division:
    kind: str
    words: tuple[str, ...]
    number_first: bool
    pattern: re.Pattern
    ordinals: tuple[str, ...] = ()   # "първа", "PRVNÍ": the n-th word stands for n


@dataclass(frozen=True)
class Lexicon:
    code: str
    name: str
    script: str
    distinct_letters: str
    distinct_words: tuple[str, ...]
    article_words: tuple[str, ...]
    article_heading_same_line: bool
    article_dot: str                 # optional | never: "§ 22." in Czech text is a wrapped reference
    article_text_same_line: bool     # "Чл. 5. Текст": what follows the number is text, not a heading
    heading_below: bool
    headings_above: bool
    roman_chapters: bool
    numbered_sections: bool
    annex_words: tuple[str, ...]
    annex_part_words: tuple[str, ...]
    category_words: tuple[str, ...]
    divisions: tuple[Division, ...]
    paragraph_types: tuple[str, ...]
    point_types: tuple[str, ...]
    indent_marks: tuple[str, ...]
    unnumbered_paragraphs: bool
    sub_number: str
    citation: dict
    parse_words: dict
    definition_patterns: tuple[re.Pattern, ...]
    definition_contextual: tuple[re.Pattern, ...]
    definition_context: tuple[str, ...]
    preamble_start: tuple[re.Pattern, ...]
    recitals_after: tuple[re.Pattern, ...]
    enacting: tuple[re.Pattern, ...]
    signature: tuple[re.Pattern, ...]
    footnote: tuple[re.Pattern, ...]
    article_line: re.Pattern = field(repr=False, default=None)  # type: ignore[assignment]
    annex_line: re.Pattern = field(repr=False, default=None)  # type: ignore[assignment]
    annex_part_line: re.Pattern | None = field(repr=False, default=None)
    category_line: re.Pattern | None = field(repr=False, default=None)
    table_line: re.Pattern | None = field(repr=False, default=None)
    annex_sub_number: str = "superscript"
    annex_part_ordinals: dict = field(default_factory=dict)   # "PRVNÍ" -> "1"
    # line patterns of an annex laid out as divisions and decimal points (German "Anlage":
    # "Abschnitt 1:", "Unterabschnitt 2:", "1.2.1" alone on its line); empty: the general annex rules
    annex_layout: dict = field(default_factory=dict)
    # How an inserted paragraph or point number continues the number before it ("(1a)", "21a."):
    # a regex fragment after the digits, "" where the language inserts only with superscripts
    # ("(8¹)", which every language reads). Ids keep the inserted number: art_32__para_1a.
    inserted: str = ""
    # The same for article numbers where NUM does not read them ("член 12-а", "neni 12/1"), and the
    # article number pattern it makes (also what parse_citation reads after an article word).
    article_inserted: str = ""
    article_num: str = NUM
    # How the items of a list end but the last ("1. ...," "2. ..., und"): a line after a last item
    # that ends in "." is then not more of that item but the words after the list.
    list_item_ends: tuple[str, ...] = (";", ",", "; and", "; or", "; и", "; или")
    # A marker at the start of a line is no unit when the line before ends in a citation word
    # ("... písm." / "b) nosí", "(BGBl. I S." / "872) geändert", "vor dem" / "1. April 2008"),
    # or when what follows the marker is not the start of a unit ("1. April": a date).
    wrapped_citation: re.Pattern | None = None
    # "9. ... oder" then "10 entgegen ...": read a number whose dot the source lost as the next item
    number_without_dot: bool = False
    # plain texts whose headings under the number may run over two lines and whose first sentence
    # may stand where a heading would (Czech): see ParagraphRules.heading_lines
    heading_lines_run: bool = False
    not_a_unit_after_marker: re.Pattern | None = None
    # The heading of an amending act's transitional provisions carried after the last article of a
    # consolidated text ("Přechodná ustanovení zavedena zákonem č. 484/2008 Sb. Čl. II"); its
    # ``num`` group is the amending act's number. None where the language's texts have none.
    transitional_line: re.Pattern | None = None
    # Back matter of a consolidated text, after the last annex too: from a line matching
    # ``footnotes_from`` every line is a footnote, from ``notes_from`` a note (amendment history).
    footnotes_from: re.Pattern | None = None
    notes_from: re.Pattern | None = None
    # A provision whose whole own text (or heading) matches one of these is a repealed place-holder.
    repealed: tuple[re.Pattern, ...] = ()
    # An editor's note at the end of a heading in a consolidated text ("Konfiskeerimise kohaldamine
    # [RT I, 29.06.2018, 3 - jõust. 01.07.2018]"): not part of the heading, kept as a note.
    heading_note: re.Pattern | None = None
    # Citations of the act's own provisions: what, right after or right before "§ 5 Abs. 2", says
    # that the citation is of another act ("... des Strafgesetzbuches", "karistusseadustiku § 5").
    other_act_after: tuple[re.Pattern, ...] = ()
    other_act_before: tuple[re.Pattern, ...] = ()


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def available() -> list[str]:
    """Every lexicon code that has a file (``en``, ``mk``, ``sq-AL``, ...)."""
    return sorted(p.stem for p in LEXICON_DIR.glob("*.toml"))


@lru_cache(maxsize=None)
def _styles() -> dict[str, dict]:
    """code -> its [language] table (jurisdictions, default), read from every lexicon file."""
    out = {}
    for p in LEXICON_DIR.glob("*.toml"):
        out[p.stem] = tomllib.loads(p.read_text(encoding="utf-8")).get("language", {})
    return out


def resolve(lang: str, jurisdiction: str | None = None) -> str:
    """The lexicon file for a language code and (optionally) a jurisdiction.

    A file ``<lang>-<STYLE>.toml`` whose ``[language] jurisdictions`` lists the jurisdiction wins
    (``sq`` + ``XK`` -> ``sq-XK``; ``en`` + ``CZ`` -> ``en-CZ``, the English translation of a
    "§"-style law); a file marked ``default = true`` stands for the bare code (``sq`` -> ``sq-AL``).
    """
    lang = (lang or "").strip()
    styles = _styles()
    base = lang.split("-")[0].lower()
    if jurisdiction and "-" not in lang:
        for code, table in sorted(styles.items()):
            if code.split("-")[0] == base and jurisdiction.upper() in table.get("jurisdictions", ()):
                return code
    if lang in styles:
        return lang
    for c in styles:
        if c.lower() == lang.lower():
            return c
    if base in styles:
        return base
    for code, table in sorted(styles.items()):
        if code.split("-")[0] == base and table.get("default"):
            return code
    raise KeyError(lang)


@lru_cache(maxsize=None)
def load(lang: str, jurisdiction: str | None = None) -> Lexicon:
    """The compiled lexicon for ``lang`` (``KeyError`` if there is no file for it)."""
    code = resolve(lang, jurisdiction)
    data = tomllib.loads((LEXICON_DIR / f"{code}.toml").read_text(encoding="utf-8"))
    h = data["headings"]
    num = data["numbering"]
    comp = lambda pats: tuple(re.compile(p) for p in pats)  # noqa: E731
    divisions = []
    for d in data.get("divisions", []):
        words = tuple(d["words"])
        if d.get("number_first"):
            pat = re.compile(rf"^(?P<num>\d+[{SUPERSCRIPT}]*|[IVXLC]+)\.?\s*(?:{_alt(words)})\b\s*(?P<title>.*)$")
        else:
            ords = tuple(d.get("ordinals", ()))
            ord_alt = f"|{_alt(ords)}" if ords else ""
            pat = re.compile(rf"^(?:{_alt(words)})\s+(?P<num>[IVXLC]+|\d+[{SUPERSCRIPT}a-z]*|[A-Z]{ord_alt})(?!\w)\.?\s*[-–—:.]?\s*(?P<title>.*)$")
        divisions.append(Division(d["kind"], words, bool(d.get("number_first")), pat, tuple(d.get("ordinals", ()))))
    aw = tuple(h["article"])
    same = bool(h.get("article_heading_same_line"))
    ai = h.get("article_inserted", "")
    anum = rf"\d+(?:{ai})[{SUPERSCRIPT}]*|{NUM}" if ai else NUM
    if same:
        article_line = re.compile(
            rf"^(?P<word>{_alt(aw)})\s*(?P<num>{anum}|{ROMAN_NUM})(?P<dot>\.?)(?:\s+(?P<heading>\S.*))?$")
    else:
        # "Article 5", "Član 5.", "Article I"; a short act reference may follow ("Artikel 1 RL 2021/555/EU").
        article_line = re.compile(
            rf"^(?P<word>{_alt(aw)})\s*(?P<num>{anum}|{ROMAN_NUM})(?P<dot>\.?)"
            r"(?P<tail>\s+[A-ZА-Я]{1,6}\s?\(?[A-ZА-Я]{0,4}\)?\s?\d{1,4}/\d{1,4}[\w/]*)?\s*$")
    annex_words = tuple(h.get("annex", ()))
    annex_line = re.compile(
        rf"^(?P<word>{_alt(annex_words)})(?:\s+(?:No\.?\s*|nr\.?\s*|br\.?\s*|бр\.?\s*|č\.\s*)?(?P<num>[IVXLC]+|\d+|[A-Z])\b)?\.?\s*(?P<title>[-–—:]?\s*.*)$"
    ) if annex_words else re.compile(r"(?!)")
    apw = tuple(h.get("annex_part", ()))
    part_ords = {o: str(k + 1) for d in divisions if set(d.words) & set(apw) for k, o in enumerate(d.ordinals)}
    ord_alt = f"|{_alt(part_ords)}" if part_ords else ""
    annex_part_line = re.compile(
        rf"^(?:{_alt(apw)})\s+(?P<num>[IVXLC]+|\d+|[A-Z]{ord_alt})(?!\w)\.?\s*(?P<title>.*)$") if apw else None
    cw = tuple(h.get("category", ()))
    category_line = re.compile(rf"^(?:{_alt(cw)})\s+(?P<num>[A-DА-ДЦ]\d?)\b\s*(?P<title>.*)$") if cw else None
    tw = tuple(h.get("table", ()))
    table_line = re.compile(rf"^(?:{_alt(tw)})\s+(?P<num>[IVXLC]+|\d+)\b") if tw else None
    pre = data.get("preamble", {})
    end = data.get("end", {})
    return Lexicon(
        code=code,
        name=data["language"]["name"],
        script=data["language"].get("script", "latin"),
        distinct_letters=data["language"].get("distinct_letters", ""),
        distinct_words=tuple(w.lower() for w in data["language"].get("distinct_words", ())),
        article_words=aw,
        article_heading_same_line=same,
        article_dot=h.get("article_dot", "optional"),
        article_text_same_line=bool(h.get("article_text_same_line")),
        heading_below=bool(h.get("heading_below")),
        headings_above=bool(h.get("headings_above")),
        roman_chapters=bool(h.get("roman_chapters")),
        numbered_sections=bool(h.get("numbered_sections")),
        annex_words=annex_words,
        annex_part_words=apw,
        category_words=cw,
        divisions=tuple(divisions),
        paragraph_types=tuple(num.get("paragraph", ())),
        point_types=tuple(num.get("point", ())),
        indent_marks=tuple(num.get("indent", ())),
        unnumbered_paragraphs=bool(num.get("unnumbered_paragraphs")),
        sub_number=num.get("sub_number", "superscript"),
        citation=dict(data.get("citation", {})),
        parse_words={k: tuple(v) if isinstance(v, list) else v for k, v in data.get("parse", {}).items()},
        definition_patterns=comp(data.get("definitions", {}).get("patterns", ())),
        definition_contextual=comp(data.get("definitions", {}).get("contextual", ())),
        definition_context=tuple(w.lower() for w in data.get("definitions", {}).get("context", ())),
        preamble_start=comp(pre.get("start", ())),
        recitals_after=comp(pre.get("recitals_after", ())),
        enacting=comp(pre.get("enacting", ())),
        signature=comp(end.get("signature", ())),
        footnote=comp(end.get("footnote", ())),
        article_line=article_line,
        annex_line=annex_line,
        annex_part_line=annex_part_line,
        category_line=category_line,
        table_line=table_line,
        annex_part_ordinals=part_ords,
        annex_sub_number=num.get("annex_sub_number", num.get("sub_number", "superscript")),
        annex_layout={k: re.compile(v) for k, v in data.get("annex_layout", {}).items()},
        inserted=num.get("inserted", ""),
        number_without_dot=bool(num.get("number_without_dot")),
        footnotes_from=re.compile(end["footnotes_from"]) if end.get("footnotes_from") else None,
        notes_from=re.compile(end["notes_from"]) if end.get("notes_from") else None,
        transitional_line=re.compile(h["transitional"]) if h.get("transitional") else None,
        heading_lines_run=bool(h.get("heading_lines_run")),
        wrapped_citation=re.compile(num["wrapped_citation"]) if num.get("wrapped_citation") else None,
        not_a_unit_after_marker=re.compile(num["not_a_unit_after_marker"]) if num.get("not_a_unit_after_marker") else None,
        list_item_ends=tuple(num.get("list_item_ends", (";", ",", "; and", "; or", "; и", "; или"))),
        article_inserted=ai,
        article_num=anum,
        repealed=comp(data.get("repealed", {}).get("text", ())),
        heading_note=re.compile(h["amendment_note"]) if h.get("amendment_note") else None,
        other_act_after=comp(data.get("self_citation", {}).get("other_act_after", ())),
        other_act_before=comp(data.get("self_citation", {}).get("other_act_before", ())),
    )
