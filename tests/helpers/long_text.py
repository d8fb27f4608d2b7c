"""Long plain English articles written here for the tests and the benchmark: varied names,
places and quotes in paragraphs of ordinary news sentences, as long as asked."""

from __future__ import annotations

import random

_GIVEN = ["Marta", "Tomas", "Ingrid", "Pavel", "Lucia", "Henrik", "Nadia", "Oskar", "Greta", "Milan", "Irena", "Felix"]
_FAMILY = ["Kovar", "Lindqvist", "Brandt", "Moreau", "Novak", "Castell", "Haldane", "Varga", "Ostrowski", "Reyes"]
_PLACES = ["Berlin", "Lisbon", "Prague", "Vienna", "Oslo", "Dublin", "Madrid", "Warsaw", "Athens", "Helsinki"]
_GROUPS = ["the Harbour Authority", "Northwind Energy", "the City Council", "Baltic Rail", "the Farmers Union"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


_SYLLABLES = ["bel", "kor", "mir", "tan", "vos", "dal", "ren", "sul", "gav", "lin", "mor", "pet", "zar", "hol"]


def long_article(chars: int, seed: int = 0, *, new_people: bool = False) -> str:
    """At least `chars` characters of news prose in paragraphs separated by blank lines. With
    `new_people`, most paragraphs name people not named before (made-up family names), so the
    number of different people grows with the length, as in a real long article."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0

    def family() -> str:
        if not new_people:
            return rng.choice(_FAMILY)
        return "".join(rng.choice(_SYLLABLES) for _ in range(3)).capitalize() + rng.choice(["ova", "ic", "sen", "er"])

    while size < chars:
        first = f"{rng.choice(_GIVEN)} {family()}"
        second = f"{rng.choice(_GIVEN)} {family()}"
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
