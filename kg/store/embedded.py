"""An embedded, persistent SPARQL store (Oxigraph, on disk) holding one named
graph per article. Writing an article is one transaction; queries see the union of graphs.

The union is kept as the store's real default graph, a set (the *merged default graph*): each
triple once, whatever the number of articles stating it. Oxigraph's own union default graph
returns a triple once per graph holding it, which multiplies COUNTs and rows (oxigraph#1919);
it also overrides a query's FROM. Every write of an article graph changes the merged graph in
the same transaction: before the change, the triples only that graph held leave it; after the
change, the graph's triples join it. So a triple leaves the default graph exactly when no
article graph holds it any more."""

from __future__ import annotations

import errno
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import DamagedStore, StoreError, StoreInUse
from ..namespaces import KGO, PREFIXES
from .base import (
    BUILD_MERGED_DEFAULT_GRAPH,
    COUNT_ARTICLE_QUADS,
    STORE_ENV,
    ArticleWrites,
    SerializedArticle,
    graph_rewrite,
    nodes_rewrite,
    replace_update,
    retract_from_default,
    select,
    store_location,
    with_default_graph_resync,
    with_graph_name,
)

FLUSH_BYTES = 32_000_000  # of N-Triples written between flushes
# Oxigraph's bulk loader sorts the quads into files a million at a time (its
# DEFAULT_BULK_LOAD_BATCH_SIZE). Before pyoxigraph 0.5.13 (the first release this was checked
# on) it may hand each million to RocksDB as a step of its own, so a batch of new articles is
# bulk loaded only up to this size there; from 0.5.13 on it hands all the files of one load to
# RocksDB in one IngestExternalFiles call at its end (a load killed before that call leaves
# nothing: tests/test_bulk_write.py), and a batch of any size is bulk loaded: a long article's
# 1.3 million quads took 35 s through the transactional `load`, 10 s this way.
BULK_LOAD_QUADS = 900_000
BULK_LOAD_ONE_STEP_FROM = (0, 5, 13)

log = logging.getLogger(__name__)


class KnowledgeStore(ArticleWrites):
    """kg's store. Open it for writing (one process at a time) or read-only (many)."""

    _swept = False  # the leftovers of a bulk load cut short deleted, once per opening (see _bulk_load)

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(store_location(path))
        self.read_only = read_only
        self._unflushed = 0  # bytes of N-Triples written since the last flush
        # Opening reads: RocksDB its MANIFEST, the check below the first blocks of two indexes.
        # A damaged file met there is a DamagedStore like one met by a later read.
        with storage_errors(self.path):
            self._store = self._open()
            log.info("store %s opened%s", self.path, " read-only" if read_only else "")
            if self._lacks_merged_default_graph():
                self._build_merged_default_graph()

    def _open(self) -> ox.Store:
        self._check_folder()
        if self.read_only:
            opener = ox.Store.read_only
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            opener = ox.Store
        try:
            return opener(str(self.path))
        except (OSError, RuntimeError) as error:
            if "/LOCK" in str(error) or "lock hold" in str(error):
                raise StoreInUse(
                    f"The store {self.path} is in use by another kg process; wait for it to finish "
                    f"or use another --store DIR."
                ) from None
            mapped = storage_error(self.path, error)
            if mapped is not None:
                raise mapped from None
            if isinstance(error, RuntimeError):
                raise
            raise StoreError(f"Cannot open the store {self.path}: {error}") from None

    def _check_folder(self) -> None:
        """Refuse what is not a store before RocksDB sees it: a file, a folder of other files
        (which opening for writing would quietly fill with database files), or a store whose
        CURRENT file is gone (RocksDB would take it for an empty folder)."""
        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder; choose another --store DIR.")
        if (self.path / "CURRENT").exists():
            return
        entries = list(self.path.iterdir()) if self.path.is_dir() else []
        if any(_is_database_file(entry.name) for entry in entries):
            raise DamagedStore(damaged_message(self.path, "its CURRENT file is missing"))
        if entries:
            raise StoreError(
                f"{self.path} is a folder of other files, not a kg store; give --store a new or empty folder "
                f"(or an existing store)."
            )
        if self.read_only:
            raise StoreError(
                f"No kg store at {self.path}. Ingest articles first (kg ingest FILE), "
                f"or point to a store with --store DIR or ${STORE_ENV}."
            )

    def _lacks_merged_default_graph(self) -> bool:
        """A store written by kg before it kept the merged default graph: article graphs, and
        nothing in the default graph."""
        default = self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        return next(iter(default), None) is None and next(iter(self._store.named_graphs()), None) is not None

    def _build_merged_default_graph(self) -> None:
        """Build the merged default graph of an older store, in one transaction. A read-only
        opener does it too when it can open the store for writing for that moment (nothing else
        writes it); otherwise it refuses, as queries would count every shared triple again."""
        build = BUILD_MERGED_DEFAULT_GRAPH
        log.info("store %s: building the merged default graph of an older store", self.path)
        if not self.read_only:
            self._store.update(build)
            self._store.flush()
            return
        del self._store
        try:
            writable = ox.Store(str(self.path))
        except OSError:
            writable = None
        if writable is not None:
            writable.update(build)
            writable.flush()
            del writable
        self._store = self._open()
        if self._lacks_merged_default_graph():
            raise StoreError(
                f"The store {self.path} was written by an older kg, without the merged default graph "
                f"queries need, and cannot be upgraded while another process writes it; run the command "
                f"again once that process is done."
            )

    def close(self) -> None:
        try:
            if not self.read_only:
                with storage_errors(self.path):
                    self._store.flush()
        finally:
            del self._store

    def __enter__(self) -> KnowledgeStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles -----------------------------------------------------------------------

    def text_hash(self, graph_iri: URIRef) -> str | None:
        """The text hash stored for the article in `graph_iri`, or None if it is not stored."""
        graph = ox.NamedNode(str(graph_iri))
        for quad in self._store.quads_for_pattern(None, ox.NamedNode(str(KGO.textHash)), None, graph):
            return None if isinstance(quad.object, ox.Triple) else quad.object.value
        return None

    def _write(self, batch: list[tuple[SerializedArticle, bool]]) -> None:
        self._unflushed += sum(len(article.ntriples) for article, _ in batch)
        if self._unflushed >= FLUSH_BYTES:
            # RocksDB keeps written data in memory tables until they fill (over a gigabyte across
            # Oxigraph's indexes); flushing now and then keeps a long ingest's memory flat. Counted
            # in bytes, not quads: an article's full text is one quad of several kilobytes.
            self._store.flush()
            self._unflushed = 0
        if not any(replaces for _, replaces in batch):
            # New graphs only: the quads of each graph, and the same N-Triples without a graph
            # name for the merged default graph (a set), written once, in one step.
            nquads = b"".join(with_graph_name(a.ntriples, a.graph_iri) + a.ntriples for a, _ in batch)
            if _bulk_load_is_one_step() or nquads.count(b"\n") <= BULK_LOAD_QUADS:
                self._bulk_load(nquads)
            else:
                self._store.load(nquads, format=ox.RdfFormat.N_QUADS)
            return
        # Drop and insert in one SPARQL update, which Oxigraph applies as one transaction.
        self._store.update(replace_update(a for a, _ in batch))

    def _bulk_load(self, nquads: bytes) -> None:
        """Write new quads through Oxigraph's bulk loader: it sorts them into one file per index
        and hands those files to RocksDB in one IngestExternalFiles call, which is atomic across
        the indexes (a crash leaves all of them or none); older releases made one such call for
        each DEFAULT_BULK_LOAD_BATCH_SIZE (a million) quads, hence BULK_LOAD_QUADS. Three times less
        CPU than `load`, whose transaction locks and reads back every key it writes, and a
        third of its memory. A crash before the call leaves the sorted files in the folder,
        named bulk-*.sst, which RocksDB never reads: they are deleted here, once the store is
        ours to write."""
        if not self._swept:
            for leftover in self.path.glob("bulk-*.sst"):
                leftover.unlink(missing_ok=True)
            self._swept = True
        self._store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)

    def remove_graph(self, graph_iri: str) -> bool:
        """Delete one article's named graph in one transaction; False if it was not there."""
        self._require_writable()
        graph = ox.NamedNode(graph_iri)
        if not self._store.contains_named_graph(graph):
            return False
        self._store.update(f"{retract_from_default(graph_iri)} ;\nDROP GRAPH <{graph_iri}>")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update as one transaction (kg's prefixes predeclared); the merged
        default graph is made exact again in the same transaction (a full pass over the store;
        an update of one article graph costs less through `update_graph`)."""
        self._require_writable()
        self._store.update(with_default_graph_resync(sparql), prefixes=PREFIXES)

    def update_graph(self, graph_iri: str, sparql: str, *, nodes: Sequence[str] = ()) -> None:
        """Run a SPARQL 1.1 Update that changes only the graph `graph_iri`, as one transaction,
        keeping the merged default graph exact at a cost linear in that graph; with `nodes`, an
        update that changes only triples of theirs (as subject or object), at a cost linear in those."""
        self._require_writable()
        rewrite = nodes_rewrite(graph_iri, sparql, nodes) if nodes else graph_rewrite(graph_iri, sparql)
        self._store.update(rewrite, prefixes=PREFIXES)

    def has_graph(self, graph_iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph_iri))

    def article_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    # --- reading ------------------------------------------------------------------------

    def query(
        self, sparql: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run SPARQL over the union of all article graphs (the merged default graph: each triple
        once), kg's prefixes predeclared; the query's own FROM and FROM NAMED choose its dataset.
        As the SPARQL Protocol's default-graph-uri and named-graph-uri ask, over the graphs named
        (with only named-graph-uri, the default graph stays the union). Raises SyntaxError (from
        Oxigraph) for a malformed query."""
        if not default_graphs and not named_graphs:
            return self._store.query(sparql, prefixes=PREFIXES)
        return self._store.query(
            sparql,
            prefixes=PREFIXES,
            default_graph=[ox.NamedNode(g) for g in default_graphs] or [ox.DefaultGraph()],
            named_graphs=[ox.NamedNode(g) for g in named_graphs] or None,
        )

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one article graph, or of every article graph (graph by graph); never
        the merged default graph's copies."""
        if graph_iri:
            return self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
        return (quad for graph in sorted(self._store.named_graphs(), key=lambda g: g.value)
                for quad in self._store.quads_for_pattern(None, None, None, graph))

    def __len__(self) -> int:
        """How many quads the article graphs hold (the merged default graph's copies not counted)."""
        return int(next(iter(select(self._store, COUNT_ARTICLE_QUADS)))["n"].value)  # counted in Oxigraph

    def check_files(self) -> int:
        """Read every quad through each of Oxigraph's indexes (by subject, graph, predicate and
        object, each with and without the graph) and check that they agree; raise DamagedStore
        when a file is missing, cut short, fails a checksum or an index lost quads. RocksDB
        checks a block's checksum whenever it reads it, so reading everything checks every
        block a query could ever reach. Returns the number of quads in article graphs."""
        from collections import Counter

        def count(predicate: ox.NamedNode | None = None, object: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None = None,
                  graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None,
                  subject: ox.NamedNode | ox.BlankNode | ox.Triple | None = None) -> int:
            # Only the quads that match exactly: pyoxigraph 0.5's lookup by a numeric literal
            # object also returns quads whose objects are neighbouring numbers ("1791" finds
            # "1792"), which would read as a damaged index.
            return sum(1 for quad in self._store.quads_for_pattern(subject, predicate, object, graph)
                       if (object is None or quad.object == object) and (predicate is None or quad.predicate == predicate)
                       and (graph is None or quad.graph_name == graph) and (subject is None or quad.subject == subject))

        # The whole scan reads the indexes by graph (named graphs and the default one); each check
        # below reads one more, key by key: by subject (the only reader of Oxigraph's spog index,
        # whose damaged blocks nothing else would meet), predicate, object, and graph with each.
        by_subject: Counter = Counter()
        by_graph: Counter = Counter()
        by_predicate: Counter = Counter()
        by_object: Counter = Counter()
        by_graph_predicate: Counter = Counter()
        by_graph_object: Counter = Counter()
        with storage_errors(self.path):
            for quad in self._store.quads_for_pattern(None, None, None, None):
                graph, predicate, object = quad.graph_name, quad.predicate, quad.object
                by_subject[quad.subject] += 1
                by_graph[graph] += 1
                by_predicate[predicate] += 1
                by_object[object] += 1
                by_graph_predicate[graph, predicate] += 1
                by_graph_object[graph, object] += 1
            named = set(self._store.named_graphs())
            checks = (
                ("graph", by_graph, lambda g: count(graph=g)),
                ("subject", by_subject, lambda s: count(subject=s)),
                ("predicate", by_predicate, lambda p: count(predicate=p)),
                ("object", by_object, lambda o: count(object=o)),
                ("graph and predicate", by_graph_predicate, lambda k: count(predicate=k[1], graph=k[0])),
                ("graph and object", by_graph_object, lambda k: count(object=k[1], graph=k[0])),
            )
            for index, expected, counted in checks:
                for key, quads in expected.items():
                    if counted(key) != quads:
                        raise DamagedStore(damaged_message(
                            self.path, f"its index by {index} disagrees with the others at {key}"))
        missing = [g for g in by_graph if isinstance(g, ox.NamedNode) and g not in named]
        if missing:
            raise DamagedStore(damaged_message(self.path, f"the list of graphs lacks {missing[0]}"))
        # The merged default graph's copies are read and checked too, but not counted: like len(), the
        # number is the article graphs' quads.
        return sum(quads for graph, quads in by_graph.items() if isinstance(graph, ox.NamedNode))

    def _require_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"The store {self.path} is open read-only.")


@lru_cache(maxsize=1)
def _bulk_load_is_one_step() -> bool:
    """Whether the installed pyoxigraph ingests a bulk load of any size in one atomic step."""
    from importlib.metadata import version

    release = tuple(int(part) for part in re.findall(r"\d+", version("pyoxigraph"))[:3])
    return release >= BULK_LOAD_ONE_STEP_FROM


# --- damage and full disks ---------------------------------------------------------------

# What RocksDB keeps in a store folder (besides CURRENT): a folder holding any of these was a store.
_DATABASE_FILE = re.compile(r"^(?:\d+\.(?:sst|log|blob)|MANIFEST-\d+|OPTIONS-\d+|IDENTITY|LOCK|LOG(?:\.old\.\d+)?)$")
# What Oxigraph's storage errors say when files are missing, cut short or corrupt; any other
# RuntimeError is a bug and keeps its traceback.
_DAMAGE = re.compile(r"Corruption|checksum mismatch|IO error|No such file|truncated|bad magic|MANIFEST", re.IGNORECASE)
_DAMAGED_FILE = re.compile(r"\b(\d+\.sst|MANIFEST-\d+|CURRENT|\d+\.log)\b")


def _is_database_file(name: str) -> bool:
    return bool(_DATABASE_FILE.match(name))


def damaged_message(path: Path, reason: str) -> str:
    return (
        f"The store {path} is damaged ({reason}); kg validate --deep --store {path} checks every file. Restore it "
        f"from a backup or an earlier export (kg export), or ingest the articles again into a new store (--store NEW_DIR)."
    )


def _damage_reason(text: str) -> str:
    """What RocksDB's message says in a few words, naming the file when it does."""
    file = _DAMAGED_FILE.search(text)
    name = file.group(1) if file else "a database file"
    lowered = text.lower()
    if "no such file" in lowered:
        return f"{name} is missing"
    if "size mismatch" in lowered or "truncated" in lowered:
        return f"{name} is cut short"
    if "checksum mismatch" in lowered:
        return f"{name} fails its checksum"
    if "manifest" in lowered:
        return "its MANIFEST file is unreadable"
    return f"{name} is corrupt"


def storage_error(path: Path, error: BaseException) -> StoreError | None:
    """The StoreError for an error Oxigraph raised about its files (damage, a full disk),
    or None for any other error, which is left to raise as it is."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC or "No space left on device" in str(error):
        return StoreError(
            f"No space left on device for the store {path}: free some space (or choose a --store on "
            f"another disk) and run the command again; what was stored before is kept, whole."
        )
    if isinstance(error, (OSError, RuntimeError)) and _DAMAGE.search(str(error)):
        return DamagedStore(damaged_message(path, _damage_reason(str(error))))
    return None


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Turn Oxigraph's errors about the store's files, which reads may raise long after the
    store opened (RocksDB reads a file when a query first needs it), into StoreError."""
    try:
        yield
    except (OSError, RuntimeError) as error:
        mapped = storage_error(path, error)
        if mapped is None:
            raise
        raise mapped from None
