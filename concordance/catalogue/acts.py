"""The catalogue of bundled acts: the real texts in ``directives/`` and ``national_laws/``.

Why: every other step needs to know *what* a file is (title, jurisdiction, language, version,
gazette, whether the text is complete and which provisions are missing) and the answer must come
from the provenance recorded beside the text, never from guessing. Each act lives in its own folder
with an ``act.toml`` (fields documented in ``directives/README.md``) naming its main text and its
alternates (the PDF/XML originals, other languages, other versions, raw fragments).

Public functions (the parsed acts are :mod:`concordance.catalogue.parsed`'s, since the parser
reads this module's metadata):

* :func:`meta_for` — the :class:`~concordance.model.ActMeta` of a file, from the ``act.toml`` in its
  folder (``None`` when the folder has none or it does not list the file);
* :func:`bundled` — every bundled act (:class:`BundledAct`, role ``reference`` or ``national``);
* :func:`find` — one act by key (``32021L0555``, ``ME-zakon-o-oruzju-2015``, ``32021L0555@hr``
  for an alternate) or by the path of one of its files;
* :func:`provision_status` / :func:`is_missing` / :func:`expand` — what an incomplete act's
  ``missing`` and ``partial`` lists say about one provision id.

The data folders are found in this order: ``$CONCORDANCE_DATA`` (one or more folders separated by
``os.pathsep``, each holding ``directives/`` and/or ``national_laws/``), then the repository the
package is installed from (editable install), then the current folder and its parents.
"""
from __future__ import annotations

import dataclasses
import os
import re
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, UnreadableFile
from ..model import ActMeta
from ..outputs import plain_identifier

__all__ = [
    "BundledAct", "ActTomlError", "ROLES", "data_roots", "meta_for", "bundled", "find",
    "provision_status", "is_missing", "is_partial", "expand", "clear_cache", "number_order",
    "TextNotHeld", "not_held", "catalogue_entry",
]

ACT_TOML = "act.toml"
ENV_VAR = "CONCORDANCE_DATA"
# folder name -> role of the acts in it
ROLES = {"directives": "reference", "national_laws": "national"}
KINDS = ("law", "bylaw", "directive", "regulation", "treaty", "decision")
SCRIPTS = ("latin", "cyrillic", "greek")
FILE_ROLES = ("original", "language", "version", "fragments")
ALT_SEP = "@"   # "<act key>@<alternate id>"

# Provision ids: components "kind_num" joined by "__" (art_5__para_2__point_a, annex_1__part_2__cat_A).
_COMPONENT = r"[a-z]+_[0-9A-Za-z]+(?:_[0-9A-Za-z]+)*"
_ID = rf"{_COMPONENT}(?:__{_COMPONENT})*"
_ENTRY_RE = re.compile(rf"^(?:preamble|{_ID})(?:-(?:{_ID})?)?$")
_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf", ".xml": "xml",
            ".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx", ".doc": "doc",
            ".csv": "csv"}


class ActTomlError(InputError):
    """An ``act.toml`` that cannot be used as it is."""


class TextNotHeld(InputError):
    """A catalogued act whose text this repository does not hold (only its metadata)."""


@dataclass(frozen=True)
class BundledAct:
    """One bundled text: the act's main file, or one of its alternates.

    ``key`` is the act's key for the main file and ``<key>@<id>`` for an alternate; ``meta`` is the
    act's metadata with the alternate's overrides applied (its language, version, completeness).
    ``role`` is ``reference`` (``directives/``) or ``national`` (``national_laws/``).
    """

    key: str
    path: Path | None                          # None: the text is not held (metadata only)
    meta: ActMeta
    role: str
    format: str = "text"
    variant: str = ""                          # "" for the main file, else the alternate's id
    file_role: str = "main"                    # main | original | language | version | fragments
    notes: str = ""
    folder: Path | None = None
    data_files: tuple[Path, ...] = ()          # e.g. a correlation table kept with the act
    alternates: tuple["BundledAct", ...] = ()  # only on the main entry

    @property
    def text_held(self) -> bool:
        """Whether this repository holds the act's text (False: its metadata and facts only)."""
        return self.path is not None

    @property
    def act_key(self) -> str:
        """The key of the act this file belongs to (without the ``@alternate`` part)."""
        return self.key.split(ALT_SEP, 1)[0]


# ---------------------------------------------------------------------------------------------
# where the data is
# ---------------------------------------------------------------------------------------------
def data_roots() -> list[Path]:
    """Folders holding ``directives/`` and/or ``national_laws/``, in the order they are searched."""
    roots: list[Path] = []
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        for part in env.split(os.pathsep):
            if part.strip():
                roots.append(Path(part.strip()).expanduser().resolve())
    candidates = [Path(__file__).resolve().parents[2]]
    cwd = Path.cwd().resolve()
    candidates += [cwd, *cwd.parents]
    for c in candidates:
        if any((c / name).is_dir() for name in ROLES) and c not in roots:
            roots.append(c)
            break  # the repository (or the first folder found) only: never mix two checkouts
    return roots


# ---------------------------------------------------------------------------------------------
# reading act.toml
# ---------------------------------------------------------------------------------------------
_toml_cache: dict[Path, tuple[int, dict[str, Any]]] = {}
_lock = threading.Lock()


def _read_toml(path: Path) -> dict[str, Any]:
    mtime = path.stat().st_mtime_ns
    with _lock:
        hit = _toml_cache.get(path)
        if hit and hit[0] == mtime:
            return hit[1]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ActTomlError(f"is not valid TOML ({exc}).", where=str(path),
                           todo="Fix the syntax; directives/README.md lists the fields.") from exc
    with _lock:
        _toml_cache[path] = (mtime, data)
    return data


def _source_text(src: Any, where: str) -> str:
    """``[source]`` as one line an adviser can follow: repository, path, commit, address."""
    if src is None or src == "":
        return ""
    if isinstance(src, str):
        return src
    if not isinstance(src, dict):
        raise ActTomlError("'source' must be a table (repo, path, commit, url) or a string.", where=where)
    parts = []
    if src.get("repo"):
        parts.append(f"GitHub {src['repo']}")
    if src.get("path"):
        parts.append(str(src["path"]))
    if src.get("commit"):
        parts.append(f"commit {src['commit']}")
    if src.get("blob"):
        parts.append(f"blob {src['blob']}")
    if src.get("url"):
        parts.append(str(src["url"]))
    if src.get("other"):
        parts.append(str(src["other"]))
    return "; ".join(parts)


_META_FIELDS = {f.name for f in dataclasses.fields(ActMeta)}
_TUPLE_FIELDS = ("missing", "partial")


def _meta_from(table: dict[str, Any], where: str, base: ActMeta | None = None) -> ActMeta:
    """An ActMeta from the act's top-level table (or, with ``base``, an alternate's overrides)."""
    values: dict[str, Any] = dataclasses.asdict(base) if base else {}
    for name in _META_FIELDS:
        if name not in table:
            continue
        value = table[name]
        if name == "source":
            value = _source_text(value, where)
        elif name in _TUPLE_FIELDS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ActTomlError(f"'{name}' must be a list of provision ids or ranges.", where=where)
            bad = [v for v in value if not _ENTRY_RE.match(v)]
            if bad:
                raise ActTomlError(
                    f"'{name}' has entries that are not provision ids or ranges: {', '.join(bad)}.",
                    where=where,
                    todo="Write ids like art_5__para_2, ranges like art_2-art_6, open ranges like art_18-.")
            value = tuple(value)
        elif name == "complete":
            if not isinstance(value, bool):
                raise ActTomlError("'complete' must be true or false.", where=where)
        elif not isinstance(value, str):
            raise ActTomlError(f"'{name}' must be a string.", where=where)
        values[name] = value
    for required in ("key", "title", "language"):
        if not values.get(required):
            raise ActTomlError(f"the field '{required}' is missing or empty.", where=where,
                               todo="directives/README.md lists the fields of act.toml.")
    if values.get("kind", "law") not in KINDS:
        raise ActTomlError(f"kind '{values['kind']}' is not one of {', '.join(KINDS)}.", where=where)
    if values.get("script", "latin") not in SCRIPTS:
        raise ActTomlError(f"script '{values['script']}' is not one of {', '.join(SCRIPTS)}.", where=where)
    if values.get("missing") and values.get("complete", True) and base is None:
        raise ActTomlError("lists missing provisions but says complete = true.", where=where,
                           todo="Set complete = false, or empty the missing list.")
    if ALT_SEP in values["key"]:
        raise ActTomlError(f"the key must not contain '{ALT_SEP}'.", where=where)
    plain_identifier(values["key"], "the key", where, ActTomlError)
    if values.get("jurisdiction"):
        plain_identifier(values["jurisdiction"], "the jurisdiction", where, ActTomlError)
    for name in _TUPLE_FIELDS:
        values[name] = tuple(values.get(name, ()))
    return ActMeta(**values)


@dataclass(frozen=True)
class _FileEntry:
    path: Path | None
    variant: str
    file_role: str
    format: str
    meta: ActMeta
    notes: str


def _entries(toml_path: Path) -> tuple[ActMeta, list[_FileEntry], tuple[Path, ...]]:
    """The act's metadata, its files (main first) and its data files, from one act.toml."""
    data = _read_toml(toml_path)
    where = str(toml_path)
    meta = _meta_from(data, where)
    files = data.get("files")
    text_held = data.get("text_held", True)
    if not isinstance(text_held, bool):
        raise ActTomlError("'text_held' must be true or false.", where=where)
    if not isinstance(files, dict):
        files = {} if not text_held else None
    if text_held and (files is None or not isinstance(files.get("main"), str)):
        raise ActTomlError("has no [files] table with 'main' (the file that holds the act's text).",
                           where=where, todo='Add:  [files]  main = "<file name>"  (or text_held = false for '
                                             'an act catalogued by its metadata only).')
    if not text_held and (files.get("main") or files.get("alternate")):
        raise ActTomlError("says text_held = false but names text files.", where=where,
                           todo="Remove files.main and the alternates, or set text_held = true.")
    folder = toml_path.parent

    def _path(name: Any, field_where: str) -> Path:
        if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in (".", ".."):
            raise ActTomlError(f"{field_where}: '{name}' must be a file name in the act's folder.", where=where)
        return folder / name

    if text_held:
        main = _path(files["main"], "files.main")
        entries = [_FileEntry(main, "", "main", files.get("format") or _FORMATS.get(main.suffix.lower(), "text"),
                              meta, "")]
    else:
        entries = [_FileEntry(None, "", "main", "", meta, "")]
    seen_ids: set[str] = set()
    for i, alt in enumerate(files.get("alternate", []) or []):
        aw = f"{where}, files.alternate #{i + 1}"
        if not isinstance(alt, dict) or not isinstance(alt.get("id"), str) or not alt.get("id"):
            raise ActTomlError("each [[files.alternate]] needs an 'id' (short name, e.g. 'pdf', 'hr').", where=aw)
        aid = alt["id"]
        if aid in seen_ids or not re.fullmatch(r"[0-9A-Za-z][0-9A-Za-z._-]*", aid):
            raise ActTomlError(f"alternate id '{aid}' is repeated or has characters other than letters, "
                               "digits, '.', '_' and '-'.", where=aw)
        seen_ids.add(aid)
        role = alt.get("role", "original")
        if role not in FILE_ROLES:
            raise ActTomlError(f"role '{role}' is not one of {', '.join(FILE_ROLES)}.", where=aw)
        path = _path(alt.get("path"), "path")
        overrides = {k: v for k, v in alt.items() if k in _META_FIELDS and k not in ("key", "notes")}
        ameta = _meta_from(overrides, aw, base=meta)
        if role != "original":
            # a different text (language, version, excerpt): its own key, so that a project can
            # hold it beside the main text; a format original is the same text, same key.
            ameta = dataclasses.replace(ameta, key=f"{meta.key}{ALT_SEP}{aid}")
        if "complete" not in alt and (ameta.missing or ameta.partial) and ameta.complete:
            ameta = dataclasses.replace(ameta, complete=False)
        notes = str(alt.get("notes", ""))
        if notes:
            ameta = dataclasses.replace(ameta, notes=f"{notes} {meta.notes}".strip() if role == "original"
                                        else notes)
        entries.append(_FileEntry(path, aid, role, alt.get("format") or _FORMATS.get(path.suffix.lower(), "text"),
                                  ameta, notes))
    data_files = tuple(_path(n, "files.data") for n in files.get("data", []) or [])
    return meta, entries, data_files


# ---------------------------------------------------------------------------------------------
# public: meta_for, bundled, find
# ---------------------------------------------------------------------------------------------
def meta_for(path: str | Path) -> ActMeta | None:
    """The metadata of ``path`` from the ``act.toml`` in the same folder, if that file lists it.

    The parser calls this for every file it reads, so that a bundled text (or a user's folder laid
    out the same way) is parsed with its real title, language and completeness. A folder without
    ``act.toml``, or one whose ``act.toml`` does not name the file, gives ``None``; a broken
    ``act.toml`` raises :class:`ActTomlError` naming it.
    """
    p = Path(path).expanduser().resolve()
    toml_path = p.parent / ACT_TOML
    if not toml_path.is_file():
        return None
    _, entries, _ = _entries(toml_path)
    for e in entries:
        if e.path is not None and e.path.resolve() == p:
            return e.meta
    return None


def _bundle(toml_path: Path, role: str) -> BundledAct:
    meta, entries, data_files = _entries(toml_path)
    alts = tuple(
        BundledAct(key=(e.meta.key if e.file_role != "original" else f"{meta.key}{ALT_SEP}{e.variant}"),
                   path=e.path, meta=e.meta, role=role, format=e.format, variant=e.variant,
                   file_role=e.file_role, notes=e.notes, folder=toml_path.parent)
        for e in entries[1:])
    main = entries[0]
    return BundledAct(key=meta.key, path=main.path, meta=meta, role=role, format=main.format,
                      folder=toml_path.parent, data_files=data_files, alternates=alts)


def bundled(include_alternates: bool = False) -> list[BundledAct]:
    """Every bundled act (its main file), reference acts first, sorted by key.

    With ``include_alternates`` the alternates (PDF/XML originals, other languages, other
    versions) follow each act. A key found twice (two data roots) keeps the first root's act.
    """
    out: list[BundledAct] = []
    seen: dict[str, tuple[Path, Path]] = {}  # key -> (data root, act.toml)
    for root in data_roots():
        for folder, role in ROLES.items():
            base = root / folder
            if not base.is_dir():
                continue
            for toml_path in sorted(base.rglob(ACT_TOML)):
                act = _bundle(toml_path, role)
                if act.key in seen:
                    first_root, first_toml = seen[act.key]
                    if first_root == root:
                        raise ActTomlError(f"the key '{act.key}' is also used by {first_toml}.",
                                           where=str(toml_path), todo="Give every act its own key.")
                    continue
                seen[act.key] = (root, toml_path)
                out.append(act)
    out.sort(key=lambda a: (a.role != "reference", a.key))
    if include_alternates:
        return [x for a in out for x in (a, *a.alternates)]
    return out


def find(key_or_path: str | Path) -> BundledAct:
    """One bundled act by key (``32021L0555``, ``32021L0555@hr``; case-insensitive) or by the path
    of one of its files. Raises :class:`InputError` listing the keys when nothing matches."""
    acts = bundled(include_alternates=True)
    text = str(key_or_path).strip()
    if isinstance(key_or_path, Path) or os.sep in text or "/" in text or Path(text).suffix.lower() in _FORMATS:
        p = Path(text).expanduser()
        if p.exists():
            rp = p.resolve()
            for a in acts:
                if a.path is not None and a.path.resolve() == rp:
                    return a
            raise InputError("this file is not one of the bundled acts.", where=str(p),
                             todo="Give a bundled act's key (see `concordance acts`), or parse the "
                                  "file itself with concordance.parse.parse_file.")
        looks_like_file = p.suffix.lower() in _FORMATS or (p.parent != Path(".") and p.parent.is_dir())
        if looks_like_file and not any(a.key.casefold() == text.casefold() for a in acts):
            # a file name ("law.docx") or a path in a real folder: say the file is missing, not the key
            raise UnreadableFile("no such file.", where=str(p),
                                 todo="Check the path and the file name, or give a bundled act's key (e.g. "
                                      "32021L0555, ME-zakon-o-oruzju-2015).")
    for a in acts:
        if a.key.casefold() == text.casefold():
            return a
    mains = [a for a in acts if not a.variant]
    keys = ", ".join(a.key for a in mains)
    alts = ", ".join(a.key for a in acts if a.variant)
    roots = ", ".join(str(r) for r in data_roots()) or "none found"
    raise InputError(
        f"no bundled act has the key or path '{text}'.",
        where="bundled acts",
        todo=(f"Use one of: {keys}." + (f" Alternates: {alts}." if alts else "")
              + f" (Data folders searched: {roots}; set {ENV_VAR} to add yours.)"))


def not_held(entry: BundledAct) -> TextNotHeld:
    """The error for an act catalogued by its metadata only: what is missing and how to give it."""
    m = entry.meta
    where = f"{m.short_title or m.title} ({entry.act_key})"
    how = []
    if m.celex:
        how.append(f"download it from EUR-Lex (https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:{m.celex}"
                   f" — save the page as HTML, or the Formex XML) or run `concordance fetch {m.celex}` on a "
                   "machine with internet")
    return TextNotHeld(
        "its text is not held in this repository (only its metadata and the facts established about its "
        "structure: the source that could be obtained may not be copied).", where=where,
        todo=("Get the text yourself: " + "; ".join(how) + ". Then give the file instead of the key, e.g. "
              "`concordance toc LAW --reference path/to/file.html`.") if how else
             "Give the act's text as a file instead of the key.")


def catalogue_entry(celex: str = "", title: str = "") -> BundledAct | None:
    """The catalogued act with this CELEX number (either the act's or, for a consolidated version,
    the act it consolidates), else the one whose title is this title; ``None`` when none is.

    Why: a user's own download of a catalogued act (the directive, whose text is not bundled) must
    be read with the catalogue's metadata, so that correlation links and renumbering find it.
    """
    def base(c: str) -> str:
        c = c.split("-", 1)[0]
        return "3" + c[1:] if c[:1] == "0" else c

    folded = " ".join(title.split()).casefold()
    for a in bundled():
        if celex and a.meta.celex and base(a.meta.celex) == base(celex):
            return a
        if folded and " ".join(a.meta.title.split()).casefold() == folded:
            return a
    return None


def clear_cache() -> None:
    """Forget the act.toml files read (tests, long-running sessions after edits); the parsed acts
    are forgotten by :func:`concordance.catalogue.parsed.clear_cache`, which calls this."""
    with _lock:
        _toml_cache.clear()


# ---------------------------------------------------------------------------------------------
# what the missing / partial lists say about one provision
# ---------------------------------------------------------------------------------------------
def number_order(num: str) -> tuple:
    """Sort key of a provision number within one level: 4 < 4a < 4b < 5; A < B; 1 < 1_1 (§ 1¹) < 2."""
    out = []
    for piece in num.split("_"):
        m = re.fullmatch(r"(\d+)([A-Za-z]*)", piece)
        out.append((int(m.group(1)), m.group(2).lower()) if m else (-1, piece.lower()))
    return tuple(out)


def _split(pid: str) -> list[tuple[str, str]]:
    parts = []
    for comp in pid.split("__"):
        kind, _, num = comp.partition("_")
        parts.append((kind, num))
    return parts


def _covers(entry: str, pid: str) -> bool:
    """Whether a missing/partial entry (id, ``a-b`` range or open ``a-`` range) covers ``pid`` or
    an ancestor of it."""
    if "-" not in entry:
        return pid == entry or pid.startswith(entry + "__")
    lo, _, hi = entry.partition("-")
    lo_p, x = _split(lo), _split(pid)
    n = len(lo_p)
    if len(x) < n or x[: n - 1] != lo_p[: n - 1] or x[n - 1][0] != lo_p[-1][0]:
        return False
    k = number_order(x[n - 1][1])
    if k < number_order(lo_p[-1][1]):
        return False
    if hi:
        hi_p = _split(hi)
        if len(hi_p) != n or hi_p[: n - 1] != lo_p[: n - 1] or hi_p[-1][0] != lo_p[-1][0]:
            return False  # malformed range: never claims anything
        return k <= number_order(hi_p[-1][1])
    return True


def _starts_inside(entry: str, pid: str) -> bool:
    """Whether the entry names something strictly inside ``pid`` (so ``pid`` is held only in part)."""
    first = entry.split("-", 1)[0]
    return first.startswith(pid + "__")


def provision_status(meta: ActMeta, provision_id: str) -> str:
    """``missing`` (the text is not held), ``partial`` (held in part: cut off, or some of its
    sub-provisions are missing) or ``held``, from the act's ``missing`` and ``partial`` lists.

    Why: a Table of Concordance row for a provision whose text is not held must say so, never
    report a transposition gap.
    """
    if any(_covers(e, provision_id) for e in meta.missing):
        return "missing"
    if any(_covers(e, provision_id) for e in meta.partial):
        return "partial"
    if any(_starts_inside(e, provision_id) for e in (*meta.missing, *meta.partial)):
        return "partial"
    return "held"


def is_missing(meta: ActMeta, provision_id: str) -> bool:
    """True when the bundled text lacks this provision altogether (see :func:`provision_status`)."""
    return provision_status(meta, provision_id) == "missing"


def is_partial(meta: ActMeta, provision_id: str) -> bool:
    """True when the bundled text holds this provision only in part (see :func:`provision_status`)."""
    return provision_status(meta, provision_id) == "partial"


def expand(entries: Iterable[str]) -> list[str]:
    """Closed numeric ranges written out (``art_2-art_4`` -> art_2, art_3, art_4); single ids,
    open ranges (``art_18-``) and ranges with letters are returned as written."""
    out: list[str] = []
    for e in entries:
        lo, sep, hi = e.partition("-")
        if not sep or not hi:
            out.append(e)
            continue
        lo_p, hi_p = _split(lo), _split(hi)
        if (len(lo_p) == len(hi_p) and lo_p[:-1] == hi_p[:-1] and lo_p[-1][0] == hi_p[-1][0]
                and lo_p[-1][1].isdigit() and hi_p[-1][1].isdigit()
                and int(lo_p[-1][1]) <= int(hi_p[-1][1])):
            prefix = "__".join(f"{k}_{n}" for k, n in lo_p[:-1])
            kind = lo_p[-1][0]
            for n in range(int(lo_p[-1][1]), int(hi_p[-1][1]) + 1):
                out.append(f"{prefix}__{kind}_{n}" if prefix else f"{kind}_{n}")
        else:
            out.append(e)
    return out
