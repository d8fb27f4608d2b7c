"""Relations the rules did not find, proposed by a small learned model over the parse.

Every two names in one sentence whose model labels fit a property (a person and an
organization: affiliatedWith; a person and a place: livesIn; an organization and a place:
basedIn; two places: locatedIn; two people: killed) are a candidate pair, unless a rule already
related them. A logistic model per property scores the pair from parse features — the
dependency path between the two names' heads, the words between them, their distance, the
model's labels, negation and modal words on the path — and the pair becomes a relation candidate
(rule "learned", confidence = the model's probability) when the probability reaches the
property's threshold. Rules keep priority: the model only adds.

The weights are data, ontology/patterns/relation_model.tsv, read with plain Python (ingest needs
no scikit-learn); bench/build_relation_model.py rebuilds the file from a training split."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import PatternError
from ...lexicon import ner_classes, words
from ...patterns import patterns_dir
from .logistic import BIAS, THRESHOLD, probability, weight_rows
from .model import ASSERTED, NAME, Mention, RelationCandidate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

RULE = "learned"
REBUILD = "bench/build_relation_model.py"

# The property a pair of names can state, by the model's labels of its two ends (subject, object).
# Local names of kgo properties; the ontology's domains and ranges decide at resolution whether
# the resolved entities may hold it.
PROPERTY_OF_KINDS = {
    ("Person", "Organization"): "affiliatedWith",
    ("Person", "Place"): "livesIn",
    ("Organization", "Place"): "basedIn",
    ("Place", "Place"): "locatedIn",
    ("Person", "Person"): "killed",
}
_MODAL_WORDS = words("modality", "modal")  # compared with lemmas: 'will' for "'ll" and "wo"
_MAX_BETWEEN = 12  # tokens between two names beyond which the words between are not read one by one


def model_path() -> Path:
    return patterns_dir() / "relation_model.tsv"


@dataclass(frozen=True)
class RelationModel:
    weights: dict[str, dict[str, float]]  # property -> feature -> weight (the bias under BIAS)
    thresholds: dict[str, float]

    def probability(self, prop: str, features: list[str]) -> float:
        weights = self.weights[prop]
        return probability(weights.get(BIAS, 0.0) + sum(weights.get(f, 0.0) for f in set(features)))


def load_model(path: Path) -> RelationModel:
    """Read a model file (kg/pipeline/extract/logistic.py's format): `property<TAB>feature<TAB>weight`
    rows; the rows `(bias)` and `(threshold)` give each property's intercept and cut-off."""
    weights: dict[str, dict[str, float]] = {}
    thresholds: dict[str, float] = {}
    known = set(PROPERTY_OF_KINDS.values())
    for number, (prop, feature), weight in weight_rows(path, ("property", "feature", "weight"), REBUILD):
        if prop not in known:
            raise PatternError(f"{path}, line {number}: {prop!r} is not a property the model scores "
                               f"({', '.join(sorted(known))}).")
        if feature == THRESHOLD:
            thresholds[prop] = weight
        else:
            weights.setdefault(prop, {})[feature] = weight
    missing = sorted(p for p in weights if p not in thresholds) + sorted(p for p in thresholds if p not in weights)
    if missing or not weights:
        raise PatternError(f"{path}: no weights or no threshold for {', '.join(missing) or 'any property'}; rebuild "
                           f"the file with {REBUILD}.")
    return RelationModel(weights, thresholds)


@lru_cache(maxsize=1)
def relation_model() -> RelationModel:
    """The shipped model, read once per process."""
    return load_model(model_path())


def kind_of(mention: Mention) -> str | None:
    return ner_classes().classes.get(mention.ner_label) if mention.kind == NAME else None


def candidate_pairs(mentions: Sequence[Mention], sentence_mentions: list[int]) -> Iterator[tuple[int, int, str]]:
    """(subject, object, property) for every ordered pair of names in one sentence whose labels fit a property."""
    for a in sentence_mentions:
        kind_a = kind_of(mentions[a])
        if kind_a is None:
            continue
        for b in sentence_mentions:
            if a == b:
                continue
            kind_b = kind_of(mentions[b])
            prop = PROPERTY_OF_KINDS.get((kind_a, kind_b)) if kind_b is not None else None
            if prop is not None and mentions[a].text != mentions[b].text:
                yield a, b, prop


def _path(a: Token, b: Token) -> tuple[list[Token], Token, list[Token]] | None:
    """The tokens from a up to the lowest common head, that head, and the tokens from it down to b."""
    up_a = [a, *a.ancestors]
    where = {t.i: n for n, t in enumerate(up_a)}
    up_b: list[Token] = []
    for token in [b, *b.ancestors]:
        if token.i in where:
            return up_a[:where[token.i]], token, list(reversed(up_b))
        up_b.append(token)
    return None


def features(doc: Doc, subject: Mention, obj: Mention, span_a: Span | None = None, span_b: Span | None = None) -> list[str]:
    """The parse features of a pair of names (subject, object): strings, each present or not."""
    span_a = span_a or doc.char_span(subject.start, subject.end, alignment_mode="expand")
    span_b = span_b or doc.char_span(obj.start, obj.end, alignment_mode="expand")
    if span_a is None or span_b is None:  # "expand" finds tokens for any offsets inside the text
        raise ValueError(f"{subject.text!r} or {obj.text!r} lies outside the parsed text")
    found = [f"la={subject.ner_label}", f"lb={obj.ner_label}", f"order={'ab' if span_a.start < span_b.start else 'ba'}"]
    a, b = span_a.root, span_b.root
    found += [f"da={a.dep_}", f"db={b.dep_}", f"ha={a.head.lemma_.lower()}", f"hb={b.head.lemma_.lower()}"]
    first, second = (span_a, span_b) if span_a.start < span_b.start else (span_b, span_a)
    between = doc[first.end:second.start]
    gap = len(between)
    found.append(f"gap={min(gap, 8) if gap < 8 else (12 if gap < 13 else 20)}")
    if gap <= _MAX_BETWEEN:
        lemmas = [t.lemma_.lower() for t in between]
        found += [f"bw={w}" for w in lemmas]
        found.append(f"bwall={' '.join(lemmas)}" if gap <= 2 else "bwall=long")
        if lemmas:
            found += [f"bw1={lemmas[0]}", f"bwn={lemmas[-1]}"]
    else:
        found.append("far")
    path = _path(a, b)
    if path is None:
        found.append("nopath")
        return found
    up, top, down = path
    deps = [f"{t.dep_}^" for t in up] + [f"v{t.dep_}" for t in down]
    found.append(f"upath={' '.join(deps[:len(up)])}|{' '.join(deps[len(up):])}")
    inner = [t for t in up[1:]] + [top] + [t for t in down[:-1]]
    inner = [t for t in inner if t is not a and t is not b]
    found.append(f"len={min(len(up) + len(down), 7)}")
    found.append(f"top={top.lemma_.lower()}/{top.pos_}")
    lexical = [f"{t.dep_}^" for t in up] + [top.lemma_.lower()] + [f"v{t.dep_}" for t in down]
    if len(lexical) <= 6:
        found.append(f"path={' '.join(lexical)}")
    found += [f"on={t.lemma_.lower()}" for t in inner]
    on_path = [a, *inner, b]
    for token in on_path:
        for child in token.children:
            if child.dep_ == "neg":
                found.append("neg")
            elif child.dep_ == "aux" and child.lemma_.lower() in _MODAL_WORDS:
                found.append("modal")
        if token.dep_ == "relcl":
            found.append("relcl")
        elif token.dep_ == "acl":
            found.append("acl")
    return found


def learned_relations(doc: Doc, mentions: Sequence[Mention], found: tuple[RelationCandidate, ...],
                      model: RelationModel | None = None) -> tuple[RelationCandidate, ...]:
    """Relation candidates the model adds: pairs of names in one sentence no rule related."""
    model = model or relation_model()
    related = {(r.subject, r.object) for r in found} | {(r.object, r.subject) for r in found}
    by_sentence: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        if kind_of(mention) is not None:
            by_sentence.setdefault(mention.sentence, []).append(index)
    added: list[tuple[frozenset[int], RelationCandidate]] = []  # (the pair, either way round; the candidate)
    spans: dict[int, Span | None] = {}
    for indices in by_sentence.values():
        if len(indices) < 2:
            continue
        for a, b, prop in candidate_pairs(mentions, indices):
            if (a, b) in related or model.thresholds.get(prop, 2.0) > 1.0:  # above 1: the property is off
                continue
            for index in (a, b):
                if index not in spans:
                    spans[index] = doc.char_span(mentions[index].start, mentions[index].end, alignment_mode="expand")
            span_a, span_b = spans[a], spans[b]
            if span_a is None or span_b is None:
                continue
            probability = model.probability(prop, features(doc, mentions[a], mentions[b], span_a, span_b))
            if probability >= model.thresholds[prop]:
                start, end = min(mentions[a].start, mentions[b].start), max(mentions[a].end, mentions[b].end)
                added.append((frozenset((a, b)), RelationCandidate(prop, a, b, mentions[a].sentence, start, end, RULE,
                                                                    round(probability, 3), ASSERTED)))
    # One direction per pair: a pair of places or of people scores both ways; keep the likelier.
    best: dict[frozenset[int], RelationCandidate] = {}
    for key, candidate in added:
        if key not in best or candidate.confidence > best[key].confidence:
            best[key] = candidate
    return tuple(c for key, c in added if best[key] is c)
