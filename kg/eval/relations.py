"""`kg eval`: ingest a gold benchmark's texts into a temporary store with the real pipeline and
score what the store holds — entities and relations — against the gold annotations.

The gold file is JSON Lines, one document per line: {"id", "text", "entities": [{"type",
"start", "end", "mentions"?: [{"start", "end"}]}], "relations": [{"head", "type", "tail"}]}.
An entity counts as found when one of kg's name mentions of it overlaps a gold mention of an
entity of the same coarse type; a relation counts when kg states it (as a fact) between
entities whose mentions overlap the gold head's and tail's, with the mapped property. That is
the lenient ("overlap") matching; the strict ("exact") one, the benchmarks' standard rule, asks
for a mention with exactly a gold mention's character span instead, at each end of a relation
too (punctuation at a span's edges aside: CoNLL04 keeps a sentence's closing period on its last
word). Both are scored on every run (the ingest is the cost, not the scoring); `match` says
which the report shows.
A mapping file (ontology/mappings/NAME.tsv) translates the benchmark's type names to kg's;
a benchmark relation that covers several of kg's properties has one row for each, the first
naming the row it is reported under (CoNLL04's Live_In is a residence, a birthplace or a
nationality). An optional fourth column names the kg class the benchmark's relation needs at
its object end: CoNLL04's Work_For ends at an organization, so kg's 'minister of Germany' is no
Work_For, right or wrong, and is not scored.

DWIE keeps nationality adjectives ('German') as entities of their own, linked to their country
by `gpe0`; kg reads 'German' as a mention of Germany, so the two are scored as one entity."""

from __future__ import annotations

import csv
import io
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib.namespace import OWL, RDF, RDFS

from .. import api
from ..errors import InputError
from ..limits import MAX_TABLE_FILE_BYTES, read_text_file
from ..namespaces import KGO
from ..resources import data_dir, is_symmetric, ontology
from .attributions import ORDER as _ATTRIBUTION_ORDER, predicted_attributions, score_attributions
from .common import Score, ingested, read_gold

if TYPE_CHECKING:
    from ..api import Store
    from .facts import FactsReport
    from .times import TimexReport

_PLACE_TYPES = {"Place", "Country", "City"}
_NATIONALITY = "nationality"  # a gold entity that can end a relation but is not scored itself


@dataclass(frozen=True)
class Mapping:
    entities: dict[str, str]  # benchmark type -> kg class
    relations: dict[str, str]  # benchmark relation -> kg property (its first row)
    also: dict[str, frozenset[str]] = field(default_factory=dict)  # kg property -> other kg properties that count for it
    objects: dict[str, str] = field(default_factory=dict)  # kg property -> the class its benchmark relation ends at


@dataclass
class EvalReport:
    gold_file: str
    documents: int
    entities: dict[str, Score] = field(default_factory=dict)
    relations: dict[str, Score] = field(default_factory=dict)
    quotes: dict[str, Score] = field(default_factory=dict)
    attributions: dict[str, Score] = field(default_factory=dict)  # PolNeAR: per style, see kg.eval.attributions
    seconds: float = 0.0
    entities_exact: dict[str, Score] = field(default_factory=dict)  # the same, with exact spans
    relations_exact: dict[str, Score] = field(default_factory=dict)
    match: str = "overlap"  # which matching the report shows: overlap, exact or both

    @staticmethod
    def total(scores: dict[str, Score]) -> Score:
        total = Score()
        for score in scores.values():
            total.add(score)
        return total

    def scored(self, match: str) -> tuple[dict[str, Score], dict[str, Score]]:
        """Entity and relation scores under one matching."""
        return (self.entities_exact, self.relations_exact) if match == "exact" else (self.entities, self.relations)

    def as_dict(self) -> dict:
        def table(scores: dict[str, Score]) -> dict:
            return {"all": self.total(scores).as_dict(), **{k: v.as_dict() for k, v in sorted(scores.items())}}

        entities, relations = self.scored(self.match)
        found = {
            "gold_file": self.gold_file, "documents": self.documents, "seconds": round(self.seconds, 1),
            "match": self.match, "entities": table(entities), "relations": table(relations),
            "quotes": {k: v.as_dict() for k, v in self.quotes.items()},
            "attributions": {k: v.as_dict() for k, v in self.attributions.items()},
        }
        if self.match == "both":
            found["exact"] = {"entities": table(self.entities_exact), "relations": table(self.relations_exact)}
        return found


def load_mapping(name_or_path: str | Path) -> Mapping:
    """A bundled mapping by name ('conll04', 'dwie') or a mapping file's path. A bundled name
    wins over a file or folder of that name in the working directory (write ./NAME for those)."""
    bundled_dir = data_dir("ontology") / "mappings"
    name = str(name_or_path)
    bundled = bundled_dir / f"{name}.tsv"
    if "/" not in name and "\\" not in name and bundled.is_file():
        path = bundled
    else:
        path = Path(name_or_path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a mapping .tsv file or a bundled mapping's name.")
    if not path.is_file():
        names = ", ".join(sorted(p.stem for p in bundled_dir.glob("*.tsv")))
        raise InputError(f"No mapping {name!r}; give a .tsv file or one of: {names}.")
    entities: dict[str, str] = {}
    relations: dict[str, str] = {}
    also: defaultdict[str, set[str]] = defaultdict(set)
    objects: dict[str, str] = {}
    text = read_text_file(path, MAX_TABLE_FILE_BYTES, "mapping file")  # /dev/zero or a FIFO is refused, not read
    with io.StringIO(text, newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["kind"] == "entity":
                entities[row["benchmark"]] = row["kg"]
            elif row["benchmark"] in relations:
                also[relations[row["benchmark"]]].add(row["kg"])
            else:
                relations[row["benchmark"]] = row["kg"]
                if row.get("object"):
                    objects[row["kg"]] = row["object"]
    return Mapping(entities, relations, {prop: frozenset(others) for prop, others in also.items()}, objects)


def guess_mapping(gold_file: Path) -> str:
    for name in ("conll04", "dwie", "polnear"):
        if gold_file.name.lower().startswith(name):
            return name
    raise InputError(f"{gold_file}: cannot tell which benchmark this is; pass --mapping NAME_OR_FILE.")


MATCHINGS = ("overlap", "exact", "both")


def evaluate(gold_file: str | Path, mapping: Mapping | None = None, *, limit: int | None = None,
             match: str = "overlap") -> EvalReport | FactsReport | TimexReport:
    started = time.perf_counter()
    if match not in MATCHINGS:
        raise InputError(f"No matching {match!r}; give one of: {', '.join(MATCHINGS)}.")
    gold_file = Path(gold_file)
    if not gold_file.exists():
        raise InputError(
            f"{gold_file}: no such gold file. The development sets live in ../shared/eval-data/ "
            f"(conll04.dev.jsonl, dwie.dev.jsonl); they are not part of the repository."
        )
    from .facts import evaluate_facts, is_facts_file  # articles with their named entities and facts: kg.eval.facts
    if is_facts_file(gold_file):
        if mapping is not None:
            raise InputError(f"{gold_file}: a facts file names kg's own classes and properties; leave out --mapping.")
        return evaluate_facts(gold_file, limit=limit)
    if mapping is None and gold_file.name.lower().startswith("timebank"):  # time expressions: kg.eval.times
        from .times import evaluate_times
        return evaluate_times(gold_file, limit=limit)
    mapping = mapping or load_mapping(guess_mapping(gold_file))
    documents = read_gold(gold_file, limit)
    report = EvalReport(str(gold_file), len(documents), match=match)
    with ingested(documents, "publication_date") as store:
        predicted_entities = _predicted_entities(store)
        predicted_relations = _predicted_relations(store, mapping)
        predicted_quotes = _predicted_quotes(store)
        attributions = predicted_attributions(store)
    scored_as = _scored_as(mapping)
    for doc in documents:
        gold_entities, gold_relations = _gold(doc, mapping)
        entities = predicted_entities.get(doc["id"], {})
        predicted = predicted_relations.get(doc["id"], set())
        _score_entities(report.entities, gold_entities, entities, mapping)
        _score_relations(report.relations, gold_relations, gold_entities, predicted, entities, scored_as, mapping)
        gold_trimmed, entities_trimmed = _trimmed(doc["text"], gold_entities, entities)
        _score_entities(report.entities_exact, gold_trimmed, entities_trimmed, mapping, _same_span)
        _score_relations(report.relations_exact, gold_relations, gold_trimmed, predicted, entities_trimmed, scored_as,
                         mapping, _same_span)
        if "quotes" in doc:
            _score_quotes(report.quotes, doc["quotes"], predicted_quotes.get(doc["id"], []), entities)
            score_attributions(report.attributions, doc["text"], doc["quotes"], attributions.get(doc["id"], []),
                               {iri: e.all_spans for iri, e in entities.items()})
    report.seconds = time.perf_counter() - started
    return report


@dataclass
class _GoldEntity:
    type: str  # kg class
    spans: list[tuple[int, int]]


def _gold(doc: dict, mapping: Mapping) -> tuple[dict[int, _GoldEntity], set[tuple[int, str, int]]]:
    """Gold entities of mapped types (nationality entities folded into their country) and
    gold relations of mapped types, as (head, kg property, tail)."""
    raw = doc["entities"]
    owner = list(range(len(raw)))
    for relation in doc.get("relations", []):
        if relation["type"] == "gpe0":  # 'German' -> Germany
            owner[relation["head"]] = relation["tail"]
    entities: dict[int, _GoldEntity] = {}
    for index, entity in enumerate(raw):
        spans = [(m["start"], m["end"]) for m in entity.get("mentions", [])] or [(entity["start"], entity["end"])]
        target = owner[index]
        kg_type = mapping.entities.get(raw[target]["type"])
        if kg_type is None and raw[target]["type"] == "NORP":
            # A nationality whose country the text never names ('the Czech prime minister'):
            # kg reads it as a mention of the country, so it can end a relation, but it is
            # not scored as a named entity.
            kg_type = _NATIONALITY
        if kg_type is None:
            continue
        entities.setdefault(target, _GoldEntity(kg_type, []))
        entities[target].spans.extend(spans)
    relations = set()
    for relation in doc.get("relations", []):
        prop = mapping.relations.get(relation["type"])
        head, tail = owner[relation["head"]], owner[relation["tail"]]
        if prop is not None and head != tail:
            relations.add((head, prop, tail))
    return entities, relations


@dataclass
class _PredictedEntity:
    type: str
    spans: list[tuple[int, int]]  # name mentions, for scoring entities
    all_spans: list[tuple[int, int]]  # with nationality adjectives, for the ends of relations


def _predicted_entities(store: Store) -> dict[str, dict[str, _PredictedEntity]]:
    rows = api.query(store=store, sparql="""
        SELECT ?id ?entity ?type ?begin ?end ?label WHERE {
          GRAPH ?g {
            ?article schema:identifier ?id .
            ?mention itsrdf:taIdentRef ?entity ; itsrdf:taClassRef ?type ;
                     nif:beginIndex ?begin ; nif:endIndex ?end .
            OPTIONAL { ?mention kgo:nerLabel ?label }  # pronouns and descriptions have none
          }
        }""").rows
    found: dict[str, dict[str, _PredictedEntity]] = defaultdict(dict)
    for article_id, entity, type_, begin, end, label in rows:
        kg_type = str(type_).rsplit("#", 1)[-1]
        predicted = found[str(article_id)].setdefault(str(entity), _PredictedEntity(kg_type, [], []))
        predicted.all_spans.append((int(begin), int(end)))
        if label is not None and str(label) != "NORP":
            predicted.spans.append((int(begin), int(end)))
    return found


def _scored_as(mapping: Mapping) -> dict[str, str]:
    """Each kg property whose statements a benchmark can score, with the mapped property it is
    scored as: itself, the nearest mapped super-property (CoNLL's Work_For is affiliatedWith,
    and a leaderOf is an affiliation), or the property whose benchmark relation it also
    expresses (a citizenOf is one of CoNLL's Live_In)."""
    mapped = set(mapping.relations.values())
    reported_as = {other: prop for prop, others in mapping.also.items() for other in others}
    found = {}
    for prop in ontology().subjects(RDF.type, OWL.ObjectProperty):
        name = str(prop).rsplit("#", 1)[-1]
        if not str(prop).startswith(str(KGO._NS)):
            continue
        chain = [name] + [p for p in _superproperties(name) if p != name]
        target = next((p if p in mapped else reported_as[p] for p in chain if p in mapped or p in reported_as), None)
        if target is not None:
            found[name] = target
    return found


def _predicted_relations(store: Store, mapping: Mapping) -> dict[str, set[tuple[str, str, str]]]:
    properties = set(_scored_as(mapping))
    if not properties:
        return {}
    values = " ".join(f"kgo:{p}" for p in sorted(properties))
    rows = api.query(store=store, sparql=f"""
        SELECT ?id ?s ?p ?o WHERE {{
          GRAPH ?g {{ ?article schema:identifier ?id . ?s ?p ?o . VALUES ?p {{ {values} }} }}
        }}""").rows
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    for article_id, s, p, o in rows:
        found[str(article_id)].add((str(s), str(p).rsplit("#", 1)[-1], str(o)))
    return found


def _predicted_quotes(store: Store) -> dict[str, list[tuple[int, int, str | None]]]:
    rows = api.query(store=store, sparql="""
        SELECT ?id ?begin ?end ?speaker WHERE {
          GRAPH ?g {
            ?article schema:identifier ?id .
            ?quote a kgo:Quote ; nif:beginIndex ?begin ; nif:endIndex ?end .
            OPTIONAL { ?speaker kgo:said ?quote }
          }
        }""").rows
    found: dict[str, list[tuple[int, int, str | None]]] = defaultdict(list)
    for article_id, begin, end, speaker in rows:
        found[str(article_id)].append((int(begin), int(end), str(speaker) if speaker is not None else None))
    return found


def _score_quotes(scores: dict[str, Score], gold: list[dict], predicted: list[tuple[int, int, str | None]],
                  entities: dict[str, _PredictedEntity]) -> None:
    """Direct quotations found (a kg quote overlaps a fragment of a gold direct quote; a kg quote
    is right if it overlaps any gold quotation), and their speakers (a mention of kg's speaker
    overlaps the gold source)."""
    def fragments(quote: dict) -> list[tuple[int, int]]:
        return [tuple(f) for f in quote.get("content_fragments") or [(quote["content_start"], quote["content_end"])]]

    found, speakers = scores.setdefault("direct quotes", Score()), scores.setdefault("speakers", Score())
    for quote in gold:
        if not quote.get("direct"):
            continue
        found.gold += 1
        matched = [p for p in predicted if _overlaps([(p[0], p[1])], fragments(quote))]
        if matched:
            found.correct_gold += 1
        if quote.get("source_start") is None:
            continue
        speakers.gold += 1
        source = [(quote["source_start"], quote["source_end"])]
        named = [p for p in matched if p[2] is not None]
        if any(p[2] in entities and _overlaps(entities[p[2]].all_spans, source) for p in named):
            speakers.correct_gold += 1
    for begin, end, speaker in predicted:
        found.predicted += 1
        hit = [q for q in gold if _overlaps([(begin, end)], fragments(q))]
        if hit:
            found.correct_predicted += 1
        if speaker is not None and any(q.get("direct") and q.get("source_start") is not None for q in hit):
            speakers.predicted += 1
            sources = [(q["source_start"], q["source_end"]) for q in hit if q.get("source_start") is not None]
            if speaker in entities and _overlaps(entities[speaker].all_spans, sources):
                speakers.correct_predicted += 1


def _coarse(kg_type: str) -> str:
    return "Place" if kg_type in _PLACE_TYPES else kg_type


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _same_span(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return not set(a).isdisjoint(b)


# Punctuation and spaces at a span's edges are not part of the name, whoever marked them: CoNLL04
# keeps a sentence's closing period on its last word ('... in Ohio.'), kg ends 'Jr.' and 'Va.'
# with theirs. Exact matching compares spans without them, on both sides.
_SPAN_EDGE = " \t\n.,;:!?'\"()[]\u2018\u2019\u201c\u201d"


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start] in _SPAN_EDGE:
        start += 1
    while end > start and text[end - 1] in _SPAN_EDGE:
        end -= 1
    return start, end


def _trimmed(text: str, gold: dict[int, _GoldEntity],
             predicted: dict[str, _PredictedEntity]) -> tuple[dict[int, _GoldEntity], dict[str, _PredictedEntity]]:
    """Gold and predicted entities with their spans' edge punctuation removed, for exact matching."""
    def trim(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        return [_trim(text, span) for span in spans]

    return ({key: _GoldEntity(g.type, trim(g.spans)) for key, g in gold.items()},
            {key: _PredictedEntity(p.type, trim(p.spans), trim(p.all_spans)) for key, p in predicted.items()})


SpanMatch = Callable[[list[tuple[int, int]], list[tuple[int, int]]], bool]  # _overlaps, or the same spans exactly


def _score_entities(scores: dict[str, Score], gold: dict[int, _GoldEntity], predicted: dict[str, _PredictedEntity], mapping: Mapping,
                    same: SpanMatch = _overlaps) -> None:
    scored_types = {_coarse(t) for t in mapping.entities.values()}
    for entity in gold.values():
        if entity.type == _NATIONALITY:
            continue
        score = scores.setdefault(_coarse(entity.type), Score())
        score.gold += 1
        if any(_coarse(p.type) == _coarse(entity.type) and same(p.spans, entity.spans) for p in predicted.values()):
            score.correct_gold += 1
    for found in predicted.values():
        kind = _coarse(found.type)
        if kind not in scored_types or not found.spans:
            continue
        score = scores.setdefault(kind, Score())
        score.predicted += 1
        if any(_coarse(g.type) == kind and same(found.spans, g.spans) for g in gold.values()):
            score.correct_predicted += 1


def _score_relations(scores: dict[str, Score], gold: set[tuple[int, str, int]], gold_entities: dict[int, _GoldEntity],
                     predicted: set[tuple[str, str, str]], entities: dict[str, _PredictedEntity],
                     scored_as: dict[str, str], mapping: Mapping | None = None, same: SpanMatch = _overlaps) -> None:
    """A prediction matches a gold relation of its own property, of one it entails (a
    leaderOf is an affiliatedWith) or of one the mapping lets it stand for; it is counted under
    its nearest mapped property. A prediction whose two ends both lie in one gold entity ('North
    Bend' in 'Ohio', where the benchmark marked 'North Bend, Ohio' as one place) is not scored:
    the benchmark cannot say whether it is right; nor is one whose object the benchmark's
    relation cannot end at (the mapping's object column). `same` says when an end's mentions
    match a gold end's (overlapping or exactly the same span); what is not scored is decided
    by overlap under either matching."""
    also = mapping.also if mapping is not None else {}
    objects = mapping.objects if mapping is not None else {}

    def matches(pred: tuple[str, str, str], item: tuple[int, str, int]) -> bool:
        s, p, o = pred
        head, prop, tail = item
        if not _superproperties(p) & ({prop} | also.get(prop, frozenset())):
            return False
        if s not in entities or o not in entities or head not in gold_entities or tail not in gold_entities:
            return False
        subject, obj = entities[s].all_spans, entities[o].all_spans
        forward = same(subject, gold_entities[head].spans) and same(obj, gold_entities[tail].spans)
        backward = is_symmetric(p) and same(obj, gold_entities[head].spans) and same(subject, gold_entities[tail].spans)
        return forward or backward

    def inside_one_gold_entity(pred: tuple[str, str, str]) -> bool:
        s, _, o = pred
        if s not in entities or o not in entities:
            return False
        return any(_overlaps(entities[s].spans or entities[s].all_spans, g.spans)
                   and _overlaps(entities[o].spans or entities[o].all_spans, g.spans)
                   for g in gold_entities.values())

    distinct = set()
    for s, p, o in predicted:  # a symmetric relation is stored both ways but stated once
        distinct.add((min(s, o), p, max(s, o)) if is_symmetric(p) else (s, p, o))
    for item in gold:
        score = scores.setdefault(item[1], Score())
        score.gold += 1
        if any(matches(pred, item) for pred in predicted):
            score.correct_gold += 1
    for pred in distinct:
        hit = any(matches(pred, item) for item in gold)
        needed = objects.get(scored_as[pred[1]])
        if not hit and (inside_one_gold_entity(pred) or (
                needed is not None and pred[2] in entities and _coarse(entities[pred[2]].type) != _coarse(needed))):
            continue
        score = scores.setdefault(scored_as[pred[1]], Score())
        score.predicted += 1
        if hit:
            score.correct_predicted += 1


@cache
def _superproperties(prop: str) -> frozenset[str]:
    """The property and every kg property it is a sub-property of: leaderOf counts for affiliatedWith."""
    found = {prop}
    for parent in ontology().transitive_objects(KGO[prop], RDFS.subPropertyOf):
        if str(parent).startswith(str(KGO._NS)):
            found.add(str(parent).rsplit("#", 1)[-1])
    return frozenset(found)


def format_report(report: EvalReport | FactsReport | TimexReport, *, show: int = 0) -> str:
    """The scores as tables; with both matchings, entities and relations show the overlap
    scores and then the exact ones side by side. `show`: up to that many examples of each kind
    of error, where the report keeps them (facts files)."""
    if not isinstance(report, EvalReport):  # facts and TimeBank reports format themselves
        from .facts import FactsReport  # kg.eval.facts is loaded only for facts files

        return report.format(show=show) if isinstance(report, FactsReport) else report.format()
    lines = [f"{report.gold_file}: {report.documents} documents, {report.seconds:.0f} s", ""]
    attributions = {k: report.attributions[k] for k in _ATTRIBUTION_ORDER if k in report.attributions}
    entities, relations = report.scored(report.match)
    exact = {"Entities": report.entities_exact, "Relations": report.relations_exact} if report.match == "both" else {}
    titles = {"Entities": "Entities", "Relations": "Relations"}
    if report.match == "exact":
        titles = {"Entities": "Entities (exact)", "Relations": "Relations (exact)"}
    for title, scores in (("Entities", entities), ("Relations", relations), ("Quotes", report.quotes),
                          ("Attributions", attributions)):
        if not scores:
            continue
        width = max(14, *(len(name) for name in scores))
        heading = f"{titles.get(title, title):<{width + 2}}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}"
        if title in exact:
            lines.append(f"{'':<{width + 16}}{'overlap':>24}  |{'exact':>23}")
            heading += f"  |{'P':>7}{'R':>8}{'F1':>8}"
        lines.append(heading)
        total = [("all (micro)", report.total(scores))] if title in ("Entities", "Relations") else []
        ordered = list(scores.items()) if title == "Attributions" else sorted(scores.items())
        for name, score in [*ordered, *total]:
            row = f"  {name:<{width}}{score.gold:>7}{score.predicted:>7}{score.precision:>8.3f}{score.recall:>8.3f}{score.f1:>8.3f}"
            if title in exact:
                strict = report.total(exact[title]) if name == "all (micro)" else exact[title].get(name, Score())
                row += f"  |{strict.precision:>7.3f}{strict.recall:>8.3f}{strict.f1:>8.3f}"
            lines.append(row)
        lines.append("")
    return "\n".join(lines).rstrip()
