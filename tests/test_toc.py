"""The working group's main job on the bundled laws: parse, match, review workbook and ToC in every
format and output; the ``render`` and ``toc`` commands; LibreOffice and Chromium read the results."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from concordance.cli import main
from concordance.errors import InputError
from concordance.model import Compatibility, RowStatus
from concordance.outputs import inside
from concordance.render import FORMATS, build_context, format_spec, load_labels, render
from concordance.catalogue.missing_rows import with_missing_rows
from concordance.catalogue import acts, parsed
from concordance.store import Project
from fixtures.directive import XHTML as DIRECTIVE_FILE, partly_held_copy

MK = "MK-zakon-za-oruzjeto-2005"
ME = "ME-zakon-o-oruzju-2015"
REG337 = "32018R0337"   # held in part (annexes not held); the directive excerpts leave the project
DIRECTIVE = "32021L0555"   # the synthetic stand-in in EUR-Lex markup, recognised as 2021/555 by its title
UNFP = "UN-firearms-protocol-2001"
TAG = re.compile(r"\{\{|\}\}|\{%|%\}")
HEADER = {"drafter": "Synthetic drafting ministry (test)", "code": "TEST-0001", "version": "2"}


@pytest.fixture
def project(toc_project) -> Path:
    """The shared project (tests/conftest.py): MK and ME matched against the UN Protocol and 2018/337."""
    return toc_project


def _docx_all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


def _main_table(d, title: str):
    return next(t for t in d.tables if t.rows[0].cells[0].text == title)


@pytest.mark.parametrize("law", [MK, ME])
@pytest.mark.parametrize("fmt", FORMATS)
def test_bundled_laws_render_in_every_format_and_output(project, tmp_path, law, fmt):
    with Project.open(project) as p:
        conc = p.concordance(UNFP, [law])
        national = {law: p.act(law)}
    rows = with_missing_rows(conc).rows
    labels = load_labels(fmt, kind="treaty")
    spec = format_spec(fmt)
    cited = [r["citation"] for r in build_context(conc, spec, labels, HEADER, national)["rows"]]
    for as_ in ("docx", "html", "xlsx"):
        out = render(conc, fmt, as_, tmp_path / f"{fmt}.{as_}", HEADER, acts=national)
        if as_ == "docx":
            assert not TAG.search(_docx_all_text(out))
            d = docx.Document(str(out))
            table = _main_table(d, labels.section("columns")[spec.columns[0]])
            assert [r.cells[0].text for r in table.rows[1:]] == cited
            compat = spec.columns.index("compat")
            shown = {c.text.split("\n")[0].rstrip(" †") for c in (r.cells[compat] for r in table.rows[1:])}
            wording = {lab.full for lab in labels.compat.values()}
            assert shown <= wording | {""}
            # non-transposable treaty mechanics (UNFP Arts 16-21) are labelled not relevant, never gaps
            nt = [i for i, r in enumerate(rows) if r.status is RowStatus.NOT_APPLICABLE]
            assert nt
            for i in nt:
                cell = table.rows[1 + i].cells[compat].text
                assert cell.startswith(labels.compat[Compatibility.NOT_APPLICABLE].full)
                assert labels.section("marks")["gap"] not in cell
            fields = {r.cells[0].text: r.cells[1].text for t in d.tables if len(t.columns) == 2 for r in t.rows}
            assert fields[labels.section("header")["code"]] == "TEST-0001"
            assert fields[labels.section("header")["reference"]].startswith("Protocol against the Illicit")
        elif as_ == "html":
            html = out.read_text(encoding="utf-8")
            assert not TAG.search(html)
            assert html.count('<tr id="') == len(rows)
        else:
            wb = openpyxl.load_workbook(out)
            assert wb.worksheets[0].max_row >= len(rows)


def test_incomplete_act_rows_say_the_text_is_not_held(project, tmp_path):
    """2018/337 is held without its annexes: each annex still has its row, cited in Macedonian, saying
    that the text is not held (never a gap), after the articles, in order."""
    with Project.open(project) as p:
        conc = p.concordance(REG337, [MK])
    out = render(conc, "mk", "docx", tmp_path / "mk.docx", HEADER)
    d = docx.Document(str(out))
    labels = load_labels("mk", kind="regulation")
    table = _main_table(d, labels.section("columns")["eu_ref"])
    cites = [r.cells[0].text for r in table.rows[1:]]
    assert cites[:2] == ["член 1", "член 2"] and cites[-3:] == ["Прилог 1", "Прилог 2", "Прилог 3"]
    not_held = labels.section("marks")["missing_text"]
    for row in table.rows[-3:]:
        assert not_held in row.cells[1].text
        assert labels.section("marks")["gap"] not in row.cells[5].text
    # the footnote names what is not held in words, not as ids
    text = _docx_all_text(out)
    assert "Прилог 1 – Прилог 3" in text and "annex_1" not in text


def test_incomplete_directive_rows_say_the_text_is_not_held(tmp_path, monkeypatch):
    """A user's download held only in part (here the synthetic stand-in catalogued with a missing list
    and a provision held in part): rows not held say so, in order, cited in Macedonian; the provision
    held in part (Article 4(5)) is matched on its part and says so, never "text not held"."""
    partly_held_copy(tmp_path / "data", missing=["art_2-art_3", "art_5-art_6", "art_8-art_15", "art_18-art_28"],
                     partial=["art_4__para_5"])
    monkeypatch.setenv(acts.ENV_VAR, str(tmp_path / "data"))
    parsed.clear_cache()
    with Project.create(tmp_path / "p.sqlite") as p:
        p.add_act(parsed.load(MK), "national")
        p.add_act(parsed.load("SYN-partial"), "reference")
        p.run_match(use_embeddings=False)
        conc = p.concordance("SYN-partial", [MK])
    out = render(conc, "mk", "docx", tmp_path / "mk.docx", HEADER)
    d = docx.Document(str(out))
    labels = load_labels("mk")
    marks = labels.section("marks")
    table = _main_table(d, labels.section("columns")["eu_ref"])
    cites = [r.cells[0].text for r in table.rows[1:]]
    # every article of 2021/555 has a row, in order, held or not
    arts = [int(m.group(1)) for c in cites if (m := re.match(r"член (\d+)\b", c))]
    assert arts == sorted(arts) and {2, 3, 5, 6, 8, 15, 18, 27, 28} <= set(arts)
    row5 = table.rows[1 + cites.index("член 5")]
    assert any(marks["missing_text"] in c.text for c in row5.cells), [c.text for c in row5.cells]
    assert marks["gap"] not in row5.cells[5].text
    assert cites.index("член 7") > cites.index("член 6 став 2")
    row45 = table.rows[1 + cites.index("член 4 став 5")]
    assert marks["missing_text"] not in row45.cells[1].text and row45.cells[1].text.strip()
    assert marks["held_in_part"].split(":")[0] in row45.cells[5].text


def test_toc_without_reference_measures_the_held_acts_and_says_how_to_add_the_directive(tmp_path):
    res = CliRunner().invoke(main, ["toc", MK, "--no-embeddings", "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["project.sqlite", "review.xlsx", f"toc-mk-{UNFP}.docx", f"toc-mk-{UNFP}.html"]
    assert "[6/6]" in res.output  # progress lines (stderr is mixed in by CliRunner)
    # the directive is not bundled: one line says how to give the user's own download
    note = next(line for line in res.output.splitlines() if "2021/555" in line)
    assert "not bundled" in note and "concordance fetch 32021L0555" in note and "--reference" in note


def test_toc_with_the_users_directive_download(tmp_path):
    """The directive path end to end: the user's EUR-Lex file (synthetic stand-in, real markup) given as
    --reference is read as Directive (EU) 2021/555, matched, and rendered under its catalogue title."""
    res = CliRunner().invoke(main, ["toc", ME, "--reference", str(DIRECTIVE_FILE), "--no-embeddings",
                                    "-o", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    assert "not bundled" not in res.output
    with Project.open(tmp_path / "out" / "project.sqlite") as p:
        ref = p.act(DIRECTIVE)
        assert ref.meta.celex == DIRECTIVE and ref.meta.kind == "directive" and ref.meta.complete
        rows = p.concordance(DIRECTIVE, [ME]).rows
    assert len(rows) > 40 and not any(r.status is RowStatus.MISSING_TEXT for r in rows)
    text = _docx_all_text(tmp_path / "out" / f"toc-me-{DIRECTIVE}.docx")
    assert "Directive (EU) 2021/555" in text and "widget" in text


def test_toc_command_does_the_main_job_and_keeps_decisions(tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(main, ["toc", MK, "--reference", REG337, "--reference", UNFP, "--no-embeddings", "-o",
                               str(out), "--code", "EPP-TEST-1", "--drafter", "Test drafter"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["project.sqlite", "review.xlsx", f"toc-mk-{REG337}.docx", f"toc-mk-{REG337}.html",
                     f"toc-mk-{UNFP}.docx", f"toc-mk-{UNFP}.html"]
    # 2018/337 is held only in part: toc says so, and what to do
    assert f"{REG337} is held only in part" in res.output and f"concordance fetch {REG337}" in res.output
    assert "[9/9]" in res.output  # progress lines (stderr is mixed in by CliRunner)
    text = _docx_all_text(out / f"toc-mk-{UNFP}.docx")
    assert "EPP-TEST-1" in text and "Test drafter" in text
    assert load_labels("mk").section("statement")["s3_6"] in text

    # a reviewer decides a row; the next run with --project keeps and shows it
    with Project.open(out / "project.sqlite") as p:
        nat = p.act(MK)
        p.set_decision(UNFP, "art_6__para_1", MK, national_provisions=[nat.of_kind("article")[0].id],
                       compatibility=Compatibility.PARTIAL, reviewer="Test Reviewer", reasons="Synthetic test reason")
    res = runner.invoke(main, ["toc", MK, "--reference", UNFP, "--no-embeddings", "--project",
                               str(out / "project.sqlite"), "-o", str(tmp_path / "again")])
    assert res.exit_code == 0, res.output
    again = _docx_all_text(tmp_path / "again" / f"toc-mk-{UNFP}.docx")
    assert "Test Reviewer" in again and "Synthetic test reason" in again
    assert not (tmp_path / "again" / "project.sqlite").exists()


def test_render_command_and_its_errors(project, tmp_path):
    runner = CliRunner()
    out = tmp_path / "rs.docx"
    res = runner.invoke(main, ["render", str(project), "--format", "rs", "--as", "docx", "--script", "latin",
                               "--reference", UNFP, "--national", ME, "-o", str(out), "--title", "Nacrt (test)"])
    assert res.exit_code == 0, res.output
    text = _docx_all_text(out)
    assert "Nacrt (test)" in text and "Odredba međunarodnog ugovora" in text   # a treaty is no EU act
    assert "warning: ME-zakon-o-oruzju-2015 is a law of ME" in res.output
    # several reference acts and none chosen: a clear error, exit 2
    res = runner.invoke(main, ["render", str(project), "--format", "me", "-o", str(tmp_path / "x.docx")])
    assert res.exit_code == 2 and "--reference" in res.output
    # a broken user template: file and paragraph named, nothing written
    broken = tmp_path / "broken.docx"
    d = docx.Document()
    d.add_paragraph("{{ header.title }")
    d.save(broken)
    res = runner.invoke(main, ["render", str(project), "--format", "me", "--reference", UNFP, "--template",
                               str(broken), "-o", str(tmp_path / "y.docx")])
    assert res.exit_code == 2 and str(broken) in res.output and "paragraph 1" in res.output
    assert "Traceback" not in res.output and not (tmp_path / "y.docx").exists()


def test_output_names_cannot_escape_the_output_folder(tmp_path):
    assert inside(tmp_path, "toc.docx") == (tmp_path / "toc.docx").resolve()
    with pytest.raises(InputError, match="outside the output folder"):
        inside(tmp_path, "../escape.docx")
    with pytest.raises(InputError):
        inside(tmp_path, "/etc/passwd")


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_converts_mk_and_me_docx_to_pdf(project, tmp_path):
    from pypdf import PdfReader

    with Project.open(project) as p:
        docs = [render(p.concordance(REG337, [MK]), "mk", "docx", tmp_path / "mk.docx", HEADER),
                render(p.concordance(UNFP, [ME]), "me", "docx", tmp_path / "me.docx", HEADER)]
    proc = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), *map(str, docs)],
                          capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr
    for name, fmt in (("mk", "mk"), ("me", "me")):
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.is_file()
        reader = PdfReader(str(pdf))
        assert len(reader.pages) >= 2
        text = "".join(page.extract_text() or "" for page in reader.pages)
        assert "TEST-0001" in text
        assert load_labels(fmt).section("titles")["eu_national"].split()[0] in text


@pytest.mark.chromium
@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_chromium_prints_the_html(project, tmp_path):
    with Project.open(project) as p:
        html = render(p.concordance(UNFP, [MK]), "mk", "html", tmp_path / "mk.html", HEADER)
    pdf = tmp_path / "mk.pdf"
    proc = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           f"--user-data-dir={tmp_path}/chromium", f"--print-to-pdf={pdf}", html.as_uri()],
                          capture_output=True, text=True, timeout=240)
    assert pdf.is_file() and pdf.stat().st_size > 10_000, proc.stderr


def test_toc_on_a_law_file_with_its_jurisdiction_picks_the_format(tmp_path):
    law = Path(__file__).parent / "fixtures" / "render" / "synthetic-law.txt"
    res = CliRunner().invoke(main, ["toc", str(law), "--jurisdiction", "XK", "--reference", UNFP, "--no-embeddings",
                                    "--lang", "en", "--project", str(tmp_path / "new.sqlite"), "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "new.sqlite").is_file()
    d = docx.Document(str(tmp_path / "o" / f"toc-xk-{UNFP}.docx"))
    labels = load_labels("xk", "en", kind="treaty")
    _main_table(d, labels.section("columns")["eu_ref"])
    reverse = _main_table(d, labels.section("reverse_columns")["nat_article"])
    assert len(reverse.rows) >= 4  # the synthetic law's three articles (mapped or not) + header


def test_ba_renders_one_table_over_several_national_acts(project, tmp_path):
    """BiH files one table over entity, cantonal and Brčko laws; two bundled laws stand in for them."""
    with Project.open(project) as p:
        conc = p.concordance(UNFP, [MK, ME])
        national = {k: p.act(k) for k in (MK, ME)}
    out = render(conc, "ba", "docx", tmp_path / "ba.docx", HEADER, acts=national)
    d = docx.Document(str(out))
    labels = load_labels("ba", kind="treaty")
    table = _main_table(d, labels.section("columns")["eu_ref"])
    col = format_spec("ba").columns.index("nat_grouped")
    shorts = {m.short_title or m.key for m in conc.national}
    grouped = [r.cells[col].text for r in table.rows[1:]]
    both = [g for g in grouped if all(f"{s}:" in g for s in shorts)]
    assert both, "some row should cite provisions of both acts"
    fields = {r.cells[0].text: r.cells[1].text for t in d.tables if len(t.columns) == 2 for r in t.rows}
    assert all(m.title in fields[labels.section("header")["national_acts"]] for m in conc.national)
