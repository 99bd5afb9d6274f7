"""The two engines: a project in a PostgreSQL database behaves as a project file does, and a
project is copied between them (``concordance copy``) losing nothing. Synthetic widget acts."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target, pg_target: a new project on each engine

from store_synthetic import match_result, national_act, reference_act  # noqa: E402

from concordance.cli import main  # noqa: E402
from concordance.model import Compatibility  # noqa: E402
from concordance.review import export_review, import_review  # noqa: E402
from concordance.review.common import column_key  # noqa: E402
from concordance.store import SCHEMA_VERSION, Project, ProjectError  # noqa: E402


def _filled(target: str, tmp_path: Path) -> Path:
    """A project with acts, a run, a decision and an export; returns the exported workbook."""
    with Project.create(target) as p:
        ref, nat = reference_act(), national_act()
        p.add_act(ref, "reference")
        p.add_act(nat, "national")
        p.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat))
        p.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                       compatibility=Compatibility.PARTIAL, reviewer="Ana")
        p.set_national_note("SYN-REF", "SYN-NAT", "art_1", comment="widget note", authority="Widget office",
                            reviewer="Ana")
        p.save_snapshot("synthetic Q1", {"entries": []})
        return export_review(p, tmp_path / "review.xlsx", reverse_level="provision")


def _state(target: str) -> dict:
    with Project.open(target) as p:
        s = p.summary()
        return {"acts": s["acts"], "runs": [(m.reference_key, m.national_key) for m in p.match_runs()],
                "decisions": p.decisions(), "events": [(e.id, e.action, e.object, e.who, e.new) for e in p.events()],
                "exports": s["exports"], "snapshots": s["snapshots"], "notes": p.national_notes(),
                "national_rows": [p.export(e["id"]).national_rows for e in s["exports"]],
                "concordance": [(r.reference_provision, r.compatibility, [n.provision for n in r.national])
                                for r in p.concordance("SYN-REF").rows]}


def test_copy_file_to_database_and_back_loses_nothing(pg_target, tmp_path):
    src = str(tmp_path / "p.concordance")
    workbook = _filled(src, tmp_path)
    before = _state(src)
    r = CliRunner().invoke(main, ["copy", src, pg_target, "--who", "tester"])
    assert r.exit_code == 0, r.output
    assert "copied" in r.output and "1 decisions" in r.output
    after = _state(pg_target)
    assert after["events"][:-1] == before["events"] and after["events"][-1][1] == "copy"
    assert {k: v for k, v in after.items() if k != "events"} == {k: v for k, v in before.items() if k != "events"}
    back = str(tmp_path / "back.concordance")
    assert CliRunner().invoke(main, ["copy", pg_target, back]).exit_code == 0
    assert {k: v for k, v in _state(back).items() if k != "events"} == {
        k: v for k, v in before.items() if k != "events"}
    # the workbook exported before the copy imports into the copy; new ids continue after the old
    wb = openpyxl.load_workbook(workbook)
    ws = wb.worksheets[0]
    cols = {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}
    ws.cell(3, cols["compatibility"]).value = "none"
    wb.save(tmp_path / "edited.xlsx")
    with Project.open(pg_target) as p:
        rep = import_review(p, tmp_path / "edited.xlsx", "Bo")
        assert rep.count("changed") == 1
        ids = [e.id for e in p.events()]
        assert ids == sorted(set(ids))
        p.set_national_note("SYN-REF", "SYN-NAT", "art_2__para_1", authority="Register office", reviewer="Bo")
        assert [n.national_provision for n in p.national_notes()] == ["art_1", "art_2__para_1"]
    # a target that exists is refused, and left as it was
    r = CliRunner().invoke(main, ["copy", src, back])
    assert r.exit_code == 2 and "already exists" in r.output


def test_database_project_is_recognised_and_refused_like_a_file(pg_target):
    with pytest.raises(ProjectError, match="holds no concordance project"):
        Project.open(pg_target)
    with Project.create(pg_target) as p:
        assert p.schema_version == SCHEMA_VERSION and p.engine == "postgresql"
        p._conn.execute("UPDATE concordance_project SET schema_version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(pg_target)
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(pg_target)


def test_database_with_other_tables_is_left_alone(pg_target):
    import psycopg

    with psycopg.connect(pg_target, autocommit=True) as conn:
        conn.execute("CREATE TABLE budget (x int)")
    with pytest.raises(ProjectError, match="tables of another program"):
        Project.create(pg_target)
    with pytest.raises(ProjectError, match="holds no concordance project"):
        Project.open(pg_target)


def test_unreachable_server_is_a_clear_error():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"postgresql://someone:secret@127.0.0.1:{port}/nothing"
    with pytest.raises(ProjectError) as exc:
        Project.open(url)
    msg = str(exc.value)
    assert "cannot be reached" in msg and "secret" not in msg and "***" in msg


def test_init_with_db_option_and_environment(pg_target, tmp_path, monkeypatch):
    r = CliRunner().invoke(main, ["init", "--db", pg_target])
    assert r.exit_code == 0 and "created project postgresql://" in r.output
    r = CliRunner().invoke(main, ["show", pg_target, "--format", "json"])
    assert r.exit_code == 0 and '"schema_version": %d' % SCHEMA_VERSION in r.output
    # $CONCORDANCE_DB names the database when no PROJECT is given; a file named wins over it
    monkeypatch.setenv("CONCORDANCE_DB", pg_target)
    r = CliRunner().invoke(main, ["init"])
    assert r.exit_code == 2 and "already exists" in r.output
    r = CliRunner().invoke(main, ["init", str(tmp_path / "own.concordance")])
    assert r.exit_code == 0 and (tmp_path / "own.concordance").is_file()


def test_a_project_at_schema_1_is_upgraded_on_open(store_target):
    """Migrations run on both engines: a project written at schema 1 (before the event-log
    indexes) opens, is brought to the current schema, and keeps its rows."""
    import sqlite3

    from concordance.store import APPLICATION_ID, MIGRATIONS
    from concordance.store.schema import PG_MARKER, postgres_ddl

    if store_target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(store_target, autocommit=True) as conn:
            conn.execute(f"CREATE TABLE {PG_MARKER} (application_id INTEGER NOT NULL, schema_version INTEGER NOT NULL)")
            conn.execute(f"INSERT INTO {PG_MARKER} VALUES (%s, 1)", (APPLICATION_ID,))
            conn.execute(postgres_ddl(MIGRATIONS[0]))
            conn.execute("INSERT INTO events (at, action, object) VALUES ('2026-01-01T00:00:00Z', 'init', 'old')")
    else:
        conn = sqlite3.connect(store_target)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
        conn.execute("INSERT INTO events (at, action, object) VALUES ('2026-01-01T00:00:00Z', 'init', 'old')")
        conn.commit()
        conn.close()
    with Project.open(store_target) as p:
        assert p.schema_version == SCHEMA_VERSION == 4
        assert [(e.action, e.object) for e in p.events()] == [("init", "old")]
        assert p.national_notes() == []   # migration 4 (issue 13): notes on national provisions
        assert [e.object for e in p.log_events(since="2026-01-01")] == ["old"]
        p.record_event("after upgrade", "new")
        assert [e.id for e in p.events()] == [1, 2]


def test_a_row_held_too_long_by_another_program_is_a_clear_error(pg_target, monkeypatch):
    """A writer waits for rows another connection holds, up to Project.busy_timeout, then stops with
    nothing written and says the project is in use."""
    from concordance import store
    from concordance.model import Compatibility

    monkeypatch.setattr(store.Project, "busy_timeout", 0.3)
    key = ("SYN-REF", "art_1", "SYN-NAT")
    with Project.create(pg_target) as first:
        first.add_act(reference_act(), "reference")
        first.add_act(national_act(), "national")
        with first.transaction():
            first.lock_decisions([key])
            with pytest.raises(ProjectError, match="in use by another program"):
                with Project.open(pg_target) as second:  # a command: its errors said in plain words
                    second.set_decision(*key, national_provisions=["art_1"], compatibility=Compatibility.FULL,
                                        reviewer="Bo")
        assert first.decision(*key) is None and first.events(object="SYN-REF:art_1 -> SYN-NAT") == []
