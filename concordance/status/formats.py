"""The status report as CSV (one row per reference act × jurisdiction × level), JSON and a plain
text table; CSV text a spreadsheet could run as a formula is quoted."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from .figures import COUNTED, FORMAT_ID, OUTCOME_LABELS, Figures
from .report import StatusReport

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
