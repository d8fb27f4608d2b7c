"""Names that break naive code: quotes, angle brackets, backslashes, newlines, control
characters, emoji, right-to-left text and 2,000 characters, as entity names (fed to the mapping
as resolved entities) and as article metadata (ingested from JSON Lines and HTML). IRIs are
always valid, literals escaped, and every export format re-parses to the same labels."""

import io
import json
import re

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import kg
from kg.namespaces import ITSRDF, NIF, SCHEMA, clean_name
from kg.pipeline.extract import Extraction, Mention, Sentence, extract
from kg.pipeline.nlp import parse
from kg.pipeline.rdf import to_rdf
from kg.pipeline.read import Article, read_articles
from kg.pipeline.resolve import resolve
from kg.pipeline.validate import validate_graph
from kg.store import KnowledgeStore

from helpers.graphs import union_graph

NAMES = {
    "quotes": 'Jo "the Hammer" O\'Lee',
    "angle brackets": "Ann <script>alert(1)</script> Lee",
    "backslashes": "Bo \\u0041 C:\\Temp\\ Chan",
    "newline": "Line\nBreak Person",
    "control characters": "Bell\x07 Back\x08 Esc\x1b Person",
    "emoji": "Smiley \U0001F600 Face",
    "right-to-left": "\u05d3\u05d5\u05d3 \u05dc\u05d5\u05d9 \u202eevil\u202c",
    "2,000 characters": "Long " + "x" * 1995,
    "turtle injection": "Jane Doe\" . <a> <b> <c> . # ",
    "jsonld keywords": '{"@id": "x", "@context": null}',
}
FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "nif": "turtle"}
_VALID_IRI = re.compile(r'^[a-z][a-z0-9+.-]*:[^\x00-\x20<>"{}|\\^`\x7f]*$', re.IGNORECASE)


def exports(store) -> dict[str, Dataset]:
    parsed = {}
    for fmt, rdflib_format in FORMATS.items():
        out = io.BytesIO()
        kg.export(out, format=fmt, store=store)
        parsed[fmt] = Dataset().parse(data=out.getvalue().decode("utf-8"), format=rdflib_format)
    return parsed


def assert_iris_valid(dataset: Dataset) -> None:
    for quad in dataset.quads((None, None, None, None)):
        for term in quad:
            if isinstance(term, URIRef):
                assert _VALID_IRI.match(str(term)), repr(str(term))


@pytest.fixture(scope="module")
def entity_store(tmp_path_factory):
    text = " and ".join(NAMES.values()) + "."
    mentions, cursor = [], 0
    for name in NAMES.values():
        start = text.index(name, cursor)
        cursor = start + len(name)
        mentions.append(Mention(start, cursor, name, "PERSON", 0))
    article = Article(id="names", text=text, source="test")
    article_graph = to_rdf(resolve(Extraction(article, (Sentence(0, 0, len(text), text),), tuple(mentions))))
    assert validate_graph(article_graph.graph).conforms
    path = tmp_path_factory.mktemp("names") / "store"
    with KnowledgeStore(path) as store:
        kg.store_graph(article_graph, store)
    return path


@pytest.fixture(scope="module")
def entity_exports(entity_store):
    return exports(entity_store)


@pytest.mark.parametrize("kind", NAMES)
def test_entity_names_survive_every_format(entity_exports, kind):
    label = clean_name(NAMES[kind])  # resolution folds whitespace and drops bidi controls in names
    for fmt, dataset in entity_exports.items():
        graph = union_graph(dataset)
        assert_iris_valid(dataset)
        if fmt == "nif":  # the mention layer keeps the words as written, not the label
            assert Literal(NAMES[kind]) in set(graph.objects(None, URIRef("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"))), fmt
        else:
            assert Literal(label) in set(graph.objects(None, RDFS.label)), fmt


def test_article_metadata_with_awkward_characters_is_escaped(tmp_path):
    records = [
        {"id": f"id {kind} {value}"[:300], "title": value, "url": f"https://news.example/{kind}?q=<{value[:20]}>",
         "text": f"Olaf Scholz met Emmanuel Macron in Paris. Story {number}."}
        for number, (kind, value) in enumerate(NAMES.items())
    ]
    source = tmp_path / "awkward.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    page = tmp_path / "awkward.html"
    page.write_text(
        "<html><head><title>T</title><meta name='author' content='Zo&#235; &quot;Q&quot; &lt;b&gt; \U0001F600 \u05d3\u05d5\u05d3'>"
        "</head><body><article><p>Olaf Scholz met Emmanuel Macron in Paris on Thursday. They spoke about Ukraine.</p>"
        "</article></body></html>", encoding="utf-8")
    ((read_page,),) = [list(read_articles([page]))]
    author = read_page.author  # trafilatura tidies bylines: markup and symbols go
    assert author.startswith("Zo\u00eb") and author.endswith("\u05d3\u05d5\u05d3")
    store = tmp_path / "store"
    report = kg.ingest([source, page], store=store)
    assert report.count("added") == len(records) + 1 and not report.refused
    assert kg.validate(store=store).conforms
    for fmt, dataset in exports(store).items():
        assert_iris_valid(dataset)
        if fmt == "nif":
            continue
        graph = union_graph(dataset)
        titles = {str(t) for t in graph.objects(None, SCHEMA.headline)}
        assert {r["title"].strip() for r in records} <= titles, fmt
        assert {str(i) for i in graph.objects(None, SCHEMA.identifier)} >= {r["id"].strip() for r in records}, fmt
        assert {str(a) for a in graph.objects(None, SCHEMA.author)} == {author}, fmt


# --- Where a name begins and ends, and names written family name first ---------------------
# Sentences written for these tests; the real model parses them.


def _names(text):
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    extraction = extract(article, doc)
    return extraction, resolve(extraction)


def name_mentions(text):
    extraction, _ = _names(text)
    return [m.text for m in extraction.mentions if m.kind == "name" and m.ner_label != "NORP"]


def entity_mentions(text):
    _, resolution = _names(text)
    return {e.label: [m.text for m in e.mentions] for e in resolution.entities}


def test_a_title_article_or_possessive_is_no_part_of_the_name():
    found = name_mentions("The Harbor Authority said President Mara Quint's plan for Lisbon was too costly.")
    assert "Harbor Authority" in found and "Mara Quint" in found
    assert not any(n.startswith(("The ", "President")) or n.endswith("'s") for n in found)


def test_a_title_word_opening_an_organization_stays_in_its_name():
    # 'General', 'Ambassador': titles before a person's name, but words of these names
    assert "General Motors" in name_mentions("General Motors hired Dr. Lena Park last year.")
    assert "Ambassador Hotel" in entity_mentions("The guests stayed at the Ambassador Hotel in Dayton.")


def test_a_bracket_the_name_never_closes_separates_two_names():
    found = name_mentions("The leader of the UPF (Union of Progressive Farmers) spoke in Mexico City on Friday.")
    assert "UPF" in found and "Union of Progressive Farmers" in found
    assert not any("(" in n for n in found)
    # brackets that close are the name's own
    assert not any(n in ("UPF", "Union of Progressive Farmers")
                   for n in name_mentions("The leader of Acme Holdings spoke in Mexico City on Friday."))


def test_organizations_joined_by_of_or_on_are_one_name():
    assert "Senate Committee on Veterans Housing" in name_mentions(
        "He testified before the Senate Committee on Veterans Housing on Monday.")
    # two names the model keeps apart with other words between them stay two
    found = name_mentions("The Harbor Authority and the Port Council met on Monday.")
    assert "Harbor Authority" in found and "Port Council" in found


def test_lower_case_words_before_a_name_are_not_the_name():
    assert "Democratic Left" in name_mentions("The pro-European Democratic Left party won the vote in Athens.")
    # an ordinal opening a name stays in it
    assert "5th Circuit Court of Appeals" in name_mentions("He appealed to the 5th Circuit Court of Appeals in June.")
    # a brand written in lower case first stays whole
    assert "eBay Motors" in name_mentions("Sellers left eBay Motors in Denver last year.")
    # lower-case particles inside a name stay
    assert "Corriere della Sera" in name_mentions("Its editor told Corriere della Sera on Sunday that he would resign.")


def test_a_title_abbreviation_the_model_took_into_a_name_is_left_out():
    found = name_mentions("The Harbor Police Lt. Dan Moss led the search.")
    assert "Harbor Police" in found and not any(n.endswith(" Lt") for n in found)


def test_headline_capitals_are_not_part_of_a_name():
    text = "Novak Trial Opens In Hamburg\nThe trial of Mira Novak opened in Hamburg on Monday."
    found = name_mentions(text)
    assert "Novak" in found and not any(n.startswith("Novak Trial") for n in found)
    # a body line's capitalized words are the name's
    assert "Acme Verdict Services" in name_mentions("Tom Harlan joined Acme Verdict Services in Bremen. The verdict came later.")


def test_a_country_opening_a_state_body_is_a_name_of_its_own():
    found = name_mentions("The U.S. Senate voted on Tuesday.")
    assert "U.S." in found and "U.S. Senate" in found


def test_a_family_name_first_joins_the_full_name():
    entities = entity_mentions("Xi Jinping met Lars Berg in Beijing on Monday. Xi said the talks went well.")
    assert "Xi" not in entities and entities["Xi Jinping"] == ["Xi Jinping", "Xi"]
    entities = entity_mentions("Kim Jong Un inspected a factory on Monday. Kim praised the workers.")
    assert "Kim" not in entities and "Kim" in entities["Kim Jong Un"]
    entities = entity_mentions("Moon Jae-in flew to Tokyo on Monday. Moon met Lars Berg there.")
    assert "Moon" not in entities and "Moon" in entities["Moon Jae-in"]


def test_a_western_name_keeps_its_surname_last():
    # 'Kim' is also a given name: in 'Kim Harlan' the surname is Harlan
    entities = entity_mentions("Kim Harlan met Lars Berg in Oslo on Monday. Harlan said the talks went well.")
    assert "Harlan" in entities["Kim Harlan"]
    # a family name of the list opening a name that is no person's does not join it
    entities = entity_mentions("The Song Foundation gave Lars Berg a prize in Oslo. Song sang first.")
    assert "Song" not in entities.get("Song Foundation", [])


def test_a_city_before_a_broadcaster_is_a_place_of_its_own():
    found = name_mentions("Lisbon Radio Estrela Network\nThe storm reached the coast on Monday.")
    assert "Lisbon" in found and "Radio Estrela Network" in found
    # in a sentence of prose the model's name is left as it is (no source line, no seat)
    assert "Lisbon" not in name_mentions("Lisbon Radio Estrela Network said the storm had passed.")
    # a city that opens an institution's name stays in it
    assert "Moscow State University" in name_mentions("Students at Moscow State University protested.")


def test_a_person_of_a_place_the_model_took_as_one_name_is_two():
    from spacy.tokens import Span

    from kg.pipeline.extract.names import name_spans

    text = "His brother, Dale Rusk of Denver, said the family was relieved."
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    start = text.index("Dale")
    doc.ents = [doc.char_span(start, text.index(",", start), label="PERSON")]  # as the model sometimes merges them
    assert [(s.text, s.label_) for s in name_spans(doc)] == [("Dale Rusk", "PERSON"), ("Denver", "GPE")]
    doc.ents = [doc.char_span(start, text.index(" of"), label="PERSON"), doc.char_span(text.index("Denver"), text.index("Denver") + 6, label="GPE")]
    assert [s.text for s in name_spans(doc)] == ["Dale Rusk", "Denver"]
    text = "Duke Anton of Westmark spoke first."  # 'of' and a place nobody knows: the model's span stays
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    doc.ents = [Span(doc, 0, 4, label="PERSON")]
    assert [s.text for s in name_spans(doc)] == ["Duke Anton of Westmark"]


def test_a_town_with_its_region_is_named_by_both_and_the_region_keeps_its_name():
    text = "Jane Roe, 41, of Millbrook, N.Y., met Lars Berg in Vienna, Austria, on Monday."
    extraction, resolution = _names(text)
    extents = {m.text: text[m.start:m.extent_end] for m in extraction.mentions if m.extent_end}
    assert extents == {"Millbrook": "Millbrook, N.Y.", "Vienna": "Vienna, Austria"}
    graph = to_rdf(resolution).graph
    anchors = {str(graph.value(p, NIF.anchorOf)): str(graph.value(graph.value(p, ITSRDF.taIdentRef), RDFS.label))
               for p in graph.subjects(RDF.type, NIF.Phrase)}
    assert anchors["Millbrook, N.Y."] == anchors["Millbrook"] == "Millbrook"  # the label stays the town's name
    assert anchors["Austria"] == "Austria" and anchors["Vienna, Austria"] == "Vienna"
    assert validate_graph(graph).conforms
    # lists of places are no town and its region
    for listing in ("Ohio, Indiana and Iowa voted on Tuesday.", "He flew from Denver, Boston and Chicago.",
                    "She lives in Dayton, Ohio and Toledo."):
        extraction, _ = _names(listing)
        assert not any(m.extent_end for m in extraction.mentions), listing


# --- Names that are names: headline words, figures, run-together lists, common words ----------
# Sentences written for these tests; the rules' words are data (ontology/lexicon/name_bounds.tsv,
# titles.tsv, given_names.txt) and the model's own word index.


@pytest.mark.parametrize("text, name, glued", [
    ("Quint Slams Harbor Plan\nMara Quint, the mayor of Dayton, criticized the harbor plan on Monday.", "Quint", "Quint Slams"),
    ("Tom Harlan Leak Rattles Council\nThe leak of the memo by Tom Harlan rattled the council on Monday.", "Tom Harlan",
     "Tom Harlan Leak"),
])
def test_a_headlines_words_are_not_glued_to_a_name(text, name, glued):
    found = name_mentions(text)
    assert name in found and not any(n.startswith(glued) for n in found)


def test_a_name_in_a_headline_that_the_article_writes_the_same_stays_whole():
    text = "Acme Verdict Services Opens In Bremen\nTom Harlan runs Acme Verdict Services in Bremen. The verdict came later."
    assert "Acme Verdict Services" in name_mentions(text)
    # a name on a credit line is no headline's: its given name stays
    assert "Russell Wheeler" in name_mentions("Contributing: Russell Wheeler, Brookings\nA judge said Wheeler was right.")


def test_a_figure_ends_a_name():
    found = name_mentions("The latest poll has Harlan 43 percent to Quint 41 percent among likely voters.")
    assert "Quint" in found and not any("percent" in n for n in found)
    found = name_mentions("The delegate count stands at Lars Berg 384, Mara Quint 300 and Tom Harlan 151.")
    assert "Tom Harlan" in found and not any(any(ch.isdigit() for ch in n) for n in found)
    # a number that is part of a name stays in it
    assert "5th Circuit Court of Appeals" in name_mentions("He appealed to the 5th Circuit Court of Appeals in June.")


def test_run_together_list_text_splits_at_a_glued_title_or_name():
    found = name_mentions("Signers included Sen. Roy DaltonSen. Jane Doe and Gov. Ann MercerRep. Tom Harlan.")
    assert {"Roy Dalton", "Jane Doe", "Ann Mercer", "Tom Harlan"} <= set(found)
    found = name_mentions("The signers were Lisa MarkowitzGeorge PatelCondoleezza RhodesRep. Tom Harlan and others.")
    assert {"Lisa Markowitz", "George Patel", "Condoleezza Rhodes", "Tom Harlan"} <= set(found)
    # capitals inside a name are the name's own
    found = name_mentions("KellyAnne Marsh and Frank VanderSloot spoke to Ray McDonald in Dayton.")
    assert {"KellyAnne Marsh", "Frank VanderSloot", "Ray McDonald"} <= set(found)


def test_a_prefix_that_makes_an_adjective_of_a_name_is_no_part_of_it():
    assert "Quint" in name_mentions("The pro-Berg group spent heavily while anti-Quint ads ran in Dayton.")
    assert not any(n.startswith(("pro-", "anti-")) for n in name_mentions("The pro-Berg group and anti-Quint ads ran in Dayton."))


@pytest.mark.parametrize("text, word", [
    ("Fingers crossed, the mayor said on Monday.", "Fingers"),
    ("Wrinkles like these will get sorted out, he said.", "Wrinkles"),
    ("Filmmaker and author Tom Harlan spoke in Dayton.", "Filmmaker"),
    ("Sell Coal, Critics Say\nThe critics said the city should sell coal.", "Sell Coal"),
])
def test_a_person_needs_a_name_not_a_capitalized_common_word(text, word):
    assert not any(word in n for n in name_mentions(text))


def test_a_name_that_is_also_a_word_stays_a_name():
    assert "Lennon" in name_mentions("Lennon was shot in New York in 1980.")  # a proper noun to the tagger
    # capitalized inside a sentence elsewhere: a name
    assert "Fingers" in name_mentions("Fingers crossed, the band said. The drummer, Fingers, left on Monday.")
    # a person the gazetteer knows, by surname, in capitals, or part of a longer name of the article
    assert "Trump" in name_mentions("Trump said the poll was wrong.")
    assert "CLINTON" in name_mentions("CLINTON: I want to thank the voters of Dayton.")
    assert "Carson" in name_mentions("Ben Carson spoke on Monday. Carson said the poll was wrong.")


def _extracted_with(text: str, spans: list[tuple[str, str]]) -> list[str]:
    """The names extract finds when the model tagged `spans` (words, label; in the order they
    stand) and nothing else."""
    ((article, doc),) = parse([Article(id="t", text=text, source="test")])
    ents, cursor = [], 0
    for words, label in spans:
        start = text.index(words, cursor)
        cursor = start + len(words)
        ents.append(doc.char_span(start, cursor, label=label))
    doc.ents = ents
    return [m.text for m in extract(article, doc).mentions if m.kind == "name"]


def test_a_role_noun_opening_a_sentence_is_no_part_of_a_persons_name():
    assert _extracted_with("Actress Mara Quint was honored in Dayton.", [("Actress Mara Quint", "PERSON")]) == ["Mara Quint"]
    # a portfolio opens a role, not a name; and inside a sentence the model's name stands
    assert _extracted_with("Finance Mara Quint was honored.", [("Finance Mara Quint", "PERSON")]) == ["Finance Mara Quint"]
    assert _extracted_with("They honored Actress Mara Quint.", [("Actress Mara Quint", "PERSON")]) == ["Actress Mara Quint"]


def test_a_verb_or_adjective_opening_a_sentence_is_no_part_of_a_persons_name():
    assert _extracted_with("Asserting Mara Quint's role as a strategist.", [("Asserting Mara Quint", "PERSON")]) == ["Mara Quint"]
    assert _extracted_with("Top Mara Quint aides met on Monday.", [("Top Mara Quint", "PERSON")]) == ["Mara Quint"]
    # a given name that is also a word of English stays
    assert _extracted_with("Will Harlan met the mayor on Monday.", [("Will Harlan", "PERSON")]) == ["Will Harlan"]


def test_a_headline_verb_ends_a_name_whatever_follows_it():
    text = "Glenn Dorsey Blasts Drudge Over Fast\nGlenn Dorsey criticized Drudge on Monday, blasting the site's headline."
    found = _extracted_with(text, [("Glenn Dorsey Blasts Drudge", "PERSON"), ("Glenn Dorsey", "PERSON"), ("Drudge", "ORG")])
    assert found[0] == "Glenn Dorsey"
    # but a word that joins a name's words does not end it
    text = "Bank Of Dayton Sued\nThe Bank Of Dayton was sued by Dayton on Monday."
    assert _extracted_with(text, [("Bank Of Dayton", "ORG")])[0] == "Bank Of Dayton"
