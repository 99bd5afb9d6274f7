"""Mapping quality of the matcher against the experts' gold, LEAVE ONE LAW OUT.

Every value chosen by looking at results is chosen here without the law it is scored on: for each
dev law, the similarity weights, the level at which a candidate is shown and the gap model's
coefficients are chosen on the OTHER dev laws, then the law is scored. The printed figures are
those. (What ships in ``weights.toml`` and ``gap_model.toml`` is the same choice made on all dev
laws together: ``--fit`` prints it and writes the gap model.)

Dev laws (gold in ../shared/dev-gold/, see its README), all against the UN Firearms Protocol:
North Macedonia 2005 (gold-MK-UNFP.csv), Estonia, Relvaseadus (gold-EE-UNFP.csv), Czech Republic,
119/2002 (gold-CZ-UNFP.csv). A further pair can be given: ``--reference-file F --gold-file G
--prefix 91/477: --law KEY`` (for example the MK x 91/477 gold with your own 91/477 text; the
directive's text is not bundled). It is scored with the values chosen on the dev laws.

Per law and as the mean:
* article level (national ids reduced to ``art_N``) and provision level (a candidate hits when it is
  a gold national id, lies inside one, or contains one below article level): Hits@1, Hits@3, MRR
  over the gold rows with a counterpart (full / partial); a row called a gap counts as a miss;
* gaps: precision, recall, F1 of status ``gap`` against gold ``none`` (a rule that must be
  transposed and the law does not carry), over the rows gold grades full / partial / none;
  ``not_applicable`` is a different finding and is scored apart: the share of gold not_applicable
  rows the matcher classes non-transposable;
* the share of uncertain rows (``review``);
* two plain peers on the same rows and units: rapidfuzz alone, the e5 embedding alone;
* calibration: the leave-one-law-out likelihoods in bins, and the share of rows in each bin that
  the experts found transposed;
* glossary reach: the share of each law's units (articles, paragraphs, points) naming at least one
  glossary concept.

Usage: python benchmarks/mapping_quality.py [--embeddings] [--gold DIR] [--fit] [--cache-dir D]
"""
from __future__ import annotations

import argparse
import csv
import itertools
import os
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
DEFAULT_GOLD = Path(os.environ.get("CONCORDANCE_GOLD", HERE.parent.parent / "shared" / "dev-gold"))
REFERENCE_KEY = "UN-firearms-protocol-2001"
DEV_LAWS = [("MK-zakon-za-oruzjeto-2005", "gold-MK-UNFP.csv"),
            ("EE-relvaseadus-2020", "gold-EE-UNFP.csv"),
            ("CZ-119-2002", "gold-CZ-UNFP.csv")]
PREFIX = "UNFP:"
TRANSPOSED = ("full", "partial")

# The values chosen by looking at results (each from this grid, on the laws not scored).
GRID = {
    "embedding": (0.1, 0.25, 0.4),
    "lexical": (0.1, 0.2, 0.35),
    "topic": (0.0, 0.3, 0.6, 1.0),
    "show_part_from": (0.0, 0.8, 1.0),
}
GAP_BELOW = (0.15, 0.25, 0.35, 0.45, 0.55)   # the gap threshold on the likelihood, chosen like the rest
REVIEW_BAND = 0.15                     # propose_from = gap_below + this (principle: an uncertain band)


# ------------------------------------------------------------------------------------------------
# gold and rolling
# ------------------------------------------------------------------------------------------------
@dataclass
class GoldRow:
    id: str
    national: list[str]
    compatibility: str


def _canon(pid: str) -> str:
    pid = re.sub(r"_dup\d+", "", pid)
    return pid.replace("__part_2__cat_", "__cat_").replace("__part_2__point_B", "__point_B")


def _forward(stem: str):
    """Map gold ids forward when a parser change renumbered provisions (benchmarks/gold_ids.py,
    written by benchmarks/map_gold_forward.py); identity when there is no map."""
    try:
        from gold_ids import forward
    except ImportError:
        return lambda pid: pid
    return lambda pid: forward(stem, pid)


def load_gold(path: Path, prefix: str) -> list[GoldRow]:
    fwd = _forward(path.stem)
    rows = []
    with path.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            nat = [fwd(x.strip()) for x in r["national_provisions"].split(";") if x.strip()]
            rows.append(GoldRow(_canon(r["directive_provision"].removeprefix(prefix)), nat, r["compatibility"]))
    return rows


def _under(pid: str, anc: str) -> bool:
    return pid == anc or pid.startswith(anc + "__")


def roll(pred_id: str, gold_ids: list[str]) -> list[str]:
    """Gold rows a matcher row stands for: itself or the gold rows under it, else the longest gold
    row it lies under."""
    pid = _canon(pred_id)
    same_or_under = [g for g in gold_ids if _under(g, pid)]
    if same_or_under:
        return same_or_under
    finer = [g for g in gold_ids if _under(pid, g)]
    return [max(finer, key=len)] if finer else []


def article(nid: str) -> str:
    return nid.split("__")[0]


# ------------------------------------------------------------------------------------------------
# scoring
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
    gold_none: int = 0
    na_gold: int = 0
    na_hit: int = 0
    review: int = 0
    judged: int = 0
    none_flagged: int = 0     # gold none rows called gap or review (an adviser is told to look)
    failures: list[str] = field(default_factory=list)

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

    @property
    def na_acc(self) -> float:
        return self.na_hit / self.na_gold if self.na_gold else 0.0

    @property
    def review_share(self) -> float:
        return self.review / self.judged if self.judged else 0.0


def _rank_of_hit(ranked: list[str], ok) -> int:
    for k, c in enumerate(ranked, 1):
        if ok(c):
            return k
    return 0


def _provision_hit(cand: str, gold_nat: list[str]) -> bool:
    return any(_under(cand, g) or ("__" in cand and _under(g, cand)) for g in gold_nat)


def result_tables(result, gold: list[GoldRow]):
    """Per gold row: ranked national ids (best first; [] for a gap), status, class."""
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
            prev = status.get(gid)
            st = row.status.value
            status[gid] = st if prev is None or (prev != "proposed" and st == "proposed") else prev
            klass.setdefault(gid, row.klass.value)
    out = {}
    for gid, pairs in ranked.items():
        best: dict[str, float] = {}
        for sc, nid in pairs:
            best[nid] = max(best.get(nid, 0), sc)
        out[gid] = [n for n, _ in sorted(best.items(), key=lambda kv: -kv[1])]
    return out, status, klass


def score(gold: list[GoldRow], ranked: dict[str, list[str]], status: dict[str, str] | None = None,
          klass: dict[str, str] | None = None) -> Scores:
    s = Scores()
    for g in gold:
        if g.id not in ranked:
            continue
        cands = ranked[g.id]
        if g.compatibility in TRANSPOSED:
            s.mapped += 1
            arts = list(dict.fromkeys(article(c) for c in cands))
            gold_arts = {article(n) for n in g.national}
            k = _rank_of_hit(arts, lambda a: a in gold_arts)
            s.hits1 += k == 1
            s.hits3 += 0 < k <= 3
            s.mrr += 1 / k if k else 0
            if k != 1:
                s.failures.append(f"{g.id}: gold {','.join(sorted(gold_arts))}; top {','.join(arts[:3]) or '-'}")
            k = _rank_of_hit(cands, lambda c: _provision_hit(c, g.national))
            s.p_hits1 += k == 1
            s.p_hits3 += 0 < k <= 3
            s.p_mrr += 1 / k if k else 0
        if status is not None and g.compatibility in (*TRANSPOSED, "none"):
            st = status[g.id]
            s.judged += st != "not_applicable"
            s.review += st == "review"
            s.gold_none += g.compatibility == "none"
            s.gap_tp += st == "gap" and g.compatibility == "none"
            s.gap_fp += st == "gap" and g.compatibility != "none"
            s.gap_fn += st != "gap" and g.compatibility == "none"
            s.none_flagged += st in ("gap", "review") and g.compatibility == "none"
        if klass is not None and g.compatibility == "not_applicable":
            s.na_gold += 1
            s.na_hit += klass[g.id] == "non_transposable"
    if s.mapped:
        for f in ("hits1", "hits3", "mrr", "p_hits1", "p_hits3", "p_mrr"):
            setattr(s, f, getattr(s, f) / s.mapped)
    return s


def peer_ranked(matrix: np.ndarray, rows, nats, gold: list[GoldRow]) -> dict[str, list[str]]:
    """Rank national units for each gold row by one plain score matrix (peers never say gap)."""
    gold_ids = [g.id for g in gold]
    out: dict[str, list[tuple[float, str]]] = {}
    for i, p in enumerate(rows):
        for gid in roll(p.id, gold_ids):
            out.setdefault(gid, []).extend((float(matrix[i, j]), nats[j].id) for j in np.argsort(-matrix[i])[:50])
    ranked = {}
    for gid, pairs in out.items():
        best: dict[str, float] = {}
        for sc, nid in pairs:
            best[nid] = max(best.get(nid, 0), sc)
        ranked[gid] = [n for n, _ in sorted(best.items(), key=lambda kv: -kv[1])]
    return ranked


# ------------------------------------------------------------------------------------------------
# one law: prepared once, decided many times
# ------------------------------------------------------------------------------------------------
@dataclass
class Law:
    key: str
    gold: list[GoldRow]
    prep: object
    prepare_s: float


def _choice_values(combo: tuple) -> tuple[dict, float]:
    from concordance.match import combine
    emb, lex, topic, show = combo
    weights = dict(combine.WEIGHTS, embedding=emb, lexical=lex, topic=topic)
    return weights, show


def ranking_only(law: Law, combo: tuple) -> Scores:
    """Scores of the ranking with no row called a gap (separates ranking from the gap decision)."""
    from concordance.match import decide, gap_model
    weights, show = _choice_values(combo)
    never_gap = replace(gap_model.load(), gap_below=-1.0, propose_from=-1.0)
    r = decide(law.prep, weights=weights, model=never_gap, show_part_from=show)
    return score(law.gold, *result_tables(r, law.gold))


def training_rows(law: Law, combo: tuple) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Gap-model features and labels of the law's judged rows (gold full/partial -> 1, none -> 0)."""
    from concordance.match import decide
    weights, show = _choice_values(combo)
    feats: dict[str, np.ndarray] = {}
    decide(law.prep, weights=weights, show_part_from=show, collect=feats)
    gold_ids = [g.id for g in law.gold]
    by_gold: dict[str, np.ndarray] = {}
    for rid, x in feats.items():
        for gid in roll(rid, gold_ids):
            by_gold.setdefault(gid, x)
    xs, ys, ids = [], [], []
    for g in law.gold:
        if g.compatibility in (*TRANSPOSED, "none") and g.id in by_gold:
            xs.append(by_gold[g.id])
            ys.append(1.0 if g.compatibility in TRANSPOSED else 0.0)
            ids.append(g.id)
    return np.array(xs), np.array(ys), ids


def choose_combo(laws: list[Law], cache: dict) -> tuple:
    """The grid point with the best mean of article and provision MRR over ``laws``."""
    def value(combo):
        total = 0.0
        for law in laws:
            key = (law.key, combo)
            if key not in cache:
                cache[key] = ranking_only(law, combo)
            s = cache[key]
            total += s.mrr + s.p_mrr
        return total / len(laws)
    combos = list(itertools.product(*GRID.values()))
    return max(combos, key=lambda c: round(value(c), 9))


def fit_model(laws: list[Law], combo: tuple):
    """The gap model fitted on ``laws``, with the gap threshold that gives them the best sum of
    gap F1 and article MRR."""
    from concordance.match import decide, gap_model
    xs, ys = [], []
    for law in laws:
        x, y, _ = training_rows(law, combo)
        if len(x):
            xs.append(x)
            ys.append(y)
    model = gap_model.with_fit(gap_model.load(), np.vstack(xs), np.concatenate(ys))
    weights, show = _choice_values(combo)

    def value(th: float) -> float:
        # a gap is worth finding, but a row wrongly called a gap loses its right candidate: the
        # threshold is chosen for gap F1 and article MRR together
        m = replace(model, gap_below=th, propose_from=min(th + REVIEW_BAND, 0.99))
        tot = mean([score(law.gold, *result_tables(decide(law.prep, weights=weights, model=m, show_part_from=show),
                                                    law.gold)) for law in laws])
        return tot.gap_f1 + tot.mrr
    th = max(GAP_BELOW, key=lambda t: round(value(t), 9))
    return replace(model, gap_below=th, propose_from=min(th + REVIEW_BAND, 0.99))


CHOSEN_GAP: dict[str, float] = {}


def evaluate(held: Law, train: list[Law], cache: dict) -> tuple[Scores, tuple, list[tuple[float, float]]]:
    """Scores of ``held`` with every value chosen on ``train``; and its (likelihood, label) pairs."""
    from concordance.match import decide
    combo = choose_combo(train, cache)
    model = fit_model(train, combo)
    CHOSEN_GAP[held.key] = model.gap_below
    weights, show = _choice_values(combo)
    result = decide(held.prep, weights=weights, model=model, show_part_from=show)
    s = score(held.gold, *result_tables(result, held.gold))
    x, y, _ = training_rows(held, combo)
    pairs = [(model.likelihood(xi), yi) for xi, yi in zip(x, y)]
    return s, combo, pairs


# ------------------------------------------------------------------------------------------------
# printing
# ------------------------------------------------------------------------------------------------
HEAD = (f"{'':30} {'---- article ----':>20} | {'--- provision ---':>20} | {'---- gaps (gold none) ----':>27} | "
        f"{'NA':>5} {'review':>6} {'none':>8}\n"
        f"{'':30} {'H@1':>6} {'H@3':>6} {'MRR':>6} | {'H@1':>6} {'H@3':>6} {'MRR':>6} | "
        f"{'P':>5} {'R':>5} {'F1':>5} {'found':>9} | {'acc':>5} {'share':>6} {'flagged':>8}")


def line(name: str, s: Scores, gaps: bool = True) -> str:
    out = (f"{name:30} {s.hits1:6.2f} {s.hits3:6.2f} {s.mrr:6.2f} | {s.p_hits1:6.2f} {s.p_hits3:6.2f} "
           f"{s.p_mrr:6.2f}")
    if gaps:
        out += (f" | {s.gap_p:5.2f} {s.gap_r:5.2f} {s.gap_f1:5.2f} {s.gap_tp:>4}/{s.gold_none:<4} | "
                f"{s.na_acc:5.2f} {s.review_share:6.2f} {s.none_flagged:>4}/{s.gold_none:<4}")
    return out


def mean(scores: list[Scores]) -> Scores:
    m = Scores()
    for f in ("hits1", "hits3", "mrr", "p_hits1", "p_hits3", "p_mrr"):
        setattr(m, f, float(np.mean([getattr(s, f) for s in scores])))
    for f in ("gap_tp", "gap_fp", "gap_fn", "gold_none", "na_gold", "na_hit", "review", "judged", "mapped",
              "none_flagged"):
        setattr(m, f, sum(getattr(s, f) for s in scores))
    return m


def reliability(pairs: list[tuple[float, float]]) -> None:
    print("\ncalibration (leave-one-law-out likelihood that the law carries the rule; pooled over the dev laws)")
    print(f"{'likelihood':>12} {'rows':>5} {'mean':>6} {'share transposed (gold)':>24}")
    edges = [0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0001]
    for lo, hi in zip(edges, edges[1:]):
        sel = [(p, y) for p, y in pairs if lo <= p < hi]
        if sel:
            print(f"{lo:5.2f}-{min(hi, 1):4.2f} {len(sel):>6} {np.mean([p for p, _ in sel]):6.2f} "
                  f"{np.mean([y for _, y in sel]):24.2f}")
    if pairs:
        brier = float(np.mean([(p - y) ** 2 for p, y in pairs]))
        print(f"Brier score {brier:.3f} (always saying the base rate: "
              f"{float(np.var([y for _, y in pairs])):.3f})")


def glossary_reach(law: Law) -> str:
    sig = law.prep.signals.get("concepts")
    if sig is None or sig.detail is None:
        return "concepts signal off"
    units = sig.detail.units
    named = sum(1 for u in units if u)
    return f"{named}/{len(units)} units ({named / max(len(units), 1):.0%}) name a glossary concept"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    # Off by default, as in the product (weights.toml embedding_by_default); --no-embeddings kept
    # for scripts written before.
    ap.add_argument("--embeddings", action="store_true", help="add the e5 embedding signal (slow when cold)")
    ap.add_argument("--no-embeddings", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--cache-dir", type=Path, default=None)
    ap.add_argument("--fit", action="store_true",
                    help="choose the values on ALL dev laws and write the gap model (gap_model.toml)")
    ap.add_argument("--reference-file", type=Path, help="an extra pair: the reference act's text")
    ap.add_argument("--gold-file", type=Path, help="an extra pair: its gold CSV")
    ap.add_argument("--prefix", default="91/477:", help="the gold CSV's reference id prefix")
    ap.add_argument("--law", default="MK-zakon-za-oruzjeto-2005", help="an extra pair: the national law key")
    args = ap.parse_args(argv)
    from concordance.catalogue import parsed
    from concordance.match import embedding, lexical, prepare

    if not args.gold.is_dir():
        print(f"dev gold not found at {args.gold} (set CONCORDANCE_GOLD or --gold)")
        return 2
    use_emb = args.embeddings and not args.no_embeddings and embedding.available()
    reference = parsed.load(REFERENCE_KEY)
    laws: list[Law] = []
    for key, gold_file in DEV_LAWS:
        t = time.perf_counter()
        national = parsed.load(key)
        prep = prepare(reference, national, use_embeddings=use_emb, cache_dir=args.cache_dir)
        laws.append(Law(key, load_gold(args.gold / gold_file, PREFIX), prep, time.perf_counter() - t))
    print(f"reference: {REFERENCE_KEY}; embeddings {'on' if use_emb else 'off'}; grid {GRID}")
    for law in laws:
        print(f"  {law.key}: {len(law.prep.nats)} units, prepared in {law.prepare_s:.1f} s; {glossary_reach(law)}")

    cache: dict = {}
    print("\n=== leave one law out: every chosen value chosen on the other dev laws ===")
    print(HEAD)
    results, pairs = [], []
    chosen_gap = CHOSEN_GAP
    ranking = []
    for law in laws:
        s, combo, p = evaluate(law, [x for x in laws if x is not law], cache)
        results.append(s)
        ranking.append(ranking_only(law, combo))
        pairs += p
        print(line(f"{law.key[:22]} {combo}", s) + f"  gap<{chosen_gap[law.key]:.2f}")
    print(line("mean (per law)", mean(results)))
    print("the ranking alone (same values, no row called a gap):")
    for law, s in zip(laws, ranking):
        print(line(f"  {law.key[:28]}", s, gaps=False))
    print(line("  mean (per law)", mean(ranking), gaps=False))
    print("(gaps: P R F1 and found = gold 'none' rows called gap / gold 'none' rows; NA acc = gold "
          "not_applicable rows classed non-transposable; review share = rows left to an adviser; "
          "none flagged = gold none rows called gap or review: the adviser is told to look)")

    print("\npeers on the same rows and units (no gap decision):")
    for law in laws:
        prep = law.prep
        rows = [prep.rows[k] for k in prep.active]
        refs = [prep.refs[k] for k in prep.active]
        rf = lexical.plain_peer(refs, prep.nats, reference.meta.language, prep.national.meta.language)
        print(line(f"  rapidfuzz alone {law.key[:12]}", score(law.gold, peer_ranked(rf, rows, prep.nats, law.gold)),
                   gaps=False))
        if use_emb:
            cos = embedding.cosines(refs, prep.nats, embedding.VectorCache(args.cache_dir))
            print(line(f"  embedding alone {law.key[:12]}", score(law.gold, peer_ranked(cos, rows, prep.nats, law.gold)),
                       gaps=False))
    reliability(pairs)

    print("\nrows still wrong at article Hits@1 (leave one law out):")
    for law, s in zip(laws, results):
        print(f"  {law.key}: " + "; ".join(s.failures) if s.failures else f"  {law.key}: none")

    combo_all = choose_combo(laws, cache)
    print(f"\nvalues chosen on all dev laws (what ships): embedding, lexical, topic, show_part_from = {combo_all}")
    if args.reference_file and args.gold_file:
        extra = parsed.load(args.reference_file)
        prep = prepare(extra, parsed.load(args.law), use_embeddings=use_emb, cache_dir=args.cache_dir)
        law = Law(args.law, load_gold(args.gold_file, args.prefix), prep, 0.0)
        from concordance.match import decide
        weights, show = _choice_values(combo_all)
        s = score(law.gold, *result_tables(decide(prep, weights=weights, model=fit_model(laws, combo_all),
                                                  show_part_from=show), law.gold))
        print(HEAD)
        print(line(f"{extra.meta.key[:14]} x {args.law[:14]}", s))
    if args.fit:
        write_model(fit_model(laws, combo_all))
    return 0


def write_model(model) -> None:
    """Write the fitted coefficients into gap_model.toml's [model] table and the chosen thresholds
    into [thresholds] (the comments and the near-miss pairs are kept)."""
    from concordance.match import gap_model
    text = gap_model.MODEL_FILE.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^gap_below = .*$", f"gap_below = {model.gap_below:.2f}", text)
    text = re.sub(r"(?m)^propose_from = .*$", f"propose_from = {model.propose_from:.2f}", text)
    head, _, rest = text.partition("[model]\n")
    tail = rest[rest.index("\n# Near misses"):] if "\n# Near misses" in rest else ""

    def table(name, values):
        return f"[model.{name}]\n" + "".join(f"{f} = {v:.6g}\n" for f, v in zip(gap_model.FEATURES, values))
    body = (f"intercept = {model.intercept:.6g}\n" + table("coef", model.coef) + table("mean", model.mean)
            + table("scale", model.scale))
    gap_model.MODEL_FILE.write_text(head + "[model]\n" + body + tail, encoding="utf-8")
    print(f"written {gap_model.MODEL_FILE} (gap below {model.gap_below:.2f}, proposed from {model.propose_from:.2f})")


if __name__ == "__main__":
    sys.exit(main())
