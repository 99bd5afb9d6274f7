"""Test-session reporting: say plainly when the shared corpus or dev gold is absent, so that a run on
a machine laid out differently does not silently test less. And the project the ToC tests share."""
from __future__ import annotations

from pathlib import Path

import pytest

from concordance.catalogue import parsed
from concordance.store import Project
from shared_data import ENV_VAR, SHARED, absent


def pytest_report_header(config):
    missing = absent()
    if not missing:
        return f"shared data: {SHARED}"
    return (f"shared data ABSENT: {', '.join(missing)} — tests on the corpus and the dev gold will skip "
            f"(put the shared folder beside the repository, or set {ENV_VAR})")


def pytest_terminal_summary(terminalreporter):
    missing = absent()
    if missing:
        terminalreporter.write_line(
            f"NOTE: shared data absent ({', '.join(missing)}); corpus and dev-gold tests were skipped. "
            f"Set {ENV_VAR} or put the shared folder beside the repository.", yellow=True)


@pytest.fixture(scope="session")
def toc_project(tmp_path_factory) -> Path:
    """A project with the bundled MK and ME laws matched (no embeddings) against the UN Firearms
    Protocol and Regulation 2018/337 (held without its annexes). Read it; copy it to change it."""
    path = tmp_path_factory.mktemp("toc") / "project.sqlite"
    with Project.create(path) as p:
        for key in ("MK-zakon-za-oruzjeto-2005", "ME-zakon-o-oruzju-2015"):
            p.add_act(parsed.load(key), "national")
        for key in ("32018R0337", "UN-firearms-protocol-2001"):
            p.add_act(parsed.load(key), "reference")
        p.run_match(use_embeddings=False)
    return path
