"""Step 7, on a server: kg's store as any SPARQL 1.1 server (Oxigraph server, Apache Jena
Fuseki, GraphDB), one named graph per article, through the SPARQL 1.1 Protocol (queries and
updates) and the Graph Store HTTP Protocol (one article's graph).

`RemoteStore` has the public surface of `KnowledgeStore`, so the API and cross-article linking
work on either. Results come back as pyoxigraph's objects (parsed from the standard result
formats), the same as the embedded store gives. A batch of articles is one SPARQL Update request,
which the server applies as one transaction (`DROP SILENT GRAPH <g> ; INSERT DATA { ... }` per
article), so each article is replaced whole or not at all."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import URIRef

from .errors import QueryError, StoreError
from .namespaces import KGO, PREFIXES
from .store import ArticleWrites, SerializedArticle, replace_update

TIMEOUT_SECONDS = 600.0  # a big batch or a heavy query on a loaded server takes a while
_RESULTS = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_PROLOGUE = " ".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()) + "\n"


def is_remote(location) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


class RemoteStore(ArticleWrites):
    """A SPARQL 1.1 server as kg's store. `url` is the dataset's base: queries go to url/query,
    updates to url/update and Graph Store requests to url/store (Oxigraph server's layout; Fuseki
    answers url/query and url/update for a dataset url http://HOST:3030/DATASET, and its graph
    store is given with `graph_store`). The default graph must be the union of the named graphs:
    kg asks Oxigraph for that on every query (union-default-graph); on Fuseki set
    tdb2:unionDefaultGraph, on GraphDB it is the default."""

    def __init__(self, url: str, *, read_only: bool = False, query: str | None = None, update: str | None = None,
                 graph_store: str | None = None, timeout: float = TIMEOUT_SECONDS):
        import httpx

        base = url.rstrip("/")
        if not urlsplit(base).netloc:
            raise StoreError(f"{url} is not a server address; give --store http://HOST:PORT.")
        self.path = self.location = base
        self.read_only = read_only
        self.query_endpoint = query or base + "/query"
        self.update_endpoint = update or base + "/update"
        self.graph_store_endpoint = graph_store or base + "/store"
        self._http = httpx.Client(timeout=timeout)
        self._errors = (httpx.TransportError,)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- HTTP ---------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs):
        try:
            response = self._http.request(method, url, **kwargs)
        except self._errors as error:
            raise StoreError(f"Cannot reach the SPARQL server at {url} ({error}); is it running?") from None
        return response

    def _query(self, sparql: str, accept: str = f"{_RESULTS}, {_NTRIPLES};q=0.9"):
        response = self._request("POST", self.query_endpoint, params={"union-default-graph": ""},
                                 content=(_PROLOGUE + sparql).encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query", "Accept": accept})
        if response.status_code == 400:
            # Like the embedded store: a malformed query is a SyntaxError, positions in the user's text.
            raise SyntaxError(_shift_position(response.text.strip() or "the server refused the query"))
        if response.status_code != 200:
            raise QueryError(f"The SPARQL server at {self.query_endpoint} answered {response.status_code}: "
                             f"{response.text.strip()[:300]}")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == _RESULTS:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        if kind == _NTRIPLES:
            return [quad.triple for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)]
        raise QueryError(f"The SPARQL server at {self.query_endpoint} answered in {kind or 'an unknown format'}; "
                         f"kg reads SPARQL JSON results and N-Triples.")

    def _update(self, sparql: str) -> None:
        self._require_writable()
        response = self._request("POST", self.update_endpoint, content=sparql.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update"})
        if response.status_code not in (200, 204):
            raise StoreError(f"The SPARQL server at {self.update_endpoint} refused the update "
                             f"({response.status_code}): {response.text.strip()[:300]}")

    # --- articles -----------------------------------------------------------------------

    def text_hash(self, graph_iri: URIRef) -> str | None:
        rows = self._query(f"SELECT ?hash WHERE {{ GRAPH <{graph_iri}> {{ ?article <{KGO.textHash}> ?hash }} }} LIMIT 1")
        for row in rows:
            return row["hash"].value
        return None

    def _write(self, batch: list[tuple[SerializedArticle, bool]]) -> None:
        self._update(replace_update(article for article, _ in batch))

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete one article's named graph in one request; False if it was not there."""
        self._require_writable()
        if not self.has_graph(graph_iri):
            return False
        self._update(f"DROP GRAPH <{graph_iri}>")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one request (kg's prefixes predeclared)."""
        self._update(_PROLOGUE + sparql)

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self._query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"))

    def article_graphs(self) -> list[str]:
        return sorted(row["g"].value for row in self._query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"))

    # --- reading ------------------------------------------------------------------------

    def query(self, sparql: str):
        """Run SPARQL over the union of all article graphs, kg's prefixes predeclared."""
        return self._query(sparql)

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        if graph_iri:  # one article: a Graph Store Protocol GET
            response = self._request("GET", self.graph_store_endpoint, params={"graph": graph_iri},
                                     headers={"Accept": _NTRIPLES})
            if response.status_code == 404:
                return iter(())
            if response.status_code != 200:
                raise StoreError(f"The graph store at {self.graph_store_endpoint} answered {response.status_code} "
                                 f"for {graph_iri}.")
            graph = ox.NamedNode(graph_iri)
            return (ox.Quad(q.subject, q.predicate, q.object, graph)
                    for q in ox.parse(response.content, ox.RdfFormat.N_TRIPLES))
        rows = self._query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", accept=_RESULTS)
        return (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)

    def __len__(self) -> int:
        rows = self._query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", accept=_RESULTS)
        return int(next(iter(rows))["n"].value)

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"The store {self.path} is open read-only.")


def _shift_position(message: str) -> str:
    # kg's prefixes take the first line of what the server parsed: give positions in the query as written.
    return re.sub(r"at (\d+):(\d+)", lambda m: f"at {max(int(m.group(1)) - 1, 1)}:{m.group(2)}", message, count=1)
