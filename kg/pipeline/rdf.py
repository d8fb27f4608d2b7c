"""Write one article's resolved entities and mentions as an RDF graph in
kg's ontology, with NIF 2.0 offsets so every node leads back to the exact words."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..graphs import ArticleGraph
from ..namespaces import ITSRDF, KGO, NIF, PREFIXES, SCHEMA, WIKIDATA, article_iri, entity_iri, graph_iri, position_iri
from ..resources import is_symmetric
from .extract import NEGATED, POSSIBLE, TimeExpression
from .extract.model import REPORTED
from .read import Dateline
from .resolve import CITY, COUNTRY, ORGANIZATION, PLACE, Entity, Resolution, resolved_by
from .resolve.relations import Contents

_MODALITY = {POSSIBLE: KGO.Possible, NEGATED: KGO.Negated, REPORTED: KGO.Reported}
_DATATYPES = {"date": XSD.date, "gYearMonth": XSD.gYearMonth, "gYear": XSD.gYear}

NifString = Callable[..., URIRef]  # nif_string(start, end, sentence, words=None): a stretch of the text as a node


def _date_literal(time: TimeExpression) -> Literal:
    """A time expression's value, typed by its datatype (only a pinned-down one has them)."""
    if time.value is None or time.datatype is None:
        raise ValueError(f"the time expression {time.text!r} has no value")
    return Literal(time.value, datatype=_DATATYPES[time.datatype])


def to_rdf(resolution: Resolution, graph: Graph | None = None) -> ArticleGraph:
    """The article's graph, written into `graph` (empty; an ordinary rdflib Graph when None)."""
    article = resolution.article
    graph = Graph() if graph is None else graph
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    art = article_iri(article.id)
    text_base = f"{art}/text#char="
    context = URIRef(f"{text_base}0,{len(article.text)}")

    # NIF 2.0 types offsets xsd:nonNegativeInteger, but Oxigraph stores every integer type as
    # xsd:integer; writing xsd:integer keeps a stored graph equal to the one validated.
    def offsets(node: URIRef, start: int, end: int) -> None:
        graph.add((node, RDF.type, NIF.OffsetBasedString))
        graph.add((node, NIF.beginIndex, Literal(start, datatype=XSD.integer)))
        graph.add((node, NIF.endIndex, Literal(end, datatype=XSD.integer)))

    graph.add((art, RDF.type, KGO.Article))
    graph.add((art, SCHEMA.identifier, Literal(article.id)))
    graph.add((art, KGO.textHash, Literal(article.text_hash)))
    graph.add((art, KGO.hasContext, context))
    if article.published:
        graph.add((art, SCHEMA.datePublished, Literal(article.published.isoformat(), datatype=XSD.date)))
    if article.title:
        graph.add((art, SCHEMA.headline, Literal(article.title)))
    if article.url:
        graph.add((art, SCHEMA.url, Literal(article.url, datatype=XSD.anyURI)))
    if article.author:
        graph.add((art, SCHEMA.author, Literal(article.author)))

    graph.add((context, RDF.type, NIF.Context))
    graph.add((context, NIF.isString, Literal(article.text)))
    offsets(context, 0, len(article.text))
    if article.url:
        graph.add((context, NIF.sourceUrl, Literal(article.url, datatype=XSD.anyURI)))

    sentence_nodes = []
    for sentence in resolution.sentences:
        node = URIRef(f"{text_base}{sentence.start},{sentence.end}")
        sentence_nodes.append(node)
        graph.add((node, RDF.type, NIF.Sentence))
        graph.add((node, NIF.anchorOf, Literal(sentence.text)))
        graph.add((node, NIF.referenceContext, context))
        offsets(node, sentence.start, sentence.end)

    def nif_string(start: int, end: int, sentence: int, words: str | None = None) -> URIRef:
        """A stretch of the article text as a NIF string: its words, offsets and sentence."""
        node = URIRef(f"{text_base}{start},{end}")
        graph.add((node, NIF.anchorOf, Literal(article.text[start:end] if words is None else words)))
        graph.add((node, NIF.referenceContext, context))
        graph.add((node, NIF.sentence, sentence_nodes[sentence]))
        offsets(node, start, end)
        return node

    entity_nodes = []
    phrase_of: dict[tuple[int, int], URIRef] = {}
    for entity in resolution.entities:
        node = _add_entity(graph, entity)
        entity_nodes.append(node)
        graph.add((art, KGO.mentions, node))
        for mention in entity.mentions:
            phrase = nif_string(mention.start, mention.end, mention.sentence, mention.text)
            phrase_of[(mention.start, mention.end)] = phrase
            graph.add((phrase, RDF.type, NIF.Phrase))
            graph.add((phrase, ITSRDF.taIdentRef, node))
            graph.add((phrase, ITSRDF.taClassRef, KGO[entity.type]))
            if mention.ner_label:
                graph.add((phrase, KGO.nerLabel, Literal(mention.ner_label)))
            if mention.title:
                graph.add((phrase, KGO.title, Literal(mention.title)))
            how = resolved_by(mention, entity)
            if how is not None:
                graph.add((phrase, KGO.resolvedBy, Literal(how)))
            if mention.extent_end is not None:  # 'Millbrook, N.Y.' names the town too
                extent = nif_string(mention.start, mention.extent_end, mention.sentence,
                                    article.text[mention.start:mention.extent_end])
                graph.add((extent, RDF.type, NIF.Phrase))
                graph.add((extent, ITSRDF.taIdentRef, node))
                graph.add((extent, ITSRDF.taClassRef, KGO[entity.type]))
                graph.add((extent, KGO.nerLabel, Literal(mention.ner_label)))

    if article.dateline is not None:
        _add_dateline(graph, art, article.dateline, resolution.entities, entity_nodes)

    for time in resolution.times:
        node = nif_string(time.start, time.end, time.sentence, time.text)
        graph.add((node, RDF.type, KGO.TimeExpression))
        if time.value is not None:
            graph.add((node, KGO.date, _date_literal(time)))

    contents = Contents.of([a.attribution for a in resolution.attributions])  # once: a reported relation looks up its attribution
    for number, relation in enumerate(resolution.relations, start=1):
        subject = entity_nodes[relation.subject]
        if relation.position is not None:
            obj = position_iri(relation.position)
            graph.add((obj, RDF.type, KGO.Position))
            graph.add((obj, RDFS.label, Literal(relation.position)))
        else:
            assert relation.object is not None  # a relation without a position title has an object
            obj = entity_nodes[relation.object]
        predicate: URIRef = KGO[relation.predicate]
        if relation.modality not in _MODALITY:
            graph.add((subject, predicate, obj))
            if is_symmetric(relation.predicate):
                graph.add((obj, predicate, subject))
        if relation.sentence is None:
            continue  # what the gazetteer knows, no words of the article state: a fact, not the article's statement
        statement = URIRef(f"{art}/statement/{number}")
        graph.add((statement, RDF.type, KGO.Statement))
        graph.add((statement, RDF.subject, subject))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, RDF.object, obj))
        graph.add((statement, KGO.modality, _MODALITY.get(relation.modality, KGO.Asserted)))
        if relation.modality == REPORTED:  # the attribution it is read in (numbered as written below)
            reported_in = contents.innermost(relation.start, relation.end)
            assert reported_in is not None  # a relation is reported for lying in an attribution's content
            graph.add((statement, KGO.accordingTo, URIRef(f"{art}/attribution/{reported_in + 1}")))
        graph.add((statement, KGO.confidence, Literal(Decimal(str(relation.confidence)), datatype=XSD.decimal)))
        graph.add((statement, KGO.rule, Literal(relation.rule)))
        for end, how in ((KGO.subjectResolvedBy, relation.subject_resolved_by), (KGO.objectResolvedBy, relation.object_resolved_by)):
            if how is not None:
                graph.add((statement, end, Literal(how)))
        if relation.sentence is not None:
            assert relation.start is not None and relation.end is not None  # what a sentence states has its words
            graph.add((statement, PROV.wasDerivedFrom, nif_string(relation.start, relation.end, relation.sentence)))
            graph.add((statement, PROV.wasDerivedFrom, sentence_nodes[relation.sentence]))
        qualifiers: list[tuple[URIRef, Node]] = []
        if relation.date is not None:
            when = _date_literal(relation.date)
            qualifiers.append((KGO.startDate if relation.date_role == "start" else KGO.date, when))
            qualifiers.append((KGO.dateText, Literal(relation.date.text)))
        if relation.place is not None:
            qualifiers.append((KGO.place, entity_nodes[relation.place]))
        for qualifier in qualifiers:
            graph.add((statement, *qualifier))
        if relation.event is not None:
            event = URIRef(f"{art}/event/{number}")
            graph.add((statement, KGO.event, event))
            graph.add((event, RDF.type, KGO[relation.event]))
            graph.add((event, KGO.participant, subject))
            graph.add((event, KGO.participant, obj))
            for qualifier in qualifiers:
                graph.add((event, *qualifier))

    for quote in resolution.quotes:
        node = nif_string(quote.start, quote.end, quote.sentence, quote.text)
        graph.add((node, RDF.type, KGO.Quote))
        graph.add((node, KGO.rule, Literal(quote.rule)))
        graph.add((node, KGO.partial, Literal(quote.partial)))
        if quote.speaker is not None:
            graph.add((entity_nodes[quote.speaker], KGO.said, node))
            speaker = quote.speaker_mention
            assert speaker is not None  # a quote's speaker is one of its mentions
            graph.add((node, KGO.speakerMention, phrase_of[(speaker.start, speaker.end)]))

    _add_attributions(graph, resolution, art, entity_nodes, phrase_of, nif_string, sentence_nodes)
    return ArticleGraph(article.id, art, graph_iri(article.id), article.text_hash, graph)


_STYLES = {"direct": KGO.Direct, "mixed": KGO.Mixed, "indirect": KGO.Indirect}


def _add_attributions(graph: Graph, resolution: Resolution, art: URIRef, entity_nodes: list[URIRef],
                      phrase_of: dict[tuple[int, int], URIRef], nif_string: NifString, sentence_nodes: list[URIRef]) -> None:
    """Who said what to whom: a kgo:Attribution per reported statement, its content and cue as
    NIF strings, its source an entity or, when the text only describes it, a kgo:Source of the
    article labelled with the description."""
    described: dict[str, URIRef] = {}
    starts = [sentence.start for sentence in resolution.sentences]

    def sentence_at(char: int) -> int:
        # The sentence holding `char`, by bisection (an article has many attributions and sentences).
        index = bisect_right(starts, char) - 1
        if index >= 0 and char < resolution.sentences[index].end:
            return index
        return max(0, len(starts) - 1)

    def party(words: str, start: int, end: int, sentence: int, organization: int | None, named: int | None) -> URIRef:
        # One node per description in an article ('officials' said it twice); a description
        # that comes with a name ('the spokesman, Dmitry Peskov,') identifies the source the
        # same words described before ('a Kremlin spokesman').
        key = re.sub(r"^(the|a|an) ", "", words.casefold())
        node = described.get(key)
        if node is None and named is not None:
            head = key.split()[-1].rstrip("s")
            node = next((n for k, n in reversed(described.items()) if k.split()[-1].rstrip("s") == head), None)
        if node is None:
            node = URIRef(f"{art}/source/{len(set(described.values())) + 1}")
            graph.add((node, RDF.type, KGO.Source))
            graph.add((node, RDFS.label, Literal(words)))
        described[key] = node
        if organization is not None:
            graph.add((node, KGO.speaksFor, entity_nodes[organization]))
        if named is not None:
            graph.add((node, KGO.identifiedAs, entity_nodes[named]))
        graph.add((node, KGO.sourceMention, nif_string(start, end, sentence)))
        return node

    for number, resolved in enumerate(resolution.attributions, start=1):
        found = resolved.attribution
        node = URIRef(f"{art}/attribution/{number}")
        graph.add((node, RDF.type, KGO.Attribution))
        graph.add((node, KGO.style, _STYLES[found.style]))
        graph.add((node, KGO.rule, Literal(found.rule)))
        content = nif_string(found.start, found.end, found.sentence, found.text)
        graph.add((node, KGO.content, content))
        graph.add((node, PROV.wasDerivedFrom, sentence_nodes[found.sentence]))
        if found.cue_start is not None:
            cue = nif_string(found.cue_start, found.cue_end, sentence_at(found.cue_start))
            graph.add((node, KGO.cue, cue))
            graph.add((node, KGO.cueText, Literal(found.cue)))
        if resolved.source is not None:
            graph.add((node, KGO.source, entity_nodes[resolved.source]))
            mention = resolved.source_mention
            assert mention is not None  # a source resolved to an entity is one of its mentions
            if (mention.start, mention.end) in phrase_of:
                graph.add((node, KGO.sourceMention, phrase_of[(mention.start, mention.end)]))
            else:  # a pronoun taken for the speaker reported just before
                graph.add((node, KGO.sourceMention, nif_string(mention.start, mention.end, mention.sentence, mention.text)))
            if (found.source_start is not None and found.source_end is not None
                    and (found.source_start, found.source_end) != (mention.start, mention.end)):
                # 'Jane Doe, who said ...': the words that stand for the source here are 'who'
                graph.add((node, KGO.sourceMention, nif_string(found.source_start, found.source_end,
                                                               sentence_at(found.source_start))))
        elif resolved.named is not None:
            graph.add((node, KGO.source, entity_nodes[resolved.named]))
        elif found.source_start is not None and found.source_end is not None and found.source_text:
            sentence = sentence_at(found.source_start)
            graph.add((node, KGO.source, party(found.source_text, found.source_start, found.source_end, sentence,
                                               resolved.organization, resolved.named)))
        if resolved.named is not None and found.source_text and resolved.source is None:
            assert found.source_start is not None and found.source_end is not None  # source_text is their words
            sentence = sentence_at(found.source_start)
            party(found.source_text, found.source_start, found.source_end, sentence, resolved.organization, resolved.named)
        if resolved.addressee is not None:
            graph.add((node, KGO.addressee, entity_nodes[resolved.addressee]))
        elif found.addressee_text:
            assert found.addressee_start is not None and found.addressee_end is not None  # addressee_text is their words
            sentence = sentence_at(found.addressee_start)
            graph.add((node, KGO.addressee, party(found.addressee_text, found.addressee_start, found.addressee_end,
                                                  sentence, None, None)))
        for entity in resolved.about:
            graph.add((node, KGO.about, entity_nodes[entity]))
        if resolved.date is not None:
            if resolved.date.value is not None:
                graph.add((node, KGO.date, _date_literal(resolved.date)))
            graph.add((node, KGO.dateText, Literal(resolved.date.text)))


_PLACE_TYPES = (PLACE, CITY, COUNTRY)


def _add_dateline(graph: Graph, art: URIRef, dateline: Dateline, entities: tuple[Entity, ...], entity_nodes: list[URIRef]) -> None:
    """The place a story was filed from (kgo:datelinePlace) and the agency that filed it
    (schema:publisher): the entities the dateline's names resolved to, when they are a place and
    an organization (a name resolution typed otherwise is left unsaid)."""
    for entity, node in zip(entities, entity_nodes, strict=True):
        for mention in entity.mentions:
            if (mention.start, mention.end) == (dateline.place_start, dateline.place_end) and entity.type in _PLACE_TYPES:
                graph.add((art, KGO.datelinePlace, node))
            elif (mention.start, mention.end) == (dateline.agency_start, dateline.agency_end) and entity.type == ORGANIZATION:
                graph.add((art, SCHEMA.publisher, node))


def _add_entity(graph: Graph, entity: Entity) -> URIRef:
    node = entity_iri(entity.type, entity.label)
    graph.add((node, RDF.type, KGO[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    graph.add((node, SKOS.prefLabel, Literal(entity.label)))  # the store-wide name; kg.preferred_labels keeps it one
    for alt in entity.alt_labels:
        graph.add((node, SKOS.altLabel, Literal(alt)))
    if entity.qid:
        graph.add((node, OWL.sameAs, WIKIDATA[entity.qid]))
    return node
