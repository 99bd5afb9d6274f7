"""The project: opening and creating the project file, and the :class:`Project` a caller uses.

Why one class with many parts: callers (CLI, review, render, status) hold one ``Project`` and ask
it for acts, proposals, decisions, the ToC, events, exports and snapshots. Each of those families
is a mixin in its own module (the SQL for that family lives there); this module only adds what
concerns the file as a whole: refusing the wrong file, turning SQLite's errors into plain words,
and the summary ``concordance show`` prints.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from .engine import (
    DatabaseURL,
    SQLiteConnection,
    connect_postgres,
    database_errors,
    is_database_url,
)

from .acts import ActsMixin
from .copying import CopyMixin
from .decisions import DecisionsMixin
from .events import EventsMixin
from .exports import ExportsMixin
from .notes import NotesMixin
from .problems import ProjectError, database_problem
from .proposals import ProposalsMixin
from .schema import is_project, postgres_state, prepare, schema_version
from .snapshots import SnapshotsMixin
from .toc import TocMixin


class Project(ActsMixin, ProposalsMixin, DecisionsMixin, NotesMixin, TocMixin, EventsMixin, ExportsMixin,
              SnapshotsMixin, CopyMixin):
    """An open project file. Use as a context manager::

        with Project.create("me.concordance") as p:
            key = p.add_act(act, "national")
    """

    #: Seconds to wait for another program writing the project (the file's writer lock; on
    #: PostgreSQL the rows it holds) before saying it is in use. Read at each open.
    busy_timeout: float = 30.0

    # -- opening ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike) -> Project:
        """Create a new, empty project file (refuses to overwrite an existing file), or a new
        project in an empty PostgreSQL database given as ``postgresql://...``."""
        if is_database_url(path):
            return cls._connect_postgres(str(path), new=True)
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
    def open(cls, path: str | os.PathLike) -> Project:
        """Open an existing project (a file, or a ``postgresql://`` URL), upgrading its schema if
        it is older than this program."""
        if is_database_url(path):
            return cls._connect_postgres(str(path), new=False)
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
    def _connect(cls, p: Path, new: bool) -> Project:
        """Open the SQLite file and bring its schema up to date; a file SQLite cannot use (damaged,
        locked, read-only) is a :class:`ProjectError`, and a half-created new file is removed."""
        conn = None
        try:
            conn = sqlite3.connect(str(p), isolation_level=None, timeout=cls.busy_timeout)
            wrapped = SQLiteConnection(conn)
            project = cls(p, wrapped)
            prepare(wrapped, p, new)
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if new:
                p.unlink(missing_ok=True)
            raise database_problem(p, exc) from exc
        return project

    @classmethod
    def _connect_postgres(cls, url: str, new: bool) -> Project:
        """Connect to the PostgreSQL database and check that it is (``new``: can become) a project;
        bring its schema up to date. Connection and permission problems are a :class:`ProjectError`."""
        shown = DatabaseURL(url)
        conn = None
        try:
            conn = connect_postgres(url, cls.busy_timeout)
            state = postgres_state(conn)
            if new and state == "project":
                raise ProjectError("a project already exists in this database; it was left as it is",
                                   where=shown, todo="Use it with the other commands (`concordance show` lists "
                                                     "what it holds), or create an empty database for a new project.")
            if new and state == "other":
                raise ProjectError("this database already holds tables of another program; it was left as it is",
                                   where=shown, todo="Create an empty database for the project (`createdb NAME`).")
            if not new and state != "project":
                raise ProjectError("this database holds no concordance project", where=shown,
                                   todo="Create one with `concordance init URL` (in an empty database), or "
                                        "check the database name in the URL.")
            project = cls(shown, conn)
            prepare(conn, shown, new)
        except ProjectError:
            if conn is not None:
                conn.close()
            raise
        except database_errors() as exc:
            if conn is not None:
                conn.close()
            raise database_problem(shown, exc) from exc
        return project

    def close(self) -> None:
        """Close the connection (``with Project.open(...)`` does it)."""
        self._conn.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: object) -> None:
        self.close()
        if isinstance(exc, database_errors()):
            # the database's own words ("database disk image is malformed") become a paragraph the
            # user can act on; the transaction was rolled back, so the project is as it was.
            raise database_problem(self.path, exc) from exc

    @property
    def schema_version(self) -> int:
        """The schema migration the project is at."""
        return schema_version(self._conn)

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
            "exports": self._export_list(),
            "snapshots": [{"id": s.id, "label": s.label, "taken_at": s.taken_at} for s in self.snapshots()],
            "events": self._event_count(),
        }
