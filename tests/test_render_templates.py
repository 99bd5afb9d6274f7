"""A user's own (edited) template: it works when sound, and when broken the error names the template
file and the tag, paragraph or line at fault. A tag broken by Word's editing is never rendered as
literal braces."""
from __future__ import annotations

import copy
import re

import docx
import pytest
from docx.shared import Pt

from concordance.render import TemplateFault, default_template, render
from fixtures.render.synthetic import concordance

HEADER = {"title": "Synthetic Draft Law on Widgets", "code": "SYN-2026-001"}


def _doc_with(*paragraphs: list[str]):
    """A tiny template: one paragraph per list, one run per string (as Word stores edited text)."""
    d = docx.Document()
    for runs in paragraphs:
        p = d.add_paragraph()
        for text in runs:
            p.add_run(text)
    return d


def _save(d, tmp_path, name="mine.docx"):
    path = tmp_path / name
    d.save(path)
    return path


def test_a_tag_split_across_runs_by_word_still_renders(tmp_path):
    tpl = _save(_doc_with(["Code: {{ hea", "der.co", "de }}"], ["{%p for r in rows %}"], ["{{ r.cit", "ation }}"],
                          ["{%p endfor %}"]), tmp_path)
    out = render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "Code: SYN-2026-001" in text and "član 2 stav 1" in text
    assert "{" not in text


@pytest.mark.parametrize("runs, fault", [
    (["Code: { {header.code}}"], "space inside its braces"),
    (["Code: {{ header.code }"], "not closed"),
    (["Code: {{ header.code } }"], "space inside its braces"),
    (["Code: header.code }}"], "never opened"),
    (["Code: {{ header.code %}"], "closed with"),
])
def test_a_tag_broken_by_editing_is_reported_with_its_paragraph(tmp_path, runs, fault):
    tpl = _save(_doc_with(["Synthetic template"], runs), tmp_path)
    with pytest.raises(TemplateFault) as err:
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)
    msg = err.value.message
    assert str(tpl) in msg and "paragraph 2" in msg and fault in msg
    assert not (tmp_path / "out.docx").exists()


def test_a_tag_whose_halves_landed_in_two_paragraphs_is_reported(tmp_path):
    tpl = _save(_doc_with(["Code: {{ header."], ["code }}"]), tmp_path)
    with pytest.raises(TemplateFault, match=r"paragraph 1\b.*not closed in the same paragraph"):
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)


def test_a_tag_in_a_table_cell_is_located_by_table_row_and_cell(tmp_path):
    d = _doc_with(["Synthetic template"])
    t = d.add_table(rows=2, cols=2)
    t.rows[1].cells[1].paragraphs[0].add_run("{{ r.citation }")
    tpl = _save(d, tmp_path)
    with pytest.raises(TemplateFault, match=r"table 1, row 2, cell 2"):
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)


def test_a_jinja_syntax_error_names_the_paragraph(tmp_path):
    tpl = _save(_doc_with(["Synthetic"], ["{% for r in rows %}"], ["{{ r.citation }}"]), tmp_path)
    with pytest.raises(TemplateFault) as err:
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)
    msg = err.value.message
    assert str(tpl) in msg and "endfor" in msg and "paragraph" in msg


def test_an_unknown_name_is_reported_not_rendered_empty(tmp_path):
    tpl = _save(_doc_with(["Code: {{ header.kode }}"]), tmp_path)
    with pytest.raises(TemplateFault, match=r"kode"):
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)


def test_not_a_docx_is_an_input_error(tmp_path):
    bad = tmp_path / "mine.docx"
    bad.write_bytes(b"not a zip at all")
    with pytest.raises(Exception, match="not a .docx file"):
        render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=bad)


def test_an_edited_copy_of_the_bundled_template_works(tmp_path):
    """A ministry restyles the form in Word: fixed wording instead of a label tag, a bigger font,
    an extra paragraph, and a tag that Word split into three runs."""
    d = docx.Document(str(default_template("me", "docx")))
    first_table = next(t for t in d.tables if "L.columns.eu_ref" in t.rows[0].cells[0].text)
    cell = first_table.rows[0].cells[0]
    cell.paragraphs[0].runs[0].text = "Odredba EU (naša verzija)"
    data_cell = first_table.rows[2].cells[0]
    run = data_cell.paragraphs[0].runs[0]
    assert run.text == "{{ r.citation }}"
    run.text = "{{ r."
    r2 = copy.deepcopy(run._r)
    r3 = copy.deepcopy(run._r)
    run._r.addnext(r2)
    r2.addnext(r3)
    data_cell.paragraphs[0].runs[1].text = "citation"
    data_cell.paragraphs[0].runs[2].text = " }}"
    p = d.add_paragraph()
    p.add_run("Ministarstvo (sintetički primjer): {{ header.code }}").font.size = Pt(14)
    tpl = _save(d, tmp_path, "ministry.docx")
    out = render(concordance(), "me", "docx", tmp_path / "out.docx", HEADER, template=tpl)
    rendered = docx.Document(str(out))
    table = next(t for t in rendered.tables if t.rows[0].cells[0].text == "Odredba EU (naša verzija)")
    assert [r.cells[0].text for r in table.rows[1:3]] == ["član 1", "član 2 stav 1"]
    assert any(p.text == "Ministarstvo (sintetički primjer): SYN-2026-001" for p in rendered.paragraphs)


def test_html_syntax_error_names_file_and_line(tmp_path):
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text("<p>{{ header.title }}</p>\n<ul>\n{% for r in rows %}\n<li>{{ r.citation }}</li>\n</ul>\n",
                   encoding="utf-8")
    with pytest.raises(TemplateFault) as err:
        render(concordance(), "me", "html", tmp_path / "out.html", HEADER, template=tpl)
    assert re.search(re.escape(str(tpl)) + r", line \d", err.value.message)
    assert "endfor" in err.value.message


def test_html_user_template_can_extend_the_bundled_layout(tmp_path):
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text('{% extends "_base.html.j2" %}{% block statement %}<p class="logo">Synthetic Ministry</p>'
                   '{% endblock %}', encoding="utf-8")
    html = render(concordance(), "me", "html", tmp_path / "out.html", HEADER, template=tpl).read_text("utf-8")
    assert '<p class="logo">Synthetic Ministry</p>' in html and "Article 2(1)" in html


def test_html_unknown_name_is_reported(tmp_path):
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text("<p>{{ header.titel }}</p>", encoding="utf-8")
    with pytest.raises(TemplateFault, match="titel"):
        render(concordance(), "me", "html", tmp_path / "out.html", HEADER, template=tpl)


def test_template_for_xlsx_or_wrong_type_is_refused(tmp_path):
    with pytest.raises(Exception, match="docx and html output only"):
        render(concordance(), "me", "xlsx", tmp_path / "o.xlsx", HEADER, template=default_template("me", "docx"))
    with pytest.raises(Exception, match="needs a .docx template"):
        render(concordance(), "me", "docx", tmp_path / "o.docx", HEADER, template=default_template("me", "html"))
