"""The IRIs kg writes: its ontology (closed, so a misspelled term fails loudly) and the
standard vocabularies it reuses."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace, OWL, PROV, RDF, RDFS, SKOS, XSD, DCTERMS

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
RESOURCE_BASE = "https://w3id.org/kg-news/id/"


class KGO(DefinedNamespace):
    """kg's ontology terms, mirrored from ontology/kg.ttl (a test keeps the two equal)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Article: URIRef
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    Place: URIRef
    Country: URIRef
    City: URIRef
    Position: URIRef
    Quote: URIRef
    Event: URIRef
    Statement: URIRef

    hasContext: URIRef
    mentions: URIRef
    textHash: URIRef
    nerLabel: URIRef
    title: URIRef

    holdsPosition: URIRef
    leaderOf: URIRef
    memberOf: URIRef
    affiliatedWith: URIRef
    citizenOf: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    livesIn: URIRef
    bornIn: URIRef
    spokeWith: URIRef
    metWith: URIRef
    visited: URIRef
    negotiatesWith: URIRef
    invaded: URIRef
    atWarWith: URIRef
    killed: URIRef
    said: URIRef

    Conversation: URIRef
    PhoneCall: URIRef
    Meeting: URIRef
    Visit: URIRef
    Negotiation: URIRef
    Attack: URIRef
    Invasion: URIRef
    War: URIRef
    participant: URIRef

    Modality: URIRef
    Asserted: URIRef
    Possible: URIRef
    Negated: URIRef
    modality: URIRef
    confidence: URIRef
    rule: URIRef
    date: URIRef
    startDate: URIRef
    dateText: URIRef
    TimeExpression: URIRef
    place: URIRef
    event: URIRef
    speakerMention: URIRef
    partial: URIRef


class NIF(DefinedNamespace):
    """The NIF 2.0 core terms kg uses for texts, sentences and mentions."""

    _NS = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
    _fail = True

    Context: URIRef
    Sentence: URIRef
    Phrase: URIRef
    String: URIRef
    OffsetBasedString: URIRef
    RFC5147String: URIRef
    isString: URIRef
    anchorOf: URIRef
    beginIndex: URIRef
    endIndex: URIRef
    referenceContext: URIRef
    sentence: URIRef
    sourceUrl: URIRef


class ITSRDF(DefinedNamespace):
    """The ITS 2.0 terms NIF uses to link a mention to the entity it denotes."""

    _NS = Namespace("http://www.w3.org/2005/11/its/rdf#")
    _fail = True

    taIdentRef: URIRef
    taClassRef: URIRef


SCHEMA = Namespace("https://schema.org/")
KGR = Namespace(RESOURCE_BASE)

PREFIXES: dict[str, str] = {
    "kgo": str(KGO._NS),
    "kgr": RESOURCE_BASE,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "nif": str(NIF._NS),
    "itsrdf": str(ITSRDF._NS),
    "dcterms": str(DCTERMS),
}
"""Prefixes predeclared in queries and used when exporting."""
