"""kg's benchmark: one run, side by side with the tools kg is built on.

    python bench/run.py                 # about 25 minutes on 2 cores
    python bench/run.py --quick         # smaller sizes, a few minutes: checks the script runs
    python bench/run.py --only ingest   # section 1 alone (about 12 minutes; --rounds 3 by default)
    python bench/run.py --only long     # section 6 alone: 50k to 800k characters (about 8 minutes)

1. ingest throughput (words/s, --only ingest): `kg ingest --jobs N` as a whole process into a fresh
   store vs plain spaCy as a whole process (`spacy.load` of kg's model + `nlp.pipe(n_process=N,
   batch_size=16)`, a batch size that spreads the texts over the processes), N = 1 and 2, run in
   turn (plain 1, kg 1, plain 2, kg 2, again) after a warm-up, median of --rounds runs, wall and
   CPU time (user + sys of the child processes), on the 98 DWIE dev texts and the first 200 PolNeAR
   train articles; the speed-up of 2 processes over 1, the main process's share of the CPU (the
   serial part of --jobs N) with what that allows at N = 4, 8, 16, and kg's CPU time by step
2. store write rate (triples/s): kg's batched writer vs pyoxigraph's bulk_load of the same quads
3. SPARQL latency p50/p95 of five typical queries on a store of >= 1M triples: kg.query vs pyoxigraph
4. Turtle export rate: kg export vs pyoxigraph's serializer over the same store
5. peak memory vs corpus size: the streaming reader and the one writer, 10k vs 50k articles
6. long articles (--only long; 50k to 800k characters of generated prose): kg ingest's CPU per 100k
   characters at each size (linear cost: flat), beside the plain model's, and peak RSS
7. set semantics (--only setsem): the merged default graph's cost in disk, write rate and query time
8. linking (--only linking): one article naming "Biden" after 10,000 naming Joe Biden in full

The corpus is built here: texts of the development sets in ../shared/eval-data (when present;
nothing of them is written into the repository), repeated with distinct ids, else generated text.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # tests/ holds the texts written for tests and benchmark

import pyoxigraph as ox  # noqa: E402

import kg  # noqa: E402
from kg.namespaces import PREFIXES  # noqa: E402
from kg.store import KnowledgeStore, SerializedArticle  # noqa: E402
from kg.store.base import with_graph_name  # noqa: E402

EVAL_DATA = Path(os.environ.get("KG_EVAL_DATA") or ROOT.parent / "shared" / "eval-data")  # beside the checkout
ROWS: list[tuple[str, str, str, str, str]] = []  # section, measure, kg, reference, ratio


def row(section: str, measure: str, ours: float, theirs: float, unit: str, higher_is_better: bool = True) -> None:
    ratio = ours / theirs if theirs else float("nan")
    ROWS.append((section, measure, f"{ours:,.1f} {unit}", f"{theirs:,.1f} {unit}", f"{ratio:.2f}"))
    print(f"  {measure}: kg {ours:,.1f} {unit}, reference {theirs:,.1f} {unit}, ratio {ratio:.2f}", flush=True)


# --- corpus -------------------------------------------------------------------------------


def source_texts() -> tuple[list[str], str]:
    texts = []
    for name in ("dwie.dev.jsonl", "polnear.dev.jsonl"):  # article-length texts
        path = EVAL_DATA / name
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    if texts:
        return texts, f"{len(texts)} texts of {EVAL_DATA} (dwie, polnear dev)"
    print(f"NOTE: {EVAL_DATA} is absent; the corpus is generated text instead.", flush=True)
    return [generated_text(n) for n in range(200)], "200 generated articles (eval-data absent)"


def generated_text(seed: int) -> str:
    rng = random.Random(seed)
    people = ["Olaf Scholz", "Emmanuel Macron", "Joe Biden", "Angela Merkel", "Andrzej Duda", "Pedro Sanchez"]
    places = ["Berlin", "Paris", "Warsaw", "Madrid", "Brussels", "Kyiv", "London"]
    paragraphs = []
    for _ in range(12):
        a, b = rng.sample(people, 2)
        place = rng.choice(places)
        paragraphs.append(
            f"{a} met {b} in {place} on {rng.choice(['Monday', 'Tuesday', 'Friday'])}. The two leaders discussed "
            f"trade, energy and security for more than an hour. \u201cWe agree on the essentials,\u201d "
            f"{a.split()[-1]} said after the talks. Officials from NATO and the European Union attended.")
    return "\n\n".join(paragraphs)


def write_corpus(path: Path, texts: list[str], count: int, prefix: str) -> int:
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            text = texts[number % len(texts)]
            words += len(text.split())
            out.write(json.dumps({"id": f"{prefix}-{number:06d}", "text": text, "published": "2025-01-15"}) + "\n")
    return words


# --- 1. ingest throughput -----------------------------------------------------------------

# The two corpora of the ingest comparison, read at run time from ../shared/eval-data and never
# copied: the 98 DWIE dev articles (53k words) and the first 200 PolNeAR train articles (122k words,
# longer and real political news).
INGEST_CORPORA = (("DWIE dev", "dwie.dev.jsonl", None), ("PolNeAR train, first 200", "polnear.train.jsonl", 200))
PLAIN_BATCH_SIZE = 16  # spaCy's default (1000) sends 98 texts to one worker: n_process=2 would not parallelise

# Plain spaCy at its best on the same cores: the model kg uses, loaded as spacy.load gives it,
# nlp.pipe over the texts with a batch size that spreads them over the processes.
_PLAIN_CHILD = r"""
import json, sys
import spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
for doc in nlp.pipe(texts, n_process=int(sys.argv[3]), batch_size=int(sys.argv[4])):
    pass
"""

# kg's command line as `kg ingest` runs it, which also reports the CPU seconds of the main
# process alone (the part of `--jobs N` that does not run in the workers).
_KG_CHILD = r"""
import atexit, json, resource, sys
def report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("KG-MAIN-CPU " + json.dumps(usage.ru_utime + usage.ru_stime), file=sys.stderr)
atexit.register(report)
from kg.interfaces.cli import main
sys.argv[0] = "kg"
main()
"""


def corpus_rows(file: str, first: int | None, quick: bool) -> list[dict] | None:
    path = EVAL_DATA / file
    if not path.exists():
        return None
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()][:first]
    rows = [{"id": row["id"], "text": row["text"],
             **({"published": row["publication_date"]} if row.get("publication_date") else {})} for row in rows]
    return rows[:12] if quick else rows


def timed_child(command: list[str], env: dict | None = None) -> tuple[float, float, str, str]:
    """Wall seconds, CPU seconds (user + sys of the child and every process it waited for), and
    the standard output and error of a whole child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if child.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({child.returncode}):\n{child.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, child.stdout, child.stderr


def load_average() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "load unknown"


def ingest_vs_spacy(work: Path, quick: bool, rounds: int) -> None:
    """kg ingest and plain spaCy as whole processes on the same texts, at 1 and 2 processes,
    run by run in turn (plain 1, kg 1, plain 2, kg 2; again), after a warm-up round on a few
    texts; the median of `rounds` runs of each, wall and CPU."""
    from kg.pipeline.nlp import MODEL_PACKAGE

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    print(f"\n1. Ingest vs plain spaCy (spacy.load + nlp.pipe, batch_size {PLAIN_BATCH_SIZE}), whole processes, "
          f"model {MODEL_PACKAGE}; median of {rounds} rounds, each side in turn; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
          flush=True)
    corpora = [(name, rows) for name, file, first in INGEST_CORPORA if (rows := corpus_rows(file, first, quick))]
    if not corpora:
        print(f"NOTE: {EVAL_DATA} is absent; generated text instead.", flush=True)
        corpora = [("generated", [{"id": f"generated-{n}", "text": generated_text(n)} for n in range(12 if quick else 100)])]
    table, corpus_files = [], []
    for number, (name, rows) in enumerate(corpora):
        texts_file, corpus = work / f"texts-{number}.jsonl", work / f"ingest-{number}.jsonl"
        corpus_files.append(corpus)
        texts_file.write_text("".join(json.dumps({"text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
        corpus.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        words = sum(len(r["text"].split()) for r in rows)
        print(f"\n  {name}: {len(rows)} articles, {words:,} words; {load_average()}", flush=True)

        def plain(processes: int, texts: Path = texts_file) -> tuple[float, float, float]:
            wall, cpu, _, _ = timed_child([sys.executable, "-c", _PLAIN_CHILD, str(texts), MODEL_PACKAGE,
                                           str(processes), str(PLAIN_BATCH_SIZE)], env)
            return wall, cpu, cpu

        def kg_ingest(processes: int, source: Path = corpus) -> tuple[float, float, float]:
            store = work / "ingest-store"
            shutil.rmtree(store, ignore_errors=True)
            wall, cpu, _, err = timed_child([sys.executable, "-c", _KG_CHILD, "ingest", str(source), "--store",
                                             str(store), "--jobs", str(processes), "--quiet"], env)
            main_cpu = float(re.findall(r"KG-MAIN-CPU ([0-9.]+)", err)[-1])
            shutil.rmtree(store, ignore_errors=True)
            return wall, cpu, main_cpu

        warm_texts, warm_corpus = work / "warm-texts.jsonl", work / "warm.jsonl"
        warm_texts.write_text("".join(texts_file.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
        warm_corpus.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:8]), encoding="utf-8")
        plain(1, warm_texts), kg_ingest(1, warm_corpus)  # warm-up: the disk cache, not counted
        runs: dict[tuple[str, int], list[tuple[float, float, float]]] = {}
        for round_number in range(rounds):
            for processes in (1, 2):
                for side, run in (("plain", plain), ("kg", kg_ingest)):
                    runs.setdefault((side, processes), []).append(result := run(processes))
                    print(f"    round {round_number + 1}, {side} at {processes}: {result[0]:.1f} s wall, {result[1]:.1f} s CPU; "
                          f"{load_average()}", flush=True)
        median = {key: tuple(statistics.median(r[i] for r in found) for i in range(3)) for key, found in runs.items()}
        table.append((name, words, median))
    print(f"\n  Medians ({load_average()} at the end):")
    print("  | corpus | | plain spaCy wall / CPU s | kg ingest wall / CPU s | plain/kg wall | plain/kg CPU |")
    print("  |---|---|---|---|---|---|")
    for name, words, median in table:
        for processes in (1, 2):
            (pw, pc, _), (kw, kc, _) = median["plain", processes], median["kg", processes]
            label = f"{processes} process{'es' if processes > 1 else ''}"
            print(f"  | {name} | {label} | {pw:.1f} / {pc:.1f} | {kw:.1f} / {kc:.1f} | {pw / kw:.2f} | {pc / kc:.2f} |")
            row("ingest", f"{name}, words/s, wall, {label}", words / kw, words / pw, "words/s")
            row("ingest", f"{name}, words/s, CPU, {label}", words / kc, words / pc, "words/s")
        kg_speedup = median["kg", 1][0] / median["kg", 2][0]
        plain_speedup = median["plain", 1][0] / median["plain", 2][0]
        print(f"  | {name} | 2 over 1 process, wall | {plain_speedup:.2f}x | {kg_speedup:.2f}x | | |")
        ROWS.append(("ingest", f"{name}, speed-up of 2 processes over 1, wall", f"{kg_speedup:.2f}x",
                     f"{plain_speedup:.2f}x", f"{kg_speedup / plain_speedup:.2f}"))
        # What --jobs N can give: the main process's own CPU (reading, checking, writing, linking)
        # is the part that does not spread over the workers (Amdahl's serial fraction).
        serial = median["kg", 2][2] / median["kg", 1][1]
        projected = ", ".join(f"N={n}: {1 / (serial + (1 - serial) / n):.1f}x" for n in (4, 8, 16))
        print(f"  {name}: the main process's CPU at --jobs 2 is {median['kg', 2][2]:.1f} s, {100 * serial:.0f} % of kg's "
              f"CPU at --jobs 1: --jobs N at most {projected} (Amdahl), given N free cores", flush=True)
        ROWS.append(("ingest", f"{name}, serial fraction of --jobs N (main process CPU)", f"{100 * serial:.0f} %", "",
                     projected))
    profile_steps(work, corpus_files[0])


_STEPS_CHILD = r"""
import json, sys, time
clock = time.process_time
started = clock()
sys.path.insert(0, sys.argv[1])
import spacy  # noqa: F401
import kg
from kg.ingest import BatchWriter
from kg.pipeline.analyze import link_keys
from kg.pipeline.extract import extract
from kg.pipeline.nlp import load_model, parse
from kg.pipeline.rdf import to_rdf
from kg.pipeline.read import read_articles
from kg.pipeline.resolve import resolve
from kg.pipeline.validate import validate_graph
from kg.store import KnowledgeStore, SerializedArticle
from kg.store.link import relink
steps = {"import": clock() - started}
def step(name, since):
    steps[name] = steps.get(name, 0.0) + clock() - since
    return clock()
import gc
from kg.pipeline.executors import LANGUAGE_WORK_GC_THRESHOLD
gc.set_threshold(*LANGUAGE_WORK_GC_THRESHOLD)  # as kg's ingest runs the language work
now = clock(); load_model(); gc.freeze(); now = step("model load", now)
articles = list(read_articles([sys.argv[2]])); now = step("read", now)
serialized, names, pending = [], set(), 0
with KnowledgeStore(sys.argv[3]) as store:
    parsed = parse(articles)
    while True:
        now = clock()
        try:
            article, doc = next(parsed)
        except StopIteration:
            break
        now = step("parse", now)
        extraction = extract(article, doc); now = step("extract", now)
        resolution = resolve(extraction); now = step("resolve", now)
        mapped = to_rdf(resolution); now = step("map", now)
        ntriples = mapped.graph.serialize(format="nt", encoding="utf-8"); now = step("serialize", now)
        assert validate_graph(mapped.graph, ntriples).conforms; now = step("validate", now)
        names |= link_keys(resolution)
        serialized.append(SerializedArticle(article.id, str(mapped.graph_iri), article.text_hash, ntriples))
        pending += len(mapped.graph)
        if pending >= BatchWriter.BATCH_TRIPLES:
            store.put_articles(serialized); serialized, pending = [], 0
        now = step("store", now)
    store.put_articles(serialized); now = step("store", now)
    relink(store, names); now = step("link", now)
print(json.dumps(steps))
"""


def profile_steps(work: Path, corpus: Path) -> None:
    """kg's CPU time by step in one process (each step timed around the call kg's ingest makes)."""
    wall, cpu, out, _ = timed_child([sys.executable, "-c", _STEPS_CHILD, str(ROOT), str(corpus), str(work / "steps-store")])
    steps = json.loads(out.strip().splitlines()[-1])
    total = sum(steps.values())
    print(f"\n  kg's CPU time by step, one process ({total:.1f} s of {cpu:.1f} s CPU, {wall:.1f} s wall):")
    for name, seconds in steps.items():
        print(f"    {name:<11} {seconds:6.2f} s  {100 * seconds / total:5.1f} %", flush=True)
        ROWS.append(("ingest steps", f"CPU s, {name}", f"{seconds:.2f} s", "", f"{100 * seconds / total:.0f} %"))


def ingest_corpus(work: Path, texts: list[str], articles: int) -> Path:
    """A store of kg's graphs for the sections after this one."""
    corpus = work / "corpus.jsonl"
    write_corpus(corpus, texts, articles, "ingest")
    store = work / "corpus-store"
    report = kg.ingest([corpus], store=store, jobs=2, keep_results=False)
    assert report.count("added") + report.count("refused") == articles, report.outcomes
    return store


# --- 2. store writes ----------------------------------------------------------------------


def article_graphs(store_path: Path) -> list[tuple[str, str, bytes]]:
    """(article key, graph IRI, N-Triples) of every article graph in a store."""
    graphs = []
    with KnowledgeStore(store_path, read_only=True) as store:
        for graph in store.article_graphs():
            triples = [quad.triple for quad in store.quads(graph)]
            graphs.append((graph.rsplit("/", 1)[1], graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)))
    return graphs


def replicate(graphs, copies_needed_triples: int) -> list[SerializedArticle]:
    """Copies of kg's article graphs under distinct article ids until there are enough triples."""
    copies, triples, number = [], 0, 0
    while triples < copies_needed_triples:
        for key, graph, ntriples in graphs:
            new_key = f"{key}-r{number}"
            data = ntriples.replace(key.encode(), new_key.encode())
            copies.append(SerializedArticle(new_key, graph.replace(key, new_key), f"hash-{new_key}", data))
            triples += data.count(b"\n")
        number += 1
    return copies


def store_writes(work: Path, graphs, triples: int) -> None:
    print(f"\n2. Store writes: about {triples:,} triples", flush=True)
    articles = replicate(graphs, triples)
    total = sum(a.ntriples.count(b"\n") for a in articles)
    from kg.ingest import BatchWriter

    started = time.perf_counter()
    with KnowledgeStore(work / "write-kg") as store:
        batch, size = [], 0
        for article in articles:  # the batches the ingest writer makes
            batch.append(article)
            size += article.ntriples.count(b"\n")
            if size >= BatchWriter.BATCH_TRIPLES:
                store.put_articles(batch)
                batch, size = [], 0
        store.put_articles(batch)
    kg_seconds = time.perf_counter() - started

    # The same dataset kg writes: the article graphs and their union as the default graph.
    nquads = b"".join(with_graph_name(a.ntriples, a.graph_iri) + a.ntriples for a in articles)
    started = time.perf_counter()
    bulk = ox.Store(str(work / "write-bulk"))
    bulk.bulk_load(nquads, ox.RdfFormat.N_QUADS)
    bulk.flush()
    del bulk
    bulk_seconds = time.perf_counter() - started
    row("store", "triples/s, batched transactions vs bulk_load", total / kg_seconds, total / bulk_seconds, "triples/s")

    # Batching against one transaction per article, on the same tenth of the articles and fresh stores.
    few = articles[: max(1, len(articles) // 10)]
    few_total = sum(a.ntriples.count(b"\n") for a in few)
    started = time.perf_counter()
    with KnowledgeStore(work / "write-one-by-one") as store:
        for article in few:
            store.put_articles([article])
    one_by_one = few_total / (time.perf_counter() - started)
    started = time.perf_counter()
    with KnowledgeStore(work / "write-batched-tenth") as store:
        for start in range(0, len(few), 40):
            store.put_articles(few[start:start + 40])
    row("store", f"triples/s on {few_total:,} triples, 40 articles vs 1 per transaction",
        few_total / (time.perf_counter() - started), one_by_one, "triples/s")


# --- 3. SPARQL latency and 4. export ------------------------------------------------------


def big_store(work: Path, graphs, triples: int) -> Path:
    path = work / "big-store"
    articles = replicate(graphs, triples)
    store = ox.Store(str(path))
    # The article graphs and, as kg keeps it, their union as the default graph (a set).
    store.bulk_load(b"".join(with_graph_name(a.ntriples, a.graph_iri) + a.ntriples for a in articles), ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


def typical_queries(store: KnowledgeStore) -> dict[str, str]:
    top = next(iter(store.query(
        "SELECT ?e (COUNT(?a) AS ?n) WHERE { ?a kgo:mentions ?e . ?e a kgo:Person . ?e kgo:said ?q } "
        "GROUP BY ?e ORDER BY DESC(?n) LIMIT 1")))
    entity = top["e"].value
    label = next(iter(store.query(f"SELECT ?l WHERE {{ <{entity}> rdfs:label ?l }} LIMIT 1")))["l"].value
    return {
        "entity by label": f'SELECT DISTINCT ?e ?type WHERE {{ ?e rdfs:label "{label}" ; a ?type }}',
        "an entity's relations": f"SELECT DISTINCT ?p ?o WHERE {{ <{entity}> ?p ?o . ?o a ?type }}",
        "2-hop (co-mentioned)": f"SELECT DISTINCT ?other WHERE {{ ?a kgo:mentions <{entity}> . ?a kgo:mentions ?other }}",
        "count by type": "SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?type } GROUP BY ?type",
        "quotes by speaker": f"SELECT ?quote ?text WHERE {{ <{entity}> kgo:said ?quote . ?quote nif:anchorOf ?text }}",
    }


def latencies(run, repeats: int) -> tuple[float, float]:
    run()  # warm the caches for both sides alike
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def sparql_latency(path: Path, repeats: int) -> None:
    with KnowledgeStore(path, read_only=True) as store:
        print(f"\n3. SPARQL latency: store of {len(store):,} quads, {repeats} runs each", flush=True)
        raw = store._store
        for name, sparql in typical_queries(store).items():
            ours = latencies(lambda sparql=sparql: len(kg.query(sparql, store=store)), repeats)
            theirs = latencies(lambda sparql=sparql: len(list(raw.query(sparql, prefixes=PREFIXES))), repeats)
            rows = len(kg.query(sparql, store=store))
            for label, index in (("p50", 0), ("p95", 1)):
                ROWS.append(("sparql", f"{name} ({rows} rows) {label}", f"{ours[index]:.1f} ms", f"{theirs[index]:.1f} ms",
                             f"{ours[index] / theirs[index]:.2f}"))
            print(f"  {name}: {rows} rows, kg p50 {ours[0]:.1f} / p95 {ours[1]:.1f} ms, "
                  f"pyoxigraph p50 {theirs[0]:.1f} / p95 {theirs[1]:.1f} ms", flush=True)


def export_rate(path: Path) -> None:
    with KnowledgeStore(path, read_only=True) as store:
        quads = len(store)
        print(f"\n4. Turtle export of {quads:,} quads", flush=True)
        started = time.perf_counter()
        written = kg.export(io.BytesIO(), format="turtle", store=store)
        kg_seconds = time.perf_counter() - started
        started = time.perf_counter()
        out = io.BytesIO()
        default = list(store._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        ox.serialize((quad.triple for quad in default), out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        ox_seconds = time.perf_counter() - started
    # kg writes the union (the merged default graph, in index order); pyoxigraph the same triples.
    row("export", "Turtle triples/s (the union of the articles)", written / kg_seconds, len(default) / ox_seconds, "triples/s")


# --- 5. memory ----------------------------------------------------------------------------

_MEMORY_CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
import kg, kg.api, kg.pipeline.executors
from kg.pipeline.executors import ProcessedArticle, ProcessedChunk

templates = json.load(open(sys.argv[3]))

class PrebuiltGraphs:
    # The reader, resume check, writer and linking run as in any ingest; only the language work
    # is replaced by graphs built beforehand by kg (renamed per article id).
    workers = 1
    def map_chunks(self, chunks):
        for chunk in chunks:
            out = []
            for article in chunk:
                key, graph, nt, summary = templates[hash(article.id) % len(templates)]
                data = nt.replace(key, article.id).encode()
                out.append(ProcessedArticle(article.id, article.source, article.text_hash, graph.replace(key, article.id),
                                            data, len(article.text.split()), frozenset(),
                                            dict(summary, article_id=article.id, source=article.source)))
            yield ProcessedChunk(out, 0.0)
    def close(self): pass

kg.api.make_executor = lambda *args, **kwargs: PrebuiltGraphs()
started = time.perf_counter()
report = kg.ingest([sys.argv[2]], store=sys.argv[4], keep_results=False)
print(json.dumps({"articles": report.count("added"), "seconds": time.perf_counter() - started,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


TEMPLATE_TRIPLES = 100


def peak_memory(work: Path, graphs, sizes: list[int]) -> None:
    print(f"\n5. Peak memory, streaming reader + one writer, pre-built graphs of {TEMPLATE_TRIPLES} triples: "
          f"{sizes} articles", flush=True)
    templates = work / "templates.json"
    # The first TEMPLATE_TRIPLES triples of each graph: 60,000 whole graphs would take the store
    # longer to write than the benchmark's budget; memory is the measure here, not speed.
    trimmed = [(key, graph, b"".join(nt.splitlines(keepends=True)[:TEMPLATE_TRIPLES])) for key, graph, nt in graphs]
    json.dump([(key, graph, nt.decode(), {"entity_labels": {}, "mentions": 0, "sentences": 0,
                                          "triples": nt.count(b"\n")}) for key, graph, nt in trimmed], templates.open("w"))
    texts = [f"Short article number {n} about the news of the day." for n in range(50)]
    results = {}
    for size in sizes:
        corpus = work / f"memory-{size}.jsonl"
        write_corpus(corpus, texts, size, "mem")
        child = subprocess.run([sys.executable, "-c", _MEMORY_CHILD, str(ROOT), str(corpus), str(templates),
                                str(work / f"memory-store-{size}")], capture_output=True, text=True, check=True)
        results[size] = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"  {size:,} articles: peak RSS {results[size]['peak_kib'] / 1024:,.0f} MiB, "
              f"{results[size]['seconds']:.0f} s", flush=True)
    first, last = sizes[0], sizes[-1]
    ROWS.append(("memory", f"peak RSS, {first:,} vs {last:,} articles", f"{results[last]['peak_kib'] / 1024:,.0f} MiB",
                 f"{results[first]['peak_kib'] / 1024:,.0f} MiB", f"{results[last]['peak_kib'] / results[first]['peak_kib']:.2f}"))


# --- 6. one long article -------------------------------------------------------------------

_LONG_CHILD = r"""
import json, resource, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
from helpers.long_text import long_article
text = long_article(int(sys.argv[2]), new_people=True)
if sys.argv[3] == "kg":
    import kg
    from kg.pipeline.nlp import load_model
    load_model()
    path = sys.argv[4] + "/long.txt"
    open(path, "w", encoding="utf-8").write(text)
    started, cpu = time.perf_counter(), time.process_time()
    report = kg.ingest([path], store=sys.argv[4] + "/long-store")
    assert report.count("added") == 1, report.outcomes
else:
    import importlib
    from kg.pipeline.nlp import MODEL_PACKAGE
    nlp = importlib.import_module(MODEL_PACKAGE).load()  # the plain model, as spacy.load gives it
    nlp.max_length = len(text)
    started, cpu = time.perf_counter(), time.process_time()
    list(nlp.pipe([text]))
print(json.dumps({"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

LONG_SIZES = (50_000, 100_000, 200_000, 400_000, 800_000)


def long_articles(work: Path, sizes: tuple[int, ...]) -> None:
    """Linear cost in article length: one generated article (news prose naming new people
    throughout, as a long report does) at each size, kg ingest and the plain model each in a fresh
    process with the model loaded first; CPU seconds (this process and its threads, e.g. the
    store's) per 100k characters should stay flat."""
    print(f"\n6. Long articles of {', '.join(f'{c:,}' for c in sizes)} characters (generated prose), each side "
          f"in a fresh process, model loaded first; {load_average()}", flush=True)
    per_100k = {}
    for chars in sizes:
        results = {}
        for side in ("kg", "pipe"):
            folder = work / f"long-{side}-{chars}"
            folder.mkdir()
            child = subprocess.run([sys.executable, "-c", _LONG_CHILD, str(ROOT), str(chars), side, str(folder)],
                                   capture_output=True, text=True, check=True)
            results[side] = json.loads(child.stdout.strip().splitlines()[-1])
            shutil.rmtree(folder, ignore_errors=True)
        kg_result, plain = results["kg"], results["pipe"]
        per_100k[chars] = kg_result["cpu"] * 100_000 / chars
        print(f"  {chars:>9,} characters: kg {kg_result['cpu']:.1f} s CPU ({per_100k[chars]:.2f} s per 100k), "
              f"{kg_result['peak_kib'] / 1024:,.0f} MiB; plain model {plain['cpu']:.1f} s CPU, "
              f"{plain['peak_kib'] / 1024:,.0f} MiB; {load_average()}", flush=True)
        row("long article", f"CPU s per 100k characters, {chars:,} characters", per_100k[chars],
            plain["cpu"] * 100_000 / chars, "s", higher_is_better=False)
        row("long article", f"peak RSS, {chars:,} characters", kg_result["peak_kib"] / 1024,
            plain["peak_kib"] / 1024, "MiB", higher_is_better=False)
    first = per_100k[sizes[0]]
    spread = ", ".join(f"{chars // 1000}k {value / first:.2f}" for chars, value in per_100k.items())
    print(f"  kg's CPU per 100k characters against the {sizes[0]:,}-character article's: {spread}", flush=True)


# --- 7. set semantics ----------------------------------------------------------------------


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def set_semantics(work: Path, graphs, triples: int, repeats: int) -> None:
    """What the merged default graph costs: disk, write rate, and query time against Oxigraph's
    union default graph (a bag: the way kg queried before, with wrong counts for shared triples)."""
    print(f"\n7. Set semantics: merged default graph vs article graphs only, about {triples:,} triples", flush=True)
    articles = replicate(graphs, triples)
    nquads = b"".join(with_graph_name(a.ntriples, a.graph_iri) for a in articles)
    sizes = {}
    for name, data in (("merged", nquads + b"".join(a.ntriples for a in articles)), ("named", nquads)):
        store = ox.Store(str(work / f"setsem-{name}"))
        store.bulk_load(data, ox.RdfFormat.N_QUADS)
        store.flush()
        store.optimize()
        del store
        sizes[name] = folder_bytes(work / f"setsem-{name}")
    row("setsem", "store size on disk, merged default graph vs article graphs only", sizes["merged"] / 2**20,
        sizes["named"] / 2**20, "MiB", higher_is_better=False)

    few = articles[: max(1, len(articles) // 5)]
    few_total = sum(a.ntriples.count(b"\n") for a in few)
    seconds = {}
    for name in ("merged", "named"):
        started = time.perf_counter()
        if name == "merged":
            with KnowledgeStore(work / "setsem-write-merged") as store:
                for start in range(0, len(few), 40):
                    store.put_articles(few[start:start + 40])
        else:  # what kg wrote before: the article graphs alone, one load per batch
            store = ox.Store(str(work / "setsem-write-named"))
            for start in range(0, len(few), 40):
                store.load(b"".join(with_graph_name(a.ntriples, a.graph_iri) for a in few[start:start + 40]),
                           format=ox.RdfFormat.N_QUADS)
            store.flush()
            del store
        seconds[name] = time.perf_counter() - started
    row("setsem", f"writes, triples/s on {few_total:,} triples, with vs without the merged graph",
        few_total / seconds["merged"], few_total / seconds["named"], "triples/s")
    # Replacing an article: its share of the merged graph is taken out and put back.
    with KnowledgeStore(work / "setsem-write-merged") as store:
        started = time.perf_counter()
        for article in few[:50]:
            store.put_articles([article], force=True)
        replace_ms = (time.perf_counter() - started) * 1000 / min(50, len(few))
    raw = ox.Store(str(work / "setsem-write-named"))
    started = time.perf_counter()
    for article in few[:50]:
        raw.update(f"DROP SILENT GRAPH <{article.graph_iri}> ; INSERT DATA {{ GRAPH <{article.graph_iri}> "
                   f"{{ {article.ntriples.decode()} }} }}")
    plain_ms = (time.perf_counter() - started) * 1000 / min(50, len(few))
    del raw
    row("setsem", "replace one article, ms, with vs without the merged graph", replace_ms, plain_ms, "ms", False)

    # An arbitrary update (kg serve --allow-update) is followed by a full resync of the merged graph.
    tiny = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    with KnowledgeStore(work / "setsem-merged") as store:
        started = time.perf_counter()
        store.update(tiny)
        resync = time.perf_counter() - started
        store.update("DROP GRAPH <https://example.org/g>")
    raw = ox.Store(str(work / "setsem-named"))
    started = time.perf_counter()
    raw.update(tiny)
    plain = time.perf_counter() - started
    raw.update("DROP GRAPH <https://example.org/g>")
    raw.flush()
    del raw
    row("setsem", f"a one-triple SPARQL update on {triples:,} triples, ms, with vs without the resync", resync * 1000,
        plain * 1000, "ms", False)
    merged = ox.Store.read_only(str(work / "setsem-merged"))
    bag = ox.Store.read_only(str(work / "setsem-named"))
    with KnowledgeStore(work / "setsem-merged", read_only=True) as kg_store:
        queries = typical_queries(kg_store)
    for name, sparql in queries.items():
        ours = latencies(lambda sparql=sparql: len(list(merged.query(sparql, prefixes=PREFIXES))), repeats)
        theirs = latencies(lambda sparql=sparql: len(list(bag.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True))), repeats)
        ROWS.append(("setsem", f"{name} p50, merged vs union default graph", f"{ours[0]:.1f} ms", f"{theirs[0]:.1f} ms",
                     f"{ours[0] / theirs[0]:.2f}"))
        print(f"  {name}: merged p50 {ours[0]:.1f} ms, union (bag) p50 {theirs[0]:.1f} ms", flush=True)


# --- 8. linking --------------------------------------------------------------------------------

class BagUnion:
    """Linking as kg ran it before: queries over Oxigraph's union default graph (a bag)."""

    def __init__(self, store: ox.Store):
        self.store = store

    def query(self, sparql: str):
        return self.store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)

    def update_graph(self, graph: str, sparql: str) -> None:
        self.store.update(sparql, prefixes=PREFIXES)


def linking(work: Path, articles: int) -> None:
    from kg.store.link import relink

    from helpers.biden_articles import copies, templates  # tests/helpers: the articles and graph copies of the test

    print(f"\n8. Linking: one article naming 'Biden' after {articles:,} naming Joe Biden in full", flush=True)
    (work / "link").mkdir()
    graphs = templates(work / "link")
    full = copies(graphs["full"], "full", articles)
    (surname,) = copies(graphs["surname"], "surname", 1)
    with KnowledgeStore(work / "link-merged") as store:
        for start in range(0, len(full), 200):
            store.put_articles(full[start:start + 200])
        started = time.perf_counter()
        store.put_articles([surname])
        links = relink(store, {"biden"})
        ours = time.perf_counter() - started
    assert [link.target for link in links] == ["https://w3id.org/kg-news/id/person/joe-biden"], links
    bag = ox.Store(str(work / "link-bag"))
    bag.bulk_load(b"".join(with_graph_name(a.ntriples, a.graph_iri) for a in full), ox.RdfFormat.N_QUADS)
    started = time.perf_counter()
    bag.load(with_graph_name(surname.ntriples, surname.graph_iri), format=ox.RdfFormat.N_QUADS)
    links = relink(BagUnion(bag), {"biden"})
    theirs = time.perf_counter() - started
    assert len(links) == 1, links
    del bag
    row("linking", f"store + link one 'Biden' article after {articles:,} naming Joe Biden (vs bag union, as before)",
        ours * 1000, theirs * 1000, "ms", higher_is_better=False)


# --- profile --------------------------------------------------------------------------------


def profile_ingest(work: Path, texts: list[str], articles: int) -> None:
    print(f"\nProfile: kg ingest of {articles} articles in one process (model loaded first)", flush=True)
    corpus = work / "profile.jsonl"
    write_corpus(corpus, texts[::-1], articles, "profile")
    from kg.pipeline.nlp import load_model

    load_model()
    profiler = cProfile.Profile()
    profiler.enable()
    kg.ingest([corpus], store=work / "profile-store")
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_package: dict[str, float] = {}
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        match = re.search(r"site-packages/([^/]+)", filename) or re.search(r"/(kg)/", filename)
        package = match.group(1) if match else ("built-in" if filename == "~" else "other")
        by_package[package] = by_package.get(package, 0.0) + tottime
    total = sum(by_package.values())
    for package, seconds in sorted(by_package.items(), key=lambda item: -item[1])[:8]:
        print(f"  {package:<20} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    print("  biggest functions by cumulative time:")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"pyshacl/validator|pyshacl/shape.py|"
                                                                            r"language.py.*pipe|kg/(api|executors|mapping|resolve)")
    for line in out.getvalue().splitlines():
        if re.match(r"\s+\d", line):
            print("   ", line.strip()[:150])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script runs")
    parser.add_argument("--articles", type=int, help="articles in the store the sections after ingest use")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each side in the ingest comparison (median)")
    parser.add_argument("--only", choices=["ingest", "store", "memory", "long", "setsem", "linking"],
                        help="run only this part (after the ingest it needs)")
    options = parser.parse_args()
    quick = options.quick
    ingest_articles = options.articles or (6 if quick else 48)
    started = time.perf_counter()
    texts, origin = source_texts()
    print(f"kg benchmark on {os.cpu_count()} cores; corpus from {origin}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as folder:
        work = Path(folder)
        if options.only == "linking":  # needs no corpus: two short articles of its own
            linking(work, 1_000 if quick else 10_000)
            ingest_articles = 0
        if options.only in (None, "ingest"):
            ingest_vs_spacy(work, quick, options.rounds)
        if options.only == "ingest":
            ingest_articles = 0
        ingested = ingest_corpus(work, texts, ingest_articles) if ingest_articles and options.only != "long" else None
        graphs = article_graphs(ingested) if ingested else []
        if options.only == "setsem":
            set_semantics(work, graphs, 200_000 if quick else 1_000_000, 5 if quick else 20)
        if options.only in (None, "store"):
            store_writes(work, graphs, 50_000 if quick else 1_000_000)
        if options.only is None:
            big = big_store(work, graphs, 100_000 if quick else 1_000_000)
            sparql_latency(big, 5 if quick else 30)
            export_rate(big)
        if options.only in (None, "memory"):
            peak_memory(work, graphs, [500, 2_500] if quick else [10_000, 50_000])
        if options.only in (None, "long"):
            long_articles(work, (10_000, 20_000, 40_000) if quick else LONG_SIZES)
        if not options.no_profile and options.only is None:
            profile_ingest(work, texts, 4 if quick else 12)
    print(f"\nSummary ({os.cpu_count()} cores, {time.perf_counter() - started:.0f} s in all)")
    widths = [max(len(r[i]) for r in ROWS + [("section", "measure", "kg", "reference", "kg/ref")]) for i in range(5)]
    for line in [("section", "measure", "kg", "reference", "kg/ref"), *ROWS]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


if __name__ == "__main__":
    main()
