"""The part of a national definitions list that answers one reference definition.

Why: some laws keep all their definitions in one paragraph, one per line (North Macedonia's
член 3: ""Огнено оружје" се ...", ""Муниција" е ..." in four paragraphs of 2,000 characters
each). A ToC row for the reference definition of "firearm" cites that paragraph; printing all of
it in every definition row buries the one line the row is about. The row prints the definitions
whose term names the same firearms-law concept as the reference term (``match/concepts.toml``),
with "[…]" where lines are left out; the citation stays the paragraph's. When no line or every
line fits, or a language has no definition patterns or glossary, the whole text is printed.
"""
from __future__ import annotations

from ..match.concepts import find_concepts, supports
from ..parse import lexicon
from ..parse.definitions import defined_term

OMITTED = "[…]"


def _term_concepts(line: str, lang: str) -> set[str]:
    try:
        lex = lexicon.load(lang)
    except KeyError:                         # a language without a lexicon has no definition patterns
        return set()
    term = defined_term(line, lex, contextual=True)
    return set(find_concepts(term, lang)) if term else set()


def definition_excerpt(national_text: str, national_lang: str, reference_text: str, reference_lang: str) -> str:
    """``national_text`` cut to the definition lines that answer the definition in
    ``reference_text``, with "[…]" for the lines left out; the whole text when that says no more."""
    if not (supports(national_lang) and supports(reference_lang)):
        return national_text
    wanted = _term_concepts(reference_text.split("\n", 1)[0], reference_lang)
    lines = national_text.split("\n")
    if not wanted or len(lines) < 2:
        return national_text
    keep = [bool(_term_concepts(line, national_lang) & wanted) for line in lines]
    if not any(keep) or all(keep):
        return national_text
    out: list[str] = []
    for line, kept in zip(lines, keep):
        if kept:
            out.append(line)
        elif not out or out[-1] != OMITTED:
            out.append(OMITTED)
    return "\n".join(out)
