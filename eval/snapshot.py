"""Code every text eventwire is measured on and write the events, one JSON line per document.

Used to prove that a refactoring changes nothing: run it before and after, then diff.

    .venv/bin/python eval/snapshot.py > before.jsonl
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def inputs():
    for line in (SHARED / "gold" / "plover_gsr.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            yield {"id": "gold:" + str(r["id"]), "text": r["text"]}
    for name in ("actors", "dates", "locations"):
        for line in (ROOT / "eval" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                yield {"id": f"{name}:{r['id']}", "text": r["text"], "published": r.get("published")}
    for p in sorted((ROOT / "examples").glob("*.txt")):
        yield {"id": "examples:" + p.name, "text": p.read_text(encoding="utf-8"), "published": p.name[:10]}
    for p in sorted((ROOT / "tests" / "data" / "cluster").glob("*.txt")):
        yield {"id": "cluster:" + p.name, "text": p.read_text(encoding="utf-8"), "published": p.name[:10]}


def main() -> None:
    from eventwire.batch import process_batch
    recs = list(inputs())
    for i in range(0, len(recs), 64):
        for r in process_batch(recs[i:i + 64]):
            d = r.to_dict() if hasattr(r, "to_dict") else r
            sys.stdout.write(json.dumps({"id": d["id"], "status": d["status"], "events": d["events"]},
                                        ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
