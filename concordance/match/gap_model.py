"""The gap decision: how likely it is that the national law carries a reference row's rule, and
the evidence for it in words.

Why a model of its own: the best combined score alone says "gap" almost never — a long law always
holds some article that shares a few words with any rule — yet advisers need to be told plainly
where a law has nothing (a criminal offence kept in the criminal code, brokering, inter-State
cooperation). The question "does the law carry this rule?" is answered from more than the best
score:

* ``best``, ``margin``: the best article's combined score, and how far it stands out from the
  median of the row's ten best articles (a crowd of weak look-alikes is no answer), both divided
  by the median best score of the pair's rows: each pair of acts scores on its own scale (a
  language the glossary knows better, a longer law), and "weak" means weak for this pair;
* ``coverage``: the share of the row's concepts (IDF-weighted, so "firearm" counts little and
  "brokering" a lot) that the three best candidates name;
* ``in_law``: the same share over the whole law — a concept the law never names ("no provision
  names a criminal offence") is the strongest sign of a gap;
* ``near_miss``: a concept the row needs is missing, but the candidates name its near-miss
  instead (a misdemeanour where a criminal offence is required, a registration where a licence
  is required, a dealer where a broker is meant): pairs kept as data in ``gap_model.toml``;
* ``no_concepts``: the row names no glossary concept at all (then coverage says nothing);
* ``inter_state``: the row lays a duty between States (cooperation, exchange of information),
  which a weapons law often leaves to other laws or practice (``classes.toml``, ``inter_state``);
* ``topic_top``, ``topic_law``: how much of what the row's heading names ("Brokers and
  brokering") the headings of the three best candidates name, and the headings of the whole law
  (the topic signal, ``topics.py``): a law that gives the subject no heading rarely regulates it.

A logistic model turns them into a likelihood in [0, 1]; its coefficients are data
(``gap_model.toml``), fitted by ``benchmarks/mapping_quality.py`` on the dev gold (it also prints
the leave-one-law-out figures and the reliability table showing how well the likelihood is
calibrated). Statuses from the likelihood: below ``gap_below`` a ``gap``, from ``propose_from``
``proposed``, in between ``review`` (the candidates are shown, the adviser decides).
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..model import ProvisionClass, RowStatus

MODEL_FILE = Path(__file__).with_name("gap_model.toml")
FEATURES = ("best", "margin", "coverage", "in_law", "near_miss", "no_concepts", "inter_state", "topic_top",
            "topic_law")
TOP = 3   # candidates whose concepts count as "what the candidates name"


@dataclass(frozen=True)
class GapModel:
    """Coefficients of the logistic model over ``FEATURES`` (standardised by ``mean``/``scale``)
    and the two likelihood thresholds."""

    intercept: float
    coef: tuple[float, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    gap_below: float
    propose_from: float
    near_miss: dict[str, tuple[str, ...]]

    def likelihood(self, x: np.ndarray) -> float:
        z = self.intercept + float(np.dot(self.coef, (x - np.array(self.mean)) / np.array(self.scale)))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def status(self, likelihood: float) -> RowStatus:
        if likelihood < self.gap_below:
            return RowStatus.GAP
        if likelihood < self.propose_from:
            return RowStatus.REVIEW
        return RowStatus.PROPOSED


def load(path: Path = MODEL_FILE) -> GapModel:
    """The shipped model (``gap_model.toml``)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    m = data["model"]
    return GapModel(float(m["intercept"]), tuple(float(m["coef"][f]) for f in FEATURES),
                    tuple(float(m["mean"][f]) for f in FEATURES), tuple(float(m["scale"][f]) for f in FEATURES),
                    float(data["thresholds"]["gap_below"]), float(data["thresholds"]["propose_from"]),
                    {k: tuple(v) for k, v in data["near_miss"].items()})


@dataclass(frozen=True)
class ConceptView:
    """The concepts of the compared texts, as the concepts signal found them."""

    rows: list[dict[str, list[str]]]      # per reference row: concept -> words found
    units: list[dict[str, list[str]]]     # per national unit
    idf: dict[str, float]
    labels: dict[str, str]                # concept -> label for the evidence sentence


@dataclass(frozen=True)
class Finding:
    """What the gap model saw for one row."""

    features: np.ndarray
    uncovered: tuple[str, ...]                 # row concepts no top candidate names (rarest first)
    absent: tuple[str, ...]                    # row concepts the whole law never names
    near: tuple[tuple[str, str, int], ...]     # (needed concept, near-miss named instead, unit index)


def find(i: int, ranked: list[tuple[str, float, int]], article_unit: dict[str, int],
         view: ConceptView | None, model: GapModel, inter_state: bool = False,
         topic_row: np.ndarray | None = None, scale: float = 1.0) -> Finding:
    """The features of row ``i`` from its ranked articles ``(article, score, best unit)``;
    ``topic_row`` is the topic signal's row (None when it is off); ``scale`` the pair's median best
    score, by which ``best`` and ``margin`` are divided (each pair of acts scores on its own scale)."""
    between = 1.0 if inter_state else 0.0
    top_units0 = [article_unit.get(a, j) for a, _, j in ranked[:TOP]]
    if topic_row is not None and len(topic_row):
        t_top = max((float(topic_row[j]) for j in top_units0), default=0.0)
        t_law = float(topic_row.max())
    else:
        t_top = t_law = 0.0
    scale = scale if scale > 1e-6 else 1.0
    scores = [s / scale for _, s, _ in ranked]
    best = scores[0] if scores else 0.0
    crowd = float(np.median(scores[:10])) if len(scores) > 1 else 0.0
    if view is None or not view.rows[i]:
        return Finding(np.array([best, best - crowd, 0.0, 0.0, 0.0, 1.0, between, t_top, t_law]), (), (), ())
    need = view.rows[i]
    weight = {c: view.idf.get(c, 1.0) for c in need}
    total = sum(weight.values()) or 1.0
    top_units = [article_unit.get(a, j) for a, _, j in ranked[:TOP]]
    named_top = set().union(*(view.units[j] for j in top_units)) if top_units else set()
    named_law = set().union(*view.units) if view.units else set()
    covered = sum(w for c, w in weight.items() if c in named_top) / total
    in_law = sum(w for c, w in weight.items() if c in named_law) / total
    uncovered = tuple(sorted((c for c in need if c not in named_top), key=lambda c: -weight[c]))
    absent = tuple(c for c in uncovered if c not in named_law)
    near: list[tuple[str, str, int]] = []
    for c in uncovered:
        for alt in model.near_miss.get(c, ()):
            hit = next((j for j in top_units if alt in view.units[j]), None)
            if hit is not None and alt not in need:
                near.append((c, alt, hit))
                break
    x = np.array([best, best - crowd, covered, in_law, 1.0 if near else 0.0, 0.0, between, t_top, t_law])
    return Finding(x, uncovered, absent, tuple(near))


def explain(f: Finding, status: RowStatus, likelihood: float, view: ConceptView | None,
            nearest: str, unit_citation) -> str:
    """The evidence of a gap or an uncertain row in words an adviser can check."""
    label = (lambda c: view.labels.get(c, c.replace("_", " "))) if view else (lambda c: c)
    parts: list[str] = []
    if f.absent:
        parts.append("no provision of the law names " + ", ".join(label(c) for c in f.absent[:3]))
    for need, alt, j in f.near[:2]:
        parts.append(f"nearest names {label(alt)}, not {label(need)} ({unit_citation(j)})")
    if not f.absent and not f.near and f.uncovered:
        parts.append("the best candidates do not name " + ", ".join(label(c) for c in f.uncovered[:3]))
    if f.features[FEATURES.index("inter_state")]:
        parts.append("a duty between States, often carried by other laws or practice")
    if nearest and not f.near:
        parts.append(f"nearest: {nearest}")
    head = {RowStatus.GAP: "Likely gap", RowStatus.REVIEW: "Uncertain"}.get(status, "Likely transposed")
    return f"{head} (likelihood the law carries it {likelihood:.2f})" + (": " + "; ".join(parts) if parts else "") + "."


def notion_named(f: Finding, defined: frozenset[str]) -> bool:
    """For a definition row (``defined``: the concepts of the term it defines, which its text
    names): whether the law names every one of them somewhere."""
    return bool(defined) and not set(f.absent) & defined


def decide(klass: ProvisionClass, likelihood: float, model: GapModel, partial: bool = False,
           notion_named: bool = False) -> RowStatus:
    """Status of a held, transposable row: by the likelihood; an act held in part never gives a
    ``gap`` (the counterpart may answer the part not held), it says ``missing_text`` instead.

    A definition is carried, at least in part, by a law that uses the notion it defines, wherever
    the law defines it (in a definitions article or inside the rule that uses it): a definition
    whose notion the law names (``notion_named``) is never a gap, at worst uncertain. The converse
    does not hold (a law may forbid "manufacturing without a licence" without naming "illicit
    manufacturing"), so a notion the law never names is left to the likelihood. A rule of law
    written down, not fitted."""
    if klass is ProvisionClass.NON_TRANSPOSABLE:
        return RowStatus.NOT_APPLICABLE
    status = model.status(likelihood)
    if notion_named and status is RowStatus.GAP:
        status = RowStatus.REVIEW
    if partial and status is RowStatus.GAP:
        return RowStatus.MISSING_TEXT
    return status


# ------------------------------------------------------------------------------------------------
# fitting (used by benchmarks/mapping_quality.py; nothing here runs when matching)
# ------------------------------------------------------------------------------------------------
def fit(x: np.ndarray, y: np.ndarray, l2: float = 10.0, iterations: int = 50) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression by Newton's method with an L2 penalty on the coefficients (not the
    intercept), on standardised features. Returns (intercept, coef, mean, scale)."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    a = np.hstack([np.ones((len(z), 1)), z])
    w = np.zeros(a.shape[1])
    reg = np.eye(a.shape[1]) * l2
    reg[0, 0] = 0.0
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -30, 30)))
        grad = a.T @ (p - y) + reg @ w
        hess = a.T @ (a * (p * (1 - p))[:, None]) + reg + np.eye(a.shape[1]) * 1e-9
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return float(w[0]), w[1:], mean, scale


def with_fit(model: GapModel, x: np.ndarray, y: np.ndarray, l2: float = 10.0) -> GapModel:
    """``model`` with coefficients fitted on ``x``, ``y`` (thresholds kept)."""
    b, coef, mean, scale = fit(x, y, l2)
    return GapModel(b, tuple(coef), tuple(mean), tuple(scale), model.gap_below, model.propose_from,
                    model.near_miss)
