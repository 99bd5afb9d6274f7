"""The two database engines a project can live in, behind one small dialect layer.

Why two: a project is one SQLite file by default (passed around by e-mail, nothing to install);
a working group that shares one project (several advisers importing, a ministry reading status)
keeps it in PostgreSQL instead. The rest of the store writes its SQL once, with ``?``
placeholders and portable statements; this module holds the few things that differ:

- placeholders (``?`` vs ``%s``) and getting a new row's id (``lastrowid`` vs ``RETURNING id``);
- starting a write transaction: SQLite ``BEGIN IMMEDIATE`` takes the one writer lock of the file;
  PostgreSQL ``BEGIN`` lets writers run side by side, so writers of decisions take a lock per
  decision row (:meth:`Connection.lock_keys`, transaction advisory locks in sorted order, so two
  imports never deadlock) and every update of a decision is a compare-and-set on its
  ``row_version`` (see :mod:`.decisions`): a lost update cannot happen on either engine;
- where the schema version is kept (``PRAGMA user_version`` vs a ``concordance_project`` table)
  and the one type the migrations spell differently (an autoincrement key).

Not an ORM: statements stay SQL, rows are read by column name.
"""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

#: What a PostgreSQL project target starts with (``concordance init postgresql://...``).
URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(target: object) -> bool:
    """True for a PostgreSQL connection URL (a project in a shared database), False for a file."""
    return isinstance(target, str) and target.lower().startswith(URL_SCHEMES)


class DatabaseURL(str):
    """A PostgreSQL project target as shown to people: the URL with any password masked.

    ``name`` is the database name (where a file project shows its file name)."""

    def __new__(cls, url: str) -> DatabaseURL:
        parts = urlsplit(url)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = netloc.replace(f":{parts.password}@", ":***@", 1)
        shown = super().__new__(cls, urlunsplit(parts._replace(netloc=netloc)))
        shown.url = url
        return shown

    url: str

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/") or "postgres"


class Connection:
    """What the store's mixins call: ``execute``/``executemany`` with ``?`` placeholders,
    ``insert`` returning the new id, and the transaction statements of the engine."""

    engine = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT into a table with an ``id`` key and return the new row's id."""
        raise NotImplementedError

    def begin(self) -> None:
        raise NotImplementedError

    def commit(self) -> None:
        self.execute("COMMIT")

    def rollback(self) -> None:
        self.execute("ROLLBACK")

    def lock_keys(self, keys: Iterable[str]) -> None:
        """Inside a write transaction: wait until no other transaction holds any of ``keys`` and
        hold them until this one ends (no-op where the transaction already excludes writers)."""

    def close(self) -> None:
        raise NotImplementedError


class SQLiteConnection(Connection):
    """One project file. Autocommit mode with explicit transactions (``isolation_level=None``)."""

    engine = "sqlite"

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw
        raw.row_factory = sqlite3.Row

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.raw.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.raw.executemany(sql, rows)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.raw.execute(sql, params).lastrowid)

    def begin(self) -> None:
        # the file's single writer lock, taken at once: a second writer waits (busy timeout)
        # instead of failing half-way with "database is locked"
        self.raw.execute("BEGIN IMMEDIATE")

    def close(self) -> None:
        self.raw.close()


class _Row(tuple):
    """A PostgreSQL row readable like ``sqlite3.Row``: by column name and by position."""

    _index: dict[str, int]

    def __getitem__(self, k):  # type: ignore[override]
        return tuple.__getitem__(self, self._index[k] if isinstance(k, str) else k)

    def keys(self) -> list[str]:
        return list(self._index)


def _row_factory(cursor: Any):
    index = {c.name: i for i, c in enumerate(cursor.description or ())}

    def make(values: Sequence[Any]) -> _Row:
        row = _Row(values)
        row._index = index
        return row
    return make


_PLACEHOLDER = re.compile(r"\?")


class PostgresConnection(Connection):
    """A project in a PostgreSQL database (psycopg 3), autocommit with explicit transactions
    at READ COMMITTED; decision rows are guarded by :meth:`lock_keys` and compare-and-set."""

    engine = "postgresql"

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        raw.row_factory = _row_factory
        self._sql: dict[str, str] = {}

    def _pg(self, sql: str) -> str:
        got = self._sql.get(sql)
        if got is None:
            # the store's statements hold no literal '?' or '%'; placeholders become %s
            got = self._sql[sql] = _PLACEHOLDER.sub("%s", sql)
        return got

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.raw.execute(self._pg(sql), tuple(params) or None)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            with self.raw.cursor() as cur:
                cur.executemany(self._pg(sql), rows)

    def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        return int(self.raw.execute(self._pg(sql) + " RETURNING id", tuple(params)).fetchone()[0])

    def begin(self) -> None:
        self.raw.execute("BEGIN ISOLATION LEVEL READ COMMITTED")

    def lock_keys(self, keys: Iterable[str]) -> None:
        # sorted: two transactions locking overlapping sets always queue, never deadlock
        for key in sorted(set(keys)):
            self.raw.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (key,))

    def close(self) -> None:
        self.raw.close()


def connect_postgres(url: str, lock_timeout: float) -> PostgresConnection:
    """Open a PostgreSQL connection (raises psycopg's OperationalError when it cannot). A write
    waits at most ``lock_timeout`` seconds for rows another program holds, as a project file
    waits for its writer lock, then fails as a whole (nothing written)."""
    import psycopg

    raw = psycopg.connect(url, autocommit=True, connect_timeout=15, application_name="concordance")
    raw.execute(f"SET lock_timeout = {int(lock_timeout * 1000)}")
    return PostgresConnection(raw)


def database_errors() -> tuple[type[BaseException], ...]:
    """The exception classes meaning "the database refused or failed", for either engine."""
    errors: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return errors
    return errors + (psycopg.Error,)
