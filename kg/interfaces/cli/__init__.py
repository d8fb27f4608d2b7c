"""kg's command line: a thin shell over kg.api (the `kg` application is in `app`; the commands,
in the order `kg --help` lists them, in `data` and `explore`)."""

from . import data, explore  # noqa: F401  (importing them registers the commands)
from .app import app, main

__all__ = ["app", "main"]
