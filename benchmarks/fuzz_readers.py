"""Fuzz every reader and ``review import`` with seeded mutations of real files; print what happened.

Run:  python benchmarks/fuzz_readers.py [--inputs N] [--seed S] [--formats text docx ...]
                                        [--slow-seconds T] [--max-mb M] [--show K]

For each format a few real seed files are mutated (bit flips, truncation, spliced or repeated
chunks, one huge line, re-encodings, XML element edits and deep nesting, damaged or re-packed ZIP
members, edited workbook cells) and each input is read and parsed (``parse_file``) or imported
(``import_review`` as a dry run). The table says, per format, how many inputs were tried, refused
with a clean :class:`~concordance.errors.InputError`, accepted, crashed (any other exception) and
slow (over ``--slow-seconds``, or over ``--max-mb`` of peak memory added). Done means: 0 crashed
and 0 slow. The default is the long run the issue asks for (10,000 inputs per format).

Seeds, all from this repository: the bundled laws (North Macedonian .txt and .pdf, Czech and
Estonian .txt, the UN Protocol and German WaffG Markdown, Estonian Riigi Teataja XML), a DOCX twin
of the Macedonian text with Word-numbered articles, the Akoma Ntoso written from the parsed UN
Protocol, the EUR-Lex HTML and Formex test fixtures, and a review workbook exported from the
synthetic widget project of the review tests. Seeds are cut to the first few KB (whole
elements for XML), so that each input parses in milliseconds and a run covers many inputs.

``tests/test_fuzz_inputs.py`` runs the same engine with a few hundred inputs per format in CI.
"""
from __future__ import annotations

import argparse
import io
import random
import signal
import sys
import tempfile
import time
import traceback
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"
FORMATS = ("text", "markdown", "docx", "html", "formex", "akn", "riigiteataja", "pdf", "review")
SUFFIX = {"text": ".txt", "markdown": ".md", "docx": ".docx", "html": ".html", "formex": ".xml", "akn": ".xml",
          "riigiteataja": ".xml", "pdf": ".pdf", "review": ".xlsx"}
ZIPPED = ("docx", "review")
XMLISH = ("html", "formex", "akn", "riigiteataja")
# Units a huge line is made of: each once made a regex re-scan the rest of the line.
HUGE_UNITS = ("a", "[a](", "<br ", "<p ", "(", "(x", "§ 1 ", "1. ", "a) ", "Article 1 ", "Член 1 ", "**a", "# ",
              "\\", "&#", "<", "- ", "| ", "¹", "\t")
SEED_BYTES = 6000


# ------------------------------------------------------------------------------------------------
# seeds
# ------------------------------------------------------------------------------------------------
def _text_head(path: Path, limit: int = SEED_BYTES) -> bytes:
    """The first ``limit`` bytes of a text file, cut at a line end (so the UTF-8 stays whole)."""
    data = path.read_bytes()[: limit]
    return data[: data.rfind(b"\n") + 1] or data


def _xml_head(path: Path, unit_tag: str, keep: int) -> bytes:
    """An XML file with only its first ``keep`` ``unit_tag`` elements (the rest removed), still valid."""
    from lxml import etree

    root = etree.fromstring(path.read_bytes(), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    units = [el for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname == unit_tag]
    for el in units[keep:]:
        parent = el.getparent()
        if parent is not None:
            parent.remove(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _pdf_head(path: Path, pages: int = 2) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader, writer = PdfReader(path), PdfWriter()
    for page in reader.pages[:pages]:
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx_seed(tmp: Path) -> bytes:
    sys.path.insert(0, str(FIX / "read"))
    import make_docx

    src = tmp / "mk-head.mk.txt"
    src.write_bytes(_text_head(ROOT / "national_laws/MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt"))
    return make_docx.law_docx_from_text(src, tmp / "mk.docx").read_bytes()


def _akn_seed() -> bytes:
    from concordance.parse import parse_file
    from concordance.parse.write_akn import to_akn

    src = ROOT / "directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md"
    with tempfile.TemporaryDirectory() as d:
        head = Path(d) / "un.md"
        head.write_bytes(_text_head(src, 3 * SEED_BYTES))
        return to_akn(parse_file(head, lang="en"))


def _review_seed(tmp: Path) -> tuple[bytes, Path]:
    """A review workbook exported from the synthetic widget project, and that project's file."""
    sys.path.insert(0, str(FIX / "store"))
    from store_synthetic import match_result, national_act, reference_act

    from concordance.review import export_review
    from concordance.store import Project

    path = tmp / "fuzz.concordance"
    with Project.create(path) as p:
        ref, nat = reference_act(), national_act()
        p.add_act(ref, "reference")
        p.add_act(nat, "national")
        p.store_match("SYN-REF", "SYN-NAT", match_result(ref, nat))
        xlsx = export_review(p, tmp / "review.xlsx")
    return xlsx.read_bytes(), path


@lru_cache(maxsize=None)
def _workdir() -> Path:
    return Path(tempfile.mkdtemp(prefix="concordance-fuzz-"))


@lru_cache(maxsize=None)
def seeds(fmt: str) -> tuple[bytes, ...]:
    """The real seed files of one format (bytes), cut small."""
    laws = ROOT / "national_laws"
    if fmt == "text":
        return tuple(_text_head(p) for p in (laws / "MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.mk.txt",
                                             laws / "CZ/119-2002/CZ-119-2002-v2017.cs.txt",
                                             laws / "EE/relvaseadus-2020/EE-relvaseadus-2020.et.txt"))
    if fmt == "markdown":
        return tuple(_text_head(p) for p in (ROOT / "directives/UN-firearms-protocol-2001/UN-firearms-protocol-2001.en.md",
                                             laws / "DE/waffg-2002/DE-waffg-2002.de.md"))
    if fmt == "docx":
        return (_docx_seed(_workdir()),)
    if fmt == "html":
        return tuple((FIX / "read" / n).read_bytes() for n in ("eurlex_oj_synthetic.html", "gazette_synthetic_cp1250.html",
                                                               "eurlex_consolidated_synthetic.html"))
    if fmt == "formex":
        return tuple((FIX / "read" / n).read_bytes() for n in ("formex_synthetic_act.xml", "formex_synthetic_annex.xml"))
    if fmt == "akn":
        return (_akn_seed(), (FIX / "read" / "akn_synthetic_act.xml").read_bytes())
    if fmt == "riigiteataja":
        return (_xml_head(laws / "EE/relvaseadus-2020/EE-relvaseadus-2020.rt.xml", "paragrahv", 6),)
    if fmt == "pdf":
        return (_pdf_head(laws / "ME/zakon-o-oruzju-2015/ME-zakon-o-oruzju-10-2015.pdf"),
                _pdf_head(laws / "MK/zakon-za-oruzjeto-2005/MK-zakon-za-oruzjeto-2005.pdf"))
    if fmt == "review":
        return (review_setup()[0],)
    raise ValueError(fmt)


@lru_cache(maxsize=None)
def review_setup() -> tuple[bytes, Path]:
    return _review_seed(_workdir())


# ------------------------------------------------------------------------------------------------
# mutations
# ------------------------------------------------------------------------------------------------
def _flip(data: bytes, rnd: random.Random) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        if b:
            b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
    return bytes(b)


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(max(1, len(data)))]


def _splice(data: bytes, rnd: random.Random) -> bytes:
    if len(data) < 4:
        return data + bytes(rnd.randrange(256) for _ in range(8))
    i, j = sorted(rnd.randrange(len(data)) for _ in range(2))
    op = rnd.randrange(4)
    if op == 0:
        return data[:i] + data[j:]                                   # a chunk deleted
    if op == 1:
        return data[:j] + data[i:j] * rnd.randint(2, 20) + data[j:]   # a chunk repeated
    if op == 2:
        return data[:i] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 64))) + data[i:]
    k = rnd.randrange(len(data))
    return data[:i] + data[k:k + (j - i)] + data[i:]                 # a chunk copied elsewhere


def _huge_line(data: bytes, rnd: random.Random, size: int) -> bytes:
    unit = rnd.choice(HUGE_UNITS).encode("utf-8")
    line = unit * max(1, size // len(unit))
    at = data.rfind(b"\n", 0, rnd.randrange(max(1, len(data)))) + 1
    return data[:at] + line + b"\n" + data[at:]


def _reencode(data: bytes, rnd: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    enc = rnd.choice(("utf-16", "utf-16-le", "utf-16-be", "cp1250", "cp1251", "latin-1", "utf-8-sig", "cp1252"))
    out = text.encode(enc, "replace")
    if rnd.random() < 0.3:
        out = out[: rnd.randrange(max(1, len(out)))]                 # cut, maybe mid-character
    return out


def _xml_edit(data: bytes, rnd: random.Random) -> bytes:
    """Edit the markup as text: drop a tag, repeat or move an element-sized region, nest deeply,
    rename a tag, add a stray entity or CDATA."""
    tags = [i for i in range(len(data)) if data[i:i + 1] == b"<"] if len(data) < 400_000 else []
    if len(tags) < 2:
        return _splice(data, rnd)
    i = rnd.choice(tags)
    end = data.find(b">", i)
    if end < 0:
        return _splice(data, rnd)
    op = rnd.randrange(6)
    if op == 0:
        return data[:i] + data[end + 1:]                             # one tag gone: unbalanced
    if op == 1:
        j = rnd.choice(tags)
        a, b = sorted((i, j))
        return data[:b] + data[a:b] * rnd.randint(2, 30) + data[b:]
    if op == 2:
        depth = rnd.choice((50, 500, 5000, 50000))
        return data[:i] + b"<x>" * depth + b"t" + b"</x>" * depth + data[i:]
    if op == 3:
        name = bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz:") for _ in range(rnd.randint(1, 8)))
        return data[:i + 1] + name + data[i + 1:]
    if op == 4:
        return data[:i] + rnd.choice((b"&nbsp;", b"&foo;", b"&#0;", b"&#xFFFFFF;", b"<![CDATA[", b"]]>", b"<!--")) + data[i:]
    j = rnd.choice(tags)
    a, b = sorted((i, j))
    return data[:a] + data[b:] + data[a:b]                            # two regions swapped


def _zip_members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _zip_edit(data: bytes, rnd: random.Random, huge: int) -> bytes:
    """Damage a ZIP package (docx, xlsx) the ways real ones get damaged or crafted."""
    members = _zip_members(data)
    op = rnd.randrange(6)
    if op == 0:                                                      # compressed bytes of a member
        info, _ = rnd.choice(members)
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        b = bytearray(data)
        for _ in range(rnd.randint(1, 4)):
            b[start + rnd.randrange(max(1, info.compress_size))] ^= 1 << rnd.randrange(8)
        return bytes(b)
    if op == 1:                                                      # the package bytes themselves
        return rnd.choice((_flip, _truncate, _splice))(data, rnd)
    out = io.BytesIO()
    victim = rnd.randrange(len(members))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for k, (info, body) in enumerate(members):
            if k == victim:
                if op == 2:
                    continue                                         # a member missing
                if op == 3:
                    body = _xml_edit(body, rnd)
                elif op == 4:
                    body = rnd.choice((_flip, _truncate, _splice))(body, rnd)
                else:
                    body = _huge_line(body, rnd, huge) if rnd.random() < 0.5 else _repeat_element(body, rnd)
            dst.writestr(info.filename, body)
    return out.getvalue()


def _repeat_element(body: bytes, rnd: random.Random) -> bytes:
    """A paragraph, row or cell repeated many times (the "paragraph bomb" of a small file)."""
    for open_tag, close_tag in ((b"<w:p>", b"</w:p>"), (b"<w:p ", b"</w:p>"), (b"<row ", b"</row>"), (b"<c ", b"</c>")):
        i = body.find(open_tag)
        j = body.find(close_tag, i)
        if i >= 0 and j > i:
            j += len(close_tag)
            return body[:j] + body[i:j] * rnd.choice((10, 1000, 50_000)) + body[j:]
    return body


def _workbook_edit(data: bytes, rnd: random.Random) -> bytes:
    """What an adviser (or a careless script) does to the review workbook: odd values in cells,
    rows deleted or copied, sheets renamed, the header changed."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = rnd.choice(wb.worksheets)
    values = ("", None, "=1+1", "+", "@x", "-", 0, -1, 1e308, float("nan"), "x" * 40000, "full", "none",
              "art_2__para_1", "član 99 stav 9", "član 2 stav 1; član 2 stav 2", "\u0000", "Synthetic", 12.5,
              "SYN-NAT:art_1", "2026-01-01", True, "🙂", "partial;full", "row-1", " ")
    for _ in range(rnd.randint(1, 6)):
        op = rnd.randrange(5)
        if op == 0 or ws.max_row < 2:
            cell = ws.cell(row=rnd.randint(1, max(1, ws.max_row + 1)), column=rnd.randint(1, max(1, ws.max_column + 1)))
            try:
                cell.value = rnd.choice(values)
            except Exception:   # noqa: BLE001 - openpyxl refuses some values (control characters): try another
                cell.value = "x"
        elif op == 1:
            ws.delete_rows(rnd.randint(1, ws.max_row))
        elif op == 2:
            src = rnd.randint(1, ws.max_row)
            ws.append([c.value for c in ws[src]])
        elif op == 3:
            ws.title = rnd.choice(("Review", "review", "x", "_meta", "Sheet1", ws.title + "2"))[:31]
        else:
            ws.delete_cols(rnd.randint(1, max(1, ws.max_column)))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def mutate(fmt: str, data: bytes, rnd: random.Random, huge: int = 1_000_000) -> bytes:
    """One mutated input of format ``fmt`` from seed ``data``; ``huge`` is the size of a huge line."""
    if fmt == "review" and rnd.random() < 0.5:
        return _workbook_edit(data, rnd)
    if fmt in ZIPPED:
        return _zip_edit(data, rnd, huge)
    ops = [_flip, _truncate, _splice, lambda d, r: _huge_line(d, r, huge)]
    if fmt in ("text", "markdown", "html"):
        ops.append(_reencode)
    if fmt in XMLISH:
        ops += [_xml_edit, _xml_edit]
    out = data
    for _ in range(1 if rnd.random() < 0.7 else rnd.randint(2, 3)):
        out = rnd.choice(ops)(out, rnd)
    return out


# ------------------------------------------------------------------------------------------------
# running one input
# ------------------------------------------------------------------------------------------------
@dataclass
class Result:
    outcome: str            # refused | accepted | crashed | slow
    seconds: float
    peak_mb: float
    detail: str = ""


def _peak_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_peak() -> bool:
    """Reset the peak resident memory (Linux ``clear_refs``), so each input's own peak is measured."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def try_one(fmt: str, data: bytes, workdir: Path, *, slow_seconds: float = 5.0, max_mb: float = 400.0,
            hard_seconds: float = 60.0) -> Result:
    """Read and parse (or import) one input; classify what happened."""
    from concordance.errors import InputError

    path = workdir / f"input{SUFFIX[fmt]}"
    path.write_bytes(data)
    measured = _reset_peak()
    base = _peak_rss_mb() or 0.0
    old = signal.signal(signal.SIGALRM, _alarm) if hasattr(signal, "SIGALRM") else None
    if old is not None:
        signal.alarm(int(hard_seconds))
    t0 = time.perf_counter()
    try:
        if fmt == "review":
            from concordance.review import import_review
            from concordance.store import Project

            with Project.open(review_setup()[1]) as project:
                import_review(project, path, "fuzz", dry_run=True, snapshot=False)
        else:
            from concordance.parse import parse_file

            parse_file(path)
        outcome, detail = "accepted", ""
    except InputError as exc:
        outcome, detail = "refused", exc.what[:100]
        if not (exc.what and exc.where):
            outcome, detail = "crashed", f"InputError without what/where: {exc!r}"
    except _Timeout:
        outcome, detail = "slow", f"stopped after {hard_seconds:.0f} s"
    except RecursionError as exc:
        outcome, detail = "crashed", f"RecursionError: {exc}"[:200]
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        outcome, detail = "crashed", f"{type(exc).__name__}: {str(exc)[:120]} ({Path(tb.filename).name}:{tb.lineno})"
    finally:
        if old is not None:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    seconds = time.perf_counter() - t0
    peak = max(0.0, (_peak_rss_mb() or 0.0) - base) if measured else 0.0
    if outcome in ("accepted", "refused") and (seconds > slow_seconds or peak > max_mb):
        detail = f"{seconds:.1f} s, {peak:.0f} MB peak ({outcome})"
        outcome = "slow"
    return Result(outcome, seconds, peak, detail)


@dataclass
class Tally:
    tried: int = 0
    counts: dict = field(default_factory=lambda: {"refused": 0, "accepted": 0, "crashed": 0, "slow": 0})
    worst_seconds: float = 0.0
    worst_mb: float = 0.0
    examples: list = field(default_factory=list)


def fuzz(fmt: str, n: int, seed: int = 0, *, huge: int = 1_000_000, slow_seconds: float = 5.0,
         max_mb: float = 400.0, keep: Path | None = None) -> Tally:
    """``n`` mutated inputs of ``fmt`` (seeded: the same ``seed`` gives the same inputs)."""
    rnd = random.Random(f"{fmt}:{seed}")
    base = seeds(fmt)
    tally = Tally()
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{fmt}-", dir=_workdir()))
    for k in range(n):
        data = mutate(fmt, rnd.choice(base), rnd, huge)
        r = try_one(fmt, data, work, slow_seconds=slow_seconds, max_mb=max_mb)
        tally.tried += 1
        tally.counts[r.outcome] += 1
        tally.worst_seconds = max(tally.worst_seconds, r.seconds)
        tally.worst_mb = max(tally.worst_mb, r.peak_mb)
        if r.outcome in ("crashed", "slow"):
            tally.examples.append((k, r.detail))
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{fmt}-{seed}-{k}{SUFFIX[fmt]}").write_bytes(data)
    return tally


def main(argv: list[str] | None = None) -> int:
    import warnings

    warnings.filterwarnings("ignore", module="openpyxl")   # damaged workbooks: openpyxl warns, we count
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000, help="inputs per format (default 10000)")
    ap.add_argument("--seed", type=int, default=0, help="the run's seed (same seed, same inputs)")
    ap.add_argument("--formats", nargs="*", default=list(FORMATS), choices=FORMATS)
    ap.add_argument("--slow-seconds", type=float, default=5.0, help="an input over this many seconds is slow")
    ap.add_argument("--max-mb", type=float, default=400.0, help="an input over this much peak memory is slow")
    ap.add_argument("--huge-line", type=int, default=1_000_000, help="bytes of the huge line mutation")
    ap.add_argument("--keep", type=Path, default=None, help="save crashing and slow inputs in this folder")
    ap.add_argument("--show", type=int, default=5, help="examples of crashes/slow inputs to print per format")
    args = ap.parse_args(argv)
    header = (f"{'format':13} {'tried':>7} {'refused':>8} {'accepted':>8} {'crashed':>8} {'slow':>6} {'worst s':>8} "
              f"{'worst MB':>9} {'time s':>8}")
    print(header)
    print("-" * len(header))
    total = Tally()
    t_all = time.perf_counter()
    for fmt in args.formats:
        t0 = time.perf_counter()
        t = fuzz(fmt, args.inputs, args.seed, huge=args.huge_line, slow_seconds=args.slow_seconds,
                 max_mb=args.max_mb, keep=args.keep)
        c = t.counts
        print(f"{fmt:13} {t.tried:7d} {c['refused']:8d} {c['accepted']:8d} {c['crashed']:8d} {c['slow']:6d} "
              f"{t.worst_seconds:8.2f} {t.worst_mb:9.0f} {time.perf_counter() - t0:8.0f}", flush=True)
        for k, detail in t.examples[: args.show]:
            print(f"    input {k}: {detail}")
        total.tried += t.tried
        for key in c:
            total.counts[key] += c[key]
        total.worst_seconds = max(total.worst_seconds, t.worst_seconds)
        total.worst_mb = max(total.worst_mb, t.worst_mb)
    c = total.counts
    print("-" * len(header))
    print(f"{'total':13} {total.tried:7d} {c['refused']:8d} {c['accepted']:8d} {c['crashed']:8d} {c['slow']:6d} "
          f"{total.worst_seconds:8.2f} {total.worst_mb:9.0f} {time.perf_counter() - t_all:8.0f}")
    return 1 if c["crashed"] or c["slow"] else 0


if __name__ == "__main__":
    sys.exit(main())
