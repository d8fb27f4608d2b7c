"""Resolving mentions into entities, on hand-made mentions (no model): the model's label is a
vote, names and the gazetteer decide."""

from rdflib import Literal
from rdflib.namespace import PROV, RDF

from kg.namespaces import KGO, NIF
from kg.pipeline.extract import Extraction, Mention, Sentence, extract
from kg.pipeline.nlp import parse
from kg.pipeline.rdf import to_rdf
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve
from kg.pipeline.validate import validate_graph


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


def test_a_surname_two_people_share_is_nobody_when_nothing_tells_them_apart():
    # Both named once, in the same sentence, neither in the gazetteer: the bare surname names
    # no one, and no third person 'Varga' either.
    entities = resolved("Anna Varga and Peter Varga arrived. Varga spoke.",
                        [("Anna Varga", "PERSON"), ("Peter Varga", "PERSON"), ("Varga", "PERSON")])
    assert set(entities) == {"Anna Varga", "Peter Varga"}
    assert [len(e.mentions) for e in entities.values()] == [1, 1]


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


# --- Document-level facts: descriptions, pronouns and short names across sentences ---------
# The real model parses sentences written for these tests.


def _parsed(text):
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    return resolve(extract(article, doc))


def facts(text):
    """(predicate, subject label, object label) -> the relation, for relations between entities."""
    resolution = _parsed(text)
    names = [e.label for e in resolution.entities]
    return {(r.predicate, names[r.subject], names[r.object]): r for r in resolution.relations if r.object is not None}


def test_a_role_given_in_an_apposition_holds_for_the_article():
    found = facts("Hanna Vogel, the German chancellor, visited Oslo on Monday. "
                  "On Tuesday the chancellor met Erik Lund in Bergen.")
    met = found[("metWith", "Hanna Vogel", "Erik Lund")]
    assert met.subject_resolved_by == "description" and met.object_resolved_by is None
    assert met.sentence == 1  # the statement keeps its own sentence as evidence


def test_a_role_given_by_a_copula_holds_for_the_article():
    found = facts("Tom Baker is the mayor of Dayton. The mayor met Lena Park in Akron on Friday.")
    assert found[("metWith", "Tom Baker", "Lena Park")].subject_resolved_by == "description"


def test_a_description_two_people_fit_resolves_to_no_one():
    found = facts("Hanna Vogel, the German chancellor, and Otto Rehm, the Austrian chancellor, visited Oslo on "
                  "Monday. On Tuesday the chancellor met Erik Lund in Bergen.")
    assert not any(key[0] == "metWith" for key in found)


def test_a_leader_named_by_apposition_is_the_countrys_leader_later():
    found = facts("Ivan Petrov, the Russian president, arrived in Minsk on Monday. "
                  "The Russian leader later met Lars Berg at the palace.")
    assert found[("metWith", "Ivan Petrov", "Lars Berg")].subject_resolved_by == "description"


def test_a_compatriot_who_leads_nothing_is_not_the_leader():
    found = facts("Ivan Petrov, a Russian banker, arrived in Minsk on Monday. "
                  "The Russian leader later met Lars Berg at the palace.")
    assert not any(key[0] == "metWith" for key in found)


def test_a_pronoun_in_the_next_sentence():
    met = facts("Mira Novak arrived in Oslo on Monday. She met Erik Lund at the palace.")[("metWith", "Mira Novak", "Erik Lund")]
    assert met.subject_resolved_by == "pronoun" and met.sentence == 1


def test_a_pronoun_two_people_fit_resolves_to_no_one():
    found = facts("Mira Novak and Ann Cole arrived in Oslo on Monday. She met Erik Lund at the palace.")
    assert not any(key[0] == "metWith" for key in found)


def test_a_surname_in_a_later_sentence():
    met = facts("Mira Novak arrived in Oslo on Monday. On Tuesday Novak met Erik Lund at the palace.")[
        ("metWith", "Mira Novak", "Erik Lund")]
    assert met.subject_resolved_by == "short name"
    assert facts("Mira Novak met Erik Lund at the palace.")[("metWith", "Mira Novak", "Erik Lund")].subject_resolved_by is None


def test_a_family_name_first_in_a_later_sentence():
    found = facts("Xi Jinping arrived in Paris on Monday. On Tuesday Xi met Erik Lund at the palace.")
    assert found[("metWith", "Xi Jinping", "Erik Lund")].subject_resolved_by == "short name"


def test_the_graph_says_how_each_end_was_resolved():
    resolution = _parsed("Hanna Vogel, the German chancellor, visited Oslo on Monday. "
                         "On Tuesday the chancellor met Erik Lund in Bergen. She flew home on Wednesday.")
    article_graph = to_rdf(resolution)
    graph = article_graph.graph
    statements = list(graph.subjects(KGO.subjectResolvedBy, Literal("description")))
    assert len(statements) == 1 and (statements[0], RDF.predicate, KGO.metWith) in graph
    sentences = [o for o in graph.objects(statements[0], PROV.wasDerivedFrom) if (o, RDF.type, NIF.Sentence) in graph]
    assert [str(graph.value(s, NIF.anchorOf)) for s in sentences] == ["On Tuesday the chancellor met Erik Lund in Bergen."]
    ways = {str(graph.value(p, NIF.anchorOf)): str(o) for p, o in graph.subject_objects(KGO.resolvedBy)}
    assert ways["the chancellor"] == "description" and ways["the German chancellor"] == "description"
    assert "Hanna Vogel" not in ways
    assert validate_graph(graph).conforms


def test_the_shapes_refuse_an_unknown_way_of_resolving():
    article_graph = to_rdf(_parsed("Mira Novak arrived in Oslo on Monday. She met Erik Lund at the palace."))
    graph = article_graph.graph
    statement = next(graph.subjects(KGO.subjectResolvedBy, Literal("pronoun")))
    graph.set((statement, KGO.subjectResolvedBy, Literal("guesswork")))
    report = validate_graph(graph)
    assert not report.conforms and any("subjectResolvedBy" in v.message for v in report.violations)
