"""What every kg store is: the one store interface (`Store`, a Protocol both the embedded store
and a remote SPARQL server implement with the same methods and arguments), the article writes
they share, and the SPARQL updates that keep the merged default graph exact."""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self, TypeAlias, runtime_checkable

from rdflib import URIRef

from ..graphs import ArticleGraph

if TYPE_CHECKING:
    import pyoxigraph as ox

    # What Store.query answers: solutions (SELECT), a boolean (ASK), or triples (CONSTRUCT,
    # DESCRIBE; a remote store gives them as a list, read from the server's N-Triples).
    QueryAnswer: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

STORE_ENV = "KG_STORE"


@runtime_checkable
class Store(Protocol):
    """kg's store: one named graph per article, their union (each triple once) as the default
    graph. KnowledgeStore (on disk) and RemoteStore (a SPARQL 1.1 server) both are one."""

    # Read-only members, so that a store may narrow them (KnowledgeStore's path is a Path).
    @property
    def path(self) -> Path | str: ...  # the folder, or the server's address
    @property
    def read_only(self) -> bool: ...

    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(self, *exc: object) -> None: ...
    def __len__(self) -> int: ...

    # writing
    def put_article(self, article_graph: ArticleGraph, *, force: bool = False) -> StoredArticle: ...
    def put_articles(self, articles: Sequence[SerializedArticle], *, force: bool = False) -> list[StoredArticle]: ...
    def remove_graph(self, graph_iri: str) -> bool: ...
    def update(self, sparql: str) -> None: ...
    def update_graph(self, graph_iri: str, sparql: str, *, nodes: Sequence[str] = ()) -> None: ...

    # reading
    def text_hash(self, graph_iri: URIRef) -> str | None: ...
    def has_graph(self, graph_iri: str) -> bool: ...
    def article_graphs(self) -> list[str]: ...
    def query(self, sparql: str, *, default_graphs: Sequence[str] = (),
              named_graphs: Sequence[str] = ()) -> QueryAnswer: ...
    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]: ...


class Queryable(Protocol):
    """Anything SPARQL runs on: a kg Store, or an Oxigraph store (in memory, or the one inside
    KnowledgeStore)."""

    def query(self, sparql: str, /) -> QueryAnswer: ...


def select(store: Queryable, sparql: str) -> ox.QuerySolutions:
    """The solutions of a SELECT query (Store.query answers every query form; a caller that
    sent a SELECT iterates rows)."""
    return solutions(store.query(sparql), sparql)


VALUES_AT_ONCE = 400  # rows of a VALUES block in one query: the query's text stays small


def select_values(store: Queryable, rows: Iterable[tuple[str, ...]], sparql: str) -> list[ox.QuerySolution]:
    """The solutions of the SELECT query `sparql` with its `VALUES_ROWS` replaced by the
    distinct `rows` (terms in SPARQL syntax, "<iri>"), a batch of rows at a time: a lookup of
    thousands of nodes joined on what a query before it found, cheaper for Oxigraph than one
    query that joins everything."""
    distinct = list(dict.fromkeys(rows))
    found: list[ox.QuerySolution] = []
    for start in range(0, len(distinct), VALUES_AT_ONCE):
        block = " ".join("(" + " ".join(row) + ")" for row in distinct[start:start + VALUES_AT_ONCE])
        found += select(store, sparql.replace("VALUES_ROWS", block))
    return found


def solutions(answer: QueryAnswer, sparql: str) -> ox.QuerySolutions:
    """`answer`, the answer to the SELECT query `sparql`, as the solutions it is."""
    import pyoxigraph as ox

    if not isinstance(answer, ox.QuerySolutions):
        raise TypeError(f"not a SELECT query, it gave {type(answer).__name__}: {sparql.strip()[:80]}")
    return answer


def construct(store: Queryable, sparql: str) -> Iterable[ox.Triple]:
    """The triples of a CONSTRUCT or DESCRIBE query."""
    import pyoxigraph as ox

    result = store.query(sparql)
    if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise TypeError(f"not a CONSTRUCT or DESCRIBE query, it gave {type(result).__name__}: {sparql.strip()[:80]}")
    return result


def is_remote(location: object) -> bool:
    """Whether a store location is a SPARQL server's address rather than a folder."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


def default_store_path() -> Path:
    """kg/store under the user's data folder ($XDG_DATA_HOME or ~/.local/share)."""
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "kg" / "store"


def store_location(store: str | Path | None = None) -> str | Path:
    """Where a store is: `store` as given (`--store`), else $KG_STORE, else the default folder.
    A server's address stays a string; a folder is a Path. The one place $KG_STORE is read."""
    if store is None:
        store = os.environ.get(STORE_ENV) or default_store_path()
    return str(store) if is_remote(str(store)) else Path(store)


@dataclass(frozen=True)
class SerializedArticle:
    """An article's graph ready to write: N-Triples without a graph name, and what identifies
    the version (the graph it goes to, the hash of its text)."""

    article_id: str
    graph_iri: str
    text_hash: str
    ntriples: bytes


def serialize_article(article_graph: ArticleGraph) -> SerializedArticle:
    return SerializedArticle(
        article_graph.article_id,
        str(article_graph.graph_iri),
        article_graph.text_hash,
        article_graph.graph.serialize(format="nt", encoding="utf-8"),
    )


def with_graph_name(ntriples: bytes, graph_iri: str) -> bytes:
    """N-Triples as N-Quads in `graph_iri`. A line break inside a literal is escaped in
    N-Triples, so every raw one ends a statement."""
    return ntriples.replace(b" .\n", f" <{graph_iri}> .\n".encode())


def replace_update(articles: Iterable[SerializedArticle], *, merged: bool = True) -> str:
    """One SPARQL update that replaces each article's graph (N-Triples is valid in INSERT DATA),
    keeping the merged default graph exact unless `merged` is False."""
    writes = []
    for a in articles:
        body = f"DROP SILENT GRAPH <{a.graph_iri}> ;\nINSERT DATA {{ GRAPH <{a.graph_iri}> {{\n{a.ntriples.decode('utf-8')}\n}} }}"
        writes.append(graph_rewrite(a.graph_iri, body) if merged else body)
    return " ;\n".join(writes)


def retract_from_default(graph_iri: str) -> str:
    """The update that takes out of the merged default graph what only `graph_iri` holds."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{graph_iri}>) }} }}")


def merge_into_default(graph_iri: str) -> str:
    """The update that adds what `graph_iri` holds to the merged default graph (a set: a triple
    already there stays once)."""
    return f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"


def graph_rewrite(graph_iri: str, body: str) -> str:
    """`body`, an update that changes only the graph `graph_iri`, with the merged default graph
    kept exact around it; the cost is linear in the size of that graph. Send it as one request:
    the operations run in order, in one transaction."""
    return f"{retract_from_default(graph_iri)} ;\n{body} ;\n{merge_into_default(graph_iri)}"


def nodes_rewrite(graph_iri: str, body: str, nodes: Sequence[str]) -> str:
    """`body`, an update that changes only triples of the graph `graph_iri` whose subject or
    object is one of `nodes` (renaming a node does), with the merged default graph kept exact
    around it; the cost is linear in those triples, not in the graph."""
    values = "VALUES ?n { " + " ".join(f"<{node}>" for node in nodes) + " }"
    touching = (f"{{ GRAPH <{graph_iri}> {{ ?n ?p ?o }} BIND (?n AS ?s) }} "
                f"UNION {{ GRAPH <{graph_iri}> {{ ?s ?p ?n }} BIND (?n AS ?o) }}")
    retract = (f"DELETE {{ ?s ?p ?o }} WHERE {{ {values} {touching} "
               f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{graph_iri}>) }} }}")
    merge = f"INSERT {{ ?s ?p ?o }} WHERE {{ {values} {touching} }}"
    return f"{retract} ;\n{body} ;\n{merge}"


# A store written by kg before it kept the merged default graph gets it built from its article graphs.
BUILD_MERGED_DEFAULT_GRAPH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"

# What len() of a store counts: the quads of the article graphs, not the merged graph's copies.
COUNT_ARTICLE_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

# After an arbitrary update (kg serve --allow-update, KnowledgeStore.update) the merged default
# graph is made equal to the union of the article graphs again: what no graph holds leaves it,
# what some graph holds and it lacks joins it. A triple written straight into the default graph
# therefore does not stay there: the default graph is the articles' union, not a graph of its own.
RESYNC_DEFAULT_GRAPH = (
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } } ;\n"
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
)


def with_default_graph_resync(sparql: str) -> str:
    """A SPARQL update followed, in the same request (one transaction), by the resync of the
    merged default graph."""
    return sparql.rstrip().rstrip(";") + "\n;\n" + RESYNC_DEFAULT_GRAPH


@dataclass(frozen=True)
class StoredArticle:
    article_id: str
    outcome: str  # "added", "replaced" or "unchanged"


class ArticleWrites(ABC):
    """Writing articles, the same for every store: what changed is decided here, how a batch
    is written in one transaction by the store's `_write`."""

    def put_article(self, article_graph: ArticleGraph, *, force: bool = False) -> StoredArticle:
        """Write the article's graph as one transaction, replacing an older version of the
        same article; an identical article leaves the store untouched unless `force`."""
        return self.put_articles([serialize_article(article_graph)], force=force)[0]

    def put_articles(self, articles: Sequence[SerializedArticle], *, force: bool = False) -> list[StoredArticle]:
        """Write several articles' graphs in one transaction (each article whole, so a crash
        leaves every article either stored or absent), replacing older versions of them;
        identical articles are left untouched unless `force`. An article given twice is
        written twice, in order, as if put one after the other."""
        self._require_writable()
        outcomes: list[StoredArticle] = []
        batch: dict[str, tuple[SerializedArticle, bool]] = {}  # graph -> (article, replaces)
        for article in articles:
            if article.graph_iri in batch:  # the later version wins, as it would one by one
                self._write(list(batch.values()))
                batch.clear()
            stored_hash = self.text_hash(URIRef(article.graph_iri))
            if stored_hash == article.text_hash and not force:
                outcomes.append(StoredArticle(article.article_id, "unchanged"))
                continue
            batch[article.graph_iri] = (article, stored_hash is not None)
            outcomes.append(StoredArticle(article.article_id, "added" if stored_hash is None else "replaced"))
        if batch:
            self._write(list(batch.values()))
        return outcomes

    @abstractmethod
    def text_hash(self, graph_iri: URIRef) -> str | None:
        """The hash of the stored article's text, None if the store lacks the graph."""

    @abstractmethod
    def _write(self, batch: list[tuple[SerializedArticle, bool]]) -> None:
        """Write (article, replaces an older version) pairs in one transaction."""

    @abstractmethod
    def _require_writable(self) -> None:
        """Raise StoreError when the store is open read-only."""
