"""Issue 26, the second hardening pass: a damaged store read under a memory cap, workers that end
with their parent, a query check that cannot be starved, bounded reads of every file given on
the command line, one escaping function for the terminal, feeds with a DOCTYPE, a nesting limit
before any parser, and the smaller items. Every process a test starts is bounded in time, memory
(a damaged store is read under RLIMIT_AS) and network (loopback only)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CAP_BYTES = 3 * 2**30  # of address space for every kg run on a damaged store: a failing run cannot take the machine


def run_kg(*args: str, env: dict | None = None, timeout: float = 120, input: str | None = None,
           capped: bool = False) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=environment,
                          timeout=timeout, input=input, preexec_fn=cap if capped else None)


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- A/1: a damaged store ---------------------------------------------------------------------

def zero_block(path: Path) -> None:
    """What the issue did: 20,000 zero bytes at offset 1000 of one table file."""
    with path.open("r+b") as file:
        file.seek(1000)
        file.write(bytes(20000))


def test_zeroed_blocks_in_any_table_file_give_one_line_within_a_memory_cap(seed_store, tmp_path):
    """Each table file of a real store zeroed in turn: `kg list` either reads what it needs
    whole, or says in one line (exit 6) that the store is damaged and names kg validate --deep;
    never a traceback, never all the memory (a file whose zeroed blocks make Oxigraph read
    without end meets the cap, 512 MB here, under an address-space cap of the test's own)."""
    damaged = 0
    for table in sorted(seed_store.glob("*.sst")):
        copy = tmp_path / table.stem
        shutil.copytree(seed_store, copy)
        zero_block(copy / table.name)
        result = run_kg("list", "--store", str(copy), env={"KG_MAX_MEMORY_MB": "512"}, capped=True, timeout=60)
        assert result.returncode in (0, 6), (table.name, result.returncode, result.stderr[-2000:])
        if result.returncode == 6:
            damaged += 1
            line = one_line_error(result)
            assert str(copy) in line and f"kg validate --deep --store {copy}" in line, line
        shutil.rmtree(copy)
    assert damaged, "no zeroed file was noticed"


@pytest.mark.slow
def test_deep_validation_of_zeroed_blocks_is_one_line_within_a_memory_cap(seed_store, tmp_path):
    for table in sorted(seed_store.glob("*.sst")):
        copy = tmp_path / table.stem
        shutil.copytree(seed_store, copy)
        zero_block(copy / table.name)
        for command in (("validate", "--deep"), ("stats",), ("export", "--format", "nquads")):
            result = run_kg(*command, "--store", str(copy), env={"KG_MAX_MEMORY_MB": "512"}, capped=True, timeout=120)
            assert result.returncode in (0, 6), (table.name, command, result.stderr[-2000:])
            if result.returncode == 6:
                assert "kg validate --deep" in one_line_error(result)
        shutil.rmtree(copy)


def test_a_command_over_the_memory_cap_is_one_line(seed_store):
    """The cap holds for any store read, not only a damaged one: a query that builds a huge
    result meets it as one line, exit 6, naming the variable that raises it."""
    sparql = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . "
              "BIND(CONCAT(STR(?a), STR(?d), STR(?g), STR(?c), STR(?f), STR(?i)) AS ?x) } GROUP BY ?x ORDER BY ?x")
    result = run_kg("query", sparql, "--store", str(seed_store), env={"KG_MAX_MEMORY_MB": "300"}, capped=True, timeout=120)
    assert result.returncode == 6, result.stderr[-2000:]
    assert "KG_MAX_MEMORY_MB" in one_line_error(result)


def test_ingest_opens_the_store_under_the_memory_cap_too(seed_store, tmp_path):
    """kg ingest runs in a capped child as the read commands do ($KG_MAX_MEMORY_MB; its own default
    leaves room for the model): past the cap it is one line, exit 6, naming the store, kg validate
    --deep and the variable, and nothing is stored; the same ingest under the default cap stores
    the article. Every run is under the test's own address-space cap."""
    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    article = tmp_path / "library.txt"
    article.write_text("date 2026-03-09\nIrena Vesely opened a new library in Olomouc on Monday. She said the building "
                       "cost ten million crowns.\n", encoding="utf-8")
    starved = run_kg("ingest", str(article), "--store", str(store), env={"KG_MAX_MEMORY_MB": "300"}, capped=True)
    assert starved.returncode == 6, starved.stderr[-2000:]
    line = one_line_error(starved)
    assert "kg ingest needed more than the 300 MB" in line and "$KG_MAX_MEMORY_MB" in line, line
    assert f"kg validate --deep --store {store}" in line, line
    assert "library" not in run_kg("list", "--store", str(store), capped=True).stdout
    environment = {name: value for name, value in os.environ.items() if name != "KG_MAX_MEMORY_MB"}
    stored = subprocess.run([sys.executable, "-m", "kg", "ingest", str(article), "--store", str(store), "-q"],
                            capture_output=True, text=True, timeout=120, env={**environment, "PYTHONPATH": str(ROOT)},
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES)))
    assert stored.returncode == 0, stored.stderr[-2000:]
    assert "library" in run_kg("list", "--store", str(store), capped=True).stdout


def test_one_rule_says_a_process_ran_out_of_memory():
    from kg.processes import MEMORY_EXIT, exit_code_out_of_memory, out_of_memory

    assert out_of_memory(MEMORY_EXIT, None) and out_of_memory(None, signal.SIGKILL)
    assert out_of_memory(None, signal.SIGABRT, b"memory allocation of 4096 bytes failed\n")
    assert out_of_memory(None, signal.SIGABRT, b"terminate called after throwing an instance of 'std::bad_alloc'\n")
    assert not out_of_memory(None, signal.SIGABRT, b"thread 'main' panicked at src/lib.rs\n")  # held: it says why
    assert out_of_memory(None, signal.SIGABRT)  # not held (kg serve's workers): an abort under the cap
    assert not out_of_memory(None, signal.SIGSEGV) and not out_of_memory(1, None)
    assert exit_code_out_of_memory(-signal.SIGABRT) and exit_code_out_of_memory(None)
    assert not exit_code_out_of_memory(-signal.SIGSEGV) and not exit_code_out_of_memory(0)


# --- B/2, C/3, G/7: kg serve ------------------------------------------------------------------

TOKEN = "h26-token"
SLOW_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # 1000^4 rows: runs until stopped


def spawned_workers(server) -> list[int]:
    """The server's worker and checker processes (multiprocessing's spawned children)."""
    found = []
    for pid in server.processes():
        try:
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.05)


def write_locked(store: Path) -> bool:
    """Whether a process holds RocksDB's lock on the store (as /proc/locks lists it: looking
    takes no lock, so it cannot race the update for it)."""
    inode = (store / "LOCK").stat().st_ino
    return any(line.split()[5].endswith(f":{inode}") for line in Path("/proc/locks").read_text().splitlines()
               if len(line.split()) > 5)


def cpu_ticks(pid: int) -> int:
    """User and system CPU a process has used, in clock ticks (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def open_store_files(pid: int, store: Path) -> bool:
    """Whether a process has files of the store open (a query worker opens it for its first job)."""
    try:
        return any(os.readlink(fd).startswith(f"{store}{os.sep}") for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # gone, or a descriptor closed while we looked
        return False


def worker_running_a_query(server, seconds: float = 100.0) -> int:
    """The worker that took the server's first query: the one spawned process with the store's
    files open (workers open the store for their first job, checkers never), once it has spent a
    fifth of a second of CPU on it. Its acknowledgement of the job goes to the server before the
    job runs, and the server must have read it before the worker dies (else pebble sees no job on
    the dead worker and gives up the pool: 503); the CPU spent after opening is that margin.
    Waiting for seconds of CPU instead was too slow on a loaded machine (a worker got 10% of a
    core: no 2 s of CPU within 30 s), and a fixed sleep would be too short there."""
    deadline = time.monotonic() + seconds
    opened: dict[int, int] = {}
    while time.monotonic() < deadline:
        for pid in spawned_workers(server):
            if pid not in opened and open_store_files(pid, server.store):
                opened[pid] = cpu_ticks(pid)
            if pid in opened and cpu_ticks(pid) - opened[pid] >= 20:
                return pid
        time.sleep(0.05)
    raise AssertionError(f"no worker ran the query within {seconds} s")


def in_background(call) -> threading.Thread:
    def run() -> None:
        try:
            call()
        except Exception:  # noqa: BLE001  (the server is killed under it: any ending will do)
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.mark.slow
def test_a_killed_server_leaves_no_update_running_and_the_store_writable(seed_store, tmp_path):
    """kill -9 of `kg serve --allow-update` while an update runs: the update process ends with
    it, and the store takes a write at once (no 'in use by another kg process')."""
    import httpx

    from kg import api

    from helpers.live_server import alive, live_server

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    update = f"INSERT {{ <http://example.org/a> <http://example.org/n> ?n }} WHERE {{ {SLOW_COUNT} }}"
    with live_server(store, "--allow-update", "--token", TOKEN, "--timeout", "120") as server:
        before = set(server.processes())
        in_background(lambda: httpx.post(server.sparql, data={"update": update}, timeout=150,
                                         headers={"Authorization": f"Bearer {TOKEN}"}))
        wait_until(lambda: set(spawned_workers(server)) - before, 30, "no update process started")
        wait_until(lambda: write_locked(store), 60, "the update did not open the store for writing")
        time.sleep(0.5)  # it runs
        everything = server.processes()
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()
        wait_until(lambda: not any(alive(pid) for pid in everything), 5, f"processes {everything} still run")
    api.update("INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/note> { <http://example.org/b> rdfs:label 'written' } }",
               store=store)
    assert api.query("ASK { <http://example.org/b> rdfs:label 'written' }", store=store).boolean is True


def test_the_capped_child_of_a_killed_command_ends_with_it(seed_store):
    """`kg query` reads the store in a capped child: kill -9 of the command ends the child too."""
    from helpers.live_server import alive, descendants

    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "kg", "query", SLOW_COUNT, "--store", str(seed_store)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment)
    try:
        wait_until(lambda: descendants(process.pid), 30, "no child started")
        time.sleep(0.5)  # it runs the query
        children = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        wait_until(lambda: not any(alive(pid) for pid in children), 5, f"children {children} still run")
    finally:
        if process.poll() is None:
            process.kill()


def client(address: str):
    import httpx

    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60)


@pytest.mark.slow
def test_queries_slow_to_check_do_not_starve_another_client(seed_store):
    """Twenty clients at one address post queries that take rdflib seconds to read (and the
    issue's query nested 2,000 deep); a user at another address still has `ASK {}` answered
    within a second, again and again."""
    from helpers.live_server import live_server

    slow_to_read = "ASK { FILTER(" + "1+" * 6000 + "1) }"
    nested = "ASK{FILTER(" + "IF(1,1," * 2000 + "1" + ")" * 2000 + ")}"
    with live_server(seed_store, "--timeout", "20", "--max-query", "20000") as server:
        stop = threading.Event()

        def attack(query: str) -> None:
            with client("127.0.0.2") as attacker:
                while not stop.is_set():
                    attacker.post(server.sparql, content=query.encode(), headers={"Content-Type": "application/sparql-query"})

        threads = [in_background(lambda q=(slow_to_read if n % 2 else nested): attack(q)) for n in range(20)]
        try:
            time.sleep(2.0)  # the attack is under way: a checker is busy reading
            with client("127.0.0.3") as user:
                for _ in range(3):
                    started = time.monotonic()
                    answer = user.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"})
                    assert answer.status_code == 200, answer.text
                    assert time.monotonic() - started < 1.0, f"ASK {{}} took {time.monotonic() - started:.1f} s"
                    time.sleep(0.3)
        finally:
            stop.set()
    for thread in threads:
        thread.join(30)


@pytest.mark.slow
def test_a_query_nested_too_deep_is_refused_in_one_line_by_the_endpoint_and_a_killed_worker_is_named(seed_store):
    import httpx

    from helpers.live_server import live_server

    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    with live_server(seed_store, "--timeout", "150", "--max-query", "20000") as server:
        refused = httpx.post(server.sparql, data={"query": deep}, timeout=30)
        assert refused.status_code == 400
        assert refused.text.count("\n") == 1 and "nests 5002 brackets deep" in refused.text, refused.text
        workers = len(spawned_workers(server))
        found: dict = {}
        thread = in_background(lambda: found.setdefault("answer", httpx.get(server.sparql, params={"query": SLOW_COUNT}, timeout=300)))
        running = worker_running_a_query(server)  # the count runs on it, within the 150 s limit
        os.kill(running, signal.SIGSEGV)
        thread.join(300)
        answer = found["answer"]
        assert answer.status_code == 500, answer.text
        assert "SIGSEGV" in answer.text and "memory" in answer.text, answer.text  # "... (not by its memory limit)"
        wait_until(lambda: running not in spawned_workers(server) and len(spawned_workers(server)) == workers, 120,
                   "the killed worker was not replaced")
        assert httpx.get(server.sparql, params={"query": "ASK {}"}, timeout=60).status_code == 200


def test_a_query_nested_too_deep_is_refused_in_one_line_by_kg_query(seed_store):
    deep = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    result = run_kg("query", deep, "--store", str(seed_store), timeout=60)
    assert result.returncode == 5, (result.returncode, result.stderr[-500:])
    assert "nests 5002 brackets deep" in one_line_error(result)


# --- D/4: one bounded reader ------------------------------------------------------------------

@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def test_query_files_that_are_devices_fifos_or_too_large_are_refused_unread(seed_store, tmp_path, fifo):
    too_large = tmp_path / "large.rq"
    too_large.write_text("# " + "x" * 1_000_000 + "\nASK {}", encoding="utf-8")
    for given, says in (("/dev/zero", "a device"), (str(fifo), "a named pipe (FIFO)"), (str(tmp_path), "a folder"),
                        (str(too_large), "larger than 1 MB")):
        result = run_kg("query", "-f", given, "--store", str(seed_store), capped=True, timeout=30)
        assert result.returncode == 3, (given, result.stderr)
        assert says in one_line_error(result)


def test_gazetteers_and_mappings_that_are_devices_or_fifos_are_refused_unread(tmp_path, fifo):
    article = tmp_path / "a.txt"
    article.write_text("Marta Kovar opened the bridge in Prague on Monday.\n", encoding="utf-8")
    for given, says in (("/dev/zero", "a device"), (str(fifo), "a named pipe (FIFO)")):
        result = run_kg("ingest", "--gazetteer", given, str(article), "--store", str(tmp_path / "store"), capped=True, timeout=60)
        assert result.returncode == 3, (given, result.stderr)
        assert says in one_line_error(result)
    from kg.errors import InputError
    from kg.limits import read_file

    with pytest.raises(InputError, match="a named pipe"):
        read_file(fifo, 1000, "mapping file")  # returns at once: opened without blocking
    big = tmp_path / "big.tsv"
    big.write_bytes(b"x" * 2001)
    with pytest.raises(InputError, match="larger than 2 kB"):
        read_file(big, 2000, "mapping file")
    assert read_file(big, 2001, "mapping file") == b"x" * 2001


# --- E/5: one escaping function ---------------------------------------------------------------

HOSTILE = "a\u001b[31mred\u001b]0;pwned\u0007b"


def test_kg_query_escapes_what_would_drive_the_terminal(seed_store, tmp_path):
    from kg import api

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    api.update("INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/hostile> { <http://example.org/x> rdfs:label "
               "'a\\u001b[31mred\\u001b]0;pwned\\u0007b' } }", store=store)
    for sparql in ("SELECT ?name WHERE { <http://example.org/x> rdfs:label ?name }",
                   "CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s rdfs:label ?name FILTER(?s = <http://example.org/x>) }"):
        result = run_kg("query", sparql, "--store", str(store), timeout=60)
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "a\\x1b[31mred\\x1b]0;pwned\\x07b" in result.stdout


def on_a_terminal(*args: str) -> str:
    """What `kg ARGS` prints with a terminal (a pseudo-terminal, raw: no newline translation) as its output."""
    import pty
    import tty

    controller, terminal = pty.openpty()
    tty.setraw(terminal)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=terminal, stderr=subprocess.PIPE, env=environment)
    os.close(terminal)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: the command ended and closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    assert process.wait(60) == 0, process.stderr.read() if process.stderr else ""
    return shown.decode("utf-8")


@pytest.fixture
def hostile_store(seed_store, tmp_path) -> Path:
    from kg import api

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    api.update("INSERT DATA { GRAPH <https://w3id.org/kg-news/id/graph/hostile> { <http://example.org/x> rdfs:label "
               "'a\\u001b[31mred\\u001b]0;pwned\\u0007b\\u009b\\u202e' } }", store=store)
    return store


def piped_output(*args: str) -> str:
    """What `kg ARGS` writes to standard output when that is no terminal (run in this process)."""
    from typer.testing import CliRunner

    from kg.interfaces.cli import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


HOSTILE_LABEL = "a\u001b[31mred\u001b]0;pwned\u0007b\u009b\u202e"


def test_every_query_format_is_escaped_on_a_terminal_and_exact_to_a_pipe(hostile_store):
    """CSV and TSV carry ESC and BEL as they are, JSON a raw U+009B (a CSI to some terminals) and
    U+202E: on a terminal, kg query shows each escaped (the CSV's line ends and the TSV's tabs
    kept, the JSON still JSON with the same data); written to a pipe, each is the exact format."""
    import csv
    import io
    import json

    sparql = "SELECT ?s ?name WHERE { ?s rdfs:label ?name FILTER(?s = <http://example.org/x>) }"
    hostile = HOSTILE_LABEL
    for output_format in ("csv", "tsv", "json"):
        shown = on_a_terminal("query", sparql, "-F", output_format, "--store", str(hostile_store))
        assert not any(char in shown for char in "\x1b\x07\x9b\u202e"), (output_format, shown)
        piped = piped_output("query", sparql, "-F", output_format, "--store", str(hostile_store))
        if output_format == "csv":
            assert "a\\x1b[31mred\\x1b]0;pwned\\x07b\\x9b\\u202e" in shown and "\r\n" in shown
            assert list(csv.reader(io.StringIO(piped, newline="")))[1][1] == hostile
        elif output_format == "tsv":
            assert "\t" in shown and "\\x1b[31m" in shown
            assert piped.splitlines()[1].split("\t")[1] == f'"{hostile}"'
        else:
            assert json.loads(shown) == json.loads(piped)
            assert json.loads(piped)["results"]["bindings"][0]["name"]["value"] == hostile


def test_an_export_is_escaped_on_a_terminal_and_exact_to_a_pipe(hostile_store):
    """kg export to a terminal shows what could drive it escaped, line by line as the format
    writes it (JSON-LD still JSON with the same data); to a pipe it is the exact format."""
    import json

    for output_format in ("nquads", "turtle", "jsonld"):
        shown = on_a_terminal("export", "-F", output_format, "--store", str(hostile_store))
        assert not any(char in shown for char in "\x1b\x07\x9b\u202e"), output_format
        piped = piped_output("export", "-F", output_format, "--store", str(hostile_store))
        if output_format == "jsonld":  # still JSON, with the same data (its graphs in either order)
            def hostile_graph(text: str) -> list:
                return [graph["@graph"] for graph in json.loads(text)["@graph"] if graph["@id"] == "graph:hostile"]

            assert hostile_graph(shown) == hostile_graph(piped) == [[{"@id": "http://example.org/x", "label": HOSTILE_LABEL}]]
        else:  # the formats escape ESC and BEL themselves, but write U+009B and U+202E as they are
            assert "b\x9b\u202e" in piped and "b\\x9b\\u202e" in shown, output_format
            assert shown.count("\n") == piped.count("\n")


def test_the_terminal_and_the_table_use_one_escaping_function():
    from kg.escapes import for_terminal, from_terminal
    from kg.interfaces import terminal
    from kg.views import query

    assert terminal.for_terminal is for_terminal and query.for_terminal is for_terminal
    assert from_terminal(for_terminal(HOSTILE + "\u202e\x00")) == HOSTILE + "\u202e\x00"
    assert from_terminal("a\\x41\\n") == "a\\x41\n"  # only what for_terminal writes: \x41 is a printable A


# --- F/6: feeds with a DOCTYPE ----------------------------------------------------------------

RSS_091 = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written for kg's tests -->
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
 "http://my.netscape.com/publish/formats/rss-0.91.dtd"{subset}>
<?xml-stylesheet type="text/xsl" href="style.xsl"?>
<rss version="0.91"><channel><title>Town news</title><link>http://example.org/</link><description>News</description>
<item><title>Bridge opens</title><link>http://example.org/bridge</link>
<description>{who} opened the new bridge in Prague on Monday. The mayor spoke about the work for an hour.</description></item>
</channel></rss>
"""


def test_a_feed_with_a_doctype_comments_and_a_bom_is_read_as_a_feed(tmp_path):
    from kg.pipeline.read.files import _articles_from_bytes, read_articles

    feed = tmp_path / "news.xml"
    feed.write_text(RSS_091.format(subset="", who="Marta Kovar"), encoding="utf-8")
    (article,) = list(read_articles([feed]))
    assert article.url == "http://example.org/bridge" and article.text.startswith("Marta Kovar opened")
    data = "\ufeff \n".encode() + feed.read_bytes()  # as standard input gives it: a BOM and a blank line first
    (piped,) = list(_articles_from_bytes(data, source="<stdin>", stem=None))
    assert piped.text == article.text


def test_a_feeds_own_entities_are_never_expanded(tmp_path):
    from kg.errors import InputError
    from kg.pipeline.read.files import read_articles

    feed = tmp_path / "news.xml"
    feed.write_text(RSS_091.format(subset=' [<!ENTITY who "Pavel Novak">]', who="&who;"), encoding="utf-8")
    with pytest.raises(InputError, match="item 1: not well-formed XML .*undefined entity"):
        list(read_articles([feed]))


# --- 9: the smaller items ---------------------------------------------------------------------

def test_an_id_holding_nul_is_removed_as_kg_list_shows_it(seed_store, tmp_path):
    import json

    from kg import api

    store = tmp_path / "store"
    shutil.copytree(seed_store, store)
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a\u0000b", "text": "Marta Kovar opened the bridge in Prague on Monday."}) + "\n",
                     encoding="utf-8")
    assert api.ingest([batch], store=store).count("added") == 1
    listed = run_kg("list", "--store", str(store), timeout=60)
    assert "a\\x00b" in listed.stdout
    removed = run_kg("remove", "a\\x00b", "--store", str(store), timeout=60)
    assert removed.returncode == 0, removed.stderr
    assert "a\\x00b" not in run_kg("list", "--store", str(store), timeout=60).stdout


def test_a_server_that_is_not_sparql_is_one_line_without_its_page(tmp_path):
    import http.server

    class Page(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802  (http.server's name)
            body = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>My blog</h1>\n<p>Hello</p></body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"http://127.0.0.1:{server.server_address[1]}"
        for command in (("list",), ("query", "ASK {}")):
            result = run_kg(*command, "--store", address, timeout=60)
            assert result.returncode != 0
            line = one_line_error(result)
            assert "<" not in line and "My blog" not in line and "not a SPARQL answer" in line, line
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.filterwarnings("ignore:Using .httpx. with .starlette.testclient")
def test_an_update_by_get_is_refused(seed_store, tmp_path):
    from starlette.testclient import TestClient

    from kg.interfaces.serve.app import create_app
    from kg.interfaces.serve.config import ServeConfig

    app = create_app(ServeConfig(store=seed_store, allow_update=True, token="t", allowed_hosts=("*",)))
    client = TestClient(app)  # no lifespan: the refusal comes before any worker or checker
    answer = client.get("/sparql", params={"update": "DROP ALL"}, headers={"Authorization": "Bearer t"})
    assert answer.status_code == 405 and answer.headers["allow"] == "POST"
    assert "POST" in answer.text


@pytest.mark.parametrize("option", ["--help", "--version"])
def test_help_and_version_to_a_full_disk_are_one_line(option):
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "kg", option], stdout=full, stderr=subprocess.PIPE, text=True,
                                env=environment, timeout=60)
    assert result.returncode == 1
    assert "No space left on device" in one_line_error(result)


def test_nesting_is_counted_whatever_hides_brackets_from_one_reading():
    """Nothing a parser might read as code hides a bracket from the count: not a string of
    closing brackets, not an IRI-looking `<...>` that is a less-than to another reading, not a
    `#` or quote inside one, not `\\#` in a prefixed name."""
    from kg.limits import MAX_QUERY_NESTING, query_nesting

    deep = "(" * 300 + "1" + ")" * 300
    assert query_nesting("SELECT ?x WHERE { ?x ?p ?o FILTER(regex(?o, \"(a|b)\")) }") == 3  # { ( (
    assert query_nesting("ASK{FILTER(" + "IF(1,1," * 2000 + "1" + ")" * 2000 + ")}") == 2002
    for disguise in ('ASK { FILTER(1 + ")))" + ' + deep + ") }",  # closers in a string lower nothing
                     "ASK { FILTER(1<" + deep + ">2) }",  # an IRI to one reading, brackets to another
                     "ASK { ?s <a#b> ?o FILTER(" + deep + ") }",  # '#' in an IRI starts no comment
                     "ASK { ?s ex:a\\#b ?o FILTER(" + deep + ") }",  # nor an escaped '#' in a prefixed name
                     "ASK { ?s <it's> ?o FILTER(1 + ' )))' + " + deep + ") }"):  # a quote in an IRI
        assert query_nesting(disguise) > MAX_QUERY_NESTING, disguise
