"""Issue 11, item 3: coding work grows linearly in long runs of names (counted, not timed)."""
from __future__ import annotations

import eventwire
from eventwire.actors import resolve
from eventwire.syntax import MAX_MENTION_SIDE, mention_span

RUN = "Takaichi Takaichi Lee Lee Xi Xi Putin "


def _work(monkeypatch, n: int) -> int:
    calls = {"n": 0}
    real = resolve.normalise

    def counting(s):
        calls["n"] += 1
        return real(s)
    monkeypatch.setattr(resolve, "normalise", counting)
    eventwire.code_text("Lee met Takaichi in Nara on Tuesday. " + RUN * n, published="2026-01-14")
    monkeypatch.setattr(resolve, "normalise", real)
    return calls["n"]


def test_actor_work_is_linear_in_a_run_of_names(monkeypatch):
    small, big = _work(monkeypatch, 60), _work(monkeypatch, 240)
    # four times the names: about four times the lookups (it was sixteen before the fix)
    assert big < 6 * small, (small, big)


def test_a_mention_is_a_phrase_not_a_page():
    from eventwire.pipeline import get_coder
    doc = get_coder().nlp("Officials said " + RUN * 50)
    for tok in doc:
        if tok.pos_ == "PROPN":
            assert len(mention_span(tok)) <= 2 * MAX_MENTION_SIDE + 1
