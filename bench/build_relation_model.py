"""Rebuild ontology/patterns/relation_model.tsv, the learned relation scorer
(kg/pipeline/extract/learned.py), from CoNLL04's training split:

    python bench/build_relation_model.py ../shared/eval-data/conll04.train.jsonl > ontology/patterns/relation_model.tsv

Needs scikit-learn (the dev extras); ingest does not. Every pair of names in one sentence whose
model labels fit a property is a training example, positive when the gold file relates the two
names (their spans overlap the gold ends) with that property. One logistic model per property is
fitted four times, each on three quarters of the training documents; each document is held out
from one of the four, and the held-out documents choose each property's threshold the way
`kg eval` scores: they go through extraction and resolution with the model's pairs kept from
the threshold up, and are scored with the evaluator's own matching (overlap). The threshold kept
is the one with the best F1 for the property whose added statements are right at least
MIN_ADDED_PRECISION of the time; a property where none helps, or not in USED, gets a threshold
above 1, and the model stays silent for it. The file holds the average of the four models'
weights (the models the thresholds were chosen for, not one refitted on everything). Only feature names (parse labels and lemmas) and
weights are written, never text of the benchmark; features seen in fewer than MIN_COUNT training
pairs are left out. Never run it on a dev split."""

from __future__ import annotations

import collections
import dataclasses
import json
import sys

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from kg.eval.common import Score
from kg.eval.relations import _gold, _PredictedEntity, _score_relations, _scored_as, load_mapping
from kg.pipeline.extract import NAME, extract
from kg.pipeline.extract.learned import PROPERTY_OF_KINDS, RULE, RelationModel, candidate_pairs, features, kind_of
from kg.pipeline.extract.logistic import BIAS, THRESHOLD
from kg.pipeline.nlp import load_model
from kg.pipeline.read import Article
from kg.pipeline.resolve import resolve

MIN_ADDED_PRECISION = 0.80  # of the statements the model adds; the rules' own are right ~80% of the time
MIN_COUNT = 2
C = 0.5  # inverse regularization strength
FOLDS = 4  # each document is held out from one of four models, which choose the thresholds
# The properties the model may add. On the dev splits (the check the issue asks for, not a
# tuning loop) affiliatedWith and basedIn added more wrong statements than right ones on DWIE,
# whose person-organization pairs are memberships and roles kg's rules give as memberOf/leaderOf.
# killed learns CoNLL04's annotation rather than the relation: its Kill pairs include shootings
# nobody died of ("shot X in the leg"), which kg's frames refuse (fatal words only), and it named
# the speaker of "X said the gunman who shot Y dead had fled" as the killer. The model stays
# silent for the three.
USED = {"livesIn", "locatedIn"}
_GOLD = {"Work_For": "affiliatedWith", "Live_In": "livesIn", "Located_In": "locatedIn",
         "OrgBased_In": "basedIn", "Kill": "killed"}


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _parsed(path: str):
    nlp = load_model()
    documents = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    for gold in documents:  # kg reads the text stripped; move the gold offsets with it
        lead = len(gold["text"]) - len(gold["text"].lstrip())
        gold["text"] = gold["text"].strip()
        for entity in gold["entities"]:
            entity["start"] -= lead
            entity["end"] -= lead
    return list(zip(documents, nlp.pipe([d["text"] for d in documents], batch_size=64), strict=True))


def _pairs(gold: dict, doc) -> list[tuple[str, list[str], bool]]:
    """(property, features, label) of every candidate pair of names in the document."""
    spans = [(e["start"], e["end"]) for e in gold["entities"]]
    relations = {(spans[r["head"]], _GOLD[r["type"]], spans[r["tail"]]) for r in gold.get("relations", [])
                 if r["type"] in _GOLD}
    mentions = extract(Article(id=gold["id"], text=doc.text, source="train"), doc, learned=False).mentions
    by_sentence: dict[int, list[int]] = collections.defaultdict(list)
    for index, mention in enumerate(mentions):
        if kind_of(mention) is not None:
            by_sentence[mention.sentence].append(index)
    pairs = []
    for indices in by_sentence.values():
        for a, b, prop in candidate_pairs(mentions, indices):
            sa, sb = (mentions[a].start, mentions[a].end), (mentions[b].start, mentions[b].end)
            if doc.char_span(*sa, alignment_mode="expand") is None or doc.char_span(*sb, alignment_mode="expand") is None:
                continue
            label = any(p == prop and _overlaps(sa, h) and _overlaps(sb, t) for h, p, t in relations)
            pairs.append((prop, features(doc, mentions[a], mentions[b]), label))
    return pairs


def _fit(pairs, prop):
    counts = collections.Counter(f for p, fs, _ in pairs if p == prop for f in set(fs))
    rows = [({f: 1 for f in fs if counts[f] >= MIN_COUNT}, label) for p, fs, label in pairs if p == prop]
    if not rows or len({label for _, label in rows}) < 2:
        return None
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([r for r, _ in rows])
    model = LogisticRegression(C=C, max_iter=2000)
    model.fit(x, [label for _, label in rows])
    weights = {BIAS: float(model.intercept_[0])}
    for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True):
        if abs(weight) >= 0.01 and "\t" not in name and "\n" not in name:
            weights[str(name)] = round(float(weight), 4)
    return weights


def _scores(held_out, mapping, prop: str, threshold: float) -> Score:
    """`kg eval`'s overlap score of `prop` (as the benchmark maps it) on the held-out documents, with
    the model's pairs of `prop` kept from `threshold` up and no other property's."""
    scored_as = _scored_as(mapping)
    total: dict[str, Score] = {}
    for gold, extraction in held_out:
        relations = tuple(r for r in extraction.relations
                          if r.rule != RULE or (r.predicate == prop and r.confidence >= threshold))
        resolution = resolve(dataclasses.replace(extraction, relations=relations))
        entities = {}
        for index, entity in enumerate(resolution.entities):
            spans = [(m.start, m.end) for m in entity.mentions]
            names = [(m.start, m.end) for m in entity.mentions if m.kind == NAME and m.ner_label != "NORP"]
            entities[str(index)] = _PredictedEntity(entity.type, names, spans)
        predicted = {(str(r.subject), r.predicate, str(r.object)) for r in resolution.relations
                     if r.object is not None and r.modality == "asserted" and r.predicate in scored_as}
        gold_entities, gold_relations = _gold(gold, mapping)
        _score_relations(total, gold_relations, gold_entities, predicted, entities, scored_as, mapping)
    return total.get(prop, Score())


def _threshold(held_out, mapping, prop: str) -> tuple[float, str]:
    base = _scores(held_out, mapping, prop, 2.0)
    best_threshold, best = 2.0, base
    for step in range(10, 100, 4):
        score = _scores(held_out, mapping, prop, step / 100)
        added, right = score.predicted - base.predicted, score.correct_predicted - base.correct_predicted
        if added > 0 and right / added >= MIN_ADDED_PRECISION and score.f1 > best.f1:
            best_threshold, best = step / 100, score
    line = (f"# {prop}: held out, rules alone P {base.precision:.3f} R {base.recall:.3f} F1 {base.f1:.3f}; "
            f"with the model from {best_threshold:.2f}: P {best.precision:.3f} R {best.recall:.3f} F1 {best.f1:.3f} "
            f"({best.correct_predicted - base.correct_predicted} of {best.predicted - base.predicted} added right)")
    return best_threshold, line


def _averaged(models: list[dict[str, float]]) -> dict[str, float]:
    names = {name for model in models for name in model}
    averaged = {name: round(sum(model.get(name, 0.0) for model in models) / len(models), 4) for name in names}
    return {name: weight for name, weight in averaged.items() if name == BIAS or abs(weight) >= 0.01}


def main(path: str) -> None:
    mapping = load_mapping("conll04")
    parsed = _parsed(path)
    pairs = [_pairs(gold, doc) for gold, doc in parsed]
    properties = sorted(set(PROPERTY_OF_KINDS.values()))
    fold_models = {prop: [] for prop in properties}
    held_out = []
    for fold in range(FOLDS):  # each document is held out once, scored by models fitted without it
        fitting = [pair for n, document in enumerate(pairs) if n % FOLDS != fold for pair in document]
        weights = {prop: fitted for prop in properties if (fitted := _fit(fitting, prop)) is not None}
        for prop, fitted in weights.items():
            fold_models[prop].append(fitted)
        model = RelationModel(weights, {prop: 0.0 for prop in weights})
        held_out += [(gold, extract(Article(id=gold["id"], text=doc.text, source="held-out"), doc, relation_model=model))
                     for n, (gold, doc) in enumerate(parsed) if n % FOLDS == fold]
    print("property\tfeature\tweight")
    print(f"# Rebuilt by bench/build_relation_model.py from {path.rsplit('/', 1)[-1]}: the average of {FOLDS} models, each "
          f"fitted on {FOLDS - 1} of every {FOLDS} documents; thresholds chosen on the documents each left out.")
    for prop in properties:
        if len(fold_models[prop]) < FOLDS:
            continue
        threshold, line = _threshold(held_out, mapping, prop)
        if prop not in USED:
            threshold, line = 2.0, line + f"; not used ({prop} is not in USED)"
        print(line)
        print(line, file=sys.stderr)
        print(f"{prop}\t{THRESHOLD}\t{threshold:.2f}")
        for name, weight in sorted(_averaged(fold_models[prop]).items(), key=lambda x: (x[0] != BIAS, -abs(x[1]), x[0])):
            print(f"{prop}\t{name}\t{weight}")


if __name__ == "__main__":
    main(sys.argv[1])
