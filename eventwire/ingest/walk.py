"""Which inputs a command reads: folder walks, what they follow, and bounded, safe opening.

What a walk follows (and says so when it does not):

* files and folders given on the command line, and everything under a folder, in name order;
* symbolic links to files and to folders: a linked folder of articles is read like any other;
  a link back to a folder being walked (a loop), a second way into a folder already read, and a
  link to nothing are reported, each once, with the reason ``read``;
* names that start with a dot (``.git``, ``.DS_Store``) are not read and are reported (``format``);
* a folder that cannot be listed and a file that cannot be opened are reported (``read``);
* anything that is not a regular file or a folder (a named pipe, a device such as ``/dev/zero``,
  a socket) is reported (``format``) and never opened for reading, so a walk cannot hang on it.

Every input has a *pointer* for people (the path as given, normalised, with undecodable bytes of a
file name written as ``\\xff``) and a *key* for identity: the real path, so ``c/x.txt``,
``./c/x.txt`` and ``$PWD/c/x.txt`` are one document.
"""
from __future__ import annotations

import contextlib
import gzip
import os
import stat
import sys
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Iterator

from ..records import QuarantineReason as Q


@dataclass
class Input:
    path: str | None          # what to open (None: standard input)
    pointer: str              # for people: as given, normalised, printable
    key: str                  # identity: the real path, or "<stdin>"


@dataclass
class Unread:
    pointer: str
    reason: Q
    detail: str
    key: str | None = None


def _unread(path: str, reason: Q, detail: str) -> Unread:
    return Unread(pointer_of(path), reason, detail, display(os.path.realpath(path)))


def display(path: str) -> str:
    """A path as valid, printable UTF-8: undecodable bytes of the name as \\xNN escapes."""
    raw = os.fsencode(path)
    return raw.decode("utf-8", "backslashreplace")


def pointer_of(path: str) -> str:
    return display(os.path.normpath(path))


def walk(paths: list[str]) -> Iterator[Input | Unread]:
    """Every input under ``paths``, in a stable order; see the module docstring."""
    seen_dirs: dict[tuple[int, int], str] = {}
    for p in paths:
        if p == "-":
            yield Input(None, "<stdin>", "<stdin>")
            continue
        yield from _entry(p, seen_dirs, ancestors=())


def _entry(path: str, seen_dirs: dict, ancestors: tuple) -> Iterator[Input | Unread]:
    ptr = pointer_of(path)
    try:
        st = os.stat(path)                      # follows links
    except FileNotFoundError:
        if os.path.islink(path):
            yield _unread(path, Q.READ, f"broken symbolic link to {display(os.readlink(path))}")
        else:
            yield _unread(path, Q.READ, "no such file or folder")
        return
    except OSError as exc:                      # ELOOP, EACCES on a parent, name too long
        yield _unread(path, Q.READ, f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _folder(path, ptr, st, seen_dirs, ancestors)
    elif stat.S_ISREG(st.st_mode):
        yield Input(path, ptr, display(os.path.realpath(path)))
    else:
        yield _unread(path, Q.FORMAT, f"{_kind_of(st.st_mode)}, not a regular file")


def _folder(path: str, ptr: str, st, seen_dirs: dict, ancestors: tuple) -> Iterator[Input | Unread]:
    ident = (st.st_dev, st.st_ino)
    if ident in ancestors:
        yield _unread(path, Q.READ, "symbolic link loop: a folder that contains this link, not read again")
        return
    if ident in seen_dirs:
        yield _unread(path, Q.READ, f"the same folder as {seen_dirs[ident]}, read once")
        return
    seen_dirs[ident] = ptr
    try:
        with os.scandir(path) as it:
            names = sorted(e.name for e in it)
    except OSError as exc:
        yield _unread(path, Q.READ, f"cannot list the folder: {exc.strerror or exc}")
        return
    for name in names:
        child = os.path.join(path, name)
        if name.startswith("."):
            yield _unread(child, Q.FORMAT, "hidden (name starts with '.'), not read")
            continue
        yield from _entry(child, seen_dirs, ancestors + (ident,))


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


class TooLarge(Exception):
    """More bytes than the limit."""


@contextlib.contextmanager
def open_input(inp: Input) -> Iterator[BinaryIO]:
    """A binary stream of the input, gunzipped when its name ends in .gz.  The file is opened without
    blocking and checked again once open, so a pipe or device put there since the walk is refused."""
    if inp.path is None:
        yield sys.stdin.buffer
        return
    fd = os.open(inp.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegular(f"{_kind_of(mode)}, not a regular file")
        os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with fh:
        if inp.path.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                yield gz
        else:
            yield fh


def small_file_bytes(path: str, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, as stored; None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            data = fh.read(limit + 1)
        except OSError:
            return None
    return data if len(data) <= limit else None


class NotRegular(Exception):
    """The path is no longer a regular file."""


def read_bounded(fh: BinaryIO, limit: int) -> bytes:
    """At most ``limit`` bytes; :class:`TooLarge` when there are more (decompressed bytes for .gz)."""
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"over the {limit:,}-byte limit")
    return data


def lines_bounded(fh: BinaryIO, limit: int) -> Iterator[bytes | TooLarge]:
    """The lines of a stream, each kept only when it is at most ``limit`` bytes; a longer line is
    skipped to its end without keeping it and yielded as :class:`TooLarge`."""
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while True:
                chunk = fh.readline(1 << 20)
                size += len(chunk)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield TooLarge(f"a line of {size:,} bytes, over the {limit:,}-byte limit")
            continue
        yield line


READ_ERRORS = (OSError, EOFError, gzip.BadGzipFile, zlib.error, NotRegular)
