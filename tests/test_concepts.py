"""Tests for the firearms-law concept glossary (concordance/match/concepts.toml + concepts.py).

Real provisions come from the bundled laws; rule tests use plainly synthetic sentences."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from concordance.language import to_cyrillic
from concordance.match import concepts as cm
from concordance.match.concepts import CONCEPTS, GLOSSARY_LANGUAGES, concept_label, find_concepts, supports, themes

REPO = Path(__file__).resolve().parents[1]
ME_LAW = REPO / "national_laws/ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.cnr.txt"
MK_LAW = REPO / "national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt"
UN_PROTOCOL = REPO / "directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md"


def _article(path: Path, heading: str, next_heading: str) -> str:
    """Text of one article, cut between its heading line and the next article's heading line."""
    text = path.read_text(encoding="utf-8")
    start = re.search(rf"^{re.escape(heading)}\s*$", text, re.M)
    end = re.search(rf"^{re.escape(next_heading)}\s*$", text, re.M)
    assert start and end and start.end() < end.start(), heading
    return text[start.end():end.start()]


# ----------------------------------------------------------------------------- glossary sanity

def test_glossary_size_and_unique_ids():
    ids = [c.id for c in CONCEPTS]
    assert len(ids) >= 100
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_every_concept_has_terms_in_every_language():
    missing = [(c.id, lang) for c in CONCEPTS for lang in GLOSSARY_LANGUAGES if not c.terms.get(lang)]
    assert missing == []


def test_every_term_parses_to_something_searchable():
    for c in CONCEPTS:
        for lang, terms in c.terms.items():
            for term in terms:
                words = cm._parse_term(term)
                assert sum(len(w.text) for w in words) >= 3, (c.id, lang, term)
                assert all(w.text.isalnum() for w in words), (c.id, lang, term)


def test_macedonian_terms_are_cyrillic_and_serbian_terms_latin():
    for c in CONCEPTS:
        for term in c.terms["mk"]:
            assert re.search(r"[\u0400-\u04FF]", term), (c.id, term)
        for lang in ("sr", "bs", "hr", "cnr", "sq", "cs", "et", "de", "en"):
            for term in c.terms[lang]:
                assert not re.search(r"[\u0400-\u04FF]", term), (c.id, lang, term)


def test_themes_labels_and_lookup():
    assert themes()[0] == "definitions"
    assert {"marking", "deactivation", "transfers", "record_keeping", "penalties"} <= set(themes())
    assert all(c.theme in themes() for c in CONCEPTS)
    assert concept_label("european_firearms_pass") == "European firearms pass"
    assert CONCEPTS.get("firearm") is cm.concept("firearm")
    with pytest.raises(KeyError):
        concept_label("no_such_concept")


def test_labels_for_balkan_reviewers():
    for c in CONCEPTS:
        assert set(c.labels) == {"sq", "cnr", "mk"}, c.id
        assert re.search(r"[\u0400-\u04FF]", c.labels["mk"]), c.id
    assert concept_label("firearm", "sq") == "armë zjarri"
    assert concept_label("firearm", "mk") == "огнено оружје"
    assert concept_label("firearm", "sr") == concept_label("firearm", "bs") == "vatreno oružje"
    assert concept_label("firearm", "sr-Cyrl") == "ватрено оружје"
    assert concept_label("firearm", "de") == "firearm"


def test_supports():
    for lang in GLOSSARY_LANGUAGES:
        assert supports(lang)
    assert supports("me") and supports("sr-Cyrl")
    assert not supports("fr") and not supports(None)
    with pytest.raises(ValueError, match="no terms for language 'fr'"):
        find_concepts("Synthetic text", "fr")


# ----------------------------------------------------------------------------- real provisions

def test_macedonian_article_4_categories():
    found = find_concepts(_article(MK_LAW, "Член 4", "Член 5"), "mk")
    for cid in ("weapon", "firearm", "category_a", "category_b", "category_c", "category_d", "automatic",
                "semi_automatic", "ammunition", "silencer", "short_firearm", "long_firearm", "smooth_bore"):
        assert cid in found, cid
    assert found["category_a"] == ["Категорија А"]
    assert "огнено оружје" in found["firearm"]


def test_montenegrin_article_4_categories():
    found = find_concepts(_article(ME_LAW, "Član 4", "Član 5"), "cnr")
    for cid in ("weapon", "firearm", "category_a", "category_b", "category_c", "category_d", "automatic",
                "semi_automatic", "repeating", "ammunition", "silencer", "air_weapon", "cold_weapon"):
        assert cid in found, cid
    assert "vatreno oružje" in found["firearm"]


def test_serbian_cyrillic_finds_the_same_concepts_as_latin():
    latin = _article(ME_LAW, "Član 4", "Član 5")
    assert set(find_concepts(to_cyrillic(latin, "sr"), "sr")) == set(find_concepts(latin, "cnr"))


def test_un_protocol_article_3_definitions():
    found = find_concepts(_article(UN_PROTOCOL, "### Article  3", "### Article  4"), "en")
    for cid in ("firearm", "essential_component", "ammunition", "barrel", "frame", "receiver", "slide",
                "cylinder", "bolt_breech", "silencer", "cartridge", "primer", "propellant", "projectile",
                "antique_weapon", "replica", "illicit_manufacturing", "illicit_trafficking", "marking",
                "tracing", "import", "export", "definitions_article"):
        assert cid in found, cid
    assert "category_a" not in found  # the Protocol has no categories


def test_cross_lingual_definition_of_ammunition_shares_concepts():
    """The Macedonian and Montenegrin definitions of firearm-related terms meet the UN Protocol's
    Article 3 on concepts although they share no words."""
    un = set(find_concepts(_article(UN_PROTOCOL, "### Article  3", "### Article  4"), "en"))
    mk = set(find_concepts(_article(MK_LAW, "Член 3", "II. НАБАВУВАЊЕ  И  ПОСЕДУВАЊЕ НА ОРУЖЈЕ"), "mk"))
    me = set(find_concepts(_article(ME_LAW, "Član 3", "Član 4"), "cnr"))
    assert {"firearm", "ammunition", "barrel", "projectile"} <= un & mk
    assert {"firearm", "barrel", "projectile", "essential_component"} <= un & me


# ----------------------------------------------------------------------------- matching rule

def test_prefix_rule_and_inflection():
    found = find_concepts("Synthetic Act on Widgets: vatrenog oružja i municiji kategorije A.", "sr")
    assert found["firearm"] == ["vatrenog oružja"]
    assert found["ammunition"] == ["municiji"]
    assert found["category_a"] == ["kategorije A"]


def test_short_words_are_whole_words():
    assert "category_a" not in find_concepts("Synthetic widgets of category Alpha.", "en")
    assert "category_a" in find_concepts("Synthetic widgets of category A.", "en")


def test_exact_word_marker():
    assert "bow_crossbow" in find_concepts("Synthetic rule on a bow.", "en")
    assert "bow_crossbow" not in find_concepts("Synthetic rule on a bowl.", "en")


def test_infix_marker_for_compounds():
    found = find_concepts("Synthetisches Gesetz: die Kurzwaffenbesitzkarte des Widget-Vereins.", "de")
    assert "possession_permit" in found


def test_albanian_linking_articles_are_skipped():
    found = find_concepts("Ligj sintetik për widget: armët e zjarrit dhe municioni.", "sq")
    assert found["firearm"] == ["armët e zjarrit"]
    assert "ammunition" in found


def test_pooled_serbo_croatian_terms():
    # Croatian "streljivo" is found in a text declared Montenegrin.
    assert "ammunition" in find_concepts("Sintetički zakon o widgetima: streljivo.", "cnr")


def test_empty_and_wordless_text():
    assert find_concepts("", "en") == {}
    assert find_concepts(" -- 12/2015 ", "mk") == {}


# ----------------------------------------------------------------------------- attested or unverified

@pytest.fixture(scope="module")
def attestation():
    return cm.attestation(REPO)


def test_every_term_is_attested_or_marked_unverified(attestation):
    wrong: list[tuple[str, str, str]] = []
    for lang, report in attestation.items():
        for cid, term in report.unattested():
            if cm.concept(cid).is_verified(lang, term):
                wrong.append((lang, cid, term))
    assert wrong == [], f"terms not found in the bundled {wrong[0][0]} texts: mark them unverified"


def test_unverified_marks_are_not_stale(attestation):
    stale = [(lang, cid, term) for lang, report in attestation.items() for cid, term in report.attested
             if not cm.concept(cid).is_verified(lang, term)]
    assert stale == []


def test_unverified_entries_name_real_languages_and_terms():
    for c in CONCEPTS:
        for mark in c.unverified:
            lang, _, term = mark.partition(":")
            assert lang in GLOSSARY_LANGUAGES, (c.id, mark)
            assert not term or term in c.terms[lang], (c.id, mark)


def test_languages_with_corpus_are_mostly_attested(attestation):
    # Figures are printed by benchmarks/glossary_coverage.py; these floors catch a glossary drifting
    # away from the real laws.
    for lang, floor in {"en": 0.6, "cnr": 0.45, "mk": 0.6, "cs": 0.6, "et": 0.55, "de": 0.6}.items():
        assert attestation[lang].share >= floor, (lang, attestation[lang].share)


def test_normalised_terms_are_not_duplicated_within_a_concept():
    for c in CONCEPTS:
        for lang, terms in c.terms.items():
            forms = [cm._parse_term(t) for t in terms]
            assert len(forms) == len(set(forms)), (c.id, lang)
