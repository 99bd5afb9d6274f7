"""The status of a project: read every concordance it holds (an incomplete reference act's missing
provisions as "text not held"), record the figures as a snapshot, write the dashboard."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from ..catalogue.missing_rows import with_missing_rows
from ..errors import InputError
from ..model import Concordance
from .dashboard import write_site
from .figures import UNASSIGNED
from .report import StatusReport, build_report

Progress = Callable[[int, int, str], None]


def compute(project: Any, *, references: Sequence[str] | None = None, since: str | int | None = None,
            progress: Progress | None = None) -> StatusReport:
    """Status of every reference act × national act of a project, combined per jurisdiction.

    ``progress(done, total, what)`` is called after each concordance is read (the CLI draws a bar).
    """
    all_refs = project.acts("reference")
    refs = [r for r in all_refs if not references or r.key in references]
    if references:
        unknown = sorted(set(references) - {r.key for r in refs})
        if unknown:
            known = ", ".join(r.key for r in all_refs) or "none"
            raise InputError(f"no reference act {', '.join(unknown)} in the project", where="--reference",
                             todo=f"Use one of: {known}.")
    # an act without a jurisdiction in its act.toml is grouped, and shown, as "unassigned"
    jurisdictions = {jur or UNASSIGNED: keys for jur, keys in project.jurisdictions().items()}
    jobs = [(ref.key, jur, key) for ref in refs for jur, keys in jurisdictions.items() for key in keys]
    matched = {(m.reference_key, m.national_key) for m in project.match_runs()}
    pairs: list[tuple[str, Concordance]] = []
    for done, (ref_key, jur, key) in enumerate(jobs, 1):
        # an incomplete reference act: its missing provisions count as "text not held", not vanish
        pairs.append((jur, with_missing_rows(project.concordance(ref_key, [key]))))
        if progress is not None:
            progress(done, len(jobs), f"{ref_key} × {key}")
    unmatched = [(r, k) for r, _, k in jobs if (r, k) not in matched]
    return build_report(pairs, project.snapshots(), unmatched=unmatched, since=since)


def snapshot(project: Any, label: str, source: str = "") -> int:
    """Compute the project's figures now and record them as a snapshot; returns its id.

    The review import calls this after applying a workbook (``source`` = the workbook's name), and
    ``concordance snapshot PROJECT --label "H2 2026"`` calls it for a reporting date.
    """
    label = (label or "").strip()
    if not label:
        raise InputError("a snapshot needs a label", where="--label",
                         todo='Give one, e.g. --label "H2 2026".')
    report = compute(project)
    return project.save_snapshot(label, report.figures(), source)


def write_dashboard(project: Any, out_dir: str | Path, progress: Progress | None = None,
                    title: str = "Harmonisation status") -> Path:
    """Write the static HTML dashboard of a project into ``out_dir``; returns index.html's path."""
    return write_site(compute(project, progress=progress), out_dir, title=title)
