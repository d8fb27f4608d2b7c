"""The IRIs kg writes: its ontology (closed, so a misspelled term fails loudly) and the
standard vocabularies it reuses."""

import hashlib
import json
import re
import unicodedata

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

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
    datelinePlace: URIRef  # where the story's dateline says it was filed from (issue 23)
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
    attacked: URIRef
    sanctioned: URIRef
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
    inverseLabel: URIRef  # a relation read from its object's side (issue 18)

    Modality: URIRef
    Asserted: URIRef
    Possible: URIRef
    Negated: URIRef
    Reported: URIRef  # what a source is reported to say (issue 24)
    accordingTo: URIRef
    modality: URIRef
    confidence: URIRef
    rule: URIRef
    resolvedBy: URIRef
    subjectResolvedBy: URIRef
    objectResolvedBy: URIRef
    date: URIRef
    startDate: URIRef
    dateText: URIRef
    TimeExpression: URIRef
    place: URIRef
    event: URIRef
    speakerMention: URIRef
    partial: URIRef

    # attributions (issue 14)
    Attribution: URIRef
    Source: URIRef
    AttributionStyle: URIRef
    Direct: URIRef
    Mixed: URIRef
    Indirect: URIRef
    style: URIRef
    source: URIRef
    content: URIRef
    cue: URIRef
    cueText: URIRef
    addressee: URIRef
    about: URIRef
    speaksFor: URIRef
    identifiedAs: URIRef
    sourceMention: URIRef


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
WIKIDATA = Namespace("http://www.wikidata.org/entity/")

NODE_KINDS = ("person", "organization", "place", "country", "city", "position", "article", "graph")
"""The first path segment of kg's node IRIs (kg.pipeline.rdf): each gets a prefix of its own, so a
node prints as a valid prefixed name (person:donald-trump), where kgr:person/donald-trump
would need its slash escaped."""

PREFIXES: dict[str, str] = {
    "kgo": str(KGO._NS),
    "kgr": RESOURCE_BASE,
    **{kind: f"{RESOURCE_BASE}{kind}/" for kind in NODE_KINDS},
    "wd": str(WIKIDATA),
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

# SPARQL 1.1 / Turtle 1.1 PN_LOCAL without escapes: what may follow "prefix:" as written.
_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS = _PN_CHARS_BASE + "_\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PERCENT = "%[0-9A-Fa-f]{2}"
PN_LOCAL = re.compile(
    f"(?:[{_PN_CHARS_BASE}_:0-9]|{_PERCENT})(?:(?:[{_PN_CHARS}.:]|{_PERCENT})*(?:[{_PN_CHARS}:]|{_PERCENT}))?"
)
"""The local part of a prefixed name that needs no escapes (an empty one is valid too)."""

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def short_iri(iri: str) -> str:
    """An IRI as kg prints it, always pastable into a query or Turtle with kg's prefixes: a
    prefixed name (person:donald-trump) when the longest matching namespace leaves a valid
    local part, else the full <IRI> (mentions: <…/article/ID/text#char=346,360>)."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace):]
            if not local or PN_LOCAL.fullmatch(local):
                return f"{prefix}:{local}"
            break  # a shorter namespace would leave a '/' or '#' in the local part
    return f"<{iri}>"


def sparql_string(text: str) -> str:
    """`text` as a SPARQL string literal; JSON's escapes are SPARQL's."""
    return json.dumps(text, ensure_ascii=False)


# --- the IRIs of what kg writes ---------------------------------------------------------

_SAFE_ID = re.compile(r"^[A-Za-z0-9._~-]{1,128}$")


def clean_name(name: str) -> str:
    """A name as kg labels it and makes its IRI from: composed (NFC, so "José" is one name however
    it was typed), without invisible format characters (zero-width joiners and spaces, soft
    hyphens, bidi controls: "Olaf<ZWJ>Scholz" would look like "OlafScholz" yet be compared as
    something else), spaces collapsed. The article's text keeps them: mentions are offsets in it."""
    name = unicodedata.normalize("NFC", name)
    name = "".join(char for char in name if unicodedata.category(char) != "Cf")
    return " ".join(name.split())


def article_key(article_id: str) -> str:
    """The path segment for an article id: the id itself when IRI-safe, else a hash of it."""
    if _SAFE_ID.match(article_id):
        return article_id
    return "h-" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:32]


def article_iri(article_id: str) -> URIRef:
    return KGR[f"article/{article_key(article_id)}"]


def graph_iri(article_id: str) -> URIRef:
    return KGR[f"graph/{article_key(article_id)}"]


def slug(label: str) -> str:
    """The last part of an entity's IRI made from its name (see entity_iri)."""
    label = clean_name(label)  # the same name, however composed, gives the same IRI
    return re.sub(r"[^\w]+", "-", label.casefold()).strip("-") or hashlib.sha256(label.encode()).hexdigest()[:16]


def entity_iri(type_: str, label: str) -> URIRef:
    """Deterministic: the same type and canonical name give the same node in every article."""
    return KGR[f"{type_.lower()}/{slug(label)}"]


def position_iri(title: str) -> URIRef:
    return KGR[f"position/{slug(title)}"]
