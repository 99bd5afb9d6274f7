"""Structure faults found on laws the parser was not built on (issue 10), checked on the bundled
texts: inserted numbers keep their number, repealed place-holders are marked and never matched,
Czech headings and wrapped citations, and the self-citation check that finds such faults.
Synthetic cases ("Synthetic Act on Widgets") cover the Balkan forms no bundled law has."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.catalogue import parsed
from concordance.cli import main
from concordance.match.units import national_units
from concordance.model import ActMeta, Block
from concordance.parse import parse_act
from concordance.parse.ids import citation, parse_citation
from concordance.parse.selfcite import check
from concordance.parse.write_akn import to_akn


@pytest.fixture(scope="module")
def de():
    return parsed.load("DE-waffg-2002")


@pytest.fixture(scope="module")
def cz():
    return parsed.load("CZ-119-2002")


@pytest.fixture(scope="module")
def ee():
    return parsed.load("EE-relvaseadus-2020")


# --- inserted numbers ---------------------------------------------------------------------------
def test_german_inserted_paragraphs_and_points_keep_their_number(de):
    assert de.get("art_32__para_1a").text.startswith("Die Erlaubnis zur Mitnahme von Waffen oder Munition in einen")
    assert "(1a)" not in de.get("art_32__para_1").text and "(1a)" not in de.full_text("art_32__para_1")
    assert [c.id for c in de.children("art_32__para_1a")] == [f"art_32__para_1a__point_{n}" for n in (1, 2, 3)]
    for pid in ("art_37e__para_2a", "art_48__para_1a", "art_48__para_3a", "art_52__para_3__point_7a",
                "art_53__para_1__point_21a"):
        assert pid in de, pid
    assert de.get("art_53__para_1__point_21a").citation == "§ 53 Abs. 1 Nr. 21a"
    assert parse_citation("§ 53 Abs. 1 Nr. 21a", "de") == "art_53__para_1__point_21a"
    assert "7a." not in de.get("art_52__para_3__point_7").text
    # "10  entgegen" (the source lost the dot) is point 10, not more of point 9
    assert de.get("art_52__para_3__point_9").text == "entgegen § 42 Abs. 1 eine Waffe führt oder"
    assert de.get("art_52__para_3__point_10").text.startswith("entgegen § 57 Abs. 5 Satz 1")


def test_german_point_with_a_footnote_mark_and_a_sentence_after_the_list(de):
    # "2.[^F8103...]" is point 2, not more of point 1; "Die in Satz 1 ..." follows the list
    assert de.get("art_24__para_1__point_1").text.endswith("des Herstellers der Schusswaffe,")
    assert "Herstellungsland" in de.get("art_24__para_1__point_2").text
    assert de.get("art_24__para_1__point_5").text == "eine fortlaufende Nummer (Seriennummer)."
    assert "Die in Satz 1 Nummer 2, 4 und 5 genannten Angaben" in de.get("art_24__para_1").text


def test_german_wrapped_dates_and_citations_are_not_points(de):
    assert "art_36__para_4__point_872" not in de
    assert [c.id for c in de.children("art_58__para_10")] == []
    assert "1. April 2008" in de.get("art_58__para_10").text.replace("\n", " ")


@pytest.mark.parametrize("lang,heading,pid,cited", [
    ("cnr", "Član 12a", "art_12a", "član 12a"),
    ("mk", "Член 12-а", "art_12a", "член 12-а"),
    ("sq-AL", "Neni 12/1", "art_12_1", "neni 12/1"),
    ("de", "§ 12a", "art_12a", "§ 12a"),
])
def test_inserted_articles_in_every_drafting_style(lang, heading, pid, cited):
    meta = ActMeta(key="SYN", title="Synthetic Act on Widgets", language=lang)
    words = "Синтетички виџет." if lang == "mk" else "Synthetic widgets are registered."
    lines = ["Synthetic Act on Widgets", heading.replace("12", "11").replace("a", "").replace("-а", "")
             .replace("/1", ""), words, heading, words]
    act = parse_act([Block(text=t, location=f"line {k}") for k, t in enumerate(lines, 1)], meta, lang)
    assert pid in act, [p.id for p in act.provisions]
    assert act.get(pid).citation == cited
    assert parse_citation(cited, lang) == pid


# --- repealed provisions ------------------------------------------------------------------------
def test_repealed_provisions_are_marked_with_their_place_holder_as_text(de, ee):
    assert de.get("art_23").status == "repealed" and de.get("art_23").heading is None
    assert de.get("art_23").text == "(weggefallen)"
    assert de.get("art_15__para_6").status == "repealed"
    assert de.get("art_15__para_5").status == ""
    assert sum(p.status == "repealed" for p in de.provisions) == 10
    # Estonian: a § or lõige that is only its amendment note "[RT I ...]" ("Kehtetu" in the XML)
    assert ee.get("art_22").status == "repealed" and ee.get("art_22").text.startswith("[RT I 2010")
    assert ee.get("art_22").heading is None
    xml = parsed.load("EE-relvaseadus-2020@xml")
    assert xml.get("art_22").status == "repealed" and xml.get("art_22").text.startswith("[Kehtetu")
    assert sum(p.status == "repealed" for p in ee.provisions) == 44


def test_repealed_provisions_are_never_match_candidates(de):
    unit_ids = {u.id for u in national_units(de)}
    assert "art_23" not in unit_ids and "art_15__para_6" not in unit_ids
    assert "art_15__para_5" in unit_ids and "art_24" in unit_ids


def test_repealed_status_in_json_outline_and_akn(de):
    out = CliRunner().invoke(main, ["parse", "DE-waffg-2002", "--format", "json"])
    provisions = {p["id"]: p for p in json.loads(out.stdout)["provisions"]}
    assert provisions["art_23"]["status"] == "repealed" and provisions["art_24"]["status"] == ""
    outline = CliRunner().invoke(main, ["parse", "DE-waffg-2002"]).stdout
    assert any("(art_23)" in ln and "[repealed]" in ln for ln in outline.splitlines())
    assert b'eId="art_23" status="removed"' in to_akn(de)


# --- Czech -------------------------------------------------------------------------------------
def test_czech_heading_only_where_there_is_one(cz):
    assert cz.get("art_8").heading is None and cz.get("art_8").text.startswith("Nabývat do vlastnictví")
    assert cz.get("art_87").heading is None
    assert cz.get("art_67").heading == ("Oznámení o propadnutí nebo zabrání zbraně, hlavní části zbraně, "
                                        "zakázaného doplňku zbraně nebo střeliva")
    assert cz.get("art_67").text.startswith("Orgán, který")
    assert cz.get("art_9").heading is None or not cz.get("art_9").heading.startswith("(1)")


def test_czech_letter_after_a_citation_word_is_not_a_point(cz):
    for pid in ("art_57__para_1__point_b_dup2", "art_76a__para_1__point_k", "art_76a__para_14__point_h",
                "art_76a__para_14__point_b_dup2"):
        assert pid not in cz, pid
    assert [c.num for c in cz.children("art_57__para_1__point_c")] == [str(n) for n in range(1, 7)]
    assert "b) nosí" in cz.get("art_57__para_1__point_c__point_4").text


# --- the self-citation check --------------------------------------------------------------------
@pytest.mark.parametrize("key,floor", [("DE-waffg-2002", 0.98), ("CZ-119-2002", 0.97), ("EE-relvaseadus-2020", 0.96),
                                       ("MK-zakon-za-oruzjeto-2005", 0.97), ("ME-zakon-o-oruzju-2015", 0.93)])
def test_self_citations_of_the_bundled_laws_resolve(key, floor):
    """Floors a little under what benchmarks/parse_speed.py prints; a parser regression that folds or
    invents provisions shows here as citations that stop resolving."""
    result = check(parsed.load(key))
    assert result.found > 100 and result.share >= floor, result.unresolved[:5]


def test_self_citation_check_on_a_synthetic_act():
    lines = ["Synthetic Act on Widgets", "§ 1 Synthetic widgets", "(1) A synthetic widget is registered.",
             "(1a) A synthetic gadget is registered as under Absatz 1.", "(2) The register follows § 1 Abs. 1a and",
             "§ 2 Abs. 3 and § 7 des Synthetischen Gesetzes über Dinge.", "§ 2 Synthetic register",
             "(1) The register of § 1 Abs. 2 is kept."]
    act = parse_act([Block(text=t, location=f"line {k}") for k, t in enumerate(lines, 1)],
                    ActMeta(key="SYN", title="Synthetic Act on Widgets", language="de"), "de")
    result = check(act)
    # read: "Absatz 1" (in § 1), "§ 1 Abs. 1a", "§ 2 Abs. 3" (no such paragraph), "§ 1 Abs. 2";
    # "§ 7 des Synthetischen Gesetzes" cites another act
    assert (result.found, result.resolved) == (4, 3)
    assert [u[2] for u in result.unresolved] == ["art_2__para_3"]


def test_check_report_prints_the_self_citation_share():
    out = CliRunner().invoke(main, ["parse", "DE-waffg-2002", "--check"])
    assert "self-citations:" in out.stdout and "resolve to a provision of the parse" in out.stdout
    assert "repealed provisions (kept with their ids, never matched): 10" in out.stdout


def test_citation_of_an_inserted_number_round_trips():
    for lang, pid in (("de", "art_32__para_1a__point_2"), ("cs", "art_70n__para_6__point_a"),
                      ("et", "art_35_3__para_2__point_1")):
        assert parse_citation(citation(pid, lang), lang) == pid


def test_czech_transitional_provisions_of_amending_acts_are_units_of_their_own(cz):
    assert [c.id for c in cz.children("art_87")] == []
    trans = [p for p in cz.provisions if p.kind == "transitional"]
    assert [p.id for p in trans][:3] == ["trans_274_2008", "trans_484_2008", "trans_420_2011"]
    assert cz.get("trans_484_2008").heading == "Čl. II"
    assert [c.num for c in cz.children("trans_484_2008")] == ["1", "2", "3", "4", "5"]
    assert cz.get("trans_484_2008__point_2").citation == "přechodná ustanovení zákona č. 484/2008 Sb. bod 2"
    assert cz.coverage.lost_chars == 0 and cz.coverage.invented_chars == 0


def test_first_point_glued_to_its_paragraph_is_split_off(cz):
    assert cz.get("art_70n__para_6").text == "Prováděcí právní předpis stanoví vzor"
    assert cz.get("art_70n__para_6__point_a").text == "žádosti o povolení přepravy munice,"
    assert [c.num for c in cz.children("art_70n__para_6")] == ["a", "b", "c"]


def test_czech_footnotes_and_amendment_history_are_back_matter_not_annex_points(cz):
    assert [c.id for c in cz.children("annex_2__point_6")] == []
    assert "annex_2__point_6_dup2" not in cz
    footnotes = [n for n in cz.non_provisions if n.kind == "footnote"]
    assert footnotes[0].text == "Poznámky pod čarou"
    assert any(n.text.startswith("1) Zákon č. 219/1999 Sb.") for n in footnotes)
    assert any(n.kind == "note" and n.text.startswith("č. Znění od - do Novely") for n in cz.non_provisions)


# --- editorial notes in headings ------------------------------------------------------------------
def test_estonian_amendment_notes_leave_headings_and_are_kept_as_notes(ee):
    """Riigi Teataja appends "[RT I, 29.06.2018, 3 - jõust. 01.07.2018]" to an amended heading: the
    heading is the subject without it (the topic signal and every ToC row read it), the note is kept."""
    assert ee.get("art_89_14").heading == "Konfiskeerimise kohaldamine"
    assert not [p.id for p in ee.provisions if p.heading and "[RT" in p.heading]
    notes = [n.text for n in ee.non_provisions if n.kind == "note"]
    assert "[RT I, 29.06.2018, 3 - jõust. 01.07.2018]" in notes
    assert ee.coverage is not None and ee.coverage.lost_chars == 0 and ee.coverage.invented_chars == 0


def test_a_heading_note_on_a_synthetic_act():
    """Plainly synthetic: a heading with a note loses the note to a ``note``; a § whose only words
    are the note stays a repealed place-holder with the note as its text."""
    act = parse_act([Block("§ 5. [RT I 2010, 1, 1 - jõust. 01.01.2011]"),
                     Block("§ 6. Widget licence [RT I 2012, 2, 2 - jõust. 01.01.2013]"), Block("(1) Widget text.")],
                    meta=ActMeta(key="SYN-et", title="Synthetic", jurisdiction="EE", language="et"))
    assert act.get("art_5").status == "repealed" and act.get("art_5").text.startswith("[RT I 2010")
    assert act.get("art_6").heading == "Widget licence"
    assert [n.text for n in act.non_provisions if n.kind == "note"] == ["[RT I 2012, 2, 2 - jõust. 01.01.2013]"]


def test_parse_speed_benchmark_runs_on_held_and_not_held_acts(capsys):
    """benchmarks/parse_speed.py goes through every bundled act; an act known by its metadata only
    (the directive) is listed as not held, not a crash."""
    import runpy
    import sys

    bench = Path(__file__).resolve().parents[1] / "benchmarks" / "parse_speed.py"
    argv = sys.argv
    sys.argv = [str(bench), "--repeat", "1", "--only", "32021L0555", "UN-firearms-protocol-2001"]
    try:
        with pytest.raises(SystemExit) as done:
            runpy.run_path(str(bench), run_name="__main__")
    finally:
        sys.argv = argv
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "32021L0555" in out and "text not held" in out
    assert "1 parsed, 0 refused, 1 not held" in out
