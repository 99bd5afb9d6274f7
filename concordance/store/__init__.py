"""The project store: one SQLite file (or one PostgreSQL database) holding acts, their versions
and provisions, machine proposals, human decisions, exports, snapshots and an event log. This
package is the ONLY code that speaks SQL.

Why one file: a legal working group passes a project around by e-mail or a shared drive, and
SQLite keeps it consistent (every write is one transaction) without a server. Why PostgreSQL as
well: a working group that shares one project (several advisers importing at once, a ministry
reading status) needs a server; the same schema, migrations and commands run there
(:mod:`.engine` holds the little that differs).

Humans outrank machines. Proposals (what ``match`` found) and decisions (what a reviewer said) are
kept in separate tables: re-running ``match`` adds a new proposal run and never touches a decision.
Every change to a decision records who, when, from which file (and its SHA-256), the old value and
the new value in ``events``.

Schema changes are numbered migrations applied in order on open (``PRAGMA user_version``).

Modules, one job each:

- :mod:`.project`: :class:`Project` - opening/creating the file; combines the parts below
- :mod:`.schema`: the migrations, ``PRAGMA user_version``, recognising a project file
- :mod:`.base`: the shared connection, transactions and query helpers
- :mod:`.engine`: SQLite or PostgreSQL: placeholders, new ids, write transactions and row locks
- :mod:`.copying`: copying a whole project between engines (``concordance copy``)
- :mod:`.acts`: acts, their versions and provisions
- :mod:`.proposals`: match runs (machine proposals)
- :mod:`.decisions`: human decisions and their carry-over when an act is amended
- :mod:`.renumbering`: where an amended act's provisions went (pure, no SQL)
- :mod:`.notes`: reviewers' notes on national provisions (the national->reference table's comment
  and competent authority), versioned like decisions
- :mod:`.toc`: the Table of Concordance from decisions and proposals
- :mod:`.reverse`: which national provisions a national->reference table lists (pure, no SQL)
- :mod:`.events`, :mod:`.exports`, :mod:`.snapshots`: the event log, review exports, status snapshots
- :mod:`.fingerprints`: text and file hashes (pure, no SQL)
- :mod:`.problems`: the errors a project file can cause, in plain words
"""
from __future__ import annotations

# Names outside ``__all__`` (marked F401) are imported here too: they were importable from
# ``concordance.store`` before it became a package, and callers and tests still use them.
from .acts import ROLES, ActRecord  # noqa: F401
from .base import now  # noqa: F401
from .decision import Decision  # noqa: F401
from .decisions import ConflictError  # noqa: F401
from .engine import DatabaseURL, is_database_url  # noqa: F401
from .events import Event
from .exports import ExportRecord
from .fingerprints import file_sha256, subtree_hashes, text_hash  # noqa: F401
from .problems import ProjectError, database_problem
from .project import Project
from .proposals import PROPOSAL_MAX, PROPOSAL_SHARE, MatchRun, proposed_candidates  # noqa: F401
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION, is_project  # noqa: F401
from .snapshots import Snapshot
from .toc import COMPATIBILITY_RANK, best_compatibility

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
