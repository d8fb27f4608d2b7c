"""The relation patterns kg reads relations with: data files under ontology/patterns/, one per
family of relations (conversations, meetings, visits, conflict ...). Each names the verbs and
nouns that state a relation, the ontology property they give and the event class they make, with
an example sentence; word lists the rules consult sit beside them. This module only loads,
checks and indexes them: every property and class a file names must be declared in the
ontology, or loading stops with a PatternError naming the file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib.namespace import OWL, RDF, RDFS

from .errors import PatternError
from .namespaces import KGO
from .resources import data_dir, ontology

TRIGGERS = ("verb", "noun")
CONDITIONS = ("remote", "under", "for")
"""What a variant of a frame may depend on: 'remote' (a phone or video word near the trigger:
'talks by phone'), 'under' (the trigger hangs by 'of' from one of the words: 'a round of talks'),
'for' (a 'for' phrase naming one of the words: 'was in Tokyo for talks')."""


@dataclass(frozen=True)
class Variant:
    condition: str
    words: frozenset[str]
    predicate: str
    event: str | None


@dataclass(frozen=True)
class Frame:
    """How one verb or noun states a relation: the property (a kgo local name), the
    prepositions introducing the other party ("" for a direct object, "between" for a pair
    named after the noun), the event class, and the conditions that narrow or change it."""

    predicate: str
    preps: frozenset[str]
    event: str | None
    agent_needs_possessor: bool = False  # nouns such as 'war' name no doer by themselves
    form: str | None = None  # the only word form that counts: 'born', not 'bear'
    particle: str | None = None  # 'sat down with'
    requires: str | None = None  # a condition the frame needs at all ('for' talks)
    requires_words: frozenset[str] = frozenset()
    fatal: bool = False  # 'shot' only when 'dead', 'fatally' or 'death' is near
    passive_subject: bool = False  # the passive's subject is the one the relation is about: 'X is based in'
    unless_preps: frozenset[str] = frozenset()  # 'attacked X over its record': words, not force
    unless_words: frozenset[str] = frozenset()  # 'attacked X in a speech'
    variants: tuple[Variant, ...] = ()

    @property
    def symmetric(self) -> bool:
        """Whether the ontology declares the property symmetric: 'X and Y met' is then a pair."""
        return self.predicate in symmetric_properties()


@dataclass(frozen=True)
class Example:
    file: str
    text: str
    predicate: str
    subject: str
    object: str
    modality: str


@dataclass(frozen=True)
class Patterns:
    verbs: dict[str, tuple[Frame, ...]]  # a verb may state several relations by its prepositions
    nouns: dict[str, tuple[Frame, ...]]
    words: dict[str, frozenset[str]]
    examples: tuple[Example, ...]


@lru_cache(maxsize=1)
def symmetric_properties() -> frozenset[str]:
    namespace = str(KGO._NS)
    return frozenset(str(p)[len(namespace):] for p in ontology().subjects(RDF.type, OWL.SymmetricProperty)
                     if str(p).startswith(namespace))


def patterns_dir() -> Path:
    return data_dir("ontology") / "patterns"


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """Every pattern file, loaded and checked once per process."""
    return load_patterns(sorted(patterns_dir().glob("*.json")))


def load_patterns(paths: list[Path]) -> Patterns:
    verbs: dict[str, tuple[Frame, ...]] = {}
    nouns: dict[str, tuple[Frame, ...]] = {}
    words: dict[str, frozenset[str]] = {}
    examples: list[Example] = []
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise PatternError(f"{path}: not a readable JSON pattern file ({error}); fix its syntax.") from None
        if not isinstance(data, dict):
            raise PatternError(f"{path}: a pattern file holds one JSON object with 'frames' and 'words'.")
        for number, entry in enumerate(data.get("frames", []), 1):
            where = f"{path}, frame {number}"
            if not isinstance(entry, dict) or entry.get("trigger") not in TRIGGERS or not entry.get("lemma"):
                raise PatternError(f"{where}: each frame needs 'trigger' (verb or noun) and 'lemma'.")
            frame = _frame(entry, where)
            table = verbs if entry["trigger"] == "verb" else nouns
            taken = {p for other in table.get(entry["lemma"], ()) for p in other.preps}
            if taken & frame.preps or entry["lemma"] in table and not frame.preps:
                raise PatternError(f"{where}: the {entry['trigger']} '{entry['lemma']}' has a frame for these prepositions "
                                   "already; keep one.")
            table[entry["lemma"]] = (*table.get(entry["lemma"], ()), frame)
            for example in entry.get("examples", []):
                examples.append(_example(example, frame, path.name, where))
        for name, values in data.get("words", {}).items():
            if name in words:
                raise PatternError(f"{path}: the word list '{name}' is defined in another pattern file too.")
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise PatternError(f"{path}: the word list '{name}' must be a list of strings.")
            words[name] = frozenset(values)
    return Patterns(verbs, nouns, words, tuple(examples))


def _frame(entry: dict, where: str) -> Frame:
    predicate = _property(entry.get("relation"), where)
    event = _event(entry.get("event"), where)
    variants = []
    for variant in entry.get("variants", []):
        if variant.get("if") not in CONDITIONS:
            raise PatternError(f"{where}: a variant's 'if' must be one of {', '.join(CONDITIONS)}.")
        variants.append(Variant(variant["if"], frozenset(variant.get("words", [])),
                                _property(variant.get("relation", entry.get("relation")), where),
                                _event(variant.get("event", entry.get("event")), where)))
    requires = entry.get("requires")
    if requires is not None and requires.get("if") not in CONDITIONS:
        raise PatternError(f"{where}: 'requires' must name a condition: one of {', '.join(CONDITIONS)}.")
    return Frame(
        predicate=predicate, preps=frozenset(entry.get("preps", [])), event=event,
        agent_needs_possessor=bool(entry.get("agent_needs_possessor", False)), form=entry.get("form"),
        particle=entry.get("particle"), requires=requires["if"] if requires else None,
        requires_words=frozenset(requires.get("words", [])) if requires else frozenset(),
        fatal=bool(entry.get("fatal", False)), variants=tuple(variants),
        passive_subject=bool(entry.get("passive_subject", False)),
        unless_preps=frozenset(entry.get("unless", {}).get("preps", [])),
        unless_words=frozenset(entry.get("unless", {}).get("words", [])),
    )


def _local(curie, where: str) -> str:
    if not isinstance(curie, str) or not curie.startswith("kgo:"):
        raise PatternError(f"{where}: '{curie}' is no ontology term; write it as kgo:Name.")
    return curie[len("kgo:"):]


def _property(curie, where: str) -> str:
    name = _local(curie, where)
    if (KGO._NS[name], RDF.type, OWL.ObjectProperty) not in ontology():
        raise PatternError(f"{where}: {curie} is not a property declared in ontology/kg.ttl; declare it there first.")
    return name


def _event(curie, where: str) -> str | None:
    if curie is None:
        return None
    name = _local(curie, where)
    if KGO.Event not in set(ontology().transitive_objects(KGO._NS[name], RDFS.subClassOf)) or name == "Event":
        raise PatternError(f"{where}: {curie} is not an event class (a subclass of kgo:Event) in ontology/kg.ttl.")
    return name


def _example(example, frame: Frame, file: str, where: str) -> Example:
    if not isinstance(example, dict) or not all(isinstance(example.get(k), str) for k in ("text", "subject", "object")):
        raise PatternError(f"{where}: an example needs 'text', 'subject' and 'object'.")
    predicate = _property(example["relation"], where) if "relation" in example else frame.predicate
    return Example(file, example["text"], predicate, example["subject"], example["object"],
                   example.get("modality", "asserted"))
