"""Review exports: what each exported review workbook showed, row by row.

Why: when the workbook comes back (days later, edited by several people), the import compares each
row with what was exported to tell what the reviewer changed, and with the row's current version
to tell a conflict with a change made meanwhile.
"""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .base import StoreBase, now


@dataclass(frozen=True)
class ExportRecord:
    id: str
    created_at: str
    lang: str
    file: str
    reference_keys: tuple[str, ...]
    rows: Mapping[str, dict]   # row id -> what the row held when exported
    #: National provisions sheet: row id -> what the row held (empty: the workbook has no such sheet)
    national_rows: Mapping[str, dict] = field(default_factory=dict)


class ExportsMixin(StoreBase):
    """Recording review exports and looking them up by id."""

    def record_export(self, export_id: str, *, lang: str, file: str, reference_keys: Sequence[str],
                      rows: Mapping[str, dict], who: str = "", national_rows: Mapping[str, dict] | None = None
                      ) -> None:
        """Remember a review export: per row id what the row held (and, for the National provisions
        sheet, ``national_rows``), so its import can tell changes."""
        national_rows = dict(national_rows or {})
        with self.transaction():
            self._conn.execute(
                "INSERT INTO exports (id, created_at, lang, file, reference_keys_json, rows_json, national_rows_json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (export_id, now(), lang, file, json.dumps(list(reference_keys)),
                 json.dumps(dict(rows), ensure_ascii=False), json.dumps(national_rows, ensure_ascii=False)))
            self.record_event("export", export_id, who=who, source_file=file,
                              new={"rows": len(rows), "lang": lang,
                                   **({"national_rows": len(national_rows)} if national_rows else {})})

    def export(self, export_id: str) -> ExportRecord | None:
        """A recorded review export, or None for an id this project never exported."""
        rows = self._q("SELECT * FROM exports WHERE id = ?", (export_id,))
        if not rows:
            return None
        r = rows[0]
        return ExportRecord(r["id"], r["created_at"], r["lang"], r["file"],
                            tuple(json.loads(r["reference_keys_json"])), json.loads(r["rows_json"]),
                            json.loads(r["national_rows_json"]))

    def _export_list(self) -> list[dict[str, Any]]:
        """Id, time and file of every export, oldest first (for ``summary``)."""
        return [{"id": r["id"], "created_at": r["created_at"], "file": r["file"]}
                for r in self._q("SELECT id, created_at, file FROM exports ORDER BY created_at")]
