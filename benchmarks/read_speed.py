"""Readers: time to read every bundled source file, and how well the non-text originals agree with
their text versions.

For each bundled file in a format the readers know: blocks, characters, milliseconds (best of 3).
Then, for the originals that have a text twin (the ME and MK PDFs, the Estonian Riigi Teataja XML,
and DOCX twins of the ME/MK laws whose article and point numbers exist only as Word automatic
numbering):
the share of the text version's lines reproduced exactly (white space collapsed; amendment notes
left out for the Estonian XML, whose text version dropped some), and the article headings found.
The Macedonian text version kept the PDF's 24 page numbers as lines, which the PDF reader removes:
that is the whole of its gap.

Run (from the repository root, in the project's venv): python benchmarks/read_speed.py
"""
from __future__ import annotations

import difflib
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "fixtures" / "read"))

from concordance.errors import InputError  # noqa: E402
from concordance.read import read_blocks  # noqa: E402

SUFFIXES = (".txt", ".md", ".pdf", ".xml", ".html", ".docx", ".doc")
NOT_ACTS = ("README.md", "SOURCES.md", "CORRELATION.md")
NOTE = re.compile(r" ?\[[^\[\]]*(?:RT I|jõust)[^\[\]]*\]")


def _best_of(fn, n: int = 3):
    best, out = None, None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best, out


def _lines(blocks, drop_notes: bool = False) -> list[str]:
    out = []
    for b in blocks:
        s = " ".join((f"{b.number} {b.text}" if b.number else b.text).split())
        if drop_notes:
            s = NOTE.sub("", s).replace("[Kehtetu - ", "[").replace("[kehtetu - ", "[")
        out.append(s)
    return out


def _agreement(original: list[str], text: list[str]) -> float:
    matcher = difflib.SequenceMatcher(a=text, b=original, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    return same / max(1, len(text))


def speed() -> None:
    print("== read speed (best of 3) ==")
    print(f"{'file':72} {'format':>7} {'blocks':>7} {'chars':>8} {'ms':>8}")
    for path in sorted(p for root in ("directives", "national_laws") for p in (REPO / root).rglob("*")
                       if p.suffix in SUFFIXES and p.is_file() and p.name not in NOT_ACTS):
        rel = str(path.relative_to(REPO))
        try:
            seconds, blocks = _best_of(lambda: read_blocks(path))
        except InputError as exc:
            print(f"{rel:72} {'refused':>7}  {exc.what[:60]}")
            continue
        chars = sum(len(b.text) for b in blocks)
        print(f"{rel:72} {path.suffix[1:]:>7} {len(blocks):>7} {chars:>8} {seconds * 1000:>8.1f}")


def agreement() -> None:
    import make_docx

    laws = REPO / "national_laws"
    me = laws / "ME/zakon-o-oruzju-2015"
    mk = laws / "MK/zakon-za-oruzjeto-2005"
    ee = laws / "EE/relvaseadus-2020"
    print("\n== originals vs their text versions ==")
    print(f"{'original':48} {'lines reproduced':>17} {'article headings':>17} {'ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            (me / "ME-zakon-o-oruzju-10-2015.pdf", me / "ME-zakon-o-oruzju-10-2015.cnr.txt", r"Član\s+\d+", False),
            (mk / "MK-zakon-za-oruzjeto-2005.pdf", mk / "MK-zakon-za-oruzjeto-2005.mk.txt", r"Член\s+\d+", False),
            (ee / "EE-relvaseadus-2020.rt.xml", ee / "EE-relvaseadus-2020.et.txt", r"§ \d+[⁰¹²³⁴⁵⁶⁷⁸⁹]*\..*", True),
        ]
        for txt, name in ((me / "ME-zakon-o-oruzju-10-2015.cnr.txt", "ME"), (mk / "MK-zakon-za-oruzjeto-2005.mk.txt", "MK")):
            docx_path = make_docx.law_docx_from_text(txt, Path(tmp) / f"{name}-auto-numbered.docx", points=True)
            cases.append((docx_path, txt, r"(Član|Член)\s+\d+", False))
        for original, text, heading, drop_notes in cases:
            seconds, blocks = _best_of(lambda: read_blocks(original))
            ours = _lines(blocks, drop_notes)
            theirs = _lines(read_blocks(text), drop_notes)
            pattern = re.compile(heading)
            found = sum(1 for s in ours if pattern.fullmatch(s))
            expected = sum(1 for s in theirs if pattern.fullmatch(s))
            print(f"{original.name:48} {_agreement(ours, theirs):>16.1%} {f'{found}/{expected}':>17} "
                  f"{seconds * 1000:>8.1f}")


if __name__ == "__main__":
    speed()
    agreement()
