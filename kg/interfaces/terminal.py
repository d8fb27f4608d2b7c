"""What kg prints on a terminal: text from the store escaped so that it cannot drive the terminal,
each ingested article's summary, and the progress of a long ingest."""

from __future__ import annotations

import dataclasses
import sys
import time
from typing import TypeVar, cast

import typer

from .. import api
from ..escapes import for_terminal  # the one escaping function, which kg.views' table printer uses too

_Value = TypeVar("_Value")


class Progress:
    """Articles done, words per second and time left: a bar on a terminal, else a line now and
    then (logs of long runs stay short)."""

    LINE_EVERY = 30.0  # seconds between progress lines when standard error is not a terminal

    def __init__(self, total: int):
        self.total, self.done, self.words = total, 0, 0
        self.started = self.last_line = time.monotonic()
        self.bar = None
        if sys.stderr.isatty():
            self.bar = typer.progressbar(length=total, label="Ingesting", show_pos=True, show_eta=True,
                                         item_show_func=lambda rate: rate, file=sys.stderr)
            self.bar.__enter__()

    def rate(self) -> float:
        return self.words / max(time.monotonic() - self.started, 1e-9)

    def update(self, result: api.ArticleResult) -> None:
        self.done += 1
        self.words += result.words if result.outcome != "unchanged" else 0
        if self.bar is not None:
            self.bar.current_item = f"{self.rate():,.0f} words/s"  # shown after the bar
            self.bar.update(1)
        elif self.done == 1 or time.monotonic() - self.last_line >= self.LINE_EVERY:
            # The first line says the run is under way (and the model loaded); then one now and then.
            self.last_line = time.monotonic()
            typer.echo(self.line(), err=True)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        left = (self.total - self.done) * elapsed / self.done if self.done else 0.0
        return (f"Ingesting: {self.done:,}/{self.total:,} articles, {self.rate():,.0f} words/s, "
                f"{elapsed:,.0f} s so far, about {left:,.0f} s left")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def terminal_view(value: _Value) -> _Value:
    """An entity view with every name, title and id escaped for the terminal; sentences stay as
    they are (statements mark words in them by offset) and are escaped once formatted."""
    if isinstance(value, str):
        return cast(_Value, for_terminal(value))
    if isinstance(value, tuple):
        return cast(_Value, tuple(terminal_view(item) for item in value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: terminal_view(getattr(value, f.name))
                                             for f in dataclasses.fields(value)
                                             if f.init and f.name not in ("sentence", "span")})
    return value


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


def print_article(result: api.ArticleResult) -> None:
    if result.outcome == "unchanged":
        typer.echo(f"{for_terminal(result.source)}: unchanged, already in the store")
        return
    total = sum(result.entities.values())
    typer.echo(f"{for_terminal(result.source)}: {result.outcome} as article {for_terminal(repr(result.article_id))}")
    entities = plural(total, "entity", "entities")
    mentions = plural(result.mentions, "mention")
    sentences = plural(result.sentences, "sentence")
    typer.echo(f"  {entities}, {mentions} in {sentences}, {result.triples} triples")
    for type_, labels in sorted(result.entity_labels.items()):
        typer.echo(f"  {type_:<13} {for_terminal(', '.join(labels))}")
