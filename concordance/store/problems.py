"""What goes wrong with a project file, in words a working group can act on.

Kept apart from the code that hits the problems so that every module of the store (and the CLI,
through :class:`ProjectError` being an ``InputError``) reports them the same way.
"""
from __future__ import annotations

import os
import sqlite3

from ..errors import InputError


class ProjectError(InputError):
    """The project file cannot be used as asked (missing, not a project, newer schema, unknown act)."""

    def __init__(self, what: str, where: str = "", todo: str = "") -> None:
        if what and what[-1] not in ".!?)":
            what += "."
        super().__init__(what, where, todo)


def database_problem(path: str | os.PathLike, exc: BaseException) -> ProjectError:
    """What a database error on the project (SQLite file or PostgreSQL server) means for the user,
    and what to do about it."""
    text = str(exc).strip()
    low = text.lower()
    where = str(path)
    if not isinstance(exc, sqlite3.Error):
        return _server_problem(where, text, low)
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


def _server_problem(where: str, text: str, low: str) -> ProjectError:
    """A PostgreSQL error (psycopg's words) as a paragraph a working group can act on."""
    first = text.splitlines()[0] if text else "no reason given"
    if "lock timeout" in low or "deadlock" in low:
        return ProjectError(f"the project is in use by another program ({first}); nothing was written",
                            where=where, todo="Wait until the other concordance run finishes, then try again.")
    if "password" in low or "authentication" in low:
        return ProjectError(f"the database server refused the login ({first})", where=where,
                            todo="Check the user name and password (in ~/.pgpass or PGPASSWORD, or in the URL).")
    if "does not exist" in low and "database" in low:
        return ProjectError(f"no such database on the server ({first})", where=where,
                            todo="Create it first (`createdb NAME`, by whoever administers the server), "
                                 "or check its name in the URL.")
    if "connection" in low or "could not" in low or "timeout" in low or "server closed" in low:
        return ProjectError(f"the database server cannot be reached ({first})", where=where,
                            todo="Check the host and port in the URL and that the server is running; "
                                 "then try again.")
    if "permission denied" in low:
        return ProjectError(f"the database user may not do this ({first})", where=where,
                            todo="Ask whoever administers the server to grant the project's tables to this user.")
    return ProjectError(f"the database refused the change ({first}); nothing of it was written", where=where,
                        todo="Try again; if it persists, give this message to whoever administers the server.")
