"""A language with no lexicon (audit gap 2): never silently parsed as another language.

The texts are plainly synthetic ("Synthetic Act on Widgets"), in Italian words under English
"Article N" headings: the parser falls back to the English lexicon, says so in Act.warnings (and
the CLI prints it), and keeps the requested language so the matcher warns too.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from concordance.catalogue import parsed
from concordance.cli import main
from concordance.errors import NoStructure
from concordance.model import ActMeta
from concordance.parse import parse_file

SYNTHETIC_IT = (
    "Synthetic Act on Widgets\n\n"
    "Article 1\nOggetto\n(1) Il presente atto sintetico disciplina i widget sintetici.\n"
    "(2) Il presente atto sintetico non si applica ai giocattoli.\n\n"
    "Article 2\nObblighi\nIl fabbricante sintetico registra ogni widget nel registro sintetico.\n"
)


@pytest.fixture
def it_file(tmp_path) -> Path:
    f = tmp_path / "synthetic-widgets.txt"
    f.write_text(SYNTHETIC_IT, encoding="utf-8")
    return f


def _no_lexicon_warning(act) -> str:
    found = [w for w in act.warnings if w.startswith("no lexicon for language 'it'")]
    assert len(found) == 1, act.warnings
    return found[0]


def test_metadata_language_without_lexicon_is_kept_and_warned(it_file):
    meta = ActMeta(key="synthetic-widgets-it", title="Synthetic Act on Widgets", language="it")
    act = parse_file(it_file, meta=meta)
    assert act.meta.language == "it"
    w = _no_lexicon_warning(act)
    assert "English lexicon (en)" in w and "Expect" in w and "lexicon/it.toml" in w
    assert [p.id for p in act.provisions if p.kind == "article"] == ["art_1", "art_2"]
    assert act.coverage.lost_chars == 0 and act.coverage.invented_chars == 0


def test_lang_option_without_lexicon_is_kept_and_warned(it_file):
    act = parse_file(it_file, lang="it")
    assert act.meta.language == "it"
    _no_lexicon_warning(act)


def test_cli_prints_the_warning(it_file):
    r = CliRunner().invoke(main, ["parse", str(it_file), "--lang", "it", "--format", "json"])
    assert r.exit_code == 0
    assert "warning: no lexicon for language 'it'" in r.stderr and "English lexicon (en)" in r.stderr
    assert '"language": "it"' in r.stdout


def test_no_lexicon_and_no_known_heading_is_a_clear_error(tmp_path):
    f = tmp_path / "synthetic-widgets.txt"
    f.write_text("Synthetic Act on Widgets\nArticolo 1\nI widget sono sintetici.\n", encoding="utf-8")
    with pytest.raises(NoStructure) as exc:
        parse_file(f, lang="it")
    assert "no lexicon for language 'it'" in exc.value.what and "lexicon/it.toml" in exc.value.todo


def test_matcher_warns_end_to_end(it_file):
    from concordance.match import match_acts
    from concordance.match.concepts import supports

    assert not supports("it")
    national = parse_file(it_file, lang="it")
    result = match_acts(parsed.load("32015R2403"), national, use_embeddings=False)
    lang_warnings = [w for w in result.warnings if "'it'" in w]
    assert lang_warnings, result.warnings
    assert any("has no lexicon" in w or "No concept glossary" in w for w in lang_warnings)
