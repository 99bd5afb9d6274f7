"""Status figures of a synthetic project built through the store: three jurisdictions (XC with three
acts), two reference acts, decisions in three stages, two snapshots. Every expected number below
was worked out by hand from tests/fixtures/status/synthetic.py (the working is in the comments)."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from concordance import status
from concordance.errors import InputError
from concordance.store import Project

_spec = importlib.util.spec_from_file_location(
    "status_synthetic", Path(__file__).parent / "fixtures" / "status" / "synthetic.py")
syn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(syn)

KEYS = ("full", "partial", "none", "not_applicable", "unreviewed", "machine_gaps", "text_not_held",
        "not_transposable")


def fig(full=0, partial=0, none=0, na=0, unrev=0, mg=0, tnh=1, nt=1):
    return dict(zip(KEYS, (full, partial, none, na, unrev, mg, tnh, nt)))


# Rows of SYN-REF-1: d1 d2 (definitions) m1 m2 m3 x (obligations) t (reference text not held)
# n (non-transposable). Machine: P P P P G G for XA, XB, XC-entity-1/2; all G for XC-district.
EXPECTED_STAGE_1 = {
    # XA: d1 F, d2 F, m1 P; m2 (proposed), m3, x (gaps) unreviewed
    ("SYN-REF-1", "XA", ""): fig(full=2, partial=1, unrev=3, mg=2),
    ("SYN-REF-1", "XA", "XA-law"): fig(full=2, partial=1, unrev=3, mg=2),
    # XB: nothing decided
    ("SYN-REF-1", "XB", ""): fig(unrev=6, mg=2),
    ("SYN-REF-1", "XB", "XB-law"): fig(unrev=6, mg=2),
    # XC-entity-1: d1 F, m1 N, m3 N; d2 m2 proposed, x gap
    ("SYN-REF-1", "XC", "XC-entity-1"): fig(full=1, none=2, unrev=3, mg=1),
    # XC-entity-2: d2 P, m1 P; d1 m2 proposed, m3 x gaps
    ("SYN-REF-1", "XC", "XC-entity-2"): fig(partial=2, unrev=4, mg=2),
    # XC-district: nothing decided, all six proposed as gaps
    ("SYN-REF-1", "XC", "XC-district"): fig(unrev=6, mg=6),
    # XC combined: d1 F (e1) | d2 P (e2) | m1 N,P,? -> P | m2 ?,?,? -> unreviewed, e1/e2 proposals so
    # not a gap | m3 N,?gap,?gap -> unreviewed gap | x all gaps -> unreviewed gap
    ("SYN-REF-1", "XC", ""): fig(full=1, partial=2, unrev=3, mg=2),
    # SYN-REF-2: art_1 proposed, art_2 gap, nothing decided anywhere
    ("SYN-REF-2", "XA", ""): fig(unrev=2, mg=1, tnh=0, nt=0),
    ("SYN-REF-2", "XC", ""): fig(unrev=2, mg=1, tnh=0, nt=0),
}
EXPECTED_STAGE_2 = {
    # XA: d1 F, d2 F, m1 F (was P), m3 N, x N/A; m2 proposed
    ("SYN-REF-1", "XA", ""): fig(full=3, none=1, na=1, unrev=1),
    # XB: d1 N, d2 discretionary -> N/A, t FULL (reviewer outranks "text not held": counted, 7 transposable)
    ("SYN-REF-1", "XB", "XB-law"): fig(full=1, none=1, na=1, unrev=4, mg=2, tnh=0),
    ("SYN-REF-1", "XB", ""): fig(full=1, none=1, na=1, unrev=4, mg=2, tnh=0),
    # e1: d1 F, m1 N, m3 N, x N; d2 m2 proposed
    ("SYN-REF-1", "XC", "XC-entity-1"): fig(full=1, none=3, unrev=2),
    # e2: d2 P, m1 F, m3 N, x N/A; d1 m2 proposed
    ("SYN-REF-1", "XC", "XC-entity-2"): fig(full=1, partial=1, none=1, na=1, unrev=2),
    # district: d1 N, d2 N, m2 N/A, m3 N, x N; m1 gap
    ("SYN-REF-1", "XC", "XC-district"): fig(none=4, na=1, unrev=1, mg=1),
    # combined: d1 F | d2 ?,P,N -> P | m1 N,F,? -> F | m2 ?,?,N/A -> unreviewed (not a gap) |
    # m3 N,N,N -> N | x N,N/A,N -> N
    ("SYN-REF-1", "XC", ""): fig(full=2, partial=1, none=2, unrev=1),
    ("SYN-REF-2", "XA", ""): fig(full=1, unrev=1, mg=1, tnh=0, nt=0),
    ("SYN-REF-2", "XC", ""): fig(unrev=2, mg=1, tnh=0, nt=0),
}


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The project and a report after each stage (snapshots S1 after stage 1, S2 after stage 2)."""
    path = tmp_path_factory.mktemp("status") / "synthetic.concordance"
    reports = {}
    with Project.create(path) as p:
        syn.build_small(p)
        reports[0] = status.compute(p)
        syn.apply_stage(p, syn.STAGE_1)
        reports[1] = status.compute(p)
        status.snapshot(p, "S1", source="synthetic-review-1.xlsx")
        syn.apply_stage(p, syn.STAGE_2)
        syn.apply_stage(p, syn.STAGE_2_REF2, "SYN-REF-2")
        status.snapshot(p, "S2", source="synthetic-review-2.xlsx")
        reports[2] = status.compute(p)
        reports["ref2_after_S2"] = status.compute(p, references=["SYN-REF-2"])
        syn.apply_stage(p, syn.STAGE_3)
        reports[3] = status.compute(p)
        reports["since_S1"] = status.compute(p, since="S1")
        snapshots = p.snapshots()
    return {"path": path, "reports": reports, "snapshots": snapshots}


def _figures(report, key):
    e = report.entry(*key)
    assert e is not None, key
    return {k: e.figures.count(k) for k in KEYS}


def test_every_act_and_jurisdiction_is_reported(staged):
    r = staged["reports"][1]
    assert [x.key for x in r.references] == ["SYN-REF-1", "SYN-REF-2"]
    assert r.jurisdictions() == ["XA", "XB", "XC"]
    keys = [e.key for e in r.entries_for(reference="SYN-REF-1")]
    assert keys == [("SYN-REF-1", "XA", ""), ("SYN-REF-1", "XA", "XA-law"), ("SYN-REF-1", "XB", ""),
                    ("SYN-REF-1", "XB", "XB-law"), ("SYN-REF-1", "XC", ""), ("SYN-REF-1", "XC", "XC-entity-1"),
                    ("SYN-REF-1", "XC", "XC-entity-2"), ("SYN-REF-1", "XC", "XC-district")]
    assert len(r.entries) == 16


def test_before_any_decision_everything_transposable_is_unreviewed(staged):
    r = staged["reports"][0]
    assert _figures(r, ("SYN-REF-1", "XC", "")) == fig(unrev=6, mg=2)
    assert r.baseline is None and r.snapshots == ()


@pytest.mark.parametrize("key", sorted(EXPECTED_STAGE_1))
def test_stage_1_figures(staged, key):
    assert _figures(staged["reports"][1], key) == EXPECTED_STAGE_1[key]


@pytest.mark.parametrize("key", sorted(EXPECTED_STAGE_2))
def test_stage_2_figures(staged, key):
    assert _figures(staged["reports"][2], key) == EXPECTED_STAGE_2[key]


def test_shares_are_over_the_transposable(staged):
    e = staged["reports"][2].entry("SYN-REF-1", "XB", "")
    assert e.figures.transposable == 7
    assert e.figures.share("full") == pytest.approx(1 / 7)
    assert e.figures.share("unreviewed") == pytest.approx(4 / 7)


def test_combined_rows_keep_each_acts_outcome(staged):
    e = staged["reports"][2].entry("SYN-REF-1", "XC", "")
    m1 = next(p for p in e.provisions if p.provision == "art_2__para_1")
    assert m1.outcome is status.Outcome.FULL
    assert dict(m1.per_act) == {"XC-entity-1": status.Outcome.NONE, "XC-entity-2": status.Outcome.FULL,
                                "XC-district": status.Outcome.UNREVIEWED}
    assert {n.act for n in m1.national} == {"XC-entity-2"}


def test_snapshots_hold_the_figures_of_their_time(staged):
    snaps = staged["snapshots"]
    assert [s.label for s in snaps] == ["S1", "S2"]
    assert snaps[0].source == "synthetic-review-1.xlsx"
    held = status.snapshot_entries(snaps[0])
    for key, want in EXPECTED_STAGE_1.items():
        assert {k: held[key].count(k) for k in KEYS} == want
    held2 = status.snapshot_entries(snaps[1])
    for key, want in EXPECTED_STAGE_2.items():
        assert {k: held2[key].count(k) for k in KEYS} == want
    assert snaps[1].figures["outcomes"]["SYN-REF-1|XC"]["art_2__para_1"] == "full"


def test_change_right_after_a_snapshot_is_against_the_one_before(staged):
    r = staged["reports"][2]          # now == S2, so the previous snapshot is S1
    assert r.baseline.label == "S1"
    ch = r.change(r.entry("SYN-REF-1", "XC", ""))
    assert {k: ch[k] for k in ("full", "partial", "none", "not_applicable", "unreviewed")} == \
        {"full": 1, "partial": -1, "none": 2, "not_applicable": 0, "unreviewed": -2}
    ch_xb = r.change(r.entry("SYN-REF-1", "XB", ""))
    assert ch_xb["transposable"] == 1 and ch_xb["text_not_held"] == -1


def test_change_after_new_decisions_is_against_the_latest_snapshot(staged):
    r = staged["reports"][3]
    assert r.baseline.label == "S2"
    assert _figures(r, ("SYN-REF-1", "XA", "")) == fig(full=4, none=1, na=1)
    ch = r.change(r.entry("SYN-REF-1", "XA", ""))
    assert ch["full"] == 1 and ch["unreviewed"] == -1 and ch["none"] == 0
    assert r.change(r.entry("SYN-REF-1", "XC", ""))["full"] == 0
    moved = r.moved(r.entry("SYN-REF-1", "XA", ""))
    assert [(p.provision, before) for p, before in moved] == [("art_2__para_2", "unreviewed")]


def test_since_picks_a_snapshot_by_label(staged):
    r = staged["reports"]["since_S1"]
    assert r.baseline.label == "S1"
    assert r.change(r.entry("SYN-REF-1", "XA", ""))["full"] == 2   # 4 now, 2 at S1


def test_unknown_since_is_a_clear_error(staged):
    with Project.open(staged["path"]) as p:
        with pytest.raises(InputError) as err:
            status.compute(p, since="H9 2099")
    assert "H9 2099" in err.value.message and "S1" in err.value.message


def test_trend_over_snapshots_then_now(staged):
    r = staged["reports"][3]
    pts = r.trend("SYN-REF-1", "XA")
    assert [(p.label, p.current) for p in pts] == [("S1", False), ("S2", False), ("now", True)]
    assert [round(p.figures.share("full"), 4) for p in pts] == [round(2 / 6, 4), round(3 / 6, 4), round(4 / 6, 4)]
    r2 = staged["reports"][2]        # now is S2: no extra point
    assert [p.label for p in r2.trend("SYN-REF-1", "XA")] == ["S1", "S2"]


def test_csv_has_one_row_per_reference_jurisdiction_and_level(staged):
    text = status.format_csv(staged["reports"][3])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == status.CSV_COLUMNS
    assert len(rows) == 16
    xc = next(r for r in rows if r["reference_act"] == "SYN-REF-1" and r["jurisdiction"] == "XC"
              and r["level"] == "jurisdiction")
    assert (xc["transposable"], xc["full"], xc["partial"], xc["none"], xc["unreviewed"]) == ("6", "2", "1", "2", "1")
    assert xc["full_pct"] == "33.3" and xc["baseline"] == "S2" and xc["full_change"] == "0"
    district = next(r for r in rows if r["national_act"] == "XC-district" and r["reference_act"] == "SYN-REF-1")
    # district: none 4, n/a 1, unreviewed 1 -> 4 of 6 transposable
    assert district["level"] == "act" and district["none_pct"] == "66.7" and district["unreviewed_machine_gaps"] == "1"


def test_json_output(staged):
    data = json.loads(status.format_json(staged["reports"][3]))
    assert data["baseline"]["label"] == "S2"
    assert [s["label"] for s in data["snapshots"]] == ["S1", "S2"]
    xa = next(e for e in data["entries"] if e["reference"] == "SYN-REF-1" and e["jurisdiction"] == "XA"
              and e["act"] is None)
    assert xa["counts"]["full"] == 4 and xa["shares"]["full"] == round(4 / 6, 4) and xa["change"]["full"] == 1


def test_table_output_names_every_act(staged):
    text = status.format_table(staged["reports"][3])
    assert "Change since snapshot 'S2'" in text
    for name in ("XA (all acts)", "XC-entity-1", "XC-district", "SYN-REF-2"):
        assert name in text
    xc_line = next(line for line in text.splitlines() if line.startswith("XC (all acts)"))
    assert "2 33.3%" in xc_line


def test_a_never_matched_act_has_no_proposed_gaps(tmp_path):
    with Project.create(tmp_path / "p.concordance") as p:
        ref = syn.reference_two()
        p.add_act(ref, "reference")
        p.add_act(syn.national("XD-law", "XD"), "national")
        report = status.compute(p)
    e = report.entry("SYN-REF-2", "XD", "XD-law")
    assert e.matched is False
    assert e.figures.machine_gaps == 0 and e.figures.unreviewed == e.figures.transposable


def test_snapshot_needs_a_label(staged):
    with Project.open(staged["path"]) as p:
        with pytest.raises(InputError):
            status.snapshot(p, "   ")


def test_unknown_reference_is_a_clear_error(staged):
    with Project.open(staged["path"]) as p:
        with pytest.raises(InputError) as err:
            status.compute(p, references=["NOPE"])
    assert "SYN-REF-1" in err.value.message


def test_a_report_limited_to_one_reference_act_compares_like_the_full_one(staged):
    r = staged["reports"]["ref2_after_S2"]
    assert [x.key for x in r.references] == ["SYN-REF-2"]
    assert r.baseline.label == "S1"     # now equals S2 for SYN-REF-2 too
    assert r.change(r.entry("SYN-REF-2", "XA"))["full"] == 1


def test_acts_without_a_jurisdiction_are_grouped_as_unassigned(tmp_path):
    with Project.create(tmp_path / "p.concordance") as p:
        p.add_act(syn.reference_two(), "reference")
        p.add_act(syn.national("XZ-law", ""), "national")
        report = status.compute(p)
    assert report.jurisdictions() == [status.UNASSIGNED]
    assert report.entry("SYN-REF-2", status.UNASSIGNED, "XZ-law") is not None
