"""The review workbook: what the export writes, and an import of what advisers really do to it.

Synthetic widget acts (tests/fixtures/store/store_synthetic.py) keep these fast and exact; the round trip
on the bundled laws is in test_review_roundtrip.py.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target, pg_target: a new project on each engine

from store_synthetic import match_result, national_act, reference_act, second_national  # noqa: E402

from concordance.errors import InputError, ReviewError  # noqa: E402
from concordance.model import Compatibility  # noqa: E402
from concordance.review import export_review, import_review, parse_compatibility  # noqa: E402
from concordance.review.common import column_key  # noqa: E402
from concordance.store import Project  # noqa: E402


@pytest.fixture
def project(store_target):
    """The synthetic project, on each engine (SQLite file; PostgreSQL schema)."""
    with Project.create(store_target) as p:
        ref, nat = reference_act(), national_act()
        p.add_act(ref, "reference")
        p.add_act(nat, "national")
        # art_3 proposed to national art_3, whose text starts with "=" (must stay text)
        p.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat, {"art_3": []}))
        yield p


def cols(ws) -> dict[str, int]:
    return {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}


def row_of(ws, rid: str) -> int:
    c = cols(ws)["row_id"]
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, c).value == rid:
            return r
    raise KeyError(rid)


def set_cell(ws, rid: str, key: str, value) -> None:
    ws.cell(row_of(ws, rid), cols(ws)[key]).value = value


def edit(src: Path, dst: Path, fn) -> Path:
    wb = openpyxl.load_workbook(src)
    fn(wb, wb.worksheets[0])
    wb.save(dst)
    return dst


def ids_by_ref(ws) -> dict[str, str]:
    c = cols(ws)
    return {ws.cell(r, c["reference_citation"]).value: ws.cell(r, c["row_id"]).value
            for r in range(2, ws.max_row + 1) if ws.cell(r, c["row_id"]).value}


# ------------------------------------------------------------------------------------------------
# export
# ------------------------------------------------------------------------------------------------
def test_export_layout(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Review", "Legend", "_meta"]
    ws = wb["Review"]
    c = cols(ws)
    assert ws.freeze_panes == "D2"
    assert ws.auto_filter.ref == "A1:R5"   # 18 columns: the form columns and "Last reviewed" (issue 13)
    # not protected: Excel refuses to sort or delete rows holding locked cells on a protected sheet
    assert not ws.protection.sheet
    assert wb["_meta"].sheet_state == "hidden"
    assert ws.max_row >= 5
    r1 = row_of(ws, "R00001")
    # the id columns are guarded by a validation that refuses any typed value, and shaded grey
    guard = next(v for v in ws.data_validations.dataValidation if v.type == "custom")
    assert guard.formula1 == "FALSE" and guard.showErrorMessage and guard.errorStyle == "stop"
    assert guard.error == "This column identifies the row; do not edit it"
    guarded = str(guard.sqref).split()
    for key in ("row_id", "reference_citation"):
        letter = openpyxl.utils.get_column_letter(c[key])
        assert f"{letter}2:{letter}5" in guarded
        assert ws.cell(r1, c[key]).fill.fgColor.rgb.endswith("D0D0D0")
    assert not any(openpyxl.utils.get_column_letter(c["compatibility"]) in g for g in guarded)
    legend = " ".join(str(v) for row in wb["Legend"].iter_rows(values_only=True) for v in row if v)
    assert "unprotect" not in legend.lower() and "identif" in legend
    assert ws.cell(r1, c["reference_text"]).alignment.wrap_text
    assert ws.column_dimensions["D"].width == 60
    dv = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert dv.type == "list" and dv.formula1 == '"full,partial,none,not applicable,to review"'
    # uncertain (status review, best score 0.25) filled yellow, the proposals shown
    r3 = row_of(ws, "R00003")
    assert ws.cell(r3, c["national_citation"]).value == "član 2 stav 2"
    assert ws.cell(r3, c["reference_text"]).fill.fgColor.rgb.endswith("FFEB9C")
    assert ws.cell(r3, c["score"]).value == 0.25 and ws.cell(r3, c["score"]).data_type == "n"
    assert "widget" in ws.cell(r3, c["evidence"]).value
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(c["changed"])].hidden
    # _meta holds the export id, row ids and hashes
    meta = wb["_meta"]
    assert meta["A1"].value == "export_id" and project.export(meta["B1"].value) is not None
    assert [meta.cell(8, j).value for j in (1, 2, 3, 4)] == ["R00001", "SYN-REF", "art_1", "SYN-NAT"]
    assert len(meta.cell(8, 6).value) == 64


def test_formula_like_text_is_written_as_text(project, tmp_path):
    project.set_decision("SYN-REF", "art_3", "SYN-NAT", national_provisions=["art_3", "art_4"],
                         compatibility=Compatibility.PARTIAL, comment="=HYPERLINK(\"http://x\")",
                         reasons="+ synthetic reason", reviewer="@ana")
    out = export_review(project, tmp_path / "review.xlsx")
    wb = openpyxl.load_workbook(out)
    ws = wb["Review"]
    c = cols(ws)
    r = row_of(ws, "R00004")
    for key in ("comment", "reasons", "reviewer"):
        cell = ws.cell(r, c[key])
        assert cell.data_type == "s", key
        assert cell.quotePrefix, key  # editing it in Excel keeps it text (issue 11)
        assert cell.number_format == "@", key
    assert not ws.cell(r, c["compatibility"]).quotePrefix
    # the free-text columns of the spare rows take typed "- note" as text too
    assert ws.cell(ws.max_row, c["comment"]).number_format == "@"
    assert ws.cell(r, c["comment"]).value == "=HYPERLINK(\"http://x\")"
    assert ws.cell(r, c["national_text"]).value.startswith("član 3: =1+1")
    with zipfile.ZipFile(out) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_export_in_macedonian_and_import_with_english_words(project, tmp_path):
    out = export_review(project, tmp_path / "mk.xlsx", lang="mk")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.title == "Преглед" and ws.cell(1, 11).value == "Усогласеност"
    assert "целосно усогласено" in ws.data_validations.dataValidation[0].formula1
    set_cell(ws, "R00001", "compatibility", "Full")
    set_cell(ws, "R00002", "compatibility", "ДЕЛУМНО   усогласено")
    wb.save(tmp_path / "mk2.xlsx")
    rep = import_review(project, tmp_path / "mk2.xlsx", "Ana")
    assert rep.count("changed") == 2
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL
    assert project.decision("SYN-REF", "art_2__para_1", "SYN-NAT").compatibility is Compatibility.PARTIAL


def test_headers_of_an_earlier_export_still_import(project, tmp_path):
    """The reference act's columns were headed "EU act" in every language, also for a treaty; they
    now say "reference act". A workbook exported before keeps its headers and still imports."""
    out = export_review(project, tmp_path / "mk.xlsx", lang="mk")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    head = {c.value: c for c in ws[1]}
    assert {"Референтен акт", "Одредба од референтниот акт"} <= set(head)
    for new, old in (("Референтен акт", "Акт на ЕУ"), ("Одредба од референтниот акт", "Одредба на ЕУ"),
                     ("Текст на одредбата од референтниот акт", "Текст на одредбата на ЕУ")):
        head[new].value = old
    assert column_key("Одредба на ЕУ") == "reference_citation"
    set_cell(ws, "R00001", "compatibility", "целосно усогласено")
    wb.save(tmp_path / "old-headers.xlsx")
    rep = import_review(project, tmp_path / "old-headers.xlsx", "Ana")
    assert rep.count("changed") == 1
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL


@pytest.mark.parametrize("typed, expected", [
    (" PARTIAL ", Compatibility.PARTIAL), ("not  applicable", Compatibility.NOT_APPLICABLE),
    ("djelimicno uskladjeno", Compatibility.PARTIAL), ("Potpuno usklađeno", Compatibility.FULL),
    ("pjesërisht i përafruar", Compatibility.PARTIAL), ("ПУ", Compatibility.FULL),
    ("To_Review", Compatibility.TO_REVIEW), ("", None), ("ДЕЛИМИЧНО усклађено", Compatibility.PARTIAL),
    ("целосно усогласено", Compatibility.FULL), ("djelomično usklađeno", Compatibility.PARTIAL)])
def test_compatibility_words(typed, expected):
    assert parse_compatibility(typed) is expected


def test_unknown_compatibility_word():
    with pytest.raises(KeyError):
        parse_compatibility("maybe")


# ------------------------------------------------------------------------------------------------
# import: what advisers do
# ------------------------------------------------------------------------------------------------
def test_adviser_edits_round_trip(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def adviser(wb, ws):
        c = cols(ws)
        set_cell(ws, "R00001", "compatibility", "  FULL ")                     # other case, spaces
        set_cell(ws, "R00001", "reasons", "synthetic: all elements present")
        set_cell(ws, "R00002", "national_citation", "čl. 4")                  # retyped by hand
        set_cell(ws, "R00002", "compatibility", "djelimično usklađeno")       # another language
        set_cell(ws, "R00003", "comment", "synthetic comment")
        # an added row: an extra national provision for Article 1 (no row id)
        last = ws.max_row + 1
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, c["row_id"]).value:
                last = r + 1
                break
        ws.cell(last, c["reference_citation"]).value = "Article 1"
        ws.cell(last, c["national_act"]).value = "SNA"
        ws.cell(last, c["national_citation"]).value = "član 2 stav 1"
        # sort: reverse the data rows
        data = [[ws.cell(r, j).value for j in range(1, ws.max_column + 1)] for r in range(2, last + 1)]
        for i, values in enumerate(reversed(data), start=2):
            for j, v in enumerate(values, start=1):
                ws.cell(i, j).value = v
        # hide a column, and move the compatibility column to the far right
        ws.column_dimensions["H"].hidden = True
        comp = c["compatibility"]
        far = ws.max_column + 1
        for r in range(1, ws.max_row + 1):
            ws.cell(r, far).value = ws.cell(r, comp).value
            ws.cell(r, comp).value = None
        ws.cell(1, comp).value = "my own notes"   # a column the adviser added in its place

    edited = edit(out, tmp_path / "edited.xlsx", adviser)
    rep = import_review(project, edited, "Ana Adviser")
    assert rep.applied and not rep.problems
    by_id = {o.row_id: o for o in rep.outcomes}
    assert by_id["R00001"].action == "changed" and by_id["R00002"].action == "changed"
    assert by_id["R00003"].action == "changed" and by_id["R00004"].action == "unchanged"
    d1 = project.decision("SYN-REF", "art_1", "SYN-NAT")
    assert d1.compatibility is Compatibility.FULL
    assert d1.national_provisions == ("art_1", "art_2__para_1")         # + the added row
    assert d1.reasons == "synthetic: all elements present" and d1.reviewer == "Ana Adviser"
    d2 = project.decision("SYN-REF", "art_2__para_1", "SYN-NAT")
    assert d2.national_provisions == ("art_4",) and d2.compatibility is Compatibility.PARTIAL
    d3 = project.decision("SYN-REF", "art_2__para_2", "SYN-NAT")
    assert d3.compatibility is Compatibility.TO_REVIEW and d3.comment == "synthetic comment"
    assert d3.national_provisions == ("art_2__para_2",)
    assert any("my own notes" in n for n in rep.notes)
    # event log: who, which file and hash, old and new
    ev = project.events(action="review_import")
    assert len(ev) == 4  # three rows and the import itself
    e1 = next(e for e in ev if e.object == "SYN-REF:art_1 -> SYN-NAT")
    assert e1.who == "Ana Adviser" and e1.source_file == str(edited) and len(e1.source_sha256) == 64
    assert e1.old is None and e1.new["compatibility"] == "full"
    # the concordance now shows the decisions
    row = project.concordance("SYN-REF").rows[0]
    assert row.decided and row.reviewer == "Ana Adviser"
    # importing the same file again changes nothing
    again = import_review(project, edited, "Ana Adviser")
    assert again.count("changed") == 0 and again.count("already applied") == 3


def test_deleted_row_is_reported_not_applied(project, tmp_path):
    project.set_decision("SYN-REF", "art_1", "SYN-NAT", national_provisions=["art_1"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    out = export_review(project, tmp_path / "review.xlsx")
    edited = edit(out, tmp_path / "e.xlsx", lambda wb, ws: ws.delete_rows(row_of(ws, "R00001")))
    rep = import_review(project, edited, "Bo")
    o = next(o for o in rep.outcomes if o.row_id == "R00001")
    assert o.action == "deleted" and "never deletes" in o.detail
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL


def test_bad_cells_stop_everything_and_name_the_place(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def bad(wb, ws):
        set_cell(ws, "R00001", "compatibility", "full")           # fine
        set_cell(ws, "R00002", "compatibility", "maybe")          # not a label
        set_cell(ws, "R00003", "national_citation", "član 99")    # no such provision
    edited = edit(out, tmp_path / "bad.xlsx", bad)
    with pytest.raises(ReviewError) as exc:
        import_review(project, edited, "Bo")
    problems = [str(p) for p in exc.value.problems]
    assert any("sheet 'Review', row 3, column K (Compatibility)" in p and "'maybe'" in p for p in problems)
    assert any("row 4, column G (National provision(s))" in p and "član 99" in p for p in problems)
    assert project.decisions() == []                               # nothing applied
    # --partial applies the good row and skips the bad ones
    rep = import_review(project, edited, "Bo", partial=True)
    assert {o.row_id: o.action for o in rep.outcomes}["R00001"] == "changed"
    assert {o.row_id for o in rep.outcomes if o.action == "skipped"} == {"R00002", "R00003"}
    assert [d.reference_provision for d in project.decisions()] == ["art_1"]


def test_dry_run_writes_nothing(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    edited = edit(out, tmp_path / "e.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "none"))
    n_events = len(project.events())
    rep = import_review(project, edited, "Bo", dry_run=True)
    assert rep.count("changed") == 1 and not rep.applied
    assert project.decisions() == [] and len(project.events()) == n_events


def test_two_imports_of_one_export_conflict(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    a = edit(out, tmp_path / "a.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "full"))

    def b_edit(wb, ws):
        set_cell(ws, "R00001", "compatibility", "none")
        set_cell(ws, "R00002", "compatibility", "partial")
    b = edit(out, tmp_path / "b.xlsx", b_edit)
    import_review(project, a, "Ana")
    rep = import_review(project, b, "Bo")
    by_id = {o.row_id: o for o in rep.outcomes}
    assert by_id["R00001"].action == "conflict" and "Ana" in by_id["R00001"].detail
    assert by_id["R00002"].action == "changed"
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL  # first kept
    conflicts = project.events(action="conflict")
    assert len(conflicts) == 1 and conflicts[0].who == "Bo" and conflicts[0].new["compatibility"] == "none"
    assert conflicts[0].old["compatibility"] == "full"


def test_workbook_from_elsewhere_is_refused(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    edited = edit(out, tmp_path / "e.xlsx", lambda wb, ws: wb["_meta"].cell(1, 2, "20000101T000000Z-000000"))
    with pytest.raises(ReviewError, match="not one of this project's exports"):
        import_review(project, edited, "Bo")
    no_meta = edit(out, tmp_path / "n.xlsx", lambda wb, ws: wb.remove(wb["_meta"]))
    with pytest.raises(ReviewError, match="_meta"):
        import_review(project, no_meta, "Bo")
    (tmp_path / "x.xlsx").write_text("not a workbook")
    from concordance.errors import UnreadableFile
    with pytest.raises(UnreadableFile):
        import_review(project, tmp_path / "x.xlsx", "Bo")


def test_added_row_needs_a_known_reference(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def add(wb, ws):
        c = cols(ws)
        ws.cell(7, c["reference_citation"]).value = "Article 77"
        ws.cell(7, c["national_citation"]).value = "član 1"
    with pytest.raises(ReviewError) as exc:
        import_review(project, edit(out, tmp_path / "e.xlsx", add), "Bo")
    assert "row 7, column C (Reference provision)" in str(exc.value.problems[0])


def test_copied_row_with_same_id_adds_a_provision(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def copy_row(wb, ws):
        src = row_of(ws, "R00002")
        for j in range(1, ws.max_column + 1):
            ws.cell(7, j).value = ws.cell(src, j).value
        ws.cell(7, cols(ws)["national_citation"]).value = "član 4"
        ws.cell(src, cols(ws)["compatibility"]).value = "full"
    rep = import_review(project, edit(out, tmp_path / "e.xlsx", copy_row), "Bo")
    assert rep.count("changed") == 1
    d = project.decision("SYN-REF", "art_2__para_1", "SYN-NAT")
    assert d.national_provisions == ("art_2__para_1", "art_4") and d.compatibility is Compatibility.FULL


def test_amended_text_shows_in_next_export_and_blocks_stale_import(project, tmp_path):
    project.set_decision("SYN-REF", "art_2__para_2", "SYN-NAT", national_provisions=["art_2__para_2"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    stale = export_review(project, tmp_path / "before.xlsx")
    project.add_act(national_act(texts={"art_2__para_2": "Sintetički registar vidžeta čuva se 30 godina."}),
                    "national", amends="SYN-NAT")
    out = export_review(project, tmp_path / "after.xlsx")
    ws = openpyxl.load_workbook(out)["Review"]
    c = cols(ws)
    r = row_of(ws, "R00003")
    changed = ws.cell(r, c["changed"]).value
    assert "full" in changed and "20 godina" in changed
    assert "30 godina" in ws.cell(r, c["national_text"]).value
    assert ws.cell(r, c["compatibility"]).value == "to review"
    assert not ws.column_dimensions[openpyxl.utils.get_column_letter(c["changed"])].hidden
    # an old workbook (made before the amendment) cannot set this row
    old_edit = edit(stale, tmp_path / "old.xlsx", lambda wb, ws: set_cell(ws, "R00003", "compatibility", "partial"))
    rep = import_review(project, old_edit, "Bo")
    assert {o.row_id: o.action for o in rep.outcomes}["R00003"] == "conflict"
    # the new one can
    new_edit = edit(out, tmp_path / "new.xlsx", lambda wb, ws: set_cell(ws, "R00003", "compatibility", "full"))
    rep = import_review(project, new_edit, "Bo")
    d = project.decision("SYN-REF", "art_2__para_2", "SYN-NAT")
    assert d.compatibility is Compatibility.FULL and d.previous is None


def test_several_national_acts_one_row_each(project, tmp_path):
    second = second_national()
    project.add_act(second, "national")
    project.store_match("SYN-REF", "SYN-NAT-2", match_result(project.act("SYN-REF"), second))
    out = export_review(project, tmp_path / "review.xlsx")
    ws = openpyxl.load_workbook(out)["Review"]
    c = cols(ws)
    acts = [ws.cell(r, c["national_act"]).value for r in range(2, 10)]
    assert acts == ["SNA", "SNA2"] * 4

    def add(wb, ws):
        ws.cell(10, c["reference_citation"]).value = "Article 2(1)"
        ws.cell(10, c["national_citation"]).value = "član 4"   # no national act named: ambiguous
    with pytest.raises(ReviewError, match="name the national act"):
        import_review(project, edit(out, tmp_path / "e.xlsx", add), "Bo")


def test_serbian_cyrillic_workbook(project, tmp_path):
    out = export_review(project, tmp_path / "sr.xlsx", lang="sr-Cyrl")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.title == "Преглед" and "потпуно усклађено" in ws.data_validations.dataValidation[0].formula1
    set_cell(ws, "R00001", "compatibility", "Потпуно усклађено")
    wb.save(tmp_path / "sr2.xlsx")
    assert import_review(project, tmp_path / "sr2.xlsx", "Ana").count("changed") == 1
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL


def test_albanian_citation_typed_by_hand_resolves():
    """A PLAINLY synthetic Albanian act: "pika" is a paragraph in Albania."""
    from concordance.model import Act, ActMeta, Provision
    from concordance.review.citations import resolve_citations

    meta = ActMeta(key="SYN-AL", title="Ligj sintetik për vixhetet", language="sq", jurisdiction="AL")
    act = Act(meta=meta, provisions=(
        Provision("art_12", "article", "12", None, "", None, "neni 12"),
        Provision("art_12__para_1", "paragraph", "1", None, "Tekst sintetik një.", "art_12", "neni 12, pika 1"),
        Provision("art_12__para_2", "paragraph", "2", None, "Tekst sintetik dy.", "art_12", "neni 12, pika 2"),
    ))
    assert resolve_citations("Nenit 12 pika 2", act, {}) == (["art_12__para_2"], [])
    assert resolve_citations("neni 12, pika 2; Art. 12(1)", act, {}) == (["art_12__para_2", "art_12__para_1"], [])
    assert resolve_citations("neni 13", act, {}) == ([], ["neni 13"])


def test_export_is_atomic(project, tmp_path, monkeypatch):
    out = export_review(project, tmp_path / "review.xlsx")
    before = out.read_bytes()

    def broken_save(self, filename):
        Path(filename).write_bytes(b"half a workbook")
        raise OSError("disk full")
    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        export_review(project, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "review" in p.name) == ["review.xlsx"]


def test_same_reviewer_cannot_overwrite_from_another_copy(project, tmp_path):
    """Issue 11: conflicts are told by what the workbook was exported with, never by the name.
    Two copies of one export, edited differently and imported under the same --reviewer: the
    second reports the conflict (as for two reviewers) and the first stays."""
    out = export_review(project, tmp_path / "review.xlsx")

    def copy_a(wb, ws):
        set_cell(ws, "R00001", "compatibility", "partial")
        set_cell(ws, "R00002", "compatibility", "full")
    a = edit(out, tmp_path / "a.xlsx", copy_a)

    def copy_b(wb, ws):
        set_cell(ws, "R00001", "compatibility", "none")          # differs from copy a: a conflict
        set_cell(ws, "R00002", "compatibility", "full")          # the same as copy a: already applied
        set_cell(ws, "R00003", "comment", "synthetic note")       # only in copy b: applied
    b = edit(out, tmp_path / "b.xlsx", copy_b)
    assert import_review(project, a, "Ana").count("changed") == 2
    rep = import_review(project, b, "Ana")
    by_id = {o.row_id: o for o in rep.outcomes}
    assert by_id["R00001"].action == "conflict"
    assert "another import of this same export" in by_id["R00001"].detail and "a.xlsx" in by_id["R00001"].detail
    assert by_id["R00002"].action == "already applied" and by_id["R00003"].action == "changed"
    assert "with 1 conflict(s)" in rep.summary()
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.PARTIAL
    conflict = project.events(action="conflict")[-1]
    assert conflict.who == "Ana" and conflict.new["compatibility"] == "none" and conflict.old["compatibility"] == "partial"


def test_going_on_in_an_imported_workbook_conflicts_where_it_was_imported(project, tmp_path):
    """The workbook cannot tell a later edit by the same adviser from another copy's edit, so a row
    imported once and edited again is a conflict too (kept, logged); a new export takes it."""
    out = export_review(project, tmp_path / "review.xlsx")
    monday = edit(out, tmp_path / "monday.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "partial"))
    assert import_review(project, monday, "Ana").count("changed") == 1

    def thursday_edit(wb, ws):
        set_cell(ws, "R00001", "compatibility", "full")
        set_cell(ws, "R00002", "compatibility", "none")
    thursday = edit(monday, tmp_path / "thursday.xlsx", thursday_edit)
    rep = import_review(project, thursday, "Ana")
    assert rep.count("conflict") == 1 and rep.count("already applied") == 0 and rep.count("changed") == 1
    assert "export a new workbook" in rep.conflicts[0].detail
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.PARTIAL
    fresh = export_review(project, tmp_path / "fresh.xlsx")
    again = edit(fresh, tmp_path / "again.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "full"))
    assert import_review(project, again, "Ana").count("changed") == 1
    assert project.decision("SYN-REF", "art_1", "SYN-NAT").compatibility is Compatibility.FULL


# ------------------------------------------------------------------------------------------------
# audit gaps (issue 4): overwriting, sorting/deleting, amendments, conflicts
# ------------------------------------------------------------------------------------------------
def test_export_refuses_to_overwrite_unimported_edits(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    # an unedited earlier export may be replaced
    export_review(project, out)

    def adviser(wb, ws):
        set_cell(ws, "R00001", "compatibility", "full")
        set_cell(ws, "R00002", "comment", "synthetic note")
    edit(out, out, adviser)
    edited = out.read_bytes()
    with pytest.raises(InputError) as exc:
        export_review(project, out)
    msg = str(exc.value)
    assert str(out) in msg and "2 row(s)" in msg and "review import" in msg and "--force" in msg
    assert out.read_bytes() == edited
    # once imported, the edits are in the project and the workbook may be replaced
    import_review(project, out, "Ana")
    export_review(project, out)
    assert out.read_bytes() != edited


def test_export_refuses_an_unknown_workbook_unless_forced(project, tmp_path):
    other = tmp_path / "budget.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "synthetic budget figures"
    wb.save(other)
    with pytest.raises(InputError, match="not a review workbook of this project"):
        export_review(project, other)
    assert openpyxl.load_workbook(other).active["A1"].value == "synthetic budget figures"
    export_review(project, other, force=True)
    assert "Review" in openpyxl.load_workbook(other).sheetnames


def test_review_export_cli_force(project, tmp_path):
    from click.testing import CliRunner

    from concordance.cli import main

    out = export_review(project, tmp_path / "review.xlsx")
    edit(out, out, lambda wb, ws: set_cell(ws, "R00001", "compatibility", "none"))
    path = str(project.path)
    project.close()
    r = CliRunner().invoke(main, ["review", "export", path, "-o", str(out)])
    assert r.exit_code == 2 and "1 row(s)" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["review", "export", path, "-o", str(out), "--force"])
    assert r.exit_code == 0, r.output
    ws = openpyxl.load_workbook(out)["Review"]
    assert ws.cell(row_of(ws, "R00001"), cols(ws)["compatibility"]).value in (None, "")


def test_sorted_and_deleted_rows_import_and_ids_stay_checked(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def adviser(wb, ws):
        c = cols(ws)
        set_cell(ws, "R00002", "compatibility", "partial")
        ws.delete_rows(row_of(ws, "R00001"))           # allowed now: no sheet protection
        rows = [[ws.cell(r, j).value for j in range(1, ws.max_column + 1)] for r in range(2, 5)]
        rows.sort(key=lambda v: str(v[c["reference_citation"] - 1]), reverse=True)   # sort by citation
        for i, values in enumerate(rows, start=2):
            for j, v in enumerate(values, start=1):
                ws.cell(i, j).value = v
    rep = import_review(project, edit(out, tmp_path / "sorted.xlsx", adviser), "Ana")
    actions = {o.row_id: o.action for o in rep.outcomes}
    assert actions == {"R00001": "deleted", "R00002": "changed", "R00003": "unchanged", "R00004": "unchanged"}
    assert project.decision("SYN-REF", "art_2__para_1", "SYN-NAT").compatibility is Compatibility.PARTIAL
    # a row id typed over (pasted past the validation) is still refused
    moved = edit(out, tmp_path / "moved.xlsx", lambda wb, ws: set_cell(ws, "R00003", "row_id", "R00004"))
    with pytest.raises(ReviewError, match="no longer line up"):
        import_review(project, moved, "Ana")


def test_amendment_row_shows_new_provision_and_old_text_by_citation(project, tmp_path):
    import dataclasses as dc

    project.set_decision("SYN-REF", "art_2__para_2", "SYN-NAT", national_provisions=["art_2__para_2"],
                         compatibility=Compatibility.FULL, reviewer="Ana")
    # the new version drops Article 2(2) and moves its text, amended, into a new Article 5
    new = national_act(texts={"art_5": "Sintetički registar vidžeta čuva se 30 godina."})
    new = dc.replace(new, provisions=tuple(p for p in new.provisions if p.id != "art_2__para_2"))
    project.add_act(new, "national", amends="SYN-NAT")
    d = project.decision("SYN-REF", "art_2__para_2", "SYN-NAT")
    assert d.national_provisions == ("art_5",) and d.compatibility is Compatibility.TO_REVIEW
    out = export_review(project, tmp_path / "after.xlsx")
    ws = openpyxl.load_workbook(out)["Review"]
    c = cols(ws)
    r = row_of(ws, "R00003")
    assert ws.cell(r, c["national_citation"]).value == "član 5"
    assert "30 godina" in ws.cell(r, c["national_text"]).value
    changed = ws.cell(r, c["changed"]).value
    assert "član 2 stav 2" in changed and "20 godina" in changed and "[art_2__para_2]" not in changed


def test_import_with_conflicts_exits_1_and_says_so(project, tmp_path):
    import json

    from click.testing import CliRunner

    from concordance.cli import main

    out = export_review(project, tmp_path / "review.xlsx")
    a = edit(out, tmp_path / "a.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "full"))

    def b_edit(wb, ws):
        set_cell(ws, "R00001", "compatibility", "none")
        set_cell(ws, "R00002", "compatibility", "partial")
    b = edit(out, tmp_path / "b.xlsx", b_edit)
    path = str(project.path)
    project.close()
    r = CliRunner().invoke(main, ["review", "import", path, str(a), "--reviewer", "Ana"])
    assert r.exit_code == 0, r.output
    assert "a.xlsx: applied; 1 changed" in r.output
    r = CliRunner().invoke(main, ["review", "import", path, str(b), "--reviewer", "Bo"])
    assert r.exit_code == 1, r.output
    assert "b.xlsx: applied with 1 conflict(s); 1 changed" in r.output
    b2 = edit(out, tmp_path / "b2.xlsx", lambda wb, ws: set_cell(ws, "R00001", "compatibility", "partial"))
    r = CliRunner().invoke(main, ["review", "import", path, str(b2), "--reviewer", "Cy",
                                                  "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout[:r.stdout.rindex("}") + 1])
    assert [c["row_id"] for c in data["conflicts"]] == ["R00001"] and "Ana" in data["conflicts"][0]["detail"]
    assert "exit" in CliRunner().invoke(main, ["review", "import", "--help"]).output.lower()


def test_disagreeing_added_row_names_column_by_letter_and_header(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")

    def add(wb, ws):
        c = cols(ws)
        set_cell(ws, "R00001", "compatibility", "full")
        ws.cell(7, c["reference_citation"]).value = "Article 1"
        ws.cell(7, c["national_citation"]).value = "član 4"
        ws.cell(7, c["compatibility"]).value = "none"
    with pytest.raises(ReviewError) as exc:
        import_review(project, edit(out, tmp_path / "e.xlsx", add), "Bo")
    assert "row 7, column K (Compatibility)" in str(exc.value.problems[0])


def test_export_without_match_says_one_thing(tmp_path):
    from click.testing import CliRunner

    from concordance.cli import main

    path = tmp_path / "empty.concordance"
    with Project.create(path) as p:
        p.add_act(reference_act(), "reference")
    r = CliRunner().invoke(main, ["review", "export", str(path), "-o", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 2 and "national act" in r.output and "no match has been run" not in r.output
    with Project.open(path) as p:
        p.add_act(national_act(), "national")
    r = CliRunner().invoke(main, ["review", "export", str(path), "-o", str(tmp_path / "r.xlsx")])
    assert r.exit_code == 0 and "no match has been run" in r.output


def test_duplicate_column_names_both_by_letter_and_header(project, tmp_path):
    out = export_review(project, tmp_path / "review.xlsx")
    dup = edit(out, tmp_path / "dup.xlsx", lambda wb, ws: ws.cell(1, ws.max_column + 1, "Compatibility"))
    with pytest.raises(ReviewError) as exc:
        import_review(project, dup, "Bo")
    assert "column K (Compatibility) and column S (Compatibility)" in str(exc.value)
