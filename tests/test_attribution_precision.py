"""Issue 24 (items 5 and 7): an attribution's content is all of what the cue says of its object,
not where or when it was said; speakers carry over to the quotes that follow them. The
sentences here are written for these tests."""

import datetime

from kg.pipeline.extract import extract
from kg.pipeline.nlp import load_model
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def attributions(text: str):
    article = Article("t", text, "test", published=datetime.date(2024, 3, 5))
    return resolve(extract(article, load_model()(text)))


def contents(text: str) -> dict[str, object]:
    resolution = attributions(text)
    return {a.attribution.cue: a.attribution for a in resolution.attributions}


def test_the_content_of_an_object_cue_holds_what_it_says_of_the_object():
    found = contents("Senator Ruth Abbott praised the mayor's handling of the flood in the poorest neighborhoods.")
    assert found["praised"].text == "the mayor's handling of the flood in the poorest neighborhoods"


def test_the_content_of_a_prepositional_cue_holds_the_reason_given():
    found = contents("Ruth Abbott railed against the council for refusing to fund the new school.")
    assert found["railed"].text == "the council for refusing to fund the new school"


def test_where_and_when_it_was_said_are_not_content():
    found = contents("Ruth Abbott criticized the new budget at a rally in Dayton on Tuesday.")
    assert found["criticized"].text == "the new budget"


def source_of(text: str, cue: str) -> str | None:
    resolution = attributions(text)
    for resolved in resolution.attributions:
        if resolved.attribution.cue == cue:
            if resolved.source is not None:
                return resolution.entities[resolved.source].label
            return resolved.attribution.source_text
    raise AssertionError(f"no attribution with the cue {cue!r}")


def test_a_gerund_after_a_preposition_is_said_by_the_subject_of_the_verb_it_hangs_from():
    assert source_of("By calling out the mayor on the budget, Ann Lee showed she would not back down.", "calling") == "Ann Lee"


def test_a_statement_confirming_something_is_made_by_who_released_it():
    assert source_of("Ann Lee released a statement confirming that the plant will close in June.", "confirming") == "Ann Lee"


def test_a_quote_after_a_described_speaker_is_that_speaker_s():
    text = ('"The vote was rushed," said Jane Doe, an attorney for the tenants. "Nobody read the bill."')
    resolution = attributions(text)
    quotes = [a for a in resolution.attributions if a.attribution.style == "direct"]
    assert quotes and all(a.attribution.source_text == "an attorney for the tenants" or a.source is not None for a in quotes)


def test_a_quote_opening_the_next_sentence_goes_on_with_the_reported_words():
    resolution = attributions('Jane Doe argued that her client never urged violence. "He asked people to come in peace and to bring flowers."')
    assert len(resolution.attributions) == 1
    found = resolution.attributions[0].attribution
    assert found.style == "mixed" and found.text.endswith('bring flowers."')


def test_according_to_reports_the_whole_sentence_wherever_it_hangs():
    found = contents("Ann Lee has raised $2 million from farmers, while Tom Baker has raised $6 million, "
                     "according to new research by the college.")
    assert found["according to"].text == "Ann Lee has raised $2 million from farmers, while Tom Baker has raised $6 million"


def test_a_content_does_not_end_inside_a_quotation():
    found = contents('Ann Lee said he was "deeply worried about the state of the schools, and it is time for '
                     'parents to speak up."')
    assert found["said"].text.endswith("parents to speak up")
    assert found["said"].style == "mixed"


def test_that_said_is_the_writer_turning_not_a_report():
    resolution = attributions("The senator won the primary. That said, she cannot win the nomination outright.")
    assert not [a for a in resolution.attributions if a.attribution.cue == "said"]


def test_a_second_that_clause_coordinated_with_the_cue_is_content_too():
    found = contents("The governor said the state needs a new border plan, but that he would not support mass arrests.")
    assert found["said"].text.endswith("he would not support mass arrests")


def test_past_a_dash_the_reporter_speaks_again_not_the_reported_clause_s_subject():
    text = ("Ann Lee had repeatedly said on the campaign trail that if she was mayor the strike would not "
            "have happened \u2014 vowing to end it if elected.")
    assert source_of(text, "vowing") == "Ann Lee"
    assert source_of("Ann Lee said the senator left the room, vowing to return.", "vowing") == "the senator"


def test_an_infinitive_of_a_possessed_noun_is_said_by_the_possessor():
    text = "Ann Lee ran on her plan to fix the rail line and accused Tom Baker of wasting the budget."
    assert source_of(text, "accused") == "Ann Lee"


def test_whoever_was_asked_is_the_addressee_not_the_source_of_the_question():
    resolution = attributions("Asked about the budget, Tom Baker said the city would not raise taxes.")
    asked = next(a for a in resolution.attributions if a.attribution.cue == "Asked")
    assert asked.source is None and asked.attribution.source_text is None
    assert resolution.entities[asked.addressee].label == "Tom Baker"


def test_what_a_cue_points_to_is_its_content_not_its_addressee():
    resolution = attributions("Ann Lee pointed to the falling crime rate as proof that the plan works.")
    pointed = next(a for a in resolution.attributions if a.attribution.cue == "pointed")
    assert pointed.attribution.text.startswith("the falling crime rate")
    assert pointed.addressee is None and pointed.attribution.addressee_text is None
