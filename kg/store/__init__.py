"""Where validated article graphs are kept: the one store interface (`Store`), the embedded
Oxigraph store, a remote SPARQL server, and the cross-article linking both share. `open_store`
is the one place a location (`--store`, `$KG_STORE` or the default folder) becomes a store."""

from __future__ import annotations

from pathlib import Path

from .base import STORE_ENV, SerializedArticle, Store, StoredArticle, is_remote, store_location
from .embedded import KnowledgeStore
from .remote import RemoteStore

__all__ = ["STORE_ENV", "KnowledgeStore", "RemoteStore", "SerializedArticle", "Store", "StoredArticle",
           "is_remote", "open_store", "store_location"]


def open_store(store: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at `store` (see store_location): a SPARQL server at an http(s) address,
    else the folder. The caller closes it."""
    location = store_location(store)
    if isinstance(location, str):
        return RemoteStore(location, read_only=read_only)
    return KnowledgeStore(location, read_only=read_only)
