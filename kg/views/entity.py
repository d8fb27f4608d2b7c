"""The entity view: everything the store knows about one entity — its types, names and links,
its relations to other entities with their dates and modality, and for each relation the
articles and sentences that state it."""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox

from ..errors import UnknownEntity
from ..lexicon import class_order
from ..namespaces import KGO, PREFIXES, RESOURCE_BASE, sparql_string
from ..preferred_labels import preferred_label
from ..resources import entity_classes, is_symmetric
from ..store import Store, select
from ..store.link import article_local
from .attributions import AttributionView, attributions_about, attributions_by
from .evidence import statement_evidence
from .refs import ArticleRef as ArticleRef, EntityRef as EntityRef, Evidence as Evidence  # where the views import them from
from .relation_words import relation_words as relation_words

# The classes whose members the view shows as neighbours (entities, and the offices people hold).
NEIGHBOUR_CLASSES = (*entity_classes(), "Position")
_KGO = str(KGO._NS)
_SUGGESTIONS = 5


@dataclass(frozen=True)
class StatementView:
    """One statement of a relation in one article, with its qualifiers and evidence."""

    iri: str
    modality: str  # Asserted, Possible or Negated
    date: str | None = None
    date_role: str | None = None  # "date" (when it happened) or "start" (since when)
    date_text: str | None = None
    place: EntityRef | None = None
    confidence: float | None = None
    rule: str | None = None
    evidence: tuple[Evidence, ...] = ()
    article: ArticleRef | None = None
    according_to: str | None = None  # for a kgo:Reported statement, who the article says it from

    @property
    def reported_on(self) -> str | None:
        """The day the statement was reported: its article's publication date. Kept apart from
        `date`, the date its own sentence gives, and computed here rather than stored: it is a
        fact about the article (schema:datePublished), which the store already holds once."""
        return self.article.date if self.article else None

    @property
    def when(self) -> tuple[str | None, str | None]:
        """The statement's place in time and how it is known: ("2016-09-08", "date") from its
        sentence, ("…", "start") since when, ("…", "reported") from its article, or (None, None)."""
        if self.date:
            return self.date, self.date_role or "date"
        # A fact of the gazetteer's was not reported by the article that happens to name both ends.
        return (self.reported_on, "reported") if self.reported_on and not self.from_gazetteer else (None, None)

    @property
    def from_gazetteer(self) -> bool:
        """A fact the gazetteer implies (a city's country), with no sentence behind it."""
        return not self.evidence and not self.according_to


@dataclass(frozen=True)
class RelationView:
    """A relation between the entity and another one. `direction` is "out" when the entity is
    the subject (always, for symmetric relations); `asserted` when the store holds the direct
    triple (possible and negated statements give none)."""

    predicate: str  # kgo local name, e.g. "spokeWith"
    direction: str
    other: EntityRef
    asserted: bool
    statements: tuple[StatementView, ...] = ()

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(sorted({s.date for s in self.statements if s.date}))

    @property
    def reported_dates(self) -> tuple[str, ...]:
        """The publication days of the articles behind the statements that give no date of their own."""
        return tuple(sorted({s.reported_on for s in self.statements if s.when[1] == "reported" and s.reported_on}))

    @property
    def modalities(self) -> tuple[str, ...]:
        return tuple(sorted({s.modality for s in self.statements}))

    @property
    def from_gazetteer_only(self) -> bool:
        """No sentence says it: every statement rests on the gazetteer alone, or (a direct triple
        with no statement) kg knows it from the gazetteer or as what a stated fact entails."""
        if not self.statements:
            return self.asserted
        return all(s.from_gazetteer for s in self.statements)


@dataclass(frozen=True)
class QuoteView:
    text: str
    article: ArticleRef
    start: int
    end: int

    @property
    def scare_quote(self) -> bool:
        """One word between quotation marks ("lengthy"): a writer's distance, not something said."""
        return len(self.text.split()) <= 1


@dataclass(frozen=True)
class ArticleMentions:
    article: ArticleRef
    mentions: int


@dataclass(frozen=True)
class EntityView:
    iri: str
    label: str
    types: tuple[str, ...]
    names: tuple[str, ...]  # other names (skos:altLabel)
    same_as: tuple[str, ...]  # owl:sameAs links, e.g. Wikidata
    relations: tuple[RelationView, ...] = ()
    articles: tuple[ArticleMentions, ...] = ()
    quotes: tuple[QuoteView, ...] = ()
    quotes_total: int = 0
    other_labels: tuple[str, ...] = field(default=())  # further rdfs:labels, if articles disagree
    said: tuple[AttributionView, ...] = ()  # what it said, quoted or reported
    said_about: tuple[AttributionView, ...] = ()  # what others said that mentions it

    @property
    def ref(self) -> EntityRef:
        return EntityRef(self.iri, self.label, self.types)

    def as_dict(self) -> dict:
        """Plain JSON-ready data, with each reference's broad kind for drawing."""
        data = asdict(self)
        data["kind"] = self.ref.kind
        dates = sorted(a.article.date for a in self.articles if a.article.date)
        data["articles_total"] = len(self.articles)
        data["article_span"] = [dates[0], dates[-1]] if dates else []
        for quote, plain in zip(self.quotes, data["quotes"], strict=True):
            plain["scare_quote"] = quote.scare_quote
        for relation, plain in zip(self.relations, data["relations"], strict=True):
            plain["other"]["kind"] = relation.other.kind
            plain["dates"] = list(relation.dates)
            plain["reported_dates"] = list(relation.reported_dates)
            plain["gazetteer_only"] = relation.from_gazetteer_only
            for statement, plain_statement in zip(relation.statements, plain["statements"], strict=True):
                plain_statement["reported_on"] = statement.reported_on
            plain["symmetric"] = is_symmetric(relation.predicate)
            plain["phrase"] = relation_phrase(relation)
            plain["words"] = relation_words(relation.predicate, relation.direction)
        return data


def describe_entity(store: Store, name_or_iri: str, *, max_quotes: int = 200) -> EntityView:
    """What the store knows about the entity with this IRI (`<IRI>`, bare, or `person:...`) or this name
    (rdfs:label, else skos:altLabel; case-insensitive). Raises UnknownEntity, with close
    names as suggestions, when nothing or several things fit."""
    iri = _find(store, name_or_iri.strip())
    node = _iri(iri)
    labels: list[str] = []
    alt_labels: list[str] = []
    types: list[str] = []
    same_as: list[str] = []
    for row in _select(store, f"SELECT ?p ?o WHERE {{ {node} ?p ?o FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, owl:sameAs)) }}"):
        predicate, value = row["p"].value, row["o"].value
        {PREFIXES["rdfs"] + "label": labels, PREFIXES["skos"] + "altLabel": alt_labels,
         PREFIXES["rdf"] + "type": types, PREFIXES["owl"] + "sameAs": same_as}[predicate].append(value)
    label = preferred_label(iri, labels) or _local(iri)
    labels = [label, *sorted(set(labels) - {label})]
    articles = _articles(store)

    def article_ref(graph: str) -> ArticleRef:
        return _article_ref(articles, graph)

    return EntityView(
        iri=iri,
        label=label,
        types=_class_names(types),
        names=tuple(sorted(set(alt_labels) - set(labels))),
        same_as=tuple(sorted(set(same_as))),
        relations=_relations(store, iri, articles),
        articles=_mentioning(store, node, articles),
        quotes=_quotes(store, node, articles, max_quotes),
        quotes_total=_count(store, f"SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE {{ {node} kgo:said ?q }}"),
        other_labels=tuple(labels[1:]),
        said=attributions_by(store, node, article_ref, max_quotes),
        said_about=attributions_about(store, node, article_ref, max_quotes),
    )


# --- finding the entity -----------------------------------------------------------------

def _find(store: Store, name: str) -> str:
    if not name:
        raise UnknownEntity("Give an entity's name or IRI, e.g. \"Vladimir Putin\".")
    iri = _expand(name)
    if iri is not None:
        try:
            ox.NamedNode(iri)
        except ValueError:
            raise UnknownEntity(f"{name!r} is not a valid IRI; give an entity's name or its full IRI.") from None
        if store.query(f"ASK {{ {{ {_iri(iri)} ?p ?o }} UNION {{ ?s ?p {_iri(iri)} }} }}"):
            return iri
        raise UnknownEntity(f"The store has nothing about <{iri}>.{_suggest(store, _local(iri).replace('-', ' '))}")
    matches: dict[str, list[str]] = {"label": [], "alt": []}
    rows = _select(store, f"""
        SELECT DISTINCT ?e ?kind WHERE {{
          {{ ?e rdfs:label ?l BIND("label" AS ?kind) }} UNION {{ ?e skos:altLabel ?l BIND("alt" AS ?kind) }}
          FILTER(LCASE(STR(?l)) = LCASE({sparql_string(name)}))
          FILTER NOT EXISTS {{ ?e a kgo:Statement }}
        }}""")
    for row in rows:
        matches[row["kind"].value].append(row["e"].value)
    found = sorted(set(matches["label"])) or sorted(set(matches["alt"]))
    # A name the store's entities bear before the nodes only one article has (a source it
    # describes, a name linking left unresolved): "Trump" is Donald Trump.
    found = [iri for iri in found if not article_local(iri)] or found
    if len(found) == 1:
        return found[0]
    if found:
        refs = _refs(store, set(found))
        descriptions = short_descriptions(store, refs)
        candidates = [(iri, f"{refs[iri].label} ({descriptions[iri]})") for iri in found]
        listed = "; ".join(f"{label} <{iri}>" for iri, label in candidates)
        raise UnknownEntity(f"{name!r} names {len(found)} entities: {listed}. Give one of these IRIs instead.", candidates)
    raise UnknownEntity(f"No entity named {name!r} in the store.{_suggest(store, name)}",
                        _close(store, name))


def _expand(name: str) -> str | None:
    if name.startswith("<") and name.endswith(">"):
        name = name[1:-1]
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, colon, rest = name.partition(":")
    if colon and prefix in PREFIXES and " " not in name:
        return PREFIXES[prefix] + re.sub(r"\\(.)", r"\1", rest)  # person:a\.b as Turtle escapes it
    return None


def _close(store: Store, name: str) -> list[tuple[str, str]]:
    """Entities whose names are close to `name`: containing it, or spelled alike."""
    names: dict[str, tuple[str, str]] = {}
    classes = ", ".join(f"kgo:{c}" for c in entity_classes())
    for row in _select(store, f"""
        SELECT DISTINCT ?e ?l ?label WHERE {{
          ?e a ?type ; rdfs:label ?label . FILTER(?type IN ({classes}))
          {{ ?e rdfs:label ?l }} UNION {{ ?e skos:altLabel ?l }}
        }}"""):
        names.setdefault(row["l"].value.casefold(), (row["e"].value, row["label"].value))
    wanted = name.casefold()
    close = [n for n in names if wanted in n or (len(n) > 2 and n in wanted)]
    close += difflib.get_close_matches(wanted, list(names), n=_SUGGESTIONS, cutoff=0.6)
    suggestions: dict[str, tuple[str, str]] = {}
    for match in close:
        iri, label = names[match]
        suggestions.setdefault(iri, (iri, label))
    return list(suggestions.values())[:_SUGGESTIONS]


def _suggest(store: Store, name: str) -> str:
    close = _close(store, name)
    if not close:
        return " List the people, for example, with: kg query 'SELECT ?name WHERE { ?p a kgo:Person ; skos:prefLabel ?name }'"
    return " Did you mean: " + ", ".join(label for _, label in close) + "?"


# --- what the store says ----------------------------------------------------------------

def _articles(store: Store) -> dict[str, ArticleRef]:
    """Every article by its named graph (the graph an article's statements live in)."""
    refs = {}
    for row in _select(store, """
        SELECT ?g ?id ?title ?date ?url WHERE { GRAPH ?g {
          ?a a kgo:Article ; schema:identifier ?id .
          OPTIONAL { ?a schema:headline ?title } OPTIONAL { ?a schema:datePublished ?date } OPTIONAL { ?a schema:url ?url }
        } }"""):
        graph = row["g"].value
        refs[graph] = ArticleRef(row["id"].value, graph, _value(row, "title"), _value(row, "date"), _value(row, "url"))
    return refs


def _relations(store: Store, iri: str, articles: dict[str, ArticleRef]) -> tuple[RelationView, ...]:
    node = _iri(iri)
    classes = ", ".join(f"kgo:{c}" for c in NEIGHBOUR_CLASSES)
    keyed: dict[tuple[str, str, str], dict] = {}

    def key(predicate: str, direction: str, other: str) -> tuple[str, str, str]:
        if is_symmetric(predicate):
            direction = "out"
        return predicate, direction, other

    direct = _select(store, f"""
        SELECT DISTINCT ?p ?other ?direction WHERE {{
          {{ {node} ?p ?other BIND("out" AS ?direction) }} UNION {{ ?other ?p {node} BIND("in" AS ?direction) }}
          ?other a ?type . FILTER(?type IN ({classes}))
          FILTER(STRSTARTS(STR(?p), "{_KGO}"))
        }}""")
    for row in direct:
        predicate = _local(row["p"].value)
        entry = keyed.setdefault(key(predicate, row["direction"].value, row["other"].value), {"statements": {}})
        entry["asserted"] = True

    statements = _select(store, f"""
        SELECT ?g ?st ?p ?other ?direction ?modality ?date ?start ?dateText ?place ?confidence ?rule ?source ?sourceWords WHERE {{
          GRAPH ?g {{
            {{ ?st rdf:subject {node} ; rdf:object ?other BIND("out" AS ?direction) }}
            UNION {{ ?st rdf:object {node} ; rdf:subject ?other BIND("in" AS ?direction) }}
            ?st a kgo:Statement ; rdf:predicate ?p .
            OPTIONAL {{ ?st kgo:modality ?modality }} OPTIONAL {{ ?st kgo:date ?date }}
            OPTIONAL {{ ?st kgo:startDate ?start }} OPTIONAL {{ ?st kgo:dateText ?dateText }}
            OPTIONAL {{ ?st kgo:place ?place }} OPTIONAL {{ ?st kgo:confidence ?confidence }}
            OPTIONAL {{ ?st kgo:rule ?rule }}
            OPTIONAL {{ ?st kgo:accordingTo ?attribution .
                        OPTIONAL {{ ?attribution kgo:source/rdfs:label ?source }}
                        OPTIONAL {{ ?attribution kgo:sourceMention/nif:anchorOf ?sourceWords }} }}
          }}
        }}""")
    evidence = statement_evidence(store, node, lambda graph: _article_ref(articles, graph))
    places = {row["place"].value for row in statements if row["place"] is not None}
    for row in statements:
        predicate = _local(row["p"].value)
        if not row["p"].value.startswith(_KGO):
            continue
        entry = keyed.setdefault(key(predicate, row["direction"].value, row["other"].value), {"statements": {}})
        entry.setdefault("asserted", False)
        graph = row["g"].value
        date, role = (_value(row, "date"), "date") if row["date"] is not None else (_value(row, "start"), "start")
        entry["statements"][(graph, row["st"].value)] = dict(
            iri=row["st"].value,
            modality=_local(row["modality"].value) if row["modality"] is not None else "Asserted",
            date=date,
            date_role=role if date else None,
            date_text=_value(row, "dateText"),
            place=_value(row, "place"),
            confidence=float(row["confidence"].value) if row["confidence"] is not None else None,
            rule=_value(row, "rule"),
            according_to=_value(row, "source") or _value(row, "sourceWords"),
            evidence=tuple(evidence.get((graph, row["st"].value), ())),
            article=articles.get(graph),
        )

    refs = _refs(store, {other for _, _, other in keyed} | places)
    relations = []
    for (predicate, direction, other), entry in keyed.items():
        views = [StatementView(**{**s, "place": refs.get(s["place"]) if s["place"] else None})
                 for s in entry["statements"].values()]
        views.sort(key=lambda s: (s.article.date or "" if s.article else "", s.article.id if s.article else "", s.iri))
        relations.append(RelationView(predicate, direction, refs[other], entry["asserted"], tuple(views)))
    relations.sort(key=lambda r: (r.predicate, r.direction, r.other.label))
    return tuple(relations)


def _article_ref(articles: dict[str, ArticleRef], graph: str) -> ArticleRef:
    """The article of `graph`, or a bare reference by its graph when the store lacks its metadata."""
    return articles.get(graph) or ArticleRef(_local(graph), graph)


def _mentioning(store: Store, node: str, articles: dict[str, ArticleRef]) -> tuple[ArticleMentions, ...]:
    rows = _select(store, f"""
        SELECT ?g (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m itsrdf:taIdentRef {node} }} }} GROUP BY ?g""")
    mentions = [ArticleMentions(_article_ref(articles, row["g"].value),
                                int(row["n"].value)) for row in rows]
    mentions.sort(key=lambda a: a.article.id)
    return tuple(sorted(mentions, key=lambda a: a.article.date or "", reverse=True))  # newest first, undated last


def _quotes(store: Store, node: str, articles: dict[str, ArticleRef], limit: int) -> tuple[QuoteView, ...]:
    rows = _select(store, f"""
        SELECT ?g ?text ?b ?e WHERE {{ GRAPH ?g {{ {node} kgo:said ?q . ?q nif:anchorOf ?text ; nif:beginIndex ?b ; nif:endIndex ?e }} }}
        ORDER BY DESC(STRLEN(?text)) ?g ?b LIMIT {int(limit)}""")
    quotes = [QuoteView(row["text"].value, _article_ref(articles, row["g"].value),
                        int(row["b"].value), int(row["e"].value)) for row in rows]
    # The longest first: whole sentences said say most; one-word scare quotes last.
    return tuple(sorted(quotes, key=lambda q: (q.scare_quote, -len(q.text))))


def _refs(store: Store, iris: set[str]) -> dict[str, EntityRef]:
    if not iris:
        return {}
    values = " ".join(_iri(i) for i in sorted(iris))
    labels: dict[str, set[str]] = {i: set() for i in iris}
    types: dict[str, list[str]] = {i: [] for i in iris}
    for row in _select(store, f"""
        SELECT ?x ?label ?type WHERE {{ VALUES ?x {{ {values} }} OPTIONAL {{ ?x rdfs:label ?label }} OPTIONAL {{ ?x a ?type }} }}"""):
        x = row["x"].value
        if row["label"] is not None:
            labels[x].add(row["label"].value)
        if row["type"] is not None:
            types[x].append(row["type"].value)
    return {i: EntityRef(i, preferred_label(i, labels[i]) or _local(i), _class_names(types[i])) for i in iris}


# What tells apart entities of one name, best first: the office a person holds, then the country
# a person is a citizen of or a place or body is in.
_DESCRIBING = ("holdsPosition", "citizenOf", "locatedIn", "basedIn")


def short_descriptions(store: Store, refs: dict[str, EntityRef]) -> dict[str, str]:
    """A few words telling each entity of `refs` (as _refs gives them) apart from others of its
    name: its class and a position or a country ("person, President"; "city, United States")."""
    iris = set(refs)
    found: dict[str, dict[str, set[str]]] = {iri: {} for iri in iris}
    if iris:
        values = " ".join(_iri(i) for i in sorted(iris))
        predicates = ", ".join(f"kgo:{p}" for p in _DESCRIBING)
        for row in _select(store, f"""SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {values} }} ?x ?p ?o FILTER(?p IN ({predicates})) }}"""):
            found[row["x"].value].setdefault(_local(row["p"].value), set()).add(row["o"].value)
    others = _refs(store, {o for by in found.values() for objects in by.values() for o in objects})
    descriptions = {}
    for iri in iris:
        kind = (refs[iri].types[0] if refs[iri].types else refs[iri].kind).lower()
        detail = next((min(others[o].label for o in found[iri][p]) for p in _DESCRIBING if found[iri].get(p)), None)
        descriptions[iri] = f"{kind}, {detail}" if detail else kind
    return descriptions


def _class_names(types: list[str]) -> tuple[str, ...]:
    """kgo class names, the most specific first (City and Country before Place)."""
    order = {name: n for n, name in enumerate(class_order("entity"))}
    names = {_local(t) for t in types if t.startswith(_KGO)}
    return tuple(sorted(names, key=lambda name: (order.get(name, len(order)), name)))


# --- small helpers ----------------------------------------------------------------------

def _select(store: Store, sparql: str) -> list[ox.QuerySolution]:
    return list(select(store, sparql))


def _count(store: Store, sparql: str) -> int:
    return int(next(iter(select(store, sparql)))["n"].value)


def _value(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


def _iri(iri: str) -> str:
    """An IRI for a SPARQL query; pyoxigraph validates it, so nothing can break out of <>."""
    return str(ox.NamedNode(iri))


def _local(iri: str) -> str:
    if iri.startswith(_KGO):
        return iri[len(_KGO):]
    if iri.startswith(RESOURCE_BASE):
        return iri[len(RESOURCE_BASE):]
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


# --- the relation in words ---------------------------------------------------------------

def relation_phrase(relation: RelationView) -> str:
    """"spokeWith ↔ Donald Trump": the relation from the entity's side."""
    arrow = "↔" if is_symmetric(relation.predicate) else ("→" if relation.direction == "out" else "←")
    return f"{relation.predicate} {arrow} {relation.other.label}"
