"""The parsed text of a catalogued act, by key or path, cached per process.

Why apart from :mod:`.acts`: the parser reads the catalogue's metadata (the ``act.toml`` beside a
file), and this module runs the parser on a catalogued act; kept in one module they would import
each other.
"""
from __future__ import annotations

import threading
from pathlib import Path

from ..errors import InputError
from ..model import Act
from ..parse import parse_file
from .acts import BundledAct, clear_cache as clear_metadata, find, not_held

__all__ = ["load", "clear_cache"]

_lock = threading.Lock()

_act_cache: dict[tuple[str, int, str | None], Act] = {}


def load(key_or_path: str | Path, lang: str | None = None) -> Act:
    """The parsed act (``concordance.parse.parse_file`` with the bundled metadata), cached per
    process: parsing a whole law takes a moment and every step asks for the same few acts.

    A path that is not bundled is parsed as it is (its metadata then comes from the parser)."""
    try:
        entry: BundledAct | None = find(key_or_path)
    except InputError:
        p = Path(str(key_or_path)).expanduser()
        if not p.is_file():
            raise
        entry = None
    if entry is not None and entry.path is None:
        raise not_held(entry)
    path = entry.path if entry else Path(str(key_or_path)).expanduser().resolve()
    if not path.is_file():
        raise InputError("the act's file is not there.", where=str(path),
                         todo="Restore it from the repository (git checkout) or fix files.main in act.toml.")
    cache_key = (str(path.resolve()), path.stat().st_mtime_ns, lang)
    with _lock:
        hit = _act_cache.get(cache_key)
    if hit is not None:
        return hit
    act = parse_file(path, lang=lang, meta=entry.meta) if entry else parse_file(path, lang=lang)
    with _lock:
        _act_cache[cache_key] = act
    return act


def clear_cache() -> None:
    """Forget parsed acts and read act.toml files (tests, long-running sessions after edits)."""
    with _lock:
        _act_cache.clear()
    clear_metadata()
