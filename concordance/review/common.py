"""What the review export and import share: the columns, the labels per language, and how a typed
value is read back (any language, any case, any spacing).

Labels are data (``review/labels.toml``), so adding a language is adding a table there.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Compatibility

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
META_SHEET = "_meta"
META_COLUMNS: tuple[str, ...] = (
    "row_id", "reference_key", "reference_provision", "national_key", "national_provisions",
    "reference_sha256", "national_sha256", "row_version", "values_sha256",
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
    return [k for k in _data() if k != "aliases"]


@dataclass(frozen=True)
class Labels:
    lang: str
    compatibility: dict[str, str]
    columns: dict[str, str]
    text: dict[str, str]

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
                     text={**en["text"], **own.get("text", {})})
        if base == "sr" and "cyrl" in (lang or "").lower() and own:
            # Serbian forms are filed in Cyrillic: the same words, transliterated (the import
            # folds Cyrillic back through the same table, so both scripts are accepted).
            from ..language import to_cyrillic
            cyr = {k: to_cyrillic(v, "sr") for k, v in own.get("compatibility", {}).items()}
            cols = {k: to_cyrillic(v, "sr") for k, v in own.get("columns", {}).items()}
            texts = {k: to_cyrillic(v, "sr") for k, v in own.get("text", {}).items()}
            labels = cls(lang=lang, compatibility={**labels.compatibility, **cyr},
                         columns={**labels.columns, **cols}, text={**labels.text, **texts})
        return labels

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


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    data = _data()
    out = {fold(k): k for k in COLUMNS}
    for lang in languages():
        for key, label in data[lang].get("columns", {}).items():
            out[fold(label)] = key
    return out


def column_key(header: object) -> str | None:
    """The column key a header names, in any language (None for a column the adviser added)."""
    return _header_lookup().get(fold(str(header or "").rstrip(":*")))


def all_labels_for(key: str) -> list[str]:
    """Every language's header for a column (for error messages)."""
    data = _data()
    return sorted({data[lang]["columns"][key] for lang in languages() if key in data[lang].get("columns", {})})


def clean(value: object) -> str:
    """A cell value as text, the way both sides compare it: no surrounding blanks, Unix line
    ends, numbers without a trailing ``.0`` (LibreOffice may turn ``12`` into ``12.0``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in s.strip().split("\n"))
