"""The status dashboard: a static HTML site a ministry can open from disk, with no network.

Pages (all in one folder, linked relatively):

* ``index.html``  per reference act: the overview per jurisdiction (stacked bars and their table),
  the heat map of reference articles × jurisdictions, the trend over snapshots (line chart and
  table), and the open gaps grouped by theme (bar chart and table);
* ``j-<jurisdiction>.html``  one jurisdiction: its figures per reference act, combined and per act,
  each figure linking to the list of rows behind it, and every row with its citation, national
  provisions, compatibility and reviewer (anchors per article for the heat map);
* ``a-<act>.html``  the same for one national act;
* ``gaps.html``  the open gaps per reference act, theme and jurisdiction.

The pages are Jinja templates in ``templates/dashboard/`` (autoescaped); the charts are inline SVG
drawn by those templates from the geometry computed here. A Content-Security-Policy in every page
forbids any network request and any script, so nothing can leak out when a page is opened. Every
file is written atomically, and file names are derived from keys through :func:`slug`, so no key
can place a file outside the output folder.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from ..errors import InputError
from ..model import ActMeta
from ..outputs import atomic_write_text, inside, output_folder
from .figures import COUNTED, OUTCOME_LABELS, Figures, Outcome, ProvisionStatus, StatusEntry
from .report import StatusReport

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates" / "dashboard"

# Colours chosen to stay apart for the common colour-vision deficiencies; every chart also carries
# text and a table, so colour is never the only signal.
COLOURS = {
    "full": "#1a9850",
    "partial": "#fdae61",
    "none": "#d73027",
    "not_applicable": "#bababa",
    "unreviewed": "#74add1",
    "text_not_held": "#ffffff",
    "not_transposable": "#eeeeee",
}
SERIES_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
SERIES_MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond")

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")


def slug(key: str) -> str:
    """A file-name and anchor-safe form of a key (letters, digits, ``_`` and ``-`` only).

    Keys that had to be changed get a short hash so that two different keys never share a slug.
    """
    cleaned = _UNSAFE.sub("-", key).strip("-")[:60] or "x"
    if cleaned != key:
        cleaned += "-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    return cleaned


def article_label(article_id: str, provisions: list[ProvisionStatus]) -> str:
    """How a heat-map row names an article: its own citation when it has a row, else the citation
    of its first row cut before the first "(" or "," ("Article 5(2)(a)" -> "Article 5", "Annex I,
    Part II, point 1" -> "Annex I"), else its id in words."""
    for p in provisions:
        if p.provision == article_id and p.citation:
            return p.citation
    for p in provisions:
        head = re.split(r"\s*[(,]", p.citation or "", maxsplit=1)[0].strip()
        if head:
            return head
    m = re.fullmatch(r"(art|annex|recital|chp|part|sec)_(\w+)", article_id)
    if m:
        word = {"art": "Article", "annex": "Annex", "recital": "Recital", "chp": "Chapter", "part": "Part",
                "sec": "Section"}[m.group(1)]
        return f"{word} {m.group(2).replace('_', '.')}"
    return article_id


# ---------------------------------------------------------------------------------------------
# view models (what the templates receive)
# ---------------------------------------------------------------------------------------------
@dataclass
class Site:
    """Names of every page and anchor, so templates never build a file name themselves."""

    jurisdiction_pages: dict[str, str] = field(default_factory=dict)
    act_pages: dict[str, str] = field(default_factory=dict)

    def jurisdiction_page(self, jur: str) -> str:
        return self.jurisdiction_pages[jur]

    def act_page(self, act_key: str) -> str:
        return self.act_pages[act_key]

    def entry_page(self, entry: StatusEntry) -> str:
        return self.jurisdiction_page(entry.jurisdiction) if entry.combined else self.act_page(entry.act_key)

    @staticmethod
    def outcome_anchor(entry: StatusEntry, outcome: str) -> str:
        return f"{slug(entry.reference.key)}--{outcome}"

    @staticmethod
    def row_anchor(reference_key: str, provision: str) -> str:
        return f"{slug(reference_key)}--p-{slug(provision)}"

    @staticmethod
    def snapshot_anchor(reference_key: str, snapshot_id: int) -> str:
        return f"{slug(reference_key)}--s{int(snapshot_id)}-full"

    def trend_link(self, reference_key: str, jurisdiction: str, point_key: str) -> str:
        page = self.jurisdiction_page(jurisdiction)
        if point_key == "now":
            return f"{page}#{slug(reference_key)}--full"
        return f"{page}#{self.snapshot_anchor(reference_key, int(point_key))}"

    @staticmethod
    def article_anchor(reference_key: str, article: str) -> str:
        return f"{slug(reference_key)}--a-{slug(article)}"

    def figure_link(self, entry: StatusEntry, outcome: str) -> str:
        return f"{self.entry_page(entry)}#{self.outcome_anchor(entry, outcome)}"


def _article_title(article_id: str, provisions: list[ProvisionStatus]) -> str:
    """The heading line of an article group in the row tables: "Article 8 — Marking of firearms"."""
    label = article_label(article_id, provisions)
    heading = next((p.heading for p in provisions if p.heading), "")
    return f"{label} — {heading}" if heading and heading != label else label


def _stacked_bars(entries: list[StatusEntry], width: int = 520, bar_h: int = 22, gap: int = 10
                  ) -> dict[str, Any]:
    """Geometry of a horizontal 100 % stacked bar per entry (shares of the transposable)."""
    label_w = _text_width(e.jurisdiction if e.combined else e.act_key for e in entries) + 16
    plot_w = width - label_w - 24
    bars = []
    for i, e in enumerate(entries):
        y = 10 + i * (bar_h + gap)
        x = float(label_w)
        segments = []
        for o in COUNTED:
            share = e.figures.share(o.value)
            w = plot_w * share
            if w > 0:
                segments.append({"outcome": o.value, "x": round(x, 2), "w": round(w, 2),
                                 "colour": COLOURS[o.value], "count": e.figures.count(o.value),
                                 "pct": round(100 * share, 1), "label": OUTCOME_LABELS[o.value]})
            x += w
        bars.append({"entry": e, "y": y, "h": bar_h, "label": e.jurisdiction if e.combined else e.act_key,
                     "segments": segments, "empty": e.figures.transposable == 0})
    height = 20 + len(entries) * (bar_h + gap) + 24
    ticks = [{"x": round(label_w + plot_w * t / 100, 2), "label": f"{t}%"} for t in (0, 25, 50, 75, 100)]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "axis_y": height - 22,
            "label_w": label_w}


def _line_chart(series: list[dict[str, Any]], x_labels: list[str], width: int = 600, height: int = 300
                ) -> dict[str, Any]:
    """Geometry of a line chart of % full per series over the snapshot axis."""
    left, right, top, bottom = 90, 120, 16, 70
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(x_labels), 1)

    def x_at(i: int) -> float:
        return round(left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2), 2)

    def y_at(pct: float) -> float:
        return round(top + plot_h * (1 - pct / 100.0), 2)

    # At most eight tick labels (first and last always), shortened: the table beside names them all.
    step = max(1, -(-n // 8))
    shown = {i for i in range(n) if i % step == 0} | {n - 1}
    out_series = []
    for k, s in enumerate(series):
        pts = [{"x": x_at(i), "y": y_at(v), "value": v, "label": x_labels[i]}
               for i, v in enumerate(s["values"]) if v is not None]
        out_series.append({
            "name": s["name"], "colour": SERIES_COLOURS[k % len(SERIES_COLOURS)],
            "dash": SERIES_DASHES[k % len(SERIES_DASHES)], "marker": SERIES_MARKERS[k % len(SERIES_MARKERS)],
            "points": pts, "path": " ".join(f"{p['x']},{p['y']}" for p in pts),
            "end": pts[-1] if pts else None,
        })
    # Labels at the line ends are nudged apart so they stay readable.
    ends = sorted((s for s in out_series if s["end"]), key=lambda s: s["end"]["y"])
    last_y = -1e9
    for s in ends:
        s["label_y"] = max(s["end"]["y"] + 4, last_y + 13)
        last_y = s["label_y"]
    for s in out_series:
        s.setdefault("label_y", 0)
    return {
        "width": width, "height": height, "left": left, "top": top, "plot_w": plot_w, "plot_h": plot_h,
        "series": out_series,
        "x_ticks": [{"x": x_at(i), "label": _short(lab), "show": i in shown} for i, lab in enumerate(x_labels)],
        "y_ticks": [{"y": y_at(v), "label": f"{v}%"} for v in (0, 25, 50, 75, 100)],
        "label_x": left + plot_w + 8,
    }


def _short(label: str, limit: int = 16) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _bar_chart(items: list[dict[str, Any]], width: int = 560, bar_h: int = 20, gap: int = 8
               ) -> dict[str, Any]:
    """Geometry of a horizontal bar chart of counts (open gaps per theme)."""
    top = max((it["value"] for it in items), default=0) or 1
    label_w = _text_width(it["label"] for it in items) + 16
    plot_w = max(width - label_w - 50, 80)
    bars = []
    for i, it in enumerate(items):
        bars.append({**it, "y": 8 + i * (bar_h + gap), "h": bar_h, "x": label_w,
                     "w": round(plot_w * it["value"] / top, 2)})
    return {"width": width, "height": 16 + len(items) * (bar_h + gap), "bars": bars, "label_w": label_w}


def _text_width(labels: Iterable[str], font_px: float = 12.0) -> int:
    """A generous estimate of the width of the longest label in SVG text (no font metrics offline)."""
    return int(max((len(s) for s in labels), default=4) * font_px * 0.62) + 4


def _heat_state(provisions: list[ProvisionStatus]) -> dict[str, Any]:
    """What one heat-map cell says about one article in one jurisdiction: the worst state first."""
    counts = Figures.tally(provisions)
    n = counts.transposable
    if n == 0:
        state = "text_not_held" if counts.text_not_held else "not_transposable"
        word = "text not held" if counts.text_not_held else "not transposable"
    elif counts.none:
        state, word = "none", "gap"
    elif counts.partial:
        state, word = "partial", "partial"
    elif counts.unreviewed:
        state, word = "unreviewed", "to review"
    elif counts.full:
        state, word = "full", "full"
    else:
        state, word = "not_applicable", "n/a"
    detail = ", ".join(f"{counts.count(o.value)} {OUTCOME_LABELS[o.value].lower()}"
                       for o in COUNTED if counts.count(o.value))
    return {"state": state, "word": word, "full": counts.full, "n": n, "figures": counts,
            "detail": detail or word, "colour": COLOURS[state]}


def _reference_view(report: StatusReport, ref: ActMeta, site: Site) -> dict[str, Any]:
    combined = report.entries_for(reference=ref.key, combined=True)
    overview = []
    for e in combined:
        overview.append({"entry": e, "change": report.change(e), "acts": [
            {"entry": a, "change": report.change(a)}
            for a in report.entries_for(reference=ref.key, jurisdiction=e.jurisdiction, combined=False)]})
    # heat map: articles in reference order × jurisdictions
    articles: list[str] = []
    for e in combined:
        for p in e.provisions:
            if p.article not in articles:
                articles.append(p.article)
    heat_rows = []
    for art in articles:
        cells = []
        label = ""
        for e in combined:
            members = [p for p in e.provisions if p.article == art]
            label = label or article_label(art, members)
            cell = _heat_state(members)
            cell["href"] = f"{site.jurisdiction_page(e.jurisdiction)}#{site.article_anchor(ref.key, art)}"
            cell["jurisdiction"] = e.jurisdiction
            cells.append(cell)
        heat_rows.append({"article": art, "label": label, "cells": cells})
    # trend: % full per jurisdiction over snapshots (+ now); points are keyed by snapshot id
    # because labels repeat (every review import records a snapshot named after its file)
    trends = {e.jurisdiction: report.trend(ref.key, e.jurisdiction) for e in combined}
    axis: dict[str, Any] = {}
    for s in report.snapshots:
        axis[str(s.id)] = {"key": str(s.id), "label": s.label, "taken_at": s.taken_at}
    if any(pt.current for pts in trends.values() for pt in pts):
        axis["now"] = {"key": "now", "label": "now", "taken_at": report.computed_at}
    axis_points = [a for a in axis.values()
                   if any(pt.key == a["key"] for pts in trends.values() for pt in pts)]
    series, trend_rows = [], []
    by_key = {jur: {pt.key: pt for pt in pts} for jur, pts in trends.items()}
    for e in combined:
        values = [round(100 * by_key[e.jurisdiction][a["key"]].figures.share("full"), 1)
                  if a["key"] in by_key[e.jurisdiction] else None for a in axis_points]
        series.append({"name": e.jurisdiction, "values": values})
    for a in axis_points:
        trend_rows.append({"point": a, "cells": [by_key[e.jurisdiction].get(a["key"]) for e in combined]})
    # open gaps by theme
    theme_rows = []
    for theme in report.themes.themes:
        per_jur = []
        for e in combined:
            gaps = [p for p in e.provisions if p.theme == theme.id and p.is_open_gap]
            per_jur.append({"jurisdiction": e.jurisdiction, "count": len(gaps),
                            "href": f"gaps.html#{gap_anchor(ref.key, theme.id, e.jurisdiction)}"})
        total = sum(c["count"] for c in per_jur)
        theme_rows.append({"theme": theme, "cells": per_jur, "total": total,
                           "href": f"gaps.html#{gap_anchor(ref.key, theme.id)}"})
    gap_chart = _bar_chart([{"label": r["theme"].label, "value": r["total"], "href": r["href"]}
                            for r in theme_rows])
    return {
        "ref": ref, "anchor": slug(ref.key), "overview": overview,
        "bars": _stacked_bars(combined),
        "jurisdictions": [e.jurisdiction for e in combined],
        "heat_rows": heat_rows,
        "trend_points": axis_points, "trend_rows": trend_rows,
        "trend_chart": _line_chart(series, [a["label"] for a in axis_points]),
        "theme_rows": theme_rows, "gap_chart": gap_chart,
    }


def gap_anchor(reference_key: str, theme: str, jurisdiction: str | None = None) -> str:
    base = f"{slug(reference_key)}--t-{slug(theme)}"
    return base if jurisdiction is None else f"{base}--j-{slug(jurisdiction)}"


def _entry_view(report: StatusReport, entry: StatusEntry, site: Site) -> dict[str, Any]:
    lists = {o.value: [p for p in entry.provisions if p.outcome.value == o.value] for o in Outcome}
    gaps = [p for p in entry.provisions if p.outcome is Outcome.UNREVIEWED and p.machine_gap]
    members: dict[str, list[ProvisionStatus]] = {}
    for p in entry.provisions:
        members.setdefault(p.article, []).append(p)
    articles = {art: _article_title(art, ps) for art, ps in members.items()}
    history = []
    if entry.combined:   # what each snapshot recorded as full: the rows behind the trend figures
        citations = {p.provision: p.citation or p.provision for p in entry.provisions}
        for snap in report.snapshots:
            outcomes = report.outcomes_at(snap, entry.reference.key, entry.jurisdiction)
            if outcomes:
                full = [pid for pid, o in outcomes.items() if o == Outcome.FULL.value]
                history.append({"snapshot": snap, "anchor": Site.snapshot_anchor(entry.reference.key, snap.id),
                                "rows": [(pid, citations.get(pid, pid), pid in citations) for pid in full]})
    return {"entry": entry, "change": report.change(entry), "lists": lists, "machine_gaps": gaps,
            "moved": report.moved(entry), "articles": articles, "history": history,
            "multi_act": entry.combined and len(entry.acts) > 1,
            "act_titles": {a.key: a.short_title or a.key for a in entry.acts}}


# ---------------------------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------------------------
def _environment(template_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir)),
        autoescape=True,                 # every template is HTML: escape everything by default
        undefined=StrictUndefined,       # a misspelt name is an error, not an empty cell
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(COUNTED=[o.value for o in COUNTED], LABELS=OUTCOME_LABELS, COLOURS=COLOURS,
                       slug=slug, gap_anchor=gap_anchor)
    env.filters["pct"] = lambda f, name: f"{100 * f.share(name):.1f}%"
    env.filters["signed"] = lambda n: "" if not n else f"{n:+d}"
    return env


def _write_page(out_dir: Path, name: str, content: str) -> Path:
    """Write one page into ``out_dir``, atomically, refusing any name that would land outside it."""
    target = inside(out_dir, name)
    atomic_write_text(target, content)
    return target


def write_site(report: StatusReport, out_dir: str | Path, *, title: str = "Harmonisation status",
               template_dir: Path | None = None) -> Path:
    """Write the dashboard for ``report`` into ``out_dir`` (created if missing); returns index.html."""
    out = output_folder(out_dir)
    site = Site()
    for jur in report.jurisdictions():
        site.jurisdiction_pages[jur] = f"j-{slug(jur)}.html"
    for e in report.entries:
        if not e.combined and e.act_key not in site.act_pages:
            site.act_pages[e.act_key] = f"a-{slug(e.act_key)}.html"
    env = _environment(template_dir or TEMPLATE_DIR)
    common = {"title": title, "report": report, "site": site, "baseline": report.baseline,
              "jurisdictions": report.jurisdictions()}
    refs = [_reference_view(report, ref, site) for ref in report.references]
    glance = [{"jurisdiction": jur, "href": site.jurisdiction_page(jur),
               "cells": [_glance_cell(report, ref.key, jur, site) for ref in report.references]}
              for jur in report.jurisdictions()]
    pages: list[tuple[str, str, dict[str, Any]]] = [
        ("index.html", "index.html.j2", {"refs": refs, "page": "index", "glance": glance}),
        ("gaps.html", "gaps.html.j2", {"refs": refs, "page": "gaps", "gap_lists": _gap_lists(report)}),
    ]
    for jur, name in site.jurisdiction_pages.items():
        sections = [{"ref": e.reference, "main": _entry_view(report, e, site),
                     "acts": [_entry_view(report, a, site)
                              for a in report.entries_for(reference=e.reference.key, jurisdiction=jur, combined=False)]}
                    for e in report.entries_for(jurisdiction=jur, combined=True)]
        pages.append((name, "entry.html.j2", {"page": "jurisdiction", "heading": f"Jurisdiction {jur}",
                                              "jurisdiction": jur, "sections": sections}))
    for act_key, name in site.act_pages.items():
        entries = [e for e in report.entries if e.act_key == act_key]
        act = entries[0].act
        sections = [{"ref": e.reference, "main": _entry_view(report, e, site), "acts": []} for e in entries]
        pages.append((name, "entry.html.j2", {"page": "act", "heading": f"{act.title} ({act.key})",
                                              "jurisdiction": entries[0].jurisdiction, "sections": sections}))
    for name, template, context in pages:
        try:
            html = env.get_template(template).render(**common, **context)
        except TemplateError as exc:
            where = getattr(exc, "filename", None) or template
            line = getattr(exc, "lineno", None)
            raise InputError(f"dashboard template error: {exc}", where=f"{where}{f', line {line}' if line else ''}",
                             todo="Fix the template (templates/dashboard/).") from exc
        _write_page(out, name, html)
    _remove_stale_pages(out, {name for name, _, _ in pages})
    return out / "index.html"


GENERATOR_MARK = '<meta name="generator" content="concordance">'


def _remove_stale_pages(out: Path, written: set[str]) -> list[str]:
    """Delete jurisdiction and act pages an earlier run wrote for acts no longer in the project, so
    no page shows outdated figures. Only files this writer made (named ``j-*.html`` / ``a-*.html``
    and carrying its generator mark) are touched; anything else in the folder is left alone."""
    removed = []
    for page in sorted(out.glob("[ja]-*.html")):
        if page.name in written or not page.is_file():
            continue
        with open(page, encoding="utf-8", errors="replace") as fh:
            head = fh.read(2048)
        if GENERATOR_MARK in head:
            page.unlink()
            removed.append(page.name)
    return removed


def _glance_cell(report: StatusReport, reference: str, jurisdiction: str, site: Site) -> dict[str, Any] | None:
    """One jurisdiction × reference act in the summary at the top of the index."""
    e = report.entry(reference, jurisdiction)
    if e is None:
        return None
    return {"entry": e, "open_gaps": sum(1 for p in e.provisions if p.is_open_gap),
            "href": f"{site.jurisdiction_page(jurisdiction)}#{slug(reference)}", "change": report.change(e)}


def _gap_lists(report: StatusReport) -> list[dict[str, Any]]:
    """Per reference act, per theme, per jurisdiction: the open gaps (combined entries)."""
    out = []
    for ref in report.references:
        combined = report.entries_for(reference=ref.key, combined=True)
        themes = []
        for theme in report.themes.themes:
            groups = []
            for e in combined:
                rows = [p for p in e.provisions if p.theme == theme.id and p.is_open_gap]
                if rows:
                    groups.append({"jurisdiction": e.jurisdiction, "rows": rows,
                                   "anchor": gap_anchor(ref.key, theme.id, e.jurisdiction)})
            themes.append({"theme": theme, "groups": groups, "anchor": gap_anchor(ref.key, theme.id),
                           "total": sum(len(g["rows"]) for g in groups)})
        out.append({"ref": ref, "themes": themes})
    return out
