"""Time to render a 300-row Table of Concordance in each format and output.

Run:  python benchmarks/render_speed.py [--rows 300] [--repeat 3]

The concordance is PLAINLY synthetic ("Synthetic Directive on Widgets"), with several national
provisions per row and texts of a realistic length, so the figures measure rendering alone
(no parsing, matching or database). Prints the best of --repeat runs per (format, output).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from concordance.model import (ActMeta, Compatibility, Concordance, ConcordanceRow, NationalRef,
                               ProvisionClass, RowStatus)
from concordance.render import FORMATS, render

REF = ActMeta(key="SYN-DIR-WIDGETS", title="Synthetic Directive on Widgets", language="en", celex="3SYNL0001")
NAT = (ActMeta(key="SYN-LAW-A", title="Synthetic Law A on Widgets", language="en", short_title="SLA"),
       ActMeta(key="SYN-LAW-B", title="Synthetic Law B on Widgets", language="en", short_title="SLB"))
CYCLE = [Compatibility.FULL, Compatibility.PARTIAL, None, Compatibility.NONE, None, Compatibility.NOT_APPLICABLE]


def synthetic(n_rows: int) -> Concordance:
    rows = []
    for i in range(n_rows):
        comp = CYCLE[i % len(CYCLE)]
        decided = comp is not None
        refs = tuple(NationalRef(NAT[j % 2].key, f"art_{i + j}", f"Article {i + j}",
                                 f"Synthetic national Article {i + j} on widgets of class {j}. " * 6)
                     for j in range(1 + i % 3)) if comp is not Compatibility.NONE else ()
        rows.append(ConcordanceRow(
            reference_provision=f"art_{i // 4 + 1}__para_{i % 4 + 1}", citation=f"Article {i // 4 + 1}({i % 4 + 1})",
            text=f"Synthetic reference provision {i}: Member States shall regulate widgets. " * 8,
            klass=ProvisionClass.NON_TRANSPOSABLE if comp is Compatibility.NOT_APPLICABLE else ProvisionClass.OBLIGATION,
            status=RowStatus.GAP if comp is Compatibility.NONE else RowStatus.PROPOSED,
            national=refs, compatibility=comp, decided=decided, score=None if decided else 0.61,
            reviewer="Synthetic Reviewer" if decided else "", decided_at="2026-11-01" if decided else ""))
    return Concordance(reference=REF, national=NAT, rows=tuple(rows), generated_at="2026-11-23")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=300)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    conc = synthetic(args.rows)
    print(f"render speed: {args.rows}-row synthetic ToC, best of {args.repeat} (seconds)")
    print(f"{'format':8}{'docx':>8}{'html':>8}{'xlsx':>8}   docx size")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            cells = []
            size = 0
            for as_ in ("docx", "html", "xlsx"):
                best = float("inf")
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    out = render(conc, fmt, as_, Path(tmp) / f"{fmt}.{as_}", {"title": "Synthetic draft"})
                    best = min(best, time.perf_counter() - t0)
                if as_ == "docx":
                    size = out.stat().st_size
                cells.append(best)
            print(f"{fmt:8}" + "".join(f"{c:8.2f}" for c in cells) + f"   {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
