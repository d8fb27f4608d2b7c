"""Relation patterns as data (ontology/patterns/*.json), and what issue 15 asked of them:
coordinated and plural subjects, travel, hosting, talks, negotiations, attacks and sanctions,
and modality that matches the text. Every sentence here is written for these tests."""

import json

import pytest

from kg.errors import PatternError
from kg.namespaces import KGO
from kg.patterns import load_patterns, patterns, patterns_dir
from kg.resources import ontology

from helpers.facts import relations


def modality_of(found, key):
    return found[key].modality if key in found else None


def asserted(found, key):
    return modality_of(found, key) == "asserted"


def event_of(found, key):
    return found[key].event


# --- the pattern files ---------------------------------------------------------------------

@pytest.mark.parametrize("example", patterns().examples, ids=lambda e: f"{e.file}:{e.text[:40]}")
def test_every_pattern_example_gives_its_relation(example):
    found = relations(example.text)
    assert modality_of(found, (example.predicate, example.subject, example.object)) == example.modality, found.keys()


def test_every_frame_has_an_example_and_names_ontology_terms():
    files = sorted(patterns_dir().glob("*.json"))
    assert len(files) >= 8
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        for frame in data.get("frames", []):
            assert frame.get("examples"), (path.name, frame["lemma"])
            assert (KGO[frame["relation"][4:]], None, None) in ontology()


def test_the_new_relations_come_from_the_pattern_files():
    assert patterns().verbs["shell"][0].predicate == "attacked"
    assert patterns().nouns["sanction"][0].predicate == "sanctioned"
    assert patterns().nouns["attack"][0].event == "Attack"


def write(tmp_path, content, name="extra.json"):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_a_pattern_naming_an_unknown_property_is_refused_naming_the_file(tmp_path):
    path = write(tmp_path, {"frames": [{"trigger": "verb", "lemma": "greet", "relation": "kgo:greeted",
                                        "examples": []}]})
    with pytest.raises(PatternError, match="extra.json.*kgo:greeted"):
        load_patterns([path])


def test_a_pattern_naming_a_class_that_is_no_event_is_refused(tmp_path):
    path = write(tmp_path, {"frames": [{"trigger": "noun", "lemma": "greeting", "relation": "kgo:metWith",
                                        "event": "kgo:Person"}]})
    with pytest.raises(PatternError, match="extra.json.*kgo:Person"):
        load_patterns([path])


def test_a_bare_relation_name_and_broken_json_are_refused(tmp_path):
    with pytest.raises(PatternError, match="kgo:Name"):
        load_patterns([write(tmp_path, {"frames": [{"trigger": "verb", "lemma": "greet", "relation": "metWith"}]})])
    with pytest.raises(PatternError, match="broken.json"):
        load_patterns([write(tmp_path, "{ not json", "broken.json")])


def test_a_verb_with_two_frames_for_one_preposition_is_refused(tmp_path):
    frame = {"trigger": "verb", "lemma": "greet", "relation": "kgo:metWith", "preps": [""]}
    with pytest.raises(PatternError, match="greet"):
        load_patterns([write(tmp_path, {"frames": [frame, frame]})])
    other = {"trigger": "verb", "lemma": "greet", "relation": "kgo:visited", "preps": ["in"]}
    assert len(load_patterns([write(tmp_path, {"frames": [frame, other]})]).verbs["greet"]) == 2


def test_a_new_phrasing_is_a_pattern_entry(tmp_path):
    path = write(tmp_path, {"frames": [{"trigger": "verb", "lemma": "greet", "relation": "kgo:metWith",
                                        "event": "kgo:Meeting", "preps": [""]}]})
    loaded = load_patterns([*sorted(patterns_dir().glob("*.json")), path])
    (frame,) = loaded.verbs["greet"]
    assert frame.predicate == "metWith" and frame.symmetric


# --- coordination and plural subjects --------------------------------------------------------

def test_two_coordinated_subjects_met_each_other():
    found = relations("Maria Lind and Omar Haddad met in Geneva on Monday.")
    assert asserted(found, ("metWith", "Maria Lind", "Omar Haddad"))


def test_one_subject_met_two_people():
    found = relations("Maria Lind met Omar Haddad and Jan Berg in Geneva.")
    assert asserted(found, ("metWith", "Maria Lind", "Omar Haddad"))
    assert asserted(found, ("metWith", "Maria Lind", "Jan Berg"))
    assert ("metWith", "Omar Haddad", "Jan Berg") not in found


def test_coordinated_subjects_each_visited():
    found = relations("Maria Lind and Omar Haddad flew to Lisbon on Sunday.")
    assert asserted(found, ("visited", "Maria Lind", "Lisbon"))
    assert asserted(found, ("visited", "Omar Haddad", "Lisbon"))


def test_the_two_leaders_are_the_two_just_named():
    found = relations("Maria Lind received Omar Haddad in Oslo. The two leaders also spoke by phone with Jan Berg.")
    assert asserted(found, ("spokeWith", "Maria Lind", "Jan Berg"))
    assert asserted(found, ("spokeWith", "Omar Haddad", "Jan Berg"))
    assert event_of(found, ("spokeWith", "Maria Lind", "Jan Berg")) == "PhoneCall"


def test_both_men_spoke():
    found = relations("Omar Haddad arrived in Oslo to see Jan Berg. Both men spoke for an hour.")
    assert asserted(found, ("spokeWith", "Omar Haddad", "Jan Berg"))


def test_the_two_leaders_after_three_names_are_nobody():
    found = relations("Maria Lind, Omar Haddad and Jan Berg arrived in Oslo. The two leaders spoke for an hour.")
    assert not any(key[0] == "spokeWith" for key in found)


# --- more event phrasings ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Maria Lind flew to Lisbon on Sunday.",
    "Maria Lind traveled to Lisbon for the conference.",
    "Maria Lind arrived in Lisbon on Sunday.",
    "Maria Lind landed in Lisbon late on Sunday.",
    "Maria Lind was in Lisbon for talks on Monday.",
])
def test_travel_is_a_visit(text):
    found = relations(text)
    assert asserted(found, ("visited", "Maria Lind", "Lisbon"))
    assert event_of(found, ("visited", "Maria Lind", "Lisbon")) == "Visit"


def test_being_somewhere_is_no_visit_without_talks():
    assert ("visited", "Maria Lind", "Lisbon") not in relations("Maria Lind was in Lisbon on Monday.")
    assert ("visited", "Maria Lind", "Lisbon") not in relations("Maria Lind flew from Lisbon on Sunday.")


@pytest.mark.parametrize("verb", ["hosted", "received", "welcomed"])
def test_hosting_is_a_meeting(verb):
    found = relations(f"Maria Lind {verb} Omar Haddad in Stockholm on Monday.")
    assert asserted(found, ("metWith", "Maria Lind", "Omar Haddad"))


def test_receiving_a_thing_is_no_meeting():
    found = relations("Maria Lind received a letter from Omar Haddad on Monday.")
    assert not any(key[0] == "metWith" for key in found)


def test_talks_in_one_place_are_a_meeting_by_phone_a_call():
    found = relations("Maria Lind held talks with Omar Haddad in Geneva.")
    assert asserted(found, ("metWith", "Maria Lind", "Omar Haddad"))
    assert ("spokeWith", "Maria Lind", "Omar Haddad") not in found
    found = relations("Maria Lind held talks by phone with Omar Haddad.")
    assert asserted(found, ("spokeWith", "Maria Lind", "Omar Haddad"))
    assert event_of(found, ("spokeWith", "Maria Lind", "Omar Haddad")) == "PhoneCall"
    assert ("metWith", "Maria Lind", "Omar Haddad") not in found


def test_sat_down_with_is_a_meeting_sat_with_is_not():
    assert asserted(relations("Maria Lind sat down with Omar Haddad in Geneva."), ("metWith", "Maria Lind", "Omar Haddad"))
    assert ("metWith", "Maria Lind", "Omar Haddad") not in relations("Maria Lind sat with Omar Haddad at dinner.")


def test_phoned_and_a_call_between():
    found = relations("Maria Lind phoned Omar Haddad on Monday.")
    assert event_of(found, ("spokeWith", "Maria Lind", "Omar Haddad")) == "PhoneCall"
    found = relations("A call between Maria Lind and Omar Haddad lasted an hour.")
    assert asserted(found, ("spokeWith", "Maria Lind", "Omar Haddad"))


def test_a_round_of_talks_between_is_a_negotiation():
    found = relations("A round of talks between Norway and Iceland ended in Oslo.")
    assert asserted(found, ("negotiatesWith", "Norway", "Iceland"))
    assert event_of(found, ("negotiatesWith", "Norway", "Iceland")) == "Negotiation"


def test_open_to_talks_states_no_conversation():
    found = relations("Russia is open to direct talks with Ukraine.")
    assert not any(key[0] in ("spokeWith", "metWith", "negotiatesWith") and found[key].modality == "asserted" for key in found)


@pytest.mark.parametrize("text", [
    "Russia shelled Kharkiv for a third night.",
    "Russia struck Kharkiv with missiles on Tuesday.",
    "Russia launched an attack on Kharkiv overnight.",
    "Russia carried out airstrikes on Kharkiv overnight.",
    "Russia's shelling of Kharkiv went on all night.",
])
def test_strikes_and_shelling_are_attacks(text):
    found = relations(text)
    assert asserted(found, ("attacked", "Russia", "Kharkiv"))
    assert event_of(found, ("attacked", "Russia", "Kharkiv")) == "Attack"


def test_attacks_in_words_and_struck_deals_are_no_attacks():
    assert not any(k[0] == "attacked" for k in relations("Maria Lind attacked the Labour Party in a speech."))
    assert not any(k[0] == "attacked" for k in relations("Canada struck a deal with Mexico on Friday."))


def test_sanctions_imposed_and_lifted():
    assert asserted(relations("Canada imposed sanctions on Belarus on Friday."), ("sanctioned", "Canada", "Belarus"))
    assert asserted(relations("The European Union sanctioned Acme Shipping last year."),
                    ("sanctioned", "European Union", "Acme Shipping"))
    found = relations("Canada lifted the sanctions on Belarus on Friday.")
    assert modality_of(found, ("sanctioned", "Canada", "Belarus")) == "negated"


# --- modality --------------------------------------------------------------------------------

def test_an_invitation_is_the_invited_person_s_possible_visit():
    found = relations("Vladimir Putin had invited Donald Trump to visit Moscow.")
    assert modality_of(found, ("visited", "Donald Trump", "Moscow")) == "possible"
    assert ("visited", "Vladimir Putin", "Moscow") not in found


@pytest.mark.parametrize("text", [
    "Omar Haddad will raise the issue when he meets Wang Yi next month.",
    "Omar Haddad plans to meet Wang Yi in Beijing.",
    "Omar Haddad could meet Wang Yi in Beijing.",
    "Omar Haddad is expected to meet Wang Yi in Beijing.",
    "Omar Haddad proposed a meeting with Wang Yi.",
    "Omar Haddad meets Wang Yi in Beijing next week.",
])
def test_planned_and_future_meetings_are_possible(text):
    assert modality_of(relations(text), ("metWith", "Omar Haddad", "Wang Yi")) == "possible"


@pytest.mark.parametrize("text", [
    "Maria Lind is expected to travel to Lisbon.",
    "Maria Lind could visit Lisbon in the spring.",
])
def test_expected_travel_is_possible(text):
    assert modality_of(relations(text), ("visited", "Maria Lind", "Lisbon")) == "possible"


def test_a_past_when_clause_is_a_fact():
    found = relations("Omar Haddad raised the issue when he met Wang Yi in May.")
    assert asserted(found, ("metWith", "Omar Haddad", "Wang Yi"))


@pytest.mark.parametrize("text, key", [
    ("Maria Lind did not meet Omar Haddad.", ("metWith", "Maria Lind", "Omar Haddad")),
    ("No meeting between Maria Lind and Omar Haddad took place.", ("metWith", "Maria Lind", "Omar Haddad")),
    ("The meeting between Maria Lind and Omar Haddad did not take place.", ("metWith", "Maria Lind", "Omar Haddad")),
    ("Maria Lind cancelled her visit to Lisbon.", ("visited", "Maria Lind", "Lisbon")),
])
def test_negated_events(text, key):
    assert modality_of(relations(text), key) == "negated"


def test_a_no_elsewhere_in_the_sentence_negates_nothing():
    found = relations('Maria Lind said the plan was "no surprise" during a visit to Lisbon on Thursday.')
    assert asserted(found, ("visited", "Maria Lind", "Lisbon"))


def test_planned_events_give_no_direct_triple_in_the_store(tmp_path):
    import kg

    source = tmp_path / "a.txt"
    source.write_text("date 2025-02-13 Omar Haddad plans to meet Wang Yi in Beijing. Maria Lind did not meet Jan Berg.")
    kg.ingest([source], store=tmp_path / "store")
    assert not kg.query("ASK { ?a kgo:metWith ?b }", store=tmp_path / "store").boolean
    rows = {str(r[0]).rsplit("#", 1)[1] for r in kg.query(
        "SELECT ?m WHERE { ?s rdf:predicate kgo:metWith ; kgo:modality ?m }", store=tmp_path / "store")}
    assert rows == {"Possible", "Negated"}


def test_a_phrase_after_coordinated_names_holds_for_each():
    found = relations("Jane Doe and John Roe of Ohio State University said the study was flawed.")
    assert asserted(found, ("memberOf", "Jane Doe", "Ohio State University"))
    assert asserted(found, ("memberOf", "John Roe", "Ohio State University"))


def test_a_name_s_predicate_noun_does_what_its_relative_clause_says():
    found = relations("Peter Lang was the gunman who shot Ann Smith dead.")
    assert asserted(found, ("killed", "Peter Lang", "Ann Smith"))
    found = relations("Peter Lang said the gunman who shot Ann Smith dead had fled.")
    assert ("killed", "Peter Lang", "Ann Smith") not in found


@pytest.mark.parametrize("text", [
    "The film was directed by Cleveland native Carl Minton.",
    "Carl Minton, a Cleveland native, sent a letter.",
    "Carl Minton is a Cleveland native.",
])
def test_a_place_native_was_born_there(text):
    assert asserted(relations(text), ("bornIn", "Carl Minton", "Cleveland"))


def test_a_native_plant_is_no_birthplace():
    found = relations("Carl Minton planted a Dayton native shrub in Ohio.")
    assert not any(key[0] == "bornIn" for key in found)


def test_a_list_of_names_each_with_its_place_is_not_crossed():
    found = relations("Acme Corp. sold the Daily Star in Boston, and the Evening Post in Toledo, Ohio.")
    assert not any(key[0] == "basedIn" and key[1] == "Daily Star" and key[2] in ("Toledo", "Ohio") for key in found)


def test_called_for_talks_is_possible_called_to_a_place_is_not_a_plan():
    found = relations("Omar Haddad called for talks with Wang Yi.")
    assert modality_of(found, ("metWith", "Omar Haddad", "Wang Yi")) == "possible"
    found = relations("When he was called to examine Ann Smith's killer, Peter Lang, the doctor refused.")
    assert asserted(found, ("killed", "Peter Lang", "Ann Smith"))


def test_a_person_from_a_place_lives_there_a_thing_from_it_says_nothing():
    assert asserted(relations("The singer Ann Brown is from Toledo, Ohio."), ("livesIn", "Ann Brown", "Toledo"))
    assert not any(k[0] == "livesIn" for k in relations("Ann Brown is far from Toledo."))
    assert not any(k[0] == "livesIn" for k in relations("The letter from Ann Brown is from Toledo."))


@pytest.mark.parametrize("text", [
    "Google attacked Microsoft over its privacy record.",
    "Google attacked Microsoft in a statement on Monday.",
    "Hurricane Katrina struck New Orleans in 2005.",
])
def test_attacks_in_words_and_storms_are_no_attacks(text):
    assert not any(key[0] == "attacked" for key in relations(text))


@pytest.mark.parametrize("text, predicate", [
    ("Maria Lind and Omar Haddad spoke by phone on Monday.", "spokeWith"),
    ("Maria Lind and Omar Haddad held talks in Geneva.", "metWith"),
])
def test_coordinated_subjects_with_no_object_are_the_pair(text, predicate):
    assert asserted(relations(text), (predicate, "Maria Lind", "Omar Haddad"))


def test_coordinated_subjects_of_a_one_sided_verb_are_no_pair():
    found = relations("Maria Lind and Omar Haddad visited Lisbon.")
    assert not any(key[0] in ("metWith", "spokeWith", "visited") and key[2] in ("Maria Lind", "Omar Haddad") for key in found)


def test_the_two_leaders_held_talks():
    found = relations("Maria Lind flew to Oslo to see Omar Haddad. The two leaders held talks on Monday.")
    assert asserted(found, ("metWith", "Maria Lind", "Omar Haddad"))


# --- visits stated without a visit word (issue 24) --------------------------------------------

def test_a_place_and_a_day_set_off_before_the_verb_is_a_visit():
    found = relations("Maria Lind, in Dayton on Monday, said she would win the state.")
    assert asserted(found, ("visited", "Maria Lind", "Dayton"))


@pytest.mark.parametrize("text", [
    "Maria Lind, in a statement on Monday, said she would win.",  # no place
    "Maria Lind, in Dayton, said she would win.",  # no day: maybe where she lives
])
def test_an_aside_without_a_place_and_a_day_is_no_visit(text):
    assert not any(key[0] == "visited" for key in relations(text))


def test_an_ing_clause_on_a_name_is_what_the_name_does():
    found = relations("Omar Haddad, meeting with Maria Lind in Toledo on Monday, said little.")
    assert asserted(found, ("metWith", "Omar Haddad", "Maria Lind"))


def test_who_spends_the_day_campaigning_somewhere_visits_it():
    found = relations("Omar Haddad is spending the day campaigning in Maine and Vermont.")
    assert asserted(found, ("visited", "Omar Haddad", "Maine"))
    assert asserted(found, ("visited", "Omar Haddad", "Vermont"))


@pytest.mark.parametrize("text", [
    "Omar Haddad spoke in Portuguese to the crowd.",
    "Omar Haddad spoke in the Senate on Tuesday.",
])
def test_speaking_in_a_language_or_a_chamber_is_no_visit(text):
    assert not any(key[0] == "visited" for key in relations(text))


# --- who works where (FACTS-GUIDE: affiliatedWith the employer) ------------------------------
# Academics and spokesmen at a body stay members of it: DWIE, a guard rail, counts them so.

@pytest.mark.parametrize("text, person, employer", [
    ("Maria Lind, a lobbyist for the National Rifle Association, said the bill would fail.", "Maria Lind", "National Rifle Association"),
    ("Maria Lind, a consultant with McKinsey & Company, said the plan would fail.", "Maria Lind", "McKinsey & Company"),
    ("Maria Lind, a judge at the International Criminal Court, said the case would go ahead.", "Maria Lind", "International Criminal Court"),
])
def test_a_job_at_a_named_body_is_working_for_it(text, person, employer):
    found = relations(text)
    assert asserted(found, ("affiliatedWith", person, employer)), found.keys()
    assert ("memberOf", person, employer) not in found


# --- debates (FACTS-GUIDE 9: a debate between two named people is spokeWith, not metWith) ----

def test_two_people_who_debate_spoke_with_each_other():
    found = relations("Maria Lind and Omar Haddad debated in Las Vegas on Wednesday.")
    assert asserted(found, ("spokeWith", "Maria Lind", "Omar Haddad")) or asserted(found, ("spokeWith", "Omar Haddad", "Maria Lind"))
    assert not any(key[0] == "metWith" for key in found)


@pytest.mark.parametrize("text", [
    "Maria Lind asked for a debate with Omar Haddad.",
    "The Senate debated the farm bill on Tuesday.",
])
def test_a_debate_asked_for_or_about_a_bill_is_no_conversation(text):
    found = relations(text)
    assert not any(key[0] == "spokeWith" and found[key].modality == "asserted" for key in found)
