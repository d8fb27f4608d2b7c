"""Scoring kg against gold facts: articles annotated with every named entity (canonical name,
type, the aliases the article uses) and every fact of kg's schema, as
`../shared/eval-data/FACTS-GUIDE.md` says (polnear.facts.dev.jsonl). One JSON object a line:

    {"id", "published"?, "title"?, "text",
     "entities": [{"name", "type": Person|Organization|Country|City|Place, "aliases": [...]}],
     "relations": [{"subject", "predicate": a kg property, "object",
                    "modality": asserted|possible|negated, "date"?: YYYY[-MM[-DD]], "evidence"?}]}

The gold gives names, not character offsets, so kg's nodes are judged by their names. Each
figure is given twice, as the field does:
- strict: the node's class is the gold type, and its label (in any article of the store, so that
  a surname kg linked to the full name counts) is the canonical name; a statement matches with
  both ends matched so, the position's words equal, and the same modality;
- lenient: the types agree coarsely (Country, City and Place are all places), and one of the
  node's names in the article (its label or another name) is the canonical name or an alias,
  compared after folding case, accents, punctuation, curly quotes and a leading "the"; a
  position matches when one's words contain the other's; the modality is not compared.
Entities: recall over the gold entities (found by any node of the article); precision over the
nodes a name of the article points at (a node only a nationality adjective or a pronoun points
at is not judged). Identity, leniently: gold entities split over several nodes of one article,
nodes that match no gold entity (the non-entity rate; those named as a gold entity of another
type counted apart), nodes that stand for two gold entities, and across the store the gold names
that stand for several nodes. Relations: per predicate, each statement kg makes (asserted,
possible or negated) once, a symmetric property in either direction; per modality too; and over
the relations found that carry a gold date, how often kg's statement carries that date (strict:
the same value; lenient: one is a prefix of the other)."""

from __future__ import annotations

import itertools
import json
import re
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib.namespace import OWL, RDF

from .. import api
from ..errors import InputError
from ..lexicon import normalize_name
from ..namespaces import KGO, short_iri
from ..resources import is_symmetric, ontology
from .common import Score, ingested

ENTITY_TYPES = ("Person", "Organization", "Country", "City", "Place")
MODALITIES = ("asserted", "possible", "negated")
MATCHINGS = ("strict", "lenient")
POSITION = "holdsPosition"  # the one property whose object is words, not an entity
_PLACES = {"Country", "City", "Place"}
_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


# --- the gold file --------------------------------------------------------------------------

@dataclass(frozen=True)
class GoldEntity:
    name: str
    type: str
    aliases: tuple[str, ...]

    @property
    def loose_names(self) -> frozenset[str]:
        return frozenset(filter(None, (loose_form(n) for n in (self.name, *self.aliases))))


@dataclass(frozen=True)
class GoldRelation:
    subject: int  # index into the document's entities
    predicate: str
    object: int | None  # an entity's index, or None for a position
    position: str | None  # holdsPosition's words
    modality: str
    date: str | None

    def key(self) -> tuple:
        """The same fact written twice (or a symmetric one both ways) is one fact."""
        ends = (self.subject, self.object if self.position is None else loose_form(self.position))
        if self.position is None and is_symmetric(self.predicate):
            ends = tuple(sorted(ends))
        return (*ends, self.predicate, self.modality)


@dataclass(frozen=True)
class FactsDocument:
    id: str
    text: str
    published: str | None
    title: str | None
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]


def is_facts_file(path: Path) -> bool:
    """Whether a gold file is in the facts format: by its content (entities with a name and no
    offsets, or relations with a subject and a predicate) when its first records tell, else by
    its name (NAME.facts.jsonl)."""
    try:
        with path.open(encoding="utf-8") as handle:
            for line in itertools.islice(handle, 50):
                if not line.strip():
                    continue
                record = json.loads(line)
                for entity in record.get("entities") or []:
                    if isinstance(entity, dict):
                        return "name" in entity and not {"start", "end", "mentions"} & entity.keys()
                for relation in record.get("relations") or []:
                    if isinstance(relation, dict):
                        return "subject" in relation and "predicate" in relation
    except (OSError, ValueError, RecursionError, AttributeError, TypeError):
        pass  # unreadable here: the reader that is chosen says what is wrong, and where
    return ".facts." in path.name.lower()


def read_facts(path: Path, limit: int | None = None) -> list[FactsDocument]:
    documents: list[FactsDocument] = []
    first_line: dict[str, int] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{path}, line {number}"
                document = _document(line, where)
                if document.id in first_line:
                    raise InputError(f"{where}: the id {document.id!r} is also the id of line "
                                     f"{first_line[document.id]}; give each article its own id.")
                first_line[document.id] = number
                documents.append(document)
                if limit is not None and len(documents) >= limit:
                    break
    except UnicodeDecodeError as error:
        raise InputError(f"{path}: not UTF-8 text (byte {error.start}); save the gold file as UTF-8.") from None
    return documents


def _document(line: str, where: str) -> FactsDocument:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        raise InputError(f"{where}: not a JSON object ({error}); write one article object per line.") from None
    if not isinstance(record, dict):
        raise InputError(f"{where}: not a JSON object; write one article object per line.")
    article_id = _text(record, "id", where)
    text = _text(record, "text", where).strip()
    published = _text(record, "published", where, required=False)
    if published is not None and not _DAY.fullmatch(published):
        raise InputError(f"{where}: \"published\" is {published!r}; write the date as YYYY-MM-DD.")
    title = _text(record, "title", where, required=False)
    entities = tuple(_entity(item, f"{where}, entity {n}") for n, item in enumerate(_list(record, "entities", where), 1))
    names = _entity_names(entities)
    relations = tuple(_relation(item, names, f"{where}, relation {n}")
                      for n, item in enumerate(_list(record, "relations", where), 1))
    return FactsDocument(article_id, text, published, title, entities, relations)


def _text(record: dict, key: str, where: str, *, required: bool = True) -> str | None:
    value = record.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: \"{key}\" must be a non-empty string; give the article's {key}.")
    return value


def _list(record: dict, key: str, where: str) -> list:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{where}: \"{key}\" must be a list (write [] when there are none).")
    return value


def _entity(item, where: str) -> GoldEntity:
    if not isinstance(item, dict):
        raise InputError(f"{where}: not an object; write {{\"name\", \"type\", \"aliases\"}}.")
    name = _text(item, "name", where)
    kind = item.get("type")
    if kind not in ENTITY_TYPES:
        raise InputError(f"{where}: type {kind!r} is none of {', '.join(ENTITY_TYPES)}; use one of them.")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError(f"{where}: \"aliases\" must be a list of names (write [] when there are none).")
    return GoldEntity(name.strip(), kind, tuple(a.strip() for a in aliases if a.strip()))


def _entity_names(entities: tuple[GoldEntity, ...]) -> dict[str, int]:
    """Each name a relation may use for an entity: its canonical name first, then its aliases,
    each as written and in the loose form; the first entity to claim a name keeps it."""
    found: dict[str, int] = {}
    for forms in (lambda e: [e.name], lambda e: list(e.aliases), lambda e: [loose_form(e.name)],
                  lambda e: [loose_form(a) for a in e.aliases]):
        for index, entity in enumerate(entities):
            for name in forms(entity):
                found.setdefault(name, index)
    return found


def _relation(item, names: dict[str, int], where: str) -> GoldRelation:
    if not isinstance(item, dict):
        raise InputError(f"{where}: not an object; write {{\"subject\", \"predicate\", \"object\", \"modality\"}}.")
    predicate = _text(item, "predicate", where)
    if predicate not in kg_properties():
        raise InputError(f"{where}: {predicate!r} is not a kg property; use one of {', '.join(sorted(kg_properties()))}.")

    def entity(key: str) -> int:
        name = _text(item, key, where)
        index = names.get(name, names.get(loose_form(name)))
        if index is None:
            raise InputError(f"{where}: the {key} {name!r} is none of the article's entities; list it in \"entities\".")
        return index

    subject = entity("subject")
    position = _text(item, "object", where) if predicate == POSITION else None
    obj = None if predicate == POSITION else entity("object")
    modality = item.get("modality", "asserted")
    if modality not in MODALITIES:
        raise InputError(f"{where}: modality {modality!r} is none of {', '.join(MODALITIES)}; use one of them.")
    date = item.get("date")
    if date is not None and not (isinstance(date, str) and _DATE.fullmatch(date)):
        raise InputError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; write it so or leave it out.")
    return GoldRelation(subject, predicate, obj, position, modality, date)


@lru_cache(maxsize=1)
def kg_properties() -> frozenset[str]:
    """The properties kg states between entities (its ontology's object properties)."""
    namespace = str(KGO._NS)
    return frozenset(str(p)[len(namespace):] for p in ontology().subjects(RDF.type, OWL.ObjectProperty)
                     if str(p).startswith(namespace))


# --- names ----------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def exact_form(name: str) -> str:
    """A name as written, its spaces collapsed and its quotes straightened: the strict form."""
    return " ".join(name.translate(_QUOTES).split())


def loose_form(name: str) -> str:
    """A name with case, accents, punctuation, curly quotes and a leading 'the' folded away:
    'The New York Times' and 'New York Times', 'Mrs. Clinton' and 'Mrs Clinton' are one."""
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    name = re.sub(r"[.']", "", normalize_name(name))  # 'U.S.' is 'us', "O'Neill" 'oneill'
    name = " ".join(re.sub(r"[^\w\s]|_", " ", name).split())  # a hyphen or a comma parts words
    return re.sub(r"^the ", "", name)


def coarse(kind: str) -> str:
    return "Place" if kind in _PLACES else kind


# --- what kg stored -------------------------------------------------------------------------

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
    dates: frozenset[str]


_TYPE_VALUES = " ".join(f"kgo:{kind}" for kind in ENTITY_TYPES)


def kg_nodes(store) -> dict[str, dict[str, KgNode]]:
    """Every entity node each article mentions, by article id and IRI."""
    def rows(sparql: str):
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


def kg_facts(store) -> dict[str, list[KgFact]]:
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
    dates: dict[tuple, set[str]] = defaultdict(set)
    for article_id, _, s, p, o, modality, position, date in rows:
        predicate = str(p).rsplit("#", 1)[-1]
        subject, obj = str(s), str(o)
        if position is None and is_symmetric(predicate) and obj < subject:
            subject, obj = obj, subject
        key = (str(article_id), subject, predicate, obj, str(position) if position is not None else None,
               str(modality).rsplit("#", 1)[-1].lower())
        when = dates.setdefault(key, set())  # a statement without a date is a fact too
        if date is not None:
            when.add(str(date))
    found: dict[str, list[KgFact]] = defaultdict(list)
    for (article_id, *fact), when in sorted(dates.items(), key=lambda item: tuple(map(str, item[0]))):
        found[article_id].append(KgFact(*fact, frozenset(when)))
    return found


# --- matching -------------------------------------------------------------------------------

def entity_matches(node: KgNode, gold: GoldEntity, matching: str) -> bool:
    strict = node.type == gold.type and exact_form(gold.name) in node.canonical
    if matching == "strict" or strict:
        return strict
    return coarse(node.type) == coarse(gold.type) and not node.loose_names.isdisjoint(gold.loose_names)


def position_matches(kg_words: str, gold_words: str, matching: str) -> bool:
    a, b = loose_form(kg_words), loose_form(gold_words)
    if not a or not b:
        return False
    if matching == "strict":
        return a == b
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def fact_matches(fact: KgFact, gold: GoldRelation, matched: dict[str, frozenset[int]], matching: str,
                 modality: bool) -> bool:
    """`matched`: the gold entities each node of the article matches."""
    if fact.predicate != gold.predicate or (modality and fact.modality != gold.modality):
        return False
    if gold.position is not None:
        return (gold.subject in matched.get(fact.subject, ()) and fact.position is not None
                and position_matches(fact.position, gold.position, matching))
    ends = [(fact.subject, fact.object)]
    if is_symmetric(fact.predicate):
        ends.append((fact.object, fact.subject))
    return any(gold.subject in matched.get(s, ()) and gold.object in matched.get(o, ()) for s, o in ends)


def date_matches(kg_dates: frozenset[str], gold: str, matching: str) -> bool:
    if matching == "strict":
        return gold in kg_dates
    return any(d.startswith(gold) or gold.startswith(d) for d in kg_dates)


# --- the report -----------------------------------------------------------------------------

@dataclass
class Identity:
    """One node per real entity, for one type (lenient matching)."""

    gold: int = 0  # gold entities
    split: int = 0  # gold entities that two or more nodes of their article match
    nodes: int = 0  # judged nodes of kg
    unmatched: int = 0  # nodes that match no gold entity
    other_type: int = 0  # of those, named as a gold entity of another type
    merged: int = 0  # nodes that match two or more gold entities

    def add(self, other: Identity) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def non_entity_rate(self) -> float:
        return self.unmatched / self.nodes if self.nodes else 0.0

    def as_dict(self) -> dict:
        return {"gold": self.gold, "split": self.split, "nodes": self.nodes, "unmatched": self.unmatched,
                "other_type": self.other_type, "merged": self.merged, "non_entity_rate": round(self.non_entity_rate, 4)}


@dataclass(frozen=True)
class Case:
    """One error, to read: kind, article, what."""

    kind: str  # see CASE_KINDS
    article: str
    what: str


CASE_KINDS = ("split", "merged", "unmatched", "split in the store", "missed entity", "missed relation", "wrong relation")


def _table(scores: dict[str, Score]) -> dict:
    return {"all": _total(scores).as_dict(), **{k: v.as_dict() for k, v in sorted(scores.items())}}


def _total(scores) -> Score:
    total = Score()
    for score in scores.values():
        total.add(score)
    return total


@dataclass
class FactsReport:
    gold_file: str
    documents: int
    entities: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # matching -> type
    relations: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # -> predicate
    modalities: dict[str, dict[str, Score]] = field(default_factory=lambda: {m: {} for m in MATCHINGS})  # -> modality
    dates: dict[str, Score] = field(default_factory=lambda: {m: Score() for m in MATCHINGS})  # accuracy: found / gold
    identity: dict[str, Identity] = field(default_factory=dict)  # type -> counts
    names: int = 0  # distinct gold names (canonical, loose form) over the file
    names_split: int = 0  # of those, names that nodes with two or more IRIs match
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        identity_total = Identity()
        for counts in self.identity.values():
            identity_total.add(counts)
        return {
            "gold_file": self.gold_file, "documents": self.documents, "seconds": round(self.seconds, 1),
            "entities": {m: _table(self.entities[m]) for m in MATCHINGS},
            "identity": {"all": identity_total.as_dict(), **{k: v.as_dict() for k, v in sorted(self.identity.items())},
                         "store": {"names": self.names, "split": self.names_split}},
            "relations": {m: _table(self.relations[m]) for m in MATCHINGS},
            "modalities": {m: {k: self.modalities[m][k].as_dict() for k in MODALITIES if k in self.modalities[m]}
                           for m in MATCHINGS},
            "dates": {m: {"gold": self.dates[m].gold, "right": self.dates[m].correct_gold,
                          "accuracy": round(self.dates[m].recall, 4)} for m in MATCHINGS},
        }

    def format(self, show: int = 0) -> str:
        """The scores as tables, strict beside lenient; with `show`, up to that many cases of
        each kind of error."""
        lines = [f"{self.gold_file}: {self.documents} documents, {self.seconds:.0f} s",
                 "strict: the exact class and the canonical name, the same modality; lenient: places as one type,",
                 "any name or alias (case, accents, punctuation, 'the' aside), the modality not compared.", ""]
        for title, scores, order in (("Entities", self.entities, None), ("Relations", self.relations, None),
                                     ("Relations by modality", self.modalities, MODALITIES)):
            lines += self._side_by_side(title, scores, order) + [""]
        lines += self._identity_lines() + [""]
        strict, lenient = self.dates["strict"], self.dates["lenient"]
        lines.append(f"Dates of the relations found that have a gold date: strict {strict.correct_gold} of "
                     f"{strict.gold} ({strict.recall:.3f}), lenient {lenient.correct_gold} of {lenient.gold} "
                     f"({lenient.recall:.3f})")
        if show:
            for kind in CASE_KINDS:
                found = [c for c in self.cases if c.kind == kind]
                if found:
                    lines += ["", f"{kind} ({len(found)}):"]
                    lines += [f"  {c.article}: {c.what}" for c in found[:show]]
        return "\n".join(lines)

    @staticmethod
    def _side_by_side(title: str, scores: dict[str, dict[str, Score]], order) -> list[str]:
        strict, lenient = scores["strict"], scores["lenient"]
        keys = [k for k in order if k in lenient] if order else sorted(lenient)
        width = max(14, *(len(k) for k in keys)) if keys else 14
        lines = [f"{'':<{width + 16}}{'strict':>24}  |{'lenient':>23}",
                 f"{title:<{width + 2}}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}  |{'P':>7}{'R':>8}{'F1':>8}"]
        rows = [(k, strict.get(k, Score()), lenient[k]) for k in keys]
        if not order:
            rows.append(("all (micro)", _total(strict), _total(lenient)))
        for name, s, loose in rows:
            lines.append(f"  {name:<{width}}{loose.gold:>7}{loose.predicted:>7}{s.precision:>8.3f}{s.recall:>8.3f}"
                         f"{s.f1:>8.3f}  |{loose.precision:>7.3f}{loose.recall:>8.3f}{loose.f1:>8.3f}")
        return lines

    def _identity_lines(self) -> list[str]:
        total = Identity()
        lines = [f"{'One node per entity (lenient)':<30}{'gold':>6}{'split':>7}{'nodes':>7}{'unmatched':>11}"
                 f"{'other type':>12}{'merged':>8}{'non-entity':>12}"]
        for name, counts in [*sorted(self.identity.items()), ("all", total)]:
            if name != "all":
                total.add(counts)
            lines.append(f"  {name:<28}{counts.gold:>6}{counts.split:>7}{counts.nodes:>7}{counts.unmatched:>11}"
                         f"{counts.other_type:>12}{counts.merged:>8}{counts.non_entity_rate:>12.3f}")
        lines.append(f"  Across the store: {self.names_split} of {self.names} gold names stand for two or more nodes.")
        return lines


# --- scoring --------------------------------------------------------------------------------

def evaluate_facts(gold_file: Path, *, limit: int | None = None) -> FactsReport:
    """Ingest the gold articles (with their dates and headlines) into a temporary store and
    score the entities and statements it holds."""
    started = time.perf_counter()
    documents = read_facts(gold_file, limit)
    report = FactsReport(str(gold_file), len(documents))
    texts = [{"id": d.id, "text": d.text, "published": d.published, "title": d.title} for d in documents]
    with ingested(texts, "published", "title") as store:
        nodes, facts = kg_nodes(store), kg_facts(store)
    store_nodes: dict[str, set[str]] = defaultdict(set)  # gold name (loose) -> IRIs matching it anywhere
    for document in documents:
        score_document(report, document, nodes.get(document.id, {}), facts.get(document.id, []), store_nodes)
    report.names = len(store_nodes)
    for name, iris in sorted(store_nodes.items()):
        if len(iris) > 1:
            report.names_split += 1
            report.cases.append(Case("split in the store", "*", f"{name}: {', '.join(sorted(map(short_iri, iris)))}"))
    report.seconds = time.perf_counter() - started
    return report


def score_document(report: FactsReport, document: FactsDocument, nodes: dict[str, KgNode], facts: list[KgFact],
                   store_nodes: dict[str, set[str]] | None = None) -> None:
    """Add one article's counts to the report."""
    gold_relations = list({r.key(): r for r in document.relations}.values())
    judged = [n for n in nodes.values() if n.named]
    for matching in MATCHINGS:
        matched = {iri: frozenset(i for i, g in enumerate(document.entities) if entity_matches(node, g, matching))
                   for iri, node in nodes.items()}
        entities = report.entities[matching]
        for index, gold in enumerate(document.entities):
            score = entities.setdefault(gold.type, Score())
            score.gold += 1
            score.correct_gold += any(index in found for found in matched.values())
        for node in judged:
            score = entities.setdefault(node.type, Score())
            score.predicted += 1
            score.correct_predicted += bool(matched[node.iri])
        _score_relations(report, document, gold_relations, facts, matched, matching)
        if matching == "lenient":
            _score_identity(report, document, nodes, judged, matched, store_nodes)


def _score_relations(report: FactsReport, document: FactsDocument, gold_relations: list[GoldRelation],
                     facts: list[KgFact], matched: dict[str, frozenset[int]], matching: str) -> None:
    strict = matching == "strict"
    relations, modalities, dates = report.relations[matching], report.modalities[matching], report.dates[matching]
    for gold in gold_relations:
        hits = [f for f in facts if fact_matches(f, gold, matched, matching, modality=strict)]
        score = relations.setdefault(gold.predicate, Score())
        score.gold += 1
        score.correct_gold += bool(hits)
        by_modality = modalities.setdefault(gold.modality, Score())
        by_modality.gold += 1
        by_modality.correct_gold += any(f.modality == gold.modality for f in hits)
        if hits and gold.date is not None:
            dates.gold += 1
            dates.predicted += 1
            right = any(date_matches(f.dates, gold.date, matching) for f in hits)
            dates.correct_gold += right
            dates.correct_predicted += right
        if not hits and not strict:
            report.cases.append(Case("missed relation", document.id, _describe_gold(document, gold)))
    for fact in facts:
        hit = [g for g in gold_relations if fact_matches(fact, g, matched, matching, modality=strict)]
        score = relations.setdefault(fact.predicate, Score())
        score.predicted += 1
        score.correct_predicted += bool(hit)
        by_modality = modalities.setdefault(fact.modality, Score())
        by_modality.predicted += 1
        by_modality.correct_predicted += any(g.modality == fact.modality for g in hit)
        if not hit and not strict:
            report.cases.append(Case("wrong relation", document.id, _describe_fact(fact)))


def _score_identity(report: FactsReport, document: FactsDocument, nodes: dict[str, KgNode], judged: list[KgNode],
                    matched: dict[str, frozenset[int]], store_nodes: dict[str, set[str]] | None) -> None:
    for index, gold in enumerate(document.entities):
        counts = report.identity.setdefault(gold.type, Identity())
        counts.gold += 1
        its_nodes = sorted(iri for iri, found in matched.items() if index in found)
        if len(its_nodes) > 1:
            counts.split += 1
            report.cases.append(Case("split", document.id, f"{gold.name}: {', '.join(map(short_iri, its_nodes))}"))
        if not its_nodes:
            report.cases.append(Case("missed entity", document.id, f"{gold.name} ({gold.type})"))
        if store_nodes is not None:
            store_nodes[loose_form(gold.name)].update(its_nodes)
    for node in judged:
        counts = report.identity.setdefault(node.type, Identity())
        counts.nodes += 1
        found = matched[node.iri]
        if len(found) > 1:
            counts.merged += 1
            names = ", ".join(document.entities[i].name for i in sorted(found))
            report.cases.append(Case("merged", document.id, f"{short_iri(node.iri)} {node.label!r}: {names}"))
        if not found:
            counts.unmatched += 1
            other = [g for g in document.entities if not node.loose_names.isdisjoint(g.loose_names)]
            counts.other_type += bool(other)
            note = f" (the gold has {other[0].name} as a {other[0].type})" if other else ""
            report.cases.append(Case("unmatched", document.id, f"{short_iri(node.iri)} {node.label!r}{note}"))


def _describe_gold(document: FactsDocument, gold: GoldRelation) -> str:
    obj = gold.position if gold.position is not None else document.entities[gold.object].name
    date = f" ({gold.date})" if gold.date else ""
    return f"{document.entities[gold.subject].name} {gold.predicate} {obj} [{gold.modality}]{date}"


def _describe_fact(fact: KgFact) -> str:
    obj = repr(fact.position) if fact.position is not None else short_iri(fact.object)
    return f"{short_iri(fact.subject)} {fact.predicate} {obj} [{fact.modality}]"
