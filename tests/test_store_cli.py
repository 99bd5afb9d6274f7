"""The project commands: init, add (a bundled key or a file, --amends), show; errors without
tracebacks. The national law here is PLAINLY synthetic (a "Zakon o sintetičkim vidžetima" written
for the test) so that an amendment can be made by editing one line of it."""
from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from concordance.cli import main
from concordance.model import Compatibility
from concordance.review.common import column_key
from concordance.store import Project

LAW = """ZAKON O SINTETIČKIM VIDŽETIMA
(sintetički tekst za testove)

Član 1
Ovim sintetičkim zakonom uređuju se sintetički vidžeti.

Član 2
Svaki sintetički vidžet upisuje se u sintetički registar.
Sintetički registar vidžeta čuva se 20 godina.

Član 3
Sintetički vidžet označava se serijskim brojem.
"""


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_init_add_show_and_errors(tmp_path):
    project = tmp_path / "p.concordance"
    r = invoke("init", project)
    assert r.exit_code == 0 and project.is_file()
    r = invoke("init", project)
    assert r.exit_code == 2 and "already exists" in r.output and "Traceback" not in r.output
    r = invoke("show", project)
    assert r.exit_code == 0 and "none yet" in r.output
    r = invoke("add", project, "NO-SUCH-ACT-KEY", "--role", "national")
    assert r.exit_code == 2 and "NO-SUCH-ACT-KEY" in r.output and "Traceback" not in r.output
    r = invoke("add", project, "UN-firearms-protocol-2001", "--role", "reference")
    assert r.exit_code == 0, r.output
    law = tmp_path / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    r = invoke("add", project, law, "--role", "national", "--lang", "cnr", "--jurisdiction", "ME")
    assert r.exit_code == 0, r.output
    r = invoke("add", project, law, "--role", "national", "--lang", "cnr")
    assert r.exit_code == 2 and "--amends widgets" in r.output
    data = json.loads(invoke("show", project, "--format", "json").output)
    acts = {a["key"]: a for a in data["acts"]}
    assert acts["widgets"]["jurisdiction"] == "ME" and acts["widgets"]["provisions"] == 7
    assert acts["widgets"]["source"] == str(law)
    with Project.open(project) as p:
        assert len(p.acts()[1].file_sha256) == 64
        assert [e.action for e in p.events()] == ["init", "add_act", "add_act"]


def test_add_amends_carries_decisions_and_flags_changed_text(tmp_path):
    project = tmp_path / "p.concordance"
    invoke("init", project)
    invoke("add", project, "UN-firearms-protocol-2001", "--role", "reference")
    v1 = tmp_path / "widgets.txt"
    v1.write_text(LAW, encoding="utf-8")
    assert invoke("add", project, v1, "--role", "national", "--lang", "cnr").exit_code == 0
    with Project.open(project) as p:
        rows = [r.reference_provision for r in p.concordance("UN-firearms-protocol-2001").rows]
        p.set_decision("UN-firearms-protocol-2001", rows[0], "widgets", national_provisions=["art_3__para_1"],
                       compatibility=Compatibility.FULL, reviewer="Ana")
        p.set_decision("UN-firearms-protocol-2001", rows[1], "widgets", national_provisions=["art_2__para_2"],
                       compatibility=Compatibility.PARTIAL, reviewer="Ana")
    v2 = tmp_path / "widgets-2.txt"
    v2.write_text(LAW.replace("20 godina", "30 godina"), encoding="utf-8")
    r = invoke("add", project, v2, "--role", "national", "--lang", "cnr", "--amends", "widgets", "--who", "drafter")
    assert r.exit_code == 0, r.output
    assert "version 2" in r.output and "marked to review (text changed): 1" in r.output
    with Project.open(project) as p:
        assert p.decision("UN-firearms-protocol-2001", rows[0], "widgets").compatibility is Compatibility.FULL
        changed = p.decision("UN-firearms-protocol-2001", rows[1], "widgets")
        assert changed.compatibility is Compatibility.TO_REVIEW and changed.previous["compatibility"] == "partial"
        ev = p.events(action="amendment_review")
        assert len(ev) == 1 and ev[0].who == "drafter" and ev[0].source_file == str(v2)
    out = tmp_path / "review.xlsx"
    r = invoke("review", "export", project, "-o", out)
    assert r.exit_code == 0 and "no match has been run" in r.output
    ws = openpyxl.load_workbook(out)["Review"]
    col = {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}
    texts = {ws.cell(r, col["national_citation"]).value: (ws.cell(r, col["changed"]).value,
                                                          ws.cell(r, col["national_text"]).value)
             for r in range(2, ws.max_row + 1) if ws.cell(r, col["row_id"]).value}
    old, new = texts["član 2 stav 2"]
    assert "20 godina" in old and "partial" in old and "30 godina" in new


def test_amends_takes_role_and_metadata_from_the_amended_act(tmp_path):
    project = tmp_path / "p.concordance"
    invoke("init", project)
    v1 = tmp_path / "widgets.txt"
    v1.write_text(LAW, encoding="utf-8")
    r = invoke("add", project, v1, "--role", "national", "--lang", "cnr", "--jurisdiction", "ME")
    assert r.exit_code == 0, r.output
    with Project.open(project) as p:
        before = p.act_record("widgets").meta
    v2 = tmp_path / "zakon-v2-nacrt.txt"   # another file name: nothing to infer the act from
    v2.write_text(LAW.replace("20 godina", "30 godina"), encoding="utf-8")
    r = invoke("add", project, v2, "--role", "reference", "--amends", "widgets")
    assert r.exit_code == 2 and "contradicts" in r.output and "Traceback" not in r.output
    r = invoke("add", project, v2, "--amends", "widgets")
    assert r.exit_code == 0, r.output
    assert "national, ME" in r.output and "version 2" in r.output
    with Project.open(project) as p:
        rec = p.act_record("widgets")
        assert rec.role == "national" and rec.version == 2
        assert (rec.meta.title, rec.meta.language, rec.meta.jurisdiction, rec.meta.short_title) == (
            before.title, before.language, before.jurisdiction, before.short_title)
        assert "30 godina" in p.act("widgets").full_text("art_2__para_2")


def test_match_events_record_who(tmp_path, monkeypatch):
    from concordance.cli.project_cmd import login_name, project_match

    monkeypatch.setenv("USER", "synthetic-user")
    assert login_name() == "synthetic-user"
    project = tmp_path / "p.concordance"
    invoke("init", project)
    invoke("add", project, "UN-firearms-protocol-2001", "--role", "reference")
    law = tmp_path / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    invoke("add", project, law, "--role", "national", "--lang", "cnr")
    project_match(project, use_embeddings=False)
    with Project.open(project) as p:
        assert [e.who for e in p.events(action="match")] == ["synthetic-user"]
    monkeypatch.delenv("USER")
    monkeypatch.setattr("getpass.getuser", lambda: (_ for _ in ()).throw(OSError("no login")))
    assert login_name() == "cli"


def test_match_who_option_is_recorded(tmp_path):
    project = tmp_path / "p.concordance"
    invoke("init", project)
    invoke("add", project, "UN-firearms-protocol-2001", "--role", "reference")
    law = tmp_path / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    invoke("add", project, law, "--role", "national", "--lang", "cnr")
    invoke("match", project, "--no-embeddings", "--who", "Synthetic Adviser")
    with Project.open(project) as p:
        assert [e.who for e in p.events(action="match")] == ["Synthetic Adviser"]


def test_keys_and_jurisdictions_with_path_parts_are_refused(tmp_path):
    """Issue 11: act keys and jurisdiction codes from the command line, or reaching the project,
    hold no path separator and no '..'."""
    import dataclasses

    import pytest

    from concordance.store import ProjectError

    project = tmp_path / "p.concordance"
    law = tmp_path / "zakon.txt"
    law.write_text(LAW, encoding="utf-8")
    assert invoke("init", project).exit_code == 0
    r = invoke("add", project, law, "--role", "national", "--jurisdiction", "../ME", "--lang", "cnr")
    assert r.exit_code == 2 and "not usable" in r.output and "Traceback" not in r.output
    r = invoke("add", project, law, "--amends", "ME/zakon")
    assert r.exit_code == 2 and "not usable" in r.output
    from concordance.parse import parse_file

    act = parse_file(law, lang="cnr", jurisdiction="ME")
    with Project.open(project) as p:
        with pytest.raises(ProjectError, match="not usable"):
            p.add_act(dataclasses.replace(act, meta=dataclasses.replace(act.meta, key="x/../../y")), "national")
        assert p.acts() == []
