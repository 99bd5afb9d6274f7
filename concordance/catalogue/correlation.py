"""Old numbering to new: Directive 91/477/EEC provisions to Directive (EU) 2021/555.

Why: most Western Balkan weapons laws were drafted against 91/477/EEC (as amended) and cite its
article numbers ("u skladu s članom 7 Direktive 91/477/EEZ"); the reference act today is the
codification 2021/555, which renumbered everything. A citation of the old number is strong
evidence only once it is translated to the new one.

The authentic translation is the correlation table annexed to 2021/555. It could **not** be
obtained for the bundled texts, so the bundled table (``directives/32021L0555/correlation.csv``)
holds only the links the corpus could support, each with its basis (VERIFIED / STRONG TEXTUAL
INFERENCE / INFERENCE) and source, and says it is partial. A user who downloads 2021/555 from
EUR-Lex upgrades it: :func:`read_authentic` reads the annex table from the EUR-Lex HTML (or from
a two-column text/CSV copy of it) and :func:`install_authentic` stores it beside the act, after
which :func:`default_table` (and so :func:`translate`) uses it.

``translate("art_12__para_2")`` -> ``[("art_17__para_2", "VERIFIED ...")]``: the rows for the
provision itself, else for the nearest enclosing provision (paragraph-level, then article-level
rows), else the rows of the provisions inside it.
"""
from __future__ import annotations

import csv
import io
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, UnreadableFile
from ..outputs import atomic_write_text
from ..parse.ids import roman_to_int

__all__ = [
    "OLD_CELEX", "NEW_CELEX", "Translation", "CorrelationRow", "CorrelationTable", "parse_citation",
    "rows_from_evidence", "write_table", "load_table", "read_authentic", "install_authentic",
    "default_table", "translate",
]

OLD_CELEX = "31991L0477"
NEW_CELEX = "32021L0555"
TABLE_FILE = "correlation.csv"                 # the bundled, partial table
AUTHENTIC_FILE = "correlation.authentic.csv"   # written by install_authentic from a EUR-Lex download
COLUMNS = ("old", "new", "old_citation", "new_citation", "basis", "source")
AUTHENTIC = "AUTHENTIC"


class Translation(NamedTuple):
    """One new-numbering provision for an old one, and why we believe it."""

    new_id: str
    basis: str


@dataclass(frozen=True)
class CorrelationRow:
    """One row of a correlation table. ``old``/``new`` are provision ids (several when the row
    names a range); an empty ``new`` means the row says the old provision has no successor."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    old_citation: str
    new_citation: str
    basis: str      # AUTHENTIC | VERIFIED | STRONG TEXTUAL INFERENCE | INFERENCE (as the source says)
    source: str     # where the link comes from, verbatim


@dataclass(frozen=True)
class CorrelationTable:
    """A correlation table from ``old_celex`` to ``new_celex``; ``authentic`` says whether it is the
    act's own annex (True) or the partial evidence table (False)."""

    rows: tuple[CorrelationRow, ...]
    authentic: bool
    origin: str = ""
    notes: str = ""
    old_celex: str = OLD_CELEX
    new_celex: str = NEW_CELEX
    warnings: tuple[str, ...] = ()
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[str, list[tuple[tuple[str, ...], CorrelationRow]]] = {}
        for row in self.rows:
            for old_id, new_ids in _pairs(row):
                index.setdefault(old_id, []).append((new_ids, row))
        self._index.update(index)

    def translate(self, old_id: str) -> list[Translation]:
        """New-numbering ids for ``old_id`` (an id like ``art_12__para_2`` or a citation like
        "Article 12(2)"), with the basis of each. Empty when the table says nothing about it."""
        ids = parse_citation(old_id) if not _ID_RE.match(_strip_prefix(old_id)) else [_strip_prefix(old_id)]
        out: list[Translation] = []
        for pid in ids:
            out += self._translate_one(pid)
        seen: set[str] = set()
        return [t for t in out if not (t.new_id in seen or seen.add(t.new_id))]

    def _translate_one(self, pid: str) -> list[Translation]:
        # 1. the provision itself; 2. the nearest enclosing provision (paragraph, then article)
        parts = pid.split("__")
        for depth in range(len(parts), 0, -1):
            key = "__".join(parts[:depth])
            if key in self._index:
                via = "" if depth == len(parts) else f" (via the row for {key})"
                return [Translation(n, self._basis(row, via)) for new_ids, row in self._index[key] for n in new_ids]
        # 3. the provisions inside it (an article cited whole, rows per paragraph)
        out = []
        for key in sorted((k for k in self._index if k.startswith(pid + "__")), key=_natural):
            out += [Translation(n, self._basis(row, f" (via the row for {key}, inside {pid})"))
                    for new_ids, row in self._index[key] for n in new_ids]
        return out

    def _basis(self, row: CorrelationRow, via: str) -> str:
        kind = "correlation table of the act" if self.authentic else \
            "PARTIAL evidence table, not the authentic correlation table"
        return (f"{row.basis}{via}: {row.old_citation} -> {row.new_citation or '(no successor)'} "
                f"[{kind}] {row.source}").strip()


# ---------------------------------------------------------------------------------------------
# citations -> provision ids
# ---------------------------------------------------------------------------------------------
_ID_RE = re.compile(r"^(?:[a-z]+_[0-9A-Za-z]+)(?:__[a-z]+_[0-9A-Za-z]+)*$")
_RANGE = r"\s*(?:to|-|–|—|and)\s*"


def _natural(pid: str) -> list:
    """Sort key that puts para_2 before para_10."""
    return [(int(x), "") if x.isdigit() else (-1, x) for x in re.split(r"(\d+)", pid) if x]


def _strip_prefix(text: str) -> str:
    """Drop an act prefix: ``91/477:art_5`` (the gold files' form) -> ``art_5``."""
    return re.sub(r"^\s*(?:\d{2,4}/\d{2,4}|[0-9]{5}[A-Z][0-9]{4})\s*:\s*", "", text.strip())


def _num_range(a: str, b: str | None) -> list[str]:
    """``1``..``5`` or ``a``..``c`` written out; anything else as the two ends."""
    if b is None or b == a:
        return [a]
    if a.isdigit() and b.isdigit() and int(a) <= int(b):
        return [str(n) for n in range(int(a), int(b) + 1)]
    if len(a) == 1 and len(b) == 1 and a.isalpha() and b.isalpha() and a <= b:
        return [chr(c) for c in range(ord(a), ord(b) + 1)]
    return [a, b]


def _clean(text: str) -> str:
    t = text.replace("\u00a0", " ").replace("’", "'").strip()
    t = re.sub(r"^(?:\d{2,4}/\d{2,4}(?:/EEC|/EU)?|Directive\s+\S+|This Directive)\s*,?\s*", "", t, flags=re.I)
    t = re.sub(r"\bArts?\.\s*", lambda m: "Articles " if m.group(0).lower().startswith("arts") else "Article ", t)
    t = re.sub(r"\s+", " ", t)
    return t.strip(" .;")


def parse_citation(text: str) -> list[str]:
    """Provision ids named by an English citation as EUR-Lex writes them.

    "Article 12(2)" -> [art_12__para_2]; "Article 1(2) to (5)" -> paras 2..5; "Articles 2 to 4";
    "Article 1(1), points (1) to (3)"; "Article 4(2)(a)"; "Article 5a"; "Art. 11(1)-(2)";
    "Annex I, Part II, point A, Category A, point 6" -> [annex_1__part_2__cat_A__point_6];
    "Annex II". Qualifiers ("first subparagraph", "introductory wording") keep the id of the
    provision they qualify. A dash ("—") or an empty cell gives [].
    """
    t = _clean(_strip_prefix(text))
    if not t or t in ("—", "-", "–", "_"):
        return []
    if _ID_RE.match(t):
        return [t]
    m = re.match(r"^Annex(?:es)?\s+([IVXL]+|\d+)\b(.*)$", t, flags=re.I)
    if m:
        return _annex_ids(m.group(1), m.group(2))
    m = re.match(r"^Articles?\s+(\d+[a-z]?)((?:\s*\(\w+\))*)(.*)$", t)
    if not m:
        return []
    art, parens, rest = m.group(1), re.findall(r"\((\w+)\)", m.group(2)), m.group(3)
    # "Articles 2 to 4" / "Articles 2 and 3" (no paragraph given)
    m2 = re.match(rf"^{_RANGE}(?:Articles?\s+)?(\d+[a-z]?)\b(?!\s*\()(.*)$", rest)
    if not parens and m2:
        return [f"art_{n}" for n in _num_range(art, m2.group(1))]
    levels = ["para", "point", "point"]
    base = f"art_{art}"
    ids = [base]
    for depth, p in enumerate(parens[:3]):
        ids = [f"{i}__{levels[depth]}_{p}" for i in ids]
    # "Article 1(2) to (5)" / "Article 11(1)-(2)": a range at the last bracketed level
    m3 = re.match(rf"^{_RANGE}\((\w+)\)(.*)$", rest)
    if parens and m3:
        head = ids[0].rsplit("_", 1)[0]
        ids = [f"{head}_{n}" for n in _num_range(parens[-1], m3.group(1))]
        rest = m3.group(2)
    # ", point (1)" / ", points 1 to 13" / ", points (a) and (b)"
    m4 = re.search(rf",\s*points?\s+\(?(\w+)\)?(?:{_RANGE}\(?(\w+)\)?)?", rest)
    if m4 and len(ids) == 1:
        ids = [f"{ids[0]}__point_{n}" for n in _num_range(m4.group(1), m4.group(2))]
    return ids


def _annex_ids(num: str, rest: str) -> list[str]:
    n = int(num) if num.isdigit() else roman_to_int(num)
    if n is None:
        return []
    pid = f"annex_{n}"
    for seg in [s.strip() for s in rest.split(",") if s.strip()]:
        m = re.match(r"^(Part|Section)\s+([IVXL]+|\d+)$", seg, flags=re.I)
        if m:
            v = int(m.group(2)) if m.group(2).isdigit() else roman_to_int(m.group(2))
            pid += f"__part_{v}"
            continue
        m = re.match(r"^Category\s+([A-D])$", seg, flags=re.I)
        if m:
            pid += f"__cat_{m.group(1).upper()}"
            continue
        m = re.match(r"^points?\s+\(?(\w+)\)?$", seg, flags=re.I)
        if m:
            # "point A" of Annex I Part II is the level the gold ids leave out before a category
            if m.group(1) == "A" and "__part_2" in pid and re.search(r"Category", rest, flags=re.I):
                continue
            pid += f"__point_{m.group(1)}"
            continue
        # qualifiers ("introductory wording", "first subparagraph") keep the id as it is
    return [pid]


def _pairs(row: CorrelationRow) -> list[tuple[str, tuple[str, ...]]]:
    """Old id -> new ids of one row: ranges of equal length pair up one to one
    ("Article 1(2) to (5)" -> "Article 1(3) to (6)"); otherwise every old id gets every new id."""
    if len(row.old) > 1 and len(row.old) == len(row.new):
        return [(o, (n,)) for o, n in zip(row.old, row.new)]
    return [(o, row.new) for o in row.old]


# ---------------------------------------------------------------------------------------------
# reading and writing tables
# ---------------------------------------------------------------------------------------------
def _basis_label(source: str) -> str:
    """"VERIFIED: COM(2021) 647 ..." -> "VERIFIED"; "STRONG TEXTUAL INFERENCE: ..." -> that."""
    m = re.match(r"^\s*([A-Z][A-Z ]+[A-Z])(?:\s*\([^)]*\))?\s*:", source)
    return m.group(1) if m else "UNSTATED"


def rows_from_evidence(path: str | Path) -> list[CorrelationRow]:
    """Rows of the corpus file ``32021L0555.correlation.partial-evidence.csv`` (columns
    ``old_provision,new_provision,source``; ``#`` lines are comments), citations turned into ids."""
    path = Path(path)
    rows = []
    for lineno, rec in _csv_records(path):
        old_c, new_c, source = (rec.get("old_provision") or "").strip(), (rec.get("new_provision") or "").strip(), \
            (rec.get("source") or "").strip()
        old, new = parse_citation(old_c), parse_citation(new_c)
        if not old:
            raise InputError(f"the old provision '{old_c}' is not a citation this tool can read.",
                             where=f"{path}, line {lineno}", todo="Write it like 'Art. 12(2)'.")
        rows.append(CorrelationRow(tuple(old), tuple(new), old_c, new_c, _basis_label(source), source))
    return rows


def _csv_records(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"cannot be read as UTF-8 text ({exc}).", where=str(path),
                             todo="Save the table as UTF-8 CSV.") from exc
    lines = [(i, line) for i, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    if not lines:
        return []
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in lines)))
    return [(lines[n + 1][0] if n + 1 < len(lines) else 0, rec) for n, rec in enumerate(reader)]


def write_table(table: CorrelationTable, out: str | Path, header: str = "") -> Path:
    """Write ``table`` as CSV (the bundled format), atomically (:mod:`concordance.outputs`)."""
    out = Path(out)
    buf = io.StringIO()
    for line in (header or table.notes).splitlines():
        buf.write(f"# {line}\n")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in table.rows:
        w.writerow([";".join(r.old), ";".join(r.new), r.old_citation, r.new_citation, r.basis, r.source])
    return atomic_write_text(out, buf.getvalue())


def load_table(path: str | Path) -> CorrelationTable:
    """A table in the bundled CSV format (columns ``old,new,old_citation,new_citation,basis,source``;
    ``old``/``new`` are ``;``-separated provision ids; leading ``#`` lines are its notes)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile("correlation table not found.", where=str(path),
                             todo="Restore directives/32021L0555/correlation.csv from the repository.")
    notes = "\n".join(line[1:].strip() for line in path.read_text(encoding="utf-8-sig").splitlines()
                      if line.startswith("#"))
    rows = []
    for lineno, rec in _csv_records(path):
        missing = [c for c in ("old", "new", "basis") if c not in rec]
        if missing:
            raise InputError(f"the column(s) {', '.join(missing)} are missing.", where=str(path),
                             todo=f"The header must be: {','.join(COLUMNS)}.")
        old = tuple(x for x in (rec["old"] or "").split(";") if x)
        new = tuple(x for x in (rec["new"] or "").split(";") if x)
        bad = [x for x in (*old, *new) if not _ID_RE.match(x)]
        if not old or bad:
            raise InputError(f"'{rec['old']}' -> '{rec['new']}' holds something that is not a provision id"
                             f"{': ' + ', '.join(bad) if bad else ''}.", where=f"{path}, line {lineno}",
                             todo="Use ids like art_12__para_2, separated by ';'.")
        rows.append(CorrelationRow(old, new, rec.get("old_citation", ""), rec.get("new_citation", ""),
                                   rec["basis"], rec.get("source", "")))
    authentic = bool(rows) and all(r.basis == AUTHENTIC for r in rows)
    return CorrelationTable(tuple(rows), authentic=authentic, origin=str(path), notes=notes)


def _cell_text(el) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _table_rows_from_markup(data: bytes, where: str) -> list[list[list[str]]]:
    """Every table in an HTML/XHTML/Formex document, as rows of cell texts."""
    from lxml import etree, html

    from ..xmlsafe import refuse_entity_declarations

    refuse_entity_declarations(data, where)
    try:  # EUR-Lex serves UTF-8; lxml would otherwise assume Latin-1 for a page without <meta charset>
        data.decode("utf-8")
        encoding: str | None = "utf-8"
    except UnicodeDecodeError:
        encoding = None
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding=encoding)
    try:
        root = html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"cannot be read as HTML/XML ({exc}).", where=where,
                             todo="Give the HTML page of the act as saved from EUR-Lex.") from exc
    tables = []
    for tbl in root.iter():
        tag = tbl.tag.rsplit("}", 1)[-1].lower() if isinstance(tbl.tag, str) else ""
        if tag not in ("table", "tbl"):
            continue
        rows = []
        for tr in tbl.iter():
            ttag = tr.tag.rsplit("}", 1)[-1].lower() if isinstance(tr.tag, str) else ""
            if ttag not in ("tr", "row"):
                continue
            cells = [_cell_text(c) for c in tr
                     if isinstance(c.tag, str) and c.tag.rsplit("}", 1)[-1].lower() in ("td", "th", "cell")]
            if cells:
                rows.append(cells)
        tables.append(rows)
    return tables


def _table_rows_from_text(text: str) -> list[list[list[str]]]:
    """Lines like "Article 1(1) | Article 1(1)" (or tab / CSV separated) as one table."""
    rows = []
    for line in text.splitlines():
        line = line.strip().strip("|").strip()
        if not line or line.startswith("#") or set(line) <= set("-|: "):
            continue
        if "|" in line:
            cells = [c.strip() for c in line.split("|")]
        elif "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        elif line.count(",") and line.startswith('"'):
            cells = next(csv.reader([line]))
        else:
            cells = [c.strip() for c in re.split(r"\s{2,}", line)]
        if len(cells) >= 2:
            rows.append(cells)
    return [rows]


def _pick_columns(header: list[str], old_celex: str) -> tuple[int, int] | None:
    old_num = _act_number(old_celex)
    old_col = next((i for i, c in enumerate(header) if old_num and old_num in c.replace(" ", "")), None)
    new_col = next((i for i, c in enumerate(header) if re.search(r"this directive|2021/555", c, re.I)), None)
    if old_col is None or new_col is None or old_col == new_col:
        return None
    return old_col, new_col


def _act_number(celex: str) -> str:
    m = re.match(r"^\d(\d{4})[A-Z](\d{4})", celex)
    if not m:
        return ""
    year, num = m.group(1), str(int(m.group(2)))
    return f"{year[2:]}/{num}" if int(year) < 2000 else f"{year}/{num}"


def read_authentic(path: str | Path, old_celex: str = OLD_CELEX) -> CorrelationTable:
    """The correlation table of Directive (EU) 2021/555 from a user's copy of it: the act's HTML /
    XHTML as saved from EUR-Lex (the annex table is found by its header row naming Directive
    91/477/EEC and "This Directive"), or a text/CSV file of two columns ("Article 1(1) | Article 1(1)",
    the old number first). Rows whose cells are not readable citations are kept as warnings."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile("file not found.", where=str(path), todo="Check the path.")
    data = path.read_bytes()
    head = data[:2000].lstrip().lower()
    if head.startswith(b"<") or path.suffix.lower() in (".html", ".htm", ".xhtml", ".xml", ".fmx"):
        tables = _table_rows_from_markup(data, str(path))
    else:
        try:
            tables = _table_rows_from_text(data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise UnreadableFile("is not UTF-8 text, HTML or XML.", where=str(path),
                                 todo="Save the table as UTF-8 text or give the EUR-Lex HTML page.") from exc
    chosen: list[list[str]] | None = None
    cols = None
    for rows in tables:
        for i, r in enumerate(rows[:3]):
            cols = _pick_columns(r, old_celex)
            if cols:
                chosen = rows[i + 1:]
                break
        if chosen is not None:
            break
    if chosen is None:
        # a plain two-column list without a header: old number first
        two = [t for t in tables if t and all(len(r) >= 2 for r in t)
               and sum(bool(parse_citation(r[0]) or parse_citation(r[-1])) for r in t) >= max(1, len(t) // 2)]
        if not two or path.suffix.lower() in (".html", ".htm", ".xhtml", ".xml", ".fmx"):
            raise InputError(
                "no correlation table was found in the file (a table whose header names Directive "
                "91/477/EEC and 'This Directive').", where=str(path),
                todo="Give the HTML of Directive (EU) 2021/555 saved from EUR-Lex "
                     "(https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:32021L0555), or a text "
                     "file with one row per line: 'Article 1(1) | Article 1(1)' (91/477/EEC first).")
        chosen, cols = two[0], (0, len(two[0][0]) - 1)
    old_col, new_col = cols
    rows, warnings = [], []
    for n, cells in enumerate(chosen, 1):
        if len(cells) <= max(old_col, new_col):
            continue
        old_c, new_c = cells[old_col].strip(), cells[new_col].strip()
        old, new = parse_citation(old_c), parse_citation(new_c)
        if not old:
            if old_c and old_c not in ("—", "-", "–"):
                warnings.append(f"row {n}: '{old_c}' -> '{new_c}' not understood; left out")
            continue
        if new_c and new_c not in ("—", "-", "–") and not new:
            warnings.append(f"row {n}: '{old_c}' -> '{new_c}' not understood; left out")
            continue
        rows.append(CorrelationRow(tuple(old), tuple(new), old_c, new_c, AUTHENTIC,
                                   f"correlation table of Directive (EU) 2021/555, {path.name}, row {n}"))
    if not rows:
        raise InputError("the correlation table was found but none of its rows could be read.", where=str(path),
                         todo="Check that it is the annex of Directive (EU) 2021/555; rows look like "
                              "'Article 1(1) | Article 1(1)'.")
    return CorrelationTable(tuple(rows), authentic=True, origin=str(path),
                            notes=f"Authentic correlation table of Directive (EU) 2021/555, read from {path.name}.",
                            warnings=tuple(warnings), old_celex=old_celex)


# ---------------------------------------------------------------------------------------------
# the table in use
# ---------------------------------------------------------------------------------------------
def _act_folder() -> Path:
    from .acts import find

    folder = find(NEW_CELEX).folder
    assert folder is not None
    return folder


def install_authentic(source: str | Path, folder: str | Path | None = None) -> Path:
    """Read the authentic table from ``source`` (see :func:`read_authentic`) and store it as
    ``correlation.authentic.csv`` in the 2021/555 folder (or ``folder``), where
    :func:`default_table` prefers it to the partial table. Returns the written path."""
    table = read_authentic(source)
    out = Path(folder) if folder else _act_folder()
    path = write_table(table, out / AUTHENTIC_FILE,
                       header=f"AUTHENTIC correlation table 91/477/EEC -> 2021/555, read from {Path(source).name}.")
    _cache.clear()
    return path


_cache: dict[tuple, CorrelationTable] = {}
_lock = threading.Lock()


def default_table() -> CorrelationTable:
    """The table :func:`translate` uses: the authentic one if a user installed it
    (``correlation.authentic.csv`` beside the act), else the bundled partial table."""
    folder = _act_folder()
    authentic, partial = folder / AUTHENTIC_FILE, folder / TABLE_FILE
    path = authentic if authentic.is_file() else partial
    key = (str(path), path.stat().st_mtime_ns if path.is_file() else 0)
    with _lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    table = load_table(path)
    if path == authentic:
        table = CorrelationTable(table.rows, authentic=True, origin=table.origin, notes=table.notes)
    with _lock:
        _cache.clear()
        _cache[key] = table
    return table


def translate(old_id: str, provision_id: str | None = None,
              new_celex: str | None = None) -> list[Translation] | list[str]:
    """91/477/EEC provision -> Directive (EU) 2021/555 provisions.

    ``translate("art_12__para_2")`` (or "Article 12(2)") returns ``[Translation(new_id, basis)]``
    — pairs ``(new_id, basis)`` — from the default table: the provision's own row, else the row of
    the nearest enclosing paragraph or article, else the rows of the provisions inside it.

    ``translate(old_celex, provision_id, new_celex)`` is the ids-only form the matcher uses: it
    returns ``list[str]`` of new ids, and ``[]`` for a pair of acts this table does not cover.
    """
    if provision_id is not None:
        if old_id != OLD_CELEX or (new_celex and new_celex != NEW_CELEX):
            return []
        return [t.new_id for t in default_table().translate(provision_id)]
    return default_table().translate(old_id)
