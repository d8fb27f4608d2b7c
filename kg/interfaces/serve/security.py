"""What keeps the endpoint from being used by other sites or leaking the machine's layout: the
Host and Origin checks, the security headers on every response, error messages without
file-system paths, and the only URLs rendered as links."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.responses import PlainTextResponse

from .sparql import ProtocolError

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from .config import ServeConfig


_PATH = re.compile(r"(?<![\w:/.<])(?:~|\.{1,2})?/(?:[\w.@+-]+/)+[\w.@+-]*")


def scrub(message: str, store_path: Path) -> str:
    """An error message with no file-system path in it."""
    for path in {str(store_path), str(Path(store_path).resolve()), str(Path.home())}:
        if len(path) > 1:
            message = message.replace(path, "<store>" if path != str(Path.home()) else "~")
    return _PATH.sub("<path>", message)



# Every response: scripts and styles only from this server's own files (no inline script, so a
# stored "javascript:" URL or injected markup cannot run), no framing, no MIME sniffing.
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
_WILDCARDS = ("0.0.0.0", "::", "")


def allowed_hosts(config: ServeConfig) -> frozenset[str] | None:
    """The host:port values the Host header may name: the bound address and, for loopback,
    localhost; plus --allowed-host names. None (any Host) when bound to every address with no
    --allowed-host, or when --allowed-host is "*"."""
    names = set(config.allowed_hosts)
    if "*" in names or (config.host in _WILDCARDS and not names):
        return None
    names.add(config.host)
    if config.host in _LOOPBACK_NAMES or config.host in _WILDCARDS:
        names.update(_LOOPBACK_NAMES)
    names -= set(_WILDCARDS)
    allowed = set()
    for name in names:
        name = name.lower().strip("[]")
        shown = f"[{name}]" if ":" in name else name
        allowed.add(f"{shown}:{config.port}")
        if config.port == 80:
            allowed.add(shown)
    return frozenset(allowed)


def _host_and_port(url: str) -> tuple[str, int] | None:
    """(host, port) of an http(s) URL, the scheme's port if none is given; None if it is not one
    ("null", the Origin of files and sandboxed pages, included)."""
    try:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
        return parts.hostname.lower(), parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None


# The address of the client whose request is being handled: a client's share of the query
# checkers and workers is counted by it (every client behind one proxy shares one share).
CLIENT: ContextVar[str] = ContextVar("client", default="")


class RequestChecks:
    """ASGI middleware. Refuses a Host header that names another site (421: a DNS-rebinding page
    would send its own name) and a browser request sent from a page of another origin (403: the
    Origin header, or Sec-Fetch-Site: cross-site); adds SECURITY_HEADERS to every response.
    (Starlette's TrustedHostMiddleware drops the port and cannot read an IPv6 Host.)"""

    def __init__(self, app: ASGIApp, allowed_hosts: frozenset[str] | None):
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(headers)
        if refusal is not None:
            status, message = refusal
            return await PlainTextResponse(message + "\n", status_code=status)(scope, receive, self._secured(send))
        client = scope.get("client")
        CLIENT.set(client[0] if client else "")  # the handlers' per-client shares read it
        return await self.app(scope, receive, self._secured(send))

    def refusal(self, headers: dict) -> tuple[int, str] | None:
        host = headers.get("host", "").strip().lower()
        if self.allowed is not None and host not in self.allowed:
            return 421, (f"This server does not answer for the host {host or '(none)'!r}; use "
                         f"http://{sorted(self.allowed)[0]}/ or start kg serve with --allowed-host {host.rsplit(':', 1)[0] or 'NAME'}.")
        origin = headers.get("origin")
        if origin is not None and _host_and_port(origin) != _host_and_port("http://" + host):
            return 403, f"Requests from pages of another site (Origin: {origin[:100]}) are refused."
        if headers.get("sec-fetch-site") == "cross-site":
            return 403, "Requests from pages of another site are refused."
        return None

    @staticmethod
    def _secured(send: Send) -> Send:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in present]
            await send(message)
        return with_headers



def is_web_url(url: str) -> bool:
    """An absolute http or https URL with a host: the only kind kg renders as a link."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()



class ClientShares:
    """Each client's share of a resource (the query checkers, the workers): at most `share` of
    its requests hold one at a time, the others wait behind them, and no more than `waiting` of
    its requests may wait (503 beyond). One client's flood then leaves the rest to others."""

    def __init__(self, share: int, waiting: int):
        self.size, self.waiting = max(1, share), waiting
        self._gates: dict[str, tuple[asyncio.Semaphore, list[int]]] = {}

    @asynccontextmanager
    async def share(self, client: str) -> AsyncIterator[None]:
        gate, count = self._gates.setdefault(client, (asyncio.Semaphore(self.size), [0]))
        if count[0] >= self.size + self.waiting:
            raise ProtocolError(503, "The endpoint is busy with your other queries; wait for their answers before sending more.",
                                {"Retry-After": "5"})
        count[0] += 1
        try:
            async with gate:
                yield
        finally:
            count[0] -= 1
            if count[0] == 0:
                self._gates.pop(client, None)  # no entry kept per client once it is done
