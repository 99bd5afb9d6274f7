"""Human decisions: per (reference act, reference provision, national act), with their history.

Humans outrank machines: a decision is only written by a reviewer (directly or by importing a
review workbook) or carried over an amendment, never by ``match``. Every change bumps
``row_version`` (so an import can detect that somebody else changed the row meanwhile) and is
logged as an event with the old and the new value.
"""
from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from ..errors import ConcordanceError
from ..model import Act, Compatibility, NationalNote
from .base import StoreBase, dumps, now
from .decision import Decision
from .problems import ProjectError
from .renumbering import Renumbering


class ConflictError(ConcordanceError):
    """A row changed since the caller read it (another import, an amendment): not applied.
    ``current`` is what the row holds now: a decision, or a note on a national provision."""

    def __init__(self, current: Decision | NationalNote | None, expected: int) -> None:
        self.current = current
        self.expected = expected
        super().__init__(f"row changed since version {expected} (now {current.row_version if current else 0})")


def _object(key: tuple[str, str, str]) -> str:
    """How a decision is named in the event log: ``REF:provision -> NATIONAL``."""
    return f"{key[0]}:{key[1]} -> {key[2]}"


def _decision_from_row(r: Any) -> Decision:
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
        completing_act=r["completing_act"],
        planned_date=r["planned_date"],
        source_file=r["source_file"],
        source_sha256=r["source_sha256"],
        export_id=r["export_id"],
        row_version=r["row_version"],
        reference_sha256=r["reference_sha256"],
        national_sha256=json.loads(r["national_sha256_json"] or "{}"),
        previous=json.loads(r["previous_json"]) if r["previous_json"] else None,
    )


class DecisionsMixin(StoreBase):
    """Reading and recording decisions, and carrying them over when an act is amended."""

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
                     completing_act: str = "", planned_date: str = "",
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
            self.lock_decisions([(reference_key, reference_provision, national_key)])
            old = self.decision(reference_key, reference_provision, national_key)
            current = old.row_version if old else 0
            if expected_row_version is not None and expected_row_version != current:
                raise ConflictError(old, expected_row_version)
            new = Decision(
                reference_key=reference_key, reference_provision=reference_provision,
                national_key=national_key, national_provisions=tuple(national_provisions),
                compatibility=Compatibility(compatibility), reasons=reasons or "", comment=comment or "",
                reviewer=reviewer or who, decided_at=now(), source_file=source_file,
                completing_act=completing_act or "", planned_date=planned_date or "",
                source_sha256=source_sha256, export_id=export_id, row_version=current + 1,
                reference_sha256=ref_h.get(reference_provision, ""),
                national_sha256={p: nat_h.get(p, "") for p in national_provisions}, previous=None)
            if not self._write_decision(new, current):
                raise ConflictError(self.decision(reference_key, reference_provision, national_key), current)
            self.record_event(action, _object(new.key), who=who or reviewer, source_file=source_file,
                              source_sha256=source_sha256, old=old.values() if old else None,
                              new=new.values())
        return new

    def lock_decisions(self, keys: Sequence[tuple[str, str, str]]) -> None:
        """Inside a transaction: hold these decision rows (reference act, provision, national act)
        against other writers until it ends, so that what is read of them stays true until the
        write. SQLite's write transaction holds the whole file already; on PostgreSQL the rows
        are locked one by one, in sorted order (two imports never wait for each other in a circle)."""
        self._conn.lock_keys(_object(k) for k in keys)

    def _write_decision(self, d: Decision, expected_row_version: int) -> bool:
        """Insert (``expected_row_version`` 0) or update the decision, only if the row is still at
        ``expected_row_version``: a compare-and-set, so that a change made meanwhile by another
        connection is never overwritten. False when the row moved on (nothing written)."""
        values = (json.dumps(list(d.national_provisions)), d.compatibility.value, d.reasons, d.comment,
                  d.reviewer, d.decided_at, d.source_file, d.source_sha256, d.export_id, d.row_version,
                  d.reference_sha256, json.dumps(dict(d.national_sha256)), dumps(d.previous),
                  d.completing_act, d.planned_date,
                  d.reference_key, d.reference_provision, d.national_key)
        if expected_row_version:
            cur = self._conn.execute(
                "UPDATE decisions SET national_provisions_json = ?, compatibility = ?, reasons = ?,"
                " comment = ?, reviewer = ?, decided_at = ?, source_file = ?, source_sha256 = ?,"
                " export_id = ?, row_version = ?, reference_sha256 = ?, national_sha256_json = ?,"
                " previous_json = ?, completing_act = ?, planned_date = ?"
                " WHERE reference_key = ? AND reference_provision = ?"
                " AND national_key = ? AND row_version = ?", values + (expected_row_version,))
        else:
            cur = self._conn.execute(
                "INSERT INTO decisions (national_provisions_json, compatibility, reasons, comment,"
                " reviewer, decided_at, source_file, source_sha256, export_id, row_version,"
                " reference_sha256, national_sha256_json, previous_json, completing_act, planned_date,"
                " reference_key, reference_provision, national_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                " ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (reference_key, reference_provision, national_key)"
                " DO NOTHING", values)
        return cur.rowcount == 1

    def _carry_decisions(self, key: str, role: str, old_act: Act, new_act: Act, *, who: str,
                         source_file: str, source_sha256: str) -> None:
        """After a new version of ``key``: keep decisions on unchanged text, follow renumbering,
        and mark the rest "to review" with what they said before (``previous``)."""
        ren = Renumbering(old_act, new_act)
        side = {"national_key": key} if role == "national" else {"reference_key": key}
        self.lock_decisions([d.key for d in self.decisions(**side)])
        decisions = self.decisions(**side)  # read again under the locks
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
            if not self._write_decision(new, d.row_version):
                raise ConflictError(self.decision(*new.key), d.row_version)
            self.record_event(
                "amendment_review" if changed_texts else "amendment_carry", _object(d.key), who=who,
                source_file=source_file, source_sha256=source_sha256,
                old={**d.values(), "reference_provision": d.reference_provision},
                new={**new.values(), "reference_provision": ref_id,
                     "changed": sorted(changed_texts)})
