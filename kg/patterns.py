"""The relation patterns kg reads relations with: data files under ontology/patterns/, one per
family of relations (conversations, meetings, visits, conflict ...). Each names the verbs and
nouns that state a relation, the ontology property they give and the event class they make, with
an example sentence; word lists the rules consult sit beside them. This module only loads,
checks and indexes them: each file must follow ontology/schemas/patterns.schema.json (checked
by kg.knowledge), and every property and class it names must be declared in the ontology, or
loading stops with a PatternError naming the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib.namespace import OWL, RDF, RDFS

from .errors import PatternError
from .knowledge import LazyRegex, alternation, read_json
from .namespaces import KGO
from .resources import data_dir, ontology


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


def word_regex(pattern: str, *, capitalized: bool = False) -> LazyRegex:
    """A regular expression written with a word list of the pattern files in braces
    ('\\b(?:{former_words})\\s'), which stands for any of its words (each also capitalized, with
    `capitalized`); built the first time it is used, so that importing a module loads no pattern."""
    def build() -> str:
        found = patterns().words
        return re.sub(r"\{([a-z_]+)\}", lambda m: alternation(found[m.group(1)], capitalized=capitalized), pattern)

    return LazyRegex(build)


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
        data = read_json(path, "patterns")
        for number, entry in enumerate(data.get("frames", []), 1):
            where = f"{path}, frame {number}"
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
            words[name] = frozenset(values)
    return Patterns(verbs, nouns, words, tuple(examples))


def _frame(entry: dict, where: str) -> Frame:
    predicate = _property(entry["relation"], where)
    event = _event(entry.get("event"), where)
    variants = [Variant(variant["if"], frozenset(variant.get("words", [])),
                        _property(variant.get("relation", entry["relation"]), where),
                        _event(variant.get("event", entry.get("event")), where))
                for variant in entry.get("variants", [])]
    requires = entry.get("requires")
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


def _local(curie: str) -> str:
    return curie[len("kgo:"):]  # the schema holds every term to kgo:Name


def _property(curie: str, where: str) -> str:
    name = _local(curie)
    if (KGO._NS[name], RDF.type, OWL.ObjectProperty) not in ontology():
        raise PatternError(f"{where}: {curie} is not a property declared in ontology/kg.ttl; declare it there first.")
    return name


def _event(curie: str | None, where: str) -> str | None:
    if curie is None:
        return None
    name = _local(curie)
    if KGO.Event not in set(ontology().transitive_objects(KGO._NS[name], RDFS.subClassOf)) or name == "Event":
        raise PatternError(f"{where}: {curie} is not an event class (a subclass of kgo:Event) in ontology/kg.ttl.")
    return name


def _example(example: dict, frame: Frame, file: str, where: str) -> Example:
    predicate = _property(example["relation"], where) if "relation" in example else frame.predicate
    return Example(file, example["text"], predicate, example["subject"], example["object"],
                   example.get("modality", "asserted"))
