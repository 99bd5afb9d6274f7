"""What the review export and import share: the columns, the labels per language, and how a typed
value is read back (any language, any case, any spacing).

Labels are data (``review/labels.toml``), so adding a language is adding a table there.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..model import NATIONAL_NOTE_FIELDS, Compatibility

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LABELS_FILE = Path(__file__).with_name("labels.toml")

#: Column keys of the Review sheet, in the order they are written.
COLUMNS: tuple[str, ...] = (
    "row_id", "reference_act", "reference_citation", "reference_text", "klass", "national_act",
    "national_citation", "national_text", "score", "evidence", "compatibility", "reasons", "comment",
    "completing_act", "planned_date", "reviewer", "reviewed_at", "changed",
)
#: Columns of the official forms a reviewer fills in per row besides the label (they flow into the
#: ToC's columns of the same name: MK columns 7 and 8).
FORM_FIELDS: tuple[str, ...] = ("completing_act", "planned_date")
#: The columns an adviser edits; the others are shaded (the id columns also refuse typing).
EDITABLE: frozenset[str] = frozenset({"national_citation", "compatibility", "reasons", "comment", "reviewer",
                                      "completing_act", "planned_date"})
#: The five values the drop-down offers (the others are still accepted when typed).
DROPDOWN: tuple[Compatibility, ...] = (
    Compatibility.FULL, Compatibility.PARTIAL, Compatibility.NONE, Compatibility.NOT_APPLICABLE,
    Compatibility.TO_REVIEW,
)
#: Column keys of the National provisions sheet (forms with a national->reference table): one row
#: per national provision that table lists, with its per-provision columns (:data:`NATIONAL_FIELDS`).
NATIONAL_COLUMNS: tuple[str, ...] = (
    "nat_row_id", "reference_act", "national_act", "national_provision", "national_text",
    "reference_provisions", *NATIONAL_NOTE_FIELDS, "reviewer", "reviewed_at",
)
#: What an adviser fills in per national provision there (a comment, the competent authority).
NATIONAL_FIELDS: tuple[str, ...] = NATIONAL_NOTE_FIELDS
#: The National provisions sheet's columns that say which row is which (typing there is refused).
NATIONAL_ID_COLUMNS: tuple[str, ...] = ("nat_row_id", "reference_act", "national_act", "national_provision")
META_SHEET = "_meta"
META_COLUMNS: tuple[str, ...] = (
    "row_id", "reference_key", "reference_provision", "national_key", "national_provisions",
    "reference_sha256", "national_sha256", "row_version", "values_sha256",
)
#: The ``_meta`` sheet's block for the National provisions sheet (below the Review rows).
NATIONAL_META_COLUMNS: tuple[str, ...] = (
    "nat_row_id", "reference_key", "national_key", "national_provision", "row_version", "values_sha256",
)
FORMAT_TAG = "concordance-review 1"


def fold(text: object) -> str:
    """Compare-form of a typed word: case folded, accents and spacing ignored, Serbian Cyrillic
    read as Latin, so that " Partial ", "PARTIAL", "djelimicno" and "делимично" meet."""
    s = str(text or "")
    if any("\u0400" <= ch <= "\u04ff" for ch in s) and not any(ch in "ѓќѕѓЃЌЅ" for ch in s):
        from ..language import to_latin
        s = to_latin(s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("đ", "dj").replace("Đ", "dj")
    return re.sub(r"[\s_]+", " ", s).strip().casefold()


@lru_cache(maxsize=1)
def _data() -> dict:
    with open(LABELS_FILE, "rb") as fh:
        return tomllib.load(fh)


def languages() -> list[str]:
    """The languages the review workbook has labels for (``review/labels.toml``)."""
    return [k for k in _data() if k not in ("aliases", "column_aliases")]


@dataclass(frozen=True)
class Labels:
    lang: str
    compatibility: dict[str, str]
    columns: dict[str, str]
    text: dict[str, str]
    #: headers of the National provisions sheet: its own words (``national_columns`` in
    #: labels.toml), else the Review sheet's header of the same key
    national_columns: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_lang(cls, lang: str = "en") -> "Labels":
        """The labels of one language; words it lacks come from English. A language written in
        either script (``sr-Cyrl``) or a regional tag (``sr-ME``) falls back to its base."""
        data = _data()
        base = (lang or "en").split("-")[0].split("_")[0].lower()
        own = data.get(lang) or data.get(base) or {}
        en = data["en"]
        labels = cls(lang=lang if (lang in data or base in data) else "en",
                     compatibility={**en["compatibility"], **own.get("compatibility", {})},
                     columns={**en["columns"], **own.get("columns", {})},
                     text={**en["text"], **own.get("text", {})},
                     national_columns={**en["national_columns"], **own.get("national_columns", {})})
        if base == "sr" and "cyrl" in (lang or "").lower() and own:
            # Serbian forms are filed in Cyrillic: the same words, transliterated (the import
            # folds Cyrillic back through the same table, so both scripts are accepted).
            from ..language import to_cyrillic

            def cyr(section: str) -> dict[str, str]:
                return {k: to_cyrillic(v, "sr") for k, v in own.get(section, {}).items()}
            labels = cls(lang=lang, compatibility={**labels.compatibility, **cyr("compatibility")},
                         columns={**labels.columns, **cyr("columns")}, text={**labels.text, **cyr("text")},
                         national_columns={**labels.national_columns, **cyr("national_columns")})
        # the National provisions sheet's other headers are the Review sheet's words
        return replace(labels, national_columns={k: labels.national_columns.get(k) or labels.columns[k]
                                                 for k in NATIONAL_COLUMNS})

    def compat(self, value: Compatibility | None) -> str:
        """The label of a compatibility in this language; empty for none."""
        return "" if value is None else self.compatibility[value.value]

    def dropdown(self) -> list[str]:
        """The labels the compatibility drop-down offers, in order."""
        return [self.compatibility[c.value] for c in DROPDOWN]


@lru_cache(maxsize=1)
def _compat_lookup() -> dict[str, Compatibility]:
    data = _data()
    out: dict[str, Compatibility] = {}
    for c in Compatibility:
        out[fold(c.value)] = c
    for canon, words in data.get("aliases", {}).items():
        for w in words:
            out.setdefault(fold(w), Compatibility(canon))
    for lang in languages():
        for canon, label in data[lang].get("compatibility", {}).items():
            out[fold(label)] = Compatibility(canon)
    return out


def parse_compatibility(value: object) -> Compatibility | None:
    """A compatibility typed in any language, case or spacing; None for an empty cell.

    Raises KeyError for a value that is no known label (the caller reports where it was)."""
    key = fold(value)
    if not key:
        return None
    return _compat_lookup()[key]


def _headers(lang: str, sheet: str) -> dict[str, str]:
    """Column key -> header of one sheet (``review`` or ``national``) in one language, as written
    (only the words labels.toml gives that language: no English fallback)."""
    own = _data()[lang]
    if sheet == "review":
        return dict(own.get("columns", {}))
    return {k: own.get("national_columns", {}).get(k) or own.get("columns", {}).get(k, "")
            for k in NATIONAL_COLUMNS if own.get("national_columns", {}).get(k) or own.get("columns", {}).get(k)}


@lru_cache(maxsize=2)
def _header_lookup(sheet: str = "review") -> dict[str, str]:
    keys = COLUMNS if sheet == "review" else NATIONAL_COLUMNS
    out = {fold(k): k for k in keys}
    for key, words in _data().get("column_aliases", {}).items():   # headers of earlier exports
        if key in keys:
            out.update({fold(w): key for w in words})
    for lang in languages():
        for key, label in _headers(lang, sheet).items():
            out[fold(label)] = key
    return out


def column_key(header: object, sheet: str = "review") -> str | None:
    """The column key a header of the Review sheet (or, ``sheet="national"``, of the National
    provisions sheet) names, in any language (None for a column the adviser added)."""
    return _header_lookup(sheet).get(fold(str(header or "").rstrip(":*")))


def national_column_key(header: object) -> str | None:
    """:func:`column_key` for the National provisions sheet."""
    return column_key(header, "national")


def all_labels_for(key: str, sheet: str = "review") -> list[str]:
    """Every language's header for a column (for error messages)."""
    return sorted({h[key] for lang in languages() if key in (h := _headers(lang, sheet))})


def clean(value: object) -> str:
    """A cell value as text, the way both sides compare it: no surrounding blanks, Unix line
    ends, numbers without a trailing ``.0`` (LibreOffice may turn ``12`` into ``12.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in s.strip().split("\n"))
