"""Build the bundled Word templates (templates/toc/<format>.docx) for docxtpl, reproducibly.

Run:  python templates/build_docx_templates.py   (rewrites every templates/toc/*.docx)

Each template is an ordinary Word document whose text holds Jinja tags over the context documented
in docs/template-context.md: a ministry can open it in Word, restyle it (fonts, logo, column widths,
its own fixed wording instead of {{ L.columns.* }}), save a copy and pass it with --template.
Column order comes from templates/toc/<format>.toml, so the DOCX, HTML and XLSX outputs agree.
"""
from __future__ import annotations

import datetime
import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
TOC = HERE / "toc"
sys.path.insert(0, str(HERE.parent))

from concordance.render.labels import FORMATS, format_spec  # noqa: E402

# Relative column widths (A4 landscape leaves 26.7 cm between 1.5 cm margins).
WEIGHTS = {"eu_ref": 2.4, "eu_text": 6.0, "nat_act": 2.3, "nat_ref": 2.4, "nat_text": 6.0, "nat_grouped": 9.0,
           "compat": 2.8, "reasons": 3.0, "comment": 3.0, "completing_act": 2.5, "planned_date": 2.3,
           "nat_article": 3.0, "eu_refs": 6.0, "authority": 3.0}
PAGE_WIDTH_CM = 26.7

# What each column's cell holds: a list of paragraphs, each (jinja text, bold, italic, size).
CELLS = {
    "eu_ref": [("{{ r.citation }}", True, False, 8)],
    "eu_text": [("{{ r.eu_text }}", False, False, 8)],
    "nat_act": [("{{ r.nat_acts }}", False, False, 8)],
    "nat_ref": [("{{ r.nat_refs }}", True, False, 8)],
    "nat_text": [("{{ r.nat_texts }}", False, False, 8)],
    "nat_grouped": [("{{ r.nat_grouped }}", False, False, 8)],
    "compat": [("{% cellbg r.colour %}{{ r.label_full }}", True, False, 8), ("{{ r.marker }}", False, True, 7)],
    "reasons": [("{{ r.reasons }}", False, False, 8)],
    "comment": [("{{ r.cells.comment }}", False, False, 8)],
    "completing_act": [("{{ r.completing_act }}", False, False, 8)],
    "planned_date": [("{{ r.planned_date }}", False, False, 8)],
}
REVERSE_CELLS = {
    "nat_article": [("{{ r.cells.nat_article }}", True, False, 8)],
    "eu_refs": [("{{ r.eu_refs }}", False, False, 8)],
    "compat": [("{% cellbg r.colour %}{{ r.label_full }}", True, False, 8), ("{{ r.marker }}", False, True, 7)],
    "comment": [("{{ r.comment }}", False, False, 8)],
    "authority": [("{{ r.authority }}", False, False, 8)],
}


def _set_widths(table, widths) -> None:
    """Column widths in the table grid AND each cell: Word reads the cells, LibreOffice the grid."""
    grid = table._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:
        for cell, w in zip(row.cells, widths):
            cell.width = w
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _write(cell_or_doc, paragraphs, first_in_cell: bool = True) -> None:
    for i, (text, bold, italic, size) in enumerate(paragraphs):
        p = cell_or_doc.paragraphs[0] if (i == 0 and first_in_cell) else cell_or_doc.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text)
        run.bold = bold
        run.italic = italic
        run.font.size = Pt(size)


def _table(doc, columns, label_expr: str, cells: dict, loop: str):
    """A table: header row of column titles, a {%tr for %} row, the data row, a {%tr endfor %} row."""
    n = len(columns)
    table = doc.add_table(rows=4, cols=n)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(WEIGHTS.get(c, 2.5) for c in columns)
    widths = [Cm(PAGE_WIDTH_CM * WEIGHTS.get(c, 2.5) / total) for c in columns]
    _set_widths(table, widths)
    head = table.rows[0]
    _repeat_header(head)
    for j, key in enumerate(columns):
        cell = head.cells[j]
        _shade(cell, "D9D9D9")
        _write(cell, [(f"{{{{ {label_expr}.{key} }}}}", True, False, 8)])
    _write(table.rows[1].cells[0], [(f"{{%tr {loop} %}}", False, False, 8)])
    # rows may break across pages (long articles would otherwise leave half-empty pages); the
    # repeated header row keeps a continued row readable
    for j, key in enumerate(columns):
        _write(table.rows[2].cells[j], cells[key])
    _write(table.rows[3].cells[0], [("{%tr endfor %}", False, False, 8)])
    return table


def _heading(doc, text: str, size: int = 14) -> None:
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _field(paragraph, instr: str) -> None:
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


def _header_table(doc) -> None:
    t = doc.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    t.autofit = False
    _set_widths(t, [Cm(7), Cm(19.7)])
    _write(t.rows[0].cells[0], [("{%tr for f in header_fields %}", False, False, 9)])
    _shade(t.rows[1].cells[0], "F2F2F2")
    _write(t.rows[1].cells[0], [("{{ f.label }}", True, False, 9)])
    _write(t.rows[1].cells[1], [("{{ f.value }}", False, False, 9)])
    _write(t.rows[2].cells[0], [("{%tr endfor %}", False, False, 9)])


def _legend(doc) -> None:
    _heading(doc, "{{ L.titles.legend }}", 11)
    # the form's own labels only: the canonical English names stay in the context, not in a national form
    t = doc.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    t.autofit = False
    _set_widths(t, [Cm(2.5), Cm(12)])
    _write(t.rows[0].cells[0], [("{%tr for item in legend %}", False, False, 8)])
    _write(t.rows[1].cells[0], [("{% cellbg item.colour %}{{ item.code }}", True, False, 8)])
    _write(t.rows[1].cells[1], [("{{ item.label }}{{ ' †' if not item.confirmed else '' }}", False, False, 8)])
    _write(t.rows[2].cells[0], [("{%tr endfor %}", False, False, 8)])
    _heading(doc, "{{ L.titles.notes }}", 11)
    _write(doc, [("{%p for note in footnotes %}", False, False, 8)], first_in_cell=False)
    _write(doc, [("{{ note }}", False, False, 8)], first_in_cell=False)
    _write(doc, [("{%p endfor %}", False, False, 8)], first_in_cell=False)


def _statement(doc) -> None:
    _heading(doc, "{{ L.titles.statement }}", 14)
    _write(doc, [("{{ L.statement.intro }}", False, True, 10)], first_in_cell=False)
    _heading(doc, "{{ L.statement.s1 }}", 11)
    t = doc.add_table(rows=3, cols=2)
    t.style = "Table Grid"
    _set_widths(t, [Cm(9), Cm(17.7)])
    for i, (label, value) in enumerate([
        ("{{ L.statement.s1_1 }}", "{{ header.title }}\n{{ header.title_en }}"),
        ("{{ L.statement.s1_2 }}", "{{ header.drafter }}"),
        ("{{ L.statement.s1_3 }}", "{{ header.code }}"),
    ]):
        _write(t.rows[i].cells[0], [(label, True, False, 9)])
        _write(t.rows[i].cells[1], [(value, False, False, 9)])
    _heading(doc, "{{ L.statement.s3 }}", 11)
    _write(doc, [("{{ L.statement.s3_2 }}", True, False, 9)], first_in_cell=False)
    t = doc.add_table(rows=3, cols=3)
    t.style = "Table Grid"
    _set_widths(t, [Cm(5), Cm(12.7), Cm(9)])
    _write(t.rows[0].cells[0], [("{%tr for s in statement.acts %}", False, False, 9)])
    _write(t.rows[1].cells[0], [("{{ s.celex }}", True, False, 9)])
    _write(t.rows[1].cells[1], [("{{ s.title }}", False, False, 9)])
    _write(t.rows[1].cells[2], [("{{ s.rating_label }}", True, False, 9), ("{{ s.summary }}", False, True, 8)])
    _write(t.rows[2].cells[0], [("{%tr endfor %}", False, False, 9)])
    _write(doc, [("{{ L.statement.s3_3 }}:", True, False, 9), ("", False, False, 9), ("", False, False, 9)],
           first_in_cell=False)
    _write(doc, [("{{ L.statement.s3_6 }}: {{ statement.table_attached }}", True, False, 9)], first_in_cell=False)
    _heading(doc, "{{ L.statement.signatures }}", 11)
    t = doc.add_table(rows=4, cols=2)
    t.style = "Table Grid"
    _set_widths(t, [Cm(9), Cm(17.7)])
    for i, key in enumerate(("sign_sector", "sign_drafter", "sign_proposer", "sign_date")):
        _write(t.rows[i].cells[0], [(f"{{{{ L.statement.{key} }}}}", False, False, 9), ("", False, False, 9)])
    doc.add_page_break()


def build(fmt: str, out_dir: Path = TOC) -> Path:
    """Write ``out_dir/<fmt>.docx`` from the format's spec (templates/toc/<fmt>.toml)."""
    spec = format_spec(fmt)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Arial")

    hp = section.header.paragraphs[0]
    run = hp.add_run("{{ L.titles.document }} · {{ header.celex }} · {{ L.header.version }} {{ header.version }}"
                     " · {{ header.date }}")
    run.font.size = Pt(7)
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    fp = section.footer.paragraphs[0]
    r = fp.add_run("{{ L.titles.footer }} · ")
    r.font.size = Pt(7)
    _field(fp, "PAGE")

    if spec.statement:
        _statement(doc)
    _heading(doc, "{{ L.titles.eu_national }}", 14)
    _header_table(doc)
    doc.add_paragraph()
    _table(doc, list(spec.columns), "L.columns", CELLS, "for r in rows")
    if "national_eu" in spec.directions:
        doc.add_page_break()
        _heading(doc, "{{ L.titles.national_eu }}", 14)
        _write(doc, [("{{ L.header.title }}: {{ header.title }}", False, False, 9),
                     ("{{ L.header.celex }}: {{ header.celex }}", False, False, 9)], first_in_cell=False)
        _table(doc, list(spec.reverse_columns), "L.reverse_columns", REVERSE_CELLS, "for r in reverse_rows")
    doc.add_paragraph()
    _legend(doc)
    doc.core_properties.title = f"Table of concordance ({fmt})"
    doc.core_properties.author = "concordance"
    doc.core_properties.created = doc.core_properties.modified = datetime.datetime(2026, 1, 1)
    doc.core_properties.last_modified_by = "templates/build_docx_templates.py"
    doc.core_properties.revision = 1
    out = Path(out_dir) / f"{fmt}.docx"
    doc.save(out)
    return out


def main() -> None:
    for fmt in FORMATS:
        print(build(fmt))


if __name__ == "__main__":
    main()
