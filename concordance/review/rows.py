"""Applying a checked workbook: check each line, plan each exported row the adviser changed, then
write the plans in one transaction, reporting a row somebody else changed since the export as a
conflict (kept theirs, logged) instead of merging it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from openpyxl.utils import get_column_letter

from ..model import Act, Compatibility, NationalNote
from ..store import ConflictError, Decision, Project
from .citations import resolve_citations
from .common import FORM_FIELDS, Labels, clean, fold, parse_compatibility
from .report import ImportReport, Problem, RowOutcome, review_error
from .workbook import Line


@dataclass(frozen=True)
class _Plan:
    """An exported row whose values the adviser changed: what to write, from which lines."""

    row_id: str
    meta: dict
    new: dict
    sheet_row: int
    group: list[Line]


class SheetRun:
    """Checking one sheet of a workbook: where a cell is (column letter and header), and the
    problems found, kept in a list the sheets of one import share (so that one error lists
    every sheet's problems, and nothing is written while any sheet has one)."""

    def __init__(self, project: Project, exp, report: ImportReport, sheet: str, header: tuple,
                 cols: dict[str, int], words: dict[str, str], problems: list[Problem] | None = None) -> None:
        self.project = project
        self.exp = exp
        self.report = report
        self.sheet = sheet
        self.header = header
        self.cols = cols
        self.words = words          # column key -> its header in the workbook's language
        self.problems: list[Problem] = problems if problems is not None else []

    def letter(self, key: str) -> str:
        """A column as the adviser sees it: ``K (Compatibility)``."""
        return f"{get_column_letter(self.cols[key] + 1)} ({clean(self.header[self.cols[key]])})"

    def problem(self, line: Line | None, column: str, value: Any, message: str) -> None:
        self.problems.append(Problem(self.sheet, line.sheet_row if line else None,
                                     self.letter(column) if column in self.cols else
                                     f"{self.words.get(column, column)} (not in the sheet)",
                                     value, message, line.row_id if line else ""))
        if line is not None:
            line.bad = True

    def stop_if_problems(self, path: Path) -> None:
        """Raise the problems found so far unless ``partial``; keep them in the report either way."""
        self.report.problems = self.problems
        if self.problems and not self.report.partial:
            raise review_error(path, self.problems, self.report)


class ImportRun(SheetRun):
    """One import of the Review sheet in progress: the export it answers, the problems found so
    far, and the steps (check each line, plan each exported row, apply the plans)."""

    def __init__(self, project: Project, exp, report: ImportReport, sheet: str, header: tuple,
                 cols: dict[str, int]) -> None:
        super().__init__(project, exp, report, sheet, header, cols, Labels.for_lang(exp.lang).columns)
        self.rows_meta: dict[str, dict] = exp.rows
        self.national_keys = sorted({m["national_key"] for m in self.rows_meta.values()})
        self.reference_keys = sorted({m["reference_key"] for m in self.rows_meta.values()})
        self.by_key = {(m["reference_key"], m["reference_provision"], m["national_key"]): rid
                       for rid, m in self.rows_meta.items()}
        self._acts: dict[str, Act] = {}
        self._cite_cache: dict = {}

    # -- helpers --------------------------------------------------------------------------
    def act(self, key: str) -> Act:
        if key not in self._acts:
            self._acts[key] = self.project.act(key)
        return self._acts[key]

    # -- 1. checking ----------------------------------------------------------------------
    def mark_copies(self, lines: list[Line]) -> None:
        """Copies of a row (same row id): the copy whose national citation was edited is an added row."""
        seen: dict[str, list[Line]] = {}
        for line in lines:
            if line.row_id:
                seen.setdefault(line.row_id, []).append(line)
        for rid, group in seen.items():
            if len(group) > 1 and rid in self.rows_meta:
                exported = self.rows_meta[rid]["national_citation"]
                primary = next((g for g in group if g.cells["national_citation"] == exported), group[0])
                for g in group:
                    if g is not primary:
                        g.added = True

    def check(self, line: Line) -> None:
        """Which exported row the line answers, its compatibility and its national provisions."""
        c = line.cells
        if line.row_id:
            if line.row_id not in self.rows_meta:
                self.problem(line, "row_id", line.row_id,
                             f"this row id is not in export {self.report.export_id}; do not type row ids (leave "
                             "it empty for an added row)")
                return
            m = self.rows_meta[line.row_id]
            typed_ref = c.get("reference_citation", "")
            if typed_ref and fold(typed_ref).rstrip(".") != fold(m["reference_citation"]).rstrip("."):
                # the id and the text beside it disagree: applying it would grade another provision
                self.problem(line, "reference_citation", typed_ref,
                             f"row id {line.row_id} was exported for {m['reference_citation']!r}, but this row "
                             "shows another reference provision: the row ids no longer line up with the rows "
                             "(were only some columns sorted, or cells pasted over?); sort or paste whole rows, "
                             "or export a new workbook")
                return
            line.key = (m["reference_key"], m["reference_provision"], m["national_key"])
        else:
            line.added = True
            line.key = self.place_added(line)
            if line.key is None:
                return
        m = self.rows_meta[self.by_key[line.key]]
        try:
            line.compatibility = parse_compatibility(c.get("compatibility", ""))
        except KeyError:
            self.problem(line, "compatibility", c.get("compatibility"),
                         "not a compatibility label; use the drop-down ("
                         + ", ".join(Labels.for_lang(self.exp.lang).dropdown())
                         + "; the English words or any workbook language's labels are accepted too)")
        typed = c.get("national_citation", "")
        if not line.added and typed == m["national_citation"]:
            line.national_ids = list(m["national_provisions"])
            return
        nat = self.act(line.key[2])
        ids, bad = resolve_citations(typed, nat, self._cite_cache)
        if bad:
            self.problem(line, "national_citation", typed,
                         f"{'; '.join(bad)!r} is no provision of {line.key[2]}; write it as the act cites "
                         f"itself (e.g. {nat.provisions[-1].citation!r})")
        line.national_ids = ids
        if line.added and not ids and not bad:
            self.problem(line, "national_citation", typed, "an added row must name the extra national provision")

    def place_added(self, line: Line) -> tuple[str, str, str] | None:
        """Which exported row an added row (no row id) belongs to: by its reference citation and its
        national act (the only one, or the one named in the National act column)."""
        c = line.cells
        typed_ref = c.get("reference_citation", "")
        if not typed_ref:
            self.problem(line, "reference_citation", typed_ref,
                         "an added row needs the reference provision it maps (copy it from the row above)")
            return None
        # reference act: named, or the only one
        ref_keys = self.reference_keys
        if len(ref_keys) > 1 and c.get("reference_act"):
            named = [k for k in ref_keys
                     if fold(c["reference_act"]) in (fold(k), fold(self.act(k).meta.short_title))]
            ref_keys = named or ref_keys
        found: list[tuple[str, str]] = []
        for rk in ref_keys:
            cites = {fold(m["reference_citation"]).rstrip("."): m["reference_provision"]
                     for m in self.rows_meta.values() if m["reference_key"] == rk}
            pid = cites.get(fold(typed_ref).rstrip("."))
            if pid is None:
                ids, _bad = resolve_citations(typed_ref, self.act(rk), self._cite_cache)
                pid = ids[0] if len(ids) == 1 else None
            if pid is not None:
                found.append((rk, pid))
        if len(found) != 1:
            self.problem(line, "reference_citation", typed_ref,
                         "no row of this export has this reference provision" if not found else
                         "this citation fits several reference acts; fill in the reference act column")
            return None
        rk, pid = found[0]
        typed_act = c.get("national_act", "")
        if typed_act:
            nks = [k for k in self.national_keys
                   if fold(typed_act) in (fold(k), fold(self.act(k).meta.short_title), fold(self.act(k).meta.title))]
        else:
            nks = self.national_keys if len(self.national_keys) == 1 else []
        if len(nks) != 1:
            self.problem(line, "national_act" if "national_act" in self.cols else "national_citation", typed_act,
                         "name the national act of the added row (as in the other rows: "
                         + ", ".join(self.act(k).meta.short_title or k for k in self.national_keys) + ")")
            return None
        key = (rk, pid, nks[0])
        if key not in self.by_key:
            self.problem(line, "reference_citation", typed_ref, "this provision has no row for that national act")
            return None
        return key

    # -- 2. planning ----------------------------------------------------------------------
    def plan(self, lines: list[Line]) -> list[_Plan]:
        """Per exported row: skipped (a problem), deleted (no line), unchanged, or a plan to apply."""
        report = self.report
        groups: dict[str, list[Line]] = {}
        for line in lines:
            if line.key is not None:
                groups.setdefault(self.by_key[line.key], []).append(line)
        plans: list[_Plan] = []
        for rid, m in self.rows_meta.items():
            label_ref, label_nat = m["reference_citation"], m["national_key"]
            group = groups.get(rid, [])
            primary = next((g for g in group if not g.added), None)
            sheet_row = primary.sheet_row if primary else (group[0].sheet_row if group else None)
            if any(g.bad for g in group):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "skipped",
                                                  "a problem in this row (see problems); not applied"))
                continue
            if primary is None and not group:
                report.outcomes.append(RowOutcome(
                    rid, None, label_ref, label_nat, "deleted",
                    "the row is missing from the workbook; nothing changed (deleting a row never deletes a decision)"))
                continue
            new = _combine(primary, group, self.sheet, problem_sink=self.problems, letter=self.letter)
            if new is None:
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "skipped",
                                                  "added rows disagree with the row's compatibility"))
                continue
            if _same(new, _exported(m)):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "unchanged"))
                continue
            plans.append(_Plan(rid, m, new, sheet_row or 0, group))
        return plans

    # -- 3. applying ----------------------------------------------------------------------
    def apply(self, plans: list[_Plan], path: Path) -> None:
        """Write each plan as a decision, unless the project moved on since the export (a conflict,
        reported and logged) or already holds the values.

        Whether a row moved on is told by what the workbook was exported with (the export id and
        the row's version and values at export), never by who imports it: two copies of one
        export edited differently conflict even when the same name imports both. The rows are
        locked first (on PostgreSQL other imports run at the same time), so what is read here
        stays true until the write; the write itself is a compare-and-set besides."""
        project, report = self.project, self.report
        ref_hashes = {k: project.hashes(k) for k in self.reference_keys}
        nat_hashes = {k: project.hashes(k) for k in self.national_keys}
        if not report.dry_run:
            project.lock_decisions([_key_of(plan.meta) for plan in plans])
        for plan in plans:
            rid, m, new, sheet_row = plan.row_id, plan.meta, plan.new, plan.sheet_row
            key = _key_of(m)
            label_ref, label_nat = m["reference_citation"], m["national_key"]
            current = project.decision(*key)
            exported = _exported(m)
            if current is not None and _same(new, _values_of(current)):
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "already applied",
                                                  "the project already holds these values"))
                continue
            expected = m["row_version"]
            reason = conflict_reason(current, expected, report.export_id)
            if not reason and (ref_hashes[key[0]].get(key[1], "") != m["reference_sha256"] or any(
                    nat_hashes[key[2]].get(p, "") != h for p, h in m["national_sha256"].items())):
                reason = "the text changed since export (an amendment); re-export and review the new text"
            if reason:
                self._conflict(plan, current, reason, path)
                continue
            detail = _describe(exported, new)
            if report.dry_run:
                report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "changed", detail,
                                                  old=exported, new=new))
                continue
            typed_reviewer = next((g.cells.get("reviewer", "") for g in plan.group if g.cells.get("reviewer")), "")
            name = typed_reviewer if typed_reviewer and typed_reviewer != m.get("reviewer", "") else report.reviewer
            try:
                project.set_decision(
                    *key, national_provisions=new["national_provisions"],
                    compatibility=Compatibility(new["compatibility"] or Compatibility.TO_REVIEW.value),
                    reasons=new["reasons"], comment=new["comment"], reviewer=name, who=report.reviewer,
                    # a form column the workbook does not have (an older export) keeps what the project holds
                    **{k: new[k] if k in new else (getattr(current, k) if current else "") for k in FORM_FIELDS},
                    source_file=str(path), source_sha256=report.sha256, export_id=report.export_id,
                    expected_row_version=expected, action="review_import")
            except ConflictError as exc:  # the compare-and-set caught a change the lock did not
                self._conflict(plan, exc.current, conflict_reason(exc.current, expected, report.export_id)
                               or "changed meanwhile", path)
                continue
            report.outcomes.append(RowOutcome(rid, sheet_row, label_ref, label_nat, "changed", detail,
                                              old=exported, new=new))

    def _conflict(self, plan: _Plan, current, reason: str, path: Path) -> None:
        """Report (and, unless a dry run, log) a row kept as the project holds it."""
        report, m, key = self.report, plan.meta, _key_of(plan.meta)
        report.outcomes.append(RowOutcome(plan.row_id, plan.sheet_row, m["reference_citation"], m["national_key"],
                                          "conflict", reason, old=_values_of(current) if current else None,
                                          new=plan.new))
        if not report.dry_run:
            self.project.record_event(
                "conflict", f"{key[0]}:{key[1]} -> {key[2]}", who=report.reviewer, source_file=str(path),
                source_sha256=report.sha256, old=_values_of(current) if current else None,
                new={**plan.new, "export_id": report.export_id, "row_id": plan.row_id, "reason": reason})


def _key_of(m: dict) -> tuple[str, str, str]:
    """The decision an exported row is about: (reference act, provision, national act)."""
    return (m["reference_key"], m["reference_provision"], m["national_key"])


def conflict_reason(current: Decision | NationalNote | None, exported_version: int, export_id: str) -> str:
    """Why a row (a decision, or a note on a national provision) changed since the export is a
    conflict (empty when it did not change): who changed it, when and from which file; an earlier
    import of another copy of the same export (or of the same workbook) counts like any other change."""
    if (current.row_version if current else 0) == exported_version:
        return ""
    when = (current.decided_at if isinstance(current, Decision) else current.noted_at) if current else ""
    who = f"{current.reviewer or 'someone'} on {when}" if current else "someone"
    source = current.source_file if current and current.source_file else "the project"
    same = " (another import of this same export)" if current and current.export_id == export_id else ""
    return (f"changed by {who} since export {export_id}{same} (from {source}); kept theirs. To apply "
            "this row's values, export a new workbook and enter them there")


def _exported(m: dict) -> dict:
    """What an exported row held, in the values an adviser can change."""
    out = {k: m[k] for k in ("national_provisions", "compatibility", "reasons", "comment")}
    out.update({k: m[k] for k in FORM_FIELDS if k in m})   # exports before issue 13 had no form columns
    return out


def _combine(primary: Line | None, group: list[Line], sheet: str, problem_sink: list,
             letter: Callable[[str], str] = str) -> dict | None:
    """The row's new values: the original row's, plus the national provisions of added rows."""
    base = primary or group[0]
    ids = list(base.national_ids or [])
    compat = base.compatibility
    reasons = [base.cells.get("reasons", "")]
    comments = [base.cells.get("comment", "")]
    for g in group:
        if g is base:
            continue
        for pid in g.national_ids or []:
            if pid not in ids:
                ids.append(pid)
        if g.compatibility is not None:
            if compat is None or compat is Compatibility.TO_REVIEW:
                compat = g.compatibility
            elif g.compatibility is not compat:
                problem_sink.append(Problem(
                    sheet, g.sheet_row, letter("compatibility"), g.cells.get("compatibility"),
                    f"the added row says {g.compatibility.value} but row {base.sheet_row} for the same "
                    f"provision says {compat.value}; give one compatibility per provision and act"))
                return None
        for lst, k in ((reasons, "reasons"), (comments, "comment")):
            if g.cells.get(k) and g.cells[k] not in lst:
                lst.append(g.cells[k])
    out = {
        "national_provisions": ids,
        "compatibility": compat.value if compat else "",
        "reasons": "\n".join(x for x in reasons if x),
        "comment": "\n".join(x for x in comments if x),
    }
    for k in FORM_FIELDS:   # only when the workbook has the column (an older export has not)
        if k in base.cells:
            out[k] = "\n".join(dict.fromkeys(x for x in [base.cells.get(k, "")] + [g.cells.get(k, "") for g in group]
                                              if x))
    return out


def _values_of(d) -> dict:
    return {"national_provisions": list(d.national_provisions), "compatibility": d.compatibility.value,
            "reasons": clean(d.reasons), "comment": clean(d.comment),
            **{k: clean(getattr(d, k)) for k in FORM_FIELDS}}


def _same(a: dict, b: dict) -> bool:
    def norm(v: dict) -> tuple:
        compat = v.get("compatibility") or ""
        if compat == Compatibility.TO_REVIEW.value:
            compat = ""
        return (tuple(v.get("national_provisions") or ()), compat, clean(v.get("reasons")),
                clean(v.get("comment")))
    # a form column counts where both sides have it (an older export or workbook has not)
    forms_same = all(clean(a[k]) == clean(b[k]) for k in FORM_FIELDS if k in a and k in b)
    return norm(a) == norm(b) and forms_same


def _describe(old: dict, new: dict) -> str:
    parts = []
    if (old.get("compatibility") or "") != (new.get("compatibility") or ""):
        parts.append(f"compatibility {old.get('compatibility') or '(blank)'} -> {new.get('compatibility') or '(blank)'}")
    if list(old.get("national_provisions") or []) != list(new.get("national_provisions") or []):
        parts.append(f"national {', '.join(old.get('national_provisions') or []) or '(none)'} -> "
                     f"{', '.join(new.get('national_provisions') or []) or '(none)'}")
    for k in ("reasons", "comment", *FORM_FIELDS):
        if (k in old or k in new) and clean(old.get(k)) != clean(new.get(k)):
            parts.append(f"{k} edited")
    return "; ".join(parts)
