"""The seed article, end to end with the real model, shapes and store: the gold file's
entities (cq01-cq03), Kyiv as a City, the publication date (cq12) and mention provenance (cq13)."""

from conftest import SEED, select
from rdflib.namespace import RDFS

LABELS_OF_TYPE = """
SELECT DISTINCT ?label WHERE {{ ?entity a kgo:{type} ; rdfs:label ?label }}
"""


def gold_labels(gold, type_):
    return {e["label"] for e in gold["entities"] if e["type"] == type_}


def labels_of(store, type_):
    return {label for (label,) in select(store, LABELS_OF_TYPE.format(type=type_))}


def test_cq01_exactly_the_gold_people(seed_store, gold):
    assert labels_of(seed_store, "Person") == gold_labels(gold, "Person")
    assert labels_of(seed_store, "Person") == set(_answer(gold, "cq01"))


def test_cq02_exactly_the_gold_organizations(seed_store, gold):
    assert labels_of(seed_store, "Organization") == set(_answer(gold, "cq02"))


def test_cq03_exactly_the_gold_countries(seed_store, gold):
    assert labels_of(seed_store, "Country") == set(_answer(gold, "cq03"))


def test_kyiv_is_a_city_and_a_place_by_the_ontology(seed_store):
    from kg.namespaces import KGO
    from kg.resources import ontology

    assert labels_of(seed_store, "City") == {"Kyiv"}
    assert (KGO.City, RDFS.subClassOf, KGO.Place) in ontology()
    assert (KGO.Country, RDFS.subClassOf, KGO.Place) in ontology()


def test_model_errors_are_not_in_the_graph(seed_store, gold):
    wrong = {("Trump", "Organization"), ("Kyiv", "Person"), ("Zelenskyy", "Country")}
    for text, type_ in wrong:
        rows = select(seed_store, f"""
            SELECT ?e WHERE {{ ?e a kgo:{type_} . {{ ?e rdfs:label "{text}" }} UNION {{ ?e skos:altLabel "{text}" }} }}""")
        assert rows == [], f"{text} must not be a {type_}"
    # The date header is not part of the text, so "2025-02" is no mention of anything.
    assert select(seed_store, 'SELECT ?m WHERE { ?m nif:anchorOf ?a FILTER(CONTAINS(?a, "2025-02")) }') == []


def test_every_trump_mention_points_to_one_person(seed_store):
    rows = select(seed_store, """
        SELECT DISTINCT ?entity ?type WHERE {
          ?mention nif:anchorOf ?words ; itsrdf:taIdentRef ?entity .
          ?entity a ?type .
          FILTER (CONTAINS(?words, "Trump"))
        }""")
    assert rows == [("https://w3id.org/kg-news/id/person/donald-trump", "https://w3id.org/kg-news/ontology#Person")]
    titles = {t for (t,) in select(seed_store, """
        SELECT ?title WHERE { ?m itsrdf:taIdentRef kgr:person\\/donald-trump ; kgo:title ?title }""")}
    assert titles == {"President"}


def test_titles_are_not_part_of_names(seed_store):
    names = {n for (n,) in select(seed_store, """
        SELECT ?name WHERE { ?e a kgo:Person . { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } }""")}
    assert names and not any(word in name for name in names for word in ("President", "Secretary"))


def test_russian_points_to_russia_and_us_forms_are_one_country(seed_store):
    russia = select(seed_store, """
        SELECT ?words WHERE { ?m itsrdf:taIdentRef ?e ; nif:anchorOf ?words . ?e rdfs:label "Russia" }""")
    assert {"Russia", "Russian"} <= {w for (w,) in russia}
    usa = select(seed_store, """
        SELECT DISTINCT ?e ?words WHERE { ?m itsrdf:taIdentRef ?e ; nif:anchorOf ?words . ?e a kgo:Country ; rdfs:label "United States" }""")
    assert {w for _, w in usa} == {"U.S.", "United States"}
    assert len({e for e, _ in usa}) == 1


def test_cq12_publication_date(seed_store, gold):
    rows = select(seed_store, "SELECT ?date WHERE { ?a a kgo:Article ; schema:datePublished ?date }")
    assert rows == [(gold["published"],)]
    assert kg_ask(seed_store, "ASK { ?a schema:datePublished ?d FILTER(DATATYPE(?d) = xsd:date) }")


def test_cq13_every_mention_slices_back_to_its_words(seed_store):
    rows = select(seed_store, """
        SELECT ?words ?begin ?end ?text ?sentence ?sbegin ?send WHERE {
          ?m a nif:Phrase ; nif:anchorOf ?words ; nif:beginIndex ?begin ; nif:endIndex ?end ;
             nif:referenceContext/nif:isString ?text ;
             nif:sentence [ nif:beginIndex ?sbegin ; nif:endIndex ?send ] .
        }""")
    assert len(rows) > 30
    for words, begin, end, text, _, sbegin, send in rows:
        begin, end, sbegin, send = int(begin), int(end), int(sbegin), int(send)
        assert text[begin:end] == words
        assert sbegin <= begin < end <= send, f"{words!r} lies outside its sentence"


def test_cq13_first_mention_of_putin_with_its_sentence(seed_store, gold):
    rows = select(seed_store, """
        SELECT ?article ?sentence ?begin ?end WHERE {
          ?article kgo:hasContext ?context .
          ?m itsrdf:taIdentRef ?putin ; nif:referenceContext ?context ;
             nif:beginIndex ?begin ; nif:endIndex ?end ; nif:sentence/nif:anchorOf ?sentence .
          ?putin rdfs:label "Vladimir Putin" .
        } ORDER BY ?begin LIMIT 1""")
    (article, sentence, begin, end), = rows
    assert article == "https://w3id.org/kg-news/id/article/000_869b093860f3ba4e"
    assert "Russian President Vladimir Putin" in sentence
    text = SEED.read_text(encoding="utf-8").split("2025-02-13", 1)[1].strip()
    assert text[int(begin):int(end)] == "Vladimir Putin"


def test_article_links_to_the_entities_it_mentions(seed_store, gold):
    rows = select(seed_store, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?a a kgo:Article ; kgo:mentions ?e }")
    assert rows == [(str(len(gold["entities"])),)]


def kg_ask(store, sparql):
    import kg

    return kg.query(sparql, store=store).boolean


def _answer(gold, cq):
    return next(q["answer"] for q in gold["competency_questions"] if q["id"] == cq)


def test_known_entities_are_linked_to_wikidata(seed_store):
    rows = select(seed_store, "SELECT ?label ?same WHERE { ?e rdfs:label ?label ; owl:sameAs ?same }")
    linked = {label: same.rsplit("/", 1)[-1] for label, same in rows}
    assert linked == {
        "Donald Trump": "Q22686", "Vladimir Putin": "Q7747", "Pete Hegseth": "Q7171897", "NATO": "Q7184",
        "U.S. Department of Defense": "Q11209", "Russia": "Q159", "Ukraine": "Q212", "United States": "Q30",
        "Belgium": "Q31", "Saudi Arabia": "Q851", "Kyiv": "Q1899",
    }
