"""Outcomes and figures: what one reference provision counts as (a reviewer's grade, else the
machine's proposal), and the counts per national act and per jurisdiction (the rules are in the
package's docstring, :mod:`concordance.status`)."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Protocol, Sequence

from ..catalogue.acts import provision_status
from ..model import (
    ActMeta,
    Compatibility,
    Concordance,
    ConcordanceRow,
    NationalRef,
    ProvisionClass,
    RowStatus,
)

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
