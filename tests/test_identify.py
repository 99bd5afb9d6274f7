"""What a file holds, from its title (concordance.catalogue.identify): a spec for the rule, and the reference
act given as a file (a user's EUR-Lex download, a treaty's text) recognised as one end to end."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.catalogue import acts
from concordance.catalogue.identify import celex_of, identify_title
from concordance.cli import main
from concordance.parse import parse_file

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("title, kind, jurisdiction, celex", [
    ("DIRECTIVE (EU) 2021/555 OF THE EUROPEAN PARLIAMENT AND OF THE COUNCIL of 24 March 2021", "directive", "EU", "32021L0555"),
    ("Council Directive 91/477/EEC of 18 June 1991 on control of the acquisition", "directive", "EU", "31991L0477"),
    ("Commission Implementing Regulation (EU) 2015/2403 of 15 December 2015", "regulation", "EU", "32015R2403"),
    ("Regulation (EU) No 258/2012 of the European Parliament and of the Council", "regulation", "EU", "32012R0258"),
    ("Direktiva (EU) 2021/555 Europskog parlamenta i Vijeća", "directive", "EU", "32021L0555"),
    # the act's own number, not the one it refers to
    ("Commission Implementing Directive (EU) 2019/68 ... under Council Directive 91/477/EEC", "directive", "EU", "32019L0068"),
    ("Protocol against the Illicit Manufacturing of and Trafficking in Firearms", "treaty", "INT", ""),
    ("European Convention on the Control of the Acquisition and Possession of Firearms", "treaty", "INT", ""),
    # national acts: a bylaw named "Uredba" without an EU number, a law ratifying a convention
    ("Uredba o načinu čuvanja oružja", "law", "", ""),
    ("Zakon o potvrđivanju Konvencije o oružju", "law", "", ""),
    ("Synthetic Act on Widgets", "law", "", ""),
])
def test_identify_title(title, kind, jurisdiction, celex):
    who = identify_title(title)
    assert (who.kind, who.jurisdiction, who.celex) == (kind, jurisdiction, celex)


def test_celex_numbers():
    assert celex_of("directive", "91", "477") == "31991L0477"
    assert celex_of("regulation", "2012", "258") == "32012R0258"
    assert celex_of("decision", "2008", "5") == "32008D0005"


def test_a_copy_of_a_bundled_treaty_gets_the_catalogue_metadata(tmp_path):
    f = tmp_path / "protocol.md"
    shutil.copy(acts.find("UN-firearms-protocol-2001").path, f)
    act = parse_file(f)
    assert (act.meta.key, act.meta.kind, act.meta.jurisdiction) == ("UN-firearms-protocol-2001", "treaty", "INT")
    assert act.meta.source == str(f)


def test_an_uncatalogued_treaty_file_is_a_reference_act(tmp_path):
    f = tmp_path / "widgets-protocol.en.txt"
    f.write_text("Protocol on Synthetic Widgets\n\nArticle 1\nStates Parties shall register widgets.\n\n"
                 "Article 2\nThis Protocol shall enter into force on the day of its signature.\n", encoding="utf-8")
    act = parse_file(f)
    assert (act.meta.kind, act.meta.jurisdiction) == ("treaty", "INT")


def test_match_with_the_protocol_given_as_a_file_treats_it_as_the_reference(tmp_path):
    """Issue 9 point 4: the Protocol as a file is not "a national law (UN)" with guessed classes."""
    f = tmp_path / "protocol.md"
    shutil.copy(acts.find("UN-firearms-protocol-2001").path, f)
    res = CliRunner().invoke(main, ["match", str(f), "MK-zakon-za-oruzjeto-2005", "--format", "json",
                                    "-o", str(tmp_path / "m.json")])
    assert res.exit_code == 0, res.output
    import json
    data = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert data["directive"]["kind"] == "treaty"
    assert not any("national" in w and "reference side" in w for w in data["warnings"])
    classes = {r["class"] for r in data["rows"]}
    assert "non_transposable" in classes          # the treaty's final clauses are recognised
