"""The matcher's three statuses for a transposable row (proposed, review, gap) reach every output:
the stored proposals, the ToC, the adviser's workbook (with the gap model's evidence in words) and
the status figures — on the real Macedonian law against the UN Firearms Protocol."""
from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from concordance import status
from concordance.catalogue import parsed
from concordance.model import RowStatus
from concordance.render import load_labels, render
from concordance.review import export_review
from concordance.store import Project

MK, UN = "MK-zakon-za-oruzjeto-2005", "UN-firearms-protocol-2001"


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    path = tmp_path_factory.mktemp("three") / "p.sqlite"
    with Project.create(path) as p:
        p.add_act(parsed.load(MK), "national")
        p.add_act(parsed.load(UN), "reference")
        p.run_match(use_embeddings=False)
    return path


def test_match_rows_carry_a_likelihood_and_the_three_statuses(project):
    with Project.open(project) as p:
        rows = p.latest_match(UN, MK).rows
    statuses = {r.status for r in rows}
    assert {RowStatus.REVIEW, RowStatus.GAP} <= statuses
    for r in rows:
        if r.status is RowStatus.GAP:
            assert not r.candidates and r.note.startswith("Likely gap (likelihood the law carries it")
        if r.status is RowStatus.REVIEW:
            assert r.candidates and r.note.startswith("Uncertain")


def test_the_toc_says_which_proposals_are_uncertain(project, tmp_path):
    with Project.open(project) as p:
        conc = p.concordance(UN, [MK])
    n_review = sum(1 for r in conc.rows if r.status is RowStatus.REVIEW and not r.decided)
    out = render(conc, "mk", "docx", tmp_path / "toc.docx", {})
    with zipfile.ZipFile(out) as z:
        text = re.sub(r"<[^>]+>", "", z.read("word/document.xml").decode("utf-8"))
    assert n_review and text.count(load_labels("mk").section("status")["review"]) == n_review


def test_the_workbook_gives_the_gap_evidence_in_words(project, tmp_path):
    with Project.open(project) as p:
        export_review(p, tmp_path / "review.xlsx", lang="en")
    ws = openpyxl.load_workbook(tmp_path / "review.xlsx").worksheets[0]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert any(c.startswith("Likely gap (likelihood the law carries it") for c in cells)
    assert any("no provision of the law names broker / brokering" in c for c in cells)


def test_status_counts_the_uncertain_rows(project):
    with Project.open(project) as p:
        report = status.compute(p)
        rows = p.latest_match(UN, MK).rows
    f = report.entry(UN, "MK").figures
    assert f.machine_uncertain == sum(1 for r in rows if r.status is RowStatus.REVIEW)
    assert f.machine_gaps == sum(1 for r in rows if r.status is RowStatus.GAP)
