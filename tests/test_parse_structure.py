"""The tree builder on small, plainly synthetic acts (the "Synthetic Act on Widgets"), one drafting
rule per test: headings above/below/on the number line, unnumbered paragraphs, list nesting,
decimal and superscript numbering, numbers from Word auto-numbering, coverage, errors."""
from __future__ import annotations

import pytest

from concordance.errors import NoStructure
from concordance.model import ActMeta, Block, NonProvision, Provision
from concordance.parse import parse_act
from concordance.parse.coverage import compute
from concordance.parse.detect import detect


def blocks(text: str, style_headings: bool = False) -> list[Block]:
    out = []
    for n, line in enumerate(text.strip("\n").splitlines(), 1):
        if not line.strip():
            continue
        style = None
        if style_headings and line.startswith("#"):
            line = line.lstrip("#").strip()
            style = "heading"
        out.append(Block(text=line.strip(), style=style, location=f"line {n}"))
    return out


def meta(lang="", **kw) -> ActMeta:
    return ActMeta(key="synthetic-widgets", title="Synthetic Act on Widgets", language=lang, **kw)


def ids_of(act):
    return [p.id for p in act.provisions]


SERBIAN_STYLE = """
SINTETIČKI ZAKON O WIDGETIMA
I. OSNOVNE ODREDBE
Predmet zakona
Član 1
Ovim zakonom uređuju se widgeti koji se koriste u
sintetičkim testovima.
Značenje izraza
Član 2
Izrazi upotrijebljeni u ovom zakonu imaju sljedeća značenja:
1) widget je naprava za
testiranje;
2) gadget je druga naprava:
- prva vrsta,
- druga vrsta.
Widget se prodaje samo uz dozvolu.
 7
II. ZAVRŠNE ODREDBE
Član 3
Ovaj zakon stupa na snagu osmog dana.
Broj 01-1/1
Predsjednik, s.r.
"""


def test_balkan_headings_above_unnumbered_paragraphs_points_indents():
    act = parse_act(blocks(SERBIAN_STYLE), meta("cnr"))
    assert [p.heading for p in act.of_kind("article")] == ["Predmet zakona", "Značenje izraza", None]
    assert ids_of(act) == [
        "chp_1", "art_1", "art_1__para_1", "art_2", "art_2__para_1", "art_2__para_1__point_1",
        "art_2__para_1__point_2", "art_2__para_1__point_2__indent_1", "art_2__para_1__point_2__indent_2",
        "art_2__para_2", "chp_2", "art_3", "art_3__para_1"]
    assert act.get("art_1__para_1").text == "Ovim zakonom uređuju se widgeti koji se koriste u sintetičkim testovima."
    assert act.get("art_2__para_1__point_1").text == "widget je naprava za testiranje;"
    assert act.get("art_2__para_1__point_2__indent_2").citation == "član 2 stav 1 tačka 2) alineja 2"
    assert act.get("art_1").parent == "chp_1" and act.get("chp_2").heading == "ZAVRŠNE ODREDBE"
    kinds = [n.kind for n in act.non_provisions]
    assert kinds == ["title", "page_number", "signature", "signature"]
    assert act.coverage.ok and act.coverage.source_chars > 0
    assert act.definitions == {"widget": "art_2__para_1__point_1", "gadget": "art_2__para_1__point_2"}


def test_a_new_unnumbered_paragraph_only_after_a_full_stop_or_colon():
    text = """
Član 1
Prva rečenica koja se nastavlja
u sljedećem redu, i još
u trećem.
Druga rečenica:
Treća rečenica;
koja se nastavlja.
"""
    act = parse_act(blocks(text), meta("cnr"))
    assert [p.text for p in act.children("art_1")] == [
        "Prva rečenica koja se nastavlja u sljedećem redu, i još u trećem.",
        "Druga rečenica:",
        "Treća rečenica;\nkoja se nastavlja.",
    ]


EU_STYLE = """
# Synthetic Regulation on Widgets
## CHAPTER I
## General provisions
#### Article 1
##### Subject matter
1. This Regulation lays down rules on widgets.
2. For the purposes of this Regulation:
(a) 'widget' means a synthetic device;
(b) 'gadget' means a device which:
(i) is not a widget; and
(ii) is tested;
(c) 'gizmo' means anything else.
#### Article 2
##### Entry into force
This Regulation shall enter into force on the day following its publication.
Done at Brussels, 1 January 2099.
For the Commission
## ANNEX I
### Lists of widgets
PART I
1.1 Small widgets
1.2 Large widgets
"""


def test_eu_style_headings_below_paragraphs_points_subpoints_annex():
    act = parse_act(blocks(EU_STYLE, style_headings=True), meta("en"))
    assert act.get("art_1").heading == "Subject matter"
    assert act.get("chp_1").heading == "General provisions"
    assert [c.id for c in act.children("art_1__para_2")] == [
        "art_1__para_2__point_a", "art_1__para_2__point_b", "art_1__para_2__point_c"]
    assert [c.id for c in act.children("art_1__para_2__point_b")] == [
        "art_1__para_2__point_b__point_i", "art_1__para_2__point_b__point_ii"]
    assert act.get("art_1__para_2__point_b__point_ii").citation == "Article 1(2)(b)(ii)"
    assert act.get("art_2").text == "This Regulation shall enter into force on the day following its publication."
    assert [n.kind for n in act.non_provisions] == ["title", "signature", "signature"]
    assert act.get("annex_1").heading == "Lists of widgets"
    assert [c.id for c in act.children("annex_1__part_1")] == ["annex_1__part_1__point_1_1", "annex_1__part_1__point_1_2"]
    assert act.definitions["widget"] == "art_1__para_2__point_a"
    assert act.coverage.ok


def test_eu_closing_words_after_a_list_belong_to_the_paragraph():
    text = """
Article 7
4 Member States may grant synthetic widget licences, subject to:
a the obligation to notify;
b the periodic verification; and
c the maximum limits.
Licences shall be reviewed periodically.
5 Member States shall report.
"""
    act = parse_act(blocks(text), meta("en"))
    assert [c.id for c in act.children("art_7")] == ["art_7__para_4", "art_7__para_5"]
    assert act.get("art_7__para_4__point_c").text == "the maximum limits."
    # the closing words are the paragraph's second subparagraph ("Article 7(4), second subparagraph")
    sub = act.get("art_7__para_4__subpara_2")
    assert (sub.kind, sub.num, sub.text) == ("subparagraph", "2", "Licences shall be reviewed periodically.")
    assert sub.citation == "Article 7(4), subparagraph 2"
    assert act.full_text("art_7__para_4").endswith("Licences shall be reviewed periodically.")
    assert act.get("art_7__para_4").text == "Member States may grant synthetic widget licences, subject to:"


def test_annex_tables_with_numbered_rows():
    src = [Block("Article 1"), Block("Widgets are deactivated as in Annex I."),
           Block("ANNEX I", style="heading"), Block("Synthetic specifications", style="heading"),
           Block("Table III", style="heading"), Block("Operations per widget type", style="heading"),
           Block("1 | SMALL WIDGETS", style="table"), Block("1.1 | Spring: remove it.", style="table"),
           Block("1.2 | Lever: weld it.", style="table"), Block("2 | LARGE WIDGETS", style="table"),
           Block("2.1 | Drum: cut it.", style="table")]
    act = parse_act(src, meta("en"))
    assert [p.id for p in act.descendants("annex_1")] == [
        "annex_1__table_3", "annex_1__table_3__point_1", "annex_1__table_3__point_1__point_1_1",
        "annex_1__table_3__point_1__point_1_2", "annex_1__table_3__point_2", "annex_1__table_3__point_2__point_2_1"]
    assert act.get("annex_1__table_3").heading == "Operations per widget type"
    assert act.get("annex_1__table_3__point_1__point_1_2").citation == "Annex I, Table III, point 1, point 1.2"
    assert act.coverage.ok


def test_kosovo_decimal_subparagraphs():
    text = """
Neni 5
Qëllimi
1. Ky ligj rregullon widget-et sintetike.
1.1. widget-et e vogla;
1.2. widget-et e mëdha.
2. Ky ligj nuk zbatohet për gadget-et.
"""
    act = parse_act(blocks(text), meta("sq", jurisdiction="XK"))
    assert ids_of(act) == ["art_5", "art_5__para_1", "art_5__para_1__point_1_1", "art_5__para_1__point_1_2", "art_5__para_2"]
    assert act.get("art_5__para_1__point_1_2").citation == "neni 5, paragrafi 1, nënparagrafi 1.2"
    assert act.get("art_5").heading == "Qëllimi"


def test_paragraph_sign_style_with_superscripts():
    text = """
§ 5. Vidinad
(1) Vidin on sünteetiline seade.
(1¹) Vidinat ei müüda:
1) lapsele;
1¹) teisele vidinale.
§ 5¹. Vidinate register
Register on avalik.
"""
    act = parse_act(blocks(text), meta("et"))
    assert ids_of(act) == ["art_5", "art_5__para_1", "art_5__para_1_1", "art_5__para_1_1__point_1",
                           "art_5__para_1_1__point_1_1", "art_5_1"]
    assert act.get("art_5_1").citation == "§ 5¹" and act.get("art_5_1").heading == "Vidinate register"
    assert act.get("art_5__para_1_1__point_1_1").citation == "§ 5 lg 1¹ p 1¹"


def test_czech_style_heading_below_letters_and_numbered_points():
    text = """
§ 5
Widgety
(1) Widget je syntetické zařízení.
(2) Widget se nesmí prodat
a) dítěti,
b) jinému widgetu, pokud
1. je rozbitý, nebo
2. je nový.
"""
    act = parse_act(blocks(text), meta("cs"))
    assert act.get("art_5").heading == "Widgety"
    assert [c.id for c in act.descendants("art_5__para_2")] == [
        "art_5__para_2__point_a", "art_5__para_2__point_b", "art_5__para_2__point_b__point_1",
        "art_5__para_2__point_b__point_2"]
    assert act.get("art_5__para_2__point_a").citation == "§ 5 odst. 2 písm. a)"


def test_numbers_from_word_auto_numbering_stand_before_the_text():
    numbered = [Block(text="", number="Član 1."), Block(text="Ovim zakonom uređuju se widgeti:"),
                Block(text="prvi widget;", number="1)"), Block(text="drugi widget.", number="2)")]
    plain = [Block(text="Član 1."), Block(text="Ovim zakonom uređuju se widgeti:"),
             Block(text="1) prvi widget;"), Block(text="2) drugi widget.")]
    a, b = parse_act(numbered, meta("cnr")), parse_act(plain, meta("cnr"))
    assert [(p.id, p.text, p.label) for p in a.provisions] == [(p.id, p.text, p.label) for p in b.provisions]
    assert a.coverage.ok


def test_cyrillic_points_and_macedonian_citation():
    text = """
Член 1
Виџетите се делат на:
а) мали;
б) големи.
"""
    act = parse_act(blocks(text), meta("mk"))
    assert ids_of(act) == ["art_1", "art_1__para_1", "art_1__para_1__point_a", "art_1__para_1__point_b"]
    assert act.get("art_1__para_1__point_b").citation == "член 1 став 1 точка б)"


def test_number_alone_on_its_line_joins_the_next_line():
    text = """
Article 1
1.
Synthetic widgets are regulated.
(a)
small widgets;
"""
    act = parse_act(blocks(text), meta("en"))
    assert ids_of(act) == ["art_1", "art_1__para_1", "art_1__para_1__point_a"]
    assert act.get("art_1__para_1").label == "1." and act.get("art_1__para_1__point_a").text == "small widgets;"


def test_duplicate_numbers_get_distinct_ids_and_a_warning():
    text = """
Article 5a
First widget rule.
Article 5a
Second widget rule.
"""
    act = parse_act(blocks(text), meta("en"))
    assert [p.id for p in act.of_kind("article")] == ["art_5a", "art_5a_dup2"]
    assert any("5a" in w and "more than once" in w for w in act.warnings)


def test_recitals_in_the_preamble():
    text = """
THE SYNTHETIC COMMISSION,
Having regard to the Synthetic Treaty,
Whereas:
(1)
Widgets need rules.
(2) Gadgets too.
HAS ADOPTED THIS REGULATION:
Article 1
Widgets are regulated.
"""
    act = parse_act(blocks(text), meta("en"))
    assert [p.id for p in act.of_kind("recital")] == ["recital_1", "recital_2"]
    assert act.get("recital_1").text == "Widgets need rules." and act.get("recital_1").parent == "preamble"
    assert "HAS ADOPTED THIS REGULATION:" in act.get("preamble").text
    assert act.coverage.ok


def test_incomplete_act_warns_with_missing_provisions():
    act = parse_act(blocks("Article 1\nWidgets."), meta("en", complete=False, missing=("art_2-art_6", "annex_2")))
    assert any("incomplete" in w and "art_2-art_6, annex_2" in w for w in act.warnings)


def test_no_article_found_names_the_words_tried_and_suggests_lang():
    with pytest.raises(NoStructure) as err:
        parse_act(blocks("Just a synthetic note about widgets.\nNothing else."), meta("mk"))
    msg = err.value.message
    assert "'Член'" in msg and "--lang" in msg


def test_unknown_language_without_any_heading_is_refused():
    with pytest.raises(NoStructure) as err:
        parse_act(blocks("Synthetic widget prose with no headings."), meta(""))
    assert "--lang" in err.value.message


@pytest.mark.parametrize("text,lang,script", [
    ("Член 1\nЃорѓи ќе ги купи виџетите.\nЧлен 2\nЅвезди.", "mk", "cyrillic"),
    ("Члан 1\nЂорђе ће купити виџете.\nЧлан 2\nЋуприја.", "sr", "cyrillic"),
    ("Article 1\nWidgets.\nArticle 2\nGadgets.", "en", "latin"),
    ("Neni 1\nWidget-ët janë të rregulluar.\nNeni 2\nGadget-ët.", "sq-AL", "latin"),
    ("§ 1. Vidinad\n(1) Vidin on sõber.\n§ 2. Muu\n(1) Õun.", "et", "latin"),
])
def test_language_detected_from_heading_words_and_letters(text, lang, script):
    det = detect(blocks(text))
    assert (det.lang, det.script) == (lang, script)
    act = parse_act(blocks(text), meta(""))
    assert act.meta.language == lang
    assert act.warnings[0].startswith(f"language: {lang}")


def test_coverage_oracle_does_not_trust_the_builder():
    src = [Block(text="Article 1"), Block(text="Widgets are synthetic.")]
    good = [Provision(id="art_1", kind="article", num="1", heading=None, text="Widgets are synthetic.",
                      parent=None, citation="Article 1", label="Article 1")]
    assert compute(src, good, []).ok
    lost = [Provision(id="art_1", kind="article", num="1", heading=None, text="Widgets are",
                      parent=None, citation="Article 1", label="Article 1")]
    cov = compute(src, lost, [])
    assert cov.lost_chars == len("synthetic.") and cov.lost_samples
    doubled = good + [Provision(id="art_1_dup2", kind="article", num="1", heading=None, text="Widgets",
                                parent=None, citation="Article 1", label="")]
    assert compute(src, doubled, []).invented_chars == len("Widgets")
    assert compute(src, [], [NonProvision("note", "Article 1 Widgets are synthetic.")]).ok


def test_word_numbered_article_heading_takes_the_text_as_heading():
    src = [Block(text="Synthetic Act on Widgets", style="title"),
           Block(text="Subject matter", number="Article 1", style="Widget Article"),
           Block(text="This synthetic act governs widgets.", number="1.", style="list"),
           Block(text="Entry into force", number="Article 5", style="list"),
           Block(text="Never.", number="1.", style="list")]
    act = parse_act(src, meta("en"))
    assert [(p.id, p.heading, p.label) for p in act.of_kind("article")] == [
        ("art_1", "Subject matter", "Article 1"), ("art_5", "Entry into force", "Article 5")]
    assert act.get("art_5__para_1").text == "Never."
    assert act.coverage.ok


def test_annex_parts_categories_and_lettered_items():
    text = """
Article 1
Widgets are listed in Annex I.
ANNEX I
I. For the purposes of this Synthetic Act, 'widget' means any synthetic device.
II. Widgets are classified as follows:
A. Any device in one of the following categories.
Category A — Forbidden widgets
1. Exploding widgets.
2. Automatic widgets.
Category B — Widgets subject to authorisation
1. Small widgets.
B. 'Essential part' means the spring of a widget.
III. For the purposes of this Annex:
(a) 'small widget' means a widget under 1 cm;
(b) 'large widget' means any other widget.
"""
    act = parse_act(blocks(text), meta("en"))
    assert [p.id for p in act.descendants("annex_1")] == [
        "annex_1__part_1", "annex_1__part_2", "annex_1__part_2__cat_A", "annex_1__part_2__cat_A__point_1",
        "annex_1__part_2__cat_A__point_2", "annex_1__part_2__cat_B", "annex_1__part_2__cat_B__point_1",
        "annex_1__part_2__point_B", "annex_1__part_3", "annex_1__part_3__point_a", "annex_1__part_3__point_b"]
    assert act.get("annex_1__part_2").text.endswith("A. Any device in one of the following categories.")
    assert act.get("annex_1__part_2__cat_B__point_1").citation == "Annex I, Part II, Category B, point 1"
    assert act.coverage.ok


def test_metadata_language_that_finds_nothing_falls_back_to_detection():
    act = parse_act(blocks("Член 1\nЃорѓи ги купува виџетите.\nЧлен 2\nЅвезди."), meta("en"))
    assert act.meta.language == "mk"
    assert act.warnings[0].startswith("language: mk, not en as the metadata says")
    with pytest.raises(NoStructure):          # an explicit --lang is obeyed
        parse_act(blocks("Член 1\nЃорѓи ги купува виџетите."), meta("en"), lang="en")


@pytest.mark.parametrize("lang,jur,text,term,pid", [
    ("en", "", "Article 2\nFor the purposes of this Synthetic Act:\n(a) 'widget' means a synthetic device;",
     "widget", "art_2__point_a"),
    ("mk", "", 'Член 2\n"Виџет" е синтетичка направа.', "Виџет", "art_2__para_1"),
    ("hr", "", "Članak 2.\nWidgetom se smatra svaka sintetička naprava.", "Widgetom", "art_2__para_1"),
    ("sq", "XK", "Neni 2\nPërkufizimet\n1. Widget nënkupton një pajisje sintetike.", "Widget", "art_2__para_1"),
    ("et", "", "§ 2. Mõisted\n(1) Vidin käesoleva seaduse tähenduses on sünteetiline seade.", "Vidin", "art_2__para_1"),
    ("et", "", "§ 2. Mõisted\n(1) Vidin tähendab sünteetilist seadet.", "Vidin", "art_2__para_1"),
])
def test_definition_patterns_per_language(lang, jur, text, term, pid):
    act = parse_act(blocks(text), meta(lang, jurisdiction=jur))
    assert act.definitions.get(term) == pid


def test_bulgarian_text_on_the_article_line():
    text = """
Глава първа
ОБЩИ ПОЛОЖЕНИЯ
Чл. 1. (1) Този синтетичен закон урежда джаджите.
(2) Джаджите са:
1. малки;
2. големи.
Чл. 2. Законът влиза в сила никога.
"""
    act = parse_act(blocks(text), meta("bg"))
    assert [p.id for p in act.provisions if p.kind != "chapter"] == [
        "art_1", "art_1__para_1", "art_1__para_2", "art_1__para_2__point_1", "art_1__para_2__point_2", "art_2"]
    assert act.get("art_1").heading is None and act.get("art_2").text == "Законът влиза в сила никога."
    assert act.get("art_1__para_2__point_2").citation == "чл. 1, ал. 2, т. 2"
    assert act.coverage.ok


def test_croatian_headings_above_numbered_stavci_and_points():
    text = """
Predmet Zakona
Članak 1.
(1) Ovim se Zakonom uređuju sintetički widgeti.
(2) Widgeti su:
1. mali,
2. veliki.
Članak 2.
Ovaj Zakon stupa na snagu nikada.
"""
    act = parse_act(blocks(text), meta("hr"))
    assert act.get("art_1").heading == "Predmet Zakona"
    assert [p.id for p in act.descendants("art_1")] == [
        "art_1__para_1", "art_1__para_2", "art_1__para_2__point_1", "art_1__para_2__point_2"]
    assert act.get("art_1__para_2__point_1").citation == "članak 1. stavak 2. točka 1)"
    assert [p.id for p in act.children("art_2")] == ["art_2__para_1"]


def test_albanian_heading_below_and_points():
    text = """
KREU I
DISPOZITA TË PËRGJITHSHME
Neni 1
Objekti
1. Ky ligj sintetik rregullon widget-et.
2. Widget-et janë:
a) të vegjël;
b) të mëdhenj.
"""
    act = parse_act(blocks(text), meta("sq"))
    assert act.get("chp_1").heading == "DISPOZITA TË PËRGJITHSHME"
    assert act.get("art_1").heading == "Objekti"
    assert act.get("art_1__para_2__point_b").citation == "neni 1, pika 2, shkronja b)"


# ---------------------------------------------------------------- the first line is the title (audit gap 3)
def test_first_line_straight_above_article_1_is_the_title_not_its_heading():
    act = parse_act(blocks("Synthetic Act on Widgets\nČlan 1\nOvaj sintetički akt uređuje widgete.\n"
                           "Značenje izraza\nČlan 2\nWidget je sintetička naprava.\n"), meta("cnr"))
    assert act.get("art_1").heading is None
    assert act.get("art_2").heading == "Značenje izraza"          # later headings above stay headings
    assert [(n.kind, n.text) for n in act.non_provisions] == [("title", "Synthetic Act on Widgets")]
    assert act.coverage.ok


def test_first_line_rule_in_cyrillic_too():
    text = "Синтетички закон за виџети\nЧлен 1\nОвој синтетички закон ги уредува виџетите.\n"
    no_title = ActMeta(key="synthetic-widgets", title="", language="mk")   # no title recorded
    act = parse_act(blocks(text), no_title)
    assert act.get("art_1").heading is None and act.non_provisions[0].kind == "title"


def test_first_line_of_a_file_without_act_toml_is_the_title(tmp_path):
    from concordance.parse import parse_file

    f = tmp_path / "synthetic-widgets.cnr.txt"
    f.write_text("Synthetic Act on Widgets\nČlan 1\nOvaj sintetički akt uređuje widgete.\n", encoding="utf-8")
    act = parse_file(f)
    assert act.get("art_1").heading is None and act.non_provisions[0].text == "Synthetic Act on Widgets"


def test_first_line_stays_article_1_heading_when_the_metadata_names_another_title():
    act = parse_act(blocks("Predmet zakona\nČlan 1\nOvaj sintetički akt uređuje widgete.\n"), meta("cnr"))
    assert act.get("art_1").heading == "Predmet zakona" and act.non_provisions == ()


def test_heading_above_article_1_stays_when_a_title_came_first():
    act = parse_act(blocks("SYNTHETIC ACT ON WIDGETS\nSynthetic decree line on widgets, number 1/2026\n"
                           "Predmet zakona\nČlan 1\nOvaj sintetički akt uređuje widgete.\n"), meta("cnr"))
    assert act.get("art_1").heading == "Predmet zakona"
    assert [n.kind for n in act.non_provisions] == ["title", "decree"]


@pytest.mark.parametrize("name", ["ME", "MK"])
def test_real_balkan_laws_keep_their_title_and_article_1(name):
    """The ME and MK texts open with a title and a source/decree line: the first-line rule leaves
    their article 1 as it was (it opens with its own text; these pypdf copies carry no article
    headings)."""
    from parse_paths import path_of

    from concordance.parse import parse_file

    path = path_of(name)
    act = parse_file(path)
    first_line = next(ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip())
    assert act.non_provisions[0].kind == "title" and first_line.startswith(act.non_provisions[0].text.strip())
    assert act.get("art_1").heading is None and act.get("art_1").parent in (None, "chp_1")
    assert act.coverage.ok


def test_repeated_annex_heading_before_a_later_part_continues_the_annex():
    """An excerpt (the bundled 91/477 fragments) repeats "ANNEX I" before Part IV: one annex."""
    text = """
Article 1
Synthetic widgets shall be registered.
ANNEX I
I. For the purposes of this Synthetic Act, 'widget' means a synthetic device.
ANNEX I
IV. For the purposes of this Annex:
(a) 'short widget' means a widget shorter than 3 cm;
(b) 'long widget' means any other widget.
"""
    act = parse_act(blocks(text), meta("en"))
    assert [p.id for p in act.of_kind("annex")] == ["annex_1"]
    assert act.get("annex_1__part_4__point_b") is not None and "_dup" not in " ".join(ids_of(act))
    assert ("note", "ANNEX I") in [(n.kind, n.text) for n in act.non_provisions]
    assert act.coverage.ok
