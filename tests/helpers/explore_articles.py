"""Invented news for the exploring tests (tests/test_explore*.py): 34 short articles, written
here, about an invented prime minister, Helena Marsh, who meets, calls and visits enough people
and countries in April 2025 to have more than 25 neighbours, and about Marcus Webb, whom she
meets three times (the timeline of the two together). None of it is taken from any publisher."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import kg

CENTRAL = "person:helena-marsh"
PARTNER = "person:marcus-webb"

PEOPLE = ["Marcus Webb", "Daniel Okafor", "Sofia Brandt", "Peter Lindgren", "Anna Kowalski", "James Whitfield",
          "Laura Bennett", "Thomas Keller", "Rachel Adams", "David Moreno", "Claire Dupont", "Michael Harris",
          "Julia Romano", "Robert Fischer", "Emily Carter", "Samuel Grant", "Natalie Brooks", "George Turner",
          "Olivia Hughes", "Henry Walsh", "Victoria Lane", "Edward Collins", "Sarah Mitchell", "Andrew Price",
          "Hannah Foster", "William Shaw"]
CITIES = ["Lisbon", "Madrid", "Berlin", "Vienna", "Rome", "Warsaw", "Prague", "Dublin"]
COUNTRIES = ["Norway", "Portugal", "Canada", "Japan"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def articles() -> list[dict]:
    """The articles as JSON Lines records. Each states one dated event the day before it was
    published ("on Tuesday" in an article of Wednesday)."""
    records = []
    start = date(2025, 4, 1)
    for n, person in enumerate(PEOPLE):
        published = start + timedelta(days=n)
        day = WEEKDAYS[(published - timedelta(days=1)).weekday()]
        city = CITIES[n % len(CITIES)]
        if n % 3 == 1:
            text = (f"Helena Marsh spoke with {person} by phone on {day}. "
                    f"The prime minister said the call had been useful.")
            title = f"Marsh and {person.split()[-1]} talk by phone"
        else:
            text = (f"Prime Minister Helena Marsh met with {person} in {city} on {day}. "
                    f"The two discussed trade and energy.")
            title = f"Marsh meets {person.split()[-1]} in {city}"
        records.append({"id": f"explore-{n:02d}", "title": title, "published": published.isoformat(),
                        "url": f"https://news.example.org/explore/{n:02d}", "text": text})
    for n, country in enumerate(COUNTRIES):
        published = date(2025, 4, 27) + timedelta(days=n)
        day = WEEKDAYS[(published - timedelta(days=1)).weekday()]
        records.append({"id": f"explore-visit-{n}", "published": published.isoformat(),
                        "text": f"Helena Marsh visited {country} on {day}. She spoke about the economy."})
    for n in range(4):  # Marcus Webb again, later in the month: four meetings with him in all
        published = date(2025, 4, 20) + timedelta(days=2 * n)
        day = WEEKDAYS[(published - timedelta(days=1)).weekday()]
        records.append({"id": f"explore-webb-{n}", "title": f"Marsh and Webb, round {n + 2}",
                        "published": published.isoformat(),
                        "text": f"Prime Minister Helena Marsh met with Marcus Webb in Brussels on {day}. "
                                f"Webb said the talks would go on."})
    return records


def write(folder: Path) -> Path:
    """The articles as one JSON Lines file in `folder`."""
    path = folder / "explore.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in articles()) + "\n", encoding="utf-8")
    return path


def build_store(folder: Path) -> Path:
    """A store of the articles, ingested with the real pipeline."""
    store = folder / "store"
    report = kg.ingest([write(folder)], store=store)
    assert report.count("added") == len(articles()), report
    return store


FIRST_NAMES = ["Marcus", "Daniel", "Sofia", "Peter", "Anna", "James", "Laura", "Thomas", "Rachel", "David", "Claire",
               "Michael", "Julia", "Robert", "Emily"]
SURNAMES = ["Webb", "Okafor", "Brandt", "Lindgren", "Kowalski", "Whitfield", "Bennett", "Keller", "Adams", "Moreno",
            "Dupont", "Harris", "Romano", "Fischer"]


def crowd(count: int = 200) -> list[dict]:
    """`count` one-sentence articles (at most 210), each with Helena Marsh meeting or calling
    another invented person (first names × surnames): a neighbourhood of `count` people."""
    records = []
    for n in range(count):
        person = f"{FIRST_NAMES[n // len(SURNAMES)]} {SURNAMES[n % len(SURNAMES)]}"
        published = date(2025, 1, 1) + timedelta(days=n % 300)
        day = WEEKDAYS[(published - timedelta(days=1)).weekday()]
        verb = "met with" if n % 2 else "spoke with"
        records.append({"id": f"crowd-{n}", "published": published.isoformat(),
                        "text": f"Prime Minister Helena Marsh {verb} {person} in Madrid on {day}. They discussed trade."})
    return records


def build_crowd_store(folder: Path, count: int = 200) -> Path:
    path = folder / "crowd.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in crowd(count)) + "\n", encoding="utf-8")
    report = kg.ingest([path], store=folder / "store")
    assert report.count("added") == count, report
    return folder / "store"
