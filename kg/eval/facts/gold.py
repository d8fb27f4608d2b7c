"""The gold facts file: reading and checking it (a malformed line is an InputError naming the file
and the line), and telling it from the other gold formats."""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib.namespace import OWL, RDF

from ...errors import InputError
from ...namespaces import KGO
from ...resources import is_symmetric, ontology
from .names import loose_form

ENTITY_TYPES = ("Person", "Organization", "Country", "City", "Place")
MODALITIES = ("asserted", "possible", "negated")
POSITION = "holdsPosition"  # the one property whose object is words, not an entity
_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_DAY = re.compile(r"\d{4}-\d\d-\d\d")


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
    object: int | str  # an entity's index, or holdsPosition's words
    modality: str
    date: str | None

    def key(self) -> tuple[int, str, int | str, str]:
        """The same fact written twice (or a symmetric one both ways) is one fact."""
        if isinstance(self.object, str):
            return (self.subject, self.predicate, loose_form(self.object), self.modality)
        low, high = self.subject, self.object
        if is_symmetric(self.predicate) and high < low:
            low, high = high, low
        return (low, self.predicate, high, self.modality)


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
    article_id = _required(record, "id", where)
    text = _required(record, "text", where).strip()
    published = _optional(record, "published", where)
    if published is not None and not _DAY.fullmatch(published):
        raise InputError(f"{where}: \"published\" is {published!r}; write the date as YYYY-MM-DD.")
    title = _optional(record, "title", where)
    entities = tuple(_entity(item, f"{where}, entity {n}") for n, item in enumerate(_list(record, "entities", where), 1))
    names = _entity_names(entities)
    relations = tuple(_relation(item, names, f"{where}, relation {n}")
                      for n, item in enumerate(_list(record, "relations", where), 1))
    return FactsDocument(article_id, text, published, title, entities, relations)


def _required(record: dict, key: str, where: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: \"{key}\" must be a non-empty string; fill it in.")
    return value


def _optional(record: dict, key: str, where: str) -> str | None:
    return None if record.get(key) is None else _required(record, key, where)


def _list(record: dict, key: str, where: str) -> list:
    value = record.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{where}: \"{key}\" must be a list (write [] when there are none).")
    return value


def _entity(item: object, where: str) -> GoldEntity:
    if not isinstance(item, dict):
        raise InputError(f"{where}: not an object; write {{\"name\", \"type\", \"aliases\"}}.")
    name = _required(item, "name", where)
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


def _relation(item: object, names: dict[str, int], where: str) -> GoldRelation:
    if not isinstance(item, dict):
        raise InputError(f"{where}: not an object; write {{\"subject\", \"predicate\", \"object\", \"modality\"}}.")
    predicate = _required(item, "predicate", where)
    if predicate not in kg_properties():
        raise InputError(f"{where}: {predicate!r} is not a kg property; use one of {', '.join(sorted(kg_properties()))}.")

    def entity(key: str) -> int:
        name = _required(item, key, where)
        index = names.get(name, names.get(loose_form(name)))
        if index is None:
            raise InputError(f"{where}: the {key} {name!r} is none of the article's entities; list it in \"entities\".")
        return index

    subject = entity("subject")
    obj = _required(item, "object", where) if predicate == POSITION else entity("object")
    modality = item.get("modality", "asserted")
    if modality not in MODALITIES:
        raise InputError(f"{where}: modality {modality!r} is none of {', '.join(MODALITIES)}; use one of them.")
    date = item.get("date")
    if date is not None and not (isinstance(date, str) and _DATE.fullmatch(date)):
        raise InputError(f"{where}: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD; write it so or leave it out.")
    return GoldRelation(subject, predicate, obj, modality, date)


@lru_cache(maxsize=1)
def kg_properties() -> frozenset[str]:
    """The properties kg states between entities (its ontology's object properties)."""
    namespace = str(KGO._NS)
    return frozenset(str(p)[len(namespace):] for p in ontology().subjects(RDF.type, OWL.ObjectProperty)
                     if str(p).startswith(namespace))
