"""What kg serve is asked to do: the store, the address, and the limits every query and update
keeps to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 10.0  # seconds a query may run
    max_query_chars: int = 20_000
    max_body_bytes: int = 100_000
    max_result_bytes: int = 20_000_000
    workers: int = 2
    allow_service: bool = False
    allow_update: bool = False
    token: str | None = None
    max_memory_mb: int = 1024  # per query or update process; 0: no limit
    allowed_hosts: tuple[str, ...] = ()  # Host names besides the bound address; "*": any

    def limits(self) -> dict:
        """What a query or update process confines itself to as it starts."""
        return {"max_memory": self.max_memory_mb * 2**20 if self.max_memory_mb > 0 else None,
                "network": self.allow_service}
