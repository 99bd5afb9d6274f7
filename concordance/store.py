"""The project: one SQLite file holding acts, their versions and provisions, machine proposals, human
decisions, exports, snapshots and an event log. This is the ONLY module that speaks SQL.

Why one file: a legal working group passes a project around by e-mail or a shared drive, and
SQLite keeps it consistent (every write is one transaction) without a server.

Humans outrank machines. Proposals (what ``match`` found) and decisions (what a reviewer said) are
kept in separate tables: re-running ``match`` adds a new proposal run and never touches a decision.
Every change to a decision records who, when, from which file (and its SHA-256), the old value and
the new value in ``events``.

Schema changes are numbered migrations applied in order on open (``PRAGMA user_version``).
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from .errors import ConcordanceError, InputError
from .model import (
    Act,
    ActMeta,
    Candidate,
    Compatibility,
    Concordance,
    ConcordanceRow,
    Coverage,
    Evidence,
    MatchResult,
    MatchRow,
    NationalRef,
    NonProvision,
    Provision,
    ProvisionClass,
    RowStatus,
)

__all__ = [
    "Project",
    "ActRecord",
    "Decision",
    "Event",
    "Snapshot",
    "ExportRecord",
    "MatchRun",
    "ProjectError",
    "text_hash",
    "subtree_hashes",
    "proposed_candidates",
    "COMPATIBILITY_RANK",
    "best_compatibility",
    "database_problem",
]

#: "CONC" - lets ``is_project`` tell our SQLite files from any other SQLite file.
APPLICATION_ID = 0x434F4E43

ROLES = ("reference", "national")


class ProjectError(InputError):
    """The project file cannot be used as asked (missing, not a project, newer schema, unknown act)."""

    def __init__(self, what: str, where: str = "", todo: str = "") -> None:
        if what and what[-1] not in ".!?)":
            what += "."
        super().__init__(what, where, todo)


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
)
SCHEMA_VERSION = len(MIGRATIONS)


# ---------------------------------------------------------------------------------------------
# records handed out by the store
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ActRecord:
    key: str
    role: str
    meta: ActMeta
    version: int
    added_at: str
    source_path: str = ""
    file_sha256: str = ""
    provisions: int = 0


@dataclass(frozen=True)
class Decision:
    """A human decision for one (reference act, reference provision, national act).

    ``row_version`` grows by one at every change; review exports remember it so that an import
    can tell that somebody else changed the row meanwhile (a conflict). ``reference_sha256`` and
    ``national_sha256`` are the texts the reviewer judged. ``previous`` is set when an amendment
    changed one of those texts: it keeps the old compatibility and the old texts for re-review.
    """

    reference_key: str
    reference_provision: str
    national_key: str
    national_provisions: tuple[str, ...]
    compatibility: Compatibility
    reasons: str = ""
    comment: str = ""
    reviewer: str = ""
    decided_at: str = ""
    source_file: str = ""
    source_sha256: str = ""
    export_id: str = ""
    row_version: int = 1
    reference_sha256: str = ""
    national_sha256: Mapping[str, str] = field(default_factory=dict)
    previous: Mapping[str, Any] | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        """(reference act, reference provision, national act): what a decision is about."""
        return (self.reference_key, self.reference_provision, self.national_key)

    @property
    def is_human_verdict(self) -> bool:
        """True when a reviewer graded the row (anything but "to review")."""
        return self.compatibility is not Compatibility.TO_REVIEW

    def values(self) -> dict[str, Any]:
        """What a reviewer can change, as plain JSON (for events and comparisons)."""
        return {
            "national_provisions": list(self.national_provisions),
            "compatibility": self.compatibility.value,
            "reasons": self.reasons,
            "comment": self.comment,
            "reviewer": self.reviewer,
        }


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


@dataclass(frozen=True)
class Snapshot:
    id: int
    label: str
    taken_at: str
    figures: dict
    source: str


@dataclass(frozen=True)
class ExportRecord:
    id: str
    created_at: str
    lang: str
    file: str
    reference_keys: tuple[str, ...]
    rows: Mapping[str, dict]   # row id -> what the row held when exported


@dataclass(frozen=True)
class MatchRun:
    id: int
    reference_key: str
    national_key: str
    reference_version: int
    national_version: int
    created_at: str
    options: dict


# ---------------------------------------------------------------------------------------------
# helpers (pure)
# ---------------------------------------------------------------------------------------------
_WS = re.compile(r"\s+")


def now() -> str:
    """UTC time stamp, seconds, ISO 8601 (what every record in the project uses)."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


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


#: Higher is better for a jurisdiction: when several national acts answer one reference provision
#: (BiH: entity, cantonal and Brčko laws), the row takes the best answer any act gives.
COMPATIBILITY_RANK: dict[Compatibility, int] = {
    Compatibility.FULL: 6,
    Compatibility.PARTIAL: 5,
    Compatibility.DISCRETIONARY: 4,
    Compatibility.NOT_TRANSPOSABLE: 3,
    Compatibility.NOT_APPLICABLE: 2,
    Compatibility.NONE: 1,
    Compatibility.TO_REVIEW: 0,
}


def best_compatibility(values: Iterable[Compatibility]) -> Compatibility | None:
    """The best of several acts' answers (:data:`COMPATIBILITY_RANK`); None when there are none."""
    vals = list(values)
    return max(vals, key=lambda c: COMPATIBILITY_RANK[c]) if vals else None


#: A candidate is shown as proposed when it scores at least this share of the best candidate.
PROPOSAL_SHARE = 0.9
PROPOSAL_MAX = 3


def proposed_candidates(row: MatchRow | None) -> tuple[Candidate, ...]:
    """The candidates put forward as the proposal of a match row: the best one and any that score
    nearly as well (up to three). The others stay "also considered" evidence, not proposals."""
    if row is None or not row.candidates or row.status is not RowStatus.PROPOSED:
        return ()
    ranked = sorted(row.candidates, key=lambda c: -c.score)
    top = ranked[0].score
    return tuple(c for c in ranked[:PROPOSAL_MAX] if c.score >= top * PROPOSAL_SHARE)


def _meta_to_json(meta: ActMeta) -> str:
    return json.dumps(dataclasses.asdict(meta), ensure_ascii=False)


def _meta_from_json(text: str) -> ActMeta:
    data = json.loads(text)
    names = {f.name for f in dataclasses.fields(ActMeta)}
    data = {k: (tuple(v) if isinstance(v, list) else v) for k, v in data.items() if k in names}
    return ActMeta(**data)


#: Provision fields with their own column; any other (later, additive) field goes to extra_json.
_PROVISION_COLUMNS = ("id", "kind", "num", "heading", "text", "parent", "citation", "location", "label")


def _provision_extra(p: Provision) -> str:
    extra = {f.name: getattr(p, f.name) for f in dataclasses.fields(p) if f.name not in _PROVISION_COLUMNS}
    return json.dumps(extra, ensure_ascii=False, default=str)


def _provision_from_row(r: sqlite3.Row) -> Provision:
    names = {f.name for f in dataclasses.fields(Provision)}
    data = {k: r[k] for k in _PROVISION_COLUMNS if k in names}
    data.update({k: v for k, v in json.loads(r["extra_json"] or "{}").items() if k in names})
    return Provision(**data)


def _candidate_to_dict(c: Candidate) -> dict:
    return {
        "national_provision": c.national_provision,
        "citation": c.citation,
        "score": c.score,
        "act": c.act,
        "evidence": [dataclasses.asdict(e) for e in c.evidence],
    }


def _candidate_from_dict(d: dict) -> Candidate:
    return Candidate(
        national_provision=d["national_provision"],
        citation=d.get("citation", ""),
        score=float(d.get("score", 0.0)),
        act=d.get("act", ""),
        evidence=tuple(Evidence(**e) for e in d.get("evidence", ())),
    )


def _decision_from_row(r: sqlite3.Row) -> Decision:
    return Decision(
        reference_key=r["reference_key"],
        reference_provision=r["reference_provision"],
        national_key=r["national_key"],
        national_provisions=tuple(json.loads(r["national_provisions_json"])),
        compatibility=Compatibility(r["compatibility"]),
        reasons=r["reasons"],
        comment=r["comment"],
        reviewer=r["reviewer"],
        decided_at=r["decided_at"],
        source_file=r["source_file"],
        source_sha256=r["source_sha256"],
        export_id=r["export_id"],
        row_version=r["row_version"],
        reference_sha256=r["reference_sha256"],
        national_sha256=json.loads(r["national_sha256_json"] or "{}"),
        previous=json.loads(r["previous_json"]) if r["previous_json"] else None,
    )


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


#: Seconds to wait for another program writing the project before saying it is in use.
BUSY_TIMEOUT = 30.0


def database_problem(path: str | os.PathLike, exc: sqlite3.Error) -> ProjectError:
    """What an SQLite error on the project file means for the user, and what to do about it."""
    text = str(exc)
    low = text.lower()
    where = str(path)
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return ProjectError(f"the project file is damaged ({text})", where=where,
                            todo="Restore it from a backup or an earlier copy (e-mail, shared drive); "
                                 "concordance cannot repair it.")
    if "locked" in low or "busy" in low:
        return ProjectError(f"the project file is in use by another program ({text})",
                            where=where, todo="Wait until the other concordance run (or a sync tool) "
                                              "finishes, then try again.")
    if "readonly" in low or "read-only" in low or "unable to open" in low or "permission" in low:
        return ProjectError(f"the project file cannot be written ({text})", where=where,
                            todo="Copy it to a folder you may write to, or ask for write permission.")
    return ProjectError(f"the project file cannot be used ({text})", where=where,
                        todo="Check the file (disk full? network drive gone?) and try again.")


# ---------------------------------------------------------------------------------------------
# the project
# ---------------------------------------------------------------------------------------------
class Project:
    """An open project file. Use as a context manager::

        with Project.create("me.concordance") as p:
            key = p.add_act(act, "national")
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self._conn = conn
        self._depth = 0
        self._acts: dict[tuple[str, int], Act] = {}
        self._hash_cache: dict[tuple[str, int], dict[str, str]] = {}

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike) -> "Project":
        """Create a new, empty project file (refuses to overwrite an existing file)."""
        p = Path(path)
        if p.is_dir():
            raise ProjectError("this is a folder; a project is one file", where=str(p),
                               todo=f"Give a file name, e.g. {p / 'project.concordance'}.")
        if is_project(p):
            raise ProjectError(
                "a project already exists here; it was left as it is", where=str(p),
                todo="Use it with the other commands (`concordance show` lists what it holds), or choose "
                     "another name for a new project.")
        if p.exists() or p.is_symlink():
            raise ProjectError(
                "a file that is not a concordance project already exists here; it was left as it is",
                where=str(p), todo="Choose another name for the project.")
        if not p.parent.exists():
            raise ProjectError("the folder does not exist", where=str(p.parent),
                               todo="Create the folder first.")
        return cls._connect(p, new=True)

    @classmethod
    def open(cls, path: str | os.PathLike) -> "Project":
        """Open an existing project, upgrading its schema if it is older than this program."""
        p = Path(path)
        if not p.is_file():
            raise ProjectError("no project file here", where=str(p),
                               todo="Create one with `concordance init PROJECT`.")
        if p.stat().st_size == 0:
            raise ProjectError("the project file is empty (a failed copy or download?)", where=str(p),
                               todo="Restore it from a backup or an earlier copy, or start a new project with "
                                    "`concordance init`.")
        if not is_project(p):
            raise ProjectError("this file is not a concordance project", where=str(p),
                               todo="Give the project file made by `concordance init`.")
        return cls._connect(p, new=False)

    @classmethod
    def _connect(cls, p: Path, new: bool) -> "Project":
        """Open the SQLite file and bring its schema up to date; a file SQLite cannot use (damaged,
        locked, read-only) is a :class:`ProjectError`, and a half-created new file is removed."""
        conn = None
        try:
            conn = sqlite3.connect(str(p), isolation_level=None, timeout=BUSY_TIMEOUT)
            project = cls(p, conn)
            project._prepare(new=new)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if new:
                p.unlink(missing_ok=True)
            raise database_problem(p, exc) from exc
        return project

    def _prepare(self, new: bool) -> None:
        c = self._conn
        c.row_factory = sqlite3.Row
        c.execute("PRAGMA foreign_keys = ON")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._conn.close()
            raise ProjectError(
                f"the project was written by a newer version of concordance (schema {version}, "
                f"this program knows {SCHEMA_VERSION})", where=str(self.path),
                todo="Upgrade concordance.")
        if new:
            c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for number in range(version + 1, SCHEMA_VERSION + 1):
            # executescript commits by itself; wrap the migration and the version bump together
            c.executescript(
                "BEGIN IMMEDIATE;\n" + MIGRATIONS[number - 1]
                + f"\nPRAGMA user_version = {number};\nCOMMIT;")

    def close(self) -> None:
        """Close the SQLite connection (``with Project.open(...)`` does it)."""
        self._conn.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, sqlite3.DatabaseError):
            # SQLite's own words ("database disk image is malformed") become a paragraph the user
            # can act on; the transaction was rolled back, so the project is as it was.
            raise database_problem(self.path, exc) from exc

    @property
    def schema_version(self) -> int:
        """The schema migration the file is at (``PRAGMA user_version``)."""
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction for everything inside (nested uses join the outer one): a write either
        lands completely or not at all."""
        if self._depth == 0:
            self._conn.execute("BEGIN IMMEDIATE")
        self._depth += 1
        try:
            yield self._conn
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self._conn.execute("ROLLBACK")
            raise
        else:
            self._depth -= 1
            if self._depth == 0:
                self._conn.execute("COMMIT")

    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return self._conn.execute(sql, params).fetchall()

    def _select(self, table: str, **equal: str | None) -> list[sqlite3.Row]:
        """Rows of ``table`` (oldest first) whose columns equal the values given; a None or empty
        value does not filter. Table and column names come from this module, never from input."""
        used = [(column, value) for column, value in equal.items() if value]
        where = " AND ".join(f"{column} = ?" for column, _ in used)
        return self._q(f"SELECT * FROM {table}" + (f" WHERE {where}" if where else "") + " ORDER BY id",
                       [value for _, value in used])

    # -- acts ---------------------------------------------------------------------------------
    def add_act(self, act: Act, role: str, source_path: str | os.PathLike | None = None,
                amends: str | None = None, *, who: str = "") -> str:
        """Store a parsed act and return its key in the project.

        With ``amends`` the act becomes the next version of that act (same key). Decisions follow
        provisions whose text is unchanged (by id and text hash, following renumbering when the
        same text moved to another id); the rest are marked "to review" with the old text kept.
        """
        if role not in ROLES:
            raise ProjectError(f"unknown role {role!r}", todo="Use --role reference or --role national.")
        if not act.provisions:
            raise ProjectError("the act has no provisions", where=act.meta.key,
                               todo="Check that the file parses with `concordance parse`.")
        sha = file_sha256(source_path) if source_path and Path(source_path).is_file() else ""
        with self.transaction():
            if amends:
                old = self._act_row(amends)
                if old["role"] != role:
                    raise ProjectError(
                        f"{amends} is a {old['role']} act, not a {role} act", where=str(self.path),
                        todo=f"Use --role {old['role']} for a new version of {amends}.")
                key = amends
                version = old["current_version"] + 1
                old_version_id = self._version_id(key, old["current_version"])
                old_act = self.act(key)
            else:
                key = act.meta.key
                if not key:
                    raise ProjectError("the act has no key", todo="Give it a key in its act.toml.")
                if self._q("SELECT 1 FROM acts WHERE key = ?", (key,)):
                    raise ProjectError(
                        f"the project already holds an act {key}", where=str(self.path),
                        todo=f"To add a new version of it, use --amends {key}.")
                version = 1
                old_version_id = None
                old_act = None
            meta = dataclasses.replace(act.meta, key=key)
            at = now()
            if amends:
                self._conn.execute(
                    "UPDATE acts SET current_version = ?, jurisdiction = ? WHERE key = ?",
                    (version, meta.jurisdiction, key))
            else:
                self._conn.execute(
                    "INSERT INTO acts (key, role, jurisdiction, current_version, added_at)"
                    " VALUES (?, ?, ?, ?, ?)", (key, role, meta.jurisdiction, version, at))
            self._insert_version(act, meta, version, role, str(source_path or ""), sha, old_version_id, at)
            new_act = dataclasses.replace(act, meta=meta)
            self._acts[(key, version)] = new_act
            self.record_event(
                "add_act" if not amends else "amend_act", key, who=who,
                source_file=str(source_path or ""), source_sha256=sha,
                old={"version": version - 1} if amends else None,
                new={"version": version, "role": role, "title": meta.title,
                     "provisions": len(act.provisions), "source_key": act.meta.key})
            if old_act is not None:
                self._carry_decisions(key, role, old_act, new_act, who=who,
                                      source_file=str(source_path or ""), source_sha256=sha)
        return key

    def _insert_version(self, act: Act, meta: ActMeta, version: int, role: str, source_path: str, sha: str,
                        amends_version_id: int | None, at: str) -> int:
        """Write one version of an act (its metadata, provisions and parse notes); returns its id."""
        extra = {
            "non_provisions": [dataclasses.asdict(n) for n in act.non_provisions],
            "coverage": dataclasses.asdict(act.coverage) if act.coverage else None,
            "definitions": dict(act.definitions),
            "warnings": list(act.warnings),
        }
        cur = self._conn.execute(
            "INSERT INTO act_versions (act_key, version, meta_json, source_key, source_path,"
            " file_sha256, role, jurisdiction, amends, extra_json, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (meta.key, version, _meta_to_json(meta), act.meta.key, source_path, sha, role,
             meta.jurisdiction, amends_version_id, json.dumps(extra, ensure_ascii=False, default=str), at))
        vid = cur.lastrowid
        self._conn.executemany(
            "INSERT INTO provisions (version_id, position, id, kind, num, heading, text, parent,"
            " citation, location, label, text_sha256, extra_json)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(vid, i, p.id, p.kind, p.num, p.heading, p.text, p.parent, p.citation, p.location,
              getattr(p, "label", ""), text_hash(p.text), _provision_extra(p))
             for i, p in enumerate(act.provisions)])
        return vid

    def _act_row(self, key: str) -> sqlite3.Row:
        rows = self._q("SELECT * FROM acts WHERE key = ?", (key,))
        if not rows:
            known = ", ".join(r["key"] for r in self._q("SELECT key FROM acts ORDER BY key")) or "none"
            raise ProjectError(f"the project holds no act {key!r}; it holds: {known}", where=str(self.path),
                               todo="Add it with `concordance add`, or check the key with `concordance show`.")
        return rows[0]

    def _version_id(self, key: str, version: int) -> int:
        return self._q("SELECT id FROM act_versions WHERE act_key = ? AND version = ?",
                       (key, version))[0]["id"]

    def acts(self, role: str | None = None) -> list[ActRecord]:
        """The acts in the project (current versions), in the order they were added."""
        sql = ("SELECT a.key, a.role, a.current_version, a.added_at, v.meta_json, v.source_path,"
               " v.file_sha256, (SELECT COUNT(*) FROM provisions p WHERE p.version_id = v.id) AS n"
               " FROM acts a JOIN act_versions v ON v.act_key = a.key AND v.version = a.current_version")
        params: tuple = ()
        if role:
            sql += " WHERE a.role = ?"
            params = (role,)
        sql += " ORDER BY a.rowid"
        return [ActRecord(r["key"], r["role"], _meta_from_json(r["meta_json"]), r["current_version"],
                          r["added_at"], r["source_path"], r["file_sha256"], r["n"])
                for r in self._q(sql, params)]

    def act_record(self, key: str) -> ActRecord:
        """The record of one act (current version); a ProjectError naming the keys held if unknown."""
        for rec in self.acts():
            if rec.key == key:
                return rec
        self._act_row(key)  # raises the helpful error
        raise AssertionError  # pragma: no cover

    def act(self, key: str, version: int | None = None) -> Act:
        """The act as stored (the current version unless ``version`` is given)."""
        row = self._act_row(key)
        version = version or row["current_version"]
        cached = self._acts.get((key, version))
        if cached is not None:
            return cached
        vrows = self._q("SELECT * FROM act_versions WHERE act_key = ? AND version = ?", (key, version))
        if not vrows:
            raise ProjectError(f"{key} has no version {version}", where=str(self.path))
        v = vrows[0]
        provs = tuple(
            _provision_from_row(r)
            for r in self._q("SELECT * FROM provisions WHERE version_id = ? ORDER BY position", (v["id"],)))
        extra = json.loads(v["extra_json"] or "{}")
        cov = extra.get("coverage")
        act = Act(
            meta=_meta_from_json(v["meta_json"]),
            provisions=provs,
            non_provisions=tuple(NonProvision(**n) for n in extra.get("non_provisions", ())),
            coverage=Coverage(**{**cov, "lost_samples": tuple(cov.get("lost_samples", ()))}) if cov else None,
            definitions=extra.get("definitions", {}),
            warnings=tuple(extra.get("warnings", ())),
        )
        self._acts[(key, version)] = act
        return act

    def hashes(self, key: str) -> dict[str, str]:
        """Subtree text hashes of the current version of an act (cached per version)."""
        version = self._act_row(key)["current_version"]
        got = self._hash_cache.get((key, version))
        if got is None:
            got = self._hash_cache[(key, version)] = subtree_hashes(self.act(key))
        return got

    def jurisdictions(self) -> dict[str, list[str]]:
        """Jurisdiction -> the national act keys it has in the project (in the order added)."""
        out: dict[str, list[str]] = {}
        for rec in self.acts("national"):
            out.setdefault(rec.meta.jurisdiction or "", []).append(rec.key)
        return out

    # -- matching -----------------------------------------------------------------------------
    def run_match(self, reference_key: str | None = None, national_keys: Sequence[str] | None = None,
                  progress: Callable[[int, int, str], None] | None = None, *,
                  use_embeddings: bool | None = None, disabled: Iterable[str] = frozenset(),
                  who: str = "") -> list[MatchResult]:
        """Match every chosen reference act against every chosen national act and store the
        proposals as a new run. Decisions are never touched (humans outrank machines).

        ``progress(done, total, label)`` is called after each pair.
        """
        from .match import match_acts  # the matcher is a separate step; imported when needed

        refs = [reference_key] if reference_key else [a.key for a in self.acts("reference")]
        nats = list(national_keys) if national_keys else [a.key for a in self.acts("national")]
        for k in refs + nats:
            self._act_row(k)
        if not refs:
            raise ProjectError(
                "the project holds no reference act, so there is nothing to match the national acts against",
                where=str(self.path),
                todo="Add the act to measure against, e.g. `concordance add PROJECT 32021L0555 --role reference`.")
        if not nats:
            raise ProjectError(
                "the project holds no national act, so there is nothing to match", where=str(self.path),
                todo="Add the national law, e.g. `concordance add PROJECT LAW.docx --role national`.")
        results: list[MatchResult] = []
        total = len(refs) * len(nats)
        for r in refs:
            for n in nats:
                result = match_acts(self.act(r), self.act(n), disabled=set(disabled),
                                    use_embeddings=use_embeddings)
                self.store_match(r, n, result, options={"use_embeddings": use_embeddings,
                                                        "disabled": sorted(disabled)}, who=who)
                results.append(result)
                if progress:
                    progress(len(results), total, f"{r} × {n}")
        return results

    def store_match(self, reference_key: str, national_key: str, result: MatchResult,
                    options: Mapping[str, Any] | None = None, who: str = "") -> int:
        """Store a match result as a new proposal run (returns the run id)."""
        ref = self._act_row(reference_key)
        nat = self._act_row(national_key)
        with self.transaction():
            cur = self._conn.execute(
                "INSERT INTO match_runs (reference_key, reference_version_id, national_key,"
                " national_version_id, created_at, options_json, warnings_json, national_only_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (reference_key, self._version_id(reference_key, ref["current_version"]), national_key,
                 self._version_id(national_key, nat["current_version"]), now(),
                 json.dumps(dict(options or {}), default=str), json.dumps(list(result.warnings)),
                 json.dumps(list(result.national_only))))
            run_id = cur.lastrowid
            self._conn.executemany(
                "INSERT OR REPLACE INTO proposals (run_id, position, reference_provision, citation, class,"
                " status, note, candidates_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(run_id, i, row.directive_provision, row.citation, row.klass.value, row.status.value,
                  row.note, json.dumps([_candidate_to_dict(c) for c in row.candidates], ensure_ascii=False))
                 for i, row in enumerate(result.rows)])
            self.record_event("match", f"{reference_key} × {national_key}", who=who,
                              new={"run": run_id, "rows": len(result.rows),
                                   "proposed": sum(1 for r in result.rows if r.status is RowStatus.PROPOSED)})
        return run_id

    def match_runs(self) -> list[MatchRun]:
        """Every proposal run, oldest first, with the act versions it matched (to tell stale runs)."""
        rows = self._q(
            "SELECT m.*, rv.version AS rver, nv.version AS nver FROM match_runs m"
            " JOIN act_versions rv ON rv.id = m.reference_version_id"
            " JOIN act_versions nv ON nv.id = m.national_version_id ORDER BY m.id")
        return [MatchRun(r["id"], r["reference_key"], r["national_key"], r["rver"], r["nver"],
                         r["created_at"], json.loads(r["options_json"])) for r in rows]

    def latest_match(self, reference_key: str, national_key: str) -> MatchResult | None:
        """The newest proposal run for a pair, as a MatchResult (None if never matched)."""
        runs = self._q("SELECT * FROM match_runs WHERE reference_key = ? AND national_key = ?"
                       " ORDER BY id DESC LIMIT 1", (reference_key, national_key))
        if not runs:
            return None
        run = runs[0]
        rows = tuple(
            MatchRow(directive_provision=r["reference_provision"], citation=r["citation"],
                     klass=ProvisionClass(r["class"]), status=RowStatus(r["status"]),
                     candidates=tuple(_candidate_from_dict(d) for d in json.loads(r["candidates_json"])),
                     note=r["note"])
            for r in self._q("SELECT * FROM proposals WHERE run_id = ? ORDER BY position", (run["id"],)))
        return MatchResult(reference=self.act(reference_key).meta, national=self.act(national_key).meta,
                           rows=rows, national_only=tuple(json.loads(run["national_only_json"])),
                           warnings=tuple(json.loads(run["warnings_json"])))

    # -- decisions ----------------------------------------------------------------------------
    def decisions(self, reference_key: str | None = None,
                  national_key: str | None = None) -> list[Decision]:
        """The human decisions, oldest first (optionally for one reference act and/or national act)."""
        return [_decision_from_row(r) for r in self._select("decisions", reference_key=reference_key,
                                                            national_key=national_key)]

    def decision(self, reference_key: str, reference_provision: str, national_key: str) -> Decision | None:
        """The human decision for one row, or None when nobody decided it."""
        rows = self._q("SELECT * FROM decisions WHERE reference_key = ? AND reference_provision = ?"
                       " AND national_key = ?", (reference_key, reference_provision, national_key))
        return _decision_from_row(rows[0]) if rows else None

    def set_decision(self, reference_key: str, reference_provision: str, national_key: str, *,
                     national_provisions: Sequence[str], compatibility: Compatibility,
                     reasons: str = "", comment: str = "", reviewer: str = "", who: str = "",
                     source_file: str = "", source_sha256: str = "", export_id: str = "",
                     expected_row_version: int | None = None, action: str = "decide") -> Decision:
        """Record a human decision (insert or update) and its event, in one transaction.

        ``expected_row_version`` guards against lost updates: when the row moved on since the
        caller read it (0 = no decision then), a :class:`ConflictError` is raised and nothing is
        written.
        """
        ref_act = self.act(reference_key)
        nat_act = self.act(national_key)
        if reference_provision not in ref_act:
            raise ProjectError(f"{reference_key} has no provision {reference_provision}")
        missing = [p for p in national_provisions if p not in nat_act]
        if missing:
            raise ProjectError(f"{national_key} has no provision(s) {', '.join(missing)}")
        ref_h = self.hashes(reference_key)
        nat_h = self.hashes(national_key)
        with self.transaction():
            old = self.decision(reference_key, reference_provision, national_key)
            current = old.row_version if old else 0
            if expected_row_version is not None and expected_row_version != current:
                raise ConflictError(old, expected_row_version)
            new = Decision(
                reference_key=reference_key, reference_provision=reference_provision,
                national_key=national_key, national_provisions=tuple(national_provisions),
                compatibility=Compatibility(compatibility), reasons=reasons or "", comment=comment or "",
                reviewer=reviewer or who, decided_at=now(), source_file=source_file,
                source_sha256=source_sha256, export_id=export_id, row_version=current + 1,
                reference_sha256=ref_h.get(reference_provision, ""),
                national_sha256={p: nat_h.get(p, "") for p in national_provisions}, previous=None)
            self._write_decision(new, old is not None)
            self.record_event(action, _object(new.key), who=who or reviewer, source_file=source_file,
                              source_sha256=source_sha256, old=old.values() if old else None,
                              new=new.values())
        return new

    def _write_decision(self, d: Decision, exists: bool) -> None:
        values = (json.dumps(list(d.national_provisions)), d.compatibility.value, d.reasons, d.comment,
                  d.reviewer, d.decided_at, d.source_file, d.source_sha256, d.export_id, d.row_version,
                  d.reference_sha256, json.dumps(dict(d.national_sha256)), _dumps(d.previous),
                  d.reference_key, d.reference_provision, d.national_key)
        if exists:
            self._conn.execute(
                "UPDATE decisions SET national_provisions_json = ?, compatibility = ?, reasons = ?,"
                " comment = ?, reviewer = ?, decided_at = ?, source_file = ?, source_sha256 = ?,"
                " export_id = ?, row_version = ?, reference_sha256 = ?, national_sha256_json = ?,"
                " previous_json = ? WHERE reference_key = ? AND reference_provision = ?"
                " AND national_key = ?", values)
        else:
            self._conn.execute(
                "INSERT INTO decisions (national_provisions_json, compatibility, reasons, comment,"
                " reviewer, decided_at, source_file, source_sha256, export_id, row_version,"
                " reference_sha256, national_sha256_json, previous_json, reference_key,"
                " reference_provision, national_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?)", values)

    def _carry_decisions(self, key: str, role: str, old_act: Act, new_act: Act, *, who: str,
                         source_file: str, source_sha256: str) -> None:
        """After a new version of ``key``: keep decisions on unchanged text, follow renumbering,
        and mark the rest "to review" with what they said before (``previous``)."""
        ren = _Renumbering(old_act, new_act)
        decisions = self.decisions(national_key=key) if role == "national" else self.decisions(reference_key=key)
        for d in decisions:
            if role == "national":
                ref_id, ref_hash = d.reference_provision, d.reference_sha256
                new_ids, new_hashes, changed_texts = ren.follow_national(d)
            else:
                new_ids, new_hashes = list(d.national_provisions), dict(d.national_sha256)
                ref_id, ref_hash, changed_texts = ren.follow_reference(d)
                if ref_id != d.reference_provision and self.decision(d.reference_key, ref_id, d.national_key):
                    # another decision already sits on the new id: stay put and ask for a review
                    ref_id = d.reference_provision
                    changed_texts[d.reference_provision] = old_act.full_text(d.reference_provision)
            if not changed_texts and new_ids == list(d.national_provisions) and ref_id == d.reference_provision:
                continue  # nothing moved, nothing changed
            previous = None
            compat = d.compatibility
            if changed_texts:
                previous = {
                    "compatibility": d.compatibility.value,
                    "national_provisions": list(d.national_provisions),
                    "reference_provision": d.reference_provision,
                    "old_texts": changed_texts,
                    "old_citations": {pid: ren.old_citation(pid) for pid in changed_texts},
                    "side": role,
                    "old_version": old_act.meta.version_date or "",
                    "reviewer": d.reviewer,
                    "decided_at": d.decided_at,
                }
                compat = Compatibility.TO_REVIEW
            new = dataclasses.replace(
                d, reference_provision=ref_id, national_provisions=tuple(new_ids), compatibility=compat,
                row_version=d.row_version + 1, national_sha256=new_hashes, reference_sha256=ref_hash,
                previous=previous or d.previous)
            if ref_id != d.reference_provision:
                self._conn.execute(
                    "UPDATE decisions SET reference_provision = ? WHERE reference_key = ? AND"
                    " reference_provision = ? AND national_key = ?",
                    (ref_id, d.reference_key, d.reference_provision, d.national_key))
            self._write_decision(new, True)
            self.record_event(
                "amendment_review" if changed_texts else "amendment_carry", _object(d.key), who=who,
                source_file=source_file, source_sha256=source_sha256,
                old={**d.values(), "reference_provision": d.reference_provision},
                new={**new.values(), "reference_provision": ref_id,
                     "changed": sorted(changed_texts)})

    # -- the concordance ----------------------------------------------------------------------
    def concordance(self, reference_key: str, national_keys: Sequence[str] | None = None) -> Concordance:
        """What the project holds for one reference act against one or more national acts.

        Rows follow ``match.reference_rows`` (reference order). Per national act, a human decision
        wins over the latest machine proposal. With several national acts (BiH: entity, cantonal
        and Brčko laws) each act contributes its own NationalRefs, and the row's compatibility is
        the BEST any act achieved (the jurisdiction transposes a provision when its acts together
        do); ``decided`` is True when at least one act's row was graded by a human, and then only
        human-chosen provisions are listed; otherwise the machine proposals of all acts are.
        ``score`` is the best proposal score for the row. A decision reset to "to review" by an
        amendment is not decided: it shows TO_REVIEW with the provisions it carried over.
        """
        from .match import classify, reference_rows

        ref = self.act(reference_key)
        nat_keys = list(dict.fromkeys(national_keys)) if national_keys else [a.key for a in self.acts("national")]
        nat_acts = {k: self.act(k) for k in nat_keys}
        proposals: dict[str, dict[str, MatchRow]] = {}
        for k in nat_keys:
            result = self.latest_match(reference_key, k)
            proposals[k] = {r.directive_provision: r for r in result.rows} if result else {}
        decided_map = {(d.reference_provision, d.national_key): d
                       for d in self.decisions(reference_key) if d.national_key in nat_acts}
        rows = [self._concordance_row(prov, ref, nat_acts, [proposals[k].get(prov.id) for k in nat_keys],
                                      decided_map, classify)
                for prov in reference_rows(ref)]
        jurs = {nat_acts[k].meta.jurisdiction for k in nat_keys}
        return Concordance(reference=ref.meta, national=tuple(nat_acts[k].meta for k in nat_keys),
                           rows=tuple(rows), jurisdiction=jurs.pop() if len(jurs) == 1 else "",
                           generated_at=now())

    def _concordance_row(self, prov: Provision, ref: Act, nat_acts: dict[str, Act],
                         match_rows: list[MatchRow | None], decided_map: dict[tuple[str, str], Decision],
                         classify: Callable[[Provision, Act], ProvisionClass]) -> ConcordanceRow:
        """One row of :meth:`concordance`: the human decisions on ``prov`` where there are any
        (best compatibility over the acts), else the machine proposals (``match_rows``, one per
        national act, in the order of ``nat_acts``) and any decisions reset to "to review"."""
        nat_keys = list(nat_acts)
        first = next((m for m in match_rows if m is not None and m.status is RowStatus.PROPOSED),
                     None) or next((m for m in match_rows if m is not None), None)
        klass = first.klass if first else classify(prov, ref)
        status = first.status if first else (
            RowStatus.NOT_APPLICABLE if klass is ProvisionClass.NON_TRANSPOSABLE else RowStatus.GAP)
        human: list[tuple[str, Decision]] = []
        pending: list[tuple[str, Decision]] = []
        for k in nat_keys:
            d = decided_map.get((prov.id, k))
            if d is None:
                continue
            (human if d.is_human_verdict else pending).append((k, d))
        refs: list[NationalRef] = []
        scores = [c.score for m in match_rows if m for c in m.candidates]
        score = max(scores) if scores else None
        compatibility: Compatibility | None = None
        decided = bool(human)
        reviewer = decided_at = reasons = comment = ""
        if human:
            for k, d in human:
                refs.extend(self._refs(nat_acts[k], k, d.national_provisions))
            best = best_compatibility(d.compatibility for _, d in human)
            chosen = max((d for _, d in human if d.compatibility is best), key=lambda d: d.decided_at)
            compatibility, reviewer, decided_at = best, chosen.reviewer, chosen.decided_at
            reasons = "\n".join(d.reasons for _, d in human if d.reasons)
            comment = "\n".join(d.comment for _, d in human if d.comment)
            status = (RowStatus.PROPOSED if refs else
                      RowStatus.GAP if best in (Compatibility.NONE, Compatibility.PARTIAL)
                      else RowStatus.NOT_APPLICABLE)
        else:
            pending_keys = {k for k, _ in pending}
            for k, d in pending:
                refs.extend(self._refs(nat_acts[k], k, d.national_provisions))
                reasons = "\n".join(x for x in (reasons, d.reasons) if x)
                comment = "\n".join(x for x in (comment, d.comment) if x)
            for k, m in zip(nat_keys, match_rows):
                if k in pending_keys:
                    continue
                refs.extend(self._refs(nat_acts[k], k, [c.national_provision for c in proposed_candidates(m)]))
            if pending:
                compatibility = Compatibility.TO_REVIEW
        article = ref.article_of(prov.id)
        return ConcordanceRow(
            reference_provision=prov.id, citation=prov.citation, text=ref.full_text(prov.id, False),
            klass=klass, status=status, national=tuple(refs), compatibility=compatibility,
            decided=decided, score=score, reasons=reasons, comment=comment, reviewer=reviewer,
            decided_at=decided_at, heading=prov.heading or (article.heading if article else "") or "",
            article=article.id if article else prov.id)

    @staticmethod
    def _refs(act: Act, key: str, ids: Iterable[str]) -> list[NationalRef]:
        out = []
        for pid in ids:
            p = act.get(pid)
            out.append(NationalRef(act=key, provision=pid, citation=p.citation if p else pid,
                                   text=act.full_text(pid, False) if p else "",
                                   act_short=act.meta.short_title or key))
        return out

    # -- events, exports, snapshots -----------------------------------------------------------
    def record_event(self, action: str, object: str, *, who: str = "", source_file: str = "",
                     source_sha256: str = "", old: Any = None, new: Any = None) -> int:
        """Append to the event log (who, when, from which file, old and new value); returns its id."""
        with self.transaction():
            cur = self._conn.execute(
                "INSERT INTO events (at, who, action, object, source_file, source_sha256, old_json,"
                " new_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now(), who, action, object, source_file, source_sha256, _dumps(old), _dumps(new)))
            return cur.lastrowid

    def events(self, action: str | None = None, object: str | None = None) -> list[Event]:
        """The event log, oldest first (optionally one action or one object)."""
        return [Event(r["id"], r["at"], r["who"], r["action"], r["object"], r["source_file"],
                      r["source_sha256"], json.loads(r["old_json"]) if r["old_json"] else None,
                      json.loads(r["new_json"]) if r["new_json"] else None)
                for r in self._select("events", action=action, object=object)]

    def record_export(self, export_id: str, *, lang: str, file: str, reference_keys: Sequence[str],
                      rows: Mapping[str, dict], who: str = "") -> None:
        """Remember a review export: per row id what the row held, so its import can tell changes."""
        with self.transaction():
            self._conn.execute(
                "INSERT INTO exports (id, created_at, lang, file, reference_keys_json, rows_json)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (export_id, now(), lang, file, json.dumps(list(reference_keys)),
                 json.dumps(dict(rows), ensure_ascii=False)))
            self.record_event("export", export_id, who=who, source_file=file,
                              new={"rows": len(rows), "lang": lang})

    def export(self, export_id: str) -> ExportRecord | None:
        """A recorded review export, or None for an id this project never exported."""
        rows = self._q("SELECT * FROM exports WHERE id = ?", (export_id,))
        if not rows:
            return None
        r = rows[0]
        return ExportRecord(r["id"], r["created_at"], r["lang"], r["file"],
                            tuple(json.loads(r["reference_keys_json"])), json.loads(r["rows_json"]))

    def save_snapshot(self, label: str, figures: dict, source: str = "") -> int:
        """Record status figures under a label (progress over time is a query); returns its id."""
        with self.transaction():
            cur = self._conn.execute(
                "INSERT INTO snapshots (label, taken_at, figures_json, source) VALUES (?, ?, ?, ?)",
                (label, now(), json.dumps(figures, ensure_ascii=False, default=str), source))
            self.record_event("snapshot", label, source_file=source, new={"id": cur.lastrowid})
            return cur.lastrowid

    def snapshots(self) -> list[Snapshot]:
        """Every status snapshot, oldest first."""
        return [Snapshot(r["id"], r["label"], r["taken_at"], json.loads(r["figures_json"]), r["source"])
                for r in self._q("SELECT * FROM snapshots ORDER BY id")]

    def summary(self) -> dict[str, Any]:
        """Everything ``concordance show`` prints, as plain data."""
        acts = [{"key": a.key, "role": a.role, "jurisdiction": a.meta.jurisdiction, "title": a.meta.title,
                 "language": a.meta.language, "version": a.version, "provisions": a.provisions,
                 "added_at": a.added_at, "source": a.source_path}
                for a in self.acts()]
        runs = [{"id": m.id, "reference": m.reference_key, "national": m.national_key,
                 "created_at": m.created_at,
                 "stale": m.national_version != self.act_record(m.national_key).version
                 or m.reference_version != self.act_record(m.reference_key).version}
                for m in self.match_runs()]
        latest: dict[tuple[str, str], dict] = {}
        for r in runs:
            latest[(r["reference"], r["national"])] = r
        counts: dict[str, int] = {}
        for d in self.decisions():
            counts[d.compatibility.value] = counts.get(d.compatibility.value, 0) + 1
        return {
            "project": str(self.path),
            "schema_version": self.schema_version,
            "acts": acts,
            "match_runs": list(latest.values()),
            "decisions": counts,
            "exports": [{"id": r["id"], "created_at": r["created_at"], "file": r["file"]}
                        for r in self._q("SELECT id, created_at, file FROM exports ORDER BY created_at")],
            "snapshots": [{"id": s.id, "label": s.label, "taken_at": s.taken_at} for s in self.snapshots()],
            "events": self._q("SELECT COUNT(*) FROM events")[0][0],
        }


class _Renumbering:
    """How the provisions of an act's old version map to its new one, for carrying decisions over
    an amendment: the same id with the same text (subtree hash), else the one id that now holds
    the text the reviewer judged (renumbering), else changed."""

    def __init__(self, old_act: Act, new_act: Act) -> None:
        self.old_act = old_act
        self.new_act = new_act
        self.old_h = subtree_hashes(old_act)
        self.new_h = subtree_hashes(new_act)
        self.moved: dict[str, list[str]] = {}
        for pid, h in self.new_h.items():
            self.moved.setdefault(h, []).append(pid)

    def follow(self, pid: str, judged_hash: str) -> tuple[str | None, bool]:
        """(the provision's id in the new version or None, is its text unchanged?)"""
        old_h, new_h, moved = self.old_h, self.new_h, self.moved
        h = judged_hash or old_h.get(pid, "")
        if pid in new_h and new_h[pid] == h:
            return pid, True
        targets = [t for t in moved.get(h, ()) if t not in old_h or old_h.get(t) != h] or moved.get(h, [])
        if h and len(targets) == 1:
            return targets[0], True
        return (pid if pid in new_h else None), False

    def old_text(self, pid: str) -> str:
        return self.old_act.full_text(pid) if pid in self.old_act else ""

    def old_citation(self, pid: str) -> str:
        p = self.old_act.get(pid)
        return p.citation if p is not None and p.citation else pid

    def successor(self, pid: str) -> str | None:
        """Where a changed provision whose id is gone most likely went: the new provision whose
        text is closest to the old one (at least half alike), so that the row sent back for review
        shows the new text beside the old rather than nothing."""
        import difflib

        old = self.old_text(pid)
        if not old:
            return None
        best, best_ratio = None, 0.5
        for new_pid in self.new_h:
            if new_pid in self.old_h and self.old_h[new_pid] == self.new_h[new_pid]:
                continue  # unchanged elsewhere: not where this text went
            text = self.new_act.full_text(new_pid)
            if not text:
                continue
            m = difflib.SequenceMatcher(None, old, text, autojunk=False)
            if m.real_quick_ratio() <= best_ratio or m.quick_ratio() <= best_ratio:
                continue
            ratio = m.ratio()
            if ratio > best_ratio:
                best, best_ratio = new_pid, ratio
        return best

    def follow_national(self, d: "Decision") -> tuple[list[str], dict[str, str], dict[str, str]]:
        """A decision's national provisions in the new version: (ids, their judged hashes, old
        texts of those that changed)."""
        new_ids: list[str] = []
        new_hashes: dict[str, str] = {}
        changed_texts: dict[str, str] = {}
        for pid in d.national_provisions:
            target, same = self.follow(pid, d.national_sha256.get(pid, ""))
            if not same:
                changed_texts[pid] = self.old_text(pid)
                # the text changed: show the new provision closest to what was judged (the same id
                # unless the text moved, e.g. a paragraph inserted before it), never nothing
                target = self.successor(pid) or target
            if target and target not in new_ids:
                new_ids.append(target)
                new_hashes[target] = self.new_h[target] if same else d.national_sha256.get(pid, "")
        return new_ids, new_hashes, changed_texts

    def follow_reference(self, d: "Decision") -> tuple[str, str, dict[str, str]]:
        """A decision's reference provision in the new version: (id, judged hash, old text if changed)."""
        target, same = self.follow(d.reference_provision, d.reference_sha256)
        ref_id = target or d.reference_provision
        ref_hash = self.new_h.get(ref_id, "") if same else d.reference_sha256
        changed_texts = {} if same else {d.reference_provision: self.old_text(d.reference_provision)}
        return ref_id, ref_hash, changed_texts


class ConflictError(ConcordanceError):
    """A row changed since the caller read it (another import, an amendment): not applied."""

    def __init__(self, current: Decision | None, expected: int) -> None:
        self.current = current
        self.expected = expected
        super().__init__(f"row changed since version {expected} (now {current.row_version if current else 0})")


def _object(key: tuple[str, str, str]) -> str:
    """How a decision is named in the event log: ``REF:provision -> NATIONAL``."""
    return f"{key[0]}:{key[1]} -> {key[2]}"


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
