"""The shape of a project file: its tables, as numbered migrations, and how a file is recognised.

Why migrations: project files live for years on shared drives and are opened by whatever version
of concordance a ministry has installed. Each schema change is appended as the next migration and
applied in order on open (``PRAGMA user_version`` says how far a file is; in a PostgreSQL
project, the one row of the ``concordance_project`` table), so an old file is upgraded in place
and a newer file is refused rather than damaged. The same migrations run on both engines: they
are written in the SQL both understand, and :func:`postgres_ddl` spells the one type that differs.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from .engine import Connection, PostgresConnection, SQLiteConnection
from .problems import ProjectError

#: "CONC" - lets ``is_project`` tell our SQLite files from any other SQLite file.
APPLICATION_ID = 0x434F4E43

# ---------------------------------------------------------------------------------------------
# migrations: append only; never edit a migration that has shipped
# ---------------------------------------------------------------------------------------------
MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE acts (
        key             TEXT PRIMARY KEY,
        role            TEXT NOT NULL CHECK (role IN ('reference', 'national')),
        jurisdiction    TEXT NOT NULL DEFAULT '',
        current_version INTEGER NOT NULL,
        added_at        TEXT NOT NULL
    );
    CREATE TABLE act_versions (
        id            INTEGER PRIMARY KEY,
        act_key       TEXT NOT NULL REFERENCES acts(key),
        version       INTEGER NOT NULL,
        meta_json     TEXT NOT NULL,
        source_key    TEXT NOT NULL DEFAULT '',
        source_path   TEXT NOT NULL DEFAULT '',
        file_sha256   TEXT NOT NULL DEFAULT '',
        role          TEXT NOT NULL,
        jurisdiction  TEXT NOT NULL DEFAULT '',
        amends        INTEGER REFERENCES act_versions(id),
        extra_json    TEXT NOT NULL DEFAULT '{}',
        added_at      TEXT NOT NULL,
        UNIQUE (act_key, version)
    );
    CREATE TABLE provisions (
        version_id   INTEGER NOT NULL REFERENCES act_versions(id),
        position     INTEGER NOT NULL,
        id           TEXT NOT NULL,
        kind         TEXT NOT NULL,
        num          TEXT,
        heading      TEXT,
        text         TEXT NOT NULL,
        parent       TEXT,
        citation     TEXT NOT NULL,
        location     TEXT NOT NULL DEFAULT '',
        label        TEXT NOT NULL DEFAULT '',
        text_sha256  TEXT NOT NULL,
        extra_json   TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (version_id, id)
    );
    CREATE INDEX provisions_by_hash ON provisions (version_id, text_sha256);
    CREATE TABLE match_runs (
        id                   INTEGER PRIMARY KEY,
        reference_key        TEXT NOT NULL,
        reference_version_id INTEGER NOT NULL REFERENCES act_versions(id),
        national_key         TEXT NOT NULL,
        national_version_id  INTEGER NOT NULL REFERENCES act_versions(id),
        created_at           TEXT NOT NULL,
        options_json         TEXT NOT NULL DEFAULT '{}',
        warnings_json        TEXT NOT NULL DEFAULT '[]',
        national_only_json   TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE proposals (
        run_id              INTEGER NOT NULL REFERENCES match_runs(id),
        position            INTEGER NOT NULL,
        reference_provision TEXT NOT NULL,
        citation            TEXT NOT NULL,
        class               TEXT NOT NULL,
        status              TEXT NOT NULL,
        note                TEXT NOT NULL DEFAULT '',
        candidates_json     TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, reference_provision)
    );
    CREATE TABLE decisions (
        id                      INTEGER PRIMARY KEY,
        reference_key           TEXT NOT NULL,
        reference_provision     TEXT NOT NULL,
        national_key            TEXT NOT NULL,
        national_provisions_json TEXT NOT NULL DEFAULT '[]',
        compatibility           TEXT NOT NULL,
        reasons                 TEXT NOT NULL DEFAULT '',
        comment                 TEXT NOT NULL DEFAULT '',
        reviewer                TEXT NOT NULL DEFAULT '',
        decided_at              TEXT NOT NULL,
        source_file             TEXT NOT NULL DEFAULT '',
        source_sha256           TEXT NOT NULL DEFAULT '',
        export_id               TEXT NOT NULL DEFAULT '',
        row_version             INTEGER NOT NULL DEFAULT 1,
        reference_sha256        TEXT NOT NULL DEFAULT '',
        national_sha256_json    TEXT NOT NULL DEFAULT '{}',
        previous_json           TEXT,
        UNIQUE (reference_key, reference_provision, national_key)
    );
    CREATE TABLE events (
        id            INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        who           TEXT NOT NULL DEFAULT '',
        action        TEXT NOT NULL,
        object        TEXT NOT NULL DEFAULT '',
        source_file   TEXT NOT NULL DEFAULT '',
        source_sha256 TEXT NOT NULL DEFAULT '',
        old_json      TEXT,
        new_json      TEXT
    );
    CREATE TABLE exports (
        id             TEXT PRIMARY KEY,
        created_at     TEXT NOT NULL,
        lang           TEXT NOT NULL DEFAULT 'en',
        file           TEXT NOT NULL DEFAULT '',
        reference_keys_json TEXT NOT NULL DEFAULT '[]',
        rows_json      TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE snapshots (
        id           INTEGER PRIMARY KEY,
        label        TEXT NOT NULL,
        taken_at     TEXT NOT NULL,
        figures_json TEXT NOT NULL,
        source       TEXT NOT NULL DEFAULT ''
    );
    """,
    # 2 (issue 13): the official forms' per-row columns a reviewer fills in besides the label (MK
    # columns 7 and 8: the act that will complete the approximation, the planned deadline)
    """
    ALTER TABLE decisions ADD COLUMN completing_act TEXT NOT NULL DEFAULT '';
    ALTER TABLE decisions ADD COLUMN planned_date TEXT NOT NULL DEFAULT '';
    """,
    # 3: the event log is read per provision, act, reviewer and date (``concordance log``)
    """
    CREATE INDEX events_by_object ON events (object);
    CREATE INDEX events_by_at ON events (at);
    """,
    # 4 (issue 13): the national->reference table's columns a reviewer fills in per NATIONAL
    # provision (comment, competent authority), per reference act's ToC; versioned like decisions;
    # and what an export's National provisions sheet showed, row by row
    """
    CREATE TABLE national_notes (
        id                 INTEGER PRIMARY KEY,
        reference_key      TEXT NOT NULL,
        national_key       TEXT NOT NULL,
        national_provision TEXT NOT NULL,
        comment            TEXT NOT NULL DEFAULT '',
        authority          TEXT NOT NULL DEFAULT '',
        reviewer           TEXT NOT NULL DEFAULT '',
        noted_at           TEXT NOT NULL,
        source_file        TEXT NOT NULL DEFAULT '',
        source_sha256      TEXT NOT NULL DEFAULT '',
        export_id          TEXT NOT NULL DEFAULT '',
        row_version        INTEGER NOT NULL DEFAULT 1,
        UNIQUE (reference_key, national_key, national_provision)
    );
    ALTER TABLE exports ADD COLUMN national_rows_json TEXT NOT NULL DEFAULT '{}';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The table that marks a PostgreSQL database (or schema) as a concordance project and holds its
#: schema version (what ``PRAGMA application_id`` and ``user_version`` are in a project file).
PG_MARKER = "concordance_project"

_AUTO_KEY = re.compile(r"\bINTEGER PRIMARY KEY\b")


def postgres_ddl(migration: str) -> str:
    """A migration as PostgreSQL spells it: SQLite's ``INTEGER PRIMARY KEY`` (an autoincrement
    row id) is a ``SERIAL PRIMARY KEY``; everything else in the migrations is common SQL."""
    return _AUTO_KEY.sub("SERIAL PRIMARY KEY", migration)


def _newer(version: int, path: object) -> ProjectError:
    return ProjectError(
        f"the project was written by a newer version of concordance (schema {version}, "
        f"this program knows {SCHEMA_VERSION})", where=str(path),
        todo="Upgrade concordance.")


def prepare(conn: Connection, path: object, new: bool) -> None:
    """Set up a fresh connection and bring the project's schema up to date (refusing a newer one).

    Each migration and its version bump run as one transaction, so a project is never left
    between two schema versions.
    """
    if isinstance(conn, PostgresConnection):
        _prepare_postgres(conn, path, new)
        return
    assert isinstance(conn, SQLiteConnection)
    _prepare_sqlite(conn.raw, path, new)


def _prepare_sqlite(conn, path: object, new: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        conn.close()
        raise _newer(version, path)
    if new:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    for number in range(version + 1, SCHEMA_VERSION + 1):
        # executescript commits by itself; wrap the migration and the version bump together
        conn.executescript(
            "BEGIN IMMEDIATE;\n" + MIGRATIONS[number - 1]
            + f"\nPRAGMA user_version = {number};\nCOMMIT;")


def _prepare_postgres(conn: PostgresConnection, path: object, new: bool) -> None:
    """The PostgreSQL twin of the above: the marker table holds the version; the migrations run
    under an exclusive lock on it, so two programs opening an old project at once upgrade it once."""
    raw = conn.raw
    if not new:
        version = raw.execute(f"SELECT schema_version FROM {PG_MARKER}").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _newer(version, path)
        if version == SCHEMA_VERSION:
            return  # the usual case: nothing to lock, nothing to run
    with raw.transaction():
        if new:
            raw.execute(f"CREATE TABLE {PG_MARKER} (application_id INTEGER NOT NULL,"
                        " schema_version INTEGER NOT NULL)")
            raw.execute(f"INSERT INTO {PG_MARKER} VALUES (%s, 0)", (APPLICATION_ID,))
        raw.execute(f"LOCK TABLE {PG_MARKER} IN EXCLUSIVE MODE")
        version = raw.execute(f"SELECT schema_version FROM {PG_MARKER}").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise _newer(version, path)
        for number in range(version + 1, SCHEMA_VERSION + 1):
            raw.execute(postgres_ddl(MIGRATIONS[number - 1]))
            raw.execute(f"UPDATE {PG_MARKER} SET schema_version = %s", (number,))


def schema_version(conn: Connection) -> int:
    """The migration the project is at."""
    if isinstance(conn, PostgresConnection):
        return conn.execute(f"SELECT schema_version FROM {PG_MARKER}").fetchone()[0]
    return conn.execute("PRAGMA user_version").fetchone()[0]


def postgres_state(conn: PostgresConnection) -> str:
    """What the database (its current schema) holds: "project", "empty" or "other" (tables of
    another program, or of ours without the marker)."""
    tables = {r[0] for r in conn.raw.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    if PG_MARKER in tables:
        return "project"
    return "other" if tables else "empty"


def is_project(path: str | os.PathLike) -> bool:
    """True for a SQLite file written by ``Project.create`` (checked by its application id)."""
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return False
    return (len(head) == 100 and head.startswith(b"SQLite format 3\x00")
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)
