"""Per-format, per-language wording of a Table of Concordance, and its map to the canonical scale.

Each official form words its compatibility labels its own way ("Целосно усогласено", "ПУ потпуно
усклађено", "+"); the project stores one canonical :class:`~concordance.model.Compatibility`. The
labels files (``templates/labels/<format>.<lang>.toml``) hold the wording AND the mapping, so that
status figures compare across jurisdictions while each form keeps its own words. Wording not yet
checked against an official blank form carries ``confirmed = false``; outputs say so in a footnote.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import InputError
from ..model import Compatibility

import tomllib

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
LABELS_DIR = TEMPLATES_DIR / "labels"
TOC_DIR = TEMPLATES_DIR / "toc"

FORMATS = ("mk", "me", "rs", "xk", "al", "ba", "eu")

#: English names of the canonical values, shown in every legend next to the form's own label.
CANONICAL_EN: dict[Compatibility, str] = {
    Compatibility.FULL: "full",
    Compatibility.PARTIAL: "partial",
    Compatibility.NONE: "none",
    Compatibility.NOT_TRANSPOSABLE: "not transposable before accession",
    Compatibility.NOT_APPLICABLE: "not relevant",
    Compatibility.DISCRETIONARY: "discretionary",
    Compatibility.TO_REVIEW: "to review",
}

_TEXT_SECTIONS = ("titles", "header", "columns", "reverse_columns", "statement", "marks", "status")
#: Sections that are the tool's own wording, never claimed to be a form's (no "confirmed" flags).
_TOOL_SECTIONS = ("marks", "status")
#: Reference-act kinds (act.toml ``kind``) and the wording set they take in a labels file
#: (``[kind.<set>.<section>]`` overrides; a directive uses the tables themselves).
KIND_WORDING = {"treaty": "treaty", "convention": "treaty", "protocol": "treaty",
                "regulation": "regulation", "decision": "regulation"}


def wording_kind(kind: str | None) -> str:
    """The wording set a reference act of ``kind`` takes: ``treaty``, ``regulation`` or ``directive``.

    Why: "CELEX number: UN-firearms-protocol-2001" under "Directive" is wrong twice; the UN
    Protocol is a treaty with no CELEX number, and a regulation is not a directive."""
    return KIND_WORDING.get((kind or "").strip().lower(), "directive")


@dataclass(frozen=True)
class CompatLabel:
    """One canonical value as a form words it."""

    canonical: Compatibility
    code: str
    label: str
    confirmed: bool
    tool: bool = False            # the tool's own wording: the form has no such label
    aliases: tuple[str, ...] = ()

    @property
    def full(self) -> str:
        """``"ПУ — потпуно усклађено"`` when the form has codes, else the label."""
        return f"{self.code} — {self.label}" if self.code else self.label


@dataclass(frozen=True)
class FormatSpec:
    """What a format's tables look like (``templates/toc/<format>.toml``)."""

    key: str
    name: str
    jurisdiction: str
    default_lang: str
    languages: tuple[str, ...]
    directions: tuple[str, ...]
    columns: tuple[str, ...]
    header_fields: tuple[str, ...]
    reverse_columns: tuple[str, ...] = ()
    reverse_level: str = "provision"
    statement: bool = False
    grouped_by_act: bool = False
    scripts: tuple[str, ...] = ()

    @property
    def national_level(self) -> str | None:
        """What the form's national->reference table lists (``article`` or ``provision``), or None
        when the form has no such table (the review workbook then has no National provisions sheet)."""
        return self.reverse_level if "national_eu" in self.directions else None


@dataclass(frozen=True)
class Labels:
    """The wording of one format in one language and script."""

    fmt: str
    lang: str
    script: str
    source: str
    text: dict[str, dict[str, str]]            # section -> key -> string
    unconfirmed: dict[str, frozenset[str]]     # section -> keys whose wording is unconfirmed
    compat: dict[Compatibility, CompatLabel] = field(default_factory=dict)
    path: Path | None = None

    def section(self, name: str) -> dict[str, str]:
        """One table of the labels file (titles, header, columns, marks, ...); empty if absent."""
        return self.text.get(name, {})

    def canonical(self, text: str) -> Compatibility | None:
        """The canonical value a filled-in form's label means (code, label or alias; case and
        surrounding spaces ignored). Where a form uses one label for two canonical values (Serbian
        НП), the first declared wins: the form's own meaning."""
        needle = " ".join(text.split()).casefold()
        if not needle:
            return None
        for c in self.compat.values():
            words = {c.label.casefold(), c.full.casefold(), *(a.casefold() for a in c.aliases)}
            if c.code:
                words.add(c.code.casefold())
            if needle in words:
                return c.canonical
        return None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"is not valid TOML: {exc}.", where=str(path),
                         todo="Fix the file (a missing quote or bracket is the usual cause).") from exc


@lru_cache(maxsize=None)
def format_spec(fmt: str) -> FormatSpec:
    """The table layout of ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown ToC format {fmt!r}.", todo=f"Use one of: {', '.join(FORMATS)}.")
    data = _read_toml(TOC_DIR / f"{fmt}.toml")
    return FormatSpec(
        key=fmt,
        name=data["name"],
        jurisdiction=data.get("jurisdiction", ""),
        default_lang=data["default_lang"],
        languages=tuple(data["languages"]),
        directions=tuple(data["directions"]),
        columns=tuple(data["columns"]),
        header_fields=tuple(data["header_fields"]),
        reverse_columns=tuple(data.get("reverse_columns", ())),
        reverse_level=data.get("reverse_level", "provision"),
        statement=bool(data.get("statement", False)),
        grouped_by_act=bool(data.get("grouped_by_act", False)),
        scripts=tuple(data.get("scripts", ())),
    )


def _transliterate(value: str, script: str, lang: str) -> str:
    from .. import language  # written by the language helper; used for label strings only

    return language.to_latin(value) if script == "latin" else language.to_cyrillic(value, lang)


def load_labels(fmt: str, lang: str | None = None, script: str | None = None, kind: str | None = None) -> Labels:
    """The labels of ``fmt`` in ``lang`` (default: the format's own language) and ``script``, worded
    for a reference act of ``kind`` (act.toml ``kind``: directive, regulation, treaty...).

    A script other than the file's is produced by transliterating the LABEL strings only (Serbian
    forms exist in Cyrillic and Latin); legal text is never transliterated here.
    """
    spec = format_spec(fmt)
    lang = lang or spec.default_lang
    if lang not in spec.languages:
        raise InputError(f"format {fmt!r} has no labels in language {lang!r}.",
                         todo=f"Use --lang {' or '.join(spec.languages)}.")
    return _load_labels(fmt, lang, script, wording_kind(kind))


@lru_cache(maxsize=None)
def _load_labels(fmt: str, lang: str, script: str | None, kind: str = "directive") -> Labels:
    path = LABELS_DIR / f"{fmt}.{lang}.toml"
    data = _read_toml(path)
    meta = data.get("meta", {})
    file_script = meta.get("script", "latin")
    script = script or file_script
    if script not in ("latin", "cyrillic"):
        raise InputError(f"unknown script {script!r}.", todo="Use --script latin or --script cyrillic.")

    def conv(s: str) -> str:
        return s if script == file_script else _transliterate(s, script, lang)

    text: dict[str, dict[str, str]] = {}
    unconfirmed: dict[str, frozenset[str]] = {}
    overrides = data.get("kind", {}).get(kind, {})
    for name in _TEXT_SECTIONS:
        sec = dict(data.get(name, {}))
        flag = sec.pop("confirmed", True)
        own = dict(overrides.get(name, {}))
        strings = {k: conv(str(v)) for k, v in {**sec, **own}.items()}
        text[name] = strings
        if name in _TOOL_SECTIONS:
            continue  # the tool's own wording, never claimed to be a form's
        if own:  # the kind's wording is the tool's, not read in a source
            flag = False if flag is False else [k for k in (flag if isinstance(flag, list) else sec) if k not in own]
        if isinstance(flag, list):
            unconfirmed[name] = frozenset(k for k in strings if k not in flag)
        else:
            unconfirmed[name] = frozenset() if flag else frozenset(strings)
    compat: dict[Compatibility, CompatLabel] = {}
    for c in Compatibility:
        entry = data.get("compatibility", {}).get(c.value)
        if entry is None:
            raise InputError(f"has no label for the canonical value {c.value!r}.", where=str(path),
                             todo=f"Add a [compatibility.{c.value}] table with code, label and confirmed.")
        compat[c] = CompatLabel(
            canonical=c,
            code=conv(entry.get("code", "")),
            label=conv(entry["label"]),
            confirmed=bool(entry.get("confirmed", False)),
            tool=bool(entry.get("tool", False)),
            aliases=tuple(conv(a) for a in entry.get("aliases", ())),
        )
    return Labels(fmt=fmt, lang=lang, script=script, source=meta.get("source", ""), text=text,
                  unconfirmed=unconfirmed, compat=compat, path=path)


def available_labels() -> list[tuple[str, str]]:
    """Every (format, language) pair that has a labels file."""
    out = []
    for path in sorted(LABELS_DIR.glob("*.toml")):
        fmt, _, lang = path.stem.partition(".")
        out.append((fmt, lang))
    return out


def compatibility_from_label(text: str, fmt: str | None = None, lang: str | None = None) -> Compatibility | None:
    """The canonical value of a label as any form (or the given one) words it; None if unknown.

    For reading filled-in forms back and for comparing status across jurisdictions.
    """
    for f, lg in available_labels():
        if (fmt and f != fmt) or (lang and lg != lang):
            continue
        found = load_labels(f, lg).canonical(text)
        if found is not None:
            return found
    try:
        return Compatibility(text.strip().lower())
    except ValueError:
        return None
