"""Long plain English articles written here for the tests and the benchmark: varied names,
places and quotes in paragraphs of ordinary news sentences, as long as asked."""

from __future__ import annotations

import random

_GIVEN = ["Marta", "Tomas", "Ingrid", "Pavel", "Lucia", "Henrik", "Nadia", "Oskar", "Greta", "Milan", "Irena", "Felix"]
_FAMILY = ["Kovar", "Lindqvist", "Brandt", "Moreau", "Novak", "Castell", "Haldane", "Varga", "Ostrowski", "Reyes"]
_PLACES = ["Berlin", "Lisbon", "Prague", "Vienna", "Oslo", "Dublin", "Madrid", "Warsaw", "Athens", "Helsinki"]
_GROUPS = ["the Harbour Authority", "Northwind Energy", "the City Council", "Baltic Rail", "the Farmers Union"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def long_article(chars: int, seed: int = 0) -> str:
    """At least `chars` characters of news prose in paragraphs separated by blank lines."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        first = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
        second = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
        place, other = rng.sample(_PLACES, 2)
        group = rng.choice(_GROUPS)
        paragraph = (
            f"{first}, the director of {group}, met {second} in {place} on {rng.choice(_DAYS)}. "
            f"The two spoke for an hour about the new bridge to {other} and what it would cost. "
            f"\u201cWe have waited long enough for this,\u201d {first.split()[1]} told reporters afterwards. "
            f"{second.split()[1]} said she would visit {other} next week to see the site herself."
        )
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)
