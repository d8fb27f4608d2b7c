"""A store whose files were deleted, cut short or overwritten, a folder that is not a store,
and a full disk: every command says so in one line and exits 6, never a RocksDB traceback.
The store is a real one (the seed article ingested with the real model), damaged on disk."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import DamagedStore
from kg.store.embedded import KnowledgeStore, storage_error

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Marta Kovar met Pavel Novak in Prague on Monday. The two talked about the new bridge for an hour.\n"


def run_kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)


def largest_sst(store: Path) -> Path:
    return max(store.glob("*.sst"), key=lambda path: path.stat().st_size)


def delete_sst(store: Path) -> None:
    largest_sst(store).unlink()


def truncate_sst(store: Path) -> None:
    os.truncate(largest_sst(store), 1000)


def truncate_manifest(store: Path) -> None:
    os.truncate(next(store.glob("MANIFEST-*")), 100)


def delete_current(store: Path) -> None:
    (store / "CURRENT").unlink()


def overwrite_every_sst(store: Path) -> None:
    """4 KiB of random bytes into the middle of every table file."""
    rng = random.Random(7)
    for path in store.glob("*.sst"):
        size = path.stat().st_size
        with path.open("r+b") as file:
            file.seek(size // 2)
            file.write(rng.randbytes(min(4096, size // 4)))


DAMAGES = [delete_sst, truncate_sst, truncate_manifest, delete_current]
COMMANDS = [
    ("list",),
    ("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
    ("validate",),
    ("validate", "--deep"),
    ("stats",),
    ("export",),
    ("ingest", "ARTICLE"),
]


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@pytest.fixture
def copy_of_seed_store(seed_store, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(seed_store, copy)
    return copy


def assert_damaged(result: subprocess.CompletedProcess, store: Path) -> None:
    assert result.returncode == 6, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"The store {store} is damaged" in lines[0]
    assert "backup" in lines[0] and "new store" in lines[0]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.__name__)
def test_every_command_says_a_damaged_store_is_damaged(damage, copy_of_seed_store, article):
    damage(copy_of_seed_store)
    for command in COMMANDS:
        args = [str(article) if a == "ARTICLE" else a for a in command]
        result = run_kg(*args, "--store", str(copy_of_seed_store))
        assert_damaged(result, copy_of_seed_store)


def test_deep_validation_finds_random_bytes_that_a_plain_validation_misses(copy_of_seed_store, article):
    overwrite_every_sst(copy_of_seed_store)
    assert_damaged(run_kg("validate", "--deep", "--store", str(copy_of_seed_store)), copy_of_seed_store)
    for command in COMMANDS:  # what reaches a damaged block says so; nothing shows a traceback
        args = [str(article) if a == "ARTICLE" else a for a in command]
        result = run_kg(*args, "--store", str(copy_of_seed_store))
        assert "Traceback" not in result.stderr
        if result.returncode != 0:
            assert_damaged(result, copy_of_seed_store)


def test_deep_validation_passes_a_whole_store(copy_of_seed_store):
    result = run_kg("validate", "--deep", "--store", str(copy_of_seed_store))
    assert result.returncode == 0, result.stderr
    assert "reads whole" in result.stdout


def test_deep_validation_reads_every_quad(copy_of_seed_store):
    with KnowledgeStore(copy_of_seed_store, read_only=True) as store:
        assert store.check_files() == len(store) > 0


def test_a_folder_of_other_files_is_not_filled_with_a_store(tmp_path, article):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    for command in (("ingest", str(article)), ("list",), ("query", "ASK { ?s ?p ?o }")):
        result = run_kg(*command, "--store", str(folder))
        assert result.returncode == 6, result.stderr
        assert result.stderr.strip().splitlines() == [
            f"Error: {folder} is a folder of other files, not a kg store; give --store a new or empty folder "
            f"(or an existing store)."
        ]
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_an_empty_folder_becomes_a_store(tmp_path, article):
    folder = tmp_path / "empty"
    folder.mkdir()
    result = run_kg("ingest", str(article), "--store", str(folder), "-q")
    assert result.returncode == 0, result.stderr
    assert (folder / "CURRENT").exists()


def test_errors_that_are_not_about_the_files_stay_bugs(tmp_path):
    assert storage_error(tmp_path, RuntimeError("list index out of range")) is None
    assert storage_error(tmp_path, OSError("Connection refused")) is None
    assert isinstance(storage_error(tmp_path, RuntimeError("Corruption: block checksum mismatch in 000012.sst")),
                      DamagedStore)


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs: too small for a store and an article. Mounting needs root (CAP_SYS_ADMIN)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_leaves_the_store_whole(small_disk, tmp_path):
    from helpers.long_text import long_article

    article = tmp_path / "long.txt"
    article.write_text(long_article(20_000), encoding="utf-8")
    store = small_disk / "store"
    result = run_kg("ingest", str(article), "--store", str(store))
    assert result.returncode == 6, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Error: No space left on device for the store {store}: free some space (or choose a --store on "
        f"another disk) and run the command again; what was stored before is kept, whole."
    ]
    # Nothing half-written: the store opens and holds no part of the article.
    listed = run_kg("list", "--store", str(store))
    assert listed.returncode == 0, listed.stderr
    assert "no articles" in listed.stdout
    # With room again, the same command completes.
    subprocess.run(["mount", "-o", "remount,size=40m", str(small_disk)], check=True)
    again = run_kg("ingest", str(article), "--store", str(store), "-q")
    assert again.returncode == 0, again.stderr
    assert "long" in run_kg("list", "--store", str(store)).stdout


# --- zeroed blocks in a store of 150 articles (issue 26, A) -----------------------------------

FIRST = ["Marta", "Pavel", "Jana", "Tomas", "Eva", "Karel", "Lucie", "Ondrej", "Petra", "Milan", "Irena", "Viktor",
         "Alena", "Bohdan", "Dana"]
LAST = ["Kovar", "Novak", "Dvorak", "Horak", "Svoboda", "Cerny", "Prochazka", "Kucera", "Vesely", "Marek"]
TOWNS = ["Prague", "Brno", "Ostrava", "Plzen", "Olomouc", "Liberec", "Vienna", "Berlin", "Warsaw", "Budapest"]
BODIES = ["the Ministry of Transport", "Skoda Auto", "the National Bank", "Charles University", "the Red Cross"]


def bridge_article(n: int) -> str:
    """A short news article of its own for each n: people, places, a body and a quote (written for this test)."""
    a, b = f"{FIRST[n % 15]} {LAST[n % 10]}", f"{FIRST[(n * 7 + 3) % 15]} {LAST[(n * 3 + 1) % 10]}"
    town, other, body = TOWNS[n % 10], TOWNS[(n + 4) % 10], BODIES[n % 5]
    return (f"{a} met {b} in {town} on Monday to talk about a new bridge over the river. "
            f"{a}, who works for {body}, said the bridge would open in {2026 + n % 4}. "
            f"\"We will finish it on time,\" {b} told reporters before flying to {other}. "
            f"The mayor of {town} praised the plan, number {n}, in a statement on Tuesday.")


@pytest.fixture(scope="module")
def store_of_150_articles(tmp_path_factory) -> Path:
    """A real store of 150 articles, as the issue's (one batch, each index a table file of its own)."""
    import json

    import kg

    folder = tmp_path_factory.mktemp("store150")
    batch = folder / "bridges.jsonl"
    batch.write_text("".join(json.dumps({"id": f"bridge-{n:03d}", "published": "2026-03-02", "text": bridge_article(n)}) + "\n"
                             for n in range(150)), encoding="utf-8")
    assert kg.ingest([batch], store=folder / "store").count("added") == 150
    return folder / "store"


@pytest.mark.slow
def test_deep_validation_finds_zeroed_blocks_in_every_table_file(store_of_150_articles, tmp_path):
    """The issue's damage, to each table file in turn: 20,000 zero bytes at offset 1000.
    `kg validate --deep` names every one (it missed the index by subject, which only a lookup by
    subject reads), in one line, exit 6, under an address-space cap a failing run cannot pass."""
    import resource

    cap = 3 * 2**30

    def capped() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    tables = sorted(store_of_150_articles.glob("*.sst"))
    assert len(tables) >= 12  # one file or more for each of Oxigraph's indexes and tables
    missed = []
    for table in tables:
        copy = tmp_path / table.stem
        shutil.copytree(store_of_150_articles, copy)
        with (copy / table.name).open("r+b") as file:
            file.seek(1000)
            file.write(bytes(20000))
        result = subprocess.run([sys.executable, "-m", "kg", "validate", "--deep", "--store", str(copy)],
                                capture_output=True, text=True, timeout=300, preexec_fn=capped,
                                env={**os.environ, "PYTHONPATH": str(ROOT), "KG_MAX_MEMORY_MB": "1024"})
        if result.returncode == 0:
            missed.append(table.name)
        else:
            assert_damaged(result, copy)
            assert table.name in result.stderr, result.stderr
        shutil.rmtree(copy)
    assert not missed, f"kg validate --deep found no damage in {missed}"
