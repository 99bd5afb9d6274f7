"""The event log: who changed what, when, from which file, with the old and the new value.

Why: a ministry must be able to show how each line of its ToC came about (which workbook, which
reviewer, which amendment). The log is append-only.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
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


def _event(r: Any) -> Event:
    return Event(r["id"], r["at"], r["who"], r["action"], r["object"], r["source_file"], r["source_sha256"],
                 json.loads(r["old_json"]) if r["old_json"] else None,
                 json.loads(r["new_json"]) if r["new_json"] else None)


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
        return [_event(r) for r in self._select("events", action=action, object=object)]

    def log_events(self, objects: Sequence[str] | None = None, since: str | None = None) -> list[Event]:
        """Events for ``concordance log``, oldest first: only these objects (exact names, e.g.
        ``REF:art_1 -> NAT``), at or after ``since`` (an ISO date or time, compared as text like
        the stored UTC stamps). Filters left as None do not filter."""
        where, params = [], []
        if objects is not None:
            if not objects:
                return []
            where.append(f"object IN ({', '.join('?' for _ in objects)})")
            params += list(objects)
        if since:
            where.append("at >= ?")
            params.append(since)
        sql = "SELECT * FROM events" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [_event(r) for r in self._q(sql, params)]

    def _event_count(self) -> int:
        """How many events the log holds (for ``summary``)."""
        return self._q("SELECT COUNT(*) FROM events")[0][0]
