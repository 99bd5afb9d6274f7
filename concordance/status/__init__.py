"""Harmonisation status: how much of each reference act a jurisdiction's laws transpose, over time.

Ministries and the regional SALW Commissions report twice a year how far each jurisdiction's weapons
legislation is aligned with the EU acquis. This module turns what a project holds (human decisions
where reviewers made them, machine proposals elsewhere) into those figures, per national act and
combined per jurisdiction, separately for each reference act (the directive, its implementing acts,
the UN Firearms Protocol, ...), and records them as snapshots so progress over time is a query.

What is counted
---------------
Each reference provision of a concordance gets one *outcome*:

* ``full`` / ``partial`` / ``none``: a reviewer decided so;
* ``not_applicable``: a reviewer decided not applicable, not to be transposed before accession, or
  discretionary (an option the state need not use) — not a gap;
* ``unreviewed``: nobody decided yet (or a decision was reset "to review", e.g. after an
  amendment). Of these, ``machine_gaps`` counts the rows the machine proposes as gaps and
  ``machine_uncertain`` the rows it leaves to an adviser (status ``review``: unsure whether the
  law carries the rule at all);
* ``text_not_held``: the project does not hold the reference text (an act held only in part);
  counted apart, never as a gap;
* ``not_transposable``: the matcher classified the provision as needing no transposition
  (addressees, entry into force, Commission powers) or marked the row not applicable; left out.

A reviewer outranks the machine: a row the machine left out (``not_transposable`` or
``text_not_held``) that a reviewer graded full, partial or none is counted with that grade; a row
graded not applicable counts as not applicable unless the matcher classified the provision as
non-transposable (then it stays out, so confirming the machine does not change the base).
The *transposable* provisions are full + partial + none + not_applicable + unreviewed; shares are
over that number.

Combining several acts of one jurisdiction
------------------------------------------
Bosnia and Herzegovina has entity, cantonal and Brčko laws; bylaws transpose parts of the directive.
For each reference provision the jurisdiction's outcome is:

1. ``full`` if any act is full (the project keeps decisions per act: a reviewer who finds that the
   acts only together transpose a provision records "full" on the row of the act that completes it);
2. else ``partial`` if any act is partial;
3. else ``unreviewed`` if any act is still unreviewed (a machine gap if every unreviewed act's
   proposal is a gap);
4. else ``none`` if any act was decided none (all acts decided, none of them transposes it);
5. else ``not_applicable`` (every act decided not applicable);
6. a provision left out by every act stays out (``text_not_held`` before ``not_transposable``).

Snapshots and change
--------------------
:func:`snapshot` computes the figures and stores them with the project (each review import calls
it, and first records the figures as they were before the import when no snapshot holds them).
"Change since the previous snapshot" compares the current figures with the latest snapshot whose
figures differ from them, so that right after an import (whose own snapshot holds the current
figures) the change shown is the import's effect; when every snapshot holds the current figures,
with the one before the latest (a change of zero). ``since`` picks a snapshot by label or id.

CSV columns (one row per reference act × jurisdiction × level)
--------------------------------------------------------------
``reference_act, reference_title, jurisdiction, level`` (``jurisdiction`` = all its acts combined,
``act`` = one national act) ``, national_act, national_title, transposable, full, partial, none,
not_applicable, unreviewed, unreviewed_machine_gaps, unreviewed_machine_uncertain, text_not_held,
not_transposable, full_pct,
partial_pct, none_pct, not_applicable_pct, unreviewed_pct`` (per cent of transposable, one decimal)
``, baseline`` (label of the snapshot compared with) ``, full_change, partial_change, none_change,
not_applicable_change, unreviewed_change`` (difference in counts; empty with no baseline)
``, computed_at``.

Where it is done
----------------
``figures`` (outcomes, one act, one jurisdiction), ``report`` (baseline and trend over snapshots),
``project`` (a project's status, snapshots, the dashboard), ``formats`` (CSV, JSON, table),
``themes`` (provisions grouped by subject), ``dashboard`` (the static HTML site).
"""
from __future__ import annotations

from .figures import (  # noqa: F401
    FORMAT_ID, COMBINED, UNASSIGNED, Outcome, COUNTED, OUTCOME_LABELS, Figures, ProvisionStatus,
    StatusEntry, SnapshotLike, row_outcome, combine_outcomes, act_entry, jurisdiction_entry,
)
from .report import (  # noqa: F401
    TrendPoint, StatusReport, snapshot_entries, choose_baseline, holds_now, build_report,
)
from .project import (  # noqa: F401
    Progress, compute, snapshot, write_dashboard,
)
from .formats import (  # noqa: F401
    CSV_COLUMNS, to_records, format_csv, format_json, format_table,
)

__all__ = [
    'COMBINED', 'COUNTED', 'CSV_COLUMNS', 'FORMAT_ID', 'Figures', 'OUTCOME_LABELS', 'Outcome',
    'Progress', 'ProvisionStatus', 'SnapshotLike', 'StatusEntry', 'StatusReport', 'TrendPoint',
    'UNASSIGNED', 'act_entry', 'build_report', 'choose_baseline', 'combine_outcomes', 'compute',
    'format_csv', 'format_json', 'format_table', 'holds_now', 'jurisdiction_entry', 'row_outcome',
    'snapshot', 'snapshot_entries', 'to_records', 'write_dashboard',
]
