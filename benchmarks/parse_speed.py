"""Time the parser on every bundled act: its main text and every alternate (PDF/XML originals, other
languages, versions), one table row each, then the totals. The "self-cit." column is the
self-citation check (``concordance.parse.selfcite``): how many of the act's citations of its own
provisions resolve to a provision of the parse.

Run:  python benchmarks/parse_speed.py [--repeat N] [--only KEY ...]

Why a script and not a test: speed is measured, not asserted (the machine is shared). Each file is
parsed ``--repeat`` times in this process with the acts cache bypassed; the best time is shown, so
that one-off costs (imports, lexicon loading) show up only in the first row of the "cold" column.
A file the tool refuses on purpose (the old binary .doc) is listed with the error it gives.
"""
from __future__ import annotations

import argparse
import sys
import time

from concordance.catalogue import acts
from concordance.errors import InputError


def _parse(entry: acts.BundledAct):
    from concordance.parse import parse_file

    return parse_file(entry.path, meta=entry.meta)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="parses per file; the best is reported (default 3)")
    ap.add_argument("--only", nargs="*", default=None, help="act keys (or key@alternate) to time")
    args = ap.parse_args(argv)
    try:
        from concordance.parse import parse_file  # noqa: F401
    except ImportError as exc:
        print(f"the parser is not available yet: {exc}", file=sys.stderr)
        return 2

    entries = acts.bundled(include_alternates=True)
    if args.only:
        wanted = {k.casefold() for k in args.only}
        entries = [e for e in entries if e.key.casefold() in wanted or e.act_key.casefold() in wanted]

    from concordance.parse.selfcite import check as check_self_citations

    header = (f"{'act':34} {'format':8} {'KiB':>6} {'articles':>8} {'provisions':>10} {'lost':>5} "
              f"{'self-cit.':>15} {'cold s':>7} {'best s':>7}  note")
    print(header)
    print("-" * len(header))
    total_best = total_cold = 0.0
    total_kib = 0.0
    parsed = refused = not_held = 0
    for e in entries:
        if e.path is None:      # known by its metadata only (its text may not be copied)
            not_held += 1
            print(f"{e.key:34} {'-':8} {'-':>6} {'-':>8} {'-':>10} {'-':>5} {'-':>15} {'-':>7} {'-':>7}  text not held")
            continue
        kib = e.path.stat().st_size / 1024
        times: list[float] = []
        act = None
        note = ""
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            try:
                act = _parse(e)
            except InputError as err:
                note = f"refused: {err.what}"
                act = None
                break
            times.append(time.perf_counter() - t0)
        if act is None:
            refused += 1
            print(f"{e.key:34} {e.format:8} {kib:6.0f} {'-':>8} {'-':>10} {'-':>5} {'-':>15} {'-':>7} {'-':>7}  "
                  f"{note[:70]}")
            continue
        parsed += 1
        cold, best = times[0], min(times)
        total_cold += cold
        total_best += best
        total_kib += kib
        lost = act.coverage.lost_chars if act.coverage else "?"
        if not act.meta.complete:
            note = "incomplete text (see act.toml missing)"
        if act.warnings:
            note = (note + "; " if note else "") + f"{len(act.warnings)} warning(s)"
        cites = check_self_citations(act)
        shown = f"{cites.resolved}/{cites.found} {cites.share:.1%}" if cites.found else "none"
        print(f"{e.key:34} {e.format:8} {kib:6.0f} {len(act.of_kind('article')):8d} {len(act.provisions):10d} "
              f"{lost!s:>5} {shown:>15} {cold:7.3f} {best:7.3f}  {note}")
    print("-" * len(header))
    rate = total_kib / total_best if total_best else 0.0
    print(f"{'total':34} {'':8} {total_kib:6.0f} {'':8} {'':10} {'':5} {'':15} {total_cold:7.3f} {total_best:7.3f}  "
          f"{parsed} parsed, {refused} refused, {not_held} not held; {rate:.0f} KiB/s (best)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
