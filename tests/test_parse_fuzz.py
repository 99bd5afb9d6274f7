"""Fuzzing the parser and the ids with Hypothesis.

1. Random sequences of plausible lines (article/annex/division headings in the languages we support,
   numbered lines in every numbering style, blank lines, junk, very long lines, Cyrillic and Latin
   mixed), as plain text or with the kinds, styles, numbers and levels structured readers give:
   ``parse_act`` raises nothing but NoStructure, ids are unique, parents come first, and coverage never
   reports a lost or invented character; and random acts survive the Akoma Ntoso round trip.
2. ``parse_citation(citation(id, lang), lang) == id`` for generated ids, in every language and for
   every kind of id the language can say both ways. What cannot be said both ways, by design:

   * a numbered point directly under an article in the parenthesised EU style: "Article 7(4)" is
     paragraph 4 (EU acts number points under articles with letters);
   * subparagraphs, where the lexicon has no citation form for them (only English has);
   * recitals, where the citation has no word for them (Balkan, Czech, Estonian: the bare number);
   * superscript section numbers (``art_1_1``, "§ 1¹") in Albanian: Albanian/Kosovo drafting has none,
     and "neni 1.1" reads as decimal numbering.
"""
from __future__ import annotations

import resource
from contextlib import contextmanager

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordance.errors import NoStructure
from concordance.model import ActMeta, Block
from concordance.parse import available, parse_act
from concordance.parse.ids import citation, int_to_roman, parse_citation
from concordance.parse.lexicon import load

# ---------------------------------------------------------------------------------------------
# 1. the parser
# ---------------------------------------------------------------------------------------------
ARTICLE_WORDS = ["Article", "ARTICLE", "Član", "Članak", "Члан", "Член", "Чл.", "Neni", "NENI", "§", "Artikel",
                 "Art.", "Section"]
ANNEX_WORDS = ["ANNEX", "Annex", "Prilog", "ПРИЛОГ", "Прилог", "Shtojca", "Anlage", "Příloha", "Lisa"]
DIVISION_WORDS = ["CHAPTER", "Chapter", "GLAVA", "Glava", "ГЛАВА", "Поглавје", "KREU", "Kreu", "Abschnitt", "HLAVA",
                  "PART", "Part", "DIO", "Odjeljak", "Section", "Kategorie", "Category", "Kategorija"]
WORDS = ["widget", "synthetic", "gadget", "синтетички", "виџет", "sintetički", "predmet", "objekt", "sintetik",
         "shall", "je", "се", "është", "the", "and", "или", "ili", "ose", "Member", "States", "oružje", "оружје",
         "'widget' means", "„vidžet” je", "Abs.", "lg", "odst.", "stav", "став", "pika"]
MARKERS = ["(1)", "(2)", "1)", "2)", "1.", "2.", "12.", "a)", "b)", "(a)", "(b)", "(i)", "(ii)", "а)", "б)", "–", "-",
           "—", "•", "1.4", "2.1.3", "3¹)", "A.", "B.", "I.", "II.", "1 |", "- (a)", "* 1."]
JUNK = ["#", "===", "# source: synthetic", "|", "12", "1", "(", ")", "—", "§", "<a name=\"x\"></a>", "...",
        "\u00ad", "\u200b", "ﬁ", "title: synthetic", "¹²³", "Ⅳ", "(3) OJ L 1, 1.1.2000, p. 1.", "Done at Nowhere",
        "WHEREAS:", "Whereas:", "HAVE ADOPTED THIS SYNTHETIC ACT:"]

number = st.integers(1, 130).map(str) | st.sampled_from(["1a", "5¹", "12b", "III", "IV", "XIV", "0", "999"])
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
ending = st.sampled_from(["", ".", ":", ";", ",", "; and", " –"])


@st.composite
def line(draw) -> str:
    kind = draw(st.sampled_from(["article", "annex", "division", "numbered", "text", "junk", "blank", "long",
                                 "mixed"]))
    if kind == "article":
        tail = draw(st.sampled_from(["", ".", " Synthetic heading", ". Sintetički naslov", " (1) Text."]))
        return f"{draw(st.sampled_from(ARTICLE_WORDS))} {draw(number)}{tail}"
    if kind == "annex":
        return f"{draw(st.sampled_from(ANNEX_WORDS))} {draw(number)}" + draw(st.sampled_from(["", " Widgets"]))
    if kind == "division":
        return f"{draw(st.sampled_from(DIVISION_WORDS))} {draw(number)}" + draw(st.sampled_from(["", " SYNTHETIC"]))
    if kind == "numbered":
        return f"{draw(st.sampled_from(MARKERS))} {draw(words)}{draw(ending)}"
    if kind == "text":
        return draw(words) + draw(ending)
    if kind == "junk":
        return draw(st.sampled_from(JUNK) | st.text(max_size=30))
    if kind == "blank":
        return draw(st.sampled_from(["", " ", "\t", "\u00a0"]))
    if kind == "long":
        return " ".join([draw(words)] * draw(st.integers(50, 400))) + draw(ending)
    # Cyrillic and Latin in one line, as in badly converted Serbian texts
    return draw(st.sampled_from(["Član", "Члан", "Čл.", "Clan"])) + " " + draw(words) + " аbc " + draw(words)


STYLES = [None, None, None, "heading", "table", "footnote", "frontmatter", "signature", "title", "list", "note"]
KINDS = [None, None, None, "article", "paragraph", "subparagraph", "point", "indent", "recital", "annex",
         "heading", "chapter", "part", "category", "table"]
NUMBERS = [None, None, None, "1.", "(a)", "(1)", "–", "Article 3", "I.", "Category A", "3¹)", "A."]


@st.composite
def structured_block(draw) -> Block:
    return Block(text=draw(line()), number=draw(st.sampled_from(NUMBERS)), style=draw(st.sampled_from(STYLES)),
                 level=draw(st.sampled_from([None, 0, 1, 2, 3])), location="synthetic",
                 kind=draw(st.sampled_from(KINDS)))


LANGS = [None] + available()


@contextmanager
def memory_cap(extra: int = 2 << 30):
    """While the block runs, the process may grow by ``extra`` bytes at most: an input that makes the
    parser balloon fails here with MemoryError (and Hypothesis shows it), instead of the whole test
    run being killed by the machine (seen once: 24 GB)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * resource.getpagesize()
    cap = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _check(blocks: list[Block], lang: str | None) -> None:
    meta = ActMeta(key="synthetic-fuzz", title="Synthetic Act on Widgets", language="")
    try:
        with memory_cap():
            act = parse_act(blocks, meta, lang)
    except NoStructure:
        return                                   # refused with a clear message, never an empty tree
    seen: set[str] = set()
    for p in act.provisions:
        assert p.id not in seen, p.id
        assert p.parent is None or p.parent in seen, (p.id, p.parent)
        seen.add(p.id)
    assert act.coverage is not None
    assert act.coverage.lost_chars == 0, act.coverage.lost_samples
    assert act.coverage.invented_chars == 0


@st.composite
def with_articles(draw, lang: str | None, lines: list[str]) -> list[str]:
    """Most random texts have no article heading the language knows and are refused (NoStructure);
    put a few in, in the language's own words, so that the tree builder is exercised too."""
    words = load(lang).article_words if lang else ARTICLE_WORDS
    out = list(lines)
    for _ in range(draw(st.integers(0, 6))):
        heading = f"{draw(st.sampled_from(list(words)))} {draw(number)}{draw(st.sampled_from(['', '.']))}"
        out.insert(draw(st.integers(0, len(out))), heading)
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lines=st.lists(line(), min_size=1, max_size=60), lang=st.sampled_from(LANGS))
def test_plain_lines_never_break_the_parser(data, lines, lang):
    lines = data.draw(with_articles(lang, lines))
    _check([Block(text=t, location=f"line {i}") for i, t in enumerate(lines, 1)], lang)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), blocks=st.lists(structured_block(), min_size=1, max_size=60), lang=st.sampled_from(LANGS))
def test_structured_blocks_never_break_the_parser(data, blocks, lang):
    extra = data.draw(with_articles(lang, []))
    for text in extra:          # marked as articles, as a structured reader would
        blocks.insert(data.draw(st.integers(0, len(blocks))), Block(text, style="heading", kind="article"))
    _check(blocks, lang)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data(), lines=st.lists(line(), min_size=1, max_size=40), lang=st.sampled_from(LANGS[1:]))
def test_random_acts_survive_the_akoma_ntoso_round_trip(data, lines, lang, tmp_path):
    """parse -> AKN -> read -> parse gives the same provisions for random acts too (control
    characters left out: XML 1.0 cannot hold them, and the writer drops them)."""
    from concordance.read import read_blocks
    from concordance.parse.write_akn import to_akn

    lines = ["".join(c for c in x if c.isprintable() or c in " \t") for x in data.draw(with_articles(lang, lines))]
    meta = ActMeta(key="synthetic-fuzz", title="Synthetic Act on Widgets", language=lang)
    try:
        with memory_cap():
            act = parse_act([Block(t, location=f"line {i}") for i, t in enumerate(lines, 1)], meta, lang)
    except NoStructure:
        return
    out = tmp_path / "fuzz.akn.xml"
    with memory_cap():
        out.write_bytes(to_akn(act))
        back = parse_act(read_blocks(out, fmt="akn"), act.meta, lang)

    def norm(s):
        return " ".join((s or "").split())

    assert {p.id: (p.kind, p.num, norm(p.text), p.parent) for p in back.provisions} == \
        {p.id: (p.kind, p.num, norm(p.text), p.parent) for p in act.provisions}
    assert back.coverage.ok


# ---------------------------------------------------------------------------------------------
# 2. ids <-> citations
# ---------------------------------------------------------------------------------------------
# (lexicon code, jurisdiction) as parse_citation/citation take them; every lexicon we ship
LANGUAGES = [("en", None), ("en", "CZ"), ("sr", None), ("cnr", None), ("bs", None), ("hr", None), ("mk", None),
             ("bg", None), ("sq", None), ("sq", "XK"), ("cs", None), ("et", None), ("de", None), ("de", "EU")]


def test_every_lexicon_is_fuzzed():
    covered = {load(lang, jur).code for lang, jur in LANGUAGES}
    assert covered == set(available())


LETTERS = "abcdefghjklmnoprstuvz"          # point letters every script can write (Cyrillic tables)
art_num = st.integers(1, 250).map(str) | st.tuples(st.integers(1, 250), st.sampled_from("abc")).map(
    lambda t: f"{t[0]}{t[1]}")
small = st.integers(1, 30).map(str)
letter = st.sampled_from(LETTERS)
roman_sub = st.sampled_from(["i", "ii", "iii", "iv", "v", "vi"])


@st.composite
def provision_id(draw, lang: str, jur: str | None) -> str:
    lex = load(lang, jur)
    shapes = ["art", "art_para", "art_para_point", "art_para_point_point", "art_para_indent", "art_point_letter",
              "annex", "annex_part", "annex_part_cat_point", "annex_point", "annex_part_point_capital"]
    if not lex.parse_words.get("parenthesised"):
        shapes.append("art_point_number")
    if "subparagraph" in lex.citation:
        shapes.append("art_para_subpara")
    if lex.citation.get("recital", "{n}").split("{")[0].strip():
        shapes.append("recital")
    if lang != "sq":
        shapes.append("art_superscript")
    shape = draw(st.sampled_from(shapes))
    art = f"art_{draw(art_num)}"
    if shape == "art":
        return art
    if shape == "art_superscript":
        return f"art_{draw(small)}_{draw(st.integers(1, 9))}"
    if shape == "art_point_letter":
        return f"{art}__point_{draw(letter)}"
    if shape == "art_point_number":
        return f"{art}__point_{draw(small)}"
    if shape == "recital":
        return f"recital_{draw(st.integers(1, 80))}"
    if shape.startswith("annex"):
        annex = f"annex_{draw(st.integers(1, 6))}"
        if shape == "annex":
            return annex
        if shape == "annex_point":
            return f"{annex}__point_{draw(small)}"
        if shape == "annex_part_point_capital":
            return f"{annex}__part_{draw(st.integers(1, 6))}__point_{draw(st.sampled_from('ABCD'))}"
        part = f"{annex}__part_{draw(st.integers(1, 6))}"
        if shape == "annex_part":
            return part
        return f"{part}__cat_{draw(st.sampled_from('ABCD'))}__point_{draw(small)}"
    para = f"{art}__para_{draw(small)}"
    if shape == "art_para":
        return para
    if shape == "art_para_subpara":
        return f"{para}__subpara_{draw(st.integers(2, 5))}"
    if shape == "art_para_indent":
        return f"{para}__indent_{draw(st.integers(1, 9))}"
    point = f"{para}__point_" + draw(letter | small)
    if shape == "art_para_point":
        return point
    return f"{point}__point_" + (draw(roman_sub) if point[-1].isalpha() else draw(letter))


@settings(max_examples=400, deadline=None)
@given(data=st.data(), which=st.sampled_from(LANGUAGES))
def test_citations_read_back_to_their_ids(data, which):
    lang, jur = which
    pid = data.draw(provision_id(lang, jur))
    cited = citation(pid, lang, jur)
    assert parse_citation(cited, lang, jur) == pid, cited


def test_roman_helpers_agree():
    assert all(int_to_roman(n) and len(int_to_roman(n)) < 10 for n in range(1, 200))
