"""The reader registry (issue 10 item 6, issue 11 items 2, 4, 5, 8, 10, 11): properties over many inputs.

Property tests run with a fixed seed (derandomize) and a bounded number of examples, so they
take the same few seconds on every run; `make fuzz` runs the same readers on many more inputs.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from eventwire.ingest.decode import decode
from eventwire.ingest.sources import Article, Limits, READERS, Rejected, Superseded, format_of, iter_items
from eventwire.records import QuarantineReason as Q

ROOT = Path(__file__).resolve().parents[1]
FIXED = settings(derandomize=True, database=None, deadline=None, max_examples=60,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
NO_LANG = Limits(check_language=False)
ENGLISH = ("The foreign minister said on Tuesday that talks with the neighbouring government would resume "
           "next week in the capital, after a delegation visited the border region.")

# Western European letters and typography as English news uses them: all in cp1252
WESTERN = "éèêëáàâäãåçíìîïñóòôöõúùûüýÿÉÈÁÀÇÑÓÖÜßæøÆØ’‘“”–—…£€°"
word = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz" + WESTERN), min_size=1, max_size=9)


def _items(paths, **kw):
    return list(iter_items([str(p) for p in paths], **kw))


# ------------------------------------------------------------------ encodings (item 5)
@pytest.mark.parametrize("name", ["Côte d'Ivoire", "Zürich", "São Tomé", "Besançon", "Ålesund"])
def test_latin1_and_cp1252_english_is_decoded_right(name):
    """Before: charset detection read some latin-1 as cp775 ('C¶te') and cp1252 as cp1250 ('Săo')."""
    text = f"{name} talks\n\nOfficials from {name} met envoys on Monday. " + ENGLISH
    for enc in ("latin-1", "cp1252"):
        d = decode(text.encode(enc))
        assert d.text == text and "cp1252" in d.detail


@FIXED
@given(st.lists(word, min_size=3, max_size=40))
def test_property_cp1252_english_round_trips(words):
    text = ENGLISH + " " + " ".join(words) + "."
    d = decode(text.encode("cp1252"))
    assert d.text == text or d.reason is Q.ENCODING          # exact, or quarantined: never corrupted


@FIXED
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip()))
def test_property_utf8_is_read_exactly(text):
    d = decode(text.encode("utf-8"))
    if d.text is not None:
        assert d.text == text
    else:
        assert d.reason in (Q.BINARY, Q.EMPTY)                 # control characters or no text


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded(enc):
    """Before: quarantined as 'binary'."""
    d = decode(ENGLISH.encode(enc))
    assert d.text == ENGLISH and "UTF-16" in d.detail


@pytest.mark.parametrize("enc", ["utf-16", "utf-8-sig", "utf-32"])
def test_byte_order_mark_is_one_space(enc):
    d = decode(ENGLISH.encode(enc))
    assert d.text == " " + ENGLISH


def test_other_code_pages_are_quarantined_not_guessed():
    russian = "Президент России провёл переговоры с делегацией в Москве во вторник. " * 3
    d = decode(russian.encode("cp1251"))
    assert d.text is None and d.reason is Q.ENCODING and "not plausible" in d.detail


@FIXED
@given(st.binary(max_size=400))
def test_property_decode_never_raises(raw):
    d = decode(raw)
    if d.text is None:
        assert isinstance(d.reason, Q) and d.detail
    else:
        d.text.encode("utf-8")                                  # valid text, no surrogates


# ------------------------------------------------------------------ every reader, any bytes (Task A, item 2)
FORMATS = {"txt": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv", "feed": ".rss"}
structured = st.one_of(
    st.binary(max_size=600),
    st.lists(st.dictionaries(st.sampled_from(["id", "text", "published", "title", "url", "body", "date"]),
                             st.one_of(st.text(max_size=80), st.integers(), st.none(), st.lists(st.integers())),
                             max_size=5), max_size=4).map(lambda objs: "\n".join(json.dumps(o) for o in objs).encode()),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def _check_item(it, limits):
    assert isinstance(it, (Article, Rejected, Superseded))
    it.pointer.encode("utf-8")                                  # printable in any report
    if isinstance(it, Article):
        rec = it.record
        assert rec["text"].strip() and rec["text"].encode("utf-8")      # no lone surrogate left
        assert len(rec["text"].encode("utf-8")) <= limits.max_bytes
        for k in ("id", "title", "url", "source", "published", "key"):
            assert rec[k] is None or isinstance(rec[k], str)
            if rec[k]:
                rec[k].encode("utf-8")
    elif isinstance(it, Rejected):
        assert isinstance(it.reason, Q) and it.detail
        assert it.raw is None or len(it.raw) <= 1_000_000


@settings(FIXED, max_examples=200)
@given(fmt=st.sampled_from(sorted(FORMATS)), gz=st.booleans(), raw=structured)
def test_property_every_reader_answers_every_input(tmp_path_factory, fmt, gz, raw):
    folder = tmp_path_factory.mktemp("r")
    name = "in" + FORMATS[fmt] + (".gz" if gz else "")
    (folder / name).write_bytes(gzip.compress(raw) if gz else raw)
    limits = Limits(max_bytes=2000, check_language=False)
    items = _items([folder / name], limits=limits)
    if fmt in ("txt", "html", "feed"):
        assert items                            # a whole-file format always answers
    for it in items:
        _check_item(it, limits)


def test_registry_covers_every_format_and_gzip():
    assert set(READERS) == {"txt", "html", "jsonl", "csv", "feed"}
    for name, fmt in [("a.txt", "txt"), ("story.HTML", "html"), ("x.htm.gz", "html"), ("d.ndjson", "jsonl"),
                      ("rows.csv.gz", "csv"), ("feed.rss.gz", "feed"), ("a.atom", "feed"), ("notes.md", None)]:
        assert format_of(name) == fmt


def test_lone_surrogate_in_jsonl_is_read_as_replacement_character(tmp_path):
    """Item 2: valid JSON with "\\ud800" crashed the whole ingest at the document hash."""
    p = tmp_path / "s.jsonl"
    p.write_text('{"id": "s1", "text": "Russian forces shelled Kharkiv on Monday \\ud800 officials said."}\n')
    (art,) = _items([p], limits=NO_LANG)
    assert "\ufffd" in art.record["text"] and any("surrogate" in w for w in art.warnings)
    assert len(art.record["text"]) == len("Russian forces shelled Kharkiv on Monday \ud800 officials said.")


# ------------------------------------------------------------------ CSV (items 10, 11)
csv_text = st.text(alphabet=st.sampled_from("abcdefghij ,.\n'"), min_size=1, max_size=60).filter(
    lambda t: t.strip(" \n") and t.strip())


@FIXED
@given(texts=st.lists(csv_text, min_size=2, max_size=8), bad=st.integers(min_value=0, max_value=7))
def test_property_unbalanced_quote_quarantines_from_its_row(tmp_path_factory, texts, bad):
    """Item 11: one unbalanced quote turned the articles after it into bogus documents."""
    bad = bad % len(texts)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "text"])
    starts = []
    line = 2
    for i, t in enumerate(texts):
        starts.append(line)
        w.writerow([f"r{i}", "Q" + t])
        line += t.count("\n") + 1
    body = buf.getvalue()
    # break row `bad`: open a quote that is never closed where its field ends
    body = body.replace(f"r{bad},", f'r{bad},"unclosed ', 1)
    p = tmp_path_factory.mktemp("c") / "rows.csv"
    p.write_text(body)
    items = _items([p], limits=NO_LANG)
    arts = [i for i in items if isinstance(i, Article)]
    rej = [i for i in items if isinstance(i, Rejected)]
    assert [a.record["id"] for a in arts] == [f"r{i}" for i in range(bad)]     # nothing bogus, nothing after
    assert len(rej) == 1 and rej[0].reason is Q.FORMAT
    assert rej[0].pointer.endswith(f"rows.csv:{starts[bad]}") and "rest of the file" in rej[0].detail


def test_csv_row_rejects_keep_a_byte_exact_copy(tmp_path):
    """Item 10: CSV rows had no quarantine copy."""
    body = b'id,text\nc1,"France and Germany signed a pact."\nc2,\nc3,a,b\n'
    p = tmp_path / "rows.csv"
    p.write_bytes(body)
    rej = {i.pointer.rsplit(":", 1)[1]: i for i in _items([p], limits=NO_LANG) if isinstance(i, Rejected)}
    assert rej["3"].reason is Q.MISSING_TEXT and rej["3"].raw == b"c2,\n"
    assert rej["4"].reason is Q.FORMAT and rej["4"].raw == b"c3,a,b\n"


# ------------------------------------------------------------------ bounds (item 8)
def test_named_pipe_and_device_are_format_and_never_opened(tmp_path):
    """Item 8: a named pipe called .txt hung forever; a .txt link to /dev/zero ended in a MemoryError."""
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    code = ("import sys; from eventwire.ingest.sources import iter_items\n"
            "for it in iter_items(sys.argv[1:]): print(it.pointer, it.reason.value, it.detail)")
    r = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipe.txt"), str(tmp_path)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("format a named pipe, not a regular file") == 2
    assert "zero.txt format a device, not a regular file" in r.stdout


def test_gzip_bomb_is_read_with_a_bound(tmp_path):
    """Item 8: a 1 MB gzip bomb was quarantined only after 1.9 GB of RSS."""
    bomb = tmp_path / "bomb.txt.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as fh:
        for _ in range(64):
            fh.write(b"A" * (4 << 20))                         # 256 MB of text, about 1 MB on disk
    big_line = tmp_path / "lines.jsonl.gz"
    with gzip.open(big_line, "wb", compresslevel=1) as fh:
        fh.write(b'{"id": "x", "text": "' + b"a" * (128 << 20) + b'"}\n')
        fh.write(json.dumps({"id": "ok", "text": ENGLISH}).encode() + b"\n")
    code = ("import resource, sys\nfrom eventwire.ingest.sources import Limits, iter_items\n"
            "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "for it in iter_items(sys.argv[1:], limits=Limits(max_bytes=2_000_000, check_language=False)):\n"
            "    print(it.pointer, getattr(it, 'reason', None) and it.reason.value)\n"
            "print('grew', (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024)")
    r = subprocess.run([sys.executable, "-c", code, str(bomb), str(big_line)], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert f"{bomb} too_large" in r.stdout
    assert f"{big_line}:1 too_large" in r.stdout and f"{big_line}:2 None" in r.stdout
    assert int(r.stdout.split("grew")[1]) < 60          # MB, against 256 MB decompressed


# ------------------------------------------------------------------ folder walks (items 1, 4)
def test_walk_reports_everything_it_does_not_read(tmp_path):
    """Item 4: unreadable folders, dangling links and loops vanished; a linked folder was skipped."""
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_text(ENGLISH)
    real = tmp_path / "real"
    real.mkdir()
    (real / "k.txt").write_text("Kenya recalled its ambassador from Tanzania on Monday.")
    os.symlink(real, c / "linked")                     # a linked folder of real articles: read
    os.symlink("nowhere.txt", c / "dangling.txt")
    os.symlink(c, c / "loop")                          # a link back to the folder being walked
    (c / ".hidden.txt").write_text(ENGLISH)
    got = {i.pointer.replace(str(c) + "/", ""): i for i in _items([c], limits=NO_LANG)}
    assert isinstance(got["a.txt"], Article) and isinstance(got["linked/k.txt"], Article)
    assert got["dangling.txt"].reason is Q.READ and "broken symbolic link" in got["dangling.txt"].detail
    assert got["loop"].reason is Q.READ and "loop" in got["loop"].detail
    assert got[".hidden.txt"].reason is Q.FORMAT
    assert got["linked/k.txt"].record["key"] == str(real / "k.txt")     # identity: the real path


def test_unreadable_folder_is_reported(tmp_path):
    """Item 4: a sub-folder that cannot be listed lost its articles without a word."""
    base = Path(tempfile.mkdtemp(prefix="ew-walk-"))
    try:
        os.chmod(base, 0o755)
        (base / "ok.txt").write_text(ENGLISH)
        locked = base / "locked"
        locked.mkdir()
        (locked / "inside.txt").write_text(ENGLISH)
        os.chmod(locked, 0)
        code = ("import os, sys; from eventwire.ingest.sources import Limits, iter_items\n"
                "if os.geteuid() == 0: os.setuid(65534)   # root can list anything: walk as nobody\n"
                "for it in iter_items(sys.argv[1:], limits=Limits(check_language=False)):\n"
                "    print(it.pointer, getattr(it, 'reason', None) and it.reason.value)")
        r = subprocess.run([sys.executable, "-c", code, str(base)], capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        assert f"{locked} read" in r.stdout and f"{base}/ok.txt None" in r.stdout
    finally:
        os.chmod(base / "locked", 0o755)
        import shutil
        shutil.rmtree(base)


def test_undecodable_file_name_gets_a_printable_pointer(tmp_path):
    """Item 1: a file name that is not UTF-8 crashed the whole ingest."""
    name = os.fsdecode(b"bad\xffname.txt")
    (tmp_path / name).write_text(ENGLISH)
    (art,) = _items([tmp_path], limits=NO_LANG)
    assert art.pointer.endswith("bad\\xffname.txt") and art.record["id"].encode("utf-8")
