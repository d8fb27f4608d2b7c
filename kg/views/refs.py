"""What the views point at: an article as evidence names it, the words of a statement with the
sentence around them, and an entity by its IRI, preferred name and classes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ArticleRef:
    """An article as evidence points to it."""

    id: str
    graph: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Evidence:
    """The words a statement came from (`span`, offsets into the article text) and the whole
    sentence around them."""

    article: ArticleRef
    sentence: str
    sentence_start: int
    sentence_end: int
    span: str | None = None
    span_start: int | None = None
    span_end: int | None = None


@dataclass(frozen=True)
class EntityRef:
    iri: str
    label: str
    types: tuple[str, ...] = ()  # kgo class names, most specific first

    @property
    def kind(self) -> str:
        """Person, Organization, Place or Position: the broad kind a drawing colours by."""
        for kind in ("Person", "Organization", "Position"):
            if kind in self.types:
                return kind
        return "Place" if set(self.types) & {"Place", "Country", "City"} else "Other"
