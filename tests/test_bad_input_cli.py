"""Bad input through the CLI, for init, add, match PROJECT, review export/import, render and toc.

Every case must end with exit code 2 and ONE paragraph on stderr ("Error: ...") that names the file
(and sheet/row/column where relevant), says what is wrong and what to do: no traceback, no click
usage text, and the project file byte for byte unchanged when nothing should change.

The national law here is PLAINLY synthetic ("Zakon o sintetičkim vidžetima", written for the test);
the reference act is the bundled UN Firearms Protocol; the old .doc is the bundled Czech original.
Broken files (blank or image-only PDF, truncated DOCX, XML with entities) are made on the fly.
"""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject

from concordance.cli import main
from concordance.cli.render_cmd import FORMAT_KEYS
from concordance.render import FORMATS
from concordance.store import Project

REPO = Path(__file__).resolve().parents[1]
OLD_DOC = REPO / "national_laws" / "CZ" / "119-2002" / "CZ-119-2002.en.orig.doc"
REFERENCE = "UN-firearms-protocol-2001"

LAW = """ZAKON O SINTETIČKIM VIDŽETIMA
(sintetički tekst za testove)

Član 1
Ovim sintetičkim zakonom uređuju se sintetički vidžeti i vatreno oružje.

Član 2
Svaki sintetički vidžet upisuje se u sintetički registar.
Sintetički registar vidžeta čuva se 20 godina.

Član 3
Sintetički vidžet označava se serijskim brojem.
"""
CYRILLIC_LAW = """СИНТЕТИЧКИ ЗАКОН О ВИЏЕТИМА
(синтетички текст за тестове)

Члан 1
Овим синтетичким законом уређују се синтетички виџети.

Члан 2
Сваки синтетички виџет уписује се у синтетички регистар.
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def refused(r, *names) -> str:
    """The run failed the way bad input must: exit 2, one 'Error:' paragraph naming ``names``."""
    assert r.exit_code == 2, r.output
    assert isinstance(r.exception, SystemExit), r.exception
    assert "Traceback" not in r.output and "Usage:" not in r.output, r.output
    err = r.stderr.strip()
    assert err.startswith("Error: ") and err.count("Error:") == 1, err
    assert "\n\n" not in err, err
    for name in names:
        assert str(name) in err, (name, err)
    return err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# inputs
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def matched(tmp_path_factory):
    """A project with the UN Protocol and the synthetic law, matched, and its review workbook."""
    d = tmp_path_factory.mktemp("matched")
    project = d / "p.concordance"
    law = d / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    for args in (("init", project), ("add", project, REFERENCE, "--role", "reference"),
                 ("add", project, law, "--role", "national", "--lang", "cnr", "--jurisdiction", "ME"),
                 ("match", project, "--no-embeddings"), ("review", "export", project, "-o", d / "review.xlsx")):
        r = run(*args)
        assert r.exit_code == 0, r.output
    return project, d / "review.xlsx", law


@pytest.fixture
def work(matched, tmp_path):
    """Fresh copies of the matched project, its workbook and the law, for one test."""
    project, workbook, law = matched
    for f in (project, workbook, law):
        shutil.copy(f, tmp_path / f.name)
    return tmp_path / project.name, tmp_path / workbook.name, tmp_path / law.name


@pytest.fixture
def empty_project(tmp_path):
    project = tmp_path / "empty.concordance"
    assert run("init", project).exit_code == 0
    return project


def blank_pdf(path: Path) -> Path:
    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.write(path)
    return path


def image_only_pdf(path: Path) -> Path:
    """A 'scan': one page showing an image (an inline 8x8 grey picture), no text layer."""
    w = PdfWriter()
    page = w.add_blank_page(width=595, height=842)
    content = DecodedStreamObject()
    content.set_data(b"q 500 0 0 700 40 70 cm BI /W 8 /H 8 /CS /G /BPC 8 ID "
                     + bytes(range(0, 256, 4)) + b" EI Q")
    page.replace_contents(content)
    w.write(path)
    return path


def truncated_docx(path: Path) -> Path:
    d = docx.Document()
    for line in LAW.splitlines():
        d.add_paragraph(line)
    full = path.with_name("full.docx")
    d.save(full)
    data = full.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


# ---------------------------------------------------------------------------------------------
# init
# ---------------------------------------------------------------------------------------------
def test_init_on_a_file_that_is_not_a_project(tmp_path):
    f = tmp_path / "notes.concordance"
    f.write_text("my notes, not a project\n")
    before = sha(f)
    err = refused(run("init", f), f)
    assert "not a concordance project" in err and "left as it is" in err
    assert sha(f) == before


def test_init_on_an_existing_project_keeps_it(matched, tmp_path):
    project = tmp_path / "p.concordance"
    shutil.copy(matched[0], project)
    before = sha(project)
    err = refused(run("init", project), project)
    assert "already exists" in err
    assert sha(project) == before


def test_init_on_a_folder(tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    err = refused(run("init", folder), folder)
    assert "folder" in err and list(folder.iterdir()) == []


def test_init_in_a_missing_folder(tmp_path):
    target = tmp_path / "no-such-folder" / "p.concordance"
    err = refused(run("init", target), "no-such-folder")
    assert "does not exist" in err and not target.parent.exists()


# ---------------------------------------------------------------------------------------------
# add
# ---------------------------------------------------------------------------------------------
def _add_refused(project: Path, source, *extra, names=()) -> str:
    before = sha(project)
    err = refused(run("add", project, source, "--role", "national", *extra), *(names or (Path(source).name,)))
    assert sha(project) == before, "the project changed although nothing was added"
    return err


def test_add_a_missing_file(empty_project, tmp_path):
    err = _add_refused(empty_project, tmp_path / "missing-law.docx")
    assert "no such file" in err


def test_add_a_folder(empty_project, tmp_path):
    (tmp_path / "laws").mkdir()
    err = _add_refused(empty_project, tmp_path / "laws")
    assert "folder" in err


def test_add_an_empty_file(empty_project, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert "empty" in _add_refused(empty_project, f)


def test_add_the_old_binary_doc(empty_project):
    err = _add_refused(empty_project, OLD_DOC)
    assert ".doc" in err and ".docx" in err


@pytest.mark.parametrize("make", [blank_pdf, image_only_pdf], ids=["blank-page", "image-only"])
def test_add_a_pdf_without_text(empty_project, tmp_path, make):
    f = make(tmp_path / "scan.pdf")
    err = _add_refused(empty_project, f)
    assert "no text layer" in err and "OCR" in err


def test_add_a_truncated_docx(empty_project, tmp_path):
    err = _add_refused(empty_project, truncated_docx(tmp_path / "law.docx"))
    assert "damaged" in err and "save it again" in err


def test_add_xml_with_entity_declarations(empty_project, tmp_path):
    f = tmp_path / "law.xml"
    f.write_text('<?xml version="1.0"?>\n<!DOCTYPE act [<!ENTITY w "synthetic widgets">]>\n'
                 "<act><article><num>Article 1</num><p>&w;</p></article></act>\n", encoding="utf-8")
    err = _add_refused(empty_project, f)
    assert "entit" in err.lower() and "never expanded" in err


def test_add_a_text_with_no_article(empty_project, tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("Synthetic notes about widgets.\nThey are not a law and have no articles.\n", encoding="utf-8")
    err = _add_refused(empty_project, f)
    assert "no article" in err and "--lang" in err


def test_add_without_role(empty_project, tmp_path):
    f = tmp_path / "widgets.txt"
    f.write_text(LAW, encoding="utf-8")
    before = sha(empty_project)
    err = refused(run("add", empty_project, f), f)
    assert "--role reference" in err and "--role national" in err
    assert sha(empty_project) == before


def test_add_amends_an_unknown_act(work):
    project, _, law = work
    err = _add_refused(project, law, "--lang", "cnr", "--amends", "no-such-act", names=("no-such-act", project))
    assert "widgets" in err  # names what the project does hold


def test_add_to_a_file_that_is_not_a_project(tmp_path):
    f = tmp_path / "notes.concordance"
    f.write_text("not a project")
    before = sha(f)
    err = refused(run("add", f, REFERENCE, "--role", "reference"), f)
    assert "not a concordance project" in err and sha(f) == before


def test_add_a_cp1251_text_is_read_not_refused(empty_project, tmp_path):
    # a legacy Windows-1251 file is not bad input: its Cyrillic must come through intact
    f = tmp_path / "sr-law.txt"
    f.write_bytes(CYRILLIC_LAW.encode("cp1251"))
    r = run("add", empty_project, f, "--role", "national", "--jurisdiction", "RS")
    assert r.exit_code == 0, r.output
    with Project.open(empty_project) as p:
        act = p.act(p.acts("national")[0].key)
    assert act.meta.script == "cyrillic"
    assert [x.text for x in act.provisions if x.text][0] == \
        "Овим синтетичким законом уређују се синтетички виџети."


# ---------------------------------------------------------------------------------------------
# match PROJECT
# ---------------------------------------------------------------------------------------------
def test_match_without_a_reference_act(empty_project, tmp_path):
    f = tmp_path / "widgets.txt"
    f.write_text(LAW, encoding="utf-8")
    assert run("add", empty_project, f, "--role", "national", "--lang", "cnr").exit_code == 0
    before = sha(empty_project)
    err = refused(run("match", empty_project, "--no-embeddings"), empty_project)
    assert "no reference act" in err and "--role reference" in err
    assert sha(empty_project) == before


def test_match_without_a_national_act(empty_project):
    assert run("add", empty_project, REFERENCE, "--role", "reference").exit_code == 0
    before = sha(empty_project)
    err = refused(run("match", empty_project, "--no-embeddings"), empty_project)
    assert "no national act" in err and "--role national" in err
    assert sha(empty_project) == before


# ---------------------------------------------------------------------------------------------
# review export / import
# ---------------------------------------------------------------------------------------------
def _import_refused(project: Path, workbook: Path, *names, extra=("--reviewer", "Synthetic Reviewer")) -> str:
    before = sha(project)
    err = refused(run("review", "import", project, workbook, *extra), workbook.name, *names)
    assert sha(project) == before, "a refused import changed the project"
    return err


def _edit(workbook: Path, out: Path, edit) -> Path:
    wb = openpyxl.load_workbook(workbook)
    edit(wb)
    wb.save(out)
    return out


def _col(ws, title: str) -> int:
    return next(c.column for c in ws[1] if c.value == title)


def test_import_a_file_that_is_not_xlsx(work, tmp_path):
    project, _, law = work
    fake = tmp_path / "review-fake.xlsx"
    shutil.copy(law, fake)
    err = _import_refused(project, fake)
    assert "not an .xlsx workbook" in err and "save it as Excel Workbook (.xlsx)" in err


def test_import_a_missing_workbook(work, tmp_path):
    err = _import_refused(work[0], tmp_path / "no-such-review.xlsx")
    assert "no such file" in err


def test_import_a_workbook_without_the_review_sheets(work, tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active["A1"] = "synthetic"
    wb.save(other)
    err = _import_refused(work[0], other)
    assert "'_meta'" in err and "review export" in err


def test_import_a_workbook_whose_review_sheet_was_deleted(work, tmp_path):
    out = _edit(work[1], tmp_path / "no-review-sheet.xlsx", lambda wb: wb.remove(wb["Review"]))
    err = _import_refused(work[0], out)
    assert "row id column and a compatibility column" in err


def test_import_an_unknown_compatibility(work, tmp_path):
    def edit(wb):
        ws = wb["Review"]
        ws.cell(row=3, column=_col(ws, "Compatibility")).value = "sort of"
    out = _edit(work[1], tmp_path / "bad-compat.xlsx", edit)
    err = _import_refused(work[0], out, "sheet 'Review', row 3, column K (Compatibility)", "'sort of'")
    assert "not a compatibility label" in err and "--partial" in err and "nothing was imported" in err


def test_import_a_row_id_that_does_not_exist(work, tmp_path):
    def edit(wb):
        ws = wb["Review"]
        ws.cell(row=4, column=1).value = "R99999"
        ws.cell(row=4, column=_col(ws, "Compatibility")).value = "full"
    out = _edit(work[1], tmp_path / "bad-row-id.xlsx", edit)
    err = _import_refused(work[0], out, "row 4, column A (Row id)", "'R99999'")
    assert "not in export" in err


def test_import_rows_moved_apart_from_their_ids(work, tmp_path):
    """Only columns B.. sorted (column A left): row R00004 now shows the provision of R00002. The
    adviser's verdict is about the provision shown, so applying it by id would grade the wrong one."""
    def edit(wb):
        ws = wb["Review"]
        a = [c.value for c in ws[3]][1:]
        b = [c.value for c in ws[5]][1:]
        for j, v in enumerate(b, 2):
            ws.cell(row=3, column=j).value = v
        for j, v in enumerate(a, 2):
            ws.cell(row=5, column=j).value = v
        ws.cell(row=5, column=_col(ws, "Compatibility")).value = "full"
    out = _edit(work[1], tmp_path / "half-sorted.xlsx", edit)
    err = _import_refused(work[0], out, "row 3, column C (Reference provision)",
                          "row 5, column C (Reference provision)")
    assert "no longer line up" in err


def test_import_whole_rows_sorted_applies_to_the_right_provision(work, tmp_path):
    # the positive twin of the case above: whole rows moved (a real sort) is not bad input
    project, workbook, _ = work

    def edit(wb):
        ws = wb["Review"]
        a, b = [c.value for c in ws[3]], [c.value for c in ws[5]]
        for j, v in enumerate(b, 1):
            ws.cell(row=3, column=j).value = v
        for j, v in enumerate(a, 1):
            ws.cell(row=5, column=j).value = v
        ws.cell(row=5, column=_col(ws, "Compatibility")).value = "full"
    wb = openpyxl.load_workbook(workbook)
    cited = [c.value for c in wb["Review"][3]][2]
    out = _edit(workbook, tmp_path / "sorted.xlsx", edit)
    r = run("review", "import", project, out, "--reviewer", "Synthetic Reviewer")
    assert r.exit_code == 0, r.output
    with Project.open(project) as p:
        ds = [d for d in p.decisions() if d.is_human_verdict]
        ref = p.act(REFERENCE)
    assert len(ds) == 1 and ref.get(ds[0].reference_provision).citation == cited


def test_import_a_workbook_from_another_project(work, tmp_path):
    def edit(wb):
        wb["_meta"]["B1"].value = "20200101T000000Z-abcdef"
    out = _edit(work[1], tmp_path / "other-project.xlsx", edit)
    err = _import_refused(work[0], out, "sheet '_meta', cell B1", "20200101T000000Z-abcdef")
    assert "not one of this project's exports" in err


@pytest.mark.parametrize("extra", [(), ("--reviewer", "  ")], ids=["missing", "blank"])
def test_import_without_a_reviewer_name(work, extra):
    err = _import_refused(work[0], work[1], extra=extra)
    assert "no reviewer name" in err and "--reviewer NAME" in err


def test_export_into_a_missing_folder(work, tmp_path):
    project = work[0]
    before = sha(project)
    target = tmp_path / "no-such-folder" / "review.xlsx"
    err = refused(run("review", "export", project, "-o", target), "no-such-folder")
    assert "does not exist" in err and not target.parent.exists()
    assert sha(project) == before  # no export recorded for a file nobody received


def test_export_to_a_name_that_is_not_xlsx(work, tmp_path):
    before = sha(work[0])
    err = refused(run("review", "export", work[0], "-o", tmp_path / "review.xls"), "review.xls")
    assert ".xlsx" in err and sha(work[0]) == before


# ---------------------------------------------------------------------------------------------
# render
# ---------------------------------------------------------------------------------------------
def test_the_cli_knows_the_same_formats_as_the_renderer():
    assert tuple(FORMAT_KEYS) == tuple(FORMATS)


def _render_refused(project: Path, *args, names=()) -> str:
    before = sha(project)
    err = refused(run("render", project, *args), *names)
    assert sha(project) == before
    return err


def test_render_an_unknown_format(work, tmp_path):
    err = _render_refused(work[0], "--format", "zz", "-o", tmp_path / "t.docx", names=(work[0], "'zz'"))
    assert "mk, me, rs, xk, al, ba, eu" in err and not (tmp_path / "t.docx").exists()


def test_render_an_unknown_output_kind(work, tmp_path):
    err = _render_refused(work[0], "--format", "me", "--as", "pdf", "-o", tmp_path / "t.pdf", names=("'pdf'",))
    assert "docx, html, xlsx" in err


def test_render_output_name_disagrees_with_as(work, tmp_path):
    err = _render_refused(work[0], "--format", "me", "--as", "html", "-o", tmp_path / "t.docx",
                          names=("t.docx",))
    assert "--as docx" in err


def test_render_kind_follows_the_output_name(work, tmp_path):
    r = run("render", work[0], "--format", "me", "-o", tmp_path / "toc.html")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "toc.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")


def test_render_a_project_with_no_match_yet(empty_project, tmp_path):
    law = tmp_path / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    for args in (("add", empty_project, REFERENCE, "--role", "reference"),
                 ("add", empty_project, law, "--role", "national", "--lang", "cnr", "--jurisdiction", "ME")):
        assert run(*args).exit_code == 0
    out = tmp_path / "toc.docx"
    err = _render_refused(empty_project, "--format", "me", "-o", out, names=(empty_project, "widgets"))
    assert "no match has been run" in err and "concordance match" in err and not out.exists()


def test_render_into_a_missing_folder(work, tmp_path):
    target = tmp_path / "no-such-folder" / "toc.docx"
    err = _render_refused(work[0], "--format", "me", "-o", target, names=("no-such-folder",))
    assert "does not exist" in err and not target.parent.exists()


def test_render_replaces_an_old_toc_with_ordinary_permissions(work, tmp_path):
    import os
    import stat

    out = tmp_path / "toc.docx"
    old = os.umask(0o022)
    try:
        r = run("render", work[0], "--format", "me", "-o", out)
    finally:
        os.umask(old)
    assert r.exit_code == 0, r.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# ---------------------------------------------------------------------------------------------
# toc
# ---------------------------------------------------------------------------------------------
def test_toc_with_an_unknown_law_key(tmp_path):
    out = tmp_path / "out"
    err = refused(run("toc", "NO-SUCH-LAW-KEY", "--no-embeddings", "-o", out), "NO-SUCH-LAW-KEY")
    assert "ME-zakon-o-oruzju-2015" in err  # lists the keys that exist
    assert not out.exists()


def test_toc_with_a_missing_law_file(tmp_path):
    out = tmp_path / "out"
    err = refused(run("toc", tmp_path / "zakon.docx", "--no-embeddings", "-o", out), "zakon.docx")
    assert "no such file" in err and not out.exists()


def test_toc_with_a_law_that_has_no_articles(tmp_path):
    f = tmp_path / "notes.txt"
    f.write_text("Synthetic notes about widgets.\nThey are not a law and have no articles.\n", encoding="utf-8")
    out = tmp_path / "out"
    err = refused(run("toc", f, "--no-embeddings", "-o", out), "notes.txt")
    assert "no article" in err and not out.exists()


def test_toc_with_an_unknown_format(tmp_path):
    err = refused(run("toc", "ME-zakon-o-oruzju-2015", "--format", "zz", "-o", tmp_path / "out"), "'zz'")
    assert "mk, me" in err and not (tmp_path / "out").exists()


def test_toc_out_is_a_file(tmp_path):
    f = tmp_path / "out.txt"
    f.write_text("synthetic")
    err = refused(run("toc", "ME-zakon-o-oruzju-2015", "-o", f), "out.txt")
    assert "folder" in err and f.read_text() == "synthetic"


# ---------------------------------------------------------------------------------------------
# reader messages: broken XML named as such, OCR advice said once
# ---------------------------------------------------------------------------------------------
def test_add_malformed_xml_without_declaration_says_not_well_formed(empty_project, tmp_path):
    f = tmp_path / "law.xml"
    f.write_text("<act><article><num>Article 1</num><p>Synthetic widgets", encoding="utf-8")
    err = _add_refused(empty_project, f)
    assert "well-formed" in err


def test_add_pdf_without_text_says_ocr_once(empty_project, tmp_path):
    err = _add_refused(empty_project, blank_pdf(tmp_path / "scan.pdf"))
    assert err.count("ocrmypdf") == 1 and err.lower().count("run ocr") == 1


# ---------------------------------------------------------------------------------------------
# the project file itself: damaged, in use
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", [("show",), ("add", REFERENCE, "--role", "reference"),
                                     ("render", "--format", "me", "-o", "{tmp}/toc.docx"),
                                     ("review", "export", "-o", "{tmp}/review.xlsx")])
def test_a_damaged_project_file(work, tmp_path, command):
    project = work[0]
    data = project.read_bytes()
    project.write_bytes(data[: len(data) // 2])  # cut off, as by a failed copy
    before = sha(project)
    args = [a.replace("{tmp}", str(tmp_path)) for a in command]
    cmd = args[:2] if args[0] == "review" else args[:1]
    err = refused(run(*cmd, project, *args[len(cmd):]), project)
    assert "damaged" in err and "backup" in err
    assert sha(project) == before


def test_a_project_in_use_by_another_program(work, monkeypatch):
    import sqlite3

    from concordance import store

    monkeypatch.setattr(store.Project, "busy_timeout", 0.1)
    project = work[0]
    other = sqlite3.connect(str(project), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another run in the middle of a write
    try:
        err = refused(run("add", project, REFERENCE, "--role", "national"), project)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "in use by another program" in err and "try again" in err


def test_sqlite_errors_in_plain_words(tmp_path):
    import sqlite3

    from concordance.store import database_problem

    p = tmp_path / "p.concordance"
    ro = sqlite3.OperationalError("attempt to write a readonly database")
    assert "cannot be written" in database_problem(p, ro).message
    assert "write permission" in database_problem(p, ro).message
    odd = sqlite3.OperationalError("disk I/O error")
    assert "cannot be used (disk I/O error)" in database_problem(p, odd).message


def test_render_onto_the_project_file_or_the_template(work, tmp_path):
    project = work[0]
    before = sha(project)
    err = refused(run("render", project, "--format", "me", "--as", "docx", "-o", project), project)
    assert "would overwrite the project file" in err and sha(project) == before
    template = tmp_path / "my-me.docx"
    shutil.copy(REPO / "templates" / "toc" / "me.docx", template)
    kept = sha(template)
    err = refused(run("render", project, "--format", "me", "--template", template, "-o", template), template)
    assert "would overwrite the template" in err and sha(template) == kept


def test_review_export_onto_the_project_file(tmp_path, matched):
    project = tmp_path / "p.xlsx"  # a project file unluckily named like a workbook
    shutil.copy(matched[0], project)
    before = sha(project)
    err = refused(run("review", "export", project, "-o", project), project)
    assert "would overwrite the project file" in err and sha(project) == before


def test_render_with_a_template_of_the_wrong_kind(work, tmp_path):
    project, _, law = work
    err = _render_refused(project, "--format", "me", "--template", law, "-o", tmp_path / "t.html",
                          names=(law,))
    assert "HTML (Jinja) template" in err and not (tmp_path / "t.html").exists()
    fake = tmp_path / "fake.docx"
    shutil.copy(law, fake)
    err = _render_refused(project, "--format", "me", "--template", fake, "-o", tmp_path / "t.docx", names=(fake,))
    assert "not a .docx file" in err and not (tmp_path / "t.docx").exists()


def test_render_and_export_with_unknown_act_keys(work, tmp_path):
    project = work[0]
    err = _render_refused(project, "--format", "me", "--reference", "nope", "-o", tmp_path / "t.docx",
                          names=(project, "'nope'"))
    assert REFERENCE in err
    err = _render_refused(project, "--format", "me", "--national", "nope", "-o", tmp_path / "t.docx",
                          names=(project, "'nope'"))
    assert "widgets" in err
    before = sha(project)
    err = refused(run("review", "export", project, "--reference", "nope", "-o", tmp_path / "r.xlsx"),
                  project, "'nope'")
    assert REFERENCE in err and sha(project) == before and not (tmp_path / "r.xlsx").exists()


def test_a_law_with_control_characters_still_exports_and_renders(empty_project, tmp_path):
    """The text reader lets a stray control character (\\x01) through; XLSX cannot hold it. The
    review workbook and the XLSX ToC drop it instead of failing, and an untouched workbook imports
    as unchanged."""
    law = tmp_path / "ctl.txt"
    law.write_text(LAW.replace("upisuje se", "upisuje\x01 se"), encoding="utf-8")
    for args in (("add", empty_project, REFERENCE, "--role", "reference"),
                 ("add", empty_project, law, "--role", "national", "--lang", "cnr", "--jurisdiction", "ME"),
                 ("match", empty_project, "--no-embeddings"),
                 ("review", "export", empty_project, "-o", tmp_path / "r.xlsx"),
                 ("render", empty_project, "--format", "me", "-o", tmp_path / "t.xlsx")):
        r = run(*args)
        assert r.exit_code == 0, r.output
    r = run("review", "import", empty_project, tmp_path / "r.xlsx", "--reviewer", "Synthetic Reviewer")
    assert r.exit_code == 0 and re.match(r"r\.xlsx: applied; \d+ unchanged\n", r.stdout), r.output


def test_an_empty_project_file(tmp_path):
    project = tmp_path / "p.concordance"
    project.write_bytes(b"")
    err = refused(run("show", project), project)
    assert "empty" in err and project.read_bytes() == b""


def test_a_lowercase_jurisdiction_is_the_iso_code(empty_project, tmp_path):
    law = tmp_path / "widgets.txt"
    law.write_text(LAW, encoding="utf-8")
    r = run("add", empty_project, law, "--role", "national", "--lang", "cnr", "--jurisdiction", "me")
    assert r.exit_code == 0, r.output
    with Project.open(empty_project) as p:
        assert p.jurisdictions() == {"ME": ["widgets"]}
