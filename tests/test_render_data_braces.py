"""Law texts and reviewers' words may contain "{{", "{%" or "{#": they are data, rendered literally
(escaped, never executed), and never mistaken for a tag the template left (issue 5 audit). A template
that really leaves a tag unrendered is still refused, whatever the data holds."""
from __future__ import annotations

import dataclasses
import html as html_lib
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from concordance.cli import main
from concordance.model import ConcordanceRow, NationalRef, ProvisionClass, RowStatus
from concordance.render import (FORMATS, TemplateFault, build_context, default_template, format_spec, load_labels,
                                render)
from concordance.render.template_check import without_tag_chars
from fixtures.render.synthetic import NAT_A, concordance

HEADER = {"title": "Synthetic Draft Law on Widgets", "code": "SYN-2026-001"}
REF_TEXT = "Synthetic Article 2(1). Member States shall {{ register }} widgets {% if x %}now{% endif %} {# a note #}."
NAT_TEXT = "Synthetic widgets <b>shall</b> be marked & numbered. {{ 7*7 }}"
REASONS = "Synthetic reason: {% raw %} half {# the widgets"
COMMENT = "Synthetic comment }} #} %} {{ 6*7 }} {%- set y = 1 -%}"
PIECES = (REF_TEXT, NAT_TEXT, REASONS, COMMENT)
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def braced():
    """The synthetic concordance with braces in reference text, national text, reasons and comment
    (one national provision per row, so a cell holds exactly one text)."""
    conc = concordance(national=(NAT_A,))
    rows = {r.reference_provision: r for r in conc.rows}
    rows["art_2__para_1"] = ConcordanceRow(
        "art_2__para_1", "Article 2(1)", REF_TEXT, ProvisionClass.OBLIGATION, RowStatus.PROPOSED,
        national=(NationalRef("SYN-LAW-A", "art_5__para_1", "Article 5(1)", NAT_TEXT),), score=0.72)
    rows["art_4"] = dataclasses.replace(rows["art_4"], reasons=REASONS, comment=COMMENT)
    return dataclasses.replace(conc, rows=tuple(rows.values()))


def docx_cells(path: Path) -> list[str]:
    d = docx.Document(str(path))
    return [c.text for t in d.tables for r in t.rows for c in r.cells] + [p.text for p in d.paragraphs]


def xlsx_cells(path: Path) -> list[str]:
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _assert_literal(text: str, cells: list[str] | None = None) -> None:
    for piece in PIECES:
        assert piece in text, piece
    assert "49" not in text and "42" not in text  # nothing in the data was executed
    assert not INVISIBLE.search(text)  # nothing slipped into the legal text to dodge a check
    if cells is not None:
        assert REF_TEXT in cells and NAT_TEXT in cells  # whole cells, byte for byte


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("as_", ["docx", "html", "xlsx"])
def test_braces_in_law_text_and_comments_render_literally(tmp_path, fmt, as_):
    out = render(braced(), fmt, as_, tmp_path / f"toc.{as_}", HEADER)
    exact_cells = "nat_text" in format_spec(fmt).columns
    if as_ == "docx":
        cells = docx_cells(out)
        _assert_literal("\n".join(cells), cells if exact_cells else None)
    elif as_ == "html":
        raw = out.read_text(encoding="utf-8")
        assert "<b>shall</b>" not in raw and "&lt;b&gt;shall&lt;/b&gt; be marked &amp; numbered. {{ 7*7 }}" in raw
        text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", raw))
        _assert_literal(text, [line.strip() for line in text.splitlines()] if exact_cells else None)
    else:
        cells = xlsx_cells(out)
        _assert_literal("\n".join(cells), cells if exact_cells else None)


def test_the_audit_case_through_the_render_command(tmp_path):
    """`concordance toc` then `concordance render --format eu --as html` on a law whose title and text
    quote Jinja: both succeed and show the braces as they are."""
    law = tmp_path / "braces-law.txt"
    law.write_text("SYNTHETIC LAW ON WIDGETS {{ 7*7 }} {% if %} {# x (test fixture, not a real law)\n\n"
                   "Article 1\nThis synthetic law regulates widgets. {{ 7*7 }}\n\n"
                   "Article 2\n(1) A dealer of widgets shall keep a register {% for w in widgets %}.\n"
                   "(2) The register shall be kept in electronic form {# note #}.\n", encoding="utf-8")
    runner = CliRunner()
    project = tmp_path / "p.sqlite"
    res = runner.invoke(main, ["toc", str(law), "--jurisdiction", "RS", "--reference", "UN-firearms-protocol-2001",
                               "--no-embeddings", "--project", str(project), "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    for fmt in ("eu", "mk", "rs"):
        for as_ in ("html", "docx", "xlsx"):
            out = tmp_path / f"t-{fmt}.{as_}"
            res = runner.invoke(main, ["render", str(project), "--format", fmt, "--as", as_, "-o", str(out)])
            assert res.exit_code == 0, res.output
            if as_ == "html":
                text = html_lib.unescape(out.read_text(encoding="utf-8"))
            elif as_ == "docx":
                text = "\n".join(docx_cells(out))
            else:
                text = "\n".join(xlsx_cells(out))
            text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "", text)  # "produced at 14:02:49Z" is no 7*7
            assert "WIDGETS {{ 7*7 }} {% if %} {# x" in text and "49" not in text, (fmt, as_)
    # --title replaces the (first-line) title of the act in the form's title field
    out = tmp_path / "titled.docx"
    res = runner.invoke(main, ["render", str(project), "--format", "rs", "--script", "latin", "--as", "docx",
                               "--title", "Synthetic Draft {{ title }}", "-o", str(out)])
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    fields = {r.cells[0].text: r.cells[1].text for t in d.tables if len(t.columns) == 2 for r in t.rows}
    assert fields[load_labels("rs", script="latin").section("header")["title"]] == "Synthetic Draft {{ title }}"


# --- a template that really leaves a tag is still refused ----------------------------------------
def test_html_template_leaving_a_tag_is_refused_even_when_the_data_has_braces(tmp_path):
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text("<p>{{ header.code }}</p>\n{% for r in rows %}<p>{{ r.eu_text }} {{ r.nat_texts }}</p>{% endfor %}\n"
                   "<p>{% raw %}{{ header.titel }}{% endraw %}</p>\n", encoding="utf-8")
    with pytest.raises(TemplateFault) as err:
        render(braced(), "eu", "html", tmp_path / "out.html", HEADER, template=tpl)
    msg = err.value.message
    assert str(tpl) in msg and "header.titel" in msg and "7*7" not in msg
    assert not (tmp_path / "out.html").exists()
    # the same template without the stray tag renders, braces of the data included
    tpl.write_text(tpl.read_text("utf-8").replace("{% raw %}{{ header.titel }}{% endraw %}", "end"), "utf-8")
    html = render(braced(), "eu", "html", tmp_path / "out.html", HEADER, template=tpl).read_text("utf-8")
    assert "numbered. {{ 7*7 }}" in html


def test_docx_template_leaving_a_tag_is_refused_even_when_the_data_has_braces(tmp_path):
    d = docx.Document(str(default_template("eu", "docx")))
    d.add_paragraph("Synthetic footer: {% raw %}{{ header.kode }}{% endraw %}")
    tpl = tmp_path / "mine.docx"
    d.save(tpl)
    with pytest.raises(TemplateFault) as err:
        render(braced(), "eu", "docx", tmp_path / "out.docx", HEADER, template=tpl)
    msg = err.value.message
    assert str(tpl) in msg and "header.kode" in msg and "7*7" not in msg
    assert not (tmp_path / "out.docx").exists() and [p.name for p in tmp_path.iterdir()] == ["mine.docx"]


def test_docx_tag_split_by_word_is_still_caught_with_braces_in_the_data(tmp_path):
    d = docx.Document()
    p = d.add_paragraph()
    for run in ("Code: {{ header.", "code }"):
        p.add_run(run)
    tpl = tmp_path / "mine.docx"
    d.save(tpl)
    with pytest.raises(TemplateFault, match=r"paragraph 1.*not closed"):
        render(braced(), "eu", "docx", tmp_path / "out.docx", HEADER, template=tpl)


def test_the_probe_context_holds_no_tag_character_and_keeps_its_shape():
    ctx = build_context(braced(), format_spec("eu"), load_labels("eu"), HEADER)
    probe = without_tag_chars(ctx)
    strings: list[str] = []

    def walk(a, b):
        assert type(a) is type(b)
        if isinstance(a, dict):
            assert list(a) == list(b)
            for k in a:
                walk(a[k], b[k])
        elif isinstance(a, (list, tuple)):
            assert len(a) == len(b)
            for x, y in zip(a, b, strict=True):
                walk(x, y)
        elif isinstance(a, str):
            assert len(a) == len(b) and not re.search(r"[{}%#]", b)
            strings.append(a)
        else:
            assert a == b
    walk(ctx, probe)
    assert any(NAT_TEXT in s for s in strings)
    assert ctx["rows"][1]["national"][0]["text"] == NAT_TEXT  # the real context is untouched


# --- --title overrides the acts' titles wherever the form shows the title ------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("as_", ["docx", "html", "xlsx"])
def test_title_option_overrides_the_acts_title_everywhere(tmp_path, fmt, as_):
    title = "Synthetic Draft Law No. 7 (override)"
    out = render(concordance(), fmt, as_, tmp_path / f"toc.{as_}", {"title": title})
    hl = load_labels(fmt).section("header")
    default = render(concordance(), fmt, as_, tmp_path / f"default.{as_}", {})
    if as_ == "docx":
        def fields(path):
            d = docx.Document(str(path))
            return {r.cells[0].text: r.cells[1].text for t in d.tables if len(t.columns) == 2 for r in t.rows}
        got, was = fields(out), fields(default)
        assert got[hl["title"]] == title
        assert was[hl["title"]] == "Synthetic Law A on Widgets; Synthetic Cantonal Law B on Widgets"
        text = "\n".join(docx_cells(out))
    elif as_ == "xlsx":
        def fields(path):
            ws = openpyxl.load_workbook(path).worksheets[0]
            return {r[0].value: r[1].value for r in ws.iter_rows(max_row=15) if len(r) > 1}
        assert fields(out)[hl["title"]] == title
        assert fields(default)[hl["title"]].startswith("Synthetic Law A on Widgets")
        text = "\n".join(xlsx_cells(out))
    else:
        raw = out.read_text(encoding="utf-8")
        assert f"— {title}</title>" in raw
        assert re.search(rf"{re.escape(hl['title'])}</th>\s*<td[^>]*>{re.escape(title)}</td>", raw)
        text = html_lib.unescape(raw)
    # the acts' titles still appear where the form lists the national acts compared, nowhere as the title
    nat_field = hl.get("national_acts")
    stripped = text.replace("Synthetic Law A on Widgets (SLA), Synthetic Gazette 1/2001", "") \
                   .replace("Synthetic Cantonal Law B on Widgets (SLB)", "")
    assert "Synthetic Law A on Widgets" not in stripped, nat_field
    assert text.count(title) >= 1
