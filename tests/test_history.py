"""``concordance log`` and ``show --decisions``: who decided what, when, from which workbook, and
what it was before (issue 11). Synthetic widget acts, on both engines."""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target, pg_target: a new project on each engine

from review_edits import edit_rows  # noqa: E402
from store_synthetic import matched_project  # noqa: E402

from concordance.cli import main  # noqa: E402
from concordance.review import export_review, import_review  # noqa: E402
from concordance.store import file_sha256  # noqa: E402


@pytest.fixture
def reviewed(store_target, tmp_path):
    """Ana grades Article 1 partial, then full in a new export; Bo's copy of the first export
    says none for it (a conflict) and grades Article 3."""
    with matched_project(store_target) as p:
        first = export_review(p, tmp_path / "first.xlsx")
        ana = edit_rows(first, tmp_path / "ana.xlsx", {"R00001": {"compatibility": "partial",
                                                              "comment": "synthetic: article 4 covers the rest"}})
        bo = edit_rows(first, tmp_path / "bo.xlsx", {"R00001": {"compatibility": "none"},
                                                 "R00004": {"compatibility": "not applicable"}})
        import_review(p, ana, "Ana", snapshot=False)
        import_review(p, bo, "Bo", snapshot=False)
        second = export_review(p, tmp_path / "second.xlsx")
        later = edit_rows(second, tmp_path / "ana-2.xlsx", {"R00001": {"compatibility": "full"}})
        import_review(p, later, "Ana", snapshot=False)
    return store_target, ana, bo, later


def test_log_of_one_provision_says_who_when_what_before_and_from_which_file(reviewed):
    target, ana, bo, later = reviewed
    r = CliRunner().invoke(main, ["log", target, "--provision", "Article 1", "--format", "json"])
    assert r.exit_code == 0, r.output
    lines = json.loads(r.output)
    assert [(x["action"], x["who"]) for x in lines] == [
        ("review_import", "Ana"), ("conflict", "Bo"), ("review_import", "Ana")]
    first, conflict, last = lines
    assert first["what"] == "Article 1 (SYN-REF) × SYN-NAT"
    assert first["old"] == "(none)" and first["new"].startswith("partial")
    assert first["comment"] == "synthetic: article 4 covers the rest"
    assert first["source_file"] == str(ana) and first["source_sha256"] == file_sha256(ana)
    assert conflict["new"].startswith("none") and conflict["comment"].startswith("not applied: changed by Ana")
    assert last["old"].startswith("partial") and last["new"].startswith("full")
    assert last["source_file"] == str(later) and last["at"] >= first["at"]
    # by id as well as by citation; the table form is one line per change
    r = CliRunner().invoke(main, ["log", target, "--provision", "art_1"])
    assert r.exit_code == 0 and len(r.output.strip().splitlines()) == 3
    assert "partial: član 1 -> full: član 1" in r.output and f"sha256 {file_sha256(later)[:12]}" in r.output


def test_log_filters_reviewer_act_since_and_csv(reviewed):
    target, ana, bo, later = reviewed
    r = CliRunner().invoke(main, ["log", target, "--reviewer", "bo", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(r.output)))
    assert r.exit_code == 0 and {x["who"] for x in rows} == {"Bo"}
    assert {x["action"] for x in rows} == {"conflict", "review_import"}
    assert any(x["what"].startswith("Article 3") and x["new"] == "not applicable" for x in rows)
    # a national provision: the changes whose old or new value names it
    r = CliRunner().invoke(main, ["log", target, "--provision", "član 1", "--format", "json"])
    named = json.loads(r.output)
    assert r.exit_code == 0 and [x["action"] for x in named] == ["review_import", "conflict", "review_import"]
    assert all("član 1" in x["new"] for x in named)
    r = CliRunner().invoke(main, ["log", target, "--since", "2999-01-01"])
    assert r.exit_code == 0 and r.output.strip() == "no changes match"
    r = CliRunner().invoke(main, ["log", target, "--act", "SYN-NAT", "--format", "json"])
    assert {x["action"] for x in json.loads(r.output)} >= {"add_act", "match", "review_import", "conflict"}
    for bad, says in ((["--since", "last week"], "not a date"), (["--provision", "Article 99"], "no act"),
                      (["--act", "NOPE"], "no act 'NOPE'")):
        r = CliRunner().invoke(main, ["log", target, *bad])
        assert r.exit_code == 2 and says in r.output and "Traceback" not in r.output


def test_show_decisions_lists_each_row_with_who_and_when(reviewed):
    target, ana, bo, later = reviewed
    r = CliRunner().invoke(main, ["show", target, "--decisions", "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    assert [(x["provision"], x["compatibility"], x["reviewer"]) for x in rows] == [
        ("Article 1", "full", "Ana"), ("Article 3", "not applicable", "Bo")]
    assert rows[0]["source_file"] == str(later) and rows[0]["row_version"] == 2 and rows[0]["decided_at"]
    r = CliRunner().invoke(main, ["show", target, "--decisions"])
    assert "Article 1" in r.output and "full" in r.output and "Ana" in r.output and str(later) in r.output
