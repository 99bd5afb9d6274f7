"""Speed and peak memory of the matcher on the bundled texts (figures printed, nothing asserted).

Pairs: the 2005 Macedonian Law on Weapons against the UN Firearms Protocol and against the bundled
Directive 91/477/EEC text (and 2021/555 where its text is bundled). For each pair:
* without embeddings;
* with embeddings, cold (an empty vector cache in a temporary folder);
* with embeddings, warm (the same cache, second run).
Peak memory: tracemalloc's peak of Python allocations during the run, and the process's maximum
resident set size (resource.getrusage), which includes the embedding model.

Usage: python benchmarks/match_speed.py [--no-embeddings]
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

NATIONAL_KEY = "MK-zakon-za-oruzjeto-2005"
REFERENCES = ["UN-firearms-protocol-2001", "31991L0477", "32021L0555"]


def _run(reference, national, **kw) -> tuple[float, float, int]:
    from concordance.match import match_acts

    tracemalloc.start()
    t = time.perf_counter()
    result = match_acts(reference, national, **kw)
    took = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return took, peak / 2**20, len(result.rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args(argv)
    from concordance import acts
    from concordance.match import embedding

    t = time.perf_counter()
    national = acts.load(NATIONAL_KEY)
    print(f"parse {NATIONAL_KEY}: {time.perf_counter() - t:.2f} s ({len(national.provisions)} provisions)")
    use_emb = not args.no_embeddings and embedding.available()
    print(f"{'pair':48} {'mode':18} {'seconds':>8} {'py peak MB':>10} {'rows':>5}")
    for key in REFERENCES:
        try:
            reference = acts.load(key)
        except Exception as exc:  # noqa: BLE001 - a missing bundle is reported, not fatal
            print(f"{key}: not loaded ({exc})")
            continue
        label = f"{key} x {NATIONAL_KEY}"
        took, peak, n = _run(reference, national, use_embeddings=False)
        print(f"{label:48} {'no embeddings':18} {took:8.2f} {peak:10.1f} {n:5}")
        if use_emb:
            with tempfile.TemporaryDirectory() as tmp:
                took, peak, n = _run(reference, national, use_embeddings=True, cache_dir=Path(tmp))
                print(f"{label:48} {'embeddings, cold':18} {took:8.2f} {peak:10.1f} {n:5}")
                took, peak, n = _run(reference, national, use_embeddings=True, cache_dir=Path(tmp))
                print(f"{label:48} {'embeddings, warm':18} {took:8.2f} {peak:10.1f} {n:5}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max resident set size: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
