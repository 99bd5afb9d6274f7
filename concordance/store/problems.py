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
