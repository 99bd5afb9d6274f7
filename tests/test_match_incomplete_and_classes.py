"""Audit gaps 4 and 5 on the real bundled texts.

4. Rows whose reference text is held only in part (act.toml ``partial``) are never ``gap``: with no
   credible counterpart they are ``missing_text`` and say why; with one they stay ``proposed``.
5. A provision is a ``definition`` only when it is predominantly definitional: Directive 2021/555
   Art. 7 (an obligation that defines "proper supervision" on the way) is an obligation, while the
   definitions rows of 2021/555, the UN Protocol and 91/477 stay definitions.
"""
from __future__ import annotations

import pytest

from concordance import acts
from concordance.match import classify, gaps, match_acts, reference_rows
from concordance.match.classify import classify_text
from concordance.model import ProvisionClass, RowStatus

PART_HELD = "Held only in part; no credible counterpart in the part held."


@pytest.fixture(scope="module")
def directive():
    return acts.load("32021L0555")


@pytest.fixture(scope="module")
def result(directive):
    return match_acts(directive, acts.load("MK-zakon-za-oruzjeto-2005"), use_embeddings=False)


# ------------------------------------------------------------------ 4. held only in part
def test_decide_never_gives_gap_for_a_partial_row():
    weak = [0.10, 0.09, 0.08]
    assert gaps.decide(ProvisionClass.OBLIGATION, False, weak) is RowStatus.GAP
    assert gaps.decide(ProvisionClass.OBLIGATION, False, weak, partial=True) is RowStatus.MISSING_TEXT
    assert gaps.decide(ProvisionClass.OBLIGATION, False, [], partial=True) is RowStatus.MISSING_TEXT
    strong = [0.90, 0.20, 0.10]
    assert gaps.decide(ProvisionClass.OBLIGATION, False, strong, partial=True) is RowStatus.PROPOSED
    assert gaps.decide(ProvisionClass.NON_TRANSPOSABLE, False, weak, partial=True) is RowStatus.NOT_APPLICABLE


@pytest.mark.parametrize("pid", ["art_1__para_1__point_5", "art_4__para_5"])
def test_partial_rows_without_a_credible_counterpart_are_missing_text(result, directive, pid):
    assert acts.provision_status(directive.meta, pid) == "partial"
    row = next(r for r in result.rows if r.directive_provision == pid)
    assert row.status is RowStatus.MISSING_TEXT and row.candidates == ()
    assert row.note.startswith(PART_HELD)


def test_no_partial_row_is_a_gap_and_credible_ones_stay_proposed(result, directive):
    partial = [r for r in result.rows if acts.provision_status(directive.meta, r.directive_provision) == "partial"]
    assert len(partial) >= 4
    assert all(r.status is not RowStatus.GAP for r in partial)
    proposed = [r for r in partial if r.status is RowStatus.PROPOSED]
    assert proposed and all(r.candidates and "held only in part" in r.note for r in proposed)


# ------------------------------------------------------------------ 5. definitions
def test_directive_2021_555_art_7_is_an_obligation(directive):
    art7 = directive.get("art_7")
    text = directive.full_text("art_7", False)
    assert "shall mean" in text and "establish rules" in text     # it does define a term on the way
    assert classify(art7, directive) is ProvisionClass.OBLIGATION


@pytest.mark.parametrize("key,prefix,at_least", [
    ("32021L0555", "art_1__para_1__point_", 5),
    ("UN-firearms-protocol-2001", "art_3__point_", 5),
    ("31991L0477", "annex_1__part_4__point_", 2),
])
def test_definitions_rows_stay_definitions(key, prefix, at_least):
    act = acts.load(key)
    rows = [p for p in reference_rows(act) if p.id.startswith(prefix) and p.id.count("__") == prefix.count("__")]
    assert len(rows) >= at_least
    assert {p.id: classify(p, act) for p in rows} == {p.id: ProvisionClass.DEFINITION for p in rows}


def test_predominance_on_synthetic_text():
    obligation = ("Synthetic widget operators shall keep widgets locked.\n"
                  "'Locked widget' shall mean a synthetic widget in a closed box.")
    assert classify_text(obligation, "", "en") is ProvisionClass.OBLIGATION
    assert classify_text("'Widget' means a synthetic device.", "", "en") is ProvisionClass.DEFINITION
    mostly = ("The following synthetic terms are used:\n'widget' means a synthetic device;\n"
              "'gadget' means another synthetic device.")
    assert classify_text(mostly, "", "en") is ProvisionClass.DEFINITION
