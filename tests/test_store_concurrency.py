"""Real concurrency on both engines: imports in separate processes at the same moment.

Two copies of one export edit the same row differently; whatever order the database lets them
in, exactly one is applied and every other one is reported as a conflict (none lost, none
applied twice), and rows only one copy touched are all applied. Synthetic widget acts.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "store"))
pytest_plugins = ["store_targets"]  # store_target, pg_target: a new project on each engine

from concurrent_import import import_at_once  # noqa: E402
from review_edits import edit_rows  # noqa: E402
from store_synthetic import matched_project, national_act, reference_act  # noqa: E402

from concordance.review import export_review  # noqa: E402
from concordance.store import Project  # noqa: E402

VALUES = ["full", "partial", "none", "not_applicable"]  # as typed (the English labels' words)


@pytest.mark.parametrize("n", [2, 4])
def test_simultaneous_imports_lose_nothing(store_target, tmp_path, n):
    with matched_project(store_target) as p:
        out = export_review(p, tmp_path / "review.xlsx")
    # every copy grades R00001 differently (a conflict between them); copy i alone comments on
    # R0000(2+i) where there is such a row (no conflict: must be applied)
    books = []
    for i in range(n):
        edits = {"R00001": {"compatibility": VALUES[i]}}
        if i < 3:
            edits[f"R0000{2 + i}"] = {"comment": f"synthetic note {i}"}
        edits["R00001"]["compatibility"] = VALUES[i].replace("_", " ")
        books.append(str(edit_rows(out, tmp_path / f"copy{i}.xlsx", edits)))
    got = import_at_once(store_target, books, "Ana")  # the same name for all: no excuse
    first_row = [dict(outcomes)["R00001"] for outcomes in got.values()]
    assert sorted(first_row) == ["changed"] + ["conflict"] * (n - 1)
    winner = next(wb for wb, outcomes in got.items() if dict(outcomes)["R00001"] == "changed")
    with Project.open(store_target) as p:
        d = p.decision("SYN-REF", "art_1", "SYN-NAT")
        assert d.compatibility.value == VALUES[books.index(winner)] and d.source_file == winner
        assert d.row_version == 1
        applied = p.events(action="review_import", object="SYN-REF:art_1 -> SYN-NAT")
        assert len(applied) == 1
        conflicts = p.events(action="conflict", object="SYN-REF:art_1 -> SYN-NAT")
        assert len(conflicts) == n - 1
        assert {c.new["compatibility"] for c in conflicts} == {VALUES[i] for i in range(n)} - {d.compatibility.value}
        notes = {(x.reference_provision, x.comment) for x in p.decisions() if x.comment}
        assert len(notes) == min(n, 3)
        # one per row applied (R00001 once, each note), plus one per import
        assert len(p.events(action="review_import")) == 1 + min(n, 3) + n


@pytest.mark.parametrize("existing", [False, True], ids=["new-row", "changed-row"])
@pytest.mark.parametrize("row_lock", [True, False], ids=["row-lock", "compare-and-set-alone"])
def test_a_second_writer_waits_then_gets_a_conflict(store_target, row_lock, existing):
    """Deterministic interleaving: while one connection has written a row in a transaction not yet
    committed, another writing the same row from the same starting point waits, then gets a
    ConflictError; nothing is overwritten. Without the row lock, the compare-and-set write alone
    still refuses (PostgreSQL re-checks ``row_version`` once the first transaction commits)."""
    import threading
    import time

    from concordance.model import Compatibility
    from concordance.store import ConflictError

    key = ("SYN-REF", "art_1", "SYN-NAT")
    with Project.create(store_target) as p:
        p.add_act(reference_act(), "reference")
        p.add_act(national_act(), "national")
        if existing:
            p.set_decision(*key, national_provisions=["art_1"], compatibility=Compatibility.PARTIAL, reviewer="Cem")
    start = 1 if existing else 0
    first = Project.open(store_target)
    outcome: list[object] = []
    ready = threading.Event()

    def other_adviser() -> None:  # its own connection, opened in its own thread
        with Project.open(store_target) as second:
            if not row_lock:
                second._conn.lock_keys = lambda keys: None  # only the compare-and-set is left
            second.hashes("SYN-REF"), second.hashes("SYN-NAT")
            ready.set()
            try:
                outcome.append(second.set_decision(*key, national_provisions=["art_1"],
                                                   compatibility=Compatibility.NONE, reviewer="Bo",
                                                   expected_row_version=start))
            except ConflictError as exc:
                outcome.append(exc)
    try:
        with first.transaction():
            first.set_decision(*key, national_provisions=["art_1"], compatibility=Compatibility.FULL,
                               reviewer="Ana", expected_row_version=start)
            thread = threading.Thread(target=other_adviser)
            thread.start()
            assert ready.wait(timeout=60)
            time.sleep(0.5)
            assert thread.is_alive() and not outcome  # waiting for the first transaction
        thread.join(timeout=60)
        assert len(outcome) == 1 and isinstance(outcome[0], ConflictError), outcome
        d = first.decision(*key)
        assert d.compatibility is Compatibility.FULL and d.reviewer == "Ana" and d.row_version == start + 1
        assert [e.who for e in first.events(object="SYN-REF:art_1 -> SYN-NAT")] == ["Cem"] * start + ["Ana"]
    finally:
        first.close()
