"""`kg serve`: the store as a SPARQL 1.1 Protocol endpoint (Starlette on uvicorn), with a page
to explore it.

Queries run in worker processes that open the store read-only, so `kg ingest` can keep writing
while the endpoint serves. Oxigraph cannot cancel a running query, so a query that outlives its
time limit has its worker killed and replaced. Read-only unless started with --allow-update and
a token; SERVICE and LOAD (which reach other endpoints), found by a SPARQL parser, refused unless
allowed; request, query and result sizes, query time and query memory limited; Host and Origin
checked; a Content-Security-Policy on every response; errors never carry file-system paths."""

from .app import create_app, serve
from .config import ServeConfig
from .security import is_web_url
from .sparql import OperationKind, UnreadableOperation, classify, negotiate

__all__ = ["OperationKind", "ServeConfig", "UnreadableOperation", "classify", "create_app", "is_web_url",
           "negotiate", "serve"]
