"""Issue 24, item 5: a pronoun inside what someone is reported to say looks for its person within
that speech first, not at the reporting sentence's subject only because it is the subject; a
'he said' after a paragraph break goes to the person the paragraph is about. Every sentence here
is written for these tests."""

from helpers.facts import facts, relations


def _speaker_of(resolution, words):
    names = [e.label for e in resolution.entities]
    return next(names[a.source] for a in resolution.attributions if words in a.attribution.text and a.source is not None)


def test_a_pronoun_in_the_reason_a_speaker_gives_is_the_person_the_speech_names():
    found = relations("Tom Brandt questioned Paul Marsh's eligibility to run for governor because he was born in Canada.")
    assert ("bornIn", "Paul Marsh", "Canada") in found
    assert ("bornIn", "Tom Brandt", "Canada") not in found


def test_the_speaker_himself_when_the_speech_names_no_one_else():
    found = relations("Tom Brandt said he was born in Canada.")
    assert ("bornIn", "Tom Brandt", "Canada") in found


def test_an_object_pronoun_is_not_the_subject_of_its_own_clause():
    resolution = facts("Tom Brandt told reporters that Paul Marsh had called him on Friday.")
    him = [e.label for e in resolution.entities if any(m.text == "him" for m in e.mentions)]
    assert him != ["Paul Marsh"]


def test_he_said_after_a_paragraph_break_is_the_person_the_paragraph_is_about():
    resolution = facts("Government spokesman Oleg Varga said the talks had been useful.\n\n"
                       "Anton Petrov thanked the visiting ministers in Lisbon on Tuesday.\n\n"
                       "\"This is the moment of truth for the whole region,\" he said.")
    assert _speaker_of(resolution, "moment of truth") == "Anton Petrov"


def test_the_he_that_interrupts_a_quote_is_its_speaker_not_a_name_inside_it():
    resolution = facts("Anton Petrov praised the talks on Tuesday.\n\n"
                       "\"You saw from Chancellor Carl Weber yesterday, who is a fine negotiator, what a deal can do,\" "
                       "he said. \"So I look forward to the meeting today.\"")
    assert _speaker_of(resolution, "fine negotiator") == "Anton Petrov"
