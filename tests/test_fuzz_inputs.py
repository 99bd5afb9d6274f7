"""The fuzz suite that stays: every reader and ``review import`` get mutated real files (seeded, so a
failure reproduces) and must give a parsed act or a clean InputError, within a few seconds and a
few hundred MB per input. ``benchmarks/fuzz_readers.py`` is the same engine at 10,000 inputs per
format; here a few hundred per format keep CI well under a minute in all.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import fuzz_readers  # noqa: E402

# Inputs per format in CI: the slow formats (a PDF page, a docx package, a workbook) get fewer.
PER_FORMAT = {"text": 150, "markdown": 150, "docx": 120, "html": 150, "formex": 200, "akn": 200,
              "riigiteataja": 200, "pdf": 100, "review": 100}


@pytest.mark.parametrize("fmt", fuzz_readers.FORMATS)
def test_mutated_real_files_are_parsed_or_refused_cleanly(fmt):
    # Bounds are loose for shared CI machines; a regression (a quadratic pattern, an unbounded
    # package) costs minutes or gigabytes, far past them.
    tally = fuzz_readers.fuzz(fmt, PER_FORMAT[fmt], seed=2026, huge=50_000, slow_seconds=5.0, max_mb=300.0)
    assert tally.tried == PER_FORMAT[fmt]
    assert tally.counts["crashed"] == 0 and tally.counts["slow"] == 0, tally.examples[:5]
    # the mutations reach both sides: some inputs are refused, some still parse
    assert tally.counts["refused"] > 0 and tally.counts["accepted"] > 0, tally.counts


def test_a_crash_is_reported_not_hidden(monkeypatch):
    """The harness itself: an exception that is not an InputError counts as a crash."""
    import concordance.parse

    def boom(*a, **k):
        raise ZeroDivisionError("synthetic")

    monkeypatch.setattr(concordance.parse, "parse_file", boom)
    tally = fuzz_readers.fuzz("text", 3, seed=1, huge=1000)
    assert tally.counts["crashed"] == 3 and "ZeroDivisionError" in tally.examples[0][1]
