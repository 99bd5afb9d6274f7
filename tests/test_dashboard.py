"""The static dashboard: figures shown equal the computed (and hand-computed) figures, every figure
drills down to exactly the rows behind it, nothing reaches the network, everything is escaped and
stays inside the output folder. The Chromium tests load the pages from disk in headless Chromium."""
from __future__ import annotations

import dataclasses
import importlib.util
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from concordance import status
from concordance.status.dashboard import slug, write_site
from concordance.errors import InputError
from concordance.store import Project

_spec = importlib.util.spec_from_file_location(
    "status_synthetic", Path(__file__).parent / "fixtures" / "status" / "synthetic.py")
syn = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(syn)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="headless chromium not installed")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The small synthetic project after three review stages (snapshots S1, S2), and its dashboard."""
    root = tmp_path_factory.mktemp("dash")
    with Project.create(root / "p.concordance") as p:
        syn.build_small(p)
        syn.apply_stage(p, syn.STAGE_1)
        status.snapshot(p, "S1", source="synthetic-review-1.xlsx")
        syn.apply_stage(p, syn.STAGE_2)
        syn.apply_stage(p, syn.STAGE_2_REF2, "SYN-REF-2")
        status.snapshot(p, "S2", source="synthetic-review-2.xlsx")
        syn.apply_stage(p, syn.STAGE_3)
        report = status.compute(p)
        index = status.write_dashboard(p, root / "site")
    return {"root": root, "out": root / "site", "index": index, "report": report}


def _doc(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def _figures(doc) -> dict[tuple[str, ...], int]:
    out = {}
    for el in doc.xpath("//*[@data-figure]"):
        out[tuple(el.get("data-figure").split("|"))] = int(el.text_content().strip())
    return out


# Hand-computed after stage 3 (see tests/test_status_project.py for the working):
HAND = {
    ("SYN-REF-1", "XA", "", "full"): 4, ("SYN-REF-1", "XA", "", "none"): 1,
    ("SYN-REF-1", "XA", "", "not_applicable"): 1, ("SYN-REF-1", "XA", "", "unreviewed"): 0,
    ("SYN-REF-1", "XB", "", "transposable"): 7, ("SYN-REF-1", "XB", "", "machine_gaps"): 2,
    ("SYN-REF-1", "XC", "", "full"): 2, ("SYN-REF-1", "XC", "", "partial"): 1, ("SYN-REF-1", "XC", "", "none"): 2,
    ("SYN-REF-1", "XC", "", "unreviewed"): 1, ("SYN-REF-1", "XC", "", "text_not_held"): 1,
    ("SYN-REF-1", "XC", "XC-district", "none"): 4, ("SYN-REF-1", "XC", "XC-district", "machine_gaps"): 1,
    ("SYN-REF-2", "XA", "", "full"): 1,
}


def test_index_shows_the_computed_figures(site):
    shown = _figures(_doc(site["index"]))
    report = site["report"]
    assert len(shown) == 16 * 8   # 16 entries × (transposable, 5 outcomes, proposed gaps, text not held)
    for (ref, jur, act, name), value in shown.items():
        assert report.entry(ref, jur, act).figures.count(name) == value, (ref, jur, act, name)
    for key, value in HAND.items():
        assert shown[key] == value, key


def test_change_since_previous_snapshot_is_shown(site):
    doc = _doc(site["index"])
    cell = doc.xpath('//a[@data-figure="SYN-REF-1|XA||full"]/..')[0]
    assert "+1" in cell.text_content()
    assert "S2" in doc.xpath("//header")[0].text_content()


def _links(out: Path):
    for page in sorted(out.glob("*.html")):
        doc = _doc(page)
        for a in doc.xpath("//a[@href]"):
            yield page, a


def test_every_link_stays_local_and_resolves(site):
    out = site["out"]
    ids_cache: dict[str, set[str]] = {}
    n = 0
    for page, a in _links(out):
        href = a.get("href")
        parts = urlsplit(href)
        assert not parts.scheme and not parts.netloc, href
        target = out / (parts.path or page.name)
        assert target.is_file(), (page.name, href)
        if parts.fragment:
            ids = ids_cache.setdefault(target.name, set(_doc(target).xpath("//@id")))
            assert parts.fragment in ids, (page.name, href)
        n += 1
    assert n > 200


def test_every_figure_drills_down_to_exactly_its_rows(site):
    """A figure links to a section listing one link per row; the count equals the figure."""
    out = site["out"]
    checked = 0
    for page in sorted(out.glob("*.html")):
        for a in _doc(page).xpath("//a[@data-figure]"):
            parts = urlsplit(a.get("href"))
            target = _doc(out / (parts.path or page.name))
            section = target.get_element_by_id(parts.fragment)
            rows = section.xpath(".//li/a")
            assert len(rows) == int(a.text_content()), (page.name, a.get("href"))
            for r in rows:   # and each listed row exists on that page with the outcome named
                row = target.get_element_by_id(r.get("href")[1:])
                assert row.tag == "tr"
            checked += 1
    assert checked > 100


def test_rows_behind_a_figure_carry_citation_national_provisions_and_reviewer(site):
    doc = _doc(site["out"] / "j-XC.html")
    row = doc.get_element_by_id(f"{slug('SYN-REF-1')}--p-art_2__para_1")
    text = row.text_content()
    assert "Article 2(1)" in text and "XC-entity-2" in text and "Synthetic Reviewer" in text
    assert row.get("data-row") == "SYN-REF-1|art_2__para_1|full"
    assert "XC-entity-1: None" in text and "XC-district: Unreviewed" in text
    header = doc.get_element_by_id(f"{slug('SYN-REF-1')}--a-art_2")
    assert header.text_content().strip() == "Article 2 — Marking of widgets (synthetic)"


def test_heat_map_cells(site):
    doc = _doc(site["index"])
    cells = {tuple(td.get("data-heat").split("|")[:3]): td for td in doc.xpath("//td[@data-heat]")}
    # XA Article 2: (1) full, (2) full, (3) none -> the cell shows the gap, 2 of 3 full
    xa2 = cells[("SYN-REF-1", "XA", "art_2")]
    assert xa2.get("data-heat").endswith("|none") and "2/3 full" in xa2.text_content()
    # XC Article 1: (1) full, (2) partial -> partial, 1 of 2 full
    xc1 = cells[("SYN-REF-1", "XC", "art_1")]
    assert xc1.get("data-heat").endswith("|partial") and "1/2 full" in xc1.text_content()
    assert cells[("SYN-REF-1", "XB", "art_5")].get("data-heat").endswith("|not_transposable")
    assert cells[("SYN-REF-1", "XA", "art_4")].get("data-heat").endswith("|text_not_held")
    assert len([k for k in cells if k[0] == "SYN-REF-1"]) == 5 * 3


def test_trend_table_beside_the_chart(site):
    doc = _doc(site["index"])
    trend = {td.get("data-trend"): td.text_content() for td in doc.xpath("//td[@data-trend]")}
    assert trend["SYN-REF-1|XA|1"].startswith("33.3%")
    assert trend["SYN-REF-1|XA|2"].startswith("50.0%")
    assert trend["SYN-REF-1|XA|now"].startswith("66.7%")
    assert trend["SYN-REF-1|XB|2"].startswith("14.3%")
    # every trend figure drills down to the rows that were full at that snapshot (or now)
    out = site["out"]
    for td in doc.xpath("//td[@data-trend]"):
        link = urlsplit(td.xpath("./a/@href")[0])
        section = _doc(out / link.path).get_element_by_id(link.fragment)
        full_count = int(td.xpath(".//span")[0].text_content().split(" full")[0])
        assert len(section.xpath(".//li")) == full_count, td.get("data-trend")
    # the chart draws one line per jurisdiction
    svg = doc.xpath(f'//section[@id="{slug("SYN-REF-1")}"]//svg[contains(@aria-labelledby, "trend")]')[0]
    assert len(svg.xpath(".//polyline")) == 3


def test_every_chart_has_a_table_beside_it(site):
    doc = _doc(site["index"])
    for fig in doc.xpath("//figure[svg]"):
        pair = fig.getparent()
        assert "chart-pair" in pair.get("class", "")
        assert pair.xpath("./table"), "chart without a table"


def test_open_gaps_grouped_by_theme(site):
    doc = _doc(site["index"])
    report = site["report"]
    for td in doc.xpath("//td[@data-gaps]"):
        ref, theme, jur = td.get("data-gaps").split("|")
        entry = report.entry(ref, jur)
        want = sum(1 for p in entry.provisions if p.theme == theme and p.is_open_gap)
        assert int(td.text_content()) == want
    gaps = _doc(site["out"] / "gaps.html")
    # keyword themes of the synthetic text: Article 2 speaks of marking, Article 3 of deactivation
    marking = {tr.get("data-gap") for tr in gaps.xpath('//tr[starts-with(@data-gap, "SYN-REF-1|marking|")]')}
    assert "SYN-REF-1|marking|XA|art_2__para_3" in marking
    assert "SYN-REF-1|deactivation|XC|art_3" in {tr.get("data-gap") for tr in gaps.xpath("//tr[@data-gap]")}


def test_no_script_no_network_and_a_locking_policy(site):
    for page in site["out"].glob("*.html"):
        html = page.read_text(encoding="utf-8")
        doc = lxml.html.fromstring(html)
        assert not doc.xpath("//script"), page.name
        assert not doc.xpath("//link[@href] | //img | //iframe | //object | //embed"), page.name
        csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
        assert csp and "default-src 'none'" in csp[0]
        assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html


def test_files_are_readable_and_no_temporary_file_is_left(site):
    names = sorted(p.name for p in site["out"].iterdir())
    assert not [n for n in names if n.startswith(".tmp")]
    assert names == sorted(["index.html", "gaps.html", "j-XA.html", "j-XB.html", "j-XC.html", "a-XA-law.html",
                            "a-XB-law.html", "a-XC-entity-1.html", "a-XC-entity-2.html", "a-XC-district.html"])
    umask = os.umask(0)
    os.umask(umask)
    assert (site["index"].stat().st_mode & 0o777) == 0o666 & ~umask


def test_markup_in_titles_and_keys_is_escaped_and_cannot_escape_the_folder(tmp_path):
    ref, nat = syn.reference_two(), syn.national("../../XE evil<b>", "X<E>")
    nat = dataclasses.replace(nat, meta=dataclasses.replace(
        nat.meta, key="../../XE evil<b>", title='<script>alert("synthetic")</script> & "Widgets"', short_title=""))
    conc = syn.match_result(ref, nat, dict(zip(syn.REF2_ROWS, (syn.P, syn.G))))
    from concordance.model import Concordance, ConcordanceRow

    rows = tuple(ConcordanceRow(r.directive_provision, r.citation, "<i>synthetic</i> text", r.klass, r.status,
                                article=r.directive_provision) for r in conc.rows)
    report = status.build_report([("X<E>", Concordance(ref.meta, (nat.meta,), rows))])
    out = tmp_path / "out"
    write_site(report, out)
    files = list(out.iterdir())
    assert all(f.parent == out for f in files)
    assert not (tmp_path.parent / "XE evil<b>").exists()
    act_page = next(f for f in files if f.name.startswith("a-"))
    assert re.fullmatch(r"a-[A-Za-z0-9_-]+\.html", act_page.name)
    html = act_page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;i&gt;synthetic&lt;/i&gt;" in html
    assert "<script>" not in (out / "index.html").read_text(encoding="utf-8")


def test_output_that_is_a_file_is_refused(tmp_path, site):
    f = tmp_path / "site"
    f.write_text("synthetic", encoding="utf-8")
    with pytest.raises(InputError) as err:
        write_site(site["report"], f)
    assert "folder" in err.value.message


def test_empty_project_gives_a_page_not_a_crash(tmp_path):
    with Project.create(tmp_path / "e.concordance") as p:
        index = status.write_dashboard(p, tmp_path / "site")
    assert "no reference act" in index.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# headless Chromium
# ---------------------------------------------------------------------------------------------
CONSOLE = re.compile(r"CONSOLE[:(]")


def _chromium(url: str, *extra: str) -> tuple[str, list[str]]:
    """Run headless Chromium on ``url``; returns (DOM dump or "", console lines from its log)."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    try:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--enable-logging=stderr", "--v=0", *extra, url],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return proc.stdout, [line for line in proc.stderr.splitlines() if CONSOLE.search(line)]


@needs_chromium
@pytest.mark.chromium
def test_console_check_catches_an_error(tmp_path):
    """The console check below can fail: a page with a blocked image and a script error is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" '
                   "content=\"default-src 'none'\"></head><body><img src=\"http://synthetic.invalid/x.png\">"
                   "</body></html>", encoding="utf-8")
    _dom, console = _chromium(bad.as_uri(), "--dump-dom")
    assert console, "chromium reported nothing for a blocked request"


@needs_chromium
@pytest.mark.chromium
@pytest.mark.parametrize("page", ["index.html", "j-XC.html", "gaps.html", "a-XC-district.html"])
def test_chromium_loads_pages_from_disk_without_console_errors(site, page):
    dom, console = _chromium((site["out"] / page).as_uri(), "--dump-dom")
    assert console == []
    assert "</html>" in dom
    doc = lxml.html.fromstring(dom)
    if page == "gaps.html":   # one row per open gap of each jurisdiction's acts combined
        shown_gaps = {tuple(tr.get("data-gap").split("|")) for tr in doc.xpath("//tr[@data-gap]")}
        want = {(e.reference.key, p.theme, e.jurisdiction, p.provision)
                for e in site["report"].entries if e.combined for p in e.provisions if p.is_open_gap}
        # by hand: SYN-REF-1 XA m3 none; XB d1 none, m3 x proposed gaps; XC d2 partial, m3 x none;
        # SYN-REF-2 art_2 proposed gap in XA, XB and XC -> 10
        assert shown_gaps == want and len(want) == 10
        return
    shown = _figures(doc)
    assert shown, "no figures in the rendered page"
    for (ref, jur, act, name), value in shown.items():
        assert site["report"].entry(ref, jur, act).figures.count(name) == value
    if page == "index.html":
        for key, value in HAND.items():
            assert shown[key] == value, key


@needs_chromium
@pytest.mark.chromium
def test_chromium_screenshot(site, tmp_path):
    shot = tmp_path / "index.png"
    _dom, console = _chromium(site["index"].as_uri(), f"--screenshot={shot}", "--window-size=1280,1800")
    assert console == []
    assert shot.is_file() and shot.stat().st_size > 10_000


def test_snapshots_with_the_same_label_stay_apart(tmp_path, site):
    """Every review import records a snapshot named after its file: equal labels are two points."""
    report = site["report"]
    twins = [dataclasses.replace(s, label="review import synthetic.xlsx") for s in report.snapshots]
    twin_report = dataclasses.replace(report, snapshots=tuple(twins), baseline=twins[-1])
    index = write_site(twin_report, tmp_path / "twins")
    doc = _doc(index)
    keys = {td.get("data-trend").split("|")[2] for td in doc.xpath("//td[@data-trend]")}
    assert keys == {str(twins[0].id), str(twins[1].id), "now"}


def test_at_a_glance_summary(site):
    doc = _doc(site["index"])
    cells = {a.get("data-glance"): a.getparent().text_content() for a in doc.xpath("//a[@data-glance]")}
    assert len(cells) == 3 * 2
    # XC, SYN-REF-1: 2 full of 6; 1 unreviewed; open gaps d2 (partial), m3, x (none) = 3
    text = " ".join(cells["SYN-REF-1|XC"].split())
    assert text.startswith("33.3% full") and text.endswith("2 of 6 transposable; 1 unreviewed; 3 open gaps")


def test_pages_of_acts_no_longer_in_the_project_are_removed_but_nothing_else(tmp_path, site):
    out = tmp_path / "site"
    write_site(site["report"], out)
    (out / "a-XZ-gone.html").write_text((out / "a-XA-law.html").read_text(encoding="utf-8"), encoding="utf-8")
    (out / "a-users-own.html").write_text("<p>synthetic page written by a user</p>", encoding="utf-8")
    (out / "notes.txt").write_text("synthetic", encoding="utf-8")
    write_site(site["report"], out)
    assert not (out / "a-XZ-gone.html").exists()
    assert (out / "a-users-own.html").exists() and (out / "notes.txt").exists()
