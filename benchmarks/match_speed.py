"""Speed and peak memory of the matcher on the bundled texts (figures printed, nothing asserted).

Pairs: the 2005 Macedonian Law on Weapons against the UN Firearms Protocol and the deactivation
regulation 2015/2403 (reference acts whose text is bundled). For each pair:
* without embeddings (the first pair also pays the one-time loading of the lemmatiser
  dictionaries and the concept glossary; "again" is the same call repeated);
* with embeddings, cold (an empty vector cache in a temporary folder);
* with embeddings, warm (the same cache, second run).
Times are wall-clock without tracemalloc (it slows Python several times); peak memory is measured
in a separate run: tracemalloc's peak of Python allocations for one match without embeddings, and
the process's maximum resident set size (resource.getrusage), which includes the embedding model.
The machine's load average is printed, because the figures scale with it on a shared machine.

The main job as a user meets it (``--toc``): ``concordance toc`` on the LARGEST bundled law (most
provisions), in a fresh process, cold (empty cache folder) and warm (the same again), with the
default settings (embeddings off, see concordance/match/weights.toml) and, with ``--toc-embeddings``,
with ``--embeddings`` too; wall-clock seconds and the child process's peak resident memory.

Usage: python benchmarks/match_speed.py [--no-embeddings] [--toc] [--toc-embeddings]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
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


def _largest_law() -> tuple[str, int]:
    from concordance.catalogue import acts, parsed
    sizes = [(len(parsed.load(a.key).provisions), a.key) for a in acts.bundled()
             if a.role == "national" and a.text_held]
    n, key = max(sizes)
    return key, n


def _toc(law: str, out: Path, cache: Path, extra: list[str]) -> tuple[float, float, int]:
    """(seconds, peak resident MB of the child, exit code) of one ``concordance toc`` run."""
    env = dict(os.environ, CONCORDANCE_CACHE=str(cache))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", "from concordance.cli import main; main()", "toc", law, "-o",
                          str(out), *extra],
                         env=env, capture_output=True, text=True)
    took = time.perf_counter() - t
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    if run.returncode:
        print(run.stderr[-2000:])
    return took, peak, run.returncode


def toc_speed(with_embeddings: bool) -> None:
    law, n = _largest_law()
    print(f"\nconcordance toc on the largest bundled law, {law} ({n} provisions); load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    modes = [("default (no embeddings)", [])] + ([("--embeddings", ["--embeddings"])] if with_embeddings else [])
    for name, extra in modes:
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "cache"
            for run in ("cold", "warm"):
                took, peak, rc = _toc(law, Path(tmp) / f"out-{run}", cache, extra)
                print(f"  {name:26} {run:5} {took:7.1f} s   peak {peak:6.0f} MB   exit {rc}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--toc", action="store_true", help="time `concordance toc` on the largest law, cold and warm")
    ap.add_argument("--toc-embeddings", action="store_true", help="... also with --embeddings (slow when cold)")
    args = ap.parse_args(argv)
    if args.toc or args.toc_embeddings:
        toc_speed(args.toc_embeddings)
        return 0
    from concordance.catalogue import parsed
    from concordance.match import embedding

    t = time.perf_counter()
    national = parsed.load(NATIONAL_KEY)
    print(f"parse {NATIONAL_KEY}: {time.perf_counter() - t:.2f} s ({len(national.provisions)} provisions)")
    use_emb = not args.no_embeddings and embedding.available()
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(f"{'pair':56} {'mode':22} {'seconds':>8} {'rows':>5}")
    for key in REFERENCES:
        try:
            reference = parsed.load(key)
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
