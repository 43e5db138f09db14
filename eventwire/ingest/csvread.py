"""The CSV reader: one article per row, read as a stream, each row kept byte-exact for quarantine.

CSV is parsed strictly: a quote that is not closed where a field ends (an unbalanced quote that
would swallow the rows after it into one bogus field) stops the file at the row where it starts;
that row and the rest of the file are quarantined as ``format`` with the line number, never coded
as sentence fragments.  A row whose number of fields differs from the header's is quarantined on
its own.  A row over the byte limit stops the file the same way (``too_large``), since a quote
left open is its usual cause.
"""
from __future__ import annotations

import csv
from typing import Iterator

from ..records import QuarantineReason as Q
from .decode import decode_line
from .walk import TooLarge, lines_bounded


class _Stop(Exception):
    def __init__(self, reason: Q, detail: str):
        super().__init__(detail)
        self.reason, self.detail = reason, detail


class _Rows:
    """Decoded lines for csv.reader, keeping the raw bytes and line numbers of the current row."""

    def __init__(self, fh, limit: int):
        self.lines = lines_bounded(fh, limit)
        self.limit = limit
        self.n = 0              # lines consumed
        self.start = 1          # first line of the current row
        self.raw: list[bytes] = []
        self.size = 0
        self.bad: str | None = None      # an encoding problem in the current row
        self.notes: list[str] = []

    def __iter__(self):
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.n += 1
        if isinstance(line, TooLarge):
            raise _Stop(Q.TOO_LARGE, f"line {self.n}: {line}")
        if self.n == 1 and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        self.raw.append(line)
        self.size += len(line)
        if self.size > self.limit:
            raise _Stop(Q.TOO_LARGE, f"the row from line {self.start} runs past the {self.limit:,}-byte limit "
                                     "(a quote left open?)")
        d = decode_line(line)
        if d.text is None:
            self.bad = f"line {self.n}: {d.detail}"
            return line.decode("utf-8", "surrogateescape")     # keeps the CSV structure; the row is rejected
        if d.detail:
            self.notes.append(f"line {self.n}: {d.detail}")
        return d.text

    def take(self) -> tuple[bytes, int, str | None, list[str]]:
        """The current row's bytes, first line, encoding problem and notes; then start the next row."""
        out = (b"".join(self.raw), self.start, self.bad, self.notes)
        self.raw, self.size, self.bad, self.notes = [], 0, None, []
        self.start = self.n + 1
        return out


def read_csv(src) -> Iterator:
    from .sources import Rejected, _copy, _from_mapping
    import sys
    csv.field_size_limit(min(sys.maxsize, src.limits.max_bytes + 1))
    rows = _Rows(src.fh, src.limits.max_bytes)
    reader = csv.reader(rows, strict=True)
    header: list[str] | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _Stop) as exc:
            raw, start, _, _ = rows.take()
            reason = exc.reason if isinstance(exc, _Stop) else Q.FORMAT
            detail = exc.detail if isinstance(exc, _Stop) else f"broken CSV: {exc}"
            yield Rejected(f"{src.pointer}:{start}", reason,
                           f"{detail}; this row and the rest of the file are not read", _copy(raw),
                           f"{src.inp.key}:{start}")
            return
        raw, start, bad, notes = rows.take()
        ptr, own_key = f"{src.pointer}:{start}", f"{src.inp.key}:{start}"
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if bad:
            yield Rejected(ptr, Q.ENCODING, bad + ("; the header row, so the file is not read" if header is None
                                                   else ""), _copy(raw), own_key)
            if header is None:
                return
            continue
        if header is None:
            header = row
            continue
        if len(row) != len(header):
            yield Rejected(ptr, Q.FORMAT, f"{len(row)} fields where the header has {len(header)}", _copy(raw),
                           own_key)
            continue
        yield _from_mapping(src, ptr, own_key, dict(zip(header, row)), raw, notes)
