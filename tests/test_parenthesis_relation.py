"""A person's organisation in brackets after the name: 'Jane Doe (Goldman Sachs)' is a member of
it; the pattern is for people only. Sentences written for these tests, with the real model."""

from datetime import date

import pytest

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve


def member_of_pairs(text: str) -> set[tuple[str, str]]:
    ((article, doc),) = parse([Article(id="t", text=text, source="test", published=date(2025, 2, 13))])
    resolution = resolve(extract(article, doc))
    names = [entity.label for entity in resolution.entities]
    return {(names[r.subject], names[r.object]) for r in resolution.relations if r.predicate == "memberOf"}


@pytest.mark.parametrize("text, person, organisation", [
    ("Jane Doe (Goldman Sachs) said on Monday that the plant would close.", "Jane Doe", "Goldman Sachs"),
    ("Analysts such as John Smith (Morgan Stanley) expect a cut.", "John Smith", "Morgan Stanley"),
    # no space before the bracket: the pattern's second form
    ("Jane Doe( Goldman Sachs ) said on Monday that the plant would close.", "Jane Doe", "Goldman Sachs"),
])
def test_a_person_s_organisation_in_brackets(text, person, organisation):
    assert (person, organisation) in member_of_pairs(text)


def test_a_company_right_before_a_bracket_is_no_member_of_what_is_inside():
    # 'A and B or C' read a bracket straight after any name as the pattern's second form: the
    # plant's company became a member of the bank.
    text = "Workers at Acme Steel( Goldman Sachs ) went on strike on Monday."
    assert ("Acme Steel", "Goldman Sachs") not in member_of_pairs(text)
