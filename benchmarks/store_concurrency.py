"""Concurrent review imports into one project, on SQLite and on PostgreSQL: speed, and proof by
counts that no decision was lost or applied twice and every conflicting edit was reported.

Real data: the UN Firearms Protocol (reference) against Montenegro's Zakon o oružju, matched
without embeddings, exported once as a review workbook. N copies of that one export (N = 2, 4, 8)
are edited as N advisers would: each grades its own rows (a disjoint share of the workbook) and
all of them grade the same few "contested" rows, each differently. The N imports run in N
processes released together by a barrier, all under the SAME reviewer name (the name must not
matter). On PostgreSQL a matcher process (storing new proposal runs) and a status reader run
meanwhile, as a ministry reading status while advisers import would.

Checked with counts after each round: every own row holds its workbook's value at row version 1
(not lost, not applied twice); each contested row was applied by exactly one import, which is
the value stored, and reported as a conflict by each of the N-1 others (in the reports and in the
event log); one review_import event per applied row.

    python benchmarks/store_concurrency.py [--n 2 4 8] [--pg postgresql://USER@HOST:PORT/DB] [--repeat 1]

The PostgreSQL URL defaults to $CONCORDANCE_TEST_PG (``bash .ci/pg-throwaway start DIR`` starts a
throwaway server); each round uses a new schema in that database, dropped afterwards. Without a
URL only SQLite is measured (and that is said).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import openpyxl

from concordance.review import export_review, import_review
from concordance.review.common import column_key
from concordance.store import Project

REFERENCE = "UN-firearms-protocol-2001"
NATIONAL = "ME-zakon-o-oruzju-2015"
CONTESTED = 3
GRADES = ["full", "partial", "none", "not applicable"]
COMMENT = "benchmark adviser {i}: synthetic review note"


# ------------------------------------------------------------------------------------------------
# workers (separate processes, each with its own connection)
# ------------------------------------------------------------------------------------------------
def _importer(target: str, workbook: str, barrier: Any, results: Any) -> None:
    try:
        with Project.open(target) as p:
            barrier.wait(timeout=120)
            t0 = time.time()
            rep = import_review(p, workbook, "Adviser", snapshot=True)
            t1 = time.time()
        results.put(("import", workbook, t0, t1, [(o.row_id, o.action) for o in rep.outcomes], ""))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        results.put(("import", workbook, 0.0, 0.0, [], f"{type(exc).__name__}: {exc}"))


def _side(kind: str, target: str, barrier: Any, stop: Any, results: Any) -> None:
    """Traffic beside the imports until told to stop: new proposal runs ("match"), or status
    reports computed from the project ("read"), as a ministry reading status would."""
    from concordance import status

    done = 0
    try:
        with Project.open(target) as p:
            barrier.wait(timeout=120)
            while not stop.is_set():
                if kind == "match":
                    p.run_match(REFERENCE, [NATIONAL], use_embeddings=False, who="benchmark matcher")
                else:
                    assert status.compute(p).entries
                done += 1
        results.put((kind, "", 0.0, 0.0, done, ""))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        results.put((kind, "", 0.0, 0.0, done, f"{type(exc).__name__}: {exc}"))


# ------------------------------------------------------------------------------------------------
# one round
# ------------------------------------------------------------------------------------------------
def _prepare(target: str, folder: Path) -> tuple[Path, list[str]]:
    """The project with both acts matched, and its one review export; returns it and its row ids."""
    with Project.create(target) as p:
        from concordance.catalogue import parsed

        p.add_act(parsed.load(REFERENCE), "reference")
        p.add_act(parsed.load(NATIONAL), "national")
        p.run_match(use_embeddings=False)
        out = export_review(p, folder / "export.xlsx")
    wb = openpyxl.load_workbook(out, read_only=True)
    ws = wb.worksheets[0]
    header = [column_key(c) for c in next(ws.iter_rows(min_row=1, max_row=1, values_only=True))]
    rid_col = header.index("row_id")
    ids = [r[rid_col] for r in ws.iter_rows(min_row=2, values_only=True) if r and r[rid_col]]
    wb.close()
    return out, ids


def _copies(export: Path, ids: list[str], n: int, folder: Path) -> tuple[list[str], dict[str, list[str]]]:
    """N edited copies of the one export: copy i grades the contested rows with GRADES[i % 4]
    (copies disagree) and its own share of the other rows; returns the files and own rows."""
    contested, rest = ids[:CONTESTED], ids[CONTESTED:]
    own = {i: rest[i::n] for i in range(n)}
    files, owned = [], {}
    for i in range(n):
        wb = openpyxl.load_workbook(export)
        ws = wb.worksheets[0]
        cols = {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}
        rows = {ws.cell(r, cols["row_id"]).value: r for r in range(2, ws.max_row + 1)}
        for rid in contested:
            ws.cell(rows[rid], cols["compatibility"]).value = GRADES[i % len(GRADES)]
            ws.cell(rows[rid], cols["comment"]).value = COMMENT.format(i=i)
        for rid in own[i]:
            ws.cell(rows[rid], cols["compatibility"]).value = GRADES[(i + 1) % len(GRADES)]
            ws.cell(rows[rid], cols["comment"]).value = COMMENT.format(i=i)
        path = folder / f"adviser-{i}.xlsx"
        wb.save(path)
        files.append(str(path))
        owned[str(path)] = own[i]
    return files, owned


def _round(target: str, n: int, folder: Path, side_traffic: bool) -> dict[str, Any]:
    export, ids = _prepare(target, folder)
    files, owned = _copies(export, ids, n, folder)
    ctx = mp.get_context("spawn")
    extra = 2 if side_traffic else 0
    barrier, stop, results = ctx.Barrier(n + extra), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_importer, args=(target, f, barrier, results)) for f in files]
    if side_traffic:
        procs += [ctx.Process(target=_side, args=(kind, target, barrier, stop, results))
                  for kind in ("match", "read")]
    for proc in procs:
        proc.start()
    got = []
    for _ in range(n):
        got.append(results.get(timeout=600))
    stop.set()
    side = [results.get(timeout=600) for _ in range(extra)]
    for proc in procs:
        proc.join(timeout=120)
    errors = [f"{g[0]} {g[1]}: {g[5]}" for g in got + side if g[5]]
    if errors:
        raise SystemExit("FAILED: " + "; ".join(errors))
    wall = max(g[3] for g in got) - min(g[2] for g in got)
    return {"wall": wall, "imports": {g[1]: dict(g[4]) for g in got}, "owned": owned, "files": files,
            "ids": ids, "side": {s[0]: s[4] for s in side}}


def _check(target: str, n: int, r: dict[str, Any]) -> dict[str, int]:
    """The counts that prove nothing was lost or duplicated and every conflict was reported."""
    contested = r["ids"][:CONTESTED]
    with Project.open(target) as p:
        export = p.export(p.events(action="export")[0].object)
        decisions = {(d.reference_key, d.reference_provision, d.national_key): d for d in p.decisions()}
        by_rid = {rid: decisions.get((m["reference_key"], m["reference_provision"], m["national_key"]))
                   for rid, m in export.rows.items()}
        events = p.events()
    lost = duplicated = 0
    # own rows: the copy's value, applied once
    for i, f in enumerate(r["files"]):
        for rid in r["owned"][f]:
            d = by_rid[rid]
            if d is None or r["imports"][f].get(rid) != "changed" or d.comment != COMMENT.format(i=i):
                lost += 1
            elif d.row_version != 1:
                duplicated += 1
    # contested rows: one winner (stored), the others reported
    reported = unreported = 0
    for rid in contested:
        winners = [f for f in r["files"] if r["imports"][f].get(rid) == "changed"]
        losers = [f for f in r["files"] if r["imports"][f].get(rid) == "conflict"]
        d = by_rid[rid]
        if len(winners) != 1 or d is None:
            lost += 1
            continue
        if d.row_version != 1:
            duplicated += 1
        if d.comment != COMMENT.format(i=r["files"].index(winners[0])) or d.source_file != winners[0]:
            lost += 1
        reported += len(losers)
        unreported += n - 1 - len(losers)
    applied_events = sum(1 for e in events if e.action == "review_import" and " -> " in e.object)
    conflict_events = sum(1 for e in events if e.action == "conflict")
    applied_rows = sum(1 for d in decisions.values())
    expected_rows = len(r["ids"])
    if applied_events != applied_rows:
        duplicated += abs(applied_events - applied_rows)
    if conflict_events != CONTESTED * (n - 1):
        unreported += abs(CONTESTED * (n - 1) - conflict_events)
    assert lost == 0, f"{lost} decision(s) lost"
    assert duplicated == 0, f"{duplicated} decision(s) applied twice"
    assert unreported == 0, f"{unreported} conflicting edit(s) not reported"
    assert applied_rows == expected_rows, f"{applied_rows} decisions for {expected_rows} rows"
    return {"rows": expected_rows, "decisions": applied_rows, "conflicts_reported": reported,
            "conflict_events": conflict_events, "lost": lost, "duplicated": duplicated,
            "unreported": unreported}


# ------------------------------------------------------------------------------------------------
# targets
# ------------------------------------------------------------------------------------------------
class _PgSchema:
    """A new schema in the benchmark database for one round (dropped afterwards)."""

    def __init__(self, base: str) -> None:
        self.base, self.schema = base, "bench_" + uuid.uuid4().hex[:12]

    def __enter__(self) -> str:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as c:
            c.execute(f"CREATE SCHEMA {self.schema}")
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options={quote(f'-csearch_path={self.schema}')}"

    def __exit__(self, *exc: object) -> None:
        import psycopg

        with psycopg.connect(self.base, autocommit=True) as c:
            c.execute(f"DROP SCHEMA {self.schema} CASCADE")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs="+", default=[2, 4, 8])
    ap.add_argument("--pg", default=os.environ.get("CONCORDANCE_TEST_PG", ""))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    # PostgreSQL twice: imports alone (as SQLite), and with a matcher and a status reader meanwhile
    engines = ["sqlite"] + (["postgresql", "postgresql+"] if args.pg else [])
    if not args.pg:
        print("no PostgreSQL URL (--pg or $CONCORDANCE_TEST_PG): SQLite only", file=sys.stderr)
    print(f"{REFERENCE} x {NATIONAL}, {CONTESTED} contested rows, same reviewer name for all imports")
    print("postgresql+ = with a matcher and a status reader running meanwhile")
    print(f"{'engine':11} {'N':>2} {'rows':>4} {'imports/s':>9} {'wall s':>7} {'lost':>4} {'dup':>3} "
          f"{'conflicts reported/expected':>27} {'side traffic meanwhile':>24}")
    for engine in engines:
        for n in args.n:
            rates, walls, last = [], [], None
            for _ in range(args.repeat):
                with tempfile.TemporaryDirectory() as d:
                    folder = Path(d)
                    if engine == "sqlite":
                        target = str(folder / "bench.concordance")
                        r = _round(target, n, folder, side_traffic=False)
                        counts = _check(target, n, r)
                    else:
                        with _PgSchema(args.pg) as target:
                            r = _round(target, n, folder, side_traffic=engine.endswith("+"))
                            counts = _check(target, n, r)
                walls.append(r["wall"])
                rates.append(n / r["wall"])
                last = (r, counts)
            r, counts = last
            side = (f"{r['side'].get('match', 0)} matches, {r['side'].get('read', 0)} status reads"
                    if r["side"] else "-")
            print(f"{engine:11} {n:>2} {counts['rows']:>4} {statistics.median(rates):>9.2f} "
                  f"{statistics.median(walls):>7.2f} {counts['lost']:>4} {counts['duplicated']:>3} "
                  f"{counts['conflicts_reported']:>13}/{CONTESTED * (n - 1):<13} {side:>24}", flush=True)
    print("OK: no decision lost or applied twice; every conflicting edit reported (in the reports and the log)")


if __name__ == "__main__":
    main()
