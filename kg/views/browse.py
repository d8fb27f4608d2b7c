"""What a reader starts from: the most-mentioned entities, the latest articles, names that
begin like what is being typed, and the names of entity IRIs (so result tables show names)."""

from __future__ import annotations

from ..namespaces import sparql_string
from ..preferred_labels import preferred_labels
from ..resources import entity_classes
from ..store import Store
from .entity import _refs, _select, short_descriptions

_MAX_IRIS = 500  # names looked up at once for one result table


def most_mentioned(store: Store, limit: int = 12) -> list[dict]:
    """Entities by their number of mentions, most first: {iri, label, kind, mentions}."""
    classes = ", ".join(f"kgo:{c}" for c in entity_classes())
    rows = _select(store, f"""
        SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {{
          ?m itsrdf:taIdentRef ?e . ?e a ?type FILTER(?type IN ({classes}))
        }} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT {int(limit)}""")
    refs = _refs(store, {row["e"].value for row in rows})
    return [{"iri": row["e"].value, "label": refs[row["e"].value].label, "kind": refs[row["e"].value].kind,
             "mentions": int(row["n"].value)} for row in rows]


def latest_articles(store: Store, limit: int = 10) -> list[dict]:
    """Articles by publication date, newest first: {id, title, date, url}; the title is the
    headline, else the article's first sentence."""
    rows = _select(store, f"""
        SELECT ?id ?date ?title ?text WHERE {{ GRAPH ?g {{
          ?a a kgo:Article ; schema:identifier ?id ; kgo:hasContext ?c . ?c nif:isString ?text .
          OPTIONAL {{ ?a schema:datePublished ?date }} OPTIONAL {{ ?a schema:headline ?title }}
        }} }} ORDER BY DESC(?date) ?id LIMIT {int(limit)}""")
    return [{"id": row["id"].value, "date": row["date"].value if row["date"] is not None else None,
             "title": row["title"].value if row["title"] is not None else first_sentence(row["text"].value)}
            for row in rows]


def first_sentence(text: str, limit: int = 120) -> str:
    """The text's first sentence (up to its first full stop, question or exclamation mark),
    shortened to `limit` characters: a title for an article without a headline."""
    import re

    text = " ".join(text.split())
    match = re.search(r"[.!?](\s|$)", text)
    sentence = text[: match.start() + 1] if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def suggest(store: Store, typed: str, limit: int = 10) -> list[dict]:
    """Entities with a name (rdfs:label or skos:altLabel) containing what was typed, those whose
    name begins with it first, then the most mentioned: {iri, label, kind, name}."""
    typed = typed.strip()
    if not typed:
        return []
    classes = ", ".join(f"kgo:{c}" for c in entity_classes())
    rows = _select(store, f"""
        SELECT ?e (SAMPLE(?l) AS ?name) (MAX(?starts) AS ?begins) WHERE {{
          ?e a ?type FILTER(?type IN ({classes}))
          {{ ?e rdfs:label ?l }} UNION {{ ?e skos:altLabel ?l }}
          FILTER(CONTAINS(LCASE(STR(?l)), LCASE({sparql_string(typed)})))
          BIND(IF(STRSTARTS(LCASE(STR(?l)), LCASE({sparql_string(typed)})), 1, 0) AS ?starts)
        }} GROUP BY ?e ORDER BY DESC(?begins) ?name LIMIT {int(limit)}""")
    refs = _refs(store, {row["e"].value for row in rows})
    described = short_descriptions(store, refs)  # tells apart entities of one name
    return [{"iri": row["e"].value, "label": refs[row["e"].value].label, "kind": refs[row["e"].value].kind,
             "name": row["name"].value, "description": described[row["e"].value]} for row in rows]


def names_of(store: Store, iris: list[str]) -> dict[str, str]:
    """The label of each IRI that has one (entities, positions), for result tables."""
    import pyoxigraph as ox

    valid = []
    for iri in dict.fromkeys(iris[:_MAX_IRIS]):
        try:
            ox.NamedNode(iri)
            valid.append(iri)
        except ValueError:
            continue
    if not valid:
        return {}
    return preferred_labels(store, valid)


def article_texts(store: Store, ids: list[str]) -> dict[str, dict]:
    """Each article's text and title by id: {id: {"text", "title"}} (the title: its headline,
    else its first sentence), for pages that carry the articles they cite (kg viz)."""
    found = {}
    for article_id in dict.fromkeys(ids):
        rows = _select(store, f"""
            SELECT ?text ?title WHERE {{ GRAPH ?g {{
              ?a a kgo:Article ; schema:identifier {sparql_string(article_id)} ; kgo:hasContext ?c . ?c nif:isString ?text .
              OPTIONAL {{ ?a schema:headline ?title }} }} }} LIMIT 1""")
        if rows:
            text = rows[0]["text"].value
            title = rows[0]["title"].value if rows[0]["title"] is not None else first_sentence(text)
            found[article_id] = {"text": text, "title": title}
    return found
