"""Time the review workbook: export and import of a 500-row workbook.

The acts are PLAINLY synthetic ("Synthetic Reference Act on Widgets", 500 articles, and a national
act of 500 articles) so the figure measures the review step alone, not parsing or matching. An
adviser's edits are simulated on 100 rows (compatibility, retyped citation, comment) before import.

    python benchmarks/review_speed.py [--rows 500]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import openpyxl

from concordance.model import (Act, ActMeta, Candidate, Evidence, MatchResult, MatchRow, Provision,
                               ProvisionClass, RowStatus)
from concordance.review import export_review, import_review
from concordance.review.common import column_key
from concordance.store import Project

WORDS = "widget register keeper licence transfer marking record seller holder synthetic".split()


def synthetic_act(key: str, lang: str, n: int, cite: str) -> Act:
    provs = []
    for i in range(1, n + 1):
        text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(40)) + f" synthetic provision {i}."
        provs.append(Provision(f"art_{i}", "article", str(i), None, text, None, cite.format(i)))
    meta = ActMeta(key=key, title=f"Synthetic Act on Widgets ({key})", language=lang,
                   jurisdiction="INT" if lang == "en" else "ME", kind="treaty" if lang == "en" else "law")
    return Act(meta=meta, provisions=tuple(provs))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=500)
    n = ap.parse_args().rows
    ref = synthetic_act("SYN-REF", "en", n, "Article {}")
    nat = synthetic_act("SYN-NAT", "cnr", n, "član {}")
    rows = tuple(
        MatchRow(p.id, p.citation, ProvisionClass.OBLIGATION, RowStatus.PROPOSED,
                 (Candidate(p.id, f"član {i + 1}", 0.3 + (i % 7) / 10,
                            (Evidence("concepts", "shared synthetic concepts: widget, register", 0.6),
                             Evidence("lexical", "shared words: widget, keeper, licence", 0.4)), "SYN-NAT"),))
        for i, p in enumerate(ref.provisions))
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        with Project.create(d / "bench.concordance") as project:
            project.add_act(ref, "reference")
            project.add_act(nat, "national")
            project.store_match("SYN-REF", "SYN-NAT", MatchResult(ref.meta, nat.meta, rows))
            t0 = time.perf_counter()
            out = export_review(project, d / "review.xlsx")
            t_export = time.perf_counter() - t0

            wb = openpyxl.load_workbook(out)
            ws = wb.worksheets[0]
            col = {column_key(c.value): c.column for c in ws[1] if column_key(c.value)}
            for r in range(2, 2 + min(100, n)):
                ws.cell(r, col["compatibility"]).value = ["full", " Partial ", "none", "not applicable"][r % 4]
                if r % 5 == 0:
                    ws.cell(r, col["national_citation"]).value = f"čl. {r + 3}"
                ws.cell(r, col["comment"]).value = "synthetic review comment"
            edited = d / "edited.xlsx"
            wb.save(edited)

            t0 = time.perf_counter()
            report = import_review(project, edited, "benchmark")
            t_import = time.perf_counter() - t0
            size = out.stat().st_size
    print(f"review workbook: {n} rows, {size} bytes")
    print(f"export: {t_export:.2f} s")
    print(f"import: {t_import:.2f} s ({report.count('changed')} rows changed, {report.count('unchanged')} unchanged)")


if __name__ == "__main__":
    main()
