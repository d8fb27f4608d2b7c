"""A batch of new articles of more than a million quads (Oxigraph's bulk loader sorts them into
files a million at a time) is written by one bulk load, as a smaller one is, and whole or not at
all: a writer killed while the loader works leaves none of it in the store."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_long_article import CountingOxigraph

from kg.store import KnowledgeStore, SerializedArticle
from kg.store.embedded import BULK_LOAD_QUADS, _bulk_load_is_one_step

GRAPH = "https://w3id.org/kg-news/id/article/bulk"
TRIPLES = 650_000  # 1.3 million quads with the merged default graph's copies, as a long article's
TEXT_HASH = "0" * 64

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not _bulk_load_is_one_step(), reason="this pyoxigraph bulk loads a million quads a step"),
]


def large_article(triples: int = TRIPLES) -> SerializedArticle:
    lines = [f'<{GRAPH}> <https://w3id.org/kg-news/ontology#textHash> "{TEXT_HASH}" .\n'.encode()]
    lines += [f'<{GRAPH}/node/{n}> <https://w3id.org/kg-news/ontology#rule> "rule {n}" .\n'.encode() for n in range(triples - 1)]
    return SerializedArticle("bulk", GRAPH, TEXT_HASH, b"".join(lines))


def test_an_article_of_more_than_a_million_quads_is_bulk_loaded_once(tmp_path):
    article = large_article()
    assert 2 * TRIPLES > BULK_LOAD_QUADS
    with KnowledgeStore(tmp_path / "store") as store:
        counting = store._store = CountingOxigraph(store._store)
        store.put_articles([article])
        store._store = counting.inner
        assert counting.writes == [("bulk_load", 2 * TRIPLES)]
        assert len(store) == TRIPLES
        assert store.text_hash(GRAPH) == TEXT_HASH


_WRITER = r"""
import sys
sys.path[:0] = [sys.argv[1]]
from test_bulk_write import large_article
from kg.store import KnowledgeStore
article = large_article()
with KnowledgeStore(sys.argv[2]) as store:
    print("writing", flush=True)
    store.put_articles([article])
"""


def test_a_writer_killed_during_a_large_bulk_load_leaves_nothing_of_it(tmp_path):
    folder = tmp_path / "store"
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(Path(__file__).parent), str(folder)],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    before = {path.name for path in folder.glob("*.sst")}
    # Killed once the loader has sorted more than one million quads into files (11 files for
    # each million: the strings, the named graphs and six indexes of quads, three of triples),
    # or as soon as any sorted file has reached the store, which a loader that hands each
    # million over on its own would do before sorting the rest.
    deadline = time.monotonic() + 300  # a bound for a stuck writer, not a timing check
    while writer.poll() is None and time.monotonic() < deadline:
        sorted_files = list(folder.glob("bulk-*.sst"))
        ingested = {path.name for path in folder.glob("*.sst")} - before - {path.name for path in sorted_files}
        if len(sorted_files) > 11 or (sorted_files and ingested):
            break
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    writer.stdout.close()

    with KnowledgeStore(folder, read_only=True) as store:
        quads = len(store)
        merged = sum(1 for _ in store._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    assert (quads, merged) in ((0, 0), (TRIPLES, TRIPLES)), (quads, merged)
