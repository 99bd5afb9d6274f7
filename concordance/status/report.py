"""The status report: every entry's figures, the baseline snapshot they are compared with, and the
trend over the snapshots; built from concordances and snapshots, not from a project."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from ..errors import InputError
from ..model import ActMeta, Concordance
from .figures import COMBINED, FORMAT_ID, Figures, ProvisionStatus, SnapshotLike, StatusEntry, act_entry, jurisdiction_entry
from .themes import ThemeBook, assign_themes, load_themes


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
