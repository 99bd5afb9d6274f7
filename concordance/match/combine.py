"""The one function that turns the signals into a score per (reference row, national unit).

How the signals combine, and why:

1. **Similarity** (what the texts say): ``concepts``, ``topic``, ``embedding`` and ``lexical`` are averaged
   with the weights in ``WEIGHTS``; a signal that is switched off or unavailable drops out and the
   others are re-weighted. Across languages, word overlap is mostly chance, so the lexical weight
   is multiplied by ``CROSS_LINGUAL_LEXICAL`` when the two acts are in different languages.
2. **Corroboration** (facts that rarely agree by chance): an explicit reference to the reference
   act's article, agreeing numbers, and a definition meeting a national definition each move the
   score towards 1 by their share
   (``score += w * signal * (1 - score)``), so they can lift a pair but never dominate a
   similarity of zero on their own.
3. **Conflict**: numbers of the same kind that disagree (21 rounds vs 10 rounds) multiply the
   score by ``1 - CONFLICT_PENALTY * conflict``.
4. **Prior**: the position signal (computed from steps 1-3, see ``order.py``) multiplies the score
   by ``1 - POSITION + POSITION * position``: at most a ``POSITION`` share is lost by a pair far
   from where the neighbouring rows matched, enough to break near-ties.

The weights are data (``weights.toml``, which says how each was chosen): set on principles first
(meaning-bearing signals heavy, priors light), checked with the ablation table of
``benchmarks/mapping_quality.py``, and three of them picked from the small grid whose cross-fit
table (chosen on one dev-gold pair, scored on the other) that benchmark prints.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import numpy as np

from .units import SignalScores

WEIGHTS_FILE = Path(__file__).with_name("weights.toml")


def load_weights(path: Path = WEIGHTS_FILE) -> dict:
    """The weights as data (``weights.toml``, which says how they were chosen)."""
    return tomllib.loads(path.read_text(encoding="utf-8"))


_W = load_weights()
WEIGHTS = {k: float(_W["similarity"][k]) for k in ("concepts", "embedding", "lexical", "topic")}
CROSS_LINGUAL_LEXICAL = float(_W["similarity"]["cross_lingual_lexical"])
EMBEDDINGS_BY_DEFAULT = bool(_W["similarity"].get("embedding_by_default", False))
CORROBORATION = {k: float(v) for k, v in _W["corroboration"].items()}
CONFLICT_PENALTY = float(_W["penalties"]["number_conflict"])
POSITION = float(_W["penalties"]["position"])

SIGNALS = ("lexical", "concepts", "topic", "numbers", "references", "definitions", "position", "embedding")


def combine(signals: dict[str, SignalScores], same_language: bool = True,
            weights: dict[str, float] | None = None) -> np.ndarray:
    """Combined scores in [0, 1] (rows x units) from whichever signals are present.

    Without a "position" entry the result is the base (steps 1-3) that ``order.score`` takes.
    ``weights`` overrides the similarity weights of ``weights.toml`` (the benchmark's choices)."""
    shape = next(iter(signals.values())).scores.shape if signals else (0, 0)
    total = np.zeros(shape, dtype=np.float32)
    weight = 0.0
    for name, w in (weights or WEIGHTS).items():
        if name not in signals:
            continue
        if name == "lexical" and not same_language:
            w *= CROSS_LINGUAL_LEXICAL
        total += w * signals[name].scores
        weight += w
    score = total / weight if weight else total
    for name, w in CORROBORATION.items():
        if name in signals:
            score = score + w * signals[name].scores * (1.0 - score)
    nums = signals.get("numbers")
    if nums is not None and nums.conflict is not None:
        score = score * (1.0 - CONFLICT_PENALTY * nums.conflict)
    if "position" in signals:
        score = score * (1.0 - POSITION + POSITION * signals["position"].scores)
    return np.clip(score, 0.0, 1.0).astype(np.float32)
