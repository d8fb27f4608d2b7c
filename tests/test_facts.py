"""Relations, quotes and dates on small texts written for these tests, with the real model:
each extraction pattern, and the cases where kg must say no."""

import pytest

import kg
from kg.pipeline.extract.timex import normalize

from helpers.facts import PUBLISHED, facts, quotes, relations


def test_title_before_a_name():
    found = relations("German Chancellor Olaf Scholz arrived in Paris.")
    assert ("holdsPosition", "Olaf Scholz", "Chancellor") in found
    assert ("leaderOf", "Olaf Scholz", "Germany") in found
    assert found[("leaderOf", "Olaf Scholz", "Germany")].modality == "asserted"


def test_possessive_title_gives_an_affiliation():
    found = relations("Britain's foreign minister David Lammy flew to Warsaw.")
    assert ("affiliatedWith", "David Lammy", "United Kingdom") in found
    assert ("leaderOf", "David Lammy", "United Kingdom") not in found


def test_apposition_title():
    found = relations("Vladimir Putin, the Russian president, met Xi Jinping.")
    assert ("holdsPosition", "Vladimir Putin", "President") in found
    assert ("leaderOf", "Vladimir Putin", "Russia") in found
    assert ("metWith", "Vladimir Putin", "Xi Jinping") in found


def test_a_phone_call_with_is_a_dated_conversation():
    found = relations("Angela Merkel had a phone call with Joe Biden on Wednesday.")
    call = found[("spokeWith", "Angela Merkel", "Joe Biden")]
    assert call.event == "PhoneCall" and call.date.value == "2025-02-12" and call.modality == "asserted"


def test_a_visit_to_headquarters_is_a_visit_to_the_organization_with_its_place():
    found = relations("Pete Hegseth spoke during a visit to NATO headquarters in Belgium on Thursday.")
    visit = found[("visited", "Pete Hegseth", "NATO")]
    assert visit.date.value == "2025-02-13"
    assert visit.place is not None


def test_negotiations_with():
    assert ("negotiatesWith", "Donald Trump", "Russia") in relations("Donald Trump's move toward negotiations with Russia surprised Europe.")


def test_negation_is_kept_as_a_negated_statement_only():
    found = relations("Olaf Scholz did not meet Emmanuel Macron in Paris.")
    assert found[("metWith", "Olaf Scholz", "Emmanuel Macron")].modality == "negated"


def test_hedged_relation_is_possible():
    found = relations("Olaf Scholz said he would probably meet Emmanuel Macron in Rome.")
    meeting = found[("metWith", "Olaf Scholz", "Emmanuel Macron")]
    assert meeting.modality == "possible"


def test_killings_in_relative_clauses_and_the_passive():
    assert ("killed", "Carl Brenner", "Anton Weiss") in relations(
        "Carl Brenner, who assassinated President Anton Weiss, was a clerk.")
    assert ("killed", "Carl Voss", "Reed") in relations("Mayor Reed was killed by Carl Voss.")


def test_at_war_and_invasion_with_dates():
    found = relations("Russia and Ukraine have been at war since February 2022, when Russia invaded its neighbor.")
    war = found[("atWarWith", "Russia", "Ukraine")]
    assert war.date_role == "start" and war.date.value == "2022-02"
    invasion = found[("invaded", "Russia", "Ukraine")]
    assert invasion.date.value == "2022-02" and invasion.date_role == "date"


def test_types_the_ontology_forbids_are_dropped():
    # A city cannot be at war, and a person cannot be invaded by a city.
    assert not any(key[0] == "atWarWith" for key in relations("Paris and Berlin have been at war since 1870."))


def test_the_russian_leader_is_the_russian_president():
    resolution = facts("Russian President Vladimir Putin spoke. Later the Russian leader left for Minsk.")
    putin = next(e for e in resolution.entities if e.label == "Vladimir Putin")
    assert "the Russian leader" in [m.text for m in putin.mentions]


def test_quote_with_a_speech_verb_after_it_and_its_continuation():
    assert quotes("\u201cIt was a good meeting,\u201d Olaf Scholz said. \u201cWe will meet again.\u201d") == [
        ("It was a good meeting", "Olaf Scholz"), ("We will meet again.", "Olaf Scholz")]


def test_straight_quotes_and_a_pronoun_speaker():
    text = 'Olaf Scholz arrived in Paris. "The talks went well," he said.'
    assert quotes(text) == [("The talks went well", "Olaf Scholz")]


def test_a_quote_without_an_identifiable_speaker_keeps_none():
    assert quotes('"We will not back down," a spokesman said.') == [("We will not back down", None)]


def test_an_ambiguous_pronoun_gives_no_speaker():
    text = 'Olaf Scholz and Emmanuel Macron met in Paris. "We agree on everything," he said.'
    assert quotes(text) == [("We agree on everything", None)]


def test_scare_quotes_are_not_quotes():
    assert quotes('The so-called "peace plan" was published on Monday.') == []


def test_an_odd_quotation_mark_does_not_swallow_the_next_paragraph():
    text = 'Olaf Scholz said the plan was "unworkable.\n\nEmmanuel Macron arrived in Berlin on Monday.'
    assert all("Macron" not in words for words, _ in quotes(text))


@pytest.mark.parametrize("words, expected", [
    ("Thursday", ("2025-02-13", "date")),
    ("Wednesday", ("2025-02-12", "date")),
    ("yesterday", ("2025-02-12", "date")),
    ("February 2022", ("2022-02", "gYearMonth")),
    ("2022", ("2022", "gYear")),
    ("Feb. 24, 2022", ("2022-02-24", "date")),
    ("pre-2014", (None, None)),
    ("the 1990s", (None, None)),
    ("the near term", (None, None)),
])
def test_time_expressions_resolve_against_the_publication_date(words, expected):
    assert normalize(words, PUBLISHED) == expected


def test_relative_dates_need_a_publication_date():
    assert normalize("Thursday", None) == (None, None)
    assert normalize("February 2022", None) == ("2022-02", "gYearMonth")


def test_negated_relation_has_no_direct_triple_in_the_store(tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("date 2025-02-13 Olaf Scholz did not meet Emmanuel Macron in Paris.")
    kg.ingest([source], store=tmp_path / "store")
    assert not kg.query("ASK { ?a kgo:metWith ?b }", store=tmp_path / "store").boolean
    rows = list(kg.query("SELECT ?m WHERE { ?s rdf:predicate kgo:metWith ; kgo:modality ?m }", store=tmp_path / "store"))
    assert [str(r[0]) for r in rows] == ["https://w3id.org/kg-news/ontology#Negated"]


def test_the_gazetteer_places_cities_and_national_bodies_in_countries_named_with_them():
    found = relations("Police in Hamburg said Germany would act. The Bundestag met on Monday.")
    assert found[("locatedIn", "Hamburg", "Germany")].rule == "gazetteer:locatedIn"
    assert ("basedIn", "Bundestag", "Germany") in found
    assert not any(key[0] == "locatedIn" for key in relations("Police in Hamburg made an arrest."))


@pytest.mark.parametrize("text, expected", [
    ("CDU leader Friedrich Merz spoke in Berlin.", ("leaderOf", "Friedrich Merz", "Christian Democratic Union")),
    ("CDU leader Friedrich Merz spoke in Berlin.", ("memberOf", "Friedrich Merz", "Christian Democratic Union")),
    ("Jordanian analyst Hasan Barari said the talks failed.", ("citizenOf", "Hasan Barari", "Jordan")),
    ("Angela Merkel (CDU) met voters.", ("memberOf", "Angela Merkel", "Christian Democratic Union")),
    ("Jane Doe, a columnist for Reuters, wrote the story.", ("affiliatedWith", "Jane Doe", "Reuters")),
    ("Police in the German city of Hamburg made arrests.", ("locatedIn", "Hamburg", "Germany")),
    ("Kyiv, the capital of Ukraine, was quiet.", ("locatedIn", "Kyiv", "Ukraine")),
    ("Ann Lee was shot dead by Bo Chan.", ("killed", "Bo Chan", "Ann Lee")),
    ("Carl Voss, accused of murdering Mayor Tom Reed, was shot.", ("killed", "Carl Voss", "Tom Reed")),
    ("The Democratic Party of Japan criticized Japan's government.", ("basedIn", "Democratic Party of Japan", "Japan")),
])
def test_role_attachment_and_knowledge_patterns(text, expected):
    assert expected in relations(text)


@pytest.mark.parametrize("text, unexpected", [
    ("Bo Chan shot Ann Lee in the leg.", "killed"),  # a shooting is not a killing
    ("Jordanian analyst Hasan Barari said the talks failed.", "affiliatedWith"),  # an analyst is no agent of a state
    ("Defense Minister Ann Lee met reporters.", "affiliatedWith"),  # 'Defense' is part of the title, no organization
    ("The German-Russian Chamber of Commerce met in Berlin with Germany and Russia.", "basedIn"),
])
def test_patterns_say_no_when_the_words_do_not_support_them(text, unexpected):
    assert not any(key[0] == unexpected for key in relations(text))


def test_a_former_title_is_no_office():
    found = relations("Former German Chancellor Angela Merkel said Germany would help.")
    assert not any(key[0] in ("holdsPosition", "leaderOf") for key in found)


def test_a_known_persons_title_points_to_their_country_when_it_is_named():
    found = relations("Chancellor Olaf Scholz said Germany would help.")
    assert found[("leaderOf", "Olaf Scholz", "Germany")].rule == "gazetteer+title:leaderOf"


def test_a_party_member_is_a_citizen_of_the_partys_country():
    found = relations("CDU politician Jens Spahn spoke in Berlin. Germany must act, he said.")
    assert ("memberOf", "Jens Spahn", "Christian Democratic Union") in found
    assert ("citizenOf", "Jens Spahn", "Germany") in found


@pytest.mark.parametrize("text, expected", [
    ("''This is not tax reform,'' said Olaf Scholz.", [("This is not tax reform", "Olaf Scholz")]),
    ("Olaf Scholz said: \u2018We will not give up.\u2019 Then he left.", [("We will not give up.", "Olaf Scholz")]),
    ("Olaf Scholz didn\u2019t say it in the \u201890s.", []),
])
def test_doubled_apostrophes_and_single_curly_marks_are_quotes(text, expected):
    assert quotes(text) == expected


def test_a_quote_signed_after_a_dash():
    found = quotes("\u201cWe have waited far too long for this and we are angry.\u201d \u2015 Maria Lopez\n"
                   "\u201cNobody listens to us here, and nobody ever did.\u201d")
    assert found[0] == ("We have waited far too long for this and we are angry.", "Maria Lopez")
    assert found[1][1] is None  # a quote with no signature and no speech verb keeps no speaker


def test_a_transcript_names_its_speaker_before_a_colon():
    found = quotes('Chris Wallace asked Mike Pence about the debate.\n'
                   '"WALLACE: Will the governor be at the debate tomorrow night?\n'
                   '"PENCE: Well, I will certainly be there tomorrow night."\n')
    speakers = [speaker for _, speaker in found]
    assert speakers[0] is not None and "Wallace" in speakers[0].title()
    assert speakers[1] is not None and "Pence" in speakers[1].title()
    assert quotes('"Well: this is no transcript at all, I think."')[0][1] is None


def test_someone_shown_saying():
    found = quotes("The ad shows Maria Lopez saying, \u201cI will fix the roads before winter comes.\u201d")
    assert found == [("I will fix the roads before winter comes.", "Maria Lopez")]


def test_a_pronoun_speaker_is_the_person_of_its_gender():
    text = ("Angela Weber met Thomas Brandt on Monday. Brandt and Weber spoke for an hour.\n"
            "\u201cThe talks went well and we will meet again soon,\u201d she said.")
    assert quotes(text)[0][1] == "Angela Weber"
    text = text.replace("she said", "he said")
    assert quotes(text)[0][1] == "Thomas Brandt"
    text = ("Jordan Weber met Robin Brandt on Monday. Brandt and Weber spoke for an hour.\n"
            "\u201cThe talks went well and we will meet again soon,\u201d she said.")
    assert quotes(text)[0][1] is None  # no name tells whom 'she' means
