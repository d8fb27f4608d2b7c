"""CPU time per article of parse, extract, resolve, RDF, serialization and SHACL validation, in one process,
for the code on PYTHONPATH: the measure behind the README's cost of attributions (issue 14).
Run it for two checkouts one after the other and compare:

    PYTHONPATH=. python bench/article_cpu.py seeds/*.txt --repeat 10 --rounds 3
    PYTHONPATH=. python bench/article_cpu.py texts.jsonl --rounds 3   # e.g. 40 DWIE dev texts

Prints, per round, the CPU milliseconds per article of each stage and in all, then the best."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="process each article this many times a round")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    from kg.pipeline.extract import extract
    from kg.pipeline.nlp import load_model
    from kg.pipeline.rdf import to_rdf
    from kg.pipeline.read import read_articles
    from kg.pipeline.resolve import resolve
    from kg.pipeline.validate import validate_graph

    try:  # the graph the ingest's workers map onto (an older checkout has none: an ordinary graph)
        from kg.graphs import empty_article_graph
    except ImportError:
        empty_article_graph = None

    def mapped(resolution):
        if empty_article_graph is None:
            return to_rdf(resolution).graph
        return to_rdf(resolution, empty_article_graph()).graph

    articles = list(read_articles(options.inputs)) * options.repeat
    nlp = load_model()
    validate_graph(mapped(resolve(extract(articles[0], nlp(articles[0].text)))))  # warm up
    rounds = []
    for _ in range(options.rounds):
        stages = dict.fromkeys(("parse", "extract", "resolve", "rdf", "serialize", "validate"), 0.0)
        triples = 0
        for article in articles:
            t0 = time.process_time()
            doc = nlp(article.text)
            t1 = time.process_time()
            extraction = extract(article, doc)
            t2 = time.process_time()
            resolution = resolve(extraction)
            t3 = time.process_time()
            graph = mapped(resolution)
            t4 = time.process_time()
            ntriples = graph.serialize(format="nt", encoding="utf-8")  # as the ingest's workers do
            t5 = time.process_time()
            validate_graph(graph, ntriples)
            t6 = time.process_time()
            for stage, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True):
                stages[stage] += seconds
            triples += len(graph)
        row = {stage: round(seconds / len(articles) * 1000, 1) for stage, seconds in stages.items()}
        row["all"] = round(sum(stages.values()) / len(articles) * 1000, 1)
        row["triples"] = round(triples / len(articles))
        rounds.append(row)
        print(json.dumps(row))
    print("best", json.dumps(min(rounds, key=lambda row: row["all"])))


if __name__ == "__main__":
    main()
