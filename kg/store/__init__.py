"""Where validated article graphs are kept: the one store interface (`Store`), the embedded
Oxigraph store, a remote SPARQL server, and the cross-article linking both share. `open_location`
is the one place a location (`--store`, `$KG_STORE` or the default folder) becomes a store."""

from __future__ import annotations

from .access import StoreLike, open_location, open_store
from .base import STORE_ENV, SerializedArticle, Store, StoredArticle, construct, is_remote, select, select_values, store_location
from .embedded import KnowledgeStore
from .remote import RemoteStore

__all__ = ["STORE_ENV", "KnowledgeStore", "construct", "RemoteStore", "SerializedArticle", "Store", "StoredArticle",
           "StoreLike", "is_remote", "open_location", "open_store", "select", "select_values",
           "store_location"]
