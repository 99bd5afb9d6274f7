"""`concordance acts`: the bundled catalogue as a user sees it."""
import json

from click.testing import CliRunner

from concordance.cli import main


def test_acts_lists_keys_and_marks_incomplete_acts():
    result = CliRunner().invoke(main, ["acts"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    directive = next(line for line in lines if line.strip().startswith("32021L0555 "))
    assert "TEXT NOT HELD" in directive
    assert "(codification)" in directive            # the whole title, not cut
    partial = next(line for line in lines if line.strip().startswith("32018R0337 "))
    assert "INCOMPLETE: 1 entry missing" in partial
    assert "concordance fetch" in result.output     # says how to give a text that is not held
    protocol = next(line for line in lines if line.strip().startswith("UN-firearms-protocol-2001 "))
    assert "INCOMPLETE" not in protocol
    assert any(line.strip().startswith("MK-zakon-za-oruzjeto-2005 ") for line in lines)


def test_acts_json_with_alternates_names_the_pdf_original():
    result = CliRunner().invoke(main, ["acts", "--all", "--format", "json"])
    assert result.exit_code == 0, result.output
    entries = json.loads(result.output)
    keys = {e["key"] for e in entries}
    assert "ME-zakon-o-oruzju-2015" in keys
    assert any((e["path"] or "").endswith(".pdf") for e in entries)
    directive = next(e for e in entries if e["key"] == "32021L0555")
    assert directive["complete"] is False and directive["text_held"] is False and directive["path"] is None
    assert directive["kind"] == "directive"
