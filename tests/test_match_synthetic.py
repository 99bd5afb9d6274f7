"""End-to-end matcher behaviour on plainly synthetic acts: statuses, contract shape, bad input."""
from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "match"))
import synthetic  # noqa: E402

from concordance.errors import InputError  # noqa: E402
from concordance.match import match_acts  # noqa: E402
from concordance.match.contract import to_json  # noqa: E402
from concordance.model import Act, Provision, RowStatus  # noqa: E402


def _match(ref, nat, **kw):
    return match_acts(ref, nat, use_embeddings=False, **kw)


@pytest.fixture(scope="module")
def result():
    return _match(synthetic.reference(), synthetic.national())


def test_statuses_and_top_candidates(result):
    rows = {r.directive_provision: r for r in result.rows}
    assert rows["art_5"].status is RowStatus.NOT_APPLICABLE and not rows["art_5"].candidates
    assert rows["art_6"].status is RowStatus.NOT_APPLICABLE
    assert rows["art_3"].status in (RowStatus.PROPOSED, RowStatus.REVIEW)
    assert rows["art_3"].candidates[0].national_provision.startswith("art_3")
    assert 0.0 <= rows["art_3"].likelihood <= 1.0
    # the explicit citation "Article 2 of Directive 2099/1" wins
    top = rows["art_2__para_1"].candidates[0]
    assert top.national_provision == "art_4"
    assert any(e.signal == "references" and "art_2" in e.detail for e in top.evidence)
    for r in result.rows:
        assert len(r.candidates) <= 5
        assert len({c.national_provision.split("__")[0] for c in r.candidates}) == len(r.candidates)
        for c in r.candidates:
            assert 0.0 <= c.score <= 1.0
            assert all(0.0 <= e.score <= 1.0 and e.detail for e in c.evidence)
        assert [c.score for c in r.candidates] == sorted((c.score for c in r.candidates), reverse=True)


def test_national_only_lists_unmatched_articles(result):
    assert "art_6" in result.national_only          # Sunday widget racing: nothing in the directive
    assert "art_3" not in result.national_only


def test_contract_shape(result):
    data = json.loads(json.dumps(to_json(result), ensure_ascii=False))
    assert set(data) >= {"directive", "national", "rows", "national_only", "warnings", "contract"}
    assert data["directive"]["key"] == "SYN-DIR-2099"
    row = next(r for r in data["rows"] if r["candidates"])
    assert set(row) >= {"directive_provision", "citation", "class", "status", "candidates"}
    cand = row["candidates"][0]
    assert set(cand) >= {"national_provision", "citation", "score", "evidence"}
    assert set(cand["evidence"][0]) == {"signal", "detail", "score"}
    assert {r["status"] for r in data["rows"]} <= {"proposed", "review", "gap", "not_applicable", "missing_text"}
    judged = [r for r in data["rows"] if r["status"] in ("proposed", "review", "gap")]
    assert judged and all(0.0 <= r["likelihood"] <= 1.0 for r in judged)
    assert {r["class"] for r in data["rows"]} <= {"definition", "obligation", "option", "non_transposable"}


def test_incomplete_reference_gives_missing_text_never_gap():
    ref = synthetic.reference()
    meta = dataclasses.replace(ref.meta, complete=False, missing=("art_4", "art_8-art_9"))
    res = _match(dataclasses.replace(ref, meta=meta), synthetic.national())
    rows = {r.directive_provision: r for r in res.rows}
    assert rows["art_4"].status is RowStatus.MISSING_TEXT and not rows["art_4"].candidates
    assert rows["art_8"].status is RowStatus.MISSING_TEXT and rows["art_9"].status is RowStatus.MISSING_TEXT
    assert any("incomplete" in w for w in res.warnings)


def test_empty_text_row_is_missing_text():
    ref = synthetic.reference()
    provs = tuple(dataclasses.replace(p, text="") if p.id == "art_3" else p for p in ref.provisions)
    res = _match(dataclasses.replace(ref, provisions=provs), synthetic.national())
    assert {r.directive_provision: r for r in res.rows}["art_3"].status is RowStatus.MISSING_TEXT


def test_empty_national_act_is_refused():
    empty = Act(synthetic.NAT_META, (Provision("art_1", "article", "1", None, "", None, "Article 1"),))
    with pytest.raises(InputError) as exc:
        _match(synthetic.reference(), empty)
    assert "no provision with text" in exc.value.what and exc.value.todo


def test_acts_the_wrong_way_round_are_refused():
    with pytest.raises(InputError) as exc:
        _match(synthetic.national(), synthetic.reference())
    assert "wrong way round" in exc.value.what and "first" in exc.value.todo


def test_two_national_laws_warn():
    nat = synthetic.national()
    res = _match(nat, dataclasses.replace(nat, meta=dataclasses.replace(nat.meta, key="XX-other")))
    assert any("two national laws" in w for w in res.warnings)


def test_language_without_lexicon_warns():
    nat = synthetic.national()
    nat = dataclasses.replace(nat, meta=dataclasses.replace(nat.meta, language="xx"))
    res = _match(synthetic.reference(), nat)
    assert any("'xx'" in w and "expect" in w for w in res.warnings)


def test_unknown_signal_is_refused():
    with pytest.raises(InputError):
        _match(synthetic.reference(), synthetic.national(), disabled={"astrology"})


def test_each_signal_can_be_switched_off():
    for sig in ("lexical", "concepts", "numbers", "references", "position"):
        res = _match(synthetic.reference(), synthetic.national(), disabled={sig})
        for r in res.rows:
            assert all(e.signal != sig for c in r.candidates for e in c.evidence)
