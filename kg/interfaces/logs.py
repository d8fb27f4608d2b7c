"""Where the CLI sends kg's log: stderr, at the level `kg -v` / `kg -vv` asks for. The modules
log to their own loggers (logging.getLogger(__name__)), all under the `kg` logger."""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class _Stderr(logging.StreamHandler):
    """Writes to sys.stderr as it is at each message (a caller's or a test's capture of it), not
    as it was when the handler was made."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:
        return sys.stderr


def log_to_stderr(verbosity: int) -> None:
    """kg's own loggers (the `kg` hierarchy) on stderr: warnings only by default, what kg does
    with -v, and how with -vv. The libraries' loggers keep their own levels."""
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("kg")
    logger.handlers = [handler]  # one, however often the app is run in a process
    logger.setLevel(logging.WARNING if verbosity == 0 else logging.INFO if verbosity == 1 else logging.DEBUG)
