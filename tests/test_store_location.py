"""One function turns --store, $KG_STORE or the default folder into a store location, and
every command goes through it."""

from pathlib import Path

from typer.testing import CliRunner

import kg
from kg.interfaces.cli import app
from kg.store import store_location


def test_given_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("KG_STORE", raising=False)
    assert store_location() == tmp_path / "data" / "kg" / "store"
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env"))
    assert store_location() == tmp_path / "env"
    assert store_location(tmp_path / "given") == tmp_path / "given"
    monkeypatch.setenv("KG_STORE", "http://127.0.0.1:1/")
    assert store_location() == "http://127.0.0.1:1/"  # a server's address is not made a Path
    assert isinstance(store_location("https://example.org/ds"), str)


def test_a_server_in_the_environment_is_used_by_every_command(monkeypatch):
    monkeypatch.setenv("KG_STORE", "http://127.0.0.1:9/")  # nothing listens on the discard port
    for args in (["query", "ASK {}"], ["stats"], ["list"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == kg.StoreError.exit_code, result.output
        assert "Cannot reach the SPARQL server at http://127.0.0.1:9" in result.output


def test_serve_refuses_a_server_address(monkeypatch):
    monkeypatch.setenv("KG_STORE", "http://127.0.0.1:9/")
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code != 0 and "is a SPARQL server already" in result.output
    assert not Path("http:").exists()
