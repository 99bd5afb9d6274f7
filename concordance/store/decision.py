"""A human decision as the store holds it: the one record both the decisions table and the
amendment carry-over (:mod:`.renumbering`) work with, so neither has to import the other."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Compatibility


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
    completing_act: str = ""      # a form's "which act will complete it" (MK column 7)
    planned_date: str = ""        # a form's "planned deadline for full approximation" (MK column 8)
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
            "completing_act": self.completing_act,
            "planned_date": self.planned_date,
        }
