"""The language work on a Dask cluster: a real LocalCluster of two worker processes on loopback,
the result isomorphic to (here: the same quads as) an ingest in this process."""

import pytest

import kg

from helpers.corpus import write_corpus
from helpers.graphs import stored_quads

distributed = pytest.importorskip("distributed", reason="the dask extra is part of dev: pip install -e '.[dev]'")


@pytest.mark.slow
def test_ingest_on_a_dask_cluster_gives_the_local_graph(tmp_path):
    source = tmp_path / "news.jsonl"
    write_corpus(source, 12, surname_only=2)
    local = kg.ingest([source], store=tmp_path / "local")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        report = kg.ingest([source], store=tmp_path / "dask", dask=cluster.scheduler_address)
        with distributed.Client(cluster) as client:
            # Each worker loaded the model itself and did part of the work.
            loaded = client.run(lambda: __import__("kg.pipeline.nlp", fromlist=["model_loaded"]).model_loaded())
    assert report.count("added") == 12 and report.links == local.links >= 2
    assert [a.article_id for a in report.articles] == [a.article_id for a in local.articles]
    assert stored_quads(tmp_path / "dask") == stored_quads(tmp_path / "local")
    assert sorted(loaded.values()) == [True, True]


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr("kg.pipeline.executors.DASK_CONNECT_SECONDS", 2.0)
    source = tmp_path / "one.jsonl"
    write_corpus(source, 1)
    with pytest.raises(kg.KgError, match="Cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        kg.ingest([source], store=tmp_path / "store", dask="tcp://127.0.0.1:9")
