"""Mapping quality of the matcher against the expert gold in ../shared/dev-gold/ (see its README).

Pairs:
* the 2005 Macedonian Law on Weapons vs the UN Firearms Protocol (gold-MK-UNFP.csv; both complete);
* the same law vs Directive 91/477/EEC on the provisions whose text is bundled
  (gold-MK-zakon-za-oruzjeto-2005.csv; rows whose directive text is not held are skipped and counted).

Measures, at ARTICLE level (national ids reduced to ``art_N``) and at PROVISION level (a candidate
hits when it is a gold national id, lies inside one, or — below article level — contains one):
Hits@1, Hits@3, MRR over the mapped reference rows (gold full/partial; a row the matcher calls a gap
counts as a miss); precision / recall / F1 of "no counterpart" (gold none + not_applicable vs
matcher gap + not_applicable); how well not_applicable is classified; an ablation table (each
signal off); two plain peers on the same rows and units (rapidfuzz alone, embedding alone); a
sweep of the gap threshold; and a cross-fit table: three weights (embedding share, concept term
frequency, concept topic boost) chosen on ONE gold pair and scored on the OTHER, both directions.

Rolling (gold README): a matcher row finer than a gold row counts for the longest gold id that is
its prefix; a coarser one stands for every gold row under it; ``__part_2`` is stripped from annex
ids before comparing.

Usage: python benchmarks/mapping_quality.py [--no-embeddings] [--gold DIR] [--quick]
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = Path(os.environ.get("CONCORDANCE_GOLD", HERE.parent.parent / "shared" / "dev-gold"))
NATIONAL_KEY = "MK-zakon-za-oruzjeto-2005"
PAIRS = [
    ("UN-firearms-protocol-2001", "gold-MK-UNFP.csv", "UNFP:"),
    ("31991L0477", "gold-MK-zakon-za-oruzjeto-2005.csv", "91/477:"),
]
NO_COUNTERPART = ("none", "not_applicable")


# ------------------------------------------------------------------------------------------------
# gold and rolling
# ------------------------------------------------------------------------------------------------
@dataclass
class GoldRow:
    id: str
    national: list[str]
    compatibility: str


def _canon(pid: str) -> str:
    # "_dup2": the parser's id for a second copy of a provision (91/477's file appends the 1991
    # wording of Arts 15-18 after the consolidated text); both copies stand for the same gold row.
    pid = re.sub(r"_dup\d+", "", pid)
    return pid.replace("__part_2__cat_", "__cat_").replace("__part_2__point_B", "__point_B")


def load_gold(path: Path, prefix: str) -> list[GoldRow]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            nat = [x.strip() for x in r["national_provisions"].split(";") if x.strip()]
            rows.append(GoldRow(_canon(r["directive_provision"].removeprefix(prefix)), nat, r["compatibility"]))
    return rows


def _under(pid: str, anc: str) -> bool:
    return pid == anc or pid.startswith(anc + "__")


def roll(pred_id: str, gold_ids: list[str]) -> list[str]:
    """Gold rows a matcher row stands for (README rolling rules)."""
    pid = _canon(pred_id)
    same_or_under = [g for g in gold_ids if _under(g, pid)]   # itself, or the gold rows it covers
    if same_or_under:
        return same_or_under
    finer = [g for g in gold_ids if _under(pid, g)]
    return [max(finer, key=len)] if finer else []


def article(nid: str) -> str:
    return nid.split("__")[0]


# ------------------------------------------------------------------------------------------------
# scoring one result
# ------------------------------------------------------------------------------------------------
@dataclass
class Scores:
    mapped: int = 0
    hits1: float = 0
    hits3: float = 0
    mrr: float = 0
    p_hits1: float = 0
    p_hits3: float = 0
    p_mrr: float = 0
    gap_tp: int = 0
    gap_fp: int = 0
    gap_fn: int = 0
    na_gold: int = 0
    na_hit: int = 0
    na_pred: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def gap_p(self) -> float:
        return self.gap_tp / (self.gap_tp + self.gap_fp) if self.gap_tp + self.gap_fp else 0.0

    @property
    def gap_r(self) -> float:
        return self.gap_tp / (self.gap_tp + self.gap_fn) if self.gap_tp + self.gap_fn else 0.0

    @property
    def gap_f1(self) -> float:
        p, r = self.gap_p, self.gap_r
        return 2 * p * r / (p + r) if p + r else 0.0


def _rank_of_hit(ranked: list[str], ok) -> int:
    for k, c in enumerate(ranked, 1):
        if ok(c):
            return k
    return 0


def _provision_hit(cand: str, gold_nat: list[str]) -> bool:
    for g in gold_nat:
        if _under(cand, g):
            return True
        if "__" in cand and _under(g, cand):
            return True
    return False


def score_rankings(gold: list[GoldRow], ranked_by_row: dict[str, list[str]],
                   status_by_row: dict[str, str] | None = None,
                   class_by_row: dict[str, str] | None = None) -> Scores:
    """``ranked_by_row``: gold row id -> national ids, best first ([] for a gap)."""
    s = Scores()
    for g in gold:
        if g.id not in ranked_by_row:
            s.skipped += 1
            continue
        ranked = ranked_by_row[g.id]
        if g.compatibility not in NO_COUNTERPART:
            s.mapped += 1
            arts, seen = [], set()
            for c in ranked:
                a = article(c)
                if a not in seen:
                    seen.add(a)
                    arts.append(a)
            gold_arts = {article(n) for n in g.national}
            k = _rank_of_hit(arts, lambda a: a in gold_arts)
            s.hits1 += k == 1
            s.hits3 += 0 < k <= 3
            s.mrr += 1 / k if k else 0
            k = _rank_of_hit(ranked, lambda c: _provision_hit(c, g.national))
            s.p_hits1 += k == 1
            s.p_hits3 += 0 < k <= 3
            s.p_mrr += 1 / k if k else 0
        if status_by_row is not None:
            pred_none = status_by_row[g.id] in ("gap", "not_applicable")
            gold_none = g.compatibility in NO_COUNTERPART
            s.gap_tp += pred_none and gold_none
            s.gap_fp += pred_none and not gold_none
            s.gap_fn += gold_none and not pred_none
        if class_by_row is not None:
            s.na_gold += g.compatibility == "not_applicable"
            s.na_pred += class_by_row[g.id] == "non_transposable"
            s.na_hit += g.compatibility == "not_applicable" and class_by_row[g.id] == "non_transposable"
    if s.mapped:
        for f in ("hits1", "hits3", "mrr", "p_hits1", "p_hits3", "p_mrr"):
            setattr(s, f, getattr(s, f) / s.mapped)
    return s


def result_tables(result, gold: list[GoldRow]):
    """Per gold row: ranked national ids, status, class (rolled from the matcher's rows)."""
    gold_ids = [g.id for g in gold]
    ranked: dict[str, list[tuple[float, str]]] = {}
    status: dict[str, str] = {}
    klass: dict[str, str] = {}
    for row in result.rows:
        if row.status.value == "missing_text":
            continue
        for gid in roll(row.directive_provision, gold_ids):
            ranked.setdefault(gid, [])
            ranked[gid] += [(c.score, c.national_provision) for c in row.candidates]
            # a gold row counts as proposed when any matcher row standing for it is
            prev = status.get(gid)
            st = row.status.value
            status[gid] = st if prev is None or prev not in ("proposed",) and st == "proposed" else prev
            klass.setdefault(gid, row.klass.value)
    out = {}
    for gid, pairs in ranked.items():
        best: dict[str, float] = {}
        for sc, nid in pairs:
            best[nid] = max(best.get(nid, 0), sc)
        out[gid] = [n for n, _ in sorted(best.items(), key=lambda kv: -kv[1])]
    return out, status, klass


def peer_rankings(matrix: np.ndarray, rows, nats, gold: list[GoldRow]) -> dict[str, list[str]]:
    """Rank national units for each gold row by a plain score matrix (no gaps: peers always rank)."""
    gold_ids = [g.id for g in gold]
    out: dict[str, list[tuple[float, str]]] = {}
    for i, p in enumerate(rows):
        order = np.argsort(-matrix[i])[:50]
        for gid in roll(p.id, gold_ids):
            out.setdefault(gid, []).extend((float(matrix[i, j]), nats[j].id) for j in order)
    ranked = {}
    for gid, pairs in out.items():
        best: dict[str, float] = {}
        for sc, nid in pairs:
            best[nid] = max(best.get(nid, 0), sc)
        ranked[gid] = [n for n, _ in sorted(best.items(), key=lambda kv: -kv[1])]
    return ranked


# ------------------------------------------------------------------------------------------------
# printing
# ------------------------------------------------------------------------------------------------
def fmt_row(name: str, s: Scores, gap: bool = True) -> str:
    base = (f"{name:28} {s.hits1:6.2f} {s.hits3:6.2f} {s.mrr:6.2f} | {s.p_hits1:6.2f} {s.p_hits3:6.2f} "
            f"{s.p_mrr:6.2f}")
    if gap:
        base += f" | {s.gap_p:5.2f} {s.gap_r:5.2f} {s.gap_f1:5.2f}"
    return base


HEADER = (f"{'':28} {'--- article level ---':>20} | {'--- provision level ---':>20} | {'-- no counterpart --':>17}\n"
          f"{'':28} {'H@1':>6} {'H@3':>6} {'MRR':>6} | {'H@1':>6} {'H@3':>6} {'MRR':>6} | {'P':>5} {'R':>5} {'F1':>5}")


def evaluate_pair(reference, national, gold: list[GoldRow], use_embeddings: bool, quick: bool,
                  cache_dir: Path | None) -> None:
    from concordance.match import SIGNALS, gaps, match_acts, reference_rows
    from concordance.match import lexical
    from concordance.match.units import national_units, reference_units

    t = time.perf_counter()
    result = match_acts(reference, national, use_embeddings=use_embeddings, cache_dir=cache_dir)
    took = time.perf_counter() - t
    ranked, status, klass = result_tables(result, gold)
    main_s = score_rankings(gold, ranked, status, klass)
    held = [g for g in gold if g.id in ranked]
    print(f"\n=== {reference.meta.key} x {national.meta.key}  (embeddings {'on' if use_embeddings else 'off'}, "
          f"{took:.1f} s)")
    print(f"gold rows {len(gold)}; compared {len(held)}; skipped (reference text not held or no matcher row) "
          f"{main_s.skipped}; mapped rows compared {main_s.mapped}; no-counterpart rows compared "
          f"{sum(g.compatibility in NO_COUNTERPART for g in held)}")
    print(HEADER)
    print(fmt_row("concordance", main_s))
    print(f"not_applicable classification: {main_s.na_hit} of {main_s.na_gold} gold not_applicable rows classed "
          f"non_transposable; {main_s.na_pred} rows classed non_transposable in all "
          f"(precision {main_s.na_hit / main_s.na_pred if main_s.na_pred else 0:.2f})")

    # the ranking alone: every transposable row proposed (no gap decision), to separate the two
    saved = gaps.THRESHOLD, gaps.MARGIN, gaps.KEEP
    gaps.THRESHOLD, gaps.MARGIN, gaps.KEEP = -1.0, -1.0, 0.0
    try:
        r = match_acts(reference, national, use_embeddings=use_embeddings, cache_dir=cache_dir)
    finally:
        gaps.THRESHOLD, gaps.MARGIN, gaps.KEEP = saved
    a, _, _ = result_tables(r, gold)
    print(fmt_row("concordance, ranking only", score_rankings(gold, a), gap=False))

    # peers on the same rows and units
    rows = reference_rows(reference)
    refs, nats = reference_units(reference, rows), national_units(national)
    rf = lexical.plain_peer(refs, nats, reference.meta.language, national.meta.language)
    print(fmt_row("peer: rapidfuzz alone", score_rankings(gold, peer_rankings(rf, rows, nats, gold)), gap=False))
    if use_embeddings:
        from concordance.match import embedding
        cos = embedding.cosines(refs, nats, embedding.VectorCache(cache_dir))
        print(fmt_row("peer: embedding alone", score_rankings(gold, peer_rankings(cos, rows, nats, gold)), gap=False))

    if quick:
        return
    print("ablation (each signal off):")
    for sig in SIGNALS:
        if sig == "embedding" and not use_embeddings:
            continue
        r = match_acts(reference, national, disabled={sig}, use_embeddings=use_embeddings, cache_dir=cache_dir)
        a, st, kl = result_tables(r, gold)
        print(fmt_row(f"  without {sig}", score_rankings(gold, a, st, kl)))
    print(f"gap decision sweep; chosen THRESHOLD = {gaps.THRESHOLD}, MARGIN = {gaps.MARGIN}:")
    saved = gaps.THRESHOLD, gaps.MARGIN
    try:
        for th in (0.1, 0.15, 0.2, 0.25, 0.3):
            for mg in (0.0, 0.04, 0.08):
                gaps.THRESHOLD, gaps.MARGIN = th, mg
                r = match_acts(reference, national, use_embeddings=use_embeddings, cache_dir=cache_dir)
                a, st, kl = result_tables(r, gold)
                print(fmt_row(f"  threshold {th:.2f} margin {mg:.2f}", score_rankings(gold, a, st, kl)))
    finally:
        gaps.THRESHOLD, gaps.MARGIN = saved


# ------------------------------------------------------------------------------------------------
# cross-fit: the weights chosen on one gold pair, scored on the other
# ------------------------------------------------------------------------------------------------
GRID = {"embedding": (0.1, 0.2, 0.35, 0.5), "tf_weight": (0.0, 0.5, 1.0), "topic_boost": (1.0, 1.5, 2.0)}


def _set_weights(embedding_w: float, tf_weight: float, topic_boost: float) -> tuple:
    from concordance.match import combine, shared_concepts
    saved = (combine.WEIGHTS["embedding"], shared_concepts.TF_WEIGHT, shared_concepts.TOPIC_BOOST)
    combine.WEIGHTS["embedding"] = embedding_w
    shared_concepts.TF_WEIGHT, shared_concepts.TOPIC_BOOST = tf_weight, topic_boost
    return saved


def cross_fit(pairs: list, national, use_embeddings: bool, cache_dir: Path | None) -> None:
    """Grid over three weights; pick the best by article-level MRR on ONE pair, report the OTHER.

    Prints both directions and the choice by the sum over both pairs (what ``weights.toml`` holds),
    so that nobody has to take on trust that the shipped weights were not fitted to the test rows."""
    from concordance.match import combine, match_acts, shared_concepts
    shipped = (combine.WEIGHTS["embedding"], shared_concepts.TF_WEIGHT, shared_concepts.TOPIC_BOOST)
    emb_values = GRID["embedding"] if use_embeddings else (shipped[0],)
    results: dict[tuple, list[Scores]] = {}
    for combo in [(e, t, b) for e in emb_values for t in GRID["tf_weight"] for b in GRID["topic_boost"]]:
        saved = _set_weights(*combo)
        try:
            results[combo] = []
            for reference, gold in pairs:
                r = match_acts(reference, national, use_embeddings=use_embeddings, cache_dir=cache_dir)
                results[combo].append(score_rankings(gold, *result_tables(r, gold)))
        finally:
            _set_weights(*saved)
    names = [ref.meta.key for ref, _ in pairs]
    print(f"\n=== cross-fit: weights (embedding, concept tf, topic boost) chosen by article-level MRR on one "
          f"pair, scored on the other ({len(results)} grid points; shipped {shipped})")
    print(f"{'chosen on':28} {'weights':>18}   " + "   ".join(f"{n[:26]:>26}" for n in names))
    print(f"{'':28} {'':>18}   " + "   ".join(f"{'H@1   H@3   MRR  gapF1':>26}" for _ in names))

    def line(label: str, combo: tuple) -> None:
        cells = "   ".join(f"{s.hits1:5.2f} {s.hits3:5.2f} {s.mrr:5.2f} {s.gap_f1:5.2f}".rjust(26) for s in results[combo])
        print(f"{label:28} {str(combo):>18}   {cells}")

    for k, n in enumerate(names):
        best = max(results, key=lambda c: (round(results[c][k].mrr, 6), round(results[c][k].hits1, 6)))
        line(n[:28], best)
    both = max(results, key=lambda c: round(sum(s.mrr for s in results[c]), 6))
    line("both (sum of MRR)", both)
    if shipped in results:
        line("shipped (weights.toml)", shipped)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--quick", action="store_true", help="skip the ablation table and the sweep")
    ap.add_argument("--cache-dir", type=Path, default=None)
    args = ap.parse_args(argv)
    from concordance import acts
    from concordance.match import embedding

    use_emb = not args.no_embeddings and embedding.available()
    national = acts.load(NATIONAL_KEY)
    pairs = []
    for ref_key, gold_file, prefix in PAIRS:
        gold = load_gold(args.gold / gold_file, prefix)
        reference = acts.load(ref_key)
        pairs.append((reference, gold))
        evaluate_pair(reference, national, gold, use_emb, args.quick, args.cache_dir)
    if not args.quick:
        cross_fit(pairs, national, use_emb, args.cache_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
