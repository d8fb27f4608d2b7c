"""kg's store as any SPARQL 1.1 server (Oxigraph server, Apache Jena
Fuseki, GraphDB), one named graph per article, through the SPARQL 1.1 Protocol (queries and
updates) and the Graph Store HTTP Protocol (one article's graph).

`RemoteStore` has the public surface of `KnowledgeStore`, so the API and cross-article linking
work on either. Results come back as pyoxigraph's objects (parsed from the standard result
formats), the same as the embedded store gives. A batch of articles is one SPARQL Update request,
which the server applies as one transaction (`DROP SILENT GRAPH <g> ; INSERT DATA { ... }` per
article), so each article is replaced whole or not at all.

The default graph kg queries is the union of the article graphs as a set. On an Oxigraph server
kg keeps it as the server's real default graph (the merged default graph, see kg.store.embedded), changed
in the same update request as each article graph; Oxigraph's `union-default-graph` would count a
triple once per article stating it. Fuseki (`tdb2:unionDefaultGraph`) and GraphDB give a union
default graph that is already a set: `RemoteStore(url, default_graph="union")` uses it instead
and keeps no copy."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import QueryError, StoreError
from ..namespaces import KGO, PREFIXES
from .base import (
    BUILD_MERGED_DEFAULT_GRAPH,
    COUNT_ARTICLE_QUADS,
    ArticleWrites,
    SerializedArticle,
    graph_rewrite,
    nodes_rewrite,
    replace_update,
    retract_from_default,
    solutions,
    with_default_graph_resync,
)

if TYPE_CHECKING:
    import httpx

    from .base import QueryAnswer

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 600.0  # a big batch or a heavy query on a loaded server takes a while
_RESULTS = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_PROLOGUE = " ".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()) + "\n"


class RemoteStore(ArticleWrites):
    """A SPARQL 1.1 server as kg's store. `url` is the dataset's base: queries go to url/query,
    updates to url/update and Graph Store requests to url/store (Oxigraph server's layout; Fuseki
    answers url/query and url/update for a dataset url http://HOST:3030/DATASET, and its graph
    store is given with `graph_store`). kg's queries read the default graph as the union of the
    article graphs, each triple once: with `default_graph="merged"` (the default, for Oxigraph
    server) kg keeps that union as the server's real default graph; with `default_graph="union"`
    the server's own union default graph is used, which must be a set (Fuseki with
    tdb2:unionDefaultGraph, GraphDB)."""

    def __init__(self, url: str, *, read_only: bool = False, query: str | None = None, update: str | None = None,
                 graph_store: str | None = None, timeout: float = TIMEOUT_SECONDS, default_graph: str = "merged"):
        import httpx

        base = url.rstrip("/")
        if not urlsplit(base).netloc:
            raise StoreError(f"{url} is not a server address; give --store http://HOST:PORT.")
        self.path = self.location = base
        self.read_only = read_only
        self.query_endpoint = query or base + "/query"
        self.update_endpoint = update or base + "/update"
        self.graph_store_endpoint = graph_store or base + "/store"
        if default_graph not in ("merged", "union"):
            raise ValueError(f"default_graph must be 'merged' or 'union', not {default_graph!r}")
        self.merged = default_graph == "merged"
        self._http = httpx.Client(timeout=timeout)
        self._errors = (httpx.TransportError,)
        log.info("remote store %s (queries to %s, updates to %s)%s", base, self.query_endpoint, self.update_endpoint,
                 " read-only" if read_only else "")
        if self.merged and self._lacks_merged_default_graph():
            self._build_merged_default_graph()

    def _lacks_merged_default_graph(self) -> bool:
        """A server kg wrote before it kept the merged default graph: article graphs, and
        nothing in the default graph."""
        return bool(self._query("ASK { FILTER NOT EXISTS { ?s ?p ?o } FILTER EXISTS { GRAPH ?g { ?a ?b ?c } } }"))

    def _build_merged_default_graph(self) -> None:
        """Build the merged default graph of a server kg filled before, in one request (a
        read-only store does it too: it is what its queries need, and it changes no article)."""
        try:
            self._post_update(BUILD_MERGED_DEFAULT_GRAPH)
        except StoreError as error:
            raise StoreError(f"The SPARQL server at {self.location} holds articles kg stored without the merged "
                             f"default graph, and building it failed ({error}); allow updates, or use "
                             f"default_graph='union' on a server whose union default graph is a set.") from None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- HTTP ---------------------------------------------------------------------------

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, url, **kwargs)
        except self._errors as error:
            raise StoreError(f"Cannot reach the SPARQL server at {url} ({error}); is it running?") from None
        return response

    def _query(self, sparql: str, accept: str = f"{_RESULTS}, {_NTRIPLES};q=0.9", dataset: dict | None = None) -> QueryAnswer:
        response = self._request("POST", self.query_endpoint, params=dataset,
                                 content=(_PROLOGUE + sparql).encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query", "Accept": accept})
        if response.status_code == 400 and not _is_web_page(response):
            # Like the embedded store: a malformed query is a SyntaxError, positions in the user's text.
            raise SyntaxError(_shift_position(response.text.strip() or "the server refused the query"))
        if response.status_code != 200:
            raise QueryError(f"The SPARQL server at {self.query_endpoint} answered {response.status_code}: "
                             f"{_what_it_said(response)}")
        kind = response.headers.get("content-type", "").split(";")[0].strip()
        if kind == _RESULTS:
            return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)
        if kind == _NTRIPLES:
            return [quad.triple for quad in ox.parse(response.content, ox.RdfFormat.N_TRIPLES)]
        raise QueryError(f"The server at {self.query_endpoint} answered in {kind or 'an unknown format'}, not with SPARQL "
                         f"results (kg reads SPARQL JSON results and N-Triples); is --store the address of a SPARQL endpoint?")

    def _update(self, sparql: str) -> None:
        self._require_writable()
        self._post_update(sparql)

    def _post_update(self, sparql: str) -> None:
        response = self._request("POST", self.update_endpoint, content=sparql.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-update"})
        if response.status_code not in (200, 204):
            raise StoreError(f"The SPARQL server at {self.update_endpoint} refused the update "
                             f"({response.status_code}): {_what_it_said(response)}")

    # --- articles -----------------------------------------------------------------------

    def text_hash(self, graph_iri: URIRef) -> str | None:
        sparql = f"SELECT ?hash WHERE {{ GRAPH <{graph_iri}> {{ ?article <{KGO.textHash}> ?hash }} }} LIMIT 1"
        for row in solutions(self._query(sparql), sparql):
            return row["hash"].value
        return None

    def _write(self, batch: list[tuple[SerializedArticle, bool]]) -> None:
        self._update(replace_update((article for article, _ in batch), merged=self.merged))

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete one article's named graph in one request; False if it was not there."""
        self._require_writable()
        if not self.has_graph(graph_iri):
            return False
        drop = f"DROP GRAPH <{graph_iri}>"
        self._update(f"{retract_from_default(graph_iri)} ;\n{drop}" if self.merged else drop)
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one request (kg's prefixes predeclared); with the merged
        default graph, the request also makes it exact again (a full pass over the store)."""
        self._update(_PROLOGUE + (with_default_graph_resync(sparql) if self.merged else sparql))

    def update_graph(self, graph_iri: str, sparql: str, *, nodes: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 Update that changes only the graph `graph_iri`, as one request,
        keeping the merged default graph exact at a cost linear in that graph; with `nodes`, an
        update that changes only triples of theirs (as subject or object), at a cost linear in those."""
        if not self.merged:
            self._update(_PROLOGUE + sparql)
        else:
            self._update(_PROLOGUE + (nodes_rewrite(graph_iri, sparql, nodes) if nodes else graph_rewrite(graph_iri, sparql)))

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self._query(f"ASK {{ GRAPH <{graph_iri}> {{ ?s ?p ?o }} }}"))

    def article_graphs(self) -> list[str]:
        sparql = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
        return sorted(row["g"].value for row in solutions(self._query(sparql), sparql))

    # --- reading ------------------------------------------------------------------------

    def query(self, sparql: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()) -> QueryAnswer:
        """Run SPARQL over the union of all article graphs (each triple once), kg's prefixes
        predeclared; the query's own FROM and FROM NAMED choose its dataset. `default_graphs` and
        `named_graphs` are the SPARQL Protocol's default-graph-uri and named-graph-uri: they
        override the query's dataset, as on the embedded store, where default graphs alone leave
        every article graph named. Named graphs alone would leave the embedded store's default
        graph the merged one, which the Protocol cannot name on a server: that is refused."""
        if not default_graphs and not named_graphs:
            return self._query(sparql)
        if not default_graphs:
            raise QueryError("On a SPARQL server, give default graphs with named graphs: the Protocol "
                             "cannot name the server's merged default graph.")
        dataset = {"default-graph-uri": list(default_graphs),
                   "named-graph-uri": list(named_graphs) or self.article_graphs()}
        return self._query(sparql, dataset=dataset)

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
        sparql = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        rows = solutions(self._query(sparql, accept=_RESULTS), sparql)
        return (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows)

    def __len__(self) -> int:
        rows = solutions(self._query(COUNT_ARTICLE_QUADS, accept=_RESULTS), COUNT_ARTICLE_QUADS)
        return int(next(iter(rows))["n"].value)

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"The store {self.path} is open read-only.")


def _is_web_page(response: httpx.Response) -> bool:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml") or response.text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))


def _what_it_said(response: httpx.Response) -> str:
    """A server's error in one short line: a web page (a server that is not a SPARQL endpoint,
    or a proxy's error page) is named, not quoted."""
    if _is_web_page(response):
        return "a web page, not a SPARQL answer; is --store the address of a SPARQL endpoint (e.g. http://HOST:7878)?"
    return " ".join(response.text.split())[:300] or "(no message)"


def _shift_position(message: str) -> str:
    # kg's prefixes take the first line of what the server parsed: give positions in the query as written.
    return re.sub(r"at (\d+):(\d+)", lambda m: f"at {max(int(m.group(1)) - 1, 1)}:{m.group(2)}", message, count=1)
