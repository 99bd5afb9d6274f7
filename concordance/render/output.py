"""Writing outputs safely: to a temporary file in the target folder, then one atomic rename, so a
crash never leaves half a ToC where a good one was."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import InputError


@contextmanager
def atomic_path(out: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``out``; on success it replaces ``out`` atomically."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; an output is an ordinary file
        os.replace(tmp_path, out)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def inside(folder: Path, name: str) -> Path:
    """``folder / name``, refusing any name that would land outside ``folder``."""
    folder = folder.resolve()
    target = (folder / name).resolve()
    if target != folder and folder not in target.parents:
        raise InputError(f"output name {name!r} would be written outside the output folder.",
                         where=str(folder), todo="Use a plain file name.")
    return target


def safe_name(text: str) -> str:
    """A file-name fragment from an act key: letters, digits, '-', '_' and '.' only."""
    out = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text).strip(".-")
    return out or "act"
