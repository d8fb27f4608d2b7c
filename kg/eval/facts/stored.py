"""What kg stored for the gold articles, read with SPARQL: each article's entity nodes with
their names, and its statements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from ... import api
from ...api import Store
from ...resources import is_symmetric
from .gold import ENTITY_TYPES
from .names import exact_form, loose_form


@dataclass(frozen=True)
class KgNode:
    """An entity of kg as one article's graph has it."""

    iri: str
    type: str
    label: str  # its label in this article
    canonical: frozenset[str]  # its labels in any article of the store, in the exact form
    loose_names: frozenset[str]  # its label and other names in this article, in the loose form
    named: bool  # a name of the article points at it (not only a nationality adjective or a pronoun)


@dataclass(frozen=True)
class KgFact:
    """One statement of kg in an article (several statements of the same fact count once)."""

    subject: str
    predicate: str
    object: str  # the object's IRI
    position: str | None  # holdsPosition's words
    modality: str
    dates: frozenset[str] = frozenset()


_TYPE_VALUES = " ".join(f"kgo:{kind}" for kind in ENTITY_TYPES)


def kg_nodes(store: Store) -> dict[str, dict[str, KgNode]]:
    """Every entity node each article mentions, by article id and IRI."""
    def rows(sparql: str) -> list[tuple]:
        return api.query(store=store, sparql=sparql).rows

    mentioned = rows(f"""
        SELECT ?id ?entity ?type ?label WHERE {{
          GRAPH ?g {{
            ?article a kgo:Article ; schema:identifier ?id ; kgo:mentions ?entity .
            ?entity a ?type . VALUES ?type {{ {_TYPE_VALUES} }}
            OPTIONAL {{ ?entity rdfs:label ?label }}
          }}
        }}""")
    other_names = rows("""
        SELECT ?id ?entity ?name WHERE {
          GRAPH ?g { ?article a kgo:Article ; schema:identifier ?id . ?entity skos:altLabel ?name }
        }""")
    named = rows("""
        SELECT DISTINCT ?id ?entity WHERE {
          GRAPH ?g {
            ?article a kgo:Article ; schema:identifier ?id .
            ?mention itsrdf:taIdentRef ?entity ; kgo:nerLabel ?label . FILTER(STR(?label) != "NORP")
          }
        }""")
    anywhere = rows(f"""
        SELECT DISTINCT ?entity ?label WHERE {{
          GRAPH ?g {{ ?entity a ?type ; rdfs:label ?label . VALUES ?type {{ {_TYPE_VALUES} }} }}
        }}""")
    canonical: dict[str, set[str]] = defaultdict(set)
    for entity, label in anywhere:
        canonical[str(entity)].add(exact_form(str(label)))
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for article_id, entity, name in other_names:
        names[(str(article_id), str(entity))].add(str(name))
    is_named = {(str(article_id), str(entity)) for article_id, entity in named}
    found: dict[str, dict[str, KgNode]] = defaultdict(dict)
    for article_id, entity, kind, label in mentioned:
        key = (str(article_id), str(entity))
        label = str(label) if label is not None else ""
        loose = frozenset(filter(None, (loose_form(n) for n in (label, *names[key]))))
        found[key[0]][key[1]] = KgNode(key[1], str(kind).rsplit("#", 1)[-1], label, frozenset(canonical[key[1]]),
                                       loose, key in is_named)
    return found


def kg_facts(store: Store) -> dict[str, list[KgFact]]:
    """Every statement of each article, each fact once (a symmetric one in one direction)."""
    rows = api.query(store=store, sparql="""
        SELECT ?id ?statement ?s ?p ?o ?modality ?position ?date WHERE {
          GRAPH ?g {
            ?article a kgo:Article ; schema:identifier ?id .
            ?statement a kgo:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kgo:modality ?modality .
            OPTIONAL { ?o a kgo:Position ; rdfs:label ?position }
            OPTIONAL { { ?statement kgo:date ?date } UNION { ?statement kgo:startDate ?date } }
          }
        }""").rows
    dates: dict[tuple[str, KgFact], set[str]] = {}
    for article_id, _, s, p, o, modality, position, date in rows:
        predicate = str(p).rsplit("#", 1)[-1]
        subject, obj = str(s), str(o)
        if position is None and is_symmetric(predicate) and obj < subject:
            subject, obj = obj, subject
        fact = KgFact(subject, predicate, obj, str(position) if position is not None else None,
                      str(modality).rsplit("#", 1)[-1].lower())
        when = dates.setdefault((str(article_id), fact), set())  # a statement without a date is a fact too
        if date is not None:
            when.add(str(date))
    found: dict[str, list[KgFact]] = defaultdict(list)
    for (article_id, fact), when in sorted(dates.items(), key=lambda item: (item[0][0], str(item[0][1]))):
        found[article_id].append(replace(fact, dates=frozenset(when)))
    return found
