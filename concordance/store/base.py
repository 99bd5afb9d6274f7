"""The connection every part of the store shares: transactions and small query helpers.

Why a base class: the project's data families (acts, proposals, decisions, events, exports,
snapshots) live in their own modules as mixins of :class:`~concordance.store.Project`; they all
write through the one connection and the one transaction discipline defined here, so a command
that touches several families (adding an amended act carries decisions over and logs events)
still lands completely or not at all.
"""
from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine import Connection, DatabaseURL

if TYPE_CHECKING:
    from ..model import Act


def now() -> str:
    """UTC time stamp, seconds, ISO 8601 (what every record in the project uses)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def dumps(value: Any) -> str | None:
    """JSON for a nullable column (events' old/new values, a decision's ``previous``)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class StoreBase:
    """The open connection (SQLite file or PostgreSQL database, see :mod:`.engine`) and the
    caches shared by the store's parts. ``path`` names the project in messages: the file, or the
    database URL with its password masked."""

    def __init__(self, path: Path | DatabaseURL, conn: Connection) -> None:
        self.path = path
        self._conn = conn
        self._depth = 0
        self._acts: dict[tuple[str, int], Act] = {}
        self._hash_cache: dict[tuple[str, int], dict[str, str]] = {}

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction for everything inside (nested uses join the outer one): a write either
        lands completely or not at all."""
        if self._depth == 0:
            self._conn.begin()
        self._depth += 1
        try:
            yield self._conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._conn.rollback()
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                self._conn.commit()

    @property
    def engine(self) -> str:
        """"sqlite" (a project file) or "postgresql" (a shared database)."""
        return self._conn.engine

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self._conn.execute(sql, params).fetchall()

    def _select(self, table: str, **equal: str | None) -> list[Any]:
        """Rows of ``table`` (oldest first) whose columns equal the values given; a None or empty
        value does not filter. Table and column names come from this module, never from input."""
        used = [(column, value) for column, value in equal.items() if value]
        where = " AND ".join(f"{column} = ?" for column, _ in used)
        return self._q(f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY id",
                       [value for _, value in used])
