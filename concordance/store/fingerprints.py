"""Fingerprints of texts and files: how the project tells whether a law really changed.

Decisions remember the hash of the text a reviewer judged; an amendment is compared by these
hashes, so only a real change in wording (not a different line break or PDF extraction) sends a
decision back for review. No SQL here: these are pure functions.
"""
from __future__ import annotations

import hashlib
import os
import re

from ..model import Act

_WS = re.compile(r"\s+")


def text_hash(text: str | None) -> str:
    """SHA-256 of a text with white space collapsed: re-extracting the same law from a PDF with
    other line breaks must not look like an amendment."""
    return hashlib.sha256(_WS.sub(" ", text or "").strip().encode("utf-8")).hexdigest()


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes: records which file a law or a workbook came from."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def subtree_hashes(act: Act) -> dict[str, str]:
    """Provision id -> hash of its heading, text and all its descendants' text.

    A decision on "Article 12" is about the whole article: when a paragraph inside it changes,
    the article changed. So decisions remember and compare subtree hashes, not own-text hashes.
    """
    out: dict[str, str] = {}
    for p in reversed(act.provisions):  # children come after parents in document order
        h = hashlib.sha256()
        h.update(text_hash((p.heading or "") + " " + p.text).encode())
        for c in act.children(p.id):
            h.update(out.get(c.id, "").encode())
        out[p.id] = h.hexdigest()
    return out
