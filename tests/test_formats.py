"""News formats in and out: HTML pages, RSS and Atom feeds and standard input are ingested with
their metadata; every export format re-parses, JSON-LD with kg's published context, and the
NIF export holds the mention layer as NIF scorers read it."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from conftest import select
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.namespaces import ITSRDF, NIF, PREFIXES
from kg.pipeline.read import read_articles
from kg.views.export import FORMATS, jsonld_context

from helpers.graphs import assert_isomorphic, store_dataset, union_graph

FIXTURES = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


def test_html_page_gives_main_text_and_metadata_without_scripts_or_styles():
    (article,) = read_articles([FIXTURES / "page.html"])
    assert article.title == "Scholz and Macron meet in Paris"
    assert article.published == date(2025, 2, 13)
    assert article.author == "Jane Reporter"
    assert article.url == article.id == "https://news.example/2025/02/13/scholz-macron"
    assert article.text.startswith("Scholz and Macron meet in Paris\n\nGerman Chancellor Olaf Scholz met")
    assert "trade with the United States." in article.text
    for leak in ("SCRIPT-LEAK", "STYLE-LEAK", "font-family", "Home", "Copyright", "JavaScript"):
        assert leak not in article.text


def test_rss_items_are_articles():
    first, second = read_articles([FIXTURES / "feed.xml"])
    assert (first.id, first.title, first.published, first.url) == (
        "urn:example-times:1001", "Trump speaks with Putin", date(2025, 2, 12), "https://news.example/2025/02/12/trump-putin")
    assert first.text == "Donald Trump spoke with Vladimir Putin by telephone on Wednesday."  # its <script> is gone
    assert first.source.endswith("feed.xml, item 1")
    assert second.id == "https://news.example/2025/02/13/hegseth-nato"
    assert second.text == "Pete Hegseth visited NATO headquarters in Brussels on Thursday.\n\nHe met the alliance's defence ministers."


def test_atom_entries_are_articles():
    first, second = read_articles([FIXTURES / "feed.atom"])
    assert (first.id, first.author, first.published, first.url) == (
        "tag:wire.example,2025:scholz-kyiv", "Ann Lee", date(2025, 2, 14), "https://wire.example/scholz-kyiv")
    assert first.text == "Olaf Scholz visited Kyiv on Friday and met Volodymyr Zelenskyy."
    assert second.text == "Mark Rutte spoke in Brussels on Friday." and second.url is None


@pytest.mark.parametrize("name, kind", [("page.html", "html"), ("feed.xml", "feed"), ("feed.atom", "feed")])
def test_html_and_feeds_are_told_by_their_content(tmp_path, name, kind):
    by_suffix = list(read_articles([FIXTURES / name]))
    misnamed = tmp_path / "download.txt"
    misnamed.write_bytes((FIXTURES / name).read_bytes())
    by_content = list(read_articles([misnamed]))
    from_stdin = list(read_articles([(FIXTURES / name).read_bytes()]))
    assert [a.text for a in by_content] == [a.text for a in from_stdin] == [a.text for a in by_suffix]
    assert [a.title for a in from_stdin] == [a.title for a in by_suffix]


def test_folders_are_walked_for_pages_and_feeds(tmp_path):
    for name in ("page.html", "feed.atom"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    assert len(list(read_articles([tmp_path]))) == 3


@pytest.fixture(scope="module")
def formats_store(tmp_path_factory):
    """The HTML page and the RSS feed through the CLI, the Atom feed through standard input."""
    store = tmp_path_factory.mktemp("formats") / "store"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "page.html"), str(FIXTURES / "feed.xml"), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "3 articles (3 added)" in result.output
    result = runner.invoke(app, ["ingest", "-", "--store", str(store)], input=(FIXTURES / "feed.atom").read_bytes())
    assert result.exit_code == 0, result.output
    assert "<stdin>, item 1: added" in result.output
    return store


def test_ingested_pages_and_items_keep_title_date_author_and_url(formats_store):
    rows = select(formats_store, """
        SELECT ?id ?title ?date ?author ?url WHERE {
          ?a a kgo:Article ; schema:identifier ?id ; schema:headline ?title ; schema:datePublished ?date .
          OPTIONAL { ?a schema:author ?author } OPTIONAL { ?a schema:url ?url } } ORDER BY ?id""")
    assert rows == [
        ("https://news.example/2025/02/13/hegseth-nato", "Hegseth visits NATO", "2025-02-13", None, "https://news.example/2025/02/13/hegseth-nato"),
        ("https://news.example/2025/02/13/scholz-macron", "Scholz and Macron meet in Paris", "2025-02-13", "Jane Reporter", "https://news.example/2025/02/13/scholz-macron"),
        ("tag:wire.example,2025:plain", "Plain summary", "2025-02-14", None, None),
        ("tag:wire.example,2025:scholz-kyiv", "Scholz in Kyiv", "2025-02-14", "Ann Lee", "https://wire.example/scholz-kyiv"),
        ("urn:example-times:1001", "Trump speaks with Putin", "2025-02-12", "desk@news.example (World Desk)", "https://news.example/2025/02/12/trump-putin"),
    ]
    people = {row[0] for row in select(formats_store, "SELECT ?n WHERE { ?p a kgo:Person ; rdfs:label ?n }")}
    assert {"Olaf Scholz", "Emmanuel Macron", "Donald Trump", "Vladimir Putin", "Pete Hegseth"} <= people
    leaks = select(formats_store, "SELECT ?t WHERE { ?c nif:isString ?t FILTER (CONTAINS(?t, 'LEAK') || CONTAINS(?t, '<')) }")
    assert leaks == []
    assert kg.validate(store=formats_store).conforms


def exported(store, fmt, **options) -> bytes:
    out = io.BytesIO()
    kg.export(out, format=fmt, store=store, **options)
    return out.getvalue()


RDFLIB_FORMATS = {"turtle": "turtle", "ntriples": "nt", "nquads": "nquads", "trig": "trig", "jsonld": "json-ld", "nif": "turtle"}


def test_every_export_format_reparses_to_what_the_store_holds(formats_store):
    assert set(FORMATS) == set(RDFLIB_FORMATS)
    with kg.KnowledgeStore(formats_store, read_only=True) as store:
        stored = store_dataset(store)
    for fmt in ("turtle", "ntriples", "nquads", "trig", "jsonld"):
        parsed = Dataset().parse(data=exported(formats_store, fmt).decode("utf-8"), format=RDFLIB_FORMATS[fmt])
        assert_isomorphic(union_graph(stored), union_graph(parsed))
        if fmt in ("nquads", "trig", "jsonld"):
            assert len([g for g in parsed.graphs() if len(g)]) == 5, fmt  # a named graph per article


def test_jsonld_uses_the_published_context(formats_store):
    shipped = json.loads((Path(__file__).resolve().parent.parent / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert jsonld_context() == shipped["@context"]
    assert {k: v for k, v in shipped["@context"].items() if isinstance(v, str) and v.endswith(("#", "/"))} == PREFIXES
    document = json.loads(exported(formats_store, "jsonld"))
    assert document["@context"] == shipped["@context"]
    text = json.dumps(document)
    assert '"anchorOf"' in text and '"taIdentRef"' in text and '"headline"' in text


def test_nif_export_holds_the_mention_layer_for_scorers(formats_store):
    nif = Graph().parse(data=exported(formats_store, "nif").decode("utf-8"), format="turtle")
    contexts = set(nif.subjects(NIF.isString, None))
    assert len(contexts) == 5
    phrases = set(nif.subjects(ITSRDF.taIdentRef, None))
    assert phrases and all((p, NIF.referenceContext, None) in nif for p in phrases)
    for phrase in phrases:
        context = nif.value(phrase, NIF.referenceContext)
        text = str(nif.value(context, NIF.isString))
        begin, end = nif.value(phrase, NIF.beginIndex), nif.value(phrase, NIF.endIndex)
        assert begin.datatype == end.datatype == XSD.nonNegativeInteger
        assert text[int(begin):int(end)] == str(nif.value(phrase, NIF.anchorOf))
        assert (phrase, ITSRDF.taClassRef, None) in nif
        assert {str(t) for t in nif.objects(phrase, URIRef(PREFIXES["rdf"] + "type"))} >= {
            str(NIF.Phrase), str(NIF.String), str(NIF.RFC5147String)}
    scholz = URIRef("https://w3id.org/kg-news/id/person/olaf-scholz")
    anchors = {str(nif.value(p, NIF.anchorOf)) for p in nif.subjects(ITSRDF.taIdentRef, scholz)}
    assert "Olaf Scholz" in anchors
    # sentences, quotes, times and statements are not the mention layer
    assert not set(nif.subjects(None, NIF.Sentence)) and (None, NIF.sentence, None) not in nif
    one = Graph().parse(data=exported(formats_store, "nif", article_id="urn:example-times:1001").decode("utf-8"), format="turtle")
    assert [str(t) for t in one.objects(None, NIF.isString)] == ["Donald Trump spoke with Vladimir Putin by telephone on Wednesday."]
    assert Literal("Vladimir Putin") in set(one.objects(None, NIF.anchorOf))


def test_export_command_writes_nif_and_refuses_nif_with_infer(formats_store, tmp_path):
    target = tmp_path / "mentions.ttl"
    result = runner.invoke(app, ["export", "-F", "nif", "-o", str(target), "--store", str(formats_store)])
    assert result.exit_code == 0 and "(nif)" in result.output
    assert Graph().parse(target, format="turtle")
    result = runner.invoke(app, ["export", "-F", "nif", "--infer", "--store", str(formats_store)])
    assert result.exit_code == 1 and "--infer does not apply to nif" in result.output
