"""Test-session reporting: say plainly when the shared corpus or dev gold is absent, so that a run on
a machine laid out differently does not silently test less."""
from __future__ import annotations

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
