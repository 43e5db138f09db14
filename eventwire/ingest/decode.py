"""Bytes -> article text, truthfully.

News is written in UTF-8 and, in older archives, in Windows-1252 (a superset of
latin-1 for text).  ``decode`` reads UTF-8 (with or without a byte-order mark),
UTF-16 and UTF-32 with a byte-order mark, UTF-16 without one when its zero bytes
say so, and then cp1252 and latin-1 only when the result looks like English news
(few non-ASCII characters, no control characters, no long runs of accented
letters).  Anything else is quarantined with a reason that says what was seen;
no statistical guess at an exotic code page is ever taken for the text.

Offsets: a byte-order mark is read as one space, so that the character offsets
of every span equal those of the file decoded with its mark as a character.
Lone surrogates (possible in JSON strings) become U+FFFD, one for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..records import QuarantineReason as Q

_SURROGATE = re.compile("[\ud800-\udfff]")
_C1 = re.compile("[\x80-\x9f]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# four accented letters in a row are how other scripts look when read as cp1252 ("Ïðåçèäåíò")
_MOJIBAKE_RUN = re.compile(r"[^\x00-\x7f\s\d\W]{4,}")
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
SINGLE_BYTE = ("cp1252", "latin-1")        # the encodings of English news that are not UTF-8
MAX_NON_ASCII = 0.08                        # share of non-ASCII characters plausible in English news


@dataclass
class Decoded:
    text: str | None                 # None when the bytes are not read as text
    reason: Q | None = None          # why not, when text is None
    detail: str | None = None        # what was seen (for a reject) or how it was decoded (a warning)


def clean(text: str) -> tuple[str, int]:
    """Lone surrogates -> U+FFFD, one for one (offsets unchanged); returns the text and how many."""
    n = len(_SURROGATE.findall(text))
    return (_SURROGATE.sub("\ufffd", text), n) if n else (text, 0)


def decode(raw: bytes) -> Decoded:
    """Decode one whole input; see the module docstring for what is accepted."""
    if not raw.strip():
        return Decoded(None, Q.EMPTY, "no text")
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return _with_bom(raw, bom, enc)
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    head = raw[:8192]
    if b"\x00" in head or _control_ratio(head) > 0.05:
        return Decoded(None, Q.BINARY, "binary data, not text")
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return single_byte(raw, f"not UTF-8 (first bad byte at offset {first_bad})")


def single_byte(raw: bytes, why: str) -> Decoded:
    """cp1252, then latin-1, when the text they give is plausible English news; else an encoding reject."""
    for enc in SINGLE_BYTE:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        problem = implausible(text)
        if problem is None:
            return Decoded(text, None, f"{why}: decoded as {enc}")
    return Decoded(None, Q.ENCODING, f"{why}, and not plausible as cp1252 or latin-1 "
                                     f"({implausible(raw.decode('latin-1'))})")


def implausible(text: str) -> str | None:
    """Why ``text`` does not look like English news decoded right, or None when it does."""
    if _C1.search(text):
        return "C1 control characters"
    if _CONTROL.search(text):
        return "control characters"
    non_ascii = len(_NON_ASCII.findall(text))
    share = non_ascii / max(len(text), 100)          # a short headline with one accent is still plausible
    if share > MAX_NON_ASCII:
        return f"{share:.0%} non-ASCII characters"
    if _MOJIBAKE_RUN.search(text):
        return "runs of accented letters"
    return None


def _with_bom(raw: bytes, bom: bytes, enc: str) -> Decoded:
    try:
        text = raw[len(bom):].decode(enc)
    except UnicodeDecodeError as exc:
        return Decoded(None, Q.ENCODING, f"starts with a {enc.upper()} byte-order mark but is not {enc.upper()} "
                                        f"(bad bytes at offset {exc.start + len(bom)})")
    if not text.strip():
        return Decoded(None, Q.EMPTY, "no text")
    note = None if enc == "utf-8" else f"decoded as {enc.upper()} (byte-order mark)"
    return Decoded(" " + text, None, note)


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 text without a mark has a zero in most high bytes; None when the bytes do not look so."""
    head = raw[:8192]
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if max(z_even, z_odd) < 0.3 or min(z_even, z_odd) > 0.05:
        return None
    enc = "utf-16-le" if z_odd > z_even else "utf-16-be"
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        return None
    if _CONTROL.search(text) or _C1.search(text) or not text.strip():
        return None                                   # zeros, but not text: binary data
    return Decoded(text, None, f"decoded as {enc.upper()} (no byte-order mark)")


def decode_line(raw: bytes) -> Decoded:
    """One line of a JSON Lines or CSV file: UTF-8, else a plausible cp1252 line (with a warning)."""
    try:
        return Decoded(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return single_byte(raw, f"not UTF-8 (bad byte at offset {exc.start})")


def _control_ratio(b: bytes) -> float:
    if not b:
        return 0.0
    return sum(1 for c in b if c < 9 or 13 < c < 32) / len(b)
