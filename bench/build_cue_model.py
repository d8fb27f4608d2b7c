"""Learn ontology/lexicon/cue_model.tsv, the logistic regression that decides which verbs
report what they govern, from PolNeAR's training split:

    python bench/build_cue_model.py ../shared/eval-data/polnear.train.jsonl > ontology/lexicon/cue_model.tsv

Every verb candidate kg's attribution finder weighs (a verb of the cue lexicon, or any verb
with a clause, an object or a prepositional object) is an example; it is a positive one when
its content covers at least half of the words of a gold attribution's content, as `kg eval`
counts a find. Only feature names (lemmas, dependency labels, shapes) and weights are written,
never text of the benchmark. Needs scikit-learn (pip install 'kg[dev]').

--articles A:B learns from those training articles only (for tuning on the others);
--threshold is the probability above which a candidate is kept, chosen on training articles
100-299 (see the README's Evaluation section)."""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

THRESHOLD = 0.45
C = 0.5
MIN_COUNT = 3


def examples(path: Path, first: int, last: int, docs=None):
    """(features, label) for each candidate of the training articles first..last-1. `docs`
    (already parsed Docs of those articles) saves parsing them again."""
    from kg.eval.attributions import _covers_half
    from kg.eval.common import read_gold as _read_gold
    from kg.pipeline import extract as extract_module
    from kg.pipeline.extract.attribution import AttributionFinder, cue_candidates
    from kg.pipeline.nlp import load_model
    from kg.pipeline.read.jsonl import _article_from_record

    documents = _read_gold(path, None)[first:last]
    articles = [_article_from_record(json.dumps({"id": d["id"], "text": d["text"],
                                                 "published": d.get("publication_date")}), str(path))
                for d in documents]
    if docs is None:
        docs = load_model().pipe([a.text for a in articles], batch_size=20)
    captured = {}

    def capture(*arguments):
        captured["arguments"] = arguments
        return ()

    original = extract_module.find_attributions
    extract_module.find_attributions = capture
    try:
        for document, article, doc in zip(documents, articles, docs, strict=True):
            extract_module.extract(article, doc)
            finder = AttributionFinder(*captured["arguments"])
            for (start, end), features in cue_candidates(finder):
                label = any(_covers_half(document["text"], start, end, gold) for gold in document["quotes"])
                yield features, label
    finally:
        extract_module.find_attributions = original


def learn(pairs, c: float = C):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    pairs = list(pairs)
    seen = collections.Counter(f for features, _ in pairs for f in set(features))
    vectorizer = DictVectorizer()
    # a feature seen fewer than MIN_COUNT times is a name more than a pattern: left out
    matrix = vectorizer.fit_transform([{f: 1 for f in features if seen[f] >= MIN_COUNT} for features, _ in pairs])
    model = LogisticRegression(C=c, max_iter=2000).fit(matrix, [label for _, label in pairs])
    weights = {name: float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True) if abs(w) >= 1e-4}
    return weights, float(model.intercept_[0])


def write(weights: dict[str, float], bias: float, threshold: float, out=sys.stdout) -> None:
    out.write("# learned by bench/build_cue_model.py from polnear.train; see that script\n")
    out.write("feature\tweight\n")
    out.write(f"(bias)\t{bias:.5f}\n(threshold)\t{threshold}\n")
    for name in sorted(weights):
        out.write(f"{name}\t{weights[name]:.5f}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("train", type=Path)
    parser.add_argument("--articles", default=":", help="A:B, the training articles to learn from (default all)")
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("-C", type=float, default=C, help="inverse regularisation strength")
    options = parser.parse_args()
    first, _, last = options.articles.partition(":")
    pairs = examples(options.train, int(first or 0), int(last) if last else None)
    weights, bias = learn(pairs, options.C)
    write(weights, bias, options.threshold)


if __name__ == "__main__":
    main()
