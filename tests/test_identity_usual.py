"""A name written alone across articles (issue 23, item 3): when the article does not say which
of the store's persons of that name it means, it means the one the store's articles write the
name alone for far more than all the others ('Trump' in 2016 news), and stays its article's own
when none is; words joining two known people's names are no person to link to. The article
graphs are written here, so that the tests do not depend on how the model tags a name."""

from __future__ import annotations

import pytest

from kg.namespaces import KGR, article_iri, graph_iri
from kg.store import KnowledgeStore, SerializedArticle
from kg.store.link import names_in_graph, relink

KGO = "https://w3id.org/kg-news/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"


def article(article_id: str, label: str, *, alone: str | None = None, qid: str | None = None) -> SerializedArticle:
    """An article graph naming one person `label`, written alone as `alone` too (an alias)."""
    art, node = str(article_iri(article_id)), str(KGR[f"person/{label.lower().replace(' ', '-')}"])
    lines = [f"<{art}> <{RDF_TYPE}> <{KGO}Article> .", f"<{art}> <{KGO}mentions> <{node}> .",
             f"<{node}> <{RDF_TYPE}> <{KGO}Person> .", f'<{node}> <{LABEL}> "{label}" .']
    if alone:
        lines.append(f'<{node}> <{ALT_LABEL}> "{alone}" .')
    if qid:
        lines.append(f"<{node}> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/{qid}> .")
    for number, name in enumerate(n for n in (label, alone) if n):
        mention = f"{art}/text#char={number * 40},{number * 40 + len(name)}"
        lines += [f"<{mention}> <http://www.w3.org/2005/11/its/rdf#taIdentRef> <{node}> .",
                  f"<{mention}> <http://www.w3.org/2005/11/its/rdf#taClassRef> <{KGO}Person> .",
                  f'<{mention}> <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf> "{name}" .']
    return SerializedArticle(article_id, str(graph_iri(article_id)), f"hash-{article_id}", ("\n".join(lines) + "\n").encode())


def put(store, articles: list[SerializedArticle]) -> None:
    store.put_articles(articles)
    relink(store, {key for a in articles for key in names_in_graph(store, a.graph_iri)})


def node_of(store, article_id: str, label: str) -> str:
    rows = list(store.query(f'SELECT DISTINCT ?n WHERE {{ GRAPH <{graph_iri(article_id)}> {{ ?n rdfs:label "{label}" }} }}'))
    assert len(rows) == 1, rows
    return rows[0]["n"].value.removeprefix(str(KGR))


@pytest.fixture
def store(tmp_path):
    with KnowledgeStore(tmp_path / "store") as opened:
        yield opened


def test_a_surname_alone_means_the_person_the_store_writes_it_alone_for_by_far(store):
    put(store, [article(f"marta-{n}", "Marta Quillon", alone="Quillon") for n in range(12)]
        + [article("teodor", "Teodor Quillon", alone="Quillon"), article("bare", "Quillon")])
    assert node_of(store, "bare", "Quillon") == "person/marta-quillon"


def test_a_handful_of_articles_decides_nothing(store):
    put(store, [article(f"marta-{n}", "Marta Quillon", alone="Quillon") for n in range(4)]
        + [article("teodor", "Teodor Quillon"), article("bare", "Quillon")])
    assert node_of(store, "bare", "Quillon") == "person/quillon--bare"


def test_two_persons_the_store_writes_a_name_alone_for_alike_leave_it_undecided(store):
    put(store, [article(f"marta-{n}", "Marta Quillon", alone="Quillon") for n in range(10)]
        + [article(f"teodor-{n}", "Teodor Quillon", alone="Quillon") for n in range(6)] + [article("bare", "Quillon")])
    assert node_of(store, "bare", "Quillon") == "person/quillon--bare"


def test_words_joining_two_known_peoples_names_are_no_person_a_given_name_stands_for(store):
    # 'Hillary' is no surname: the headline's words around it take no one's given name away.
    put(store, [article("full", "Hillary Clinton", qid="Q6294"), article("headline", "Bill Scolds Hillary"),
                article("bare", "Hillary")])
    assert node_of(store, "bare", "Hillary") == "person/hillary-clinton"


def test_a_surname_the_article_keeps_apart_from_the_one_it_names_in_full_is_another_only_by_their_names(store):
    art = article("both", "Marta Quillon")
    bare = article("both-bare", "Quillon")
    # one article graph holding both nodes: 'Marta Quillon' and a 'Quillon' its resolution kept apart
    both = SerializedArticle("both", art.graph_iri, "hash-both",
                             art.ntriples + bare.ntriples.replace(str(article_iri("both-bare")).encode(), str(article_iri("both")).encode())
                             .replace(b"/text#char=0,7", b"/text#char=200,207"))
    put(store, [article(f"marta-{n}", "Marta Quillon", alone="Quillon") for n in range(12)]
        + [article("teodor", "Teodor Quillon", alone="Quillon"), both])
    assert node_of(store, "both", "Quillon") == "person/quillon--both"
