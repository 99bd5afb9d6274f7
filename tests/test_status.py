"""Status rules as pure functions over PLAINLY synthetic concordance rows: one row's outcome, the
combination across a jurisdiction's acts, baselines, themes, and the CSV's safety."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pytest

from concordance import status
from concordance.errors import InputError
from concordance.model import (
    ActMeta,
    Compatibility,
    Concordance,
    ConcordanceRow,
    NationalRef,
    ProvisionClass,
    RowStatus,
)
from concordance.status import Outcome, combine_outcomes, row_outcome
from concordance.status.themes import assign_themes, load_themes, theme_of

O = Outcome
REF = ActMeta(key="SYN-REF", title="Synthetic Reference Act on Widgets", language="en", jurisdiction="EU")


def row(pid="art_1", klass=ProvisionClass.OBLIGATION, st=RowStatus.PROPOSED, grade=None, decided=None,
        text="Synthetic widgets shall be synthetic.", article=None):
    decided = (grade is not None and grade is not Compatibility.TO_REVIEW) if decided is None else decided
    return ConcordanceRow(pid, pid.replace("_", " "), text, klass, st, compatibility=grade, decided=decided,
                          article=article or pid.split("__")[0])


@pytest.mark.parametrize("r, want", [
    (row(grade=Compatibility.FULL), (O.FULL, False)),
    (row(grade=Compatibility.PARTIAL), (O.PARTIAL, False)),
    (row(grade=Compatibility.NONE, st=RowStatus.GAP), (O.NONE, False)),
    (row(grade=Compatibility.NOT_APPLICABLE, st=RowStatus.NOT_APPLICABLE), (O.NOT_APPLICABLE, False)),
    (row(grade=Compatibility.NOT_TRANSPOSABLE), (O.NOT_APPLICABLE, False)),
    (row(grade=Compatibility.DISCRETIONARY), (O.NOT_APPLICABLE, False)),
    (row(), (O.UNREVIEWED, False)),
    (row(st=RowStatus.GAP), (O.UNREVIEWED, True)),
    # an amendment reset the decision to "to review": unreviewed again
    (row(st=RowStatus.GAP, grade=Compatibility.TO_REVIEW), (O.UNREVIEWED, True)),
    # a machine-proposed FULL that nobody decided is still unreviewed
    (row(grade=Compatibility.FULL, decided=False), (O.UNREVIEWED, False)),
    (row(st=RowStatus.MISSING_TEXT, text=""), (O.TEXT_NOT_HELD, False)),
    # held in part, nothing found in the part held: a provision with text, unreviewed, never a gap
    (row(st=RowStatus.MISSING_TEXT), (O.UNREVIEWED, False)),
    (row(klass=ProvisionClass.NON_TRANSPOSABLE, st=RowStatus.NOT_APPLICABLE), (O.NOT_TRANSPOSABLE, False)),
    (row(st=RowStatus.NOT_APPLICABLE), (O.NOT_TRANSPOSABLE, False)),
    # confirming the machine's "non-transposable" does not move it into the base
    (row(klass=ProvisionClass.NON_TRANSPOSABLE, grade=Compatibility.NOT_APPLICABLE), (O.NOT_TRANSPOSABLE, False)),
    # humans outrank machines: graded rows the machine left out are counted
    (row(klass=ProvisionClass.NON_TRANSPOSABLE, grade=Compatibility.NONE), (O.NONE, False)),
    (row(st=RowStatus.MISSING_TEXT, grade=Compatibility.PARTIAL), (O.PARTIAL, False)),
])
def test_row_outcome(r, want):
    assert row_outcome(r) == want


U, UG = (O.UNREVIEWED, False), (O.UNREVIEWED, True)


@pytest.mark.parametrize("votes, want", [
    ([(O.FULL, False), (O.NONE, False), UG], (O.FULL, False)),
    ([(O.NONE, False), (O.PARTIAL, False)], (O.PARTIAL, False)),
    ([(O.PARTIAL, False), U], (O.PARTIAL, False)),
    ([(O.NONE, False), (O.NONE, False)], (O.NONE, False)),
    ([(O.NONE, False), (O.NOT_APPLICABLE, False)], (O.NONE, False)),
    ([(O.NOT_APPLICABLE, False), (O.NOT_APPLICABLE, False)], (O.NOT_APPLICABLE, False)),
    ([(O.NONE, False), UG], UG),            # not all decided: still open, a proposed gap
    ([(O.NONE, False), UG, U], U),          # one act has a proposal: not a proposed gap
    ([(O.TEXT_NOT_HELD, False), (O.TEXT_NOT_HELD, False)], (O.TEXT_NOT_HELD, False)),
    ([(O.NOT_TRANSPOSABLE, False)], (O.NOT_TRANSPOSABLE, False)),
    ([(O.NOT_TRANSPOSABLE, False), (O.NONE, False)], (O.NONE, False)),
])
def test_combination_rule(votes, want):
    assert combine_outcomes(votes) == want


def test_figures_tally_and_shares():
    ps = [status.ProvisionStatus(f"p{i}", "", "", "", "", ProvisionClass.OBLIGATION, "other", o, gap)
          for i, (o, gap) in enumerate([(O.FULL, False), (O.FULL, False), (O.PARTIAL, False), UG, U,
                                        (O.TEXT_NOT_HELD, False), (O.NOT_TRANSPOSABLE, False)])]
    f = status.Figures.tally(ps)
    assert (f.full, f.partial, f.unreviewed, f.machine_gaps, f.text_not_held, f.not_transposable) == (2, 1, 2, 1, 1, 1)
    assert f.transposable == 5 and f.share("full") == pytest.approx(0.4)
    assert status.Figures().share("full") == 0.0
    assert status.Figures.from_dict(f.as_dict()) == f


def _conc(national_key: str, rows, jurisdiction="XS"):
    nat = ActMeta(key=national_key, title=f"Synthetic Law {national_key}", language="en", jurisdiction=jurisdiction)
    return Concordance(REF, (nat,), tuple(rows), jurisdiction=jurisdiction)


def test_build_report_combines_acts_per_jurisdiction():
    a = _conc("XS-a", [row("art_1", grade=Compatibility.NONE), row("art_2", st=RowStatus.GAP)])
    b = _conc("XS-b", [row("art_1", grade=Compatibility.FULL), row("art_2", grade=Compatibility.NONE)])
    c = _conc("XT-a", [row("art_1"), row("art_2", grade=Compatibility.PARTIAL)], jurisdiction="XT")
    report = status.build_report([("XS", a), ("XS", b), ("XT", c)], computed_at="2026-01-01T00:00:00+00:00")
    xs = report.entry("SYN-REF", "XS")
    assert [p.outcome for p in xs.provisions] == [O.FULL, O.UNREVIEWED]
    assert xs.provisions[1].machine_gap is True
    assert (xs.figures.full, xs.figures.unreviewed, xs.figures.machine_gaps) == (1, 1, 1)
    assert [e.key for e in report.entries] == [("SYN-REF", "XS", ""), ("SYN-REF", "XS", "XS-a"),
                                               ("SYN-REF", "XS", "XS-b"), ("SYN-REF", "XT", ""),
                                               ("SYN-REF", "XT", "XT-a")]
    assert report.baseline is None and report.change(xs) is None


@dataclass
class Snap:
    id: int
    label: str
    taken_at: str
    figures: dict
    source: str = ""


def test_baseline_choice():
    a = _conc("XS-a", [row("art_1", grade=Compatibility.FULL)])
    now = status.build_report([("XS", a)])
    same = Snap(2, "S2", "2026-06-30T00:00:00Z", now.figures())
    older = Snap(1, "S1", "2026-01-31T00:00:00Z", {"entries": [
        {"reference": "SYN-REF", "jurisdiction": "XS", "act": "", "full": 0, "unreviewed": 1}]})
    # now equals the latest snapshot -> compare with the one before
    r = status.build_report([("XS", a)], [same, older])
    assert r.baseline.label == "S1" and r.change(r.entry("SYN-REF", "XS"))["full"] == 1
    assert r.current_recorded and [p.label for p in r.trend("SYN-REF", "XS")] == ["S1", "S2"]
    # something moved since the latest snapshot -> compare with it
    b = _conc("XS-a", [row("art_1", grade=Compatibility.NONE)])
    r2 = status.build_report([("XS", b)], [same, older])
    assert r2.baseline.label == "S2" and r2.change(r2.entry("SYN-REF", "XS"))["full"] == -1
    assert [p.label for p in r2.trend("SYN-REF", "XS")] == ["S1", "S2", "now"]
    # an entry absent from the baseline has no change
    assert r2.change(r2.entry("SYN-REF", "XS", "XS-a")) is not None
    assert status.build_report([("XS", a)], [older]).change(
        status.build_report([("XS", a)], [older]).entry("SYN-REF", "XS", "XS-a")) is None
    with pytest.raises(InputError):
        status.build_report([("XS", a)], [same], since="S9")
    assert status.build_report([("XS", a)], [same, older], since=2).baseline.label == "S2"


def test_csv_text_cannot_become_a_formula():
    nat = ActMeta(key="XS-a", title="=HYPERLINK(\"synthetic\")", language="en", jurisdiction="XS")
    conc = Concordance(REF, (nat,), (row("art_1"),))
    rows = list(csv.DictReader(io.StringIO(status.format_csv(status.build_report([("XS", conc)])))))
    act_row = next(r for r in rows if r["level"] == "act")
    assert act_row["national_title"] == "'=HYPERLINK(\"synthetic\")"
    assert act_row["full_change"] == "" and act_row["baseline"] == ""


# ---------------------------------------------------------------------------------------------
# themes
# ---------------------------------------------------------------------------------------------
def test_themes_file_has_the_issue_themes_in_order():
    book = load_themes()
    assert [t.id for t in book.themes] == ["definitions", "categories", "marking", "record_keeping", "acquisition",
                                          "deactivation", "alarm_weapons", "transfers", "information_exchange",
                                          "other"]
    assert book.fallback.id == "other"


@pytest.mark.parametrize("text, klass, want", [
    ("Synthetic text of any kind.", ProvisionClass.DEFINITION, "definitions"),
    ("Synthetic widgets shall be deactivated so that they are permanently inoperable.", None, "deactivation"),
    ("Each synthetic widget shall bear a unique marking with the serial number.", None, "marking"),
    ("Synthetic holders shall travel with a European firearms pass to another Member State.", None, "transfers"),
    ("Synthetic alarm and signal weapons shall not be convertible.", None, "alarm_weapons"),
    ("Synthetic data shall be recorded in a data-filing system and retained.", None, "record_keeping"),
    ("Synthetic text about nothing in particular.", None, None),
])
def test_theme_of_synthetic_sentences(text, klass, want):
    assert theme_of(text, "en", klass) == want


def test_a_short_point_takes_its_articles_theme():
    rows = [
        row("art_7__para_1", text="Synthetic widgets shall be deactivated by a synthetic body.", article="art_7"),
        row("art_7__para_2", text="The synthetic body referred to in paragraph 1 shall be independent.",
            article="art_7"),
        row("art_8", text="Synthetic text about nothing in particular.", article="art_8"),
    ]
    themes = assign_themes(rows, "en")
    assert themes == {"art_7__para_1": "deactivation", "art_7__para_2": "deactivation", "art_8": "other"}


def test_open_gap_definition():
    base = dict(provision="p", citation="", article="", heading="", text="", klass=ProvisionClass.OBLIGATION,
                theme="other")
    assert status.ProvisionStatus(**base, outcome=O.NONE).is_open_gap
    assert status.ProvisionStatus(**base, outcome=O.PARTIAL).is_open_gap
    assert status.ProvisionStatus(**base, outcome=O.UNREVIEWED, machine_gap=True).is_open_gap
    assert not status.ProvisionStatus(**base, outcome=O.UNREVIEWED).is_open_gap
    assert not status.ProvisionStatus(**base, outcome=O.TEXT_NOT_HELD).is_open_gap


def test_national_refs_are_merged_without_duplicates():
    ref = NationalRef("XS-a", "art_1", "Article 1")
    a = _conc("XS-a", [dataclass_replace(row("art_1", grade=Compatibility.FULL), national=(ref,))])
    b = _conc("XS-b", [dataclass_replace(row("art_1", grade=Compatibility.PARTIAL),
                                         national=(NationalRef("XS-b", "art_3", "Article 3"),))])
    xs = status.build_report([("XS", a), ("XS", b)]).entry("SYN-REF", "XS")
    assert [n.act for n in xs.provisions[0].national] == ["XS-a", "XS-b"]


def dataclass_replace(obj, **kw):
    import dataclasses

    return dataclasses.replace(obj, **kw)


def test_keyword_rules_take_over_without_the_glossary(monkeypatch):
    from concordance.status import themes as themes_mod

    monkeypatch.setattr(themes_mod, "_concept_hits", lambda *a, **k: {})
    assert theme_of("Synthetic widgets shall be deactivated so that they are inoperable.") == "deactivation"
    assert theme_of("Synthetic holders need a European firearms pass to travel.") == "transfers"
    assert theme_of("Synthetic records shall be kept in a data-filing system.") == "record_keeping"
    assert theme_of("Synthetic nothing.") is None


def test_every_glossary_theme_is_claimed_by_a_dashboard_theme():
    """A theme added to concepts.toml must be mapped in themes.toml, or its hits would be lost.
    The glossary's "definitions" concepts are left out on purpose: definitions come from the
    provision's class, and words like "essential component" occur in every kind of provision."""
    concepts = pytest.importorskip("concordance.match.concepts")
    claimed = {name for t in load_themes().themes for name in t.concept_themes}
    assert set(concepts.themes()) - claimed == {"definitions"}
    ignored = load_themes().ignored_concepts
    assert ignored and all(concepts.CONCEPTS.get(cid) is not None for cid in ignored)


def test_every_csv_column_is_documented():
    doc = " ".join(status.__doc__.split())
    for column in status.CSV_COLUMNS:
        assert column in doc.replace("``", ""), column
