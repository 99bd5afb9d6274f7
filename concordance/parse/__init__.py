"""Blocks -> :class:`~concordance.model.Act`: the provision tree with stable ids and citations.

Entry points:

* :func:`parse_act` — blocks from a reader plus metadata -> Act (coverage, definitions, warnings);
* :func:`parse_file` — a file path -> Act, metadata from the ``act.toml`` beside the file
  (:func:`concordance.catalogue.acts.meta_for`) or inferred from the file name and text.

A parse never returns a silently empty tree: no article found raises :class:`NoStructure`
naming the heading words tried; every character not placed in a provision or a recorded
non-provision shows in ``Act.coverage``.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..catalogue.acts import catalogue_entry, meta_for
from ..catalogue.identify import identify_title
from ..errors import NoStructure
from ..model import Act, ActMeta, Block
from . import ids
from .coverage import compute as compute_coverage
from .definitions import extract as extract_definitions
from .detect import Detection, detect, detect_script
from .lexicon import available, load, resolve
from .tree import Builder

__all__ = ["Detection", "available", "detect", "ids", "parse_act", "parse_file"]

_LANG_SUFFIX = re.compile(r"^(?P<stem>.+?)\.(?P<lang>[a-z]{2,3})(?:\.[a-z]+)*$")


def _lexicon_code(lang: str | None, meta: ActMeta, blocks: list[Block]) -> tuple[str, Detection | None, str]:
    """(lexicon code, the detection if one was needed, the requested language that has no lexicon or "").

    A language with no lexicon file (``--lang it``, or ``language = "it"`` in act.toml) is not an
    error as long as the headings are those of a known lexicon: the text is parsed with that one and
    the caller says so, keeping the requested language in the metadata (the matcher then warns too).
    """
    jur = meta.jurisdiction or None
    unsupported = ""
    for wanted in (lang, meta.language):
        if not wanted:
            continue
        try:
            return resolve(wanted, jur), None, ""
        except KeyError:
            unsupported = wanted
            break
    det = detect(blocks, jur)
    if not det.lang:
        if unsupported:
            raise NoStructure(
                f"there is no lexicon for language '{unsupported}', and no article heading of a language "
                f"that has one ({', '.join(available())}) was found.",
                where=meta.key or meta.title,
                todo=f"Give one of those with --lang if the headings follow it, or add "
                     f"concordance/parse/lexicon/{unsupported}.toml for the language.")
        raise NoStructure(
            "no article heading was found for any known language "
            f"({', '.join(available())}).",
            where=meta.key or meta.title,
            todo="Give the language with --lang, or check that the file holds the act's text.")
    return det.lang, det, unsupported


def _no_lexicon_warning(wanted: str, lex, det: Detection) -> str:
    """What a parse with a stand-in lexicon can and cannot be trusted for."""
    return (f"no lexicon for language '{wanted}' (lexicons exist for {', '.join(available())}); parsed with "
            f"the {lex.name} lexicon ({lex.code}) instead, {det.reason}. Expect articles, paragraphs and "
            f"points only where they are marked as {lex.name} texts mark them, no definitions extracted "
            f"from '{wanted}' wording and citations in {lex.name} form; check the outline (--check) and "
            f"add concordance/parse/lexicon/{wanted}.toml for a proper parse. The act keeps language "
            f"'{wanted}'.")


def parse_act(blocks: list[Block], meta: ActMeta, lang: str | None = None) -> Act:
    """Build the provision tree of one act.

    ``lang`` (an ISO 639 code, or a drafting style such as ``sq-XK``) overrides ``meta.language``;
    when neither is given the language is detected from heading words and script, and the
    returned ``meta.language`` says what was used. A language with no lexicon is parsed with the
    lexicon its headings match, with a warning, and keeps its own code in ``meta.language``.
    """
    code, det, unsupported = _lexicon_code(lang, meta, blocks)
    script = detect_script("\n".join(b.text for b in blocks[:400]))

    def build(code: str):
        lex = load(code, meta.jurisdiction or None)
        provisions, non = Builder(blocks, lex, lex.code, meta.jurisdiction or None, script,
                                  title=meta.title).build()
        warnings: list[str] = []
        return lex, provisions, non, warnings

    def found(provisions) -> bool:
        return any(p.kind in ("article", "annex", "recital") for p in provisions)

    lex, provisions, non, warnings = build(code)
    switched = ""
    if not found(provisions) and not lang and det is None:
        # The metadata's language finds no article: the file may be another language version.
        guess = detect(blocks, meta.jurisdiction or None)
        if guess.lang and guess.lang != lex.code:
            lex2, p2, n2, w2 = build(guess.lang)
            if found(p2):
                switched = (f"language: {guess.lang}, not {meta.language} as the metadata says "
                            f"({guess.reason}); give --lang to override.")
                lex, provisions, non, warnings, det = lex2, p2, n2, w2, guess
    if not found(provisions):
        tried = ", ".join(f"'{w}'" for w in lex.article_words)
        raise NoStructure(
            f"no article was found (heading words tried for {lex.name}: {tried}; annex words: "
            f"{', '.join(lex.annex_words) or 'none'}).",
            where=meta.key or meta.title,
            todo="If the act is in another language, give it with --lang "
                 f"(one of {', '.join(available())}); otherwise check that the file holds the act's text.")
    language = lang or meta.language or code
    new_meta = meta
    if det is not None or meta.language != language or (script != meta.script and meta.script == "latin"):
        kept = unsupported or (language if not det else det.lang)
        new_meta = replace(meta, language=kept, script=script)
    coverage = compute_coverage(blocks, provisions, non)
    if switched:
        warnings.insert(0, switched)
    elif unsupported and det is not None:
        warnings.insert(0, _no_lexicon_warning(unsupported, lex, det))
    elif det is not None:
        warnings.insert(0, f"language: {det.lang} ({det.reason}); give --lang to override.")
    if not meta.complete:
        missing = ", ".join(meta.missing) if meta.missing else "not listed"
        warnings.append(f"the act is held only in part (incomplete text); provisions missing: {missing}.")
    warnings.extend(_numbering_warnings(provisions))
    if coverage.lost_chars:
        warnings.append(f"{coverage.lost_chars} characters of the source were not placed in any provision.")
    return Act(meta=new_meta, provisions=tuple(provisions), non_provisions=tuple(non), coverage=coverage,
               definitions=extract_definitions(provisions, lex), warnings=tuple(warnings))


def _numbering_warnings(provisions) -> list[str]:
    """Say where article numbers jump or repeat: often a heading the parser did not recognise."""
    out = []
    prev = None
    for p in provisions:
        if p.kind != "article":
            continue
        m = re.match(r"^(\d+)", p.num or "")
        if not m:
            continue
        n = int(m.group(1))
        if "_dup" in p.id:
            out.append(f"{p.citation}: the number {p.num} occurs more than once (id {p.id}).")
        elif prev is not None and n > prev + 1:
            out.append(f"article numbers jump from {prev} to {n} before {p.citation}.")
        prev = n
    return out


def _infer_meta(path: Path, blocks: list[Block], lang: str | None, jurisdiction: str | None) -> ActMeta:
    """Metadata of a file with no act.toml: the catalogue's, when the title names a catalogued act
    (a user's EUR-Lex download of the directive); else key and language from the file name, title,
    kind and jurisdiction from the text (a directive or treaty is a reference act, see identify)."""
    name = path.name
    m = _LANG_SUFFIX.match(name)
    stem, file_lang = (m.group("stem"), m.group("lang")) if m else (path.stem, "")
    try:
        if file_lang:
            resolve(file_lang)
    except KeyError:
        file_lang = ""
    from .title import find_title

    styled = [b.text.strip() for b in blocks[:12] if b.style == "title" and b.text.strip()]
    # a styled title block, else the line that names the act ("Zakon o oružju", not the promulgation
    # line; "Title: Waffengesetz" as a front-matter key), else the first line
    title = " ".join(styled) if styled else (find_title(b.text for b in blocks if b.text.strip()) or next(
        (b.text.strip() for b in blocks if b.text.strip() and not b.text.startswith("#")), stem))
    script = detect_script("\n".join(b.text for b in blocks[:400]))
    who = identify_title(title)
    known = catalogue_entry(celex=who.celex, title=title) if who.is_reference else None
    if known is not None:
        # a user's own copy of a catalogued act (the directive, whose text is not bundled): the
        # catalogue's metadata, for the whole text the user gave
        return replace(known.meta, language=lang or file_lang or known.meta.language, script=script,
                       source=str(path), complete=True, missing=(), partial=())
    jur = jurisdiction or who.jurisdiction
    jm = re.match(r"^([A-Z]{2})-", stem)
    if not jur and jm:
        jur = jm.group(1)
    return ActMeta(key=stem, title=title[:200], language=lang or file_lang, jurisdiction=jur,
                   script=script, kind=who.kind, celex=who.celex, source=str(path))


def parse_file(path: str | Path, lang: str | None = None, jurisdiction: str | None = None,
               encoding: str | None = None, meta: ActMeta | None = None, encoding_errors: str = "strict") -> Act:
    """Read and parse one file. Metadata: ``meta`` if given, else the act.toml beside the file,
    else inferred from the file name (``ME-zakon-o-oruzju-10-2015.cnr.txt`` -> language ``cnr``,
    jurisdiction ``ME``) and its first line."""
    from ..read import read_blocks

    path = Path(path)
    blocks = read_blocks(path, encoding=encoding, encoding_errors=encoding_errors)
    if meta is None:
        meta = meta_for(path)
    if meta is None:
        meta = _infer_meta(path, blocks, lang, jurisdiction)
    if jurisdiction and meta.jurisdiction != jurisdiction:
        meta = replace(meta, jurisdiction=jurisdiction)
    try:
        return parse_act(blocks, meta, lang)
    except NoStructure as exc:
        raise NoStructure(exc.what, where=str(path), todo=exc.todo) from None
