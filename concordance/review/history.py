"""Who decided what, when, from which workbook: the project's event log as a person reads it.

Why: an auditor or a ministry's legal director asks "who marked Article 10(2) as full, when, from
which workbook, and what was it before?". The event log holds the answer (every change with who,
when, the file and its SHA-256, the old and the new value); this module selects the events about
one provision, act, reviewer or period and words each as one line (``concordance log``), and
lists the decision each row holds now (``concordance show --decisions``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import InputError
from ..store import Decision, Event, Project
from ..store.notes import parse_note_object
from .common import fold

#: Actions whose object is one decision (``REF:provision -> NATIONAL``).
DECISION_ACTIONS = frozenset({"decide", "review_import", "conflict", "amendment_carry", "amendment_review"})


@dataclass(frozen=True)
class LogLine:
    """One change, as ``concordance log`` shows it."""

    at: str
    who: str
    action: str
    what: str
    old: str
    new: str
    comment: str
    source_file: str
    source_sha256: str
    event: int


@dataclass(frozen=True)
class DecisionLine:
    """The decision one row holds now, as ``concordance show --decisions`` shows it."""

    reference: str
    provision: str
    national_act: str
    compatibility: str
    national_provisions: str
    reviewer: str
    decided_at: str
    source_file: str
    row_version: int


def _decision_object(obj: str) -> tuple[str, str, str] | None:
    """``REF:provision -> NATIONAL`` -> (REF, provision, NATIONAL); None for other objects."""
    left, sep, national = obj.partition(" -> ")
    ref, colon, provision = left.partition(":")
    return (ref, provision, national) if sep and colon else None


def _parse_since(since: str) -> str:
    """A DATE or date-time as the stored stamps are written (UTC, ``...Z``), so text order is time order."""
    text = since.strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat()
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"--since {since!r} is not a date.", where="concordance log",
                         todo="Give a date as YYYY-MM-DD (or a time as YYYY-MM-DDTHH:MM, UTC).") from None
    if when.tzinfo is not None:
        when = when.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return when.replace(microsecond=0).isoformat() + "Z"


def find_provisions(project: Project, typed: str, act_key: str | None = None) -> list[tuple[str, str]]:
    """(act key, provision id) for a provision typed as an id (``art_10__para_2``) or a citation
    (``Article 10(2)``, ``član 12 stav 2``), with the provisions inside it; in every act of the
    project, or in ``act_key``. An InputError when no act has it."""
    keys = [act_key] if act_key else [a.key for a in project.acts()]
    wanted = fold(typed).rstrip(".")
    found: list[tuple[str, str]] = []
    for key in keys:
        act = project.act(key)
        ids = [p.id for p in act.provisions if p.id == typed.strip()] or [
            p.id for p in act.provisions if fold(p.citation).rstrip(".") == wanted]
        for pid in ids:
            found += [(key, p.id) for p in act.provisions
                      if p.id == pid or p.id.startswith(pid + "__")]
    if not found:
        raise InputError(f"no act of the project has a provision {typed!r}.", where=str(project.path),
                         todo="Give the provision's id (art_10__para_2) or its citation as the act writes it "
                              "(Article 10(2)); `concordance show PROJECT --decisions` lists them.")
    return list(dict.fromkeys(found))


def history(project: Project, *, provision: str | None = None, act: str | None = None,
            reviewer: str | None = None, since: str | None = None) -> list[LogLine]:
    """The changes asked for, oldest first: about a provision (with the ones inside it), an act,
    made by a reviewer (who imported, or who is named as the decision's reviewer), since a date."""
    if act:
        project.act_record(act)  # a helpful error naming the keys held
    ref_objects: set[str] = set()
    national_pids: set[tuple[str, str]] = set()
    if provision:
        roles = {a.key: a.role for a in project.acts()}
        nationals = [a.key for a in project.acts("national")]
        for k, pid in find_provisions(project, provision, act):
            if roles[k] == "reference":
                ref_objects.update(f"{k}:{pid} -> {n}" for n in nationals)
            else:
                national_pids.add((k, pid))
    # the reference side is a query on the event's object; a national provision sits inside the
    # old and new values, so those events are looked through here
    objects = sorted(ref_objects) if provision and not national_pids else None
    events = project.log_events(objects=objects, since=_parse_since(since) if since else None)
    cites = _Citations(project)
    out = []
    for e in events:
        key = _decision_object(e.object)
        note = parse_note_object(e.object)   # a note on a national provision (comment, competent authority)
        if national_pids and e.object not in ref_objects and not (key and _names_national(e, key, national_pids)) \
                and not (note and (note[1], note[2]) in national_pids):
            continue
        named = {key[0], key[2]} if key else {note[0], note[1]} if note else None
        if act and not _about_act(e, named, act):
            continue
        if reviewer and not _by(e, reviewer):
            continue
        out.append(_note_line(e, note, cites) if note else _line(e, key, cites))
    return out


def _note_line(e: Event, note: tuple[str, str, str], cites: "_Citations") -> LogLine:
    """A change of a note on a national provision: ``член 5 (MK-…) <- UN-…`` and the values."""
    reference, national, pid = note
    comment = f"not applied: {(e.new or {}).get('reason', '')}" if e.action == "conflict" else ""
    return LogLine(at=e.at, who=e.who, action=e.action, what=f"{cites(national, pid)} ({national}) <- {reference}",
                   old=_summary(e.old) or "(none)", new=_summary(e.new), comment=comment,
                   source_file=e.source_file, source_sha256=e.source_sha256, event=e.id)


def _names_national(e: Event, key: tuple[str, str, str], pids: set[tuple[str, str]]) -> bool:
    for value in (e.old, e.new):
        if isinstance(value, dict):
            if any((key[2], p) in pids for p in value.get("national_provisions") or ()):
                return True
    return False


def _about_act(e: Event, named: set[str] | None, act: str) -> bool:
    """The event is about ``act``: one of the acts its decision or note names (``named``), else
    the act or the pair of acts its object names."""
    if named:
        return act in named
    return e.object == act or act in e.object.split(" × ")


def _by(e: Event, reviewer: str) -> bool:
    """Made by ``reviewer``: who ran the change, or the reviewer it names (a workbook row may name
    another adviser than the one who imported it). A conflict names only who tried."""
    names = {e.who}
    if e.action != "conflict" and isinstance(e.new, dict) and e.new.get("reviewer"):
        names.add(e.new["reviewer"])
    return fold(reviewer) in {fold(n) for n in names if n}


class _Citations:
    """Provision ids as the act cites them (``art_10__para_2`` -> ``Article 10(2)``)."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.held = {a.key for a in project.acts()}
        self.cache: dict[str, dict[str, str]] = {}

    def __call__(self, act: str, pid: str) -> str:
        if act not in self.held:
            return pid
        got = self.cache.get(act)
        if got is None:
            got = self.cache[act] = {p.id: p.citation for p in self.project.act(act).provisions}
        return got.get(pid, pid)


def _value(v: Any, national: str, cites: _Citations) -> str:
    """A decision's value in a few words: ``partial: član 3, član 4``."""
    if not isinstance(v, dict):
        return ""
    compat = (v.get("compatibility") or "").replace("_", " ") or "(blank)"
    provs = ", ".join(cites(national, p) for p in v.get("national_provisions") or ())
    return f"{compat}: {provs}" if provs else compat


def _summary(v: Any) -> str:
    """Any other event's value in a few words (``version 2``, ``changed 11, conflicts 1``)."""
    if not isinstance(v, dict):
        return ""
    return ", ".join(f"{k} {v[k]}" for k in v if isinstance(v[k], (str, int, float)) and v[k] not in ("", None))


def _line(e: Event, key: tuple[str, str, str] | None, cites: _Citations) -> LogLine:
    if key and e.action in DECISION_ACTIONS:
        what = f"{cites(key[0], key[1])} ({key[0]}) × {key[2]}"
        old, new = _value(e.old, key[2], cites) or "(none)", _value(e.new, key[2], cites)
        comment = (e.new or {}).get("comment", "") if isinstance(e.new, dict) else ""
        if e.action == "conflict":
            comment = f"not applied: {(e.new or {}).get('reason', '')}"
    else:
        what, old, new, comment = e.object, _summary(e.old), _summary(e.new), ""
    return LogLine(at=e.at, who=e.who, action=e.action, what=what, old=old, new=new, comment=comment or "",
                   source_file=e.source_file, source_sha256=e.source_sha256, event=e.id)


def current_decisions(project: Project, act: str | None = None) -> list[DecisionLine]:
    """The decision every decided row holds now, in the reference act's order."""
    cites = _Citations(project)
    decisions: list[Decision] = [d for d in project.decisions()
                                 if not act or act in (d.reference_key, d.national_key)]
    order = {}
    for ref in {d.reference_key for d in decisions}:
        order.update({(ref, p.id): i for i, p in enumerate(project.act(ref).provisions)})
    decisions.sort(key=lambda d: (d.reference_key, order.get((d.reference_key, d.reference_provision), 0),
                                  d.national_key))
    return [DecisionLine(reference=d.reference_key, provision=cites(d.reference_key, d.reference_provision),
                         national_act=d.national_key, compatibility=d.compatibility.value.replace("_", " "),
                         national_provisions=", ".join(cites(d.national_key, p) for p in d.national_provisions),
                         reviewer=d.reviewer, decided_at=d.decided_at, source_file=d.source_file,
                         row_version=d.row_version)
            for d in decisions]


# ------------------------------------------------------------------------------------------------
# output
# ------------------------------------------------------------------------------------------------
def _spreadsheet_safe(text: str) -> str:
    """CSV text a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(lines: list[LogLine] | list[DecisionLine]) -> str:
    """CSV with a header row, formula-looking text made inert."""
    buf = io.StringIO()
    if not lines:
        return ""
    rows = [asdict(x) for x in lines]
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()})
    return buf.getvalue()


def to_json(lines: list[LogLine] | list[DecisionLine]) -> str:
    return json.dumps([asdict(x) for x in lines], ensure_ascii=False, indent=2)


def log_table(lines: list[LogLine]) -> list[str]:
    """One line per change: when, who, what, old -> new, comment, file and the start of its hash."""
    out = []
    for x in lines:
        change = f"{x.old} -> {x.new}" if x.old else x.new
        text = f"{x.at}  {x.who or '-':12} {x.action:16} {x.what}"
        if change:
            text += f": {change}"
        if x.comment:
            text += f"  \u201c{x.comment}\u201d"
        if x.source_file:
            text += f"  [{x.source_file}" + (f" sha256 {x.source_sha256[:12]}" if x.source_sha256 else "") + "]"
        out.append(text)
    return out


def decisions_table(lines: list[DecisionLine]) -> list[str]:
    return [f"{x.reference} {x.provision:24} × {x.national_act}: {x.compatibility:15} "
            f"{x.national_provisions or '-'}  ({x.reviewer or '-'}, {x.decided_at}"
            + (f", from {x.source_file}" if x.source_file else "") + ")"
            for x in lines]
