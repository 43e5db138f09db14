"""A small offline language check: is this article English?

The coder's lexicon and parser are English; a Spanish or Chinese story would be
coded into nonsense, so it goes to quarantine with the reason "language".
The check counts the share of very common function words of English and of a
few other languages written in Latin script, and the share of letters in
non-Latin scripts. It needs ~20 words to decide and answers "und" below that.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

STOPWORDS = {
    "en": "the of and to in a is that for on with as was by at from it he said his have has are be an its "
          "were which this who their not but they had been will after also after would".split(),
    "es": "el la de que y en los las del se por un una con para su al es lo como más pero sus le ya o "
          "fue este ha si porque esta entre cuando muy sin sobre".split(),
    "fr": "le la les de des et en un une du que qui est dans pour pas sur au par plus ne se il ce sont "
          "avec ont été mais cette aux".split(),
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an "
          "wird aus er hat dass sie nach bei".split(),
    "pt": "o a de que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele "
          "das tem à seu sua ou".split(),
    "it": "il di che e la in un per non una sono del le si da con della al dei nel anche ha gli alla "
          "più questo delle".split(),
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke karena oleh ada mereka "
          "adalah sudah telah".split(),
    "tr": "ve bir bu da de için ile olarak çok daha en gibi olan ama ancak sonra kadar ise".split(),
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = {"CYRILLIC": "ru", "ARABIC": "ar", "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja",
            "HANGUL": "ko", "DEVANAGARI": "hi", "HEBREW": "he", "GREEK": "el", "THAI": "th"}


_SETS = {k: frozenset(v) for k, v in STOPWORDS.items()}
_LATIN_END = 0x370          # below Greek: ASCII, Latin-1, Latin Extended-A/B, IPA, modifiers, combining marks


@lru_cache(maxsize=8192)
def _script(ch: str) -> str | None:
    """The language a letter's script stands for (None: Latin or a script not listed)."""
    name = unicodedata.name(ch, "")
    for key, lang in _SCRIPTS.items():
        if name.startswith(key) or (key == "CJK" and "CJK UNIFIED" in name):
            return lang
    return None


def _script_share(text: str) -> tuple[str | None, float]:
    head = text[:5000]
    if head.isascii():                      # the common case: no letter of another script
        return None, 0.0
    counts = Counter(_script(ch) for ch in head if ord(ch) >= _LATIN_END and ch.isalpha())
    counts.pop(None, None)
    if not counts:
        return None, 0.0
    letters = sum(1 for ch in head if ch.isalpha())
    lang, n = counts.most_common(1)[0]
    return lang, n / letters


def detect_language(text: str) -> tuple[str, float | None]:
    """(language code, English score in [0, 1]); ("und", None) when there is too little text."""
    lang, share = _script_share(text)
    if lang and share > 0.3:
        return lang, 0.0
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    if len(words) < 20:
        return "und", None
    seen = Counter(words)
    hits = {k: sum(n for w, n in seen.items() if w in v) for k, v in _SETS.items()}
    total = sum(hits.values()) or 1
    en_score = hits["en"] / total
    best = max(hits, key=hits.get)
    if best == "en" or en_score >= 0.5:
        return "en", en_score
    return best, en_score
