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
"""
from __future__ import annotations

import csv
import enum
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Protocol, Sequence

from .acts import provision_status
from .errors import InputError
from .missing_rows import with_missing_rows
from .model import (
    ActMeta,
    Compatibility,
    Concordance,
    ConcordanceRow,
    NationalRef,
    ProvisionClass,
    RowStatus,
)
from .themes import ThemeBook, assign_themes, load_themes

FORMAT_ID = "concordance-status/1"
COMBINED = ""  # the act key of a jurisdiction's combined entry
UNASSIGNED = "unassigned"  # the jurisdiction of national acts whose act.toml names none


class Outcome(str, enum.Enum):
    FULL = "full"
    PARTIAL = "partial"
    NONE = "none"
    NOT_APPLICABLE = "not_applicable"
    UNREVIEWED = "unreviewed"
    TEXT_NOT_HELD = "text_not_held"
    NOT_TRANSPOSABLE = "not_transposable"


COUNTED: tuple[Outcome, ...] = (
    Outcome.FULL, Outcome.PARTIAL, Outcome.NONE, Outcome.NOT_APPLICABLE, Outcome.UNREVIEWED,
)
OUTCOME_LABELS: dict[str, str] = {
    "full": "Full",
    "partial": "Partial",
    "none": "None",
    "not_applicable": "Not applicable",
    "unreviewed": "Unreviewed",
    "machine_gaps": "of which proposed gaps",
    "machine_uncertain": "of which uncertain",
    "text_not_held": "Text not held",
    "not_transposable": "Not transposable",
}
_NOT_APPLICABLE_GRADES = (
    Compatibility.NOT_APPLICABLE, Compatibility.NOT_TRANSPOSABLE, Compatibility.DISCRETIONARY,
)
_GRADE_OUTCOME = {
    Compatibility.FULL: Outcome.FULL,
    Compatibility.PARTIAL: Outcome.PARTIAL,
    Compatibility.NONE: Outcome.NONE,
}


# ---------------------------------------------------------------------------------------------
# figures
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figures:
    """Counts of reference provisions by outcome for one act or jurisdiction."""

    full: int = 0
    partial: int = 0
    none: int = 0
    not_applicable: int = 0
    unreviewed: int = 0
    machine_gaps: int = 0      # of the unreviewed: proposed as gaps by the machine
    text_not_held: int = 0
    not_transposable: int = 0
    machine_uncertain: int = 0  # of the unreviewed: the machine is unsure the law carries the rule

    FIELDS = ("full", "partial", "none", "not_applicable", "unreviewed", "machine_gaps",
              "text_not_held", "not_transposable", "machine_uncertain")

    @property
    def transposable(self) -> int:
        return self.full + self.partial + self.none + self.not_applicable + self.unreviewed

    def count(self, name: str) -> int:
        if name == "transposable":
            return self.transposable
        return int(getattr(self, name))

    def share(self, name: str) -> float:
        """Share of the transposable provisions (0.0 when there are none)."""
        return self.count(name) / self.transposable if self.transposable else 0.0

    def as_dict(self) -> dict[str, int]:
        out = {name: self.count(name) for name in self.FIELDS}
        out["transposable"] = self.transposable
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Figures":
        return cls(**{name: int(data.get(name, 0) or 0) for name in cls.FIELDS})

    @classmethod
    def tally(cls, provisions: Iterable["ProvisionStatus"]) -> "Figures":
        counts = {name: 0 for name in cls.FIELDS}
        for p in provisions:
            counts[p.outcome.value] += 1
            if p.outcome is Outcome.UNREVIEWED and p.machine_gap:
                counts["machine_gaps"] += 1
            elif p.outcome is Outcome.UNREVIEWED and p.machine_uncertain:
                counts["machine_uncertain"] += 1
        return cls(**counts)

    def minus(self, other: "Figures") -> dict[str, int]:
        return {name: self.count(name) - other.count(name) for name in self.FIELDS + ("transposable",)}


@dataclass(frozen=True)
class ProvisionStatus:
    """One reference provision's outcome for one act (or a jurisdiction's acts combined), with the
    row content a reader needs to check it."""

    provision: str
    citation: str
    article: str
    heading: str
    text: str
    klass: ProvisionClass
    theme: str
    outcome: Outcome
    machine_gap: bool = False
    national: tuple[NationalRef, ...] = ()
    machine_uncertain: bool = False   # unreviewed, and the matcher's status is "review"
    compatibility: str = ""
    decided: bool = False
    reviewer: str = ""
    decided_at: str = ""
    score: float | None = None
    reasons: str = ""
    comment: str = ""
    per_act: tuple[tuple[str, Outcome], ...] = ()   # combined rows: (act key, outcome)

    @property
    def is_open_gap(self) -> bool:
        """A gap still to close: decided none or partial, or unreviewed and proposed as a gap."""
        return self.outcome in (Outcome.NONE, Outcome.PARTIAL) or (
            self.outcome is Outcome.UNREVIEWED and self.machine_gap)


@dataclass(frozen=True)
class StatusEntry:
    """Figures for one reference act and one national act, or all acts of a jurisdiction."""

    reference: ActMeta
    jurisdiction: str
    act: ActMeta | None               # None: all the jurisdiction's acts combined
    acts: tuple[ActMeta, ...]         # the national acts behind the figures
    figures: Figures
    provisions: tuple[ProvisionStatus, ...]
    matched: bool = True              # False: no machine proposals exist for (one of) the acts

    @property
    def act_key(self) -> str:
        return self.act.key if self.act else COMBINED

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.reference.key, self.jurisdiction, self.act_key)

    @property
    def combined(self) -> bool:
        return self.act is None


class SnapshotLike(Protocol):
    id: int
    label: str
    taken_at: str
    figures: dict
    source: str


# ---------------------------------------------------------------------------------------------
# one row, one act, one jurisdiction
# ---------------------------------------------------------------------------------------------
def row_outcome(row: ConcordanceRow, listed_missing: bool = False) -> tuple[Outcome, bool]:
    """The outcome of one concordance row and whether the machine proposes it as a gap.

    Order matters: a reviewer's full / partial / none wins over everything; a provision the matcher
    classified non-transposable stays out; a reviewer's not applicable (or not to be transposed
    before accession, or discretionary) counts as not applicable; then the machine's row status
    (not applicable: out; reference text not held at all: text not held); the rest is unreviewed. The
    store rewrites a decided row's status from the decision, so the status is read only for
    undecided rows. ``listed_missing``: the reference act's act.toml lists the provision as not held.
    """
    grade = row.compatibility if row.decided else None
    if grade in _GRADE_OUTCOME:
        return _GRADE_OUTCOME[grade], False
    if row.klass is ProvisionClass.NON_TRANSPOSABLE:
        return Outcome.NOT_TRANSPOSABLE, False
    if grade in _NOT_APPLICABLE_GRADES:
        return Outcome.NOT_APPLICABLE, False
    if row.status is RowStatus.NOT_APPLICABLE:
        return Outcome.NOT_TRANSPOSABLE, False
    if row.status is RowStatus.MISSING_TEXT and (listed_missing or not row.text.strip()):
        return Outcome.TEXT_NOT_HELD, False
    # A provision held in part for which the part held gave no counterpart is still a provision
    # with text: unreviewed (never a gap), so that one reference act counts the same for every law.
    return Outcome.UNREVIEWED, row.status is RowStatus.GAP


def combine_outcomes(outcomes: Sequence[tuple[Outcome, bool]]) -> tuple[Outcome, bool]:
    """A jurisdiction's outcome from its acts' outcomes (the rule in the module docstring)."""
    kinds = [o for o, _ in outcomes]
    if Outcome.FULL in kinds:
        return Outcome.FULL, False
    if Outcome.PARTIAL in kinds:
        return Outcome.PARTIAL, False
    if Outcome.UNREVIEWED in kinds:
        return Outcome.UNREVIEWED, all(gap for o, gap in outcomes if o is Outcome.UNREVIEWED)
    if Outcome.NONE in kinds:
        return Outcome.NONE, False
    if Outcome.NOT_APPLICABLE in kinds:
        return Outcome.NOT_APPLICABLE, False
    if Outcome.TEXT_NOT_HELD in kinds:
        return Outcome.TEXT_NOT_HELD, False
    return Outcome.NOT_TRANSPOSABLE, False


def _provision_status(row: ConcordanceRow, theme: str, matched: bool = True,
                      reference: ActMeta | None = None) -> ProvisionStatus:
    listed = reference is not None and provision_status(reference, row.reference_provision) == "missing"
    outcome, gap = row_outcome(row, listed)
    gap = gap and matched
    uncertain = matched and outcome is Outcome.UNREVIEWED and row.status is RowStatus.REVIEW
    return ProvisionStatus(
        provision=row.reference_provision, citation=row.citation, article=row.article or row.reference_provision,
        heading=row.heading, text=row.text, klass=row.klass, theme=theme, outcome=outcome, machine_gap=gap,
        machine_uncertain=uncertain,
        national=row.national,
        compatibility=row.compatibility.value if row.compatibility is not None else "",
        decided=row.decided, reviewer=row.reviewer, decided_at=row.decided_at, score=row.score,
        reasons=row.reasons, comment=row.comment,
    )


def act_entry(concordance: Concordance, jurisdiction: str, themes: Mapping[str, str],
              fallback_theme: str = "other", matched: bool = True) -> StatusEntry:
    """Figures for one reference act against one national act (``matched`` False: the machine
    never compared them, so no undecided row is a proposed gap)."""
    if len(concordance.national) != 1:
        raise ValueError("act_entry needs a concordance of one national act")
    provisions = tuple(
        _provision_status(r, themes.get(r.reference_provision, fallback_theme), matched, concordance.reference)
        for r in concordance.rows)
    return StatusEntry(concordance.reference, jurisdiction, concordance.national[0], concordance.national,
                       Figures.tally(provisions), provisions, matched)


def jurisdiction_entry(reference: ActMeta, jurisdiction: str, acts: Sequence[StatusEntry]) -> StatusEntry:
    """Figures for a jurisdiction's acts combined, by :func:`combine_outcomes` per provision."""
    if not acts:
        raise ValueError(f"no acts for jurisdiction {jurisdiction!r}")
    order: list[str] = []
    per_provision: dict[str, list[tuple[str, ProvisionStatus]]] = {}
    for entry in acts:
        for p in entry.provisions:
            if p.provision not in per_provision:
                order.append(p.provision)
                per_provision[p.provision] = []
            per_provision[p.provision].append((entry.act_key, p))
    combined = []
    for pid in order:
        members = per_provision[pid]
        votes = [(p.outcome, p.machine_gap) for _, p in members]
        per_act = [(key, p.outcome) for key, p in members]
        reviewers = [p.reviewer for _, p in members if p.reviewer]
        outcome, gap = combine_outcomes(votes)
        first = members[0][1]
        national: list[NationalRef] = []
        for _, p in members:
            national.extend(n for n in p.national if n not in national)
        combined.append(ProvisionStatus(
            provision=pid, citation=first.citation, article=first.article, heading=first.heading, text=first.text,
            klass=first.klass, theme=first.theme, outcome=outcome, machine_gap=gap, national=tuple(national),
            machine_uncertain=(outcome is Outcome.UNREVIEWED and not gap
                               and any(p.machine_uncertain for _, p in members)),
            compatibility=outcome.value if outcome in COUNTED and outcome is not Outcome.UNREVIEWED else "",
            decided=outcome in COUNTED and outcome is not Outcome.UNREVIEWED,
            reviewer=", ".join(dict.fromkeys(reviewers)),
            decided_at=max((p.decided_at for _, p in members), default=""),
            score=max((p.score for _, p in members if p.score is not None), default=None),
            reasons=" | ".join(p.reasons for _, p in members if p.reasons),
            comment=" | ".join(p.comment for _, p in members if p.comment),
            per_act=tuple(per_act),
        ))
    provisions = tuple(combined)
    national_acts = tuple(e.act for e in acts if e.act is not None)
    return StatusEntry(reference, jurisdiction, None, national_acts, Figures.tally(provisions), provisions,
                       all(e.matched for e in acts))


# ---------------------------------------------------------------------------------------------
# the report
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class TrendPoint:
    label: str
    taken_at: str
    figures: Figures
    current: bool = False   # True for the not-yet-recorded present state
    snapshot_id: int | None = None

    @property
    def key(self) -> str:
        """Names the point uniquely (labels may repeat: every review import records one)."""
        return "now" if self.current else str(self.snapshot_id)


@dataclass(frozen=True)
class StatusReport:
    """All figures of a project at one moment, with its snapshots for comparison and trends."""

    computed_at: str
    references: tuple[ActMeta, ...]
    entries: tuple[StatusEntry, ...]
    snapshots: tuple[SnapshotLike, ...] = ()
    baseline: SnapshotLike | None = None
    themes: ThemeBook = field(default_factory=load_themes)

    # -- lookups -------------------------------------------------------------------------------
    def entry(self, reference: str, jurisdiction: str, act: str = COMBINED) -> StatusEntry | None:
        for e in self.entries:
            if e.key == (reference, jurisdiction, act):
                return e
        return None

    def jurisdictions(self) -> list[str]:
        return list(dict.fromkeys(e.jurisdiction for e in self.entries))

    def entries_for(self, reference: str | None = None, jurisdiction: str | None = None,
                    combined: bool | None = None) -> list[StatusEntry]:
        return [e for e in self.entries
                if (reference is None or e.reference.key == reference)
                and (jurisdiction is None or e.jurisdiction == jurisdiction)
                and (combined is None or e.combined == combined)]

    # -- snapshots -----------------------------------------------------------------------------
    def figures(self) -> dict[str, Any]:
        """The JSON-ready payload a snapshot stores: counts per entry, and each combined
        entry's outcome per provision (so a later report can list what moved)."""
        return {
            "format": FORMAT_ID,
            "computed_at": self.computed_at,
            "references": {r.key: r.short_title or r.title for r in self.references},
            "entries": [
                {"reference": e.reference.key, "jurisdiction": e.jurisdiction, "act": e.act_key,
                 "act_title": e.act.title if e.act else "", **e.figures.as_dict()}
                for e in self.entries
            ],
            "outcomes": {
                f"{e.reference.key}|{e.jurisdiction}": {p.provision: p.outcome.value for p in e.provisions}
                for e in self.entries if e.combined
            },
        }

    def change(self, entry: StatusEntry) -> dict[str, int] | None:
        """Difference in counts since the baseline snapshot (None without one, or when the entry
        is new since then)."""
        if self.baseline is None:
            return None
        old = snapshot_entries(self.baseline).get(entry.key)
        return entry.figures.minus(old) if old is not None else None

    @staticmethod
    def outcomes_at(snap: SnapshotLike, reference: str, jurisdiction: str) -> dict[str, str]:
        """Provision id -> outcome of a jurisdiction's combined entry as a snapshot recorded it."""
        return dict(((getattr(snap, "figures", None) or {}).get("outcomes", {})
                     .get(f"{reference}|{jurisdiction}") or {}))

    def moved(self, entry: StatusEntry) -> list[tuple[ProvisionStatus, str]]:
        """Provisions of a combined entry whose outcome differs from the baseline: (now, before)."""
        if self.baseline is None or not entry.combined:
            return []
        before = self.outcomes_at(self.baseline, entry.reference.key, entry.jurisdiction)
        if not before:
            return []
        return [(p, before[p.provision]) for p in entry.provisions
                if p.provision in before and before[p.provision] != p.outcome.value]

    @property
    def current_recorded(self) -> bool:
        """True when the latest snapshot holds exactly the current figures."""
        return bool(self.snapshots) and holds_now(self.snapshots[-1], self.entries)

    def trend(self, reference: str, jurisdiction: str, act: str = COMBINED) -> list[TrendPoint]:
        """The entry's figures at each snapshot, then now (unless the latest snapshot is now)."""
        points = []
        for snap in self.snapshots:
            figs = snapshot_entries(snap).get((reference, jurisdiction, act))
            if figs is not None:
                points.append(TrendPoint(snap.label, snap.taken_at, figs, snapshot_id=snap.id))
        now = self.entry(reference, jurisdiction, act)
        if now is not None and not self.current_recorded:
            points.append(TrendPoint("now", self.computed_at, now.figures, current=True))
        return points


def snapshot_entries(snap: SnapshotLike) -> dict[tuple[str, str, str], Figures]:
    """(reference, jurisdiction, act) -> Figures held in a snapshot."""
    data = getattr(snap, "figures", None) or {}
    out = {}
    for e in data.get("entries", ()):
        out[(str(e.get("reference", "")), str(e.get("jurisdiction", "")), str(e.get("act", "") or ""))] = \
            Figures.from_dict(e)
    return out


def choose_baseline(entries: Sequence[StatusEntry], snapshots: Sequence[SnapshotLike],
                    since: str | int | None = None) -> SnapshotLike | None:
    """The snapshot to compare with (see the module docstring); ``since`` is a label or an id."""
    if since not in (None, ""):
        wanted = str(since)
        for snap in reversed(snapshots):
            if snap.label == wanted or str(snap.id) == wanted:
                return snap
        known = ", ".join(f"{s.id} ({s.label})" for s in snapshots) or "none yet"
        raise InputError(f"no snapshot with label or id {wanted!r}", where="--since",
                         todo=f"Use one of the project's snapshots: {known}.")
    if not snapshots:
        return None
    for snap in reversed(snapshots):
        if not holds_now(snap, entries):
            return snap
    return snapshots[-2] if len(snapshots) > 1 else snapshots[-1]


def holds_now(snap: SnapshotLike, entries: Sequence[StatusEntry]) -> bool:
    """True when the snapshot holds exactly the current figures of every entry (entries it holds
    beyond those, e.g. other reference acts when a report is limited to one, do not matter)."""
    held = snapshot_entries(snap)
    return bool(entries) and all(held.get(e.key) == e.figures for e in entries)


def _sorted_snapshots(snapshots: Iterable[SnapshotLike]) -> tuple[SnapshotLike, ...]:
    return tuple(sorted(snapshots, key=lambda s: (str(s.taken_at), int(s.id))))


def build_report(
    concordances: Iterable[tuple[str, Concordance]],
    snapshots: Iterable[SnapshotLike] = (),
    *,
    unmatched: Iterable[tuple[str, str]] = (),
    since: str | int | None = None,
    themes: ThemeBook | None = None,
    computed_at: str | None = None,
) -> StatusReport:
    """Figures from concordances already built: ``(jurisdiction, concordance of one national act)``
    pairs. ``unmatched`` names (reference key, national key) pairs the machine never matched: their
    undecided rows are unreviewed but not counted as proposed gaps (no proposal exists)."""
    book = themes or load_themes()
    not_matched = set(unmatched)
    references: dict[str, ActMeta] = {}
    theme_maps: dict[str, dict[str, str]] = {}
    grouped: dict[tuple[str, str], list[StatusEntry]] = {}
    for jurisdiction, conc in concordances:
        ref = conc.reference
        if ref.key not in references:
            references[ref.key] = ref
            theme_maps[ref.key] = assign_themes(conc.rows, ref.language or "en", book)
        else:
            missing = [r for r in conc.rows if r.reference_provision not in theme_maps[ref.key]]
            if missing:
                theme_maps[ref.key].update(assign_themes(missing, ref.language or "en", book))
        entry = act_entry(conc, jurisdiction, theme_maps[ref.key], book.fallback.id,
                          matched=(ref.key, conc.national[0].key) not in not_matched)
        grouped.setdefault((ref.key, jurisdiction), []).append(entry)
    entries: list[StatusEntry] = []
    for ref_key in references:
        for (rk, jur), acts in sorted(grouped.items(), key=lambda kv: kv[0][1]):
            if rk == ref_key:
                entries.append(jurisdiction_entry(references[ref_key], jur, acts))
                entries.extend(acts)
    snaps = _sorted_snapshots(snapshots)
    return StatusReport(
        computed_at=computed_at or datetime.now(timezone.utc).isoformat(timespec="seconds"),
        references=tuple(references.values()),
        entries=tuple(entries),
        snapshots=snaps,
        baseline=choose_baseline(entries, snaps, since),
        themes=book,
    )


# ---------------------------------------------------------------------------------------------
# the project
# ---------------------------------------------------------------------------------------------
Progress = Callable[[int, int, str], None]


def compute(project: Any, *, references: Sequence[str] | None = None, since: str | int | None = None,
            progress: Progress | None = None) -> StatusReport:
    """Status of every reference act × national act of a project, combined per jurisdiction.

    ``progress(done, total, what)`` is called after each concordance is read (the CLI draws a bar).
    """
    all_refs = project.acts("reference")
    refs = [r for r in all_refs if not references or r.key in references]
    if references:
        unknown = sorted(set(references) - {r.key for r in refs})
        if unknown:
            known = ", ".join(r.key for r in all_refs) or "none"
            raise InputError(f"no reference act {', '.join(unknown)} in the project", where="--reference",
                             todo=f"Use one of: {known}.")
    # an act without a jurisdiction in its act.toml is grouped, and shown, as "unassigned"
    jurisdictions = {jur or UNASSIGNED: keys for jur, keys in project.jurisdictions().items()}
    jobs = [(ref.key, jur, key) for ref in refs for jur, keys in jurisdictions.items() for key in keys]
    matched = {(m.reference_key, m.national_key) for m in project.match_runs()}
    pairs: list[tuple[str, Concordance]] = []
    for done, (ref_key, jur, key) in enumerate(jobs, 1):
        # an incomplete reference act: its missing provisions count as "text not held", not vanish
        pairs.append((jur, with_missing_rows(project.concordance(ref_key, [key]))))
        if progress is not None:
            progress(done, len(jobs), f"{ref_key} × {key}")
    unmatched = [(r, k) for r, _, k in jobs if (r, k) not in matched]
    return build_report(pairs, project.snapshots(), unmatched=unmatched, since=since)


def snapshot(project: Any, label: str, source: str = "") -> int:
    """Compute the project's figures now and record them as a snapshot; returns its id.

    The review import calls this after applying a workbook (``source`` = the workbook's name), and
    ``concordance snapshot PROJECT --label "H2 2026"`` calls it for a reporting date.
    """
    label = (label or "").strip()
    if not label:
        raise InputError("a snapshot needs a label", where="--label",
                         todo='Give one, e.g. --label "H2 2026".')
    report = compute(project)
    return project.save_snapshot(label, report.figures(), source)


def write_dashboard(project: Any, out_dir: str | Path, progress: Progress | None = None,
                    title: str = "Harmonisation status") -> Path:
    """Write the static HTML dashboard of a project into ``out_dir``; returns index.html's path."""
    from .dashboard import write_site

    return write_site(compute(project, progress=progress), out_dir, title=title)


# ---------------------------------------------------------------------------------------------
# output formats
# ---------------------------------------------------------------------------------------------
CSV_COLUMNS = (
    "reference_act", "reference_title", "jurisdiction", "level", "national_act", "national_title",
    "transposable", "full", "partial", "none", "not_applicable", "unreviewed", "unreviewed_machine_gaps",
    "unreviewed_machine_uncertain", "text_not_held", "not_transposable", "full_pct", "partial_pct", "none_pct", "not_applicable_pct",
    "unreviewed_pct", "baseline", "full_change", "partial_change", "none_change", "not_applicable_change",
    "unreviewed_change", "computed_at",
)


def _pct(f: Figures, name: str) -> float:
    return round(100.0 * f.share(name), 1)


def _spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula when the CSV is opened or pasted."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_records(report: StatusReport) -> list[dict[str, Any]]:
    """One flat record per entry: the CSV and JSON outputs are built from these."""
    out = []
    for e in report.entries:
        f = e.figures
        change = report.change(e)
        rec: dict[str, Any] = {
            "reference_act": e.reference.key,
            "reference_title": e.reference.title,
            "jurisdiction": e.jurisdiction,
            "level": "jurisdiction" if e.combined else "act",
            "national_act": "" if e.combined else e.act.key,
            "national_title": "" if e.combined else e.act.title,
            "transposable": f.transposable,
            "full": f.full, "partial": f.partial, "none": f.none, "not_applicable": f.not_applicable,
            "unreviewed": f.unreviewed, "unreviewed_machine_gaps": f.machine_gaps,
            "unreviewed_machine_uncertain": f.machine_uncertain,
            "text_not_held": f.text_not_held, "not_transposable": f.not_transposable,
        }
        for name in (o.value for o in COUNTED):
            rec[f"{name}_pct"] = _pct(f, name)
        rec["baseline"] = report.baseline.label if report.baseline is not None else ""
        for name in (o.value for o in COUNTED):
            rec[f"{name}_change"] = change[name] if change is not None else None
        rec["computed_at"] = report.computed_at
        out.append(rec)
    return out


def format_csv(report: StatusReport) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for rec in to_records(report):
        writer.writerow({k: ("" if v is None else _spreadsheet_safe(v) if isinstance(v, str) else v)
                         for k, v in rec.items()})
    return buf.getvalue()


def format_json(report: StatusReport) -> str:
    data = {
        "format": FORMAT_ID,
        "computed_at": report.computed_at,
        "baseline": ({"id": report.baseline.id, "label": report.baseline.label, "taken_at": report.baseline.taken_at}
                     if report.baseline is not None else None),
        "snapshots": [{"id": s.id, "label": s.label, "taken_at": s.taken_at, "source": s.source}
                      for s in report.snapshots],
        "entries": [],
    }
    for e, rec in zip(report.entries, to_records(report)):
        data["entries"].append({
            "reference": e.reference.key,
            "jurisdiction": e.jurisdiction,
            "act": e.act_key or None,
            "act_title": e.act.title if e.act else None,
            "counts": e.figures.as_dict(),
            "shares": {o.value: round(e.figures.share(o.value), 4) for o in COUNTED},
            "change": report.change(e),
        })
    return json.dumps(data, ensure_ascii=False, indent=2)


def format_table(report: StatusReport) -> str:
    """A plain-text table per reference act: jurisdictions, then their acts indented."""
    lines: list[str] = []
    if report.baseline is not None:
        lines.append(f"Change since snapshot {report.baseline.label!r} ({report.baseline.taken_at}).")
    elif report.snapshots:
        lines.append("No earlier snapshot to compare with.")
    else:
        lines.append('No snapshots yet (record one with: concordance snapshot PROJECT --label "...").')
    heads = ["Jurisdiction / act", "Transp."] + [OUTCOME_LABELS[o.value] for o in COUNTED] + \
        ["Proposed gaps", "Uncertain", "Text not held"]
    for ref in report.references:
        lines.append("")
        lines.append(f"{ref.key} — {ref.title}")
        table: list[list[str]] = [heads]
        for e in report.entries_for(reference=ref.key):
            f = e.figures
            change = report.change(e)
            name = e.jurisdiction + " (all acts)" if e.combined else "  " + e.act.key
            cells = [name, str(f.transposable)]
            for o in COUNTED:
                cell = f"{f.count(o.value)} {_pct(f, o.value):.1f}%"
                if change is not None and change[o.value]:
                    cell += f" {change[o.value]:+d}"
                cells.append(cell)
            cells += [str(f.machine_gaps), str(f.machine_uncertain), str(f.text_not_held)]
            table.append(cells)
        widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
        for n, row in enumerate(table):
            lines.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(row)))
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
    if not report.entries:
        lines.append("")
        lines.append("The project has no reference act and national act to compare yet.")
    return "\n".join(lines) + "\n"
