"""``eventwire check-data [PATH...]``: check data files against their contracts.

With no paths it checks every bundled data file (ontology, lexicon, knowledge base, place aliases, word
lists) and the user's KB files that every command loads (the overlay CSV and ``EVENTWIRE_EXTRA_KB``).
With paths it checks those files, telling which kind of file it took each one for.  Each file gets one
line when it is good; the first bad file gets all its problems, one per line (``FILE:LINE: ENTRY:
PROBLEM``), and the check stops there with a non-zero exit status.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .config import Settings
from .data import contracts
from .errors import E, DataFileError


def _user_kb_files() -> list[tuple[Path, str, str]]:
    """(path, kind, why) of the KB files the user added, which every command loads after the bundled ones."""
    settings = Settings.from_env()
    out = []
    overlay = Path(settings.kb_overlay)
    if overlay.exists():
        out.append((overlay, "kb_overlay", "your KB overlay"))
    for p in settings.extra_kb:
        path = Path(p)
        if path != overlay:
            out.append((path, "kb_overlay" if path.suffix == ".csv" else "kb_yaml", "EVENTWIRE_EXTRA_KB"))
    return out


def _check_one(path: Path, kind: str | None, why: str | None) -> bool:
    show = contracts.show_path(path)
    title = contracts.KINDS[kind].title if kind else "a data file"
    try:
        if kind is None:
            kind, why = contracts.detect_kind(path)
            title = contracts.KINDS[kind].title
            why = f"recognised by {why}"
        parsed, problems = contracts.check(path, kind)
    except DataFileError as exc:
        parsed, problems = None, exc.problems
    if problems:
        print(f"{show}: {len(problems)} problem{'s' if len(problems) > 1 else ''} "
              f"(checked as {title}{'; ' + why if why else ''}):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return False
    summary = contracts.KINDS[kind].summary(parsed.data) if contracts.KINDS[kind].summary else ""
    print(f"ok  {show}: {title}{' (' + summary + ')' if summary else ''}{'; ' + why if why else ''}")
    return True


def main(paths: list[str]) -> int:
    """Check ``paths`` (or every bundled file and the user's KB files); 0 when all are good."""
    if paths:
        files = [(Path(p), None, None) for p in paths]
    else:
        files = [(p, k, None) for p, k in contracts.bundled_files()] + _user_kb_files()
    for n, (path, kind, why) in enumerate(files):
        if not _check_one(path, kind, why):
            left = len(files) - n - 1
            print(f"Stopped at {contracts.show_path(path)}: fix the lines above, then run `eventwire check-data"
                  f"{' ' + ' '.join(paths) if paths else ''}` again"
                  f"{f' ({left} more file(s) not checked yet)' if left else ''}.", file=sys.stderr)
            return E.DATA_INVALID.exit_code
    print(f"{len(files)} file(s) checked: all follow their contracts.")
    return 0
