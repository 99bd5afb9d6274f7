"""Writing outputs safely: every file the tool writes (a ToC, a review workbook, a correlation table)
goes through here.

Why one module: a crash, a full disk or a template error half-way through must never leave half a
file where a good one was, and an adviser's shared folder must get files the others can open. So a
file is written to a temporary name in the target folder, flushed to disk, given the permissions an
ordinary new file gets (``0o666 & ~umask``; or the old file's, when it replaces one), and then
renamed over the target in one step (``os.replace``). On failure the temporary file is removed and
the old file stays as it was.

Folders are not created here: an output path in a folder that does not exist is usually a typing
mistake, so it is reported (an :class:`~concordance.errors.InputError`) rather than guessed at.
Callers that own a folder (``toc -o OUT/``) create it themselves.

:func:`inside` builds a path from a name inside an output folder and refuses any name that would
land elsewhere (``..``, an absolute path, a symbolic link pointing out).
"""
from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Mapping

from .errors import InputError

__all__ = ["atomic_path", "atomic_write_bytes", "atomic_write_text", "inside", "output_folder", "output_target",
           "refuse_overwriting_inputs", "safe_name", "new_file_mode", "xml_safe"]

_umask_lock = threading.Lock()
#: Write failures that are the user's to fix (a full disk, a read-only place), not a bug.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
_NO_WRITE = {errno.EROFS, errno.EACCES, errno.EPERM}
#: Characters XML 1.0 cannot hold (and so neither DOCX, XLSX nor well-formed HTML): the C0 controls
#: other than tab, line feed and carriage return, and the non-characters U+FFFE and U+FFFF.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML cannot hold. A reader may let a stray control character
    through from a PDF or a text file; an output must still open in Word, Excel and a browser."""
    return _NOT_IN_XML.sub("", text)


def new_file_mode() -> int:
    """The permissions an ordinary new file gets here: ``0o666`` less the process umask.

    ``tempfile.mkstemp`` creates files readable by their owner only (0600), which is right for a
    secret and wrong for a ToC on a shared drive; the umask is the user's own statement of what
    others may read. It can only be read by setting it, so it is set back at once, under a lock."""
    with _umask_lock:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def output_target(path: str | os.PathLike) -> Path:
    """Check that ``path`` can be written as an output and return it as a :class:`Path`.

    Refuses (with an :class:`InputError` naming the path) a folder that does not exist, a parent
    that is not a folder, and a target that is itself a folder. Call it before long work, so that a
    mistyped ``-o`` fails in a second rather than after the whole ToC was built."""
    out = Path(path)
    folder = out.parent
    if not folder.exists():
        raise InputError(f"the folder {str(folder)!r} does not exist, so the output cannot be written there.",
                         where=str(out),
                         todo="Create the folder first, or give an output path in an existing folder.")
    if not folder.is_dir():
        raise InputError(f"{str(folder)!r} is a file, not a folder.", where=str(out),
                         todo="Give an output path in an existing folder.")
    if out.is_dir():
        raise InputError("this is a folder, not a file name.", where=str(out),
                         todo="Give a file name for the output (e.g. add /toc.docx).")
    return out


def output_folder(path: str | os.PathLike, *, create: bool = True) -> Path:
    """Check (and, with ``create``, make) a folder a command writes its outputs into; return it.

    Why: ``toc -o f/out/`` where ``f`` is a file, ``-o /proc/x/`` or a folder in a read-only place
    would otherwise end in a Python traceback (``NotADirectoryError``, ``FileNotFoundError``,
    ``PermissionError``) after the work was done. Each is one :class:`InputError` naming the path.
    With ``create=False`` only what can be told without creating anything is checked (call it before
    long work, then again with ``create=True`` once the inputs were read)."""
    folder = Path(path)
    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                what = "this is a file" if part == folder else f"{str(part)!r} is a file, not a folder"
                raise InputError(f"{what}; the output needs a folder here.", where=str(folder),
                                 todo="Give a folder name (it is created if needed) whose parents are folders.")
            if part != folder and not os.access(part, os.W_OK | os.X_OK):
                raise InputError(f"the folder {str(part)!r} cannot be written to, so the output folder cannot "
                                 "be made in it.", where=str(folder),
                                 todo="Choose a folder you may write to, or ask for write permission.")
            break
    if not create:
        return folder
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"the output folder cannot be made ({exc.strerror or exc}).", where=str(folder),
                         todo="Choose a folder you may write to (not under /proc or /sys, not read-only).") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError("the output folder cannot be written to.", where=str(folder),
                         todo="Choose a folder you may write to, or ask for write permission.")
    return folder


def refuse_overwriting_inputs(out: str | os.PathLike, inputs: Mapping[str, str | os.PathLike | None]) -> None:
    """Refuse an output path that is one of the command's own inputs (``inputs`` maps what the
    input is, e.g. "project file", to its path): ``render p.concordance -o p.concordance`` must not
    replace a project with a Word file, nor ``--template t.docx -o t.docx`` eat the template."""
    target = Path(out)
    for what, path in inputs.items():
        if path is None:
            continue
        source = Path(path)
        try:
            same = target.resolve() == source.resolve() or (
                target.exists() and source.exists() and os.path.samefile(target, source))
        except OSError:
            same = False
        if same:
            raise InputError(f"the output would overwrite the {what} ({source}).", where=str(target),
                             todo="Give the output another name.")


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the block ends without an error the
    temporary file replaces ``path`` in one step, otherwise it is removed and ``path`` is untouched.

    Use it for writers that want a file name (``workbook.save(tmp)``, ``docx.save(tmp)``)::

        with atomic_path(out) as tmp:
            wb.save(tmp)

    The block must create the file at ``tmp`` (an empty placeholder is there already).
    """
    out = output_target(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise InputError(f"the folder cannot be written to ({exc.strerror or exc}).", where=str(out),
                         todo="Choose a folder you may write to, or ask for write permission.") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _settle(tmp, out)
        try:
            os.replace(tmp, out)
        except PermissionError as exc:
            raise InputError(f"the file cannot be replaced ({exc.strerror or exc}); the old one was kept.",
                             where=str(out), todo="Close it if it is open in Excel or Word (Windows locks open "
                                                  "files), or give another output name.") from exc
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in _NO_SPACE:
            raise InputError("the disk is full; nothing was written and any old file was kept.", where=str(out),
                             todo="Free some space, or write to another disk.") from exc
        if exc.errno in _NO_WRITE:
            raise InputError(f"the output cannot be written ({exc.strerror}); any old file was kept.",
                             where=str(out), todo="Choose a folder you may write to.") from exc
        raise
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _settle(tmp: Path, out: Path) -> None:
    """Make the finished temporary file durable and give it the permissions the result should have:
    the old file's when one is replaced (someone may have shared it on purpose), else a new file's."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        mode = stat.S_IMODE(out.stat().st_mode)
    except FileNotFoundError:
        mode = new_file_mode()
    os.chmod(tmp, mode)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_path`); return the path."""
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as fh:
            fh.write(data)
    return Path(path)


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``path`` atomically, encoded as ``encoding``; line ends are written exactly
    as they are in ``text`` (no translation). Returns the path."""
    return atomic_write_bytes(path, text.encode(encoding))


def inside(base_dir: str | os.PathLike, name: str) -> Path:
    """``base_dir / name``, refusing any name that would land outside ``base_dir``.

    Output names are sometimes built from data (an act key, a jurisdiction code): ``..``, an
    absolute path or a symbolic link in the folder pointing elsewhere must not turn a ToC into an
    overwrite of some other file. Raises :class:`InputError` naming the folder and the name."""
    folder = Path(base_dir).resolve()
    text = str(name)
    if not text.strip() or "\x00" in text:
        raise InputError(f"the output name {text!r} is empty or not a file name.", where=str(folder),
                         todo="Use a plain file name.")
    if Path(text).is_absolute():
        raise InputError(f"the output name {text!r} is an absolute path, outside the output folder.",
                         where=str(folder), todo="Use a plain file name inside the folder.")
    target = (folder / text).resolve()
    if target == folder or folder not in target.parents:
        raise InputError(f"the output name {text!r} would be written outside the output folder "
                         f"(to {str(target)!r}).", where=str(folder),
                         todo="Use a plain file name; remove any '..' or any link in the folder that points "
                              "elsewhere.")
    return target


_NOT_IN_IDENTIFIERS = re.compile(r"[/\\\x00-\x1f\x7f]|\.\.")


def plain_identifier(value: str, what: str, where: str = "",
                     error: type[InputError] = InputError) -> str:
    """``value`` (an act key, a jurisdiction code) if it is safe to build file names from:
    no path separator, no ``..``, no control character, not empty. Keys and codes end up in
    output names (a ToC per jurisdiction, cached vectors per act), so they are checked where they
    come in (act.toml, the command line, the project) as output names are (:func:`inside`)."""
    text = str(value)
    if not text.strip() or _NOT_IN_IDENTIFIERS.search(text) or text != text.strip():
        raise error(f"{what} {text!r} is not usable: it must not be empty, contain '/', '\\', '..' or "
                    "control characters, or start or end with a space.", where=where,
                    todo=f"Use letters, digits, '-' and '_' for the {what} (e.g. ME, ME-zakon-o-oruzju-2015).")
    return text


def safe_name(text: str) -> str:
    """A file-name fragment from an act key or a label: letters, digits, ``-``, ``_`` and ``.`` only
    (never a path separator, never a leading dot), ``act`` when nothing is left."""
    out = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in text).strip(".-")
    return out or "act"
