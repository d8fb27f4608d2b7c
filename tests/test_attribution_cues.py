"""Issue 24, item 7: a cue reports something in that use. A verb that reports nothing ('paused',
'imposed'), a verb of force aimed at a place ('attacked Kyiv'), and an amount or a time as the
content ('spoke for more than two hours') make no attribution; a possessor source is the
person, not 'a reporter's'. The sentences here are written for these tests."""

import datetime

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article


def found(text: str):
    ((article, doc),) = parse([Article("t", text, "test", published=datetime.date(2024, 3, 5))])
    return extract(article, doc).attributions


def test_an_amount_is_no_content():
    text = "President Tom Brandt and Chancellor Lena Ortiz spoke by phone for more than two hours on Monday."
    assert not [a for a in found(text) if "hours" in a.text]


def test_a_verb_that_reports_nothing_is_no_cue():
    text = "The council imposed new fees on the port. Castell paused before she went on."
    assert not [a for a in found(text) if a.cue in ("imposed", "paused")]


def test_force_against_a_place_reports_nothing_but_against_words_it_does():
    cues = {a.cue: a.text for a in found("The rebels attacked Kyiv on Monday. "
                                        "The ministers attacked the proposal as reckless.")}
    assert cues.get("attacked") == "the proposal as reckless"


def test_what_is_said_stays_an_attribution():
    texts = {a.text for a in found("The council will impose new fees on the port, Ortiz said.")}
    assert "The council will impose new fees on the port" in texts


def test_a_possessor_source_is_the_person_not_the_possessive():
    sources = {a.source_text for a in found("Castell paused before answering a reporter's question about the tariffs.")
               if a.source_text}
    assert "a reporter" in sources
    assert not any(s.endswith(("'s", "\u2019s")) for s in sources)


def test_a_show_in_quotation_marks_is_no_quote():
    text = ("Sunday on NBC\u2019s \u201cWeekend Review,\u201d Sen. Paul Ridley said the bill would pass. "
            "\u201cWe have the votes,\u201d Ridley said.")
    contents = {a.text for a in found(text)}
    assert not any("Weekend Review" == c.strip("\u201c\u201d,") for c in contents)
    assert any("We have the votes" in c for c in contents)


def test_a_tally_after_a_name_is_no_quote():
    text = "Delegates so far:\n\nMaria Castell: 1,204.\n\nTom Brandt: 988.\n\nCastell said she would win."
    assert not [a for a in found(text) if a.rule == "attribution:headline"]


def test_a_party_code_is_not_the_source():
    text = ("Speaking in Dayton after the primary, Gov. Maria Castell (D-OH), said she would sign the bill. "
            "Sen. Tom Brandt (R-TX) said the bill was dead.")
    sources = {a.source_text for a in found(text)}
    assert not sources & {"OH", "TX", "D-OH", "R-TX"}
