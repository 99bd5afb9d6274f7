"""``concordance status``, ``snapshot`` and ``dashboard`` on a PLAINLY synthetic project."""
from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.cli import main
from concordance.store import Project

_spec = importlib.util.spec_from_file_location(
    "status_synthetic", Path(__file__).parent / "fixtures" / "status" / "synthetic.py")
syn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(syn)


@pytest.fixture()
def project(tmp_path):
    path = tmp_path / "synthetic.concordance"
    with Project.create(path) as p:
        syn.build_small(p)
        syn.apply_stage(p, syn.STAGE_1)
    return path


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result


def test_snapshot_then_status_shows_the_change(project):
    r = run("snapshot", project, "--label", "H1 2026", "--source", "synthetic meeting")
    assert r.exit_code == 0, r.output
    assert "'H1 2026'" in r.output and "16 figure rows" in r.output
    with Project.open(project) as p:
        syn.apply_stage(p, syn.STAGE_2)
    r = run("status", project)
    assert r.exit_code == 0, r.output
    assert "Change since snapshot 'H1 2026'" in r.output
    xc = next(line for line in r.output.splitlines() if line.startswith("XC (all acts)"))
    # XC combined: full 1 -> 2 of 6 (see tests/test_status_project.py)
    assert "2 33.3% +1" in xc


def test_status_json_and_csv(project, tmp_path):
    run("snapshot", project, "--label", "S1")
    r = run("status", project, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    xa = next(e for e in data["entries"] if e["reference"] == "SYN-REF-1" and e["jurisdiction"] == "XA"
              and e["act"] is None)
    assert xa["counts"]["full"] == 2 and xa["counts"]["partial"] == 1
    r = run("status", project, "--format", "csv", "--reference", "SYN-REF-2")
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert {row["reference_act"] for row in rows} == {"SYN-REF-2"} and len(rows) == 8
    out = tmp_path / "figures.csv"
    r = run("status", project, "--format", "csv", "-o", out)
    assert r.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")   # BOM, so Excel reads UTF-8
    assert len(list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))) == 16


def test_dashboard_command(project, tmp_path):
    r = run("dashboard", project, "-o", tmp_path / "site", "--title", "Synthetic <progress> report")
    assert r.exit_code == 0, r.output
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Synthetic &lt;progress&gt; report" in html


def test_errors_are_one_paragraph_and_exit_2(project, tmp_path):
    r = run("status", tmp_path / "missing.concordance")
    assert r.exit_code == 2 and "Traceback" not in r.output and "missing.concordance" in r.output
    r = run("status", project, "--since", "H9 2099")
    assert r.exit_code == 2 and "no snapshot" in r.output
    r = run("status", project, "--reference", "NOPE")
    assert r.exit_code == 2 and "SYN-REF-1" in r.output
    r = run("snapshot", project, "--label", " ")
    assert r.exit_code == 2 and "label" in r.output
    (tmp_path / "afile").write_text("synthetic", encoding="utf-8")
    r = run("dashboard", project, "-o", tmp_path / "afile")
    assert r.exit_code != 0 and "Traceback" not in r.output


def test_status_right_after_the_first_review_import_shows_its_effect(tmp_path):
    """A review import records its own snapshot; `status` must still show what the import changed."""
    import sys

    import openpyxl

    sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
    from store_synthetic import match_result, national_act, reference_act

    from concordance.review import export_review
    from concordance.review.common import column_key

    path = tmp_path / "p.concordance"
    with Project.create(path) as p:
        ref, nat = reference_act(), national_act()
        p.add_act(ref, "reference")
        p.add_act(nat, "national")
        p.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat, {"art_3": []}))
        out = export_review(p, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Review"]
    col = {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["row_id"]).value == "R00001")
    ws.cell(row, col["compatibility"]).value = "full"
    wb.save(out)
    r = CliRunner().invoke(main, ["review", "import", str(path), str(out), "--reviewer", "Ana"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(main, ["status", str(path), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert [s["label"] for s in data["snapshots"]] == ["before review import review.xlsx",
                                                       "review import review.xlsx"]
    assert data["baseline"]["label"] == "before review import review.xlsx"
    combined = next(e for e in data["entries"] if e["act"] is None)
    assert combined["change"]["full"] == 1 and combined["change"]["unreviewed"] == -1
    # a second import of nothing new records nothing, and the comparison still shows the import
    r = CliRunner().invoke(main, ["review", "import", str(path), str(out), "--reviewer", "Ana"])
    data = json.loads(CliRunner().invoke(main, ["status", str(path), "--format", "json"]).output)
    assert len(data["snapshots"]) == 2 and data["baseline"]["label"] == "before review import review.xlsx"
    help_text = " ".join(CliRunner().invoke(main, ["status", "--help"]).output.split())
    assert "latest snapshot whose figures differ" in help_text
