"""Reviewers' notes on national provisions: the national->reference table's own columns (a comment,
the competent authority), per (reference act, national act, national provision).

Why apart from decisions: a decision is about one reference row; these columns belong to a national
article, which answers many reference rows or none. They are kept like decisions all the same: only
a reviewer writes them, every change bumps ``row_version`` (so an import can tell that somebody
changed the note since its workbook was exported) and is logged with the old and the new value.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import NATIONAL_NOTE_FIELDS, NationalNote
from .base import StoreBase, now
from .decisions import ConflictError
from .problems import ProjectError


def note_object(key: tuple[str, str, str]) -> str:
    """How a note is named in the event log and in row locks: ``NATIONAL:provision <- REF`` (the
    national provision first, as the national->reference table reads; never a decision's name)."""
    return f"{key[1]}:{key[2]} <- {key[0]}"


def parse_note_object(obj: str) -> tuple[str, str, str] | None:
    """The inverse of :func:`note_object`: (reference act, national act, provision), or None for
    an event about anything else."""
    left, sep, reference = obj.partition(" <- ")
    national, colon, provision = left.partition(":")
    return (reference, national, provision) if sep and colon else None


def _note_from_row(r: Any) -> NationalNote:
    return NationalNote(
        reference_key=r["reference_key"], national_key=r["national_key"],
        national_provision=r["national_provision"], comment=r["comment"], authority=r["authority"],
        reviewer=r["reviewer"], noted_at=r["noted_at"], row_version=r["row_version"],
        source_file=r["source_file"], export_id=r["export_id"])


class NotesMixin(StoreBase):
    """Reading and recording notes on national provisions."""

    def national_notes(self, reference_key: str | None = None,
                       national_key: str | None = None) -> list[NationalNote]:
        """The notes, oldest first (optionally for one reference act and/or national act)."""
        return [_note_from_row(r) for r in self._select("national_notes", reference_key=reference_key,
                                                        national_key=national_key)]

    def national_note(self, reference_key: str, national_key: str, provision: str) -> NationalNote | None:
        """The note on one national provision in one reference act's ToC, or None."""
        if not (reference_key and national_key and provision):
            return None   # an empty value would not filter (``_select``)
        rows = self._select("national_notes", reference_key=reference_key, national_key=national_key,
                            national_provision=provision)
        return _note_from_row(rows[0]) if rows else None

    def lock_notes(self, keys: Sequence[tuple[str, str, str]]) -> None:
        """Inside a transaction: hold these notes against other writers until it ends (as
        :meth:`lock_decisions` does for decisions)."""
        self._conn.lock_keys(note_object(k) for k in keys)

    def set_national_note(self, reference_key: str, national_key: str, provision: str, *,
                          comment: str = "", authority: str = "", reviewer: str = "", who: str = "",
                          source_file: str = "", source_sha256: str = "", export_id: str = "",
                          expected_row_version: int | None = None, action: str = "note") -> NationalNote:
        """Record a note (insert or update) and its event, in one transaction.

        ``expected_row_version`` guards against lost updates, as for decisions: when the note moved
        on since the caller read it (0 = no note then), :class:`ConflictError` is raised and
        nothing is written."""
        if reference_key not in {a.key for a in self.acts("reference")}:
            raise ProjectError(f"the project holds no reference act {reference_key}")
        if provision not in self.act(national_key):
            raise ProjectError(f"{national_key} has no provision {provision}")
        key = (reference_key, national_key, provision)
        with self.transaction():
            self.lock_notes([key])
            old = self.national_note(*key)
            current = old.row_version if old else 0
            if expected_row_version is not None and expected_row_version != current:
                raise ConflictError(old, expected_row_version)
            new = NationalNote(reference_key, national_key, provision, comment=comment or "",
                               authority=authority or "", reviewer=reviewer or who, noted_at=now(),
                               row_version=current + 1, source_file=source_file, export_id=export_id)
            if not self._write_note(new, source_sha256, current):
                raise ConflictError(self.national_note(*key), current)
            self.record_event(action, note_object(key), who=who or reviewer, source_file=source_file,
                              source_sha256=source_sha256, old=old.values() if old else None,
                              new={**new.values(), "reviewer": new.reviewer})
        return new

    def _write_note(self, n: NationalNote, source_sha256: str, expected_row_version: int) -> bool:
        """Insert (``expected_row_version`` 0) or update the note only if it is still at that
        version: a compare-and-set, as for decisions. False when it moved on (nothing written)."""
        values = (n.comment, n.authority, n.reviewer, n.noted_at, n.source_file, source_sha256, n.export_id,
                  n.row_version, n.reference_key, n.national_key, n.national_provision)
        if expected_row_version:
            cur = self._conn.execute(
                "UPDATE national_notes SET comment = ?, authority = ?, reviewer = ?, noted_at = ?,"
                " source_file = ?, source_sha256 = ?, export_id = ?, row_version = ?"
                " WHERE reference_key = ? AND national_key = ? AND national_provision = ?"
                " AND row_version = ?", values + (expected_row_version,))
        else:
            cur = self._conn.execute(
                "INSERT INTO national_notes (comment, authority, reviewer, noted_at, source_file, source_sha256,"
                " export_id, row_version, reference_key, national_key, national_provision)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (reference_key, national_key, national_provision) DO NOTHING", values)
        return cur.rowcount == 1


__all__ = ["NotesMixin", "note_object", "parse_note_object", "NATIONAL_NOTE_FIELDS"]
