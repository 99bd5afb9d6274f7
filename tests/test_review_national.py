"""Issue 13, point 8 (the rest): the national->reference table's own columns (a comment and the
competent authority per NATIONAL provision) are reviewable in Excel and flow into the ToC.

On the bundled MK weapons law against the UN Firearms Protocol (the shared ``toc_project``, which
also holds the ME law and Regulation 2018/337), on both store engines: export the review workbook
for the MK form, edit its National provisions sheet with openpyxl (rows sorted, a row moved, bad
ids, a formula), import, render the MK form; and a workbook without that sheet still imports.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target: a new project on each engine

from test_toc_filing import visible_text  # noqa: E402

from concordance.cli import main  # noqa: E402
from concordance.errors import InputError, ReviewError  # noqa: E402
from concordance.render import build_context, format_spec, load_labels, render  # noqa: E402
from concordance.review import export_review, import_review  # noqa: E402
from concordance.review.common import Labels  # noqa: E402
from concordance.store import ConflictError, Project  # noqa: E402

MK = "MK-zakon-za-oruzjeto-2005"
ME = "ME-zakon-o-oruzju-2015"
UNFP = "UN-firearms-protocol-2001"
LABELS = Labels.for_lang("mk")
SHEET = LABELS.text["national_sheet"]
HEAD = LABELS.national_columns
COMMENT = "Синтетички коментар: членот ги пренесува обврските за обележување (тест)"
AUTHORITY = "Министерство за внатрешни работи (синтетички пример)"


@pytest.fixture
def project(toc_project, tmp_path) -> Path:
    """A copy of the shared project (MK and ME matched against the UN Protocol and 2018/337)."""
    dest = tmp_path / "p.sqlite"
    shutil.copy(toc_project, dest)
    return dest


@pytest.fixture
def engine_project(toc_project, store_target) -> str:
    """The shared project copied into a new project on each engine (SQLite file, PostgreSQL schema)."""
    with Project.open(toc_project) as src, Project.create(store_target) as dst:
        src.copy_into(dst)
    return store_target


def _export(target, out: Path, **kw) -> Path:
    with Project.open(target) as p:
        return export_review(p, out, lang="mk", reference_key=UNFP, reverse_level="article", **kw)


def _reverse_rows(target, law: str = MK) -> list[dict]:
    """The MK form's national->reference table as the ToC prints it."""
    with Project.open(target) as p:
        conc = p.concordance(UNFP, [law])
        acts = {law: p.act(law)}
    return build_context(conc, format_spec("mk"), load_labels("mk", kind=conc.reference.kind), {}, acts)[
        "reverse_rows"]


def _sheet(wb):
    ws = wb[SHEET]
    head = [c.value for c in ws[1]]
    return ws, {k: head.index(v) + 1 for k, v in HEAD.items()}


def _row_of(ws, col, citation: str, act_short: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["national_provision"]).value == citation
                and ws.cell(r, col["national_act"]).value == act_short)


def _move_rows_reversed(ws) -> None:
    """Sort the sheet's rows into the opposite order, as an adviser sorting by a column would."""
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    for r, values in enumerate(reversed(rows), start=2):
        for j, v in enumerate(values, start=1):
            ws.cell(r, j).value = v


def test_the_sheet_lists_what_the_reverse_table_prints(project, tmp_path):
    """Same rows, order and citations as the MK form's national->reference table; ids guarded as on
    the Review sheet; every row in the hidden _meta sheet; headers and texts in Macedonian."""
    out = _export(project, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames.index(SHEET) == 1
    ws, col = _sheet(wb)
    mk_short = "ЗО"
    listed = [ws.cell(r, col["national_provision"]).value for r in range(2, ws.max_row + 1)
              if ws.cell(r, col["national_act"]).value == mk_short]
    printed = [r["citation"] for r in _reverse_rows(project)]
    assert listed == printed and len(printed) > 80
    assert len({ws.cell(r, col["nat_row_id"]).value for r in range(2, ws.max_row + 1)}) == ws.max_row - 1
    guarded = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == "FALSE"]
    assert guarded and guarded[0].error == LABELS.text["id_locked"]
    for key in ("nat_row_id", "national_provision"):
        letter = openpyxl.utils.get_column_letter(col[key])
        assert any(f"{letter}2:{letter}{ws.max_row}" in str(dv.sqref) for dv in guarded), key
    meta = wb["_meta"]
    ids = {row[0] for row in meta.iter_rows(values_only=True) if row and str(row[0] or "").startswith("N0")}
    assert ids == {ws.cell(r, col["nat_row_id"]).value for r in range(2, ws.max_row + 1)}
    words = " ".join(str(c.value) for row in ws.iter_rows(max_row=1) for c in row)
    assert not re.search(r"[A-Za-z]{3,}", words), words
    art5 = _row_of(ws, col, "член 5", mk_short)
    assert ws.cell(art5, col["national_text"]).value and ws.cell(art5, col["authority"]).value is None


def test_notes_typed_in_excel_reach_the_reverse_table_on_both_engines(engine_project, tmp_path):
    """The adviser sorts the sheet, writes a comment and a competent authority; the import stores
    them with reviewer and time and logs them; the MK ToC prints them in its national->reference
    table (DOCX, HTML, XLSX); a re-export shows them."""
    out = _export(engine_project, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    ws, col = _sheet(wb)
    _move_rows_reversed(ws)
    ws.cell(_row_of(ws, col, "член 5", "ЗО"), col["comment"]).value = COMMENT
    ws.cell(_row_of(ws, col, "член 10", "ЗО"), col["authority"]).value = "-" + AUTHORITY  # formula-like, stays text
    wb.save(out)
    with pytest.raises(InputError, match="edits not yet imported in 2 row"):   # a re-export would lose them
        _export(engine_project, out)
    with Project.open(engine_project) as p:
        report = import_review(p, out, "Test Reviewer")
        assert report.count("changed") == 2 and not report.problems
        notes = {n.national_provision: n for n in p.national_notes(UNFP, MK)}
        assert notes["art_5"].comment == COMMENT and notes["art_5"].reviewer == "Test Reviewer"
        assert notes["art_10"].authority == "-" + AUTHORITY and notes["art_10"].noted_at
        assert [e.object for e in p.events(action="review_import") if "<-" in e.object] == [
            f"{MK}:art_5 <- {UNFP}", f"{MK}:art_10 <- {UNFP}"]
        conc = p.concordance(UNFP, [MK])
        acts = {MK: p.act(MK)}
        again = export_review(p, tmp_path / "again.xlsx", lang="mk", reference_key=UNFP, reverse_level="article")
    rows = {r["citation"]: r for r in _reverse_rows(engine_project)}
    assert rows["член 5"]["cells"]["comment"] == COMMENT and rows["член 10"]["authority"] == "-" + AUTHORITY
    assert rows["член 6"]["comment"] == "" and rows["член 6"]["authority"] == ""
    for as_ in ("docx", "html", "xlsx"):
        text = visible_text(render(conc, "mk", as_, tmp_path / f"mk.{as_}", {}, acts=acts))
        assert COMMENT in text and AUTHORITY in text, as_
    ws, col = _sheet(openpyxl.load_workbook(again))
    r = _row_of(ws, col, "член 5", "ЗО")
    assert ws.cell(r, col["comment"]).value == COMMENT and ws.cell(r, col["reviewer"]).value == "Test Reviewer"


def test_a_moved_row_a_bad_id_a_copy_and_a_formula_are_refused_in_words(project, tmp_path):
    """Each problem names the file, the sheet, the row and the column, says what to do, and
    nothing is imported (not even the Review sheet's good edits)."""
    out = _export(project, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    ws, col = _sheet(wb)
    r5, r6, r7 = (_row_of(ws, col, c, "ЗО") for c in ("член 5", "член 6", "член 7"))
    ws.cell(r5, col["nat_row_id"]).value = "N99999"                      # an id the export never wrote
    ws.cell(r6, col["national_provision"]).value = "член 7"              # only some columns moved
    ws.cell(r7, col["comment"]).value = "=1+1"                           # a formula
    copy = ws.max_row + 1                                                # a row copied below the table
    for j in range(1, len(HEAD) + 1):
        ws.cell(copy, j).value = ws.cell(2, j).value
    wb.save(out)
    with Project.open(project) as p, pytest.raises(ReviewError) as err:
        import_review(p, out, "Test Reviewer")
    problems = err.value.problems
    assert {(pr.sheet, pr.row) for pr in problems} == {(SHEET, r5), (SHEET, r6), (SHEET, r7), (SHEET, copy)}
    by_row = {pr.row: pr for pr in problems}
    assert "N99999" in str(by_row[r5]) and "not in export" in by_row[r5].message
    assert by_row[r6].column.startswith(openpyxl.utils.get_column_letter(col["national_provision"]))
    assert "no longer line up" in by_row[r6].message and "член 6" in by_row[r6].message
    assert "formula" in by_row[r7].message and "(Коментар)" in by_row[r7].column
    assert "also in row 2" in by_row[copy].message
    assert str(out) in str(err.value) and "nothing was imported" in str(err.value)
    with Project.open(project) as p:
        assert p.national_notes() == []
        # --partial applies the rows without problems and reports the rest as skipped
        ws.cell(r5, col["nat_row_id"]).value = None
        ws.cell(_row_of(ws, col, "член 8", "ЗО"), col["authority"]).value = AUTHORITY
        wb.save(out)
        report = import_review(p, out, "Test Reviewer", partial=True)
        assert [n.national_provision for n in p.national_notes()] == ["art_8"]
        assert report.count("skipped") == 2 and report.count("deleted") == 1   # rows 6 and 7; the id cleared


def test_an_older_workbook_never_overwrites_a_newer_note(project, tmp_path):
    """Two workbooks of the same state: the second one imported conflicts (kept theirs, logged)."""
    first, second = _export(project, tmp_path / "a.xlsx"), _export(project, tmp_path / "b.xlsx")
    for path, text in ((second, "нов коментар"), (first, "стар коментар")):
        wb = openpyxl.load_workbook(path)
        ws, col = _sheet(wb)
        ws.cell(_row_of(ws, col, "член 5", "ЗО"), col["comment"]).value = text
        wb.save(path)
    with Project.open(project) as p:
        assert import_review(p, second, "Ana").count("changed") == 1
        report = import_review(p, first, "Boris")
        assert [o.row_id for o in report.conflicts] and "changed by Ana" in report.conflicts[0].detail
        assert p.national_note(UNFP, MK, "art_5").comment == "нов коментар"
        assert p.events(action="conflict")[-1].object == f"{MK}:art_5 <- {UNFP}"
        assert import_review(p, second, "Ana").count("already applied") == 1
        with pytest.raises(ConflictError):
            p.set_national_note(UNFP, MK, "art_5", comment="x", expected_row_version=0)
    # `concordance log` finds the note's history by the national provision and by either act
    for args in (["--provision", "член 5", "--act", MK], ["--act", UNFP]):
        res = CliRunner().invoke(main, ["log", str(project), *args])
        lines = [ln for ln in res.output.splitlines() if f"член 5 ({MK}) <- {UNFP}" in ln]
        assert res.exit_code == 0 and [ln.split()[2] for ln in lines] == ["review_import", "conflict"], res.output
        assert "нов коментар" in lines[0] and "not applied: changed by Ana" in lines[1]


def test_a_workbook_without_the_sheet_imports_as_before(project, tmp_path):
    """A workbook exported without the sheet (before it existed, or for a form without a
    national->reference table), and one whose adviser deleted it: the Review sheet imports and
    no note changes."""
    with Project.open(project) as p:
        plain = export_review(p, tmp_path / "plain.xlsx", lang="mk", reference_key=UNFP)
        assert p.export(p.events(action="export")[-1].object).national_rows == {}
    assert SHEET not in openpyxl.load_workbook(plain).sheetnames
    for path in (plain, tmp_path / "deleted.xlsx"):
        if path is not plain:   # exported after the first import, with the sheet, which is then deleted
            _export(project, path)
        wb = openpyxl.load_workbook(path)
        if SHEET in wb.sheetnames:
            del wb[SHEET]
        ws = wb.worksheets[0]
        head = [c.value for c in ws[1]]
        r = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, head.index("Одредба од референтниот акт") + 1).value
                 == "член 5 став 1" and ws.cell(r, head.index("Национален акт") + 1).value == "ЗО")
        ws.cell(r, head.index("Усогласеност") + 1).value = "делумно усогласено" if path is plain else "неусогласено"
        wb.save(path)
        with Project.open(project) as p:
            report = import_review(p, path, "Test Reviewer")
            assert report.count("changed") == 1 and p.national_notes() == []
            assert (path is plain) != any(SHEET in n for n in report.notes)


def test_review_export_takes_the_form_from_the_laws_jurisdiction(project, tmp_path):
    """`review export --form mk` adds the sheet; without --form a project of one jurisdiction gets
    its form's sheet, and a project of several (MK and ME here) gets none."""
    runner = CliRunner()
    res = runner.invoke(main, ["review", "export", str(project), "-o", str(tmp_path / "a.xlsx"), "--lang", "mk",
                               "--form", "mk", "--reference", UNFP])
    assert res.exit_code == 0, res.output
    assert SHEET in openpyxl.load_workbook(tmp_path / "a.xlsx").sheetnames
    res = runner.invoke(main, ["review", "export", str(project), "-o", str(tmp_path / "b.xlsx"), "--lang", "mk"])
    assert res.exit_code == 0 and SHEET not in openpyxl.load_workbook(tmp_path / "b.xlsx").sheetnames
    res = runner.invoke(main, ["review", "export", str(project), "-o", str(tmp_path / "c.xlsx"), "--form", "zz"])
    assert res.exit_code == 2 and "--form 'zz' is not one of the choices" in res.output
    with Project.create(tmp_path / "mk.sqlite") as p, Project.open(project) as src:
        p.add_act(src.act(MK), "national")
        p.add_act(src.act(UNFP), "reference")
    res = runner.invoke(main, ["review", "export", str(tmp_path / "mk.sqlite"), "-o", str(tmp_path / "d.xlsx"),
                               "--lang", "sq"])
    assert res.exit_code == 0, res.output
    assert Labels.for_lang("sq").text["national_sheet"] in openpyxl.load_workbook(tmp_path / "d.xlsx").sheetnames


def test_the_national_sheet_is_in_every_workbook_language():
    """Every language of the review workbook names the sheet, its new columns and its how-to itself."""
    from concordance.review.common import _data, languages

    for lang in languages():
        own = _data()[lang]
        assert {"national_sheet", "national_howto", "national_only"} <= set(own["text"]), lang
        assert {"nat_row_id", "national_provision", "reference_provisions", "authority"} <= set(
            own["national_columns"]), lang
        assert len(own["text"]["national_sheet"]) <= 31, lang


def test_toc_writes_the_sheet_for_the_mk_form(tmp_path):
    """`concordance toc` on the MK law writes the review workbook with the MK form's sheet, listing
    what the ToC's national->reference table prints."""
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["toc", MK, "--reference", UNFP, "--no-embeddings", "-o", str(out)])
    assert res.exit_code == 0, res.output
    ws, col = _sheet(openpyxl.load_workbook(out / "review.xlsx"))
    listed = [ws.cell(r, col["national_provision"]).value for r in range(2, ws.max_row + 1)]
    assert listed == [r["citation"] for r in _reverse_rows(out / "project.sqlite")]
