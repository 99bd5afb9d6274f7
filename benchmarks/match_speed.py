"""Speed and peak memory of the matcher on the bundled texts (figures printed, nothing asserted).

Pairs: the 2005 Macedonian Law on Weapons against the UN Firearms Protocol and against the bundled
Directive 91/477/EEC text (and 2021/555 where its text is bundled). For each pair:
* without embeddings (the first pair also pays the one-time loading of the lemmatiser
  dictionaries and the concept glossary; "again" is the same call repeated);
* with embeddings, cold (an empty vector cache in a temporary folder);
* with embeddings, warm (the same cache, second run).
Times are wall-clock without tracemalloc (it slows Python several times); peak memory is measured
in a separate run: tracemalloc's peak of Python allocations for one match without embeddings, and
the process's maximum resident set size (resource.getrusage), which includes the embedding model.
The machine's load average is printed, because the figures scale with it on a shared machine.

Usage: python benchmarks/match_speed.py [--no-embeddings]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

NATIONAL_KEY = "MK-zakon-za-oruzjeto-2005"
REFERENCES = ["UN-firearms-protocol-2001", "32015R2403"]   # reference acts whose text is held


def _run(reference, national, **kw) -> tuple[float, int]:
    from concordance.match import match_acts

    t = time.perf_counter()
    result = match_acts(reference, national, **kw)
    return time.perf_counter() - t, len(result.rows)


def _peak(reference, national) -> float:
    from concordance.match import match_acts

    tracemalloc.start()
    match_acts(reference, national, use_embeddings=False)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


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
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'pair':56} {'mode':22} {'seconds':>8} {'rows':>5}")
    for key in REFERENCES:
        try:
            reference = acts.load(key)
        except Exception as exc:  # noqa: BLE001 - a missing bundle is reported, not fatal
            print(f"{key}: not loaded ({exc})")
            continue
        label = f"{key} x {NATIONAL_KEY}"
        took, n = _run(reference, national, use_embeddings=False)
        print(f"{label:56} {'no embeddings':22} {took:8.2f} {n:5}")
        took, n = _run(reference, national, use_embeddings=False)
        print(f"{label:56} {'no embeddings, again':22} {took:8.2f} {n:5}")
        if use_emb:
            with tempfile.TemporaryDirectory() as tmp:
                took, n = _run(reference, national, use_embeddings=True, cache_dir=Path(tmp))
                print(f"{label:56} {'embeddings, cold':22} {took:8.2f} {n:5}")
                took, n = _run(reference, national, use_embeddings=True, cache_dir=Path(tmp))
                print(f"{label:56} {'embeddings, warm':22} {took:8.2f} {n:5}")
        print(f"{label:56} {'peak Python memory':22} {_peak(reference, national):7.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max resident set size: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
