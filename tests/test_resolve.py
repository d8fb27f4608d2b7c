"""Resolving mentions into entities, on hand-made mentions (no model): the model's label is a
vote, names and the gazetteer decide."""

from kg.pipeline.extract import Extraction, Mention, Sentence
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def resolved(text, spans):
    """spans: (words, ner_label, extra) in order of appearance; offsets are found in text."""
    mentions, cursor = [], 0
    for words, label, *extra in spans:
        start = text.index(words, cursor)
        cursor = start + len(words)
        options = extra[0] if extra else {}
        mentions.append(Mention(start, cursor, words, label, 0, **options))
    article = Article(id="t", text=text, source="test")
    extraction = Extraction(article, (Sentence(0, 0, len(text), text),), tuple(mentions))
    return {e.label: e for e in resolve(extraction).entities}


def test_a_surname_joins_the_full_name_whatever_its_label():
    entities = resolved("Donald Trump spoke. Trump left. Trump said.",
                        [("Donald Trump", "PERSON"), ("Trump", "ORG"), ("Trump", "ORG")])
    assert list(entities) == ["Donald Trump"]
    assert entities["Donald Trump"].type == "Person"
    assert len(entities["Donald Trump"].mentions) == 3


def test_an_ambiguous_surname_stays_apart():
    entities = resolved("Donald Trump and Melania Trump arrived. Trump spoke.",
                        [("Donald Trump", "PERSON"), ("Melania Trump", "PERSON"), ("Trump", "PERSON")])
    assert set(entities) == {"Donald Trump", "Melania Trump", "Trump"}


def test_the_gazetteer_overrides_the_model():
    entities = resolved("Talks without Kyiv and with Russians.", [("Kyiv", "PERSON"), ("Russians", "NORP")])
    assert entities["Kyiv"].type == "City"
    assert entities["Russia"].type == "Country"
    assert entities["Russia"].alt_labels == ()  # a nationality is a mention, not a name


def test_us_forms_are_one_country():
    entities = resolved("The U.S. and the United States.", [("U.S.", "GPE"), ("the United States", "GPE")])
    assert list(entities) == ["United States"]
    assert set(entities["United States"].alt_labels) == {"U.S.", "the United States"}


def test_a_person_cue_outweighs_a_place_label():
    entities = resolved("Trump spoke with Zelenskyy.", [("Zelenskyy", "GPE", {"person_cue": True})])
    assert entities["Zelenskyy"].type == "Person"
    unknown_place = resolved("Trade with Zembla grew.", [("Zembla", "GPE")])
    assert unknown_place["Zembla"].type == "Place"


def test_unknown_nationalities_are_dropped():
    assert resolved("Martian officials spoke.", [("Martian", "NORP")]) == {}


def test_titles_are_kept_beside_the_name():
    entities = resolved("President Ann Lee spoke.", [("Ann Lee", "PERSON", {"title": "President", "person_cue": True})])
    assert entities["Ann Lee"].titles == ("President",)


def test_a_person_by_label_and_context_is_not_a_namesake_place():
    entities = resolved("Chad said he would run.", [("Chad", "PERSON", {"person_cue": True})])
    assert entities["Chad"].type == "Person"
    country = resolved("Troops left Chad.", [("Chad", "GPE")])
    assert country["Chad"].type == "Country"


def test_a_city_named_club_in_a_match_is_an_organization():
    match = resolved("Dortmund beat Hamburg on Saturday.", [("Dortmund", "GPE", {"team_cue": True}), ("Hamburg", "GPE", {"team_cue": True})])
    assert match["Dortmund"].type == "Organization" and match["Hamburg"].type == "Organization"
    city = resolved("Police in Hamburg made arrests.", [("Hamburg", "GPE")])
    assert city["Hamburg"].type == "City"
