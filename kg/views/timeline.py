"""An entity's timeline: its dated statements (and the events they belong to) in order, grouped
by day, each with its sentence and article; or, for two or more entities, the dated statements
that join the first to any of the others ("what did Marsh do with Webb this month?").
`kg show NAME --timeline` prints it, and the page kg serve shows draws the same data."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import groupby

from ..lexicon import class_order
from ..namespaces import KGO
from ..store import Store
from .entity import ArticleRef, EntityRef, Evidence, _articles, _find, _iri, _local, _refs, _relations, _select, relation_words
from .entity_text import marked_sentence

_KGO = str(KGO._NS)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated statement, told from the side of `entity` (one of the timeline's entities):
    "Helena Marsh met with Marcus Webb"."""

    date: str  # YYYY-MM-DD (or YYYY-MM, YYYY when only that is known); "" for an undated one
    date_role: str  # "date" (when it happened), "start" (since when), "reported" (its article's day) or "" (none)
    entity: EntityRef
    predicate: str
    direction: str  # "out": entity is the subject
    words: str  # the relation in plain words from entity's side, e.g. "is led by"
    other: EntityRef
    modality: str
    event: str | None = None  # the event's class in plain words, e.g. "Meeting"
    date_text: str | None = None
    place: EntityRef | None = None
    evidence: tuple[Evidence, ...] = ()
    article: ArticleRef | None = None


@dataclass(frozen=True)
class Timeline:
    entities: tuple[EntityRef, ...]
    entries: tuple[TimelineEntry, ...]
    undated: int = 0  # statements of the same relations with no date, in their sentence or their article
    undated_entries: tuple[TimelineEntry, ...] = ()  # those statements, when asked for (kg show --timeline --all)
    from_gazetteer: int = 0  # of the undated, the facts the gazetteer implies, which no sentence states

    def days(self) -> list[tuple[str, list[TimelineEntry]]]:
        """The entries grouped by date, in order."""
        return [(day, list(entries)) for day, entries in groupby(self.entries, key=lambda e: e.date)]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["days"] = [{"date": day, "entries": [asdict(e) for e in entries]} for day, entries in self.days()]
        del data["entries"]
        for ref, plain in zip(self.entities, data["entities"], strict=True):
            plain["kind"] = ref.kind
        return data


def timeline(store: Store, names: list[str] | tuple[str, ...], *, with_undated: bool = False) -> Timeline:
    """The timeline of the entity named first; with more names, only the statements that join
    it to one of the others. Names as `describe_entity` takes them (label, other name, IRI).

    A statement whose sentence gives no date stands on the day its article was published, as
    "reported" (news is read by the day it was reported); one with neither is counted, and
    listed apart with `with_undated`."""
    iris = list(dict.fromkeys(_find(store, name.strip()) for name in names))
    focus, others = iris[0], set(iris[1:])
    articles = _articles(store)
    events = _events(store, focus)
    refs = _refs(store, set(iris))
    entries: list[TimelineEntry] = []
    undated: list[TimelineEntry] = []
    gazetteer = 0
    for relation in _relations(store, focus, articles):
        if others and relation.other.iri not in others:
            continue
        words = relation_words(relation.predicate, relation.direction)
        for statement in relation.statements:
            date, role = statement.when
            graph = statement.article.graph if statement.article else None
            gazetteer += not date and statement.from_gazetteer
            (entries if date else undated).append(TimelineEntry(
                date=date or "", date_role=role or "", entity=refs[focus],
                predicate=relation.predicate, direction=relation.direction, words=words, other=relation.other,
                modality=statement.modality, event=events.get((graph, statement.iri)) if graph else None, date_text=statement.date_text,
                place=statement.place, evidence=statement.evidence, article=statement.article))
    def order(e: TimelineEntry) -> tuple:
        return (e.date, e.date_role == "reported", e.article.date or "" if e.article else "",
                e.article.id if e.article else "", e.predicate, e.other.label)

    entries.sort(key=order)
    undated.sort(key=order)
    return Timeline(tuple(refs[i] for i in iris), tuple(entries), len(undated), tuple(undated) if with_undated else (), gazetteer)


def _events(store: Store, focus: str) -> dict[tuple[str, str], str]:
    """The kind of event (its most specific class, in words) each statement about `focus` belongs to."""
    node = _iri(focus)
    kinds: dict[tuple[str, str], list[str]] = {}
    for row in _select(store, f"""
        SELECT ?g ?st ?type WHERE {{ GRAPH ?g {{
          {{ ?st rdf:subject {node} }} UNION {{ ?st rdf:object {node} }}
          ?st kgo:event ?event . ?event a ?type
        }} }}"""):
        kinds.setdefault((row["g"].value, row["st"].value), []).append(row["type"].value)
    return {key: _event_words(types) for key, types in kinds.items()}


def _event_words(types: list[str]) -> str:
    from rdflib import URIRef
    from rdflib.namespace import RDFS

    from ..resources import ontology

    names = {_local(t) for t in types if t.startswith(_KGO)}
    order = class_order("event")  # the most specific first: PhoneCall before Conversation
    chosen = min(names, key=lambda n: order.index(n) if n in order else len(order), default="Event")
    label = ontology().value(URIRef(_KGO + chosen), RDFS.label)
    return str(label) if label is not None else chosen


def undated_note(view: Timeline) -> str:
    """What the timeline leaves out: "3 statements without a date, in their sentence or their
    article, and 41 facts of the gazetteer, which no article dates"."""
    parts = []
    if view.undated - view.from_gazetteer:
        count = view.undated - view.from_gazetteer
        parts.append(f"{count} statement{'s' if count != 1 else ''} without a date, in its sentence or its article")
    if view.from_gazetteer:
        parts.append(f"{view.from_gazetteer} fact{'s' if view.from_gazetteer != 1 else ''} of the gazetteer, which no article dates")
    return " and ".join(parts)


def format_timeline(view: Timeline, *, width: int = 100) -> str:
    """The timeline as text: a heading per day, then each statement with its sentence and article."""
    import textwrap

    names = " and ".join(ref.label for ref in view.entities)
    lines = [f"Timeline of {names}" + ("" if len(view.entities) == 1 else " (statements that join them)")]
    if not view.entries:
        lines.append("  No dated statements.")
    days = view.days()
    if view.undated_entries:
        days.append(("Without a date", list(view.undated_entries)))
    for day, entries in days:
        lines.append("")
        lines.append(day)
        for entry in entries:
            # A date its sentence gives is the day of the event; a reported-on day is only the
            # article's, so it is said so.
            since = {"start": "since then: ", "reported": "reported: "}.get(entry.date_role, "")
            notes = [entry.event] if entry.event else []
            if entry.place:
                notes.append(f"in {entry.place.label}")
            if entry.modality != "Asserted":
                notes.append(entry.modality.lower())
            if entry.date_text:
                notes.append(f"“{entry.date_text}”")
            lines.append(f"  {since}{entry.entity.label} {entry.words} {entry.other.label}"
                         + (f"  ({'; '.join(notes)})" if notes else ""))
            for evidence in entry.evidence[:1]:
                lines += textwrap.wrap(marked_sentence(evidence), width=width, initial_indent="      ",
                                       subsequent_indent="      ")
            if entry.article:
                title = f" “{entry.article.title}”" if entry.article.title else ""
                lines.append(f"      — {entry.article.id}{title}" + (f" {entry.article.url}" if entry.article.url else ""))
    if view.undated and not view.undated_entries:
        lines.append("")
        lines.append(f"(Not shown: {undated_note(view)}; --all lists them.)")
    return "\n".join(lines)
