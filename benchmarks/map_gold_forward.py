"""Map the provision ids the dev-gold files cite forward, from the parser of a git ref (before) to
the parser of this working tree (after); write one CSV per gold file.

Run:  python benchmarks/map_gold_forward.py [--before main] [--gold ../shared/dev-gold] [--check]

Why: the expert mappings in ``../shared/dev-gold/`` are keyed on the ids ``concordance parse``
gave when they were written. A parser fix that splits an inserted "(1a)" off paragraph 1 or drops
a false point changes some ids; gold rows are never edited by hand, so the old ids are mapped
instead. The script parses each gold file's national act with the ``--before`` ref's code (a
``git archive`` of it in a temporary folder) and with this tree's code, then matches every cited
id that no longer exists to the provision of the new parse with the same text (same kind first,
then the nearest by document position); an id whose text is gone is written with an empty
``new_id`` and reported. ``benchmarks/gold_id_maps/<GOLD-FILE-STEM>.csv`` (columns old_id,new_id)
lists only ids that changed; an empty map means every cited id is unchanged.
``benchmarks/gold_ids.py`` reads the maps (``forward(stem, id)``).

``--check`` writes nothing and exits 1 when a written map differs from what the parsers give now.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAPS = Path(__file__).resolve().parent / "gold_id_maps"
# gold file name -> the bundled national act whose ids it cites (the two-letter jurisdiction)
ACT_OF = {"CZ": "CZ-119-2002", "EE": "EE-relvaseadus-2020", "MK": "MK-zakon-za-oruzjeto-2005",
          "ME": "ME-zakon-o-oruzju-2015", "DE": "DE-waffg-2002"}
_ID = re.compile(r"(?<![\w:])((?:art|annex|chp|part|sec)_[0-9A-Za-z_]+)")


def cited_ids(gold: Path) -> set[str]:
    """The national provision ids a gold file cites (its national columns; reference ids carry a prefix
    such as ``UNFP:`` and are left alone)."""
    out: set[str] = set()
    with gold.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for col in ("national_provisions", "national_provision"):
                out.update(_ID.findall(row.get(col) or ""))
    return out


def parse_with_ref(ref: str, key: str, tmp: Path) -> list[dict]:
    """The provisions of bundled act ``key`` as the parser of git ref ``ref`` gives them."""
    src = tmp / ref.replace("/", "_")
    if not src.exists():
        src.mkdir(parents=True)
        data = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True).stdout
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(src, filter="data")
    code = ("import sys; sys.path.insert(0, sys.argv[1]); from concordance.cli import main; "
            "main(sys.argv[2:], prog_name='concordance')")
    out = subprocess.run([sys.executable, "-c", code, str(src), "parse", key, "--format", "json"], cwd=src,
                         check=True, capture_output=True, env={"CONCORDANCE_DATA": str(src), "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout)["provisions"]


def parse_here(key: str) -> list[dict]:
    from concordance.catalogue import acts
    from concordance.parse import parse_file

    entry = acts.find(key)
    act = parse_file(entry.path, meta=entry.meta)
    return [{"id": p.id, "kind": p.kind, "text": p.text, "heading": p.heading} for p in act.provisions]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def id_map(before: list[dict], after: list[dict], wanted: set[str]) -> dict[str, str]:
    """old id -> new id for every wanted id that the new parse no longer has ("" when its text is gone)."""
    now = {p["id"] for p in after}
    pos_after = {p["id"]: k for k, p in enumerate(after)}
    by_text: dict[str, list[dict]] = {}
    for p in after:
        by_text.setdefault(_norm(p["text"]) or _norm(p["heading"]), []).append(p)
    out: dict[str, str] = {}
    for k, p in enumerate(before):
        if p["id"] not in wanted or p["id"] in now:
            continue
        same = [q for q in by_text.get(_norm(p["text"]) or _norm(p["heading"]), []) if _norm(p["text"] or p["heading"])]
        same.sort(key=lambda q: (q["kind"] != p["kind"], abs(pos_after[q["id"]] - k)))
        out[p["id"]] = same[0]["id"] if same else ""
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", default="main", help="git ref whose parser gave the gold ids (default main)")
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "dev-gold")
    ap.add_argument("--check", action="store_true", help="compare with the written maps; write nothing")
    args = ap.parse_args(argv)
    golds = sorted(args.gold.glob("gold-*.csv"))
    if not golds:
        print(f"no gold files in {args.gold}", file=sys.stderr)
        return 2
    differs = False
    with tempfile.TemporaryDirectory() as d:
        parsed: dict[str, tuple[list[dict], list[dict]]] = {}
        for gold in golds:
            jur = gold.stem.split("-")[1]
            key = ACT_OF.get(jur)
            if key is None:
                print(f"{gold.name}: no bundled act for '{jur}', skipped")
                continue
            if key not in parsed:
                parsed[key] = (parse_with_ref(args.before, key, Path(d)), parse_here(key))
            before, after = parsed[key]
            wanted = cited_ids(gold)
            mapping = id_map(before, after, wanted)
            unknown = sorted(wanted - {p["id"] for p in before})
            lost = sorted(o for o, n in mapping.items() if not n)
            print(f"{gold.name:40} cites {len(wanted):4} ids; changed {len(mapping):3}; text gone {len(lost)}"
                  + (f"; not in the {args.before} parse either: {', '.join(unknown[:5])}" if unknown else ""))
            for old, new in sorted(mapping.items()):
                print(f"    {old} -> {new or '(text gone)'}")
            rows = "old_id,new_id\n" + "".join(f"{o},{n}\n" for o, n in sorted(mapping.items()))
            target = MAPS / f"{gold.stem}.csv"
            if args.check:
                if not target.exists() or target.read_text(encoding="utf-8") != rows:
                    print(f"    differs from {target.relative_to(ROOT)}")
                    differs = True
            else:
                MAPS.mkdir(exist_ok=True)
                target.write_text(rows, encoding="utf-8")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main())
