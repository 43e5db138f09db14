"""The offline language check that sends non-English articles to quarantine."""
from eventwire.ingest.language import detect_language

EN = ("The foreign minister said on Tuesday that the two governments had agreed to resume talks "
      "on the border dispute, which has been frozen since the clashes of last year.")
ES = ("El ministro de Asuntos Exteriores dijo el martes que los dos gobiernos han acordado reanudar "
      "las conversaciones sobre la disputa fronteriza, que está congelada desde los enfrentamientos.")
RU = "Министр иностранных дел заявил во вторник, что два правительства договорились возобновить переговоры."
ZH = "外交部长周二表示，两国政府同意恢复边界争端谈判。Reuters"


def test_english_and_latin_script_languages():
    lang, score = detect_language(EN)
    assert lang == "en" and score > 0.9
    assert detect_language(ES)[0] == "es"


def test_other_scripts_decide_by_their_share_of_letters():
    assert detect_language(RU) == ("ru", 0.0)
    assert detect_language(ZH) == ("zh", 0.0)
    # a few accented or foreign letters in English copy do not make it foreign
    mixed = EN + " Officials in Zürich and Kraków, and the daily Известия, reported the same."
    assert detect_language(mixed)[0] == "en"


def test_too_little_text_is_undetermined():
    assert detect_language("Talks resumed.") == ("und", None)
