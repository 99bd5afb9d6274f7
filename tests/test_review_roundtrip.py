"""The full round trip on the bundled laws, through the command line as a working group runs it:
init, add (the UN Firearms Protocol against the Montenegrin Law on Weapons), match (no embedding
model, to stay fast), review export, an adviser's edits with openpyxl, review import, and a check of
the project state and the event log. One test re-saves the workbook through LibreOffice headless.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))

from concordance.cli import main  # noqa: E402
from concordance.model import Compatibility  # noqa: E402
from concordance.parse.ids import citation  # noqa: E402
from concordance.review.common import column_key  # noqa: E402
from concordance.store import Project  # noqa: E402

REFERENCE = "UN-firearms-protocol-2001"
NATIONAL = "ME-zakon-o-oruzju-2015"


def run(*args: str):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def workdir(tmp_path_factory, ):
    d = tmp_path_factory.mktemp("roundtrip")
    project = d / "me.concordance"
    run("init", project)
    run("add", project, REFERENCE, "--role", "reference")
    run("add", project, NATIONAL, "--role", "national", "--who", "drafter")
    import os
    os.environ["CONCORDANCE_NO_EMBEDDINGS"] = "1"
    try:
        run("match", project, "--no-embeddings")
    finally:
        os.environ.pop("CONCORDANCE_NO_EMBEDDINGS", None)
    return d, project


def columns(ws) -> dict[str, int]:
    return {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}


def fresh(workdir, name: str) -> tuple[Path, Path]:
    """A copy of the matched project (each test edits its own)."""
    d, project = workdir
    copy = d / f"{name}.concordance"
    shutil.copy(project, copy)
    return d, copy


def test_show_lists_acts_and_runs(workdir):
    d, project = workdir
    out = run("show", project).output
    assert REFERENCE in out and NATIONAL in out and "match runs" in out
    import json
    data = json.loads(run("show", project, "--format", "json").output)
    assert {a["key"] for a in data["acts"]} == {REFERENCE, NATIONAL}
    assert data["match_runs"] and not data["match_runs"][0]["stale"]


def test_adviser_round_trip_on_bundled_laws(workdir):
    d, project = fresh(workdir, "adviser")
    with Project.open(project) as p:
        nat = p.act(NATIONAL)
        rows = p.concordance(REFERENCE).rows
        # a decision made earlier, on a row the adviser will delete from the workbook
        kept = next(r for r in rows if r.national)
        p.set_decision(REFERENCE, kept.reference_provision, NATIONAL,
                       national_provisions=[n.provision for n in kept.national],
                       compatibility=Compatibility.PARTIAL, reviewer="Earlier Reviewer")
    # a real paragraph to retype by hand: "član N stav 2"
    para2 = next(pr for pr in nat.provisions if pr.id.endswith("__para_2") and pr.id.count("__") == 1)
    art_n = para2.id.split("__")[0].split("_")[1]
    extra = next(pr for pr in nat.provisions if pr.kind == "article" and pr.num not in (art_n,))

    xlsx = d / "review.xlsx"
    run("review", "export", project, "-o", xlsx, "--lang", "cnr")
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    assert ws.title == "Pregled"
    col = columns(ws)
    n_rows = sum(1 for r in range(2, ws.max_row + 1) if ws.cell(r, col["row_id"]).value)
    assert n_rows == len(rows)
    ids = [ws.cell(r, col["row_id"]).value for r in range(2, n_rows + 2)]
    by_id = {ws.cell(r, col["row_id"]).value: r for r in range(2, n_rows + 2)}
    # reference provisions are cited in the workbook's language ("član 5 stav 1")
    kept_cite = citation(kept.reference_provision, "cnr")
    kept_id = next(i for i in ids if ws.cell(by_id[i], col["reference_citation"]).value == kept_cite)
    editable = [i for i in ids if i != kept_id]
    a, b, c_, e = editable[0], editable[1], editable[2], editable[3]
    ws.cell(by_id[a], col["compatibility"]).value = "  POTPUNO usklađeno "          # case, spaces
    ws.cell(by_id[a], col["reasons"]).value = "Synthetic test reason: all elements found."
    ws.cell(by_id[b], col["compatibility"]).value = "partial"                       # another language
    ws.cell(by_id[b], col["national_citation"]).value = f"član {art_n} stav 2"      # retyped by hand
    ws.cell(by_id[c_], col["compatibility"]).value = "none"
    ws.cell(by_id[e], col["comment"]).value = "- synthetic comment that starts like a formula"
    ws.cell(by_id[e], col["comment"]).data_type = "s"
    a_cite = ws.cell(by_id[a], col["reference_citation"]).value
    # an added row (no row id) for an extra national provision of row a
    added = n_rows + 2
    ws.cell(added, col["reference_citation"]).value = a_cite
    ws.cell(added, col["national_act"]).value = "ZO"
    ws.cell(added, col["national_citation"]).value = extra.citation
    ws.delete_rows(by_id[kept_id])                                                 # a deleted row
    # sort by reference citation, descending (as Excel's sort would)
    last = ws.max_row
    data = [[ws.cell(r, j).value for j in range(1, ws.max_column + 1)] for r in range(2, last + 1)]
    data.sort(key=lambda v: str(v[col["reference_citation"] - 1] or ""), reverse=True)
    for r, values in enumerate(data, start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(r, j).value = v
            if isinstance(v, str) and v.startswith("-"):
                ws.cell(r, j).data_type = "s"
    # filter: rows hidden by an auto-filter on the compatibility column, including edited ones
    ws.auto_filter.add_filter_column(col["compatibility"] - 1, ["none"])
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["compatibility"]).value != "none":
            ws.row_dimensions[r].hidden = True
    # hide a column; swap the Reasons and Comment columns (moved columns)
    ws.column_dimensions["H"].hidden = True
    rc, cc = col["reasons"], col["comment"]
    for r in range(1, ws.max_row + 1):
        x, y = ws.cell(r, rc).value, ws.cell(r, cc).value
        ws.cell(r, rc).value, ws.cell(r, cc).value = y, x
        for j in (rc, cc):
            if isinstance(ws.cell(r, j).value, str) and ws.cell(r, j).value.startswith("-"):
                ws.cell(r, j).data_type = "s"
    edited = d / "edited.xlsx"
    wb.save(edited)

    result = run("review", "import", project, edited, "--reviewer", "Adviser A")
    assert "4 changed" in result.output and "1 deleted" in result.output, result.output

    with Project.open(project) as p:
        exp_rows = p.export(p.events(action="export")[-1].object).rows
        key = {rid: m["reference_provision"] for rid, m in exp_rows.items()}
        da = p.decision(REFERENCE, key[a], NATIONAL)
        assert da.compatibility is Compatibility.FULL and da.reviewer == "Adviser A"
        assert extra.id in da.national_provisions                        # the added row
        assert da.reasons == "Synthetic test reason: all elements found."
        db = p.decision(REFERENCE, key[b], NATIONAL)
        assert db.national_provisions == (para2.id,) and db.compatibility is Compatibility.PARTIAL
        assert p.decision(REFERENCE, key[c_], NATIONAL).compatibility is Compatibility.NONE
        assert p.decision(REFERENCE, key[e], NATIONAL).comment.startswith("- synthetic comment")
        dk = p.decision(REFERENCE, kept.reference_provision, NATIONAL)  # deleted row: decision kept
        assert dk.compatibility is Compatibility.PARTIAL and dk.reviewer == "Earlier Reviewer"
        events = p.events(action="review_import")
        assert len(events) == 5 and all(ev.who == "Adviser A" for ev in events)
        assert all(ev.source_file == str(edited) and len(ev.source_sha256) == 64 for ev in events)
        # the import recorded the status figures as a snapshot (issue 6: progress is a query), and
        # first the figures before it (no snapshot held them), so that `status` shows its effect
        snaps = p.snapshots()
        assert [s.label for s in snaps] == ["before review import edited.xlsx", "review import edited.xlsx"]
        assert snaps[0].figures != snaps[1].figures
        assert "status snapshot" in result.output
        # re-running match never overwrites what the adviser decided
        before = {dd.key: dd for dd in p.decisions()}
    run("match", project, "--no-embeddings")
    with Project.open(project) as p:
        assert {dd.key: dd for dd in p.decisions()} == before
        assert len(p.match_runs()) == 2
        row = next(r for r in p.concordance(REFERENCE).rows if r.reference_provision == key[a])
        assert row.decided and row.compatibility is Compatibility.FULL


def test_bad_workbook_reports_every_problem_and_applies_nothing(workdir):
    d, project = fresh(workdir, "bad")
    xlsx = d / "bad-review.xlsx"
    run("review", "export", project, "-o", xlsx)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    col = columns(ws)
    ws.cell(2, col["compatibility"]).value = "full"
    ws.cell(3, col["compatibility"]).value = "fullish"
    ws.cell(4, col["national_citation"]).value = "član 9999"
    wb.save(d / "bad-edited.xlsx")
    result = CliRunner().invoke(main, ["review", "import", str(project), str(d / "bad-edited.xlsx"),
                                       "--reviewer", "B"])
    assert result.exit_code == 2
    assert "sheet 'Review', row 3, column K (Compatibility)" in result.output and "'fullish'" in result.output
    assert "row 4, column G" in result.output and "član 9999" in result.output
    assert "Traceback" not in result.output
    with Project.open(project) as p:
        assert p.decisions() == []


def test_typed_citations_resolve_in_each_language():
    from concordance.catalogue import parsed
    from concordance.review.citations import resolve_citations

    mk = parsed.load("MK-zakon-za-oruzjeto-2005")
    ids, bad = resolve_citations("чл. 12 ст. 2", mk, {})
    assert ids == ["art_12__para_2"] and not bad
    me = parsed.load(NATIONAL)
    target = next(pr for pr in me.provisions if pr.id.count("__") == 1 and pr.id.endswith("__para_2"))
    n = target.id.split("__")[0].split("_")[1]
    ids, bad = resolve_citations(f"člana {n} stav 2; član 1", me, {})
    assert ids == [target.id, "art_1"] and not bad
    ids, bad = resolve_citations("član 100000", me, {})
    assert ids == [] and bad == ["član 100000"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_workbook_resaved_by_libreoffice_imports(workdir):
    d, project = fresh(workdir, "libreoffice")
    xlsx = d / "lo-review.xlsx"
    run("review", "export", project, "-o", xlsx)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb.worksheets[0]
    col = columns(ws)
    rid2, rid3 = ws.cell(2, col["row_id"]).value, ws.cell(3, col["row_id"]).value
    ws.cell(2, col["compatibility"]).value = "Partial"
    ws.cell(3, col["compatibility"]).value = "not applicable"
    ws.cell(3, col["comment"]).value = "=synthetic text typed after an apostrophe"
    ws.cell(3, col["comment"]).data_type = "s"
    wb.save(d / "lo-edited.xlsx")
    outdir = d / "lo"
    outdir.mkdir()
    proc = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{d / 'lo-profile'}", "--convert-to", "xlsx",
         "--outdir", str(outdir), str(d / "lo-edited.xlsx")], capture_output=True, text=True, timeout=300)
    resaved = outdir / "lo-edited.xlsx"
    assert proc.returncode == 0 and resaved.is_file(), proc.stderr
    assert resaved.read_bytes() != (d / "lo-edited.xlsx").read_bytes()
    result = run("review", "import", project, resaved, "--reviewer", "LibreOffice User")
    assert "2 changed" in result.output, result.output
    with Project.open(project) as p:
        rows = p.export(p.events(action="export")[-1].object).rows
        d2 = p.decision(REFERENCE, rows[rid2]["reference_provision"], NATIONAL)
        d3 = p.decision(REFERENCE, rows[rid3]["reference_provision"], NATIONAL)
        assert d2.compatibility is Compatibility.PARTIAL
        assert d3.compatibility is Compatibility.NOT_APPLICABLE
        assert d3.comment == "=synthetic text typed after an apostrophe"
