import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg

from helpers.oxigraph import oxigraph_server as running_oxigraph

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_869b093860f3ba4e.txt"
GOLD = Path(__file__).resolve().parent / "000_869b093860f3ba4e.json"


@pytest.fixture(autouse=True)
def isolated_store_env(tmp_path, monkeypatch):
    """No test ever touches the user's real store."""
    monkeypatch.setenv("KG_STORE", str(tmp_path / "default-store"))


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store holding the seed article, ingested once with the real model, shapes and store.
    Tests that use it only read it."""
    path = tmp_path_factory.mktemp("seed") / "store"
    report = kg.ingest([SEED], store=path)
    assert report.count("added") == 1, report
    return path


@pytest.fixture
def oxigraph_server(tmp_path) -> Iterator[str]:
    """A fresh, empty Oxigraph server on loopback (a SPARQL 1.1 server as the store), as its URL;
    stopped after the test."""
    with running_oxigraph(tmp_path / "oxigraph-data") as url:
        yield url


def select(store: Path, sparql: str) -> list[tuple]:
    return [tuple(None if t is None else str(t) for t in row) for row in kg.query(sparql, store=store)]
