"""The event log: who changed what, when, from which file, with the old and the new value.

Why: a ministry must be able to show how each line of its ToC came about (which workbook, which
reviewer, which amendment). The log is append-only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .base import StoreBase, dumps, now


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    who: str
    action: str
    object: str
    source_file: str
    source_sha256: str
    old: Any
    new: Any


class EventsMixin(StoreBase):
    """Appending to and reading the event log."""

    def record_event(self, action: str, object: str, *, who: str = "", source_file: str = "",
                     source_sha256: str = "", old: Any = None, new: Any = None) -> int:
        """Append to the event log (who, when, from which file, old and new value); returns its id."""
        with self.transaction():
            return self._conn.insert(
                "INSERT INTO events (at, who, action, object, source_file, source_sha256, old_json,"
                " new_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now(), who, action, object, source_file, source_sha256, dumps(old), dumps(new)))

    def events(self, action: str | None = None, object: str | None = None) -> list[Event]:
        """The event log, oldest first (optionally one action or one object)."""
        return [Event(r["id"], r["at"], r["who"], r["action"], r["object"], r["source_file"],
                      r["source_sha256"], json.loads(r["old_json"]) if r["old_json"] else None,
                      json.loads(r["new_json"]) if r["new_json"] else None)
                for r in self._select("events", action=action, object=object)]

    def _event_count(self) -> int:
        """How many events the log holds (for ``summary``)."""
        return self._q("SELECT COUNT(*) FROM events")[0][0]
