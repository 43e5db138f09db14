"""Writing an output file safely: to a temporary file beside the target, renamed into place on success.

A failed write (a full disk, a killed process, a bug) leaves whatever was at the target untouched
and removes only what it created itself (its temporary file, and folders it made).  An existing
target is replaced only when the caller says so (``force``).  Every failure is an
:class:`~eventwire.errors.OutputError` with the path and the operating system's reason.
"""
from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path
from typing import Iterator

from ..errors import E, OutputError


def check_target(out: str, force: bool = False) -> Path:
    """Refuse a target that is a folder, that lies under a file, or that exists (unless ``force``)."""
    p = Path(out)
    if p.is_dir():
        raise OutputError(E.OUT_UNWRITABLE, where=str(out), detail="it is a folder; give a file path")
    for parent in p.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(E.OUT_UNWRITABLE, where=str(out), detail=f"{parent} is a file, not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(E.OUT_UNWRITABLE, where=str(out), detail=f"the folder {parent} is not writable")
            break
    if (p.exists() or p.is_symlink()) and not force:
        raise OutputError(E.OUT_EXISTS, where=str(out))
    return p


@contextlib.contextmanager
def atomic_output(out: str, force: bool = False) -> Iterator[str]:
    """Yield a temporary path beside ``out``; rename it to ``out`` when the body succeeds."""
    p = check_target(out, force)
    made = _make_parents(p.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=str(p.parent), prefix=f".{p.name}.", suffix=".tmp" + p.suffix)
        os.close(fd)
    except OSError as exc:
        _remove_dirs(made)
        raise _os_error(out, exc) from exc
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())         # as an ordinary new file (mkstemp makes it 0600)
        os.replace(tmp, p)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        _remove_dirs(made)
        if isinstance(exc, OSError):
            raise _os_error(out, exc) from exc
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _make_parents(folder: Path) -> list[Path]:
    """Create missing folders; return those created, deepest first."""
    made: list[Path] = []
    cur = folder
    while not cur.exists():
        made.append(cur)
        cur = cur.parent
    for d in reversed(made):
        try:
            d.mkdir()
        except OSError as exc:
            _remove_dirs([m for m in made if m.exists()])
            raise _os_error(str(folder), exc) from exc
    return made


def _remove_dirs(made: list[Path]) -> None:
    for d in made:                     # deepest first; only if still empty
        with contextlib.suppress(OSError):
            d.rmdir()


def _os_error(out: str, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason = f"{reason} (the device is full, or the file is over a size limit)"
    return OutputError(E.OUT_UNWRITABLE, where=str(out), detail=reason)


def find_os_error(exc: BaseException) -> OSError | None:
    """The OSError behind an exception from a library writer (pyarrow, pandas), if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None
