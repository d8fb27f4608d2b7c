"""The gazetteer always finds its names, whatever the model tags: at the start of a sentence,
before a possessive, where the model cut the name short or took it for another kind of entity,
and a person it knows by the surname alone. Sentences written for these tests; the real model
parses them."""

import pytest
from spacy.tokens import Span

from kg.lexicon import person_surname
from kg.pipeline.extract import extract
from kg.pipeline.nlp import FULL_NAME, SURNAME, WORD_SURNAME, _gazetteer_first, load_model, parse
from kg.pipeline.read import Article


def names(text: str) -> list[tuple[str, str]]:
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return [(m.text, m.ner_label) for m in extract(article, doc).mentions if m.kind == "name"]


@pytest.mark.parametrize("text", [
    "Zelenskyy met the envoy in Rome on Thursday.",
    "Zelenskyy flew to Ankara on Friday and met Erdogan there.",
    "Zelenskyy's office said on Monday that the talks would resume.",
    "Zelenskyy’s aides arrived in Geneva late on Sunday.",
])
def test_a_person_the_gazetteer_knows_is_found_by_surname_alone(text):
    assert ("Zelenskyy", "PERSON") in names(text)


def test_a_name_the_model_cuts_short_is_the_gazetteers_whole_name():
    found = names("Ursula von der Leyen, the commission's president, flew to Kyiv on Monday.")
    assert ("Ursula von der Leyen", "PERSON") in found
    assert not any(text.startswith("Ursula") and text != "Ursula von der Leyen" for text, _ in found)


def _doc(text: str):
    return load_model().make_doc(text)


def _span(doc, words: str, label: str, kind: str = "") -> Span:
    start = doc.text.index(words)
    return doc.char_span(start, start + len(words), label=label, span_id=kind)


def _merged(doc, entities, matches) -> list[tuple[str, str]]:
    return sorted((span.text, span.label_) for span in _gazetteer_first(entities, matches))


def test_where_model_and_gazetteer_disagree_the_gazetteer_decides_its_own_names():
    doc = _doc("Aides of Mara Quintella met Lisbon officials on Monday.")
    # the model's entity inside a gazetteer name: the whole name
    assert _merged(doc, [_span(doc, "Mara", "PERSON")], [_span(doc, "Mara Quintella", "PERSON", FULL_NAME)]) == [
        ("Mara Quintella", "PERSON")]
    # the same words taken for another kind of entity: the gazetteer's kind
    assert _merged(doc, [_span(doc, "Lisbon", "PERSON")], [_span(doc, "Lisbon", "GPE", FULL_NAME)]) == [("Lisbon", "GPE")]
    # the same kind under another label (GPE and LOC both make places): the model's label stays
    assert _merged(doc, [_span(doc, "Lisbon", "GPE")], [_span(doc, "Lisbon", "LOC", FULL_NAME)]) == [("Lisbon", "GPE")]
    # a date or a figure around a name gives way to it
    doc = _doc("They spoke about the Quintella years.")
    assert _merged(doc, [_span(doc, "the Quintella years", "DATE")], [_span(doc, "Quintella", "PERSON", SURNAME)]) == [
        ("Quintella", "PERSON")]


def test_a_longer_name_of_the_model_around_a_gazetteer_name_stands():
    doc = _doc("Students at Lisbon Harbour University protested.")
    assert _merged(doc, [_span(doc, "Lisbon Harbour University", "ORG")], [_span(doc, "Lisbon", "GPE", FULL_NAME)]) == [
        ("Lisbon Harbour University", "ORG")]
    doc = _doc("She moved to Springfield, Ohio, last year.")
    town, state = _span(doc, "Springfield", "GPE"), _span(doc, "Ohio", "GPE")
    # the model found both names a gazetteer name is made of: the town and its region stay two
    assert _merged(doc, [town, state], [_span(doc, "Springfield, Ohio", "GPE", FULL_NAME)]) == [
        ("Ohio", "GPE"), ("Springfield", "GPE")]


def test_a_surname_that_is_an_english_word_needs_the_full_name_in_the_text():
    doc = _doc("Brown said the river was high.")
    assert _merged(doc, [], [_span(doc, "Brown", "PERSON", WORD_SURNAME)]) == []
    doc = _doc("Gordon Brown spoke first. Brown said the river was high.")
    brown = doc.char_span(doc.text.rindex("Brown"), doc.text.rindex("Brown") + 5, label="PERSON", span_id=WORD_SURNAME)
    assert _merged(doc, [], [_span(doc, "Gordon Brown", "PERSON", FULL_NAME), brown]) == [
        ("Brown", "PERSON"), ("Gordon Brown", "PERSON")]
    # and never overrides what the model made of the same word
    assert _merged(doc, [brown.char_span(0, 5, label="ORG")], [brown]) == [("Brown", "ORG")]


@pytest.mark.parametrize("name, surname", [
    ("Mara Quintella", "Quintella"),
    ("Marine Le Pen", "Le Pen"),            # particles before the surname stay
    ("Ursula von der Leyen", "von der Leyen"),
    ("Kim Jong Un", "Kim"),                 # family name first
    ("Ferdinand Marcos Jr.", "Marcos"),     # a generational suffix is no surname
    ("Charles III", None),                  # regnal names have none
    ("Abdullah II of Jordan", None),
    ("Pope Francis", None),                 # a title and a name
    ("Theresa May", None),                  # a month alone is no name
    ("Xi Jinping", None),                   # two letters are too few to stand alone
    ("Madonna", None),
])
def test_a_persons_surname_as_news_writes_it_alone(name, surname):
    assert person_surname(name) == surname


def test_a_users_gazetteer_person_is_found_by_surname(tmp_path):
    from kg.lexicon import use_gazetteers

    gazetteer = tmp_path / "mine.tsv"
    gazetteer.write_text("qid\ttype\tlabel\taliases\tdemonyms\tcountry\nQ999999001\tPerson\tOrla Quennevik\t\t\t\n",
                         encoding="utf-8")
    text = "Quennevik flew to Oslo on Monday."
    assert ("Quennevik", "PERSON") not in names(text)  # the model alone misses her
    try:
        use_gazetteers([gazetteer])
        assert ("Quennevik", "PERSON") in names(text)
    finally:
        use_gazetteers([])
