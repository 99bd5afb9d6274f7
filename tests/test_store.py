"""The project store: schema, acts and versions, proposals vs decisions, amendments, events.

Uses the PLAINLY synthetic widget acts in tests/fixtures/store/store_synthetic.py (fast, exact).
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target, pg_target: a new project on each engine

from store_synthetic import (match_result, national_act, reference_act,  # noqa: E402
                       second_national)

from concordance.model import Compatibility, RowStatus  # noqa: E402
from concordance.store import (SCHEMA_VERSION, ConflictError, Project, ProjectError,  # noqa: E402
                               is_project, subtree_hashes)


@pytest.fixture
def project(store_target):
    """The synthetic project, on each engine (SQLite file; PostgreSQL schema)."""
    with Project.create(store_target) as p:
        ref, nat = reference_act(), national_act()
        p.add_act(ref, "reference")
        p.add_act(nat, "national", who="tester")
        p.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat))
        yield p


def test_create_open_and_schema(tmp_path):
    path = tmp_path / "x.concordance"
    with Project.create(path) as p:
        assert p.schema_version == SCHEMA_VERSION
    assert is_project(path)
    with Project.open(path) as p:
        assert p.acts() == []
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(ProjectError, match="not a concordance project"):
        Project.open(other)
    with pytest.raises(ProjectError, match="no project file"):
        Project.open(tmp_path / "missing.concordance")


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "x.concordance"
    Project.create(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path)


def test_acts_round_trip(project):
    nat = national_act()
    stored = project.act("SYN-NAT")
    assert stored.provisions == nat.provisions
    assert stored.meta == nat.meta
    recs = project.acts()
    assert [(r.key, r.role, r.version, r.provisions) for r in recs] == [
        ("SYN-REF", "reference", 1, 5), ("SYN-NAT", "national", 1, 6)]
    assert project.jurisdictions() == {"ME": ["SYN-NAT"]}
    with pytest.raises(ProjectError, match="already holds an act SYN-NAT"):
        project.add_act(nat, "national")
    with pytest.raises(ProjectError, match="no act 'NOPE'"):
        project.act("NOPE")


def test_concordance_shows_proposals_until_decided(project):
    c = project.concordance("SYN-REF")
    assert [r.reference_provision for r in c.rows] == ["art_1", "art_2__para_1", "art_2__para_2", "art_3"]
    first = c.rows[0]
    assert not first.decided and first.compatibility is None
    assert [n.provision for n in first.national] == ["art_1"]   # art_4 scores far lower: not proposed
    assert first.score == pytest.approx(0.82)
    assert c.rows[3].status is RowStatus.NOT_APPLICABLE and c.rows[3].national == ()
    assert c.jurisdiction == "ME"

    project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1", "art_4"],
                         compatibility=Compatibility.PARTIAL, reasons="synthetic reason", reviewer="Ana")
    row = project.concordance("SYN-REF").rows[0]
    assert row.decided and row.compatibility is Compatibility.PARTIAL
    assert [n.provision for n in row.national] == ["art_1", "art_4"]
    assert row.reviewer == "Ana" and row.decided_at and row.reasons == "synthetic reason"
    assert row.national[0].citation == "član 1" and row.national[0].act_short == "SNA"


def test_rematch_never_overwrites_a_decision(project):
    project.set_decision("SYN-REF", "art_2__para_1", "SYN-NAT", national_provisions=["art_3"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    ref, nat = project.act("SYN-REF"), project.act("SYN-NAT")
    # the machine now proposes something else, with high confidence
    project.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat, {"art_2__para_1": [("art_4", 0.99)]}))
    d = project.decision("SYN-REF", "art_2__para_1", "SYN-NAT")
    assert d.national_provisions == ("art_3",) and d.compatibility is Compatibility.FULL and d.row_version == 1
    row = project.concordance("SYN-REF").rows[1]
    assert row.decided and [n.provision for n in row.national] == ["art_3"]
    assert len(project.match_runs()) == 2


def test_several_national_acts_best_compatibility(project):
    second = second_national()
    project.add_act(second, "national")
    project.store_match("SYN-REF", "SYN-NAT-2", match_result(project.act("SYN-REF"), second))
    project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                         compatibility=Compatibility.PARTIAL, reviewer="Ana")
    project.set_decision("SYN-REF", "art_1", "SYN-NAT-2", national_provisions=["art_1"],
                         compatibility=Compatibility.FULL, reviewer="Bo")
    c = project.concordance("SYN-REF")
    assert [a.key for a in c.national] == ["SYN-NAT", "SYN-NAT-2"]
    row = c.rows[0]
    assert row.compatibility is Compatibility.FULL and row.reviewer == "Bo"
    assert [(n.act, n.provision) for n in row.national] == [("SYN-NAT", "art_1"), ("SYN-NAT-2", "art_1")]
    # undecided row: proposals of both acts
    assert [(n.act, n.provision) for n in c.rows[1].national] == [
        ("SYN-NAT", "art_2__para_1"), ("SYN-NAT-2", "art_2__para_1")]
    # per act
    only = project.concordance("SYN-REF", ["SYN-NAT"])
    assert only.rows[0].compatibility is Compatibility.PARTIAL
    assert project.jurisdictions() == {"ME": ["SYN-NAT", "SYN-NAT-2"]}


def test_set_decision_guards_row_version_and_logs_events(project):
    d1 = project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                              compatibility=Compatibility.FULL, reviewer="Ana", source_file="a.xlsx",
                              source_sha256="abc", expected_row_version=0)
    assert d1.row_version == 1
    with pytest.raises(ConflictError):
        project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=[],
                             compatibility=Compatibility.NONE, reviewer="Bo", expected_row_version=0)
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL
    project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=[], compatibility="none",
                         reviewer="Bo", expected_row_version=1)
    ev = project.events(object="SYN-REF:art_1 -> SYN-NAT")
    assert [e.action for e in ev] == ["decide", "decide"]
    assert ev[0].old is None and ev[0].new["compatibility"] == "full"
    assert ev[0].who == "Ana" and ev[0].source_file == "a.xlsx" and ev[0].source_sha256 == "abc"
    assert ev[1].old["compatibility"] == "full" and ev[1].new["compatibility"] == "none"
    with pytest.raises(ProjectError, match="no provision"):
        project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_99"],
                             compatibility=Compatibility.FULL)


def test_a_failed_write_leaves_nothing(project):
    before = len(project.events())
    with pytest.raises(RuntimeError):
        with project.transaction():
            project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                                 compatibility=Compatibility.FULL, reviewer="Ana")
            raise RuntimeError("power cut")
    assert project.decision("SYN-REF", "art_1", "SYN-NAT") is None
    assert len(project.events()) == before


def test_amendment_carries_unchanged_follows_renumbering_flags_changed(project):
    for rid, nid in [("art_1", "art_1"), ("art_2__para_1", "art_2__para_1"), ("art_2__para_2", "art_2__para_2")]:
        project.set_decision("SYN-REF", rid, "SYN-NAT", national_provisions=[nid],
                             compatibility=Compatibility.FULL, reviewer="Ana")
    project.set_decision("SYN-REF", "art_3", "SYN-NAT", national_provisions=["art_4"],
                         compatibility=Compatibility.PARTIAL, reviewer="Ana")
    old = national_act()
    # new version: art_1 unchanged; 2(2) text changed; art_4's text moved to a new art_5 and art_4 got new text
    new = national_act(texts={"art_2__para_2": "Sintetički registar vidžeta čuva se 30 godina.",
                              "art_4": "Nova sintetička odredba.", "art_5": old.get("art_4").text})
    key = project.add_act(new, "national", source_path=None, amends="SYN-NAT", who="drafter")
    assert key == "SYN-NAT" and project.act_record("SYN-NAT").version == 2
    d1 = project.decision("SYN-REF", "art_1", "SYN-NAT")
    assert d1.compatibility is Compatibility.FULL and d1.row_version == 1          # untouched
    d3 = project.decision("SYN-REF", "art_3", "SYN-NAT")
    assert d3.national_provisions == ("art_5",) and d3.compatibility is Compatibility.PARTIAL  # followed
    d22 = project.decision("SYN-REF", "art_2__para_2", "SYN-NAT")
    assert d22.compatibility is Compatibility.TO_REVIEW and d22.row_version == 2
    assert d22.previous["compatibility"] == "full"
    assert d22.previous["old_texts"] == {"art_2__para_2": "Sintetički registar vidžeta čuva se 20 godina."}
    row = project.concordance("SYN-REF").rows[2]
    assert not row.decided and row.compatibility is Compatibility.TO_REVIEW
    assert row.national[0].text == "Sintetički registar vidžeta čuva se 30 godina."
    actions = [e.action for e in project.events()]
    assert "amend_act" in actions and "amendment_review" in actions and "amendment_carry" in actions
    # the old version is still there
    assert project.act("SYN-NAT", version=1).get("art_2__para_2").text.endswith("20 godina.")
    assert project.summary()["match_runs"][0]["stale"] is True


def test_amending_needs_same_role(project):
    with pytest.raises(ProjectError, match="national act, not a reference"):
        project.add_act(national_act(), "reference", amends="SYN-NAT")


def test_subtree_hash_sees_a_changed_paragraph():
    a = national_act()
    b = national_act(texts={"art_2__para_2": "promijenjeno"})
    ha, hb = subtree_hashes(a), subtree_hashes(b)
    assert ha["art_2"] != hb["art_2"] and ha["art_1"] == hb["art_1"]
    # white space alone is not a change
    c = national_act(texts={"art_1": "Ovim  sintetičkim zakonom\nuređuju se vidžeti. "})
    assert subtree_hashes(c)["art_1"] == ha["art_1"]


def test_snapshots(project):
    sid = project.save_snapshot("H2 2026", {"ME": {"full": 3}}, source="unit test")
    snaps = project.snapshots()
    assert [(s.id, s.label, s.figures, s.source) for s in snaps] == [(sid, "H2 2026", {"ME": {"full": 3}}, "unit test")]


def test_amending_the_reference_act(project):
    from concordance.model import Act, Provision
    project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    project.set_decision("SYN-REF", "art_2__para_1", "SYN-NAT", national_provisions=["art_2__para_1"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    project.set_decision("SYN-REF", "art_3", "SYN-NAT", national_provisions=[],
                         compatibility=Compatibility.NOT_APPLICABLE, reviewer="Ana")
    old = reference_act()
    # new version: Article 2(1) reworded, a new Article 3 inserted, the old Article 3 is now Article 4
    provs = [p for p in old.provisions if p.id != "art_3"]
    provs = [Provision(p.id, p.kind, p.num, p.heading,
                       "Each synthetic state shall register every widget and every gadget." if p.id == "art_2__para_1"
                       else p.text, p.parent, p.citation) for p in provs]
    provs.append(Provision("art_3", "article", "3", None, "A new synthetic article on gadgets.", None, "Article 3"))
    provs.append(Provision("art_4", "article", "4", None, old.get("art_3").text, None, "Article 4"))
    project.add_act(Act(meta=old.meta, provisions=tuple(provs)), "reference", amends="SYN-REF")
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL
    d21 = project.decision("SYN-REF", "art_2__para_1", "SYN-NAT")
    assert d21.compatibility is Compatibility.TO_REVIEW and d21.previous["side"] == "reference"
    assert "every widget." in d21.previous["old_texts"]["art_2__para_1"]
    assert project.decision("SYN-REF", "art_3", "SYN-NAT") is None          # moved with its text
    moved = project.decision("SYN-REF", "art_4", "SYN-NAT")
    assert moved.compatibility is Compatibility.NOT_APPLICABLE


def test_only_the_store_package_speaks_sql():
    """The architecture rule (DESIGN.md): SQL lives in concordance/store/ and nowhere else."""
    import re

    package = Path(__file__).resolve().parents[1] / "concordance"
    sql = re.compile(r"^\s*(import (sqlite3|psycopg)|from (sqlite3|psycopg) import)", re.MULTILINE)
    outside = [str(f.relative_to(package)) for f in package.rglob("*.py")
               if "store" not in f.relative_to(package).parts[:1] and sql.search(f.read_text(encoding="utf-8"))]
    assert outside == []
    inside = [f.name for f in (package / "store").glob("*.py") if sql.search(f.read_text(encoding="utf-8"))]
    assert "engine.py" in inside and "project.py" in inside  # the rule above is looking at the right thing


def test_shipped_migrations_are_never_edited():
    """Project files made by earlier versions must open unchanged: migration 1 is frozen text."""
    import hashlib

    from concordance.store import MIGRATIONS

    assert hashlib.sha256(MIGRATIONS[0].encode("utf-8")).hexdigest() == (
        "da2d37714c5d05d4f80ec1f99f2d6d6ea2387a563b19dc8a1b4fc6d022af2279")
    assert hashlib.sha256(MIGRATIONS[1].encode("utf-8")).hexdigest() == (
        "4653fb9448d78c0e969d408dcdb78cb91a0c4e6ff37f4f85ab0b7547b697f751")
    assert hashlib.sha256(MIGRATIONS[2].encode("utf-8")).hexdigest() == (
        "c2e520586e4e6eed5fbfd9f130277a5aaaa5e3431475592ff1a481e793dd5334")
    assert hashlib.sha256(MIGRATIONS[3].encode("utf-8")).hexdigest() == (
        "426c01dddb243b4decbc627a917f29e595d45e39024735f4b2d683bd960bd17c")


def test_names_importable_from_the_store_package():
    """``concordance.store`` became a package; every name callers imported from it still resolves."""
    from concordance import store

    names = ["Project", "ActRecord", "Decision", "Event", "Snapshot", "ExportRecord", "MatchRun",
             "ProjectError", "ConflictError", "text_hash", "subtree_hashes", "file_sha256", "is_project",
             "proposed_candidates", "COMPATIBILITY_RANK", "best_compatibility", "database_problem",
             "SCHEMA_VERSION", "MIGRATIONS", "APPLICATION_ID", "ROLES", "PROPOSAL_SHARE",
             "PROPOSAL_MAX", "now"]
    assert [n for n in names if not hasattr(store, n)] == []
    assert all(hasattr(store, n) for n in store.__all__)
