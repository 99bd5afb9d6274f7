"""Status snapshots: the figures of a status report, saved under a label.

Why: ministries report progress over time ("how much was transposed at the end of each
quarter"); saving the figures makes that a query instead of a reconstruction.
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from .base import StoreBase, now


@dataclass(frozen=True)
class Snapshot:
    id: int
    label: str
    taken_at: str
    figures: dict
    source: str


class SnapshotsMixin(StoreBase):
    """Saving and listing status snapshots."""

    def save_snapshot(self, label: str, figures: dict, source: str = "") -> int:
        """Record status figures under a label (progress over time is a query); returns its id."""
        with self.transaction():
            sid = self._conn.insert(
                "INSERT INTO snapshots (label, taken_at, figures_json, source) VALUES (?, ?, ?, ?)",
                (label, now(), json.dumps(figures, ensure_ascii=False, default=str), source))
            self.record_event("snapshot", label, source_file=source, new={"id": sid})
            return sid

    def snapshots(self) -> list[Snapshot]:
        """Every status snapshot, oldest first."""
        return [Snapshot(r["id"], r["label"], r["taken_at"], json.loads(r["figures_json"]), r["source"])
                for r in self._q("SELECT * FROM snapshots ORDER BY id")]
