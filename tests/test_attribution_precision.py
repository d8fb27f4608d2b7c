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
