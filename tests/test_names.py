"""Names that break naive code: quotes, angle brackets, backslashes, newlines, control
characters, emoji, right-to-left text and 2,000 characters, as entity names (fed to the mapping
as resolved entities) and as article metadata (ingested from JSON Lines and HTML). IRIs are
always valid, literals escaped, and every export format re-parses to the same labels."""

import io
import json
import re

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS

import kg
from graphs import union_graph
from kg.pipeline.extract import Extraction, Mention, Sentence
from kg.pipeline.rdf import to_rdf
from kg.namespaces import SCHEMA
from kg.pipeline.read import Article, read_articles
from kg.pipeline.resolve import clean_name, resolve
from kg.store import KnowledgeStore
from kg.pipeline.validate import validate_graph

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
