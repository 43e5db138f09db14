"""Issue 13: the whole article as context for parties (articles written here, not taken from any corpus)."""
from __future__ import annotations

import pytest

import eventwire

KENYA = """Finance bill protests

Thousands of protesters marched on Kenya's parliament on Tuesday against a finance bill that would raise taxes. Kenya's president has defended the bill.

Police opened fire as protesters pushed their way into the compound, witnesses said.
"""

VENEZUELA = """Opposition leader detained in Caracas

CARACAS, Aug. 3 (Meridian) -- Venezuelan intelligence agents detained opposition activist Marta Gonzalez on Saturday, her party said. Venezuela's government has arrested dozens of critics since the July election in Venezuela.

Gonzalez criticised the Venezuelan government on Friday.
"""


def _by_trigger(events, word):
    return [e for e in events if e.trigger["text"].lower().startswith(word)]


def test_role_only_parties_take_the_articles_country_focus():
    evs = eventwire.code_text(KENYA, published="2024-06-25")
    fired = _by_trigger(evs, "opened")
    assert fired, [(e.event_type, e.trigger) for e in evs]
    police = [a for e in fired for a in e.actor if a.text.lower().startswith("police")]
    assert police and police[0].code == "KEN", [(a.text, a.code, a.why) for e in fired for a in e.actor]
    assert "country focus" in police[0].why and "country_focus" in [b.value for b in police[0].basis]


def test_a_bare_surname_fits_the_article_or_names_no_foreign_holder():
    """"Gonzalez" in a Venezuelan story is not a former Spanish prime minister out of office that day."""
    evs = eventwire.code_text(VENEZUELA, published="2024-08-04")
    ents = [a for e in evs for a in e.actor + e.recipient if "Gonzalez" in a.text]
    assert ents, [(e.event_type, [a.text for a in e.actor]) for e in evs]
    assert all(a.code != "ESP" and (a.kb_id is None or "esp" not in a.kb_id.lower()) for a in ents), \
        [(a.text, a.code, a.kb_id, a.why) for a in ents]


def test_without_a_focus_nothing_is_placed_by_guesswork():
    evs = eventwire.code_text("Police fired tear gas at protesters.", published="2024-06-25")
    assert evs
    assert all(a.code is None for e in evs for a in e.actor if a.text.lower() == "police")


def test_the_nationality_of_an_armed_act_is_its_perpetrator():
    evs = eventwire.code_text("Russian missile attacks killed five people in Kyiv on Monday.", published="2025-03-04")
    killed = [e for e in evs if e.event_type == "ASSAULT"]
    assert killed and killed[0].actor and killed[0].actor[0].code == "RUS" and killed[0].actor[0].sector == "MIL", \
        [(e.event_type, [(a.text, a.code, a.sector) for a in e.actor]) for e in evs]


def test_an_event_noun_is_never_its_own_recipient():
    evs = eventwire.code_text("Officials would not comment on the U.S. strikes.", published="2025-03-04")
    assert all(not (e.event_type == "ASSAULT" and any(r.text.endswith("strikes") for r in e.recipient)) for e in evs)


def test_reporting_scaffolding_is_not_an_event():
    for text in ("A senior official, who spoke on condition of anonymity, said the talks had stalled.",
                 "The diplomat, who asked not to be identified, described the meeting as tense.",
                 "When asked about the plan, the minister declined to comment.",
                 "Asked whether the border would reopen, the governor said the decision lay with the capital."):
        evs = eventwire.code_text(text, published="2025-03-04")
        assert not [e for e in evs if e.trigger["text"].lower() in ("spoke", "asked", "declined")
                    or e.event_type == "REQUEST"], \
            (text, [(e.event_type, e.trigger) for e in evs])


def test_a_consequence_is_nobodys_deed():
    evs = eventwire.code_text("The strikes cut off power to two million homes.", published="2025-03-04")
    assert not [e for e in evs if e.event_type in ("COERCE", "SANCTION")], [(e.event_type, e.trigger) for e in evs]
    evs = eventwire.code_text("The unrest has closed schools across the capital.", published="2025-03-04")
    assert not evs, [(e.event_type, e.trigger) for e in evs]
    # the armed act itself, with a named attacker, stays an event
    evs = eventwire.code_text("Russian drones struck the power plant, cutting off power to the city.", published="2025-03-04")
    assert [e for e in evs if e.event_type == "ASSAULT"]


def test_the_aim_of_a_deployment_is_part_of_it():
    evs = eventwire.code_text("Kenya deployed 400 police officers to Haiti to support the local police.",
                              published="2024-07-16")
    types = [e.event_type for e in evs]
    assert "SUPPORT" not in types and types, [(e.event_type, e.trigger) for e in evs]


def test_commitments_are_typed_by_what_they_commit_to():
    cases = {"The general vowed to crush the rebels in the north.": "THREATEN",
             "Beijing pledged to take the island by force if necessary.": "THREATEN",
             "The prime minister vowed to resist the pressure from the lenders.": "REJECT",
             "Japan pledged to help rebuild the port.": "AGREE",
             # a hostile aim with no coded party: an uprising, "those responsible", a killing to avenge
             "The interior minister vowed to quell the uprising in the south.": "THREATEN",
             "The governor swore to punish those responsible for the bombing.": "THREATEN",
             "The militia vowed to avenge the killing of its leader.": "THREATEN",
             "The ministers pledged to eliminate child poverty by 2030.": "AGREE",
             # a hostile aim committed to as a noun
             "The separatist group vowed more attacks after the arrests.": "THREATEN",
             "The militia swore revenge for the death of its commander.": "THREATEN",
             "Norway pledged more aid to the refugees.": "AGREE"}
    for text, want in cases.items():
        evs = eventwire.code_text(text, published="2024-07-16")
        assert want in [e.event_type for e in evs], (text, [(e.event_type, e.trigger) for e in evs])
        assert {"THREATEN", "AGREE"} - {want} - {e.event_type for e in evs}, text


SCENE = """Protesters storm parliament

Thousands of protesters stormed Kenya's parliament on Sunday, setting part of the building on fire.

Police fired tear gas at the protesters outside the compound.

The president condemned the violence in a televised address.
"""


def test_the_ledes_date_carries_to_later_deeds_of_the_same_scene():
    evs = eventwire.code_text(SCENE, published="2024-06-24")       # a Monday: the story is a day late
    gas = [e for e in evs if e.trigger["text"] == "fired"]
    assert gas and gas[0].date == "2024-06-23" and "lede" in gas[0].why["date"], \
        [(e.event_type, e.trigger["text"], e.date, e.why.get("date")) for e in evs]
    # words about the scene, told in the simple past, are of the news day too (the real-news development
    # set is coded so); only the same scene's deeds carry the scene's reason
    said = [e for e in evs if e.trigger["text"] == "condemned"]
    assert said and said[0].date == "2024-06-23" and "lede's day" in said[0].why["date"]


def test_a_pluperfect_that_sets_the_scene_is_not_historical():
    text = "Bodies lay in the street where police had opened fire on the marchers, witnesses said."
    evs = eventwire.code_text(text, published="2024-06-24")
    fire = [e for e in evs if e.trigger["text"] == "opened"]
    assert fire and fire[0].aux is None, [(e.event_type, e.trigger, e.aux) for e in evs]
    # a pluperfect that is its own background stays historical
    evs = eventwire.code_text("The two leaders had met in secret before the war.", published="2024-06-24")
    assert evs and evs[0].aux == "historical"


def test_a_background_event_with_no_date_has_no_date():
    evs = eventwire.code_text("The two leaders had met in secret before the war.", published="2024-06-24")
    assert evs[0].date is None and evs[0].date_precision == "unknown" and "unknown" in evs[0].why["date"]


def test_if_stays_in_its_own_clause():
    evs = eventwire.code_text("Troops will withdraw if the talks succeed, while rebels attacked two villages on Monday.",
                              published="2024-07-16")
    attack = [e for e in evs if e.trigger["text"] == "attacked"]
    assert attack and attack[0].aux is None, [(e.event_type, e.trigger["text"], e.aux) for e in evs]


def test_the_condition_of_a_threat_is_not_an_event():
    evs = eventwire.code_text("Rebels will attack the capital if the junta fails to reinstate the president, "
                              "a spokesman warned.", published="2024-07-16")
    assert not [e for e in evs if e.trigger["text"] in ("reinstate", "fails")], \
        [(e.event_type, e.trigger["text"]) for e in evs]
    assert any(p["reason"] == "condition_of_a_threat_or_ultimatum" for e in evs for p in e.provenance) or \
        not any(e.event_type == "REJECT" for e in evs)


def test_every_participant_of_a_meeting_and_the_leaders_of_an_igo():
    evs = eventwire.code_text("The top diplomats of Brazil, Argentina and Chile met in Santiago on Monday.",
                              published="2024-07-16")
    assert {a.code for e in evs if e.event_type == "CONSULT" for a in e.actor} == {"BRA", "ARG", "CHL"}
    evs = eventwire.code_text("Negotiations between the Ethiopian delegation and the Eritrean delegation "
                              "resumed in Nairobi on Monday.", published="2024-07-16")
    assert {a.code for e in evs if e.event_type == "CONSULT" for a in e.actor} == {"ETH", "ERI"}
    evs = eventwire.code_text("The European Union opened a summit in Brussels. The leaders of the bloc agreed "
                              "to extend sanctions on Russia.", published="2024-07-16")
    agree = [e for e in evs if e.event_type == "AGREE"]
    assert agree and [(a.code, a.sector) for a in agree[0].actor] == [("EU", "IGO")], \
        [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


def test_a_country_hung_on_the_wrong_noun_is_still_a_party():
    evs = eventwire.code_text("Government ally Iran and rebel backer Qatar jointly brokered the truce.",
                              published="2016-12-16")
    assert {a.code for e in evs for a in e.actor} >= {"IRN", "QAT"}, [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


# the parser tags "Guinea’s army" as an organisation and may leave the next "Guinea" untagged; the
# country is named all the same (a story written here)
JUNTA = """Soldiers seize power

Members of Guinea\u2019s army said on Thursday they had suspended the constitution. Guinea fell into turmoil
after the special forces detained the president.

On Thursday, soldiers fired into the air to scatter a crowd of some 300 people.
"""


def test_a_country_named_as_a_possessive_or_left_untagged_still_counts_for_the_focus():
    evs = eventwire.code_text(JUNTA, published="2015-09-17")
    fired = _by_trigger(evs, "fired")
    assert fired, [(e.event_type, e.trigger) for e in evs]
    soldiers = [a for e in fired for a in e.actor if a.text.lower() == "soldiers"]
    assert soldiers and soldiers[0].code == "GIN", [(a.text, a.code, a.why) for e in fired for a in e.actor]


@pytest.mark.parametrize("text", [
    # the only country an article names is its focus
    "Police in Lesotho arrested an opposition leader on Monday.\n\nOfficers later broke up a march by his "
    "supporters, witnesses said. Riot police fired tear gas at the marchers.",
    # the headline counts toward the focus
    "Crackdown in Lesotho\n\nOfficers broke up a march by opposition supporters on Monday, witnesses said. "
    "Riot police fired tear gas at the marchers.",
])
def test_a_lone_or_headline_country_is_the_focus(text):
    evs = eventwire.code_text(text, published="2023-03-06")
    gas = _by_trigger(evs, "fired")
    assert gas and all(a.code == "LSO" for e in gas for a in e.actor), \
        [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in gas]


def test_a_passive_killing_in_a_nations_strike_has_that_nation_as_actor():
    evs = eventwire.code_text("Three farmers were killed in a Turkish strike on a village near Qamishli on Sunday.",
                              published="2024-02-04")
    killed = _by_trigger(evs, "killed")
    assert killed and [a.code for a in killed[0].actor] == ["TUR"], \
        [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


def test_of_two_subjects_the_nearest_acts_and_a_time_is_never_a_party():
    evs = eventwire.code_text('"At 04:10 [local time] on Monday, Eritrea launched heavy shelling against '
                              'Ethiopian border posts," the ministry said.', published="2023-05-01")
    shelling = _by_trigger(evs, "shelling")
    assert shelling, [(e.event_type, e.trigger) for e in evs]
    assert [a.code for a in shelling[0].actor] == ["ERI"], [(a.text, a.code) for a in shelling[0].actor]
    assert [r.code for r in shelling[0].recipient] == ["ETH"], [(r.text, r.code) for r in shelling[0].recipient]


def test_a_government_named_by_its_leader_is_of_the_leaders_country_and_no_place():
    evs = eventwire.code_text("The United States imposed sanctions on the Lukashenko regime on Monday.",
                              published="2021-06-21")
    sanctions = [e for e in evs if e.event_type == "SANCTION"]
    assert sanctions and [r.code for r in sanctions[0].recipient] == ["BLR"], \
        [(e.event_type, [(r.text, r.code, r.why) for r in e.recipient]) for e in evs]
    assert sanctions[0].location is None or sanctions[0].location.get("country") != "BLR" \
        or sanctions[0].location.get("text") != "Lukashenko", sanctions[0].location


def test_a_focus_state_acting_on_a_bare_government_does_not_act_on_its_own():
    evs = eventwire.code_text("Mexico sharply criticized the government on Monday.", published="2023-01-02")
    acc = [e for e in evs if e.event_type == "ACCUSE"]
    assert acc and all(r.code != "MEX" for r in acc[0].recipient), [(r.text, r.code) for r in acc[0].recipient]


def test_counterparts_from_several_countries_are_one_party_each():
    evs = eventwire.code_text("The Finnish defence minister held talks in Helsinki with his counterparts from Sweden, "
                              "Estonia and Norway on Friday.", published="2023-03-06")
    talks = [e for e in evs if e.event_type == "CONSULT"]
    codes = {a.code for e in talks for a in e.actor + e.recipient}
    assert {"FIN", "SWE", "EST", "NOR"} <= codes, [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


def test_a_states_own_possessive_is_not_its_recipient():
    evs = eventwire.code_text("Hungary will suspend its participation in the pipeline project, the Hungarian "
                              "Ministry of Defence said.", published="2023-03-06")
    assert evs and all(r.code != "HUN" for e in evs for r in e.recipient), \
        [(e.event_type, [(r.text, r.code) for r in e.recipient]) for e in evs]


def test_a_guard_that_seizes_power_is_the_focus_countrys_military():
    evs = eventwire.code_text("Coup in Niamey\n\nNiger fell into turmoil on Wednesday after the "
                              "elite presidential guard seized the elected president.", published="2015-09-17")
    seized = _by_trigger(evs, "seized")
    assert seized and [(a.code, a.sector) for a in seized[0].actor] == [("NER", "MIL")], \
        [(e.event_type, [(a.text, a.code, a.sector) for a in e.actor]) for e in evs]


def test_a_ministry_summoning_a_foreign_ambassador_is_of_the_host_country():
    evs = eventwire.code_text("The Foreign Ministry summoned the Turkish ambassador to Greece on Friday over the "
                              "remarks.", published="2023-06-09")
    summoned = _by_trigger(evs, "summoned")
    assert summoned and [a.code for a in summoned[0].actor] == ["GRC"], \
        [(e.event_type, [(a.text, a.code, a.why) for a in e.actor]) for e in evs]
    assert [r.code for r in summoned[0].recipient] == ["TUR"]


def test_the_purpose_in_an_attempt_to_names_the_target():
    evs = eventwire.code_text("Police fired water cannon in an attempt to break up the marchers in Tirana.",
                              published="2023-03-08")
    hit = [e for e in evs if e.event_type == "ASSAULT"]
    assert hit and any(r.sector == "CVL" for r in hit[0].recipient), \
        [(e.event_type, [(r.text, r.code, r.sector) for r in e.recipient]) for e in evs]


def test_a_patron_named_before_an_organisation_is_not_the_organisation():
    evs = eventwire.code_text("Tajikistan on Friday appealed to the Moscow-led Collective Security Treaty "
                              "Organization for troops.", published="2022-09-13")
    req = [e for e in evs if e.event_type == "REQUEST"]
    assert req and [r.code for r in req[0].recipient] == ["CSTO"], \
        [(e.event_type, [(r.text, r.code) for r in e.recipient]) for e in evs]
    evs = eventwire.code_text("Houthi fighters attacked the Saudi-led coalition on Monday.", published="2022-09-13")
    hit = [e for e in evs if e.event_type == "ASSAULT"]
    assert hit and [r.code for r in hit[0].recipient] == ["SAU"], [(r.text, r.code) for r in hit[0].recipient]


def test_the_head_of_a_body_speaks_for_it():
    evs = eventwire.code_text("Coup in Conakry\n\nThe speaker of Guinea's national assembly called on the armed "
                              "forces to stop the mutiny.", published="2021-05-25")
    req = [e for e in evs if e.event_type == "REQUEST"]
    assert req and [(a.code, a.sector) for a in req[0].actor] == [("GIN", "LEG")], \
        [(e.event_type, [(a.text, a.code, a.sector) for a in e.actor]) for e in evs]
    assert [(r.code, r.sector) for r in req[0].recipient] == [("GIN", "MIL")], \
        [(r.text, r.code, r.sector) for r in req[0].recipient]


def test_a_when_clause_and_a_coordinated_verb_share_the_dated_clauses_day():
    evs = eventwire.code_text("Chad was plunged into chaos late on Wednesday when soldiers seized the transitional president. "
                              "Gunmen ambushed a column of AU troops near Abeche and killed four soldiers on "
                              "Sunday, officials said. On the previous day, rebels attacked an army post.",
                              published="2021-05-27")
    by = {e.trigger["text"]: e for e in evs}
    assert by["seized"].date == "2021-05-26", (by["seized"].date, by["seized"].why.get("date"))
    assert by["ambushed"].date == "2021-05-23", (by["ambushed"].date, by["ambushed"].why.get("date"))
    assert by["attacked"].date == "2021-05-26", (by["attacked"].date, by["attacked"].why.get("date"))


def test_the_source_of_a_report_is_never_a_protests_target():
    evs = eventwire.code_text("On Monday night, thousands of people protested outside the Serbian parliament in "
                              "Belgrade as MPs debated the media law, according to Reuters.", published="2023-03-08")
    prot = [e for e in evs if e.event_type == "PROTEST"]
    assert prot and all(r.code != "GBR" for e in prot for r in e.recipient), \
        [(e.event_type, [(r.text, r.code) for r in e.recipient]) for e in prot]


def test_a_group_named_by_its_role_owns_what_is_done_to_its_things():
    evs = eventwire.code_text("Police raided the opposition party's offices in Harare on Monday.", published="2023-03-08")
    raid = [e for e in evs if e.event_type == "COERCE"]
    assert raid and any(r.sector == "OPP" for r in raid[0].recipient), \
        [(e.event_type, [(r.text, r.code, r.sector) for r in e.recipient]) for e in evs]


def test_the_venue_of_a_meeting_is_not_one_of_the_two_sides():
    evs = eventwire.code_text("Japan and South Korea met in Geneva on Monday. Both countries agreed to resume flights.",
                              published="2023-03-08")
    agreed = _by_trigger(evs, "agreed")
    assert agreed and {a.code for a in agreed[0].actor} == {"JPN", "KOR"}, \
        [(a.text, a.code, a.why) for e in agreed for a in e.actor]


def test_the_two_sides_of_a_government_and_its_rebels_are_both_kept():
    evs = eventwire.code_text("Colombia and the ELN rebels held a new round of negotiations in Havana last month. "
                              "The two sides issued a statement on Saturday saying they resumed talks in Oslo.",
                              published="2023-03-08")
    talks = [e for e in _by_trigger(evs, "talks") if e.event_type == "CONSULT"]
    assert talks and {(a.code, a.sector) for a in talks[0].actor} == {("COL", None), ("COL", "REB")}, \
        [(a.text, a.code, a.sector, a.why) for e in talks for a in e.actor]
    assert all("speaker 'The two sides'" in a.why for a in talks[0].actor)     # "saying": the sides speak


@pytest.mark.parametrize("text, sector", [
    ("Soldiers stormed the presidential palace in Niamey on Wednesday.", "GOV"),
    ("Zambian police raided the opposition campaign office on Saturday.", "OPP"),
])
def test_a_role_word_inside_a_buildings_name_owns_the_building(text, sector):
    evs = eventwire.code_text(text, published="2023-07-27")
    assert evs and [r.sector for r in evs[0].recipient] == [sector], \
        [(e.event_type, [(r.text, r.code, r.sector) for r in e.recipient]) for e in evs]


def test_a_role_adjective_owns_only_buildings():
    """"joint military exercises" are not the military's target, "a general strike" is no general's."""
    evs = eventwire.code_text("Oman and Italy have agreed to hold joint military drills next month.",
                              published="2023-07-27")
    assert evs and all(not e.recipient for e in evs), [(e.event_type, [r.text for r in e.recipient]) for e in evs]


@pytest.mark.parametrize("text, code", [
    ("The army seized power in Gabon on Wednesday.", "GAB"),
    ("Members of Guinea's army said they had suspended the constitution, seizing power in a coup.", "GIN"),
])
def test_a_coup_is_coerce_against_the_plotters_own_government(text, code):
    evs = eventwire.code_text(text, published="2023-08-30")
    coup = [e for e in evs if e.event_type == "COERCE" and "pro_autocracy" in e.context]
    assert coup, [(e.event_type, e.trigger["text"], e.context) for e in evs]
    assert [(r.code, r.sector) for r in coup[0].recipient] == [(code, "GOV")], \
        [(r.text, r.code, r.sector, r.why) for r in coup[0].recipient]


def test_a_parliament_ousting_a_speaker_is_no_coup():
    evs = eventwire.code_text("Lawmakers ousted the speaker in a vote on Tuesday.", published="2023-10-04")
    assert not [e for e in evs if "pro_autocracy" in e.context], [(e.event_type, e.context) for e in evs]


def test_a_joint_agreement_takes_no_recipient_from_its_place():
    evs = eventwire.code_text("The Sudanese government and rebels in Sudan's Darfur region have agreed to end "
                              "hostilities, the mediator said.", published="2023-08-30")
    agreed = _by_trigger(evs, "agreed")
    assert agreed and not agreed[0].recipient, [(r.text, r.code, r.why) for r in agreed[0].recipient]
    assert {(a.code, a.sector) for a in agreed[0].actor} == {("SDN", "GOV"), ("SDN", "REB")}


def test_the_group_points_back_to_the_armed_group_last_named():
    evs = eventwire.code_text("The Houthis said on Monday they had fired rockets at a cargo ship. The group has also warned "
                              "that it would target all vessels heading to Israel.", published="2023-12-04")
    fired, warned = _by_trigger(evs, "fired"), _by_trigger(evs, "warned")
    assert fired and [(a.code, a.sector) for a in fired[0].actor] == [("YEM", "REB")], \
        [(a.text, a.code, a.why) for e in fired for a in e.actor]       # "they" of a named group
    assert warned and [(a.code, a.sector) for a in warned[0].actor] == [("YEM", "REB")], \
        [(a.text, a.code, a.why) for e in warned for a in e.actor]
    assert "coref organisation" in warned[0].actor[0].why


def test_a_pronoun_in_an_adverbial_clause_is_the_main_clauses_subject():
    evs = eventwire.code_text("Russia hit Kyiv with heavy bombardments on Monday, more than three years after it "
                              "invaded Ukraine.", published="2025-06-17")
    invaded = _by_trigger(evs, "invaded")
    assert invaded and [a.code for a in invaded[0].actor] == ["RUS"], \
        [(a.text, a.code, a.why) for e in invaded for a in e.actor]


def test_a_mediator_is_not_the_recipient_of_an_agreement():
    evs = eventwire.code_text("Armenia and Azerbaijan agreed, with mediation from the EU and Qatar, to exchange "
                              "prisoners.", published="2023-12-07")
    agreed = _by_trigger(evs, "agreed")
    assert agreed and not {r.code for r in agreed[0].recipient} & {"EU", "QAT"}, \
        [(r.text, r.code) for r in agreed[0].recipient]
    assert {a.code for a in agreed[0].actor} == {"ARM", "AZE"}


NEWS_DAY = """Summit pledges help for Moldova

European Union leaders on Tuesday pledged more support for Moldova at a summit in Brussels.

Moldova's president met the leaders at a dinner and thanked them for the aid.

Russia has rejected the summit's conclusions.
"""


def test_later_past_tense_events_take_the_ledes_day_not_the_publication_date():
    evs = eventwire.code_text(NEWS_DAY, published="2024-06-26")      # a Wednesday: the story is a day late
    met = _by_trigger(evs, "met")
    assert met and met[0].date == "2024-06-25" and "lede's day" in met[0].why["date"], \
        [(e.event_type, e.trigger["text"], e.date, e.why.get("date")) for e in evs]
    # a present perfect tells where things stand at publication, not what happened that day
    rejected = _by_trigger(evs, "rejected")
    assert rejected and rejected[0].date == "2024-06-26", [(e.trigger["text"], e.date) for e in evs]


def test_a_story_filed_from_elsewhere_is_not_placed_by_its_dateline():
    text = ("COLOMBO (Wire) — Maldivian police raided an opposition office in Male on Saturday. Maldivian "
            "officials said party workers were prevented from entering the building. The Maldives votes on Sunday.")
    evs = eventwire.code_text(text, published="2018-09-23")
    assert evs and all((e.location or {}).get("country") != "LKA" for e in evs), \
        [(e.trigger["text"], e.location and e.location["name"], e.location and e.location["why"]) for e in evs]


def test_an_organisations_dateline_places_its_events():
    evs = eventwire.code_text("BRUSSELS (Reuters) — The European Union's foreign policy chief on Monday urged "
                              "Serbia and Kosovo to end the violence.", published="2023-06-05")
    urged = _by_trigger(evs, "urged")
    assert urged and (urged[0].location or {}).get("country") == "BEL", urged and urged[0].location
    assert "organisation among the parties" in urged[0].location["why"]


def test_a_clause_hanging_on_a_located_event_shares_its_place():
    evs = eventwire.code_text("In May, the army bombed a gathering in Magway that killed about 60 people.",
                              published="2023-06-28")
    killed = _by_trigger(evs, "killed")
    assert killed and (killed[0].location or {}).get("name") == "Magway", killed and killed[0].location
    assert "same sentence" in killed[0].location["why"]


def test_a_story_filed_from_a_capital_about_another_country_is_about_that_country():
    text = ("BRUSSELS (Wire) — Kosovo's prime minister and Serbia's president met EU mediators on Thursday as "
            "tension rose in northern Kosovo. Kosovo said Serbia must withdraw its troops from the Kosovo border. "
            "Police detained three men on Wednesday.")
    evs = eventwire.code_text(text, published="2023-06-23")
    detained = _by_trigger(evs, "detained")
    assert detained and [a.code for a in detained[0].actor] == ["KOS"], \
        [(a.text, a.code, a.why) for e in detained for a in e.actor]


def test_the_remaining_leaders_are_the_bloc_whose_leaders_were_named():
    evs = eventwire.code_text("Group of Seven leaders on Wednesday pledged more backing for Armenia. Armenia's "
                              "prime minister met the remaining leaders at a hotel by the lake.", published="2025-06-18")
    met = _by_trigger(evs, "met")
    assert met and {a.code for a in met[0].actor} == {"ARM", "G7"}, \
        [(a.text, a.code, a.why) for e in met for a in e.actor]


def test_a_slot_hung_on_an_inserted_list_still_names_the_recipient():
    evs = eventwire.code_text("Britain announced 500 million pounds of military support, including drones and "
                              "radars, for Moldova.", published="2025-06-18")
    agree = [e for e in evs if e.event_type == "AGREE"]
    assert agree and [r.code for r in agree[0].recipient] == ["MDA"], \
        [(e.event_type, [(r.text, r.code) for r in e.recipient]) for e in evs]


def test_bare_officers_are_the_force_just_named_and_break_up_what_others_held():
    evs = eventwire.code_text("Police in Togo detained the opposition leader on Thursday, as officers also "
                              "broke up a students' protest march arresting 15 demonstrators.", published="2019-03-28")
    arresting = _by_trigger(evs, "arresting")
    assert arresting and [(a.code, a.sector) for a in arresting[0].actor] == [("TGO", "COP")], \
        [(a.text, a.code, a.why) for e in arresting for a in e.actor]
    protest = [e for e in evs if e.event_type == "PROTEST"]
    assert protest and all(a.sector != "COP" for a in protest[0].actor), \
        [(a.text, a.code, a.sector) for e in protest for a in e.actor]       # the women marched, not the police


def test_a_dateline_named_nowhere_else_does_not_place_a_story_about_another_country():
    text = ("COLOMBO (Wire) — Police in the Maldives raided an opposition office on Saturday. Unidentified men "
            "attacked party workers outside the building.")
    evs = eventwire.code_text(text, published="2018-09-23")
    assert evs and all((e.location or {}).get("country") != "LKA" for e in evs), \
        [(e.trigger["text"], e.location and e.location["name"], e.location and e.location["why"]) for e in evs]
    assert all(r.code != "LKA" for e in evs for r in e.recipient + e.actor)


def test_its_in_a_clause_with_a_noun_subject_is_that_subjects():
    evs = eventwire.code_text("The Guardian reported the raids. Three years after staging its coup, the "
                              "army is still failing to stamp out opposition to its rule.", published="2023-06-28")
    coup = [e for e in evs if "pro_autocracy" in e.context]
    assert coup and [a.sector for a in coup[0].actor] == ["MIL"], \
        [(e.event_type, [(a.text, a.code, a.why) for a in e.actor]) for e in evs]
    assert all("Guardian" not in p.why for e in evs for p in e.recipient + e.actor)
    # another party between the subject and "its" leaves it open: Lithuania's support, not China's
    evs = eventwire.code_text("China imposed sanctions on Lithuania over its support for Taiwan.", published="2023-06-28")
    assert all("subject" not in a.why for e in evs for a in e.actor + e.recipient)


def test_them_is_the_last_plural_party_not_its_own_clauses_subject():
    evs = eventwire.code_text("Opposition supporters gathered outside the court in Moroni on Thursday. Armed police "
                              "dispersed them.", published="2019-03-28")
    dispersed = _by_trigger(evs, "dispersed")
    assert dispersed and [r.sector for r in dispersed[0].recipient] == ["OPP"], \
        [(r.text, r.code, r.sector, r.why) for e in dispersed for r in e.recipient]


def test_the_one_an_act_was_done_to_is_not_its_target():
    """A patient noun's possessor or of-object underwent the act: a complaint about it targets whoever
    did it ("by India"), or nobody named; an agent noun's possessor stays the target."""
    def accuse(text):
        evs = [e for e in eventwire.code_text(text, published="2025-03-04") if e.event_type == "ACCUSE"]
        assert evs, text
        return evs[0]
    ev = accuse("The European Union condemned Alexei Navalny's detention.")
    assert not [r for r in ev.recipient if "Navalny" in r.text]
    ev = accuse("Germany condemned the arrest of two French journalists in Moscow.")
    assert "FRA" not in {r.code for r in ev.recipient} and "RUS" in {r.code for r in ev.recipient}
    ev = accuse("Canada protested the expulsion of its ambassador by India.")
    assert [r.code for r in ev.recipient] == ["IND"]
    ev = accuse("The EU condemned Russia's invasion of Ukraine.")
    assert [r.code for r in ev.recipient] == ["RUS"]


def test_a_platform_is_how_a_party_spoke_not_to_whom():
    evs = eventwire.code_text("Opposition leaders took to Facebook to denounce the arrest of their spokesman.",
                              published="2025-03-04")
    acc = [e for e in evs if e.event_type == "ACCUSE"]
    assert acc and not [r for r in acc[0].recipient if r.text in ("Facebook", "their spokesman")]
    # blocked, the platform is the target
    evs = eventwire.code_text("Russia blocked Facebook and Twitter in March.", published="2025-03-04")
    assert any("Facebook" in [r.text for r in e.recipient] for e in evs)


def test_a_conjunct_of_a_requests_or_accusations_content_is_content_too():
    """"asked X to free ... and withdraw ...": both are what was asked; "accused X of torching ... and
    shelling ...": both are what X is accused of; a conjunct of a main clause stays an event."""
    def types(text):
        return sorted(e.event_type for e in eventwire.code_text(text, published="2025-03-04"))
    assert types("The envoy asked Belgrade to free the three policemen and withdraw its troops from the border.") \
        == ["REQUEST"]
    assert types("Human rights groups accuse the army of torching homes and shelling villages.") == ["ACCUSE"]
    assert types("Troops shelled the town and killed five civilians.") == ["ASSAULT", "ASSAULT"]


def test_a_warning_of_a_danger_threatens_no_one():
    """THREATEN needs a threat: a warning that names whom it warns, or warns of harm or of the
    speaker's own act, is one; a warning about a danger is not an event."""
    def threats(text):
        return [e for e in eventwire.code_text(text, published="2025-03-04") if e.event_type == "THREATEN"]
    for text in ("The central bank warned that inflation could rise next year.",
                 "The health minister warned of a humanitarian catastrophe in the camps.",
                 '"These talks are only starting, not ending," warned the envoy.'):
        assert not threats(text), text
    for text in ("Iran warned Israel that it would retaliate against any attack.",
                 "Washington warned of severe consequences if Moscow invaded.",
                 "China warned that it would take resolute measures.",
                 "The interior minister warned that police would stop allowing marches by the movement."):
        assert threats(text), text


def test_a_public_fundraising_appeal_is_no_request():
    """A request of no one in particular for donations, blood or volunteers is fundraising; an appeal
    for aid, or one made to a named party, stays REQUEST."""
    def requests(text):
        return [e for e in eventwire.code_text(text, published="2025-03-04") if e.event_type == "REQUEST"]
    for text in ("The charity appealed for donations to help flood victims in the province.",
                 "The Red Cross launched an appeal for blood donations on Monday."):
        assert not requests(text), text
    for text in ("The United Nations appealed for aid for Sudan.",
                 "Kenya appealed to donors for funds to fight the drought."):
        assert requests(text), text


def test_the_subject_of_a_clause_did_not_do_the_event_that_sets_it():
    """"appealed for calm amid the bombing": the bombing is nobody's the sentence names, not the appeal's
    speaker's; "marched over the arrests" does not make the marchers the police."""
    events = eventwire.code_text("The Red Cross launched an emergency appeal amid the bombing of Gaza.",
                                 published="2025-03-04")
    bombing = [e for e in events if e.trigger["text"] == "bombing"]
    assert bombing and not bombing[0].actor


def test_no_party_is_asked_and_no_sequence_lends_its_subject():
    """"The agreement should ensure ..., the envoy said" asks nothing of a party (a text is no recipient);
    "the crackdown followed a rally" does not make the crackdown the rally's holder."""
    def types(text):
        return [(e.event_type, [a.text for a in e.actor]) for e in eventwire.code_text(text, published="2025-03-04")]
    assert not types("The accord should also ensure the return of displaced families, the negotiator said.")
    assert ("REQUEST", ["The Bush administration"]) in types(
        "The Bush administration declared that China must drop its trade barriers.")
    assert not [t for t in types("The police operation followed a protest march in the city.") if t[0] == "PROTEST"
                and t[1] == ["The police operation"]]
    assert not [t for t in types("Reuters and local outlets also reported the shelling.") if t[0] == "ASSAULT"
                and t[1]]                         # who reported the strikes did not strike


def test_an_act_told_again_without_its_doer_is_one_event():
    """The lead names the victims, the body the doers (or the other way round): one record, the telling
    that names the doer, with the other kept as a mention.  Another attack the same day stays apart."""
    text = ("Six police officers were killed in southern Afghanistan on Sunday, officials said. "
            "Taliban fighters ambushed a police convoy in Kandahar province on Sunday, the governor said. "
            "Separately, a roadside bomb killed three civilians in Helmand.")
    evs = eventwire.code_text(text, published="2026-03-02")
    assault = [e for e in evs if e.event_type == "ASSAULT"]
    assert [e.trigger["text"] for e in assault] == ["ambushed", "killed"], \
        [(e.trigger["text"], [(x.code, x.sector) for x in e.recipient]) for e in assault]
    assert [m["text"] for m in assault[0].why["also_mentioned"]] == ["killed"]
    assert assault[0].mentions == 2 and assault[1].recipient[0].sector == "CVL"


def test_a_capital_that_names_an_agreement_or_talks_is_their_venue_not_a_party():
    """"withdrew from the Paris climate agreement", "joined the Berlin process talks": France and Germany
    are no parties; a capital that heads its phrase still stands for its government."""
    for text in ("Brazil withdrew from the Paris climate agreement on Monday.",
                 "Serbia joined the Berlin process talks in May.",
                 "Iran said it would quit the Vienna nuclear deal."):
        evs = eventwire.code_text(text, published="2026-03-03")
        assert evs and not any(r.code in ("FRA", "DEU", "AUT") for e in evs for r in e.recipient + e.actor), text
    evs = eventwire.code_text("Washington imposed new sanctions on Moscow.", published="2026-03-03")
    assert any(r.code == "RUS" for e in evs for r in e.recipient)


def test_a_time_in_a_description_of_the_subject_does_not_date_the_act():
    """"Both countries, at odds since 2019, signed a pact on Monday": the description's "since 2019" is
    not when they signed; a bare time set off by commas still dates the verb."""
    evs = eventwire.code_text("Both neighbours, at odds since 2019, signed a border pact on Monday.",
                              published="2026-03-05")
    assert evs and evs[0].aux is None and evs[0].date == "2026-03-02", [(e.date, e.aux) for e in evs]
    evs = eventwire.code_text("The Sudanese army and the RSF, in conflict since 2023, have agreed to a truce.",
                              published="2026-03-05")
    assert evs and evs[0].aux is None and evs[0].date == "2026-03-05"
    evs = eventwire.code_text("The president, on Monday, accused the opposition of plotting a coup.",
                              published="2026-03-05")
    assert evs and evs[0].date == "2026-03-02"


def test_the_two_sides_are_the_parties_last_named_together():
    """"The government and the rebels agreed ... The mediator, at his host's ministry, said the two sides
    reached a deal": the two sides are the coordinated pair, not the last two names read."""
    text = ("The Colombian government and the rebel Southern Front have agreed to a ceasefire, the mediator, former "
            "Chilean President Pablo Herrera, said on Monday. Speaking at the Brazilian Foreign Ministry, Herrera "
            "said the two sides had also reached an agreement on prisoners.")
    evs = eventwire.code_text(text, published="2026-03-03")
    deal = [e for e in evs if e.trigger["text"] == "agreement"]
    if deal:            # told again by the same parties, it may fold into the truce; never the envoy's
        assert [a.sector for a in deal[0].actor] == ["GOV", "REB"], [(a.text, a.code) for a in deal[0].actor]
    assert not any(a.code in ("CHL", "BRA") for e in evs for a in e.actor if e.event_type == "AGREE")
    evs = eventwire.code_text("The two parties to the border dispute formally agreed to a ceasefire, the envoy said.",
                              published="2026-03-03")
    assert all(a.sector != "PTY" for e in evs for a in e.actor)


def test_the_same_act_told_by_the_institution_and_by_its_official_is_one_event():
    text = ("The Foreign Ministry summoned the Russian ambassador to Britain on Friday. "
            "Foreign Secretary David Lammy summoned Ambassador Andrei Kelin to the ministry on Friday morning "
            "and expressed regret over Kelin's remarks. Later, Prime Minister Keir Starmer criticized the "
            "ambassador's remarks.")
    evs = eventwire.code_text(text, published="2024-10-11")
    summons = [e for e in evs if e.trigger["text"] == "summoned"]
    assert len(summons) == 1 and summons[0].mentions == 3, [(e.trigger["text"], e.mentions) for e in evs]
    assert not [e for e in evs if e.trigger["text"] == "regret"]    # the same act, told in the same sentence
    assert any(e.trigger["text"] == "criticized" for e in evs)      # another act of the day stays apart


def test_regret_at_another_partys_act_is_disapproval_not_an_apology():
    def coded(text):
        return [(e.event_type, e.mode) for e in eventwire.code_text(text, published="2026-03-03")]
    assert ("ACCUSE", "disapprove") in coded("Tokyo regretted Beijing's decision to ban seafood imports.")
    assert ("ACCUSE", "disapprove") in coded("Germany regretted that Russia had blocked the resolution.")
    assert ("CONCEDE", None) in coded("Japan expressed regret for its wartime conduct.")
    assert ("CONCEDE", None) in coded("Israel expressed regret over the death of the aid workers.")


def test_trading_fire_is_an_armed_clash_and_trading_goods_is_cooperation():
    def coded(text):
        return [e.event_type for e in eventwire.code_text(text, published="2026-03-03")]
    assert coded("Israel and Hamas traded fire across the border on Monday.") == ["ASSAULT"]
    assert coded("North Korea traded coal with China.") == ["COOPERATE"]


def test_the_victims_of_a_nations_armed_act_are_not_of_that_nation():
    """"civilians were killed in Russian shelling": the small parser splits "Russian shelling"; repaired,
    Russia is the perpetrator and the civilians take the place's country, not Russia's."""
    evs = eventwire.code_text("Five civilians were killed in Russian shelling in Kherson on Monday.",
                              published="2026-03-03")
    assert [(a.code, a.sector) for a in evs[0].actor] == [("RUS", "MIL")]
    assert [(r.code, r.sector) for r in evs[0].recipient] == [("UKR", "CVL")]
    evs = eventwire.code_text("Four border guards were wounded in Pakistani shelling in Kunar province on Monday.",
                              published="2026-03-03")
    assert [a.code for a in evs[0].actor] == ["PAK"] and all(r.code != "PAK" for r in evs[0].recipient)
    evs = eventwire.code_text("Eritrea said it lost 12 soldiers in Ethiopian shelling on Monday.",
                              published="2026-03-03")
    assert [a.code for a in evs[0].actor] == ["ETH"] and [(r.code, r.sector) for r in evs[0].recipient] == [("ERI", "MIL")]


def test_after_and_before_background_an_event_only_when_measured_or_told_from_now():
    from eventwire.config import Settings
    rules_only = Settings.from_env()
    rules_only.learned.enabled = False

    def one(text, trigger, settings=None):
        evs = eventwire.code_text(text, published="2017-11-29", settings=settings)      # a Wednesday
        hit = [e for e in evs if e.trigger["text"] == trigger]
        assert hit, [(e.event_type, e.trigger["text"]) for e in evs]
        return hit[0]
    met = one("The trip comes a week after Ruto met Museveni in Kampala.", "met")
    assert met.aux == "historical" and met.date == "2017-11-22"
    ended = one("Militants were killed in an army raid, officials said Wednesday, days after President Tinubu "
                "formally suspended peace talks with the insurgents.", "suspended")
    assert ended.aux == "historical" and ended.date is None           # "Wednesday" is the officials' day
    # the background rule, read without the layer: with drop_type 0.3 (which make train chose on one of the
    # seventh session's recordings) the layer drops this firefight as no event (P(ASSAULT) 0.21, P(NONE)
    # 0.78), a loss the README lists; the choice has moved between recordings
    battle = one("After an hour-long firefight, marines recovered the bodies of six pirates.", "firefight",
                 rules_only)
    assert battle.aux is None                                         # the next step of the telling
    arrest = one("Relations soured after Chadian police detained two Sudanese officers last week.", "detained")
    assert arrest.aux is None and arrest.date_precision == "week"


def test_a_lede_dated_only_by_the_story_folds_into_the_body_that_dates_and_names_the_doer():
    text = ("Seven militants were killed in a clash with soldiers, officials said Wednesday. "
            "Army Maj. Ibrahim Sanou said troops on patrol clashed Tuesday night with a band of "
            "militants near the town of Djibo.")
    evs = [e for e in eventwire.code_text(text, published="2017-11-29") if e.event_type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].mentions == 2 and evs[0].date == "2017-11-28", \
        [(e.trigger["text"], e.date, e.mentions) for e in evs]


def test_a_country_name_before_an_armed_gerund_is_its_perpetrator():
    evs = eventwire.code_text("Eritrea said it lost at least 20 soldiers in Ethiopia shelling near the border.",
                              published="2022-09-13")
    assert [[a.code for a in e.actor] for e in evs] == [["ETH"]]
    assert [r.code for r in evs[0].recipient] == ["ERI"]


def test_a_subject_it_continues_the_last_sentences_body_not_the_last_country_read():
    text = ("Deutsche Welle reported the raids. Three years after seizing power, the junta is struggling to "
            "contain the insurgency. Facing strong resistance, analysts say it is resorting to air strikes.")
    evs = [e for e in eventwire.code_text(text, published="2024-06-28") if e.trigger["text"] == "air strikes"]
    assert evs and evs[0].actor and evs[0].actor[0].sector == "GOV" and evs[0].actor[0].code != "DEU" \
        and "junta" in evs[0].actor[0].why, [(a.text, a.code, a.sector) for e in evs for a in e.actor]


def test_a_noun_that_names_an_act_told_before_is_a_mention_of_it():
    """"the talks" after "EU leaders met Moldova's president" is that meeting (Belgium is an EU member);
    "De Croo held talks with the Moldovan leader" reports a bilateral act of its own."""
    first = "European Union leaders met Moldovan President Maia Sandu in Brussels on Tuesday. "
    evs = [e for e in eventwire.code_text(first + "Belgian Prime Minister Alexander De Croo chaired the talks.",
                                          published="2023-06-13") if e.event_type == "CONSULT"]
    assert len(evs) == 1 and [m["text"] for m in evs[0].why["also_mentioned"]] == ["talks"], \
        [(e.trigger["text"], [a.code for a in e.actor]) for e in evs]
    assert evs[0].why["may_refer_back"] is None            # the verb "met" is no reference
    evs = [e for e in eventwire.code_text(first + "De Croo held talks with the Moldovan leader.",
                                          published="2023-06-13") if e.event_type == "CONSULT"]
    assert len(evs) == 2 and {a.code for a in evs[1].actor} == {"BEL", "MDA"}
    # talks with a time of their own, or another mode of being, are another act
    text = ("Russia and Ukraine held talks in Istanbul on Monday. "
            "Russia and Ukraine will hold the next round of talks in Istanbul next week.")
    evs = [e for e in eventwire.code_text(text, published="2025-06-17") if e.event_type in ("CONSULT", "AGREE")]
    assert len(evs) == 2, [(e.event_type, e.trigger["text"], e.aux) for e in evs]


def test_a_leaders_supporters_are_people_of_the_leaders_country_not_the_leader():
    evs = eventwire.code_text("Kenyan police fired tear gas at Odinga's supporters in Kisumu.", published="2018-09-20")
    assert [(r.code, r.sector) for r in evs[0].recipient] == [("KEN", "CVL")] and "supporters" in evs[0].recipient[0].text
    # an acute accent typed for an apostrophe still makes a possessive; offsets are the article's
    text = "President Felix Tshisekedi\u00b4s supporters took to the streets in Kinshasa."
    evs = eventwire.code_text(text, published="2023-12-20")
    assert evs[0].actor[0].sector == "CVL" and evs[0].actor[0].code == "COD"
    assert text[evs[0].trigger["start"]:evs[0].trigger["end"]] == "streets"


def test_the_acts_listed_in_an_accusation_are_its_content():
    evs = eventwire.code_text("Human rights monitors accuse the army of summary executions, torching villages and "
                              "using air strikes against farmers.", published="2023-06-28")
    assert [e.event_type for e in evs] == ["ACCUSE"], [(e.event_type, e.trigger["text"]) for e in evs]
    evs = eventwire.code_text("Police accused the protesters of rioting, arresting 40 people.", published="2023-06-28")
    assert {e.event_type for e in evs} == {"ACCUSE", "COERCE"}         # one gerund, no list: the police's act


def test_a_patron_group_is_not_the_organisation_it_backs():
    def actor(text):
        return [(a.code, a.sector) for e in eventwire.code_text(text, published="2017-07-30") for a in e.actor]
    assert actor("Al-Qaeda-linked Al-Shabab militants raided a police post near Garissa.") == [("SOM", "REB")]
    assert actor("Al-Qaeda-linked militants raided a police post near Garissa.") == [("IMG", "REB")]


def test_the_narrators_telling_leads_over_a_quoted_one():
    text = ("\u201cMalian soldiers came and started rounding the protesters up,\u201d a resident said.\n"
            "Malian soldiers dispersed the protesters in Bamako.")
    evs = [e for e in eventwire.code_text(text, published="2024-01-17") if e.event_type == "COERCE"]
    assert evs and evs[0].trigger["start"] > text.index("\n"), [(e.trigger["text"], e.mentions) for e in evs]


def test_them_is_never_the_clauses_own_subject_told_again():
    """"Armed police dispersed them": not the police named two sentences before, but the marchers."""
    text = ("Polling booths were guarded by police, observers said. The detainees had joined a procession of some "
            "200 farmers to the parliament. Riot police dispersed them.")
    evs = [e for e in eventwire.code_text(text, published="2019-03-28") if e.trigger["text"] == "dispersed"]
    assert evs and [(r.sector, "farmers" in r.why) for r in evs[0].recipient] == [("AGR", True)], \
        [(r.text, r.sector, r.why) for e in evs for r in e.recipient]


@pytest.mark.parametrize("text, country", [
    ("Police extradited the two suspects to Indonesia on Thursday.", "IDN"),
    ("Officials accused Indonesia of stalling the border talks.", "IDN"),
    ("The army bombarded Armenia overnight.", "ARM"),
])
def test_a_state_body_acting_on_a_country_by_name_is_not_of_it(text, country):
    """A role-only state body whose recipient is a country by its bare name, the only one the text names,
    is another state's: neither the focus nor the event's place (the country itself) gives it that code."""
    evs = eventwire.code_text(text, published="2025-05-09")
    hit = [e for e in evs if any(r.code == country for r in e.recipient)]
    assert hit, [(e.event_type, [(r.text, r.code) for r in e.recipient]) for e in evs]
    assert all(a.code != country for e in hit for a in e.actor), \
        [(a.text, a.code, a.why) for e in hit for a in e.actor]


def test_a_state_body_acting_on_its_own_nationals_keeps_the_focus():
    evs = eventwire.code_text("Riot police detained forty Bolivian miners outside the ministry on Monday.",
                              published="2025-05-09")
    hit = [e for e in evs if e.event_type == "COERCE"]
    assert hit and hit[0].actor and hit[0].actor[0].code == "BOL", \
        [(e.event_type, [(a.text, a.code) for a in e.actor]) for e in evs]


@pytest.mark.parametrize("text, country", [
    ("The chancellor spoke by telephone with her Polish counterpart on Wednesday.", "POL"),
    ("The defence minister met his Greek counterpart in Athens on Monday.", "GRC"),
])
def test_a_role_only_party_is_never_of_its_counterparts_country(text, country):
    """ "met his Greek counterpart": the minister is not Greek, whether the focus or the event's place
    would say so."""
    evs = eventwire.code_text(text, published="2025-05-09")
    assert evs
    role_only = [a for e in evs for a in e.actor + e.recipient if "counterpart" not in a.text]
    assert role_only and all(a.code != country for a in role_only), [(a.text, a.code, a.why) for a in role_only]


def test_concern_voiced_at_no_party_is_a_comment_not_an_accusation():
    """Concern about a situation names no one to criticise; concern over a party's act stays ACCUSE."""
    def accusations(text):
        return [e for e in eventwire.code_text(text, published="2025-03-04") if e.event_type == "ACCUSE"]
    for text in ("The African Union voiced concern on Tuesday about the worsening drought in the region.",
                 "The bishops expressed deep concern about rising food prices."):
        assert not accusations(text), text
    hit = accusations("The African Union voiced concern over Ethiopia's decision to expel aid workers.")
    assert hit and "ETH" in {r.code for r in hit[0].recipient}, [(e.event_type, e.recipient) for e in hit]


def test_a_visitor_never_takes_the_hosts_country():
    """ "The trade minister will fly to Ankara next week": the place of a visit is the host's; the visitor,
    named only by role, is not Turkish."""
    evs = eventwire.code_text("The trade minister will fly to Ankara next week for talks on tariffs.",
                              published="2025-05-09")
    assert evs and all(a.code != "TUR" for e in evs for a in e.actor), \
        [(e.event_type, [(a.text, a.code, a.why) for a in e.actor]) for e in evs]
    assert any(r.code == "TUR" for e in evs for r in e.recipient)


def test_a_state_body_acting_on_a_capital_is_not_of_its_country():
    evs = eventwire.code_text("Officials accused Hanoi of stalling the border talks.", published="2025-05-09")
    hit = [e for e in evs if e.event_type == "ACCUSE"]
    assert hit and all(a.code != "VNM" for a in hit[0].actor), [(a.text, a.code) for a in hit[0].actor]


def test_a_counted_collective_named_before_no_pair_takes_no_one_country():
    """ "The two presidents discussed the drought in Somalia": two leaders not named before are leaders of
    two countries, so neither the event's place nor the focus makes them Somali; named before, they are
    the pair."""
    evs = eventwire.code_text("The two presidents discussed the drought in Somalia by telephone on Monday.",
                              published="2025-05-09")
    pair = [a for e in evs for a in e.actor if "presidents" in a.text]
    assert pair and all(a.code != "SOM" for a in pair), [(a.text, a.code, a.why) for a in pair]
    assert pair[0].sector == "GOV"
    evs = eventwire.code_text("Lula met Milei in Brasilia. The two presidents agreed to reopen the border crossing.",
                              published="2025-05-09")
    agreed = [e for e in evs if e.trigger["text"] == "agreed"]
    assert agreed and {a.code for a in agreed[0].actor} == {"BRA", "ARG"}, [(a.text, a.code) for a in agreed[0].actor]


def test_a_verbal_acts_topic_does_not_place_the_act():
    """ "discussed the humanitarian situation in Yemen by telephone": Yemen is what they talked about, not
    where; a material act's object still places it ("detained protesters in Caracas")."""
    evs = eventwire.code_text("The two foreign ministers discussed the humanitarian situation in Yemen by "
                              "telephone on Monday.", published="2025-05-09")
    talks = [e for e in evs if e.event_type == "CONSULT"]
    assert talks and (talks[0].location or {}).get("country") != "YEM", [(e.event_type, e.location) for e in evs]
    evs = eventwire.code_text("Police detained dozens of protesters in Caracas on Monday.", published="2025-05-09")
    held = [e for e in evs if e.event_type == "COERCE"]
    assert held and held[0].location and held[0].location["country"] == "VEN"
