"""Status and dashboard speed on a PLAINLY synthetic project built through the store.

6 jurisdictions × 3 national acts × 1 reference act of 40 articles × 3 paragraphs (120 ToC rows,
about the size of the Firearms Directive's row list), machine proposals for every pair, decisions
on a third of the rows, snapshot "S1", decisions on half of the rows, snapshot "S2". Then times
(median of --repeat runs):

* ``status.compute``  (reads 18 concordances, combines per jurisdiction, compares with S1/S2),
* ``format_table`` / ``format_csv``,
* ``write_site``      (the whole dashboard: index, gaps, 6 jurisdiction and 18 act pages).

Run (from the repository root, in the project's venv): python benchmarks/status_speed.py [--articles 40] [--repeat 3]
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from concordance import status  # noqa: E402
from concordance.status.dashboard import write_site  # noqa: E402
from concordance.store import Project  # noqa: E402

_spec = importlib.util.spec_from_file_location("status_synthetic", REPO / "tests" / "fixtures" / "status" / "synthetic.py")
syn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(syn)


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jurisdictions", type=int, default=6)
    ap.add_argument("--acts", type=int, default=3, help="national acts per jurisdiction")
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--paragraphs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="status-bench-") as tmp:
        path = Path(tmp) / "bench.concordance"
        t0 = time.perf_counter()
        with Project.create(path) as p:
            syn.build_large(p, args.jurisdictions, args.acts, args.articles, args.paragraphs)
            n1 = syn.decide_large(p, 3)
            status.snapshot(p, "S1", source="synthetic benchmark stage 1")
            n2 = syn.decide_large(p, 2)
            status.snapshot(p, "S2", source="synthetic benchmark stage 2")
        build = time.perf_counter() - t0
        rows = args.articles * args.paragraphs
        print(f"project: {args.jurisdictions} jurisdictions × {args.acts} acts × 1 reference act of {rows} rows, "
              f"2 snapshots, {n1 + n2} decisions recorded (built in {build:.1f} s)")

        with Project.open(path) as p:
            med, best, report = timed(lambda: status.compute(p), args.repeat)
            print(f"status.compute        median {med * 1000:8.1f} ms   best {best * 1000:8.1f} ms   "
                  f"({len(report.entries)} figure rows, {sum(len(e.provisions) for e in report.entries)} "
                  f"provision outcomes)")
        med, best, table = timed(lambda: status.format_table(report), args.repeat)
        print(f"format_table          median {med * 1000:8.1f} ms   best {best * 1000:8.1f} ms")
        med, best, text = timed(lambda: status.format_csv(report), args.repeat)
        print(f"format_csv            median {med * 1000:8.1f} ms   best {best * 1000:8.1f} ms   "
              f"({len(text.splitlines()) - 1} rows)")
        out = Path(tmp) / "site"
        med, best, _ = timed(lambda: write_site(report, out), args.repeat)
        pages = sorted(out.glob("*.html"))
        size = sum(f.stat().st_size for f in pages)
        print(f"write_site            median {med * 1000:8.1f} ms   best {best * 1000:8.1f} ms   "
              f"({len(pages)} pages, {size / 1e6:.1f} MB)")
        with Project.open(path) as p:
            med, best, _ = timed(lambda: status.write_dashboard(p, Path(tmp) / "site2"), args.repeat)
        print(f"status + dashboard    median {med * 1000:8.1f} ms   best {best * 1000:8.1f} ms   "
              f"(what `concordance dashboard` does)")


if __name__ == "__main__":
    main()
