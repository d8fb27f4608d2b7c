"""A batch of short news articles written here, in one JSON Lines file: five leaders meeting
each other in turn, and optionally a few articles naming one of them by surname only (for
linking across articles)."""

from __future__ import annotations

import json
from pathlib import Path

PEOPLE = [("Olaf Scholz", "Germany", "Berlin"), ("Emmanuel Macron", "France", "Paris"), ("Andrzej Duda", "Poland", "Warsaw"),
          ("Joe Biden", "the United States", "Washington"), ("Pedro Sanchez", "Spain", "Madrid")]


def story(number: int) -> str:
    name, country, city = PEOPLE[number % len(PEOPLE)]
    other, _, other_city = PEOPLE[(number + 2) % len(PEOPLE)]
    surname = name.split()[-1]
    return (f"{name}, the leader of {country}, met {other} in {other_city} on Monday, report {number}. "
            f"\u201cWe talked about trade,\u201d {surname} said. Later {surname} flew back to {city}.")


def write_corpus(path: Path, count: int, surname_only: int = 0) -> None:
    """`count` articles in one JSON Lines file; the last `surname_only` name a person by surname only."""
    with path.open("w") as out:
        for number in range(count):
            text = story(number)
            if number >= count - surname_only:
                text = f"Scholz spoke in Hamburg on Tuesday, item {number}."
            out.write(json.dumps({"id": f"story-{number:03d}", "text": text, "published": "2025-03-03"}) + "\n")


def write_articles(folder: Path, texts: dict[str, str], published: str = "2025-03-03") -> list[Path]:
    """One JSON Lines file per article, named by its id: the texts a test ingests as a batch."""
    paths = []
    for article_id, text in texts.items():
        path = folder / f"{article_id}.jsonl"
        path.write_text(json.dumps({"id": article_id, "published": published, "text": text}) + "\n", encoding="utf-8")
        paths.append(path)
    return paths
