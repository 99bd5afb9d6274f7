"""The Anlagen of the German Waffengesetz (bundled DE-waffg-2002), checked by hand against the source
file national_laws/DE/waffg-2002/DE-waffg-2002.de.md.

The Anlagen are laid out as "Abschnitt 1:" / "Unterabschnitt 1:" with a title line each, and points
numbered decimally ("1.2.1") alone on their line, nested by their dots. Wrapped lines that start with
a date or a cross-reference ("9.6.2006, S. 24", "Nr.\\n1.3.", "(BGBl. I S.\\n1285)") are text, not
points, and "Abschnitt 1 Nummer 8 der Richtlinie ..." in running text is not a new Abschnitt.
"""
from __future__ import annotations

import pytest

from concordance.catalogue.parsed import load


@pytest.fixture(scope="module")
def act():
    return load("DE-waffg-2002")


def kids(act, pid):
    return [c.id.rsplit("__", 1)[-1] for c in act.children(pid)]


def test_nothing_lost_and_no_duplicate_ids_in_the_annexes(act):
    assert act.coverage.lost_chars == 0 and act.coverage.invented_chars == 0
    assert [p.id for p in act.provisions if p.id.startswith("annex") and "_dup" in p.id] == []
    # the body's duplicates (the second and third lists of § 24 Abs. 1 Satz 2 and 3, of § 37e and
    # § 42 Abs. 6: lists after a list in the same paragraph) are not the annexes' business
    assert sum("_dup" in p.id for p in act.provisions) == 16


def test_anlage_1_abschnitt_and_unterabschnitt(act):
    assert kids(act, "annex_1") == ["part_1", "part_2", "part_3"]
    assert kids(act, "annex_1__part_1") == ["subsec_1", "subsec_2", "subsec_3"]
    sub = act.get("annex_1__part_1__subsec_1")
    assert (sub.kind, sub.num, sub.label, sub.heading, sub.parent) == (
        "subsection", "1", "Unterabschnitt 1:", "Schusswaffen", "annex_1__part_1")
    assert sub.citation == "Anlage 1 Abschnitt 1 Unterabschnitt 1"
    assert act.get("annex_1__part_1").heading == "Waffen- und munitionstechnische Begriffe, Einstufung von Gegenständen"
    # Unterabschnitt 1 lists points 1. to 6.; "1." was glued to the title line ("Schusswaffen 1.")
    assert kids(act, "annex_1__part_1__subsec_1") == [f"point_{n}" for n in range(1, 7)]
    assert act.get("annex_1__part_1__subsec_1__point_1").text.startswith("Schusswaffen im Sinne des § 1 Abs. 2 Nr. 1")


def test_anlage_1_decimal_points_nest_by_their_dots(act):
    p1 = "annex_1__part_1__subsec_1__point_1"
    assert kids(act, p1) == ["point_1_1", "point_1_2", "point_1_3", "point_1_4", "point_1_5", "point_1_6"]
    assert kids(act, f"{p1}__point_1_2") == ["point_1_2_1", "point_1_2_2", "point_1_2_3"]
    p = act.get(f"{p1}__point_1_2__point_1_2_2")
    assert (p.kind, p.num, p.label, p.parent) == ("subpoint", "1.2.2", "1.2.2", f"{p1}__point_1_2")
    assert p.text.startswith("die in Anhang IV Nummer 18 der Richtlinie 2006/42/EG")
    assert "9.6.2006, S. 24" in p.text             # a wrapped date, not point 9.6
    assert kids(act, p.id) == ["point_a", "point_b"]
    assert "2.2.2.1 der Richtlinie 2006/42/EG" in act.get(f"{p.id}__point_b").text
    assert act.get(f"{p.id}__point_b").citation == \
        "Anlage 1 Abschnitt 1 Unterabschnitt 1 Nr. 1.2.2 Buchst. b"
    lauf = act.get(f"{p1}__point_1_3__point_1_3_1__point_1_3_1_1")
    assert lauf.text.startswith("der Lauf oder Gaslauf")
    assert kids(act, f"{p1}__point_1_3__point_1_3_1") == [f"point_1_3_1_{n}" for n in range(1, 8)]


def test_anlage_1_abschnitt_2_and_3(act):
    assert kids(act, "annex_1__part_2") == [f"point_{n}" for n in range(1, 15)]
    assert kids(act, "annex_1__part_2__point_8") == ["point_8_1", "point_8_1a", "point_8_2", "point_8_3"]
    assert act.get("annex_1__part_2__point_8__point_8_1a").text.startswith("ist eine Waffe fertiggestellt")
    cat_b = act.get("annex_1__part_3__point_2")
    assert (cat_b.label, cat_b.text) == ("2.", "Kategorie B")
    assert kids(act, cat_b.id) == [f"point_2_{n}" for n in range(1, 10)]


def test_anlage_2_waffenliste(act):
    # "Abschnitt 1 Nummer 8 der Richtlinie 2009/48/EG" in running text is no fourth Abschnitt
    assert kids(act, "annex_2") == ["part_1", "part_2", "part_3"]
    assert kids(act, "annex_2__part_2") == ["subsec_1", "subsec_2", "subsec_3"]
    assert kids(act, "annex_2__part_2__subsec_2") == [
        "point_1", "point_2", "point_2a", "point_2b", "point_3", "point_4", "point_5", "point_6", "point_7",
        "point_8", "point_9", "point_10"]
    # "... nach Unterabschnitt 2 Nr." then "1.3." on the next line is a cross-reference
    assert kids(act, "annex_2__part_2__subsec_3__point_2") == ["point_2_1"]
    assert act.get("annex_2__part_2__subsec_3__point_2__point_2_1").text.endswith("Nr.\n1.3.")
    # "(BGBl. I S." then "1285) in der ..." is a page number, not a point "1285)"
    assert kids(act, "annex_2__part_2__subsec_3__point_1__point_1_1") == []
    assert "1285) in der zum Zeitpunkt" in act.get("annex_2__part_2__subsec_3__point_1__point_1_1").text
