"""Two short articles written here for the linking test and benchmark — one naming Joe Biden in
full, one naming him "Biden" alone — and copies of an article's graph under distinct ids, so a
store can hold thousands of articles naming the same person without running the pipeline."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

import kg
from kg.namespaces import graph_iri
from kg.store import KnowledgeStore, SerializedArticle

FULL = "date 2025-03-03\nPresident Joe Biden met Kamala Harris in Washington on Monday. Biden spoke about trade.\n"
SURNAME = "date 2025-03-04\nBiden said on Tuesday that the talks in Ohio would continue.\n"


def templates(folder: Path) -> dict[str, bytes]:
    """The N-Triples kg makes of each article ("full", "surname"), each ingested into a store
    of its own under `folder`."""
    built = {}
    for name, text in (("full", FULL), ("surname", SURNAME)):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        kg.ingest([folder / f"{name}.txt"], store=folder / f"store-{name}")
        with KnowledgeStore(folder / f"store-{name}", read_only=True) as store:
            built[name] = ox.serialize([q.triple for q in store.quads(str(graph_iri(name)))],
                                       format=ox.RdfFormat.N_TRIPLES)
    return built


def copies(ntriples: bytes, key: str, count: int) -> list[SerializedArticle]:
    """`count` copies of the graph of article `key`, as articles `key-0`, `key-1`, …"""
    return [SerializedArticle(f"{key}-{n}", str(graph_iri(f"{key}-{n}")), f"hash-{key}-{n}",
                              ntriples.replace(f"/{key}".encode(), f"/{key}-{n}".encode())
                              .replace(f'"{key}"'.encode(), f'"{key}-{n}"'.encode()))
            for n in range(count)]
