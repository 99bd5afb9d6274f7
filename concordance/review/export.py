"""Write the adviser's review workbook: one row per reference provision (× national act when the
project has several), the proposal beside it, and the columns the adviser fills in.

The workbook is built to survive a day of real use: rows are matched back by a row id (so sorting,
filtering and hiding are safe), a hidden ``_meta`` sheet carries the row ids, the text hashes the
adviser saw and the export id (so a later import can tell what changed, and whether somebody
else changed the same row meanwhile), and every text is written as text, never as a formula.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..errors import InputError
from ..model import Candidate, Compatibility, ConcordanceRow, MatchRow, NationalNote, RowStatus
from ..outputs import atomic_path, output_target
from ..parse.ids import citation
from ..store import Decision, Project, ProjectError, proposed_candidates
from ..store.reverse import LEVELS, ReverseEntry, reverse_entries
from .common import (
    COLUMNS, EDITABLE, FORM_FIELDS, FORMAT_TAG, META_COLUMNS, META_SHEET, NATIONAL_COLUMNS, NATIONAL_FIELDS,
    NATIONAL_ID_COLUMNS, NATIONAL_META_COLUMNS, Labels, clean,
)
from .excel import cell_text, set_value, typed_as_text
from .importing import import_review


#: Blank rows below the table, free to type in (no id guard), so an adviser can add a row for an extra provision.
SPARE_ROWS = 100

WIDTHS = {
    "row_id": 9, "reference_act": 14, "reference_citation": 18, "reference_text": 60, "klass": 13,
    "national_act": 14, "national_citation": 22, "national_text": 60, "score": 7, "evidence": 40,
    "compatibility": 20, "reasons": 32, "comment": 32, "completing_act": 24, "planned_date": 16, "reviewer": 14, "reviewed_at": 17, "changed": 50,
    # the National provisions sheet
    "nat_row_id": 9, "national_provision": 18, "reference_provisions": 40, "authority": 32,
}
FILL_HEADER = PatternFill("solid", fgColor="D9D9D9")
FILL_GAP = PatternFill("solid", fgColor="FFC7CE")
FILL_LOW = PatternFill("solid", fgColor="FFEB9C")
FILL_CHANGED = PatternFill("solid", fgColor="F8CBAD")
FILL_DECIDED = PatternFill("solid", fgColor="C6EFCE")
FILL_LOCKED = PatternFill("solid", fgColor="F2F2F2")
FILL_ID = PatternFill("solid", fgColor="D0D0D0")
WRAP = Alignment(wrap_text=True, vertical="top")


def values_hash(values: dict) -> str:
    """A fingerprint of what a row held when exported (key order does not matter)."""
    return hashlib.sha256(json.dumps(values, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def new_export_id() -> str:
    """A unique export id that sorts by time: ``20260101T120000Z-3f9a1c``."""
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def _evidence_words(row_candidates: Iterable[Candidate], proposed: tuple[Candidate, ...], labels: Labels) -> str:
    """The evidence behind the proposal in plain words, then the runners-up."""
    lines: list[str] = []
    for c in proposed:
        if len(proposed) > 1:
            lines.append(f"{c.citation} ({c.score:.2f}):")
        for e in sorted(c.evidence, key=lambda e: -e.score):
            lines.append(f"- {e.signal}: {e.detail}" if e.detail else f"- {e.signal}: {e.score:.2f}")
    shown = {c.national_provision for c in proposed}
    others = [c for c in row_candidates if c.national_provision not in shown][:3]
    if others:
        lines.append(labels.text["also"] + ": " + "; ".join(f"{c.citation} ({c.score:.2f})" for c in others))
    return "\n".join(lines)


def _machine_words(mrow: MatchRow | None, proposed: tuple[Candidate, ...], labels: Labels) -> str:
    """What the machine says of an undecided row: for a gap or an uncertain row, the gap model's
    evidence in words ("no provision of the law names ...; nearest ..."), then the evidence
    behind the candidates."""
    if mrow is None:
        return ""
    words = _evidence_words(mrow.candidates, proposed, labels)
    if mrow.status in (RowStatus.GAP, RowStatus.REVIEW) and mrow.note:
        return f"{mrow.note}\n{words}".strip()
    return words


def _changed_words(previous: dict | None, labels: Labels, cite: Callable[[str], str] | None = None) -> str:
    """What the reviewer decided before an amendment and the old text(s), each labelled by the
    citation it had (``cite`` looks one up for decisions recorded before citations were kept)."""
    if not previous:
        return ""
    was = previous.get("compatibility")
    head = f"{labels.columns['compatibility']}: {labels.compatibility.get(was, was)}"
    if previous.get("reviewer"):
        head += f" ({previous['reviewer']}, {previous.get('decided_at', '')[:10]})"
    parts = [head]
    citations = previous.get("old_citations") or {}
    for pid, text in (previous.get("old_texts") or {}).items():
        label = citations.get(pid) or (cite(pid) if cite else "") or pid
        parts.append(f"{label} ({labels.text['before']}): {text}")
    return "\n".join(parts)


def reference_citation(row: ConcordanceRow, lang: str) -> str:
    """A reference provision cited in the workbook's language, as the ToC cites it ("член 5 став 1"
    in a Macedonian workbook; the act's own "Article 5(1)" in an English one). The import reads it
    back from the workbook's hidden sheet, and a typed citation in either language still resolves."""
    return row.citation if lang == "en" or not row.reference_provision else citation(row.reference_provision, lang)


def export_review(project: Project, out_path: str | os.PathLike, lang: str = "en",
                  reference_key: str | None = None, *, who: str = "", force: bool = False,
                  reverse_level: str | None = None) -> Path:
    """Write the review workbook for one reference act (or all) against every national act in the
    project, record the export in the project, and return the path written (atomically).

    ``reverse_level``: the form the ToC is filed in has a national->reference table listing
    national articles (``"article"``, MK) or provisions (``"provision"``, XK); the workbook then has a second sheet,
    National provisions, with one row per line of that table (per reference act and national act)
    for the columns the form fills in per national provision (comment, competent authority).
    None: the form has no such table, and the workbook no such sheet.

    An existing file at ``out_path`` is only replaced when nothing is lost: an earlier review
    workbook of this project whose rows still hold what that export wrote. A workbook holding an
    adviser's edits not yet imported, or any other file, is refused unless ``force``."""
    out = output_target(out_path)
    if out.suffix.lower() != ".xlsx":
        raise InputError("the review workbook is an Excel .xlsx file, but this name does not end in .xlsx.",
                         where=str(out), todo="Give a name ending in .xlsx (e.g. review.xlsx).")
    if reverse_level is not None and reverse_level not in LEVELS:
        raise InputError(f"the national->reference table lists {reverse_level!r}, which is no level it knows.",
                         todo=f"Use one of: {', '.join(LEVELS)}.")
    if not force:
        refuse_losing_edits(project, out)
    labels = Labels.for_lang(lang)
    held = [a.key for a in project.acts("reference")]
    if reference_key and reference_key not in held:
        raise ProjectError(f"the project holds no reference act {reference_key!r}", where=str(project.path),
                           todo=f"Use --reference with one of: {', '.join(held) or '(none yet)'}.")
    refs = [reference_key] if reference_key else held
    nats = [a.key for a in project.acts("national")]
    if not refs or not nats:
        raise ProjectError("the project needs a reference act and a national act before a review",
                           where=str(project.path),
                           todo="Add them with `concordance add`, then run `concordance match`.")
    export_id = new_export_id()
    rows = list(_export_rows(project, refs, nats, labels))
    national = list(_national_rows(project, refs, nats, reverse_level, labels)) if reverse_level else []

    wb = Workbook()
    _review_sheet(wb.active, rows, labels)
    if reverse_level:
        _national_sheet(wb.create_sheet(labels.text["national_sheet"]), national, labels)
    _legend(wb, labels, export_id, with_national=bool(reverse_level))
    _meta_sheet(wb, rows, export_id, project.path.name, labels.lang, national)

    # The export is recorded and the file written together: if the file cannot be written the
    # project does not remember an export nobody received, and the old workbook stays as it was.
    with project.transaction():
        project.record_export(export_id, lang=labels.lang, file=str(out), reference_keys=refs,
                              rows={row.values["row_id"]: row.record for row in rows}, who=who,
                              national_rows={row.values["nat_row_id"]: row.record for row in national})
        with atomic_path(out) as tmp:
            wb.save(tmp)
    return out


def refuse_losing_edits(project: Project, out: Path) -> None:
    """Raise when writing ``out`` would destroy work: a review workbook of this project with edits
    not yet imported, or a file that is not one of this project's review workbooks.

    Why: advisers edit the workbook for days; re-exporting over it (``review export``, ``toc``)
    must not silently throw their grading away. Edits are found exactly as an import finds them
    (a dry run against the values the export recorded), so "edited" means "an import would change
    something"; rows already imported are not counted."""
    if not out.exists():
        return
    force_hint = ("or replace it deliberately, discarding what it holds (`concordance review export ... --force`, "
                  "or delete the file first)")
    if out.is_dir():
        raise InputError("this is a folder, not a workbook.", where=str(out), todo="Give a file name ending in .xlsx.")
    try:
        report = import_review(project, out, "(export check)", partial=True, dry_run=True, snapshot=False)
    except InputError as exc:
        raise InputError(
            "a file already exists here and it is not a review workbook of this project that can be checked "
            f"for unimported edits ({exc.what.rstrip('.')}); it is left as it is.", where=str(out),
            todo=f"Write the review to another file (-o OTHER.xlsx), {force_hint}.") from exc
    pending = [o for o in report.outcomes if o.action in ("changed", "conflict", "skipped")]
    rows = {o.sheet_row or o.row_id for o in pending} | {p.row for p in report.problems if p.row and not p.row_id}
    if rows:
        named = ", ".join(f"{o.row_id} (row {o.sheet_row})" for o in pending[:3])
        raise InputError(
            f"this review workbook (export {report.export_id}) holds edits not yet imported in "
            f"{len(rows)} row(s){' (e.g. ' + named + ')' if named else ''}; writing the new "
            "export over it would lose them.", where=str(out),
            todo=f"Import it first (`concordance review import {project.path} {out} --reviewer NAME`), then "
                 f"export again; or write to another file (-o OTHER.xlsx); {force_hint}.")


@dataclass(frozen=True)
class _ExportRow:
    """One row of the Review sheet: what its cells show, how it is coloured, and what the project
    remembers about it (``record``), so that an import can tell what the adviser changed."""

    values: dict[str, Any]            # column key -> cell value
    fill: PatternFill | None          # gap or low confidence
    decided: bool
    changed: bool                     # an amendment changed a text the reviewer had judged
    record: dict[str, Any]


def _export_rows(project: Project, refs: list[str], nats: list[str], labels: Labels) -> Iterator[_ExportRow]:
    """The rows of the workbook: per reference act, per reference provision, per national act."""
    n = 0
    nat_hashes = {k: project.hashes(k) for k in nats}
    for rk in refs:
        ref_short = project.act(rk).meta.short_title or rk
        ref_hashes = project.hashes(rk)
        concs = {nk: project.concordance(rk, [nk]) for nk in nats}
        matches = {nk: project.latest_match(rk, nk) for nk in nats}
        match_rows = {nk: ({r.directive_provision: r for r in m.rows} if m else {}) for nk, m in matches.items()}
        for i in range(len(concs[nats[0]].rows)):
            for nk in nats:
                n += 1
                row: ConcordanceRow = concs[nk].rows[i]
                yield _export_row(
                    f"R{n:05d}", row, rk, ref_short, nk, project.act(nk).meta.short_title or nk,
                    project.decision(rk, row.reference_provision, nk), match_rows[nk].get(row.reference_provision),
                    labels, ref_hashes, nat_hashes[nk],
                    cite={"reference": _citer(project.act(rk)), "national": _citer(project.act(nk))})


def _citer(act) -> Callable[[str], str]:
    """Citation of a provision id in ``act`` (empty when the act no longer holds it)."""
    def cite(pid: str) -> str:
        p = act.get(pid)
        return p.citation if p is not None else ""
    return cite


def _export_row(rid: str, row: ConcordanceRow, rk: str, ref_short: str, nk: str, nat_short: str,
                decision: Decision | None, mrow: MatchRow | None, labels: Labels,
                ref_hashes: dict[str, str], nat_hashes: dict[str, str],
                cite: dict[str, Callable[[str], str]] | None = None) -> _ExportRow:
    proposed = proposed_candidates(mrow)
    national_ids = [ref.provision for ref in row.national]
    citation_text = "; ".join(ref.citation for ref in row.national)
    if len(row.national) == 1:
        national_text = row.national[0].text
    else:
        national_text = "\n\n".join(f"{ref.citation}: {ref.text}" for ref in row.national)
    compat_shown = row.compatibility if (decision is not None) else None
    previous = decision.previous if decision and not decision.is_human_verdict else None
    changed_text = _changed_words(previous, labels, (cite or {}).get((previous or {}).get("side", "")))
    values = {
        "row_id": rid,
        "reference_act": ref_short,
        "reference_citation": reference_citation(row, labels.lang),
        "reference_text": row.text,
        "klass": labels.text.get(f"klass_{row.klass.value}", row.klass.value),
        "national_act": nat_short,
        "national_citation": citation_text,
        "national_text": national_text,
        "score": round(row.score, 2) if (row.score is not None and not row.decided) else None,
        "evidence": "" if row.decided else _machine_words(mrow, proposed, labels),
        "compatibility": labels.compat(compat_shown),
        "reasons": decision.reasons if decision else "",
        "comment": decision.comment if decision else "",
        "completing_act": decision.completing_act if decision else "",
        "planned_date": decision.planned_date if decision else "",
        "reviewer": decision.reviewer if decision else "",
        # when the row was last reviewed (read only: the import records the time itself)
        "reviewed_at": _when(decision.decided_at) if decision and decision.is_human_verdict else "",
        "changed": changed_text,
    }
    gap = (not row.decided and row.status is RowStatus.GAP) or (
        row.decided and row.compatibility is Compatibility.NONE)
    # Uncertain is the gap model's finding (status review), not a score cut-off: scores are on
    # each pair of acts' own scale.
    low = not row.decided and row.status is RowStatus.REVIEW
    # what the cells hold (cell_text), so that an untouched row imports as unchanged
    exported = {
        "national_provisions": national_ids,
        "compatibility": compat_shown.value if compat_shown else "",
        "reasons": clean(cell_text(values["reasons"])),
        "comment": clean(cell_text(values["comment"])),
        "reviewer": clean(cell_text(values["reviewer"])),
        **{k: clean(cell_text(values[k])) for k in FORM_FIELDS},
    }
    record = {
        "reference_key": rk, "reference_provision": row.reference_provision,
        "reference_citation": values["reference_citation"], "national_key": nk,
        "national_citation": clean(cell_text(citation_text)), **exported,
        "row_version": decision.row_version if decision else 0,
        "decided": row.decided,
        "reference_sha256": ref_hashes.get(row.reference_provision, ""),
        "national_sha256": {p: nat_hashes.get(p, "") for p in national_ids},
        "values_sha256": values_hash(exported),
    }
    return _ExportRow(values=values, fill=FILL_GAP if gap else FILL_LOW if low else None, decided=row.decided,
                      changed=bool(changed_text), record=record)


def _when(stamp: str) -> str:
    """A decision's time as a reviewer reads it: "2026-12-03 14:05" (UTC), not an ISO stamp."""
    return stamp[:16].replace("T", " ") if stamp else ""


def _national_rows(project: Project, refs: list[str], nats: list[str], level: str,
                   labels: Labels) -> Iterator[_ExportRow]:
    """The rows of the National provisions sheet: per reference act and national act, the lines of
    that pair's national->reference table (:func:`store.reverse.reverse_entries`: the same
    provisions, order and citations as the ToC prints), with the notes the project holds."""
    n = 0
    for rk in refs:
        ref_short = project.act(rk).meta.short_title or rk
        for nk in nats:
            act = project.act(nk)
            conc = project.concordance(rk, [nk])
            notes = {note.national_provision: note for note in conc.national_notes}
            for e in reverse_entries(conc, {nk: act}, level):
                n += 1
                text = act.full_text(e.provision, False) if e.provision in act else ""
                cited = "; ".join(dict.fromkeys(reference_citation(conc.rows[i], labels.lang) for i in e.rows))
                yield _national_row(f"N{n:05d}", rk, ref_short, nk, act.meta.short_title or nk, e, text,
                                    cited or labels.text["national_only"], notes.get(e.provision))


def _national_row(rid: str, rk: str, ref_short: str, nk: str, nat_short: str, e: ReverseEntry, text: str,
                  cited: str, note: NationalNote | None) -> _ExportRow:
    """One row of the National provisions sheet, and what the export remembers of it (the note's
    version and the values shown, so that an import tells an edit from a change made meanwhile)."""
    values = {
        "nat_row_id": rid, "reference_act": ref_short, "national_act": nat_short,
        "national_provision": e.citation, "national_text": text, "reference_provisions": cited,
        **{k: getattr(note, k) if note else "" for k in NATIONAL_FIELDS},
        "reviewer": note.reviewer if note else "",
        "reviewed_at": _when(note.noted_at) if note else "",
    }
    exported = {k: clean(cell_text(values[k])) for k in NATIONAL_FIELDS}
    record = {"reference_key": rk, "national_key": nk, "national_provision": e.provision,
              "national_citation": clean(cell_text(e.citation)), **exported,
              "row_version": note.row_version if note else 0, "values_sha256": values_hash(exported)}
    return _ExportRow(values=values, fill=None, decided=note is not None, changed=False, record=record)


#: The columns that say which row is which: typing into them is refused by a data validation
#: (the sheet itself is not protected, because Excel will not sort or delete rows holding locked
#: cells on a protected sheet, whatever the protection allows).
ID_COLUMNS: tuple[str, ...] = ("row_id", "reference_act", "reference_citation", "national_act")


#: Editable columns of free text: formatted as Text, so a note an adviser types starting with
#: = + - or @ stays text (the compatibility column has its drop-down).
TYPED_TEXT: frozenset[str] = frozenset({"national_citation", "reasons", "comment", "reviewer"})


def _review_sheet(ws, rows: list[_ExportRow], labels: Labels) -> None:
    """The Review sheet: header, one row per export row, spare rows, drop-down, guarded id
    columns, print settings. No sheet protection, so that advisers can sort and delete rows."""
    ws.title = labels.text["review_sheet"]
    col = _header_row(ws, COLUMNS, labels.columns)
    _write_rows(ws, rows, col, ID_COLUMNS, _review_style)
    last = len(rows) + 1
    # spare rows for added national provisions: wrapped, and free to type in (ids included)
    for r in range(last + 1, last + 1 + SPARE_ROWS):
        for key, j in col.items():
            ws.cell(row=r, column=j).alignment = WRAP
            if key in TYPED_TEXT:
                typed_as_text(ws.cell(row=r, column=j))
    if not any(row.changed for row in rows):
        ws.column_dimensions[get_column_letter(col["changed"])].hidden = True
    ws.freeze_panes = ws.cell(row=2, column=col["reference_text"])
    dv = DataValidation(type="list", formula1='"' + ",".join(labels.dropdown()) + '"', allow_blank=True,
                        showDropDown=False, errorStyle="warning", showErrorMessage=True,
                        errorTitle=labels.columns["compatibility"],
                        error=", ".join(labels.dropdown()))
    letter = get_column_letter(col["compatibility"])
    dv.add(f"{letter}2:{letter}{last + SPARE_ROWS}")
    ws.add_data_validation(dv)
    _finish_table(ws, len(COLUMNS), last, [col[k] for k in ID_COLUMNS], labels, labels.columns["row_id"])


def _review_style(c, key: str, row: _ExportRow) -> None:
    """A Review sheet cell's look: gap or uncertain rows coloured, read-only columns shaded, free
    text kept as text, the label green once decided and orange when an amendment changed a text."""
    if row.fill is not None:
        c.fill = row.fill
    elif key not in EDITABLE:
        c.fill = FILL_LOCKED
    if key in TYPED_TEXT:
        typed_as_text(c)
    if key == "score" and c.value is not None:
        c.number_format = "0.00"
    if key == "compatibility" and (row.decided or row.changed):
        c.fill = FILL_CHANGED if row.changed else FILL_DECIDED
    if key == "changed" and row.changed:
        c.fill = FILL_CHANGED


def _national_style(c, key: str, row: _ExportRow) -> None:
    """A National provisions sheet cell's look: the notes white and kept as text, the rest shaded."""
    if key in NATIONAL_FIELDS:
        typed_as_text(c)
    else:
        c.fill = FILL_LOCKED


def _write_rows(ws, rows: list[_ExportRow], col: dict[str, int], id_columns: tuple[str, ...],
                style: Callable[[Any, str, _ExportRow], None]) -> None:
    """Write the exported rows from row 2: every value as Excel shows it as typed (text that looks
    like a formula stays text), wrapped, the id columns grey, the rest as ``style`` says; each
    row tall enough to show its text."""
    for r, row in enumerate(rows, start=2):
        for key, value in row.values.items():
            c = set_value(ws.cell(row=r, column=col[key]), value)
            c.alignment = WRAP
            if key in id_columns:
                c.fill = FILL_ID
            else:
                style(c, key, row)
        ws.row_dimensions[r].height = _row_height(row.values)


def _header_row(ws, keys: tuple[str, ...], words: dict[str, str]) -> dict[str, int]:
    """The header row of a sheet, bold, shaded and wrapped (the import finds columns by these
    words), and the columns' widths; returns column key -> column number."""
    col = {k: j for j, k in enumerate(keys, start=1)}
    for key, j in col.items():
        c = set_value(ws.cell(row=1, column=j), words[key])
        c.font = Font(bold=True)
        c.fill = FILL_HEADER
        c.alignment = WRAP
        ws.column_dimensions[get_column_letter(j)].width = WIDTHS[key]
    return col


def _finish_table(ws, n_columns: int, last: int, id_columns: list[int], labels: Labels, id_title: str) -> None:
    """What both sheets share below their rows: a filter over the table, the id columns of the
    exported rows guarded (:func:`_guard_ids`), and printing on landscape pages one table wide
    with the header repeated."""
    ws.auto_filter.ref = f"A1:{get_column_letter(n_columns)}{max(last, 2)}"
    if last > 1:
        _guard_ids(ws, id_columns, last, labels, id_title)
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _guard_ids(ws, columns: list[int], last: int, labels: Labels, title: str) -> None:
    """Refuse typing into the id columns of the exported rows: a custom validation whose formula
    is always false, with a message (titled ``title``, the id column's header) saying why
    (sorting, deleting and copying whole rows still work; import matches rows by the row id and
    refuses an id or citation that was changed)."""
    dv = DataValidation(type="custom", formula1="FALSE", allow_blank=False, showErrorMessage=True,
                        errorStyle="stop", errorTitle=title, error=labels.text["id_locked"],
                        showInputMessage=False)
    for j in columns:
        letter = get_column_letter(j)
        dv.add(f"{letter}2:{letter}{last}")
    ws.add_data_validation(dv)


def _national_sheet(ws, rows: list[_ExportRow], labels: Labels) -> None:
    """The National provisions sheet: header, one row per national provision the form's
    national->reference table lists, the note columns white (typed as text), the id columns
    guarded as on the Review sheet, the rest shaded. No spare rows: every provision is listed."""
    col = _header_row(ws, NATIONAL_COLUMNS, labels.national_columns)
    _write_rows(ws, rows, col, NATIONAL_ID_COLUMNS, _national_style)
    ws.freeze_panes = ws.cell(row=2, column=col["national_text"])
    _finish_table(ws, len(NATIONAL_COLUMNS), len(rows) + 1, [col[k] for k in NATIONAL_ID_COLUMNS], labels,
                  labels.national_columns["nat_row_id"])


def _meta_sheet(wb: Workbook, rows: list[_ExportRow], export_id: str, project_name: str, lang: str,
                national: list[_ExportRow] | None = None) -> None:
    """The hidden ``_meta`` sheet: the export id, and per row id what the row was exported for;
    below the Review rows, after one blank row, the same for the National provisions sheet."""
    meta = wb.create_sheet(META_SHEET)
    for i, (k, v) in enumerate([("export_id", export_id), ("format", FORMAT_TAG), ("project", project_name),
                                ("lang", lang),
                                ("created", datetime.now(timezone.utc).isoformat(timespec="seconds"))],
                               start=1):
        meta.cell(row=i, column=1, value=k)
        set_value(meta.cell(row=i, column=2), v)
    for j, h in enumerate(META_COLUMNS, start=1):
        meta.cell(row=7, column=j, value=h)
    for i, row in enumerate(rows, start=8):
        rec = row.record
        values = [row.values["row_id"], rec["reference_key"], rec["reference_provision"], rec["national_key"],
                  json.dumps(rec["national_provisions"]), rec["reference_sha256"],
                  json.dumps(rec["national_sha256"]), rec["row_version"], rec["values_sha256"]]
        for j, v in enumerate(values, start=1):
            set_value(meta.cell(row=i, column=j), v)
    if national:
        head = 8 + len(rows) + 1
        for j, h in enumerate(NATIONAL_META_COLUMNS, start=1):
            meta.cell(row=head, column=j, value=h)
        for i, row in enumerate(national, start=head + 1):
            rec = row.record
            values = [row.values["nat_row_id"], rec["reference_key"], rec["national_key"], rec["national_provision"],
                      rec["row_version"], rec["values_sha256"]]
            for j, v in enumerate(values, start=1):
                set_value(meta.cell(row=i, column=j), v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


#: Points per wrapped line, and the tallest a row gets (longer texts scroll inside the cell).
LINE_PT = 15
MAX_ROW_PT = 180


def _row_height(values: dict[str, Any]) -> float:
    """A row height that shows the wrapped text: neither Excel nor LibreOffice re-fits rows
    written by a program, and one-line rows would hide most of each provision."""
    lines = 1
    for key, value in values.items():
        if not isinstance(value, str) or not value:
            continue
        width = max(WIDTHS[key] - 1, 4)
        n = sum(max(1, -(-len(part) // width)) for part in value.split("\n"))
        lines = max(lines, n)
    return float(min(lines * LINE_PT, MAX_ROW_PT))


def _legend(wb: Workbook, labels: Labels, export_id: str, with_national: bool = False) -> None:
    ws = wb.create_sheet(labels.text["legend_sheet"])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    rows: list[tuple[str, str, PatternFill | None]] = [
        (labels.columns["compatibility"], ", ".join(labels.dropdown()), None),
        ("", labels.text["howto"], None),
        ("", labels.text["ids"], FILL_ID),
        ("", labels.text["gap"], FILL_GAP),
        ("", labels.text["low"], FILL_LOW),
        ("", labels.text["changed"], FILL_CHANGED),
        ("", labels.text["decided"], FILL_DECIDED),
    ]
    if with_national:
        rows.append(("", labels.text["national_howto"], None))
    # every label the import accepts, in the workbook's language (no English canonical names)
    rows.append((labels.columns["compatibility"], ", ".join(labels.compatibility[c.value] for c in Compatibility),
                 None))
    rows.append((labels.text["export_id"], export_id, None))
    for i, (a, b, fill) in enumerate(rows, start=1):
        set_value(ws.cell(row=i, column=1), a)
        cell = ws.cell(row=i, column=2)
        set_value(cell, b)
        cell.alignment = WRAP
        if fill is not None:
            ws.cell(row=i, column=1).fill = fill


__all__ = ["export_review"]
