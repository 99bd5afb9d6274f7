"""Status and dashboard on the real bundled texts: the UN Firearms Protocol and 2018/337 (held in part) as
reference acts, the Montenegrin and Macedonian weapons laws as national acts. No decisions are
made here (a test must not invent a legal judgement): the checks are that every reference row is
accounted for once, that nothing unmatched is called a proposed gap, that the themes follow the
Protocol's own article headings, and that the dashboard renders the real (Cyrillic) texts."""
from __future__ import annotations

import lxml.html
import pytest

from concordance import status
from concordance.catalogue import parsed
from concordance.match import reference_rows
from concordance.catalogue.missing_rows import with_missing_rows
from concordance.model import RowStatus
from concordance.store import Project

REFERENCES = ("UN-firearms-protocol-2001", "32018R0337")
NATIONAL = ("ME-zakon-o-oruzju-2015", "MK-zakon-za-oruzjeto-2005")


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("real")
    with Project.create(root / "real.concordance") as p:
        for key in REFERENCES:
            p.add_act(parsed.load(key), "reference")
        for key in NATIONAL:
            p.add_act(parsed.load(key), "national")
        report = status.compute(p)
        index = status.write_dashboard(p, root / "site")
        rows = {key: len(reference_rows(p.act(key))) for key in REFERENCES}
        # an incomplete act's missing provisions are rows too ("text not held"), one per entry
        not_held = {key: sum(r.status is RowStatus.MISSING_TEXT
                             for r in with_missing_rows(p.concordance(key, [NATIONAL[0]])).rows)
                    for key in REFERENCES}
    return {"report": report, "index": index, "rows": rows, "not_held": not_held, "out": root / "site"}


def test_every_reference_row_is_counted_once(real):
    report = real["report"]
    assert report.jurisdictions() == ["ME", "MK"]
    for e in report.entries:
        f = e.figures
        expected = real["rows"][e.reference.key] + real["not_held"][e.reference.key]
        assert f.transposable + f.text_not_held + f.not_transposable == expected
        assert len(e.provisions) == expected
        # nothing decided and nothing matched: all transposable rows unreviewed, none a proposed gap
        assert f.unreviewed == f.transposable and f.machine_gaps == 0 and not e.matched


def test_the_missing_provisions_of_an_act_held_in_part_are_text_not_held(real):
    """2018/337 is bundled without its annexes: they are counted, as text not held."""
    e = real["report"].entry("32018R0337", "MK")
    assert real["not_held"]["32018R0337"] >= 1
    assert e.figures.text_not_held >= real["not_held"]["32018R0337"]
    assert real["not_held"]["UN-firearms-protocol-2001"] == 0


def test_the_protocols_final_clauses_are_not_counted(real):
    e = real["report"].entry("UN-firearms-protocol-2001", "ME")
    assert e.figures.not_transposable > 0 and e.figures.transposable > 0


def test_themes_follow_the_protocols_headings(real):
    """Article headings as printed in the bundled Protocol: "Record-keeping", "Marking of firearms",
    "Deactivation of firearms", "Information"."""
    e = real["report"].entry("UN-firearms-protocol-2001", "MK")
    by_heading: dict[str, set[str]] = {}
    for p in e.provisions:
        by_heading.setdefault(p.heading, set()).add(p.theme)
    assert by_heading["Record-keeping"] == {"record_keeping"}
    assert by_heading["Marking of firearms"] == {"marking"}
    assert by_heading["Deactivation of firearms"] == {"deactivation"}
    assert "information_exchange" in by_heading["Information"]
    definitions = [p for p in e.provisions if p.klass.value == "definition"]
    assert definitions and {p.theme for p in definitions} == {"definitions"}


def test_dashboard_renders_the_real_texts(real):
    doc = lxml.html.fromstring(real["index"].read_bytes())
    shown = {el.get("data-figure"): int(el.text_content()) for el in doc.xpath("//*[@data-figure]")}
    e = real["report"].entry("32018R0337", "MK")
    assert shown["32018R0337|MK||unreviewed"] == e.figures.unreviewed
    page = (real["out"] / "a-MK-zakon-za-oruzjeto-2005.html").read_text(encoding="utf-8")
    assert "Закон за оружјето" in page
    heat = doc.xpath('//td[starts-with(@data-heat, "UN-firearms-protocol-2001|ME|")]')
    assert len(heat) == len({p.article for p in real["report"].entry("UN-firearms-protocol-2001", "ME").provisions})
