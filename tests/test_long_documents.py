"""Issue 11, item 9: a long article is parsed in pieces, so the parser's memory stays bounded."""
from __future__ import annotations

from eventwire.pipeline import PARSE_PIECE_CHARS, get_coder, split_for_parsing

STORY = ("Police fired tear gas at protesters in Nairobi on Tuesday.\n"
         "Kenya's president defended the finance bill in a televised address.\n")


def test_pieces_join_to_the_text_and_end_at_line_breaks():
    text = STORY * 2000
    pieces = split_for_parsing(text)
    assert "".join(pieces) == text
    assert len(pieces) > 1 and all(len(p) <= PARSE_PIECE_CHARS for p in pieces)
    assert all(p.endswith("\n") for p in pieces[:-1])


def test_a_long_text_is_parsed_in_pieces_with_the_same_text_and_sentences():
    coder = get_coder()
    text = STORY * 700                                  # ~90,000 characters: three pieces
    calls = []
    real = coder.nlp.pipe

    def counting(texts, **kw):
        texts = list(texts)
        calls.append([len(t) for t in texts])
        return real(texts, **kw)
    coder.nlp.pipe = counting
    try:
        doc = next(coder.parse([text]))
    finally:
        coder.nlp.pipe = real
    assert doc.text == text
    assert max(max(c) for c in calls) <= PARSE_PIECE_CHARS       # the parser never saw the whole text
    assert len(list(doc.sents)) == 1400
