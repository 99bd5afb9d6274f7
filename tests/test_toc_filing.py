"""Issue 13: a Table of Concordance a ministry can file as it is. Each test runs on the bundled laws
(MK, ME) against the UN Firearms Protocol and Regulation 2018/337 (held without its annexes); the
held-in-part case uses the UN Protocol's real text with a synthetic "held in part" list."""
from __future__ import annotations

import dataclasses
import html as html_lib
import os
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from concordance.catalogue import acts, parsed
from concordance.cli import main
from concordance.catalogue.missing_rows import with_missing_rows
from concordance.model import Compatibility
from concordance.parse import parse_file
from concordance.parse.title import find_title
from concordance.render import FORMATS, build_context, format_spec, load_labels, render
from concordance.render.excerpt import OMITTED, definition_excerpt
from concordance.render.labels import LABELS_DIR
from concordance.render.legal_text import leaks, tidy
from concordance.review import export_review
from concordance.status import Outcome, row_outcome
from concordance.store import Project

MK = "MK-zakon-za-oruzjeto-2005"
ME = "ME-zakon-o-oruzju-2015"
UNFP = "UN-firearms-protocol-2001"
REG337 = "32018R0337"
HEADER = {"drafter": "Synthetic drafting ministry (test)", "code": "TEST-0013"}


@pytest.fixture
def project(toc_project) -> Path:
    """The shared project (tests/conftest.py): MK and ME matched against the UN Protocol and 2018/337."""
    return toc_project


def _copy_project(project: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "p.sqlite"
    shutil.copy(project, dest)
    return dest


def visible_text(path: Path) -> str:
    """What a reader sees: DOCX text runs (body, header, footer), HTML text, XLSX cell values."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            xml = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                          if n.startswith("word/") and n.endswith(".xml"))
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", xml))
    if path.suffix == ".html":
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    wb = openpyxl.load_workbook(path)
    return "\n".join([ws.title for ws in wb] + [str(c.value) for ws in wb if ws.sheet_state == "visible"
                                                for row in ws.iter_rows() for c in row if c.value is not None])


def _english_strings() -> set[str]:
    """Every English phrase the tool can print (the English labels files), two words or more."""
    out: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k not in ("meta", "confirmed", "code"):
                    walk(v)
        elif isinstance(node, str):
            for part in re.split(r"[{}()\n:—;]", node):
                part = part.strip(" .,†")
                if len(part.split()) >= 2 and not re.search(r"\d", part):
                    out.add(part)
    for name in ("eu.en", "mk.en", "xk.en"):
        walk(tomllib.loads((LABELS_DIR / f"{name}.toml").read_text(encoding="utf-8")))
    walk({"fixed": ["Text not held", "Machine proposal", "not reviewed", "Reviewed on", "Export id",
                    "Table of concordance", "Correlation table", "North Macedonia", "both directions"]})
    return out


ENGLISH = _english_strings()


def _without_reference_text(text: str, ref_act) -> str:
    """The rendered text less what the reference act itself says (held in English, and so printed)."""
    for piece in sorted({ref_act.meta.title, ref_act.meta.short_title,
                         *(p.text for p in ref_act.provisions), *(p.heading or "" for p in ref_act.provisions)},
                        key=len, reverse=True):
        for chunk in tidy(piece).split("\n"):
            if len(chunk) > 3:
                text = text.replace(chunk, " ")
    return text


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_ids_markup_or_english_in_any_rendered_form(project, tmp_path, fmt):
    """Point 3 and 4: every rendered text (DOCX, HTML, XLSX; MK and ME law; the UN Protocol and
    2018/337) is free of provision ids, footnote anchors, typewriter quotes, excerpt markers, and, in
    a national form, of any English phrase of the tool's own."""
    labels_lang = load_labels(fmt).lang
    with Project.open(project) as p:
        for law in (MK, ME):
            national = {law: p.act(law)}
            for ref in (UNFP, REG337):
                conc = p.concordance(ref, [law])
                ref_act = p.act(ref)
                for as_ in ("docx", "html", "xlsx"):
                    out = render(conc, fmt, as_, tmp_path / f"{law}-{ref}.{as_}", HEADER, acts=national)
                    text = visible_text(out)
                    assert not leaks(text), (fmt, law, ref, as_, leaks(text)[:3])
                    if labels_lang == "en":
                        continue
                    rest = _without_reference_text(text, ref_act)
                    english = sorted(s for s in ENGLISH if s in rest)
                    assert not english, (fmt, law, ref, as_, english[:5])
                    assert "Directive" not in rest and "CELEX number" not in rest
                    if ref == UNFP:   # a treaty is no EU act and has no CELEX number
                        assert "CELEX" not in rest, (fmt, as_)


def test_review_workbook_in_macedonian_has_no_english(project, tmp_path):
    """Point 4: the MK review workbook's legend and validation messages are Macedonian."""
    p_path = _copy_project(project, tmp_path)
    with Project.open(p_path) as p:
        out = export_review(p, tmp_path / "review.xlsx", lang="mk")
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    messages = " ".join(f"{dv.errorTitle or ''} {dv.error or ''}" for dv in ws.data_validations.dataValidation)
    legend = " ".join(str(c.value) for row in wb.worksheets[1].iter_rows() for c in row if c.value is not None)
    for text in (messages, legend):
        assert not re.search(r"\b(the|this|row|column|Edit|Gap|Decided|export id)\b", text), text[:300]
    assert "Легенда" in wb.sheetnames


def _context(project: Path, fmt: str, ref: str, law: str, **kw):
    with Project.open(project) as p:
        conc = p.concordance(ref, [law])
        national = {law: p.act(law)}
    return build_context(conc, format_spec(fmt), load_labels(fmt, kind=conc.reference.kind), HEADER, national,
                         **kw)


def test_statement_verdict_follows_from_the_reviewed_counts(project, tmp_path):
    """Point 1: nothing reviewed -> "not yet assessed"; then each verdict follows the documented rule
    from the reviewed counts printed beside it; the Statement's sections number in sequence."""
    labels = load_labels("mk", kind="treaty")
    st = labels.section("statement")
    ctx = _context(project, "mk", UNFP, MK)
    s = ctx["statement"]["acts"][0]
    assert s["rating"] == "not_assessed" and s["rating_label"] == st["rating_not_assessed"]
    assert "прегледани 0 од" in s["summary"] and "неусогласено 0" in s["summary"]
    p_path = _copy_project(project, tmp_path)
    with Project.open(p_path) as p:
        first = p.act(MK).of_kind("article")[0].id
        p.set_decision(UNFP, "art_5__para_1", MK, national_provisions=[first], compatibility=Compatibility.FULL,
                       reviewer="Test Reviewer")
    s = _context(p_path, "mk", UNFP, MK)["statement"]["acts"][0]
    assert s["rating"] == "full" and s["provisional"]
    assert s["rating_label"].startswith(st["rating_full"]) and "целосно 1" in s["summary"]
    with Project.open(p_path) as p:
        p.set_decision(UNFP, "art_7", MK, national_provisions=[], compatibility=Compatibility.NONE,
                       reviewer="Test Reviewer")
    s = _context(p_path, "mk", UNFP, MK)["statement"]["acts"][0]
    assert s["rating"] == "partial" and "целосно 1" in s["summary"] and "неусогласено 1" in s["summary"]
    numbers = [st[k].split()[0] for k in ("s1", "s1_1", "s1_2", "s1_3", "s3", "s3_2", "s3_3", "s3_6")]
    assert numbers == ["1.", "1.1", "1.2", "1.3", "2.", "2.1", "2.2", "2.3"]


def test_titles_are_found_as_a_lawyer_would(tmp_path):
    """Point 2: a law given as a file without act.toml takes the line that names the act, not the
    promulgation line or a front-matter key's name; --title overrides it."""
    for src, want in ((Path("national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.pdf"), "Zakon o oružju"),
                      (Path("national_laws/DE/waffg-2002/DE-waffg-2002.de.md"), "Waffengesetz")):
        copy = tmp_path / src.name
        shutil.copy(Path(__file__).parents[1] / src, copy)
        assert parse_file(copy).meta.title == want
    assert find_title(["Na osnovu člana 95 tačka 3 Ustava Crne Gore donosim", "Ukaz o proglašenju Zakona o oružju",
                       "Zakon o oružju"]) == "Zakon o oružju"
    assert find_title(["Врз основа на членот 75 ставовите 1 и 2 од Уставот", "Закон за оружјето"]) == "Закон за оружјето"
    copy = tmp_path / "ME-zakon-o-oruzju-10-2015.pdf"
    res = CliRunner().invoke(main, ["toc", str(copy), "--reference", UNFP, "--no-embeddings", "--title",
                                    "Predlog zakona o oružju (test)", "-o", str(tmp_path / "o")])
    assert res.exit_code == 0, res.output
    text = visible_text(tmp_path / "o" / f"toc-me-{UNFP}.docx")
    assert "Predlog zakona o oružju (test)" in text and "donosim" not in text


def test_cited_provision_text_is_printed_once(project):
    """Point 5: a row prints the cited national provision only (for a definition, only the
    definitions of the same notion out of a list of them), and a text printed by an earlier row
    is referred to by row number."""
    ctx = _context(project, "mk", UNFP, MK)
    marks = load_labels("mk").section("marks")
    seen: dict[tuple[str, str, str], int] = {}
    repeated = excerpts = 0
    nat = parsed.load(MK)
    for row in ctx["rows"]:
        for ref in row["national"]:
            whole = tidy(nat.full_text(ref["provision"], False))
            if OMITTED in ref["text"]:                                  # an excerpt of a definitions list
                excerpts += 1
                kept = [line for line in ref["text"].split("\n") if line != OMITTED]
                assert kept and all(line in whole.split("\n") for line in kept)
            else:
                assert ref["text"] == whole                             # the cited part only
            key = (ref["act"], ref["provision"], ref["text"])
            if key in seen:
                repeated += 1
                assert ref["text_shown"] == marks["same_text_as"].format(n=seen[key])
            else:
                seen[key] = row["n"]
                assert ref["text_shown"] == ref["text"]
    assert repeated, "the UN Protocol's definitions share national provisions"
    assert excerpts, "член 3's paragraphs are lists of definitions: a definition row prints its own"


def test_a_definition_row_prints_the_definitions_of_its_notion():
    """Plainly synthetic lists: the lines defining the notion the reference term names are kept,
    the rest is marked left out; nothing to cut, or no line of the notion, prints the whole text."""
    mk = '"Огнено оружје" е синтетички пример;\n"Ладно оружје" е синтетички пример;\n"Муниција" е синтетички пример.'
    ref = '"Ammunition" shall mean a synthetic example;'
    assert definition_excerpt(mk, "mk", ref, "en") == f"{OMITTED}\n\"Муниција\" е синтетички пример."
    assert definition_excerpt(mk, "mk", '"Tracing" shall mean a synthetic example;', "en") == mk
    assert definition_excerpt("Една реченица без дефиниции.", "mk", ref, "en") == "Една реченица без дефиниции."
    assert definition_excerpt(mk, "xx", ref, "en") == mk


def _partial_protocol():
    """The UN Protocol's real text, declared held in part (a user's incomplete download): Articles 5
    to 10 are marked as cut off, Article 11 onwards as not held."""
    act = parsed.load(UNFP)
    kept = tuple(p for p in act.provisions if not re.match(r"art_(1[1-9]|2\d)\b", p.id))
    meta = dataclasses.replace(act.meta, complete=False, partial=("art_5-art_10",), missing=("art_11-",))
    return dataclasses.replace(act, meta=meta, provisions=kept)


def test_a_provision_held_in_part_is_matched_on_the_part_held(tmp_path):
    """Point 6: rows held in part are matched on the part held and say "held in part"; never "text
    not held", never a gap; the counts of one reference act are the same for every law."""
    path = tmp_path / "partial.sqlite"
    with Project.create(path) as p:
        for key in (MK, ME):
            p.add_act(parsed.load(key), "national")
        p.add_act(_partial_protocol(), "reference")
        p.run_match(use_embeddings=False)
        concs = {law: p.concordance(UNFP, [law]) for law in (MK, ME)}
        national = {law: {law: p.act(law)} for law in (MK, ME)}
    labels = load_labels("mk", kind="treaty")
    counts = {}
    for law, conc in concs.items():
        ctx = build_context(conc, format_spec("mk"), labels, HEADER, national[law])
        part = [r for r in ctx["rows"] if r["held_in_part"]]
        assert part and all(r["id"].startswith(("art_5", "art_6", "art_7", "art_8", "art_9", "art_10"))
                            for r in part)
        for r in part:
            assert r["text_held"] and not r["is_missing"] and not r["is_gap"]
            assert labels.section("marks")["missing_text"] not in r["eu_text"]
            assert r["marker"].startswith(labels.section("marks")["held_in_part"].split(":")[0])
        assert any(r["national"] for r in part), "the part held is matched"
        outcomes = [row_outcome(r)[0] for r in with_missing_rows(conc).rows]
        counts[law] = (ctx["counts"]["missing"], ctx["counts"]["held_in_part"],
                       sum(o is Outcome.TEXT_NOT_HELD for o in outcomes),
                       sum(o not in (Outcome.TEXT_NOT_HELD, Outcome.NOT_TRANSPOSABLE) for o in outcomes))
    assert counts[MK] == counts[ME]


def test_regulation_held_in_part_counts_the_same_for_every_law(project):
    with Project.open(project) as p:
        figures = {law: [row_outcome(r)[0] for r in with_missing_rows(p.concordance(REG337, [law])).rows]
                   for law in (MK, ME)}
    assert figures[MK].count(Outcome.TEXT_NOT_HELD) == figures[ME].count(Outcome.TEXT_NOT_HELD) == 3


def test_review_workbook_says_when_each_row_was_last_reviewed(project, tmp_path):
    """Point 8: the re-exported workbook shows when a row was last reviewed, not only by whom."""
    p_path = _copy_project(project, tmp_path)
    with Project.open(p_path) as p:
        p.set_decision(UNFP, "art_5__para_1", MK, national_provisions=[p.act(MK).of_kind("article")[0].id],
                       compatibility=Compatibility.PARTIAL, reviewer="Test Reviewer")
        decided_at = p.decision(UNFP, "art_5__para_1", MK).decided_at
        out = export_review(p, tmp_path / "review.xlsx", lang="mk", reference_key=UNFP)
    ws = openpyxl.load_workbook(out).worksheets[0]
    head = [c.value for c in ws[1]]
    col = head.index("Последен преглед")
    values = [r[col].value for r in ws.iter_rows(min_row=2) if r[head.index("Рецензент")].value == "Test Reviewer"]
    assert values == [decided_at[:16].replace("T", " ")]


def test_toc_refuses_acts_given_the_wrong_way_round_and_leaves_nothing(tmp_path):
    """Point 9: a reference act as LAW, a national law as --reference: match's words, exit 2, no
    project and no folder left behind."""
    runner = CliRunner()
    for args in (["toc", UNFP], ["toc", ME, "--reference", MK]):
        out = tmp_path / "out"
        res = runner.invoke(main, [*args, "--no-embeddings", "-o", str(out)])
        assert res.exit_code == 2 and "the acts look the wrong way round" in res.output, res.output
        assert not out.exists()
    out.mkdir()
    res = runner.invoke(main, ["toc", UNFP, "--no-embeddings", "-o", str(out)])
    assert res.exit_code == 2 and list(out.iterdir()) == []
    # a downloaded reference text without act.toml (kind unknown, no jurisdiction) is still accepted:
    # it is what toc tells users to give for an act held only in part
    download = tmp_path / "unfp-download.en.md"
    shutil.copy(acts.find(UNFP).path, download)
    res = runner.invoke(main, ["toc", ME, "--reference", str(download), "--no-embeddings", "-o", str(tmp_path / "dl")])
    assert res.exit_code == 0, res.output
    # `add` says so when a national law is added as the reference act
    proj = tmp_path / "p.sqlite"
    runner.invoke(main, ["init", str(proj)])
    res = runner.invoke(main, ["add", str(proj), MK, "--role", "reference"])
    assert "warning: MK-zakon-za-oruzjeto-2005 is a national law" in res.output


def test_unusable_output_folders_are_clear_errors(project, tmp_path):
    """Point 10: -o under a file, under /proc, in an unwritable folder: one clear message, exit 2."""
    runner = CliRunner()
    (tmp_path / "f").write_text("a file", encoding="utf-8")
    cases = [["toc", ME, "--reference", UNFP, "--no-embeddings", "-o", str(tmp_path / "f" / "out") + "/"],
             ["toc", ME, "--reference", UNFP, "--no-embeddings", "-o", "/proc/x/"],
             ["dashboard", str(project), "-o", str(tmp_path / "f" / "site")]]
    if os.geteuid() != 0:   # root writes anywhere
        ro = tmp_path / "ro"
        ro.mkdir(mode=0o555)
        cases.append(["toc", ME, "--reference", UNFP, "--no-embeddings", "-o", str(ro / "out")])
    for args in cases:
        res = runner.invoke(main, args)
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output and "Error" in res.output, res.output
        assert not isinstance(res.exception, OSError)


def test_acts_lists_whole_titles_and_counts_entries_in_words():
    """Point 12."""
    res = CliRunner().invoke(main, ["acts"])
    assert res.exit_code == 0
    line = next(ln for ln in res.output.splitlines() if ln.strip().startswith(REG337))
    assert acts.find(REG337).meta.title in line and line.endswith("[INCOMPLETE: 1 entry missing]")


def test_every_form_column_is_reviewable_in_excel_and_reaches_the_toc(project, tmp_path):
    """Point 8: the MK form's columns 7 and 8 ("act that will complete it", "planned deadline") are
    columns of the review workbook; what the adviser types there is imported and printed in the ToC."""
    from concordance.review import import_review

    p_path = _copy_project(project, tmp_path)
    with Project.open(p_path) as p:
        out = export_review(p, tmp_path / "review.xlsx", lang="mk", reference_key=UNFP)
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[1]]
    col = {k: head.index(v) + 1 for k, v in (("act", "Акт со кој ќе се дополни"), ("date", "Планиран рок"),
                                             ("compat", "Усогласеност"), ("ref", "Одредба од референтниот акт"))}
    target = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, col["ref"]).value == "член 5 став 1")
    ws.cell(target, col["compat"]).value = "делумно усогласено"
    ws.cell(target, col["act"]).value = "Закон за изменување на Законот за оружјето (синтетички пример)"
    ws.cell(target, col["date"]).value = "2027-06-30"
    wb.save(out)
    with Project.open(p_path) as p:
        import_review(p, out, "Test Reviewer")
        conc = p.concordance(UNFP, [MK])
        national = {MK: p.act(MK)}
        again = export_review(p, tmp_path / "again.xlsx", lang="mk", reference_key=UNFP)
    doc = render(conc, "mk", "docx", tmp_path / "mk.docx", HEADER, acts=national)
    text = visible_text(doc)
    assert "Закон за изменување на Законот за оружјето (синтетички пример)" in text and "2027-06-30" in text
    ws = openpyxl.load_workbook(again).worksheets[0]
    row = next(r for r in ws.iter_rows(min_row=2) if r[col["ref"] - 1].value == "член 5 став 1")
    assert row[col["date"] - 1].value == "2027-06-30" and row[head.index("Последен преглед")].value


def test_every_labels_file_words_every_row_status_including_review():
    """The matcher's statuses (and the coming ``review``: uncertain) are worded by each form's labels
    file, in its language: a new status only needs its line there."""
    from concordance.render.labels import available_labels

    for fmt, lang in available_labels():
        words = load_labels(fmt, lang).section("status")
        assert set(words) >= {"proposed", "gap", "not_applicable", "missing_text", "review", "held_in_part"}, fmt
        if lang != "en":
            assert not any(words[k] in {"to be reviewed / uncertain", "held in part"} for k in words), (fmt, lang)


def test_source_markup_is_tidied_and_a_cut_is_said_in_words():
    """Point 3 on the bundled texts: the UN Protocol's typewriter quotes, the German footnote anchors
    and footnote lines; an excerpt marker (synthetic sentence) becomes the form's words."""
    un = parsed.load(UNFP)
    firearm = next(p for p in un.provisions if p.text.startswith("``Firearm"))
    assert tidy(firearm.text).startswith("“Firearm” shall mean")
    de = parsed.load("DE-waffg-2002")
    for p in (p for p in de.provisions if "[^" in p.text):
        assert not leaks(tidy(p.text)), p.id
    cut = load_labels("me").section("marks")["cut_in_source"]
    assert tidy("Synthetic widgets shall be marked […cut in source…]", cut) == f"Synthetic widgets shall be marked {cut}"
