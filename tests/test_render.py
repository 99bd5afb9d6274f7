"""Rendering a ToC from PLAINLY synthetic concordances: every format in every output, the rows, labels
and header fields, the machine/human distinction, gaps, missing text, and safe output."""
from __future__ import annotations

import re
import zipfile

import docx
import openpyxl
import pytest

from concordance.errors import InputError
from concordance.model import Compatibility, ProvisionClass, RowStatus
from concordance.render import (FORMATS, build_context, compatibility_from_label, format_spec, load_labels,
                                render)
from concordance.parse.ids import citation
from concordance.render.labels import available_labels
from concordance.catalogue.missing_rows import with_missing_rows
from fixtures.render.synthetic import NAT_A, REF, concordance

HEADER = {"title": "Synthetic Draft Law on Widgets", "drafter": "Synthetic Ministry", "code": "SYN-2026-001",
          "version": "3", "date": "2026-11-20", "responsible": "Synthetic Person"}
TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def docx_text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    for s in d.sections:
        parts.extend(p.text for p in s.header.paragraphs)
        parts.extend(p.text for p in s.footer.paragraphs)
    return "\n".join(parts)


def main_table(d: docx.document.Document, first_header: str):
    for t in d.tables:
        if t.rows[0].cells[0].text.strip() == first_header:
            return t
    raise AssertionError(f"no table headed {first_header!r}")


# --- labels ------------------------------------------------------------------------------------
def test_every_format_has_labels_for_every_canonical_value():
    pairs = available_labels()
    assert {f for f, _ in pairs} == set(FORMATS)
    for fmt, lang in pairs:
        labels = load_labels(fmt, lang)
        assert set(labels.compat) == set(Compatibility)
        for c, lab in labels.compat.items():
            assert lab.label.strip(), (fmt, lang, c)
            assert labels.canonical(lab.label) is not None
        spec = format_spec(fmt)
        for key in spec.columns:
            assert key in labels.section("columns"), (fmt, lang, key)
        for key in spec.reverse_columns:
            assert key in labels.section("reverse_columns"), (fmt, lang, key)
        for key in spec.header_fields:
            assert key in labels.section("header"), (fmt, lang, key)


def test_labels_map_to_the_canonical_scale_across_jurisdictions():
    assert compatibility_from_label("Целосно усогласено", "mk") is Compatibility.FULL
    assert compatibility_from_label("Не е релевантно за РМ") is Compatibility.NOT_APPLICABLE
    assert compatibility_from_label("Дискрециона одредба") is Compatibility.DISCRETIONARY
    assert compatibility_from_label("ПУ", "rs") is Compatibility.FULL
    assert compatibility_from_label("  делимично   усклађено ", "rs") is Compatibility.PARTIAL
    # Serbian НП is the form's "непреносиво" (not transposable) ...
    assert compatibility_from_label("НП", "rs") is Compatibility.NOT_TRANSPOSABLE
    # ... and a form that wrote "not applicable" in words is still read
    assert compatibility_from_label("није применљиво", "rs") is Compatibility.NOT_APPLICABLE
    assert compatibility_from_label("djelimično usklađeno", "me") is Compatibility.PARTIAL
    assert compatibility_from_label("+", "eu") is Compatibility.FULL
    assert compatibility_from_label("nonsense label") is None


def test_recalled_labels_are_flagged_unconfirmed_and_seen_ones_are_not():
    mk = load_labels("mk")
    assert mk.compat[Compatibility.FULL].confirmed
    assert mk.compat[Compatibility.NOT_APPLICABLE].label == "Не е релевантно за РМ"
    rs = load_labels("rs")
    assert not any(lab.confirmed for lab in rs.compat.values())
    assert rs.unconfirmed["columns"]


def test_serbian_labels_in_latin_are_transliterated_labels_only(tmp_path):
    lat = load_labels("rs", script="latin")
    assert lat.compat[Compatibility.FULL].label == "potpuno usklađeno"
    assert lat.compat[Compatibility.FULL].code == "PU"
    out = render(concordance(), "rs", "docx", tmp_path / "rs-lat.docx", HEADER, script="latin")
    text = docx_text(out)
    assert "potpuno usklađeno" in text and "Одредба прописа ЕУ" not in text
    # the reference text is legal text: never transliterated
    assert "Synthetic Article 2(1). Member States shall register widgets." in text
    cyr = docx_text(render(concordance(), "rs", "docx", tmp_path / "rs-cyr.docx", HEADER))
    assert "а) Одредба прописа ЕУ" in cyr and "потпуно усклађено" in cyr


def test_unknown_format_language_and_header_field_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="unknown ToC format"):
        render(concordance(), "zz", "docx", tmp_path / "x.docx", {})
    with pytest.raises(InputError, match="no labels in language"):
        render(concordance(), "me", "docx", tmp_path / "x.docx", {}, lang="de")
    with pytest.raises(InputError, match="unknown header field"):
        render(concordance(), "me", "docx", tmp_path / "x.docx", {"titel": "typo"})
    with pytest.raises(InputError, match="not available in latin"):
        pass_script = render(concordance(), "mk", "html", tmp_path / "x.html", {}, script="latin")  # noqa: F841


# --- the context -------------------------------------------------------------------------------
def ctx(fmt="eu", **kw):
    spec = format_spec(fmt)
    return build_context(concordance(), spec, load_labels(fmt, kw.pop("lang", None)), HEADER, **kw)


def test_rows_tell_decisions_from_machine_proposals_and_never_call_non_transposable_a_gap():
    rows = {r["id"]: r for r in ctx()["rows"]}
    assert rows["art_1"]["state"] == "decided" and "Reviewer One" in rows["art_1"]["marker"]
    assert "2026-01-02" in rows["art_1"]["marker"]
    assert rows["art_2__para_1"]["state"] == "proposal" and "0.72" in rows["art_2__para_1"]["marker"]
    assert rows["art_2__para_1"]["compatibility"] == "to_review"
    assert rows["art_2__para_2"]["is_gap"] and "GAP" in rows["art_2__para_2"]["marker"]
    # an option the state need not use is discretionary, not a gap
    assert rows["art_3"]["compatibility"] == "discretionary" and not rows["art_3"]["is_gap"]
    # addressees: not relevant, never a gap
    assert rows["art_8"]["compatibility"] == "not_applicable" and not rows["art_8"]["is_gap"]
    # text not held: says so, no label, not a gap
    r9 = rows["art_9"]
    assert r9["state"] == "missing_text" and not r9["is_gap"] and r9["label"] == ""
    assert "Text not held" in r9["eu_text"]


def test_several_national_provisions_and_acts_in_one_row():
    rows = {r["id"]: r for r in ctx()["rows"]}
    r = rows["art_2__para_1"]
    assert [n["citation"] for n in r["national"]] == ["Article 5(1)", "Article 7"]
    assert r["nat_refs"] == "SLA Article 5(1)\nSLB Article 7"
    assert [g["act_short"] for g in r["by_act"]] == ["SLA", "SLB"]
    assert "SLA: Article 5(1)" in r["nat_grouped"] and "SLB: Article 7" in r["nat_grouped"]


def test_counts_and_statement():
    c = ctx("mk")
    assert c["counts"]["total"] == 7
    assert c["counts"]["full"] == 1 and c["counts"]["partial"] == 1 and c["counts"]["missing"] == 1
    st = c["statement"]["acts"][0]
    assert st["rating"] == "partial" and st["provisional"]


def test_mk_national_to_eu_table_lists_every_national_article_when_the_act_is_given():
    from concordance.model import Act, Provision

    act = Act(meta=NAT_A, provisions=tuple(
        Provision(f"art_{n}", "article", str(n), None, f"Synthetic national article {n}.", None, f"Article {n}")
        for n in (2, 3, 5, 6)) + (Provision("art_5__para_1", "paragraph", "1", None, "Synthetic para.", "art_5",
                                             "Article 5(1)"),))
    c = build_context(concordance(national=(NAT_A,)), format_spec("mk"), load_labels("mk"), HEADER,
                      acts={NAT_A.key: act})
    rev = c["reverse_rows"]
    # article level, in the act's order; a provision of an act not in the list comes last
    assert [r["provision"] for r in rev] == ["art_2", "art_3", "art_5", "art_6", "art_7"]
    by = {r["provision"]: r for r in rev}
    assert by["art_3"]["eu_refs"] == "Нема соодветна одредба во актот на ЕУ"
    assert by["art_5"]["eu_refs"] == "3SYNL0001: член 2 став 1"
    assert by["art_2"]["compatibility"] == "full" and by["art_2"]["decided"]


def test_missing_rows_of_an_incomplete_reference_are_inserted_in_order():
    import dataclasses

    conc = concordance()
    # art_1__para_2- is inside the art_1 row (held as a whole): no row of its own; recitals get none
    ref = dataclasses.replace(REF, missing=("art_5-art_6", "art_2__para_3-", "art_1__para_2-",
                                            "recital_2-recital_9", "annex_1"))
    conc = dataclasses.replace(conc, reference=ref)
    rows = with_missing_rows(conc).rows
    ids = [r.reference_provision for r in rows]
    assert ids == ["art_1", "art_2__para_1", "art_2__para_2", "art_2__para_3-", "art_3", "art_4", "art_5",
                   "art_6", "art_8", "art_9", "annex_1"]
    assert rows[3].citation == "Article 2(3) ff."
    added = [r for r in with_missing_rows(conc).rows if r.reference_provision == "art_5"][0]
    assert added.status is RowStatus.MISSING_TEXT and added.klass is ProvisionClass.OBLIGATION


# --- the outputs -------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("as_", ["docx", "html", "xlsx"])
def test_every_format_renders_in_every_output_without_leftover_tags(tmp_path, fmt, as_):
    out = render(concordance(), fmt, as_, tmp_path / f"toc.{as_}", HEADER)
    assert out.is_file() and out.stat().st_size > 0
    labels = load_labels(fmt)
    if as_ == "docx":
        text = docx_text(out)
        with zipfile.ZipFile(out) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
        assert not TAG.search(re.sub(r"<[^>]+>", "", xml))
    elif as_ == "html":
        text = out.read_text(encoding="utf-8")
        assert not TAG.search(text)
    else:
        wb = openpyxl.load_workbook(out)
        text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    assert "Synthetic Draft Law on Widgets" in text and "SYN-2026-001" in text
    assert labels.compat[Compatibility.FULL].label in text
    assert labels.section("marks")["missing_text"] in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_docx_rows_labels_and_header_fields(tmp_path, fmt):
    out = render(concordance(), fmt, "docx", tmp_path / "toc.docx", HEADER)
    d = docx.Document(str(out))
    labels = load_labels(fmt)
    cols = labels.section("columns")
    spec = format_spec(fmt)
    table = main_table(d, cols[spec.columns[0]])
    assert [c.text for c in table.rows[0].cells] == [cols[k] for k in spec.columns]
    body = table.rows[1:]
    # cited in the form's language, never as an id ("член 2 став 1", "član 2. stav 1.", "Article 2(1)")
    ids = ["art_1", "art_2__para_1", "art_2__para_2", "art_3", "art_4", "art_8", "art_9"]
    want = [("Article " + i[4:].replace("__para_", "(") + (")" if "para" in i else "")) if labels.lang == "en"
            else citation(i, labels.lang, spec.jurisdiction or None, labels.script) for i in ids]
    assert [r.cells[0].text for r in body] == want
    compat = spec.columns.index("compat")
    full = labels.compat[Compatibility.FULL]
    assert body[0].cells[compat].text.startswith(full.full)
    assert "Reviewer One" in body[0].cells[compat].text
    assert "0.72" in body[1].cells[compat].text                      # machine proposal with its score
    assert labels.compat[Compatibility.NONE].full in body[2].cells[compat].text  # the gap
    assert labels.section("marks")["gap"] in body[2].cells[compat].text
    # header fields: label next to value
    fields = {r.cells[0].text: r.cells[1].text for t in d.tables if len(t.columns) == 2 for r in t.rows}
    hl = labels.section("header")
    assert fields[hl["drafter"]] == "Synthetic Ministry"
    assert fields[hl["code"]] == "SYN-2026-001"
    assert fields[hl["version"]] == "3"
    assert fields[hl["date"]] == "2026-11-20"
    # unconfirmed wording is said to be so
    text = docx_text(out)
    if any(not c.confirmed for c in labels.compat.values()):
        assert labels.section("marks")["unconfirmed_note"] in text


def test_mk_docx_has_nine_columns_both_tables_and_the_statement(tmp_path):
    d = docx.Document(str(render(concordance(), "mk", "docx", tmp_path / "mk.docx", HEADER)))
    labels = load_labels("mk")
    eu_mk = main_table(d, labels.section("columns")["eu_ref"])
    assert len(eu_mk.columns) == 9
    mk_eu = main_table(d, labels.section("reverse_columns")["nat_article"])
    assert [r.cells[0].text for r in mk_eu.rows[1:]] == ["SLA Article 2", "SLA Article 5", "SLA Article 6",
                                                          "SLB Article 7"]
    text = docx_text(d_path := tmp_path / "mk.docx")  # noqa: F841
    for key in ("intro", "s1_1", "s1_3", "s3_2", "s3_6", "sign_proposer"):
        assert labels.section("statement")[key] in text


def test_xk_has_both_directions_in_each_language(tmp_path):
    for lang in ("sq", "sr", "en"):
        d = docx.Document(str(render(concordance(), "xk", "docx", tmp_path / f"xk-{lang}.docx", HEADER, lang=lang)))
        labels = load_labels("xk", lang)
        main_table(d, labels.section("columns")["eu_ref"])
        main_table(d, labels.section("reverse_columns")["nat_article"])


def test_ba_groups_provisions_of_several_acts_in_one_table(tmp_path):
    d = docx.Document(str(render(concordance(), "ba", "docx", tmp_path / "ba.docx", HEADER)))
    labels = load_labels("ba")
    t = main_table(d, labels.section("columns")["eu_ref"])
    cell = t.rows[2].cells[format_spec("ba").columns.index("nat_grouped")].text
    assert "SLA: Article 5(1)" in cell and "SLB: Article 7" in cell
    assert "Synthetic cantonal widget register." in cell


def test_html_is_autoescaped_printable_and_self_contained(tmp_path):
    html = render(concordance(), "me", "html", tmp_path / "me.html", HEADER).read_text(encoding="utf-8")
    assert "Synthetic Article 2 &lt;widget&gt; &amp; co." in html
    assert "<widget>" not in html
    assert "@page" in html and "table-header-group" in html
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.I)
    assert not re.search(r"(src|href)\s*=|url\(|@import", html, re.I)
    assert 'class="state-proposal' in html and "gap" in html


def test_xlsx_writes_formula_like_text_as_text(tmp_path):
    out = render(concordance(), "me", "xlsx", tmp_path / "me.xlsx", HEADER)
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    values = {c.value: c.data_type for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert values["=SUM(A1:A9) synthetic text that looks like a formula"] == "s"
    assert values["-synthetic text starting with a minus"] == "s"
    assert values["@synthetic comment"] == "s"
    # and they carry Excel's quote prefix, so that editing them in Excel keeps them text (issue 11)
    prefixed = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.quotePrefix}
    assert {"=SUM(A1:A9) synthetic text that looks like a formula", "-synthetic text starting with a minus",
            "@synthetic comment"} <= prefixed
    assert not any(v[:1] not in "=+-@" for v in prefixed)
    assert ws.freeze_panes is not None and ws.auto_filter.ref
    assert ws.data_validations.dataValidation  # the compatibility drop-down
    assert load_labels("me").section("titles")["legend"] in wb.sheetnames   # the form's own word, not "Legend"
    # it prints: A4 landscape, one page wide, the table's header row on every page
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows and ws.print_area


def test_output_folder_gets_a_safe_default_name_and_writes_are_atomic(tmp_path):
    out = render(concordance(), "eu", "html", tmp_path, HEADER)
    assert out.parent == tmp_path.resolve() and out.name == "eu-SYN-DIR-WIDGETS.html"
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left behind


def test_bundled_docx_templates_are_what_the_build_script_makes(tmp_path):
    """templates/toc/*.docx are reproducible from templates/build_docx_templates.py (and so agree
    with the column order in templates/toc/<format>.toml)."""
    import importlib.util

    from concordance.render.labels import TEMPLATES_DIR, TOC_DIR

    spec = importlib.util.spec_from_file_location("build_docx_templates", TEMPLATES_DIR / "build_docx_templates.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for fmt in FORMATS:
        built = mod.build(fmt, tmp_path)
        with zipfile.ZipFile(built) as a, zipfile.ZipFile(TOC_DIR / f"{fmt}.docx") as b:
            for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
                if part in a.namelist():
                    assert a.read(part) == b.read(part), (fmt, part)
