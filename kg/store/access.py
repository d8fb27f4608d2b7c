"""The one way into a store for the layers above: a store given as a Store, a folder, a
SPARQL server's address or nothing ($KG_STORE, else the default folder), opened for the
duration of a `with` block, its storage failures turned into StoreError."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from .base import Store, store_location
from .embedded import KnowledgeStore, storage_errors
from .remote import RemoteStore

StoreLike = Store | str | Path | None


def open_location(store: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at `store` (see store_location): a SPARQL server at an http(s) address,
    else the folder. The caller closes it."""
    location = store_location(store)
    if isinstance(location, str):
        return RemoteStore(location, read_only=read_only)
    return KnowledgeStore(location, read_only=read_only)


@contextmanager
def open_store(store: StoreLike = None, *, read_only: bool = False) -> Iterator[Store]:
    """Use an open store as it is, or open (and afterwards close) the one at a path, or the
    SPARQL server at an http(s) URL (None: $KG_STORE, else the default folder)."""
    if isinstance(store, Store):
        with _storage_errors(store):
            yield store
        return
    opened = open_location(store, read_only=read_only)
    with _storage_errors(opened):
        try:
            yield opened
        finally:
            opened.close()


def _storage_errors(store: Store) -> AbstractContextManager[object]:
    # A damaged file or a full disk may show only when a read or write reaches it, long after
    # the store opened: each is one StoreError here, not a RocksDB traceback.
    return storage_errors(store.path) if isinstance(store, KnowledgeStore) else nullcontext()
