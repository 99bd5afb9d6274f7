"""Copying a whole project into a new one, on the same or the other engine.

Why: a working group starts with a project file and later moves it to a shared PostgreSQL
database (or takes a copy out of the database to send to someone, or to archive a reporting
point). ``concordance copy project.sqlite postgresql://...`` and back. Every table is copied row
by row with its ids, so the event log, exports (and the review workbooks out there that answer
them), snapshots and decisions' row versions stay exactly as they were.
"""
from __future__ import annotations

from .base import StoreBase

#: Tables in an order that keeps every reference valid while inserting (parents first).
TABLES = ("acts", "act_versions", "provisions", "match_runs", "proposals", "decisions", "events",
          "exports", "snapshots", "national_notes")

#: Tables with an autoincrement ``id``: on PostgreSQL its sequence must continue after the copy.
_SERIAL = ("act_versions", "match_runs", "decisions", "events", "snapshots", "national_notes")

_BATCH = 2000


class CopyMixin(StoreBase):
    """Copying this project's rows into another, empty project."""

    def copy_into(self, target: StoreBase) -> dict[str, int]:
        """Copy every row of this project into ``target`` (a just-created, empty project) in one
        transaction of the target; returns rows copied per table. Nothing is left half-copied."""
        counts: dict[str, int] = {}
        with target.transaction():
            for table in TABLES:
                if target._q(f"SELECT 1 FROM {table} LIMIT 1"):
                    raise ValueError(f"the target project is not empty (table {table})")
            for table in TABLES:
                counts[table] = self._copy_table(table, target)
            if target.engine == "postgresql":
                for table in _SERIAL:
                    target._conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
        return counts

    def _copy_table(self, table: str, target: StoreBase) -> int:
        order = "id" if table not in ("acts", "provisions", "proposals") else {
            "acts": "added_at, key", "provisions": "version_id, position", "proposals": "run_id, position"}[table]
        rows = self._q(f"SELECT * FROM {table} ORDER BY {order}")
        if not rows:
            return 0
        columns = list(rows[0].keys())
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})")
        for start in range(0, len(rows), _BATCH):
            target._conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows[start:start + _BATCH]])
        return len(rows)
