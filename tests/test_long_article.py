"""Long articles cost time in proportion to their length: no step reads the whole text (e.g.
spaCy's doc.text, which joins every token anew) once per sentence, quote or mention. The
measure is deterministic work, not time: the spaCy tokens created while extracting, which grow
with the square of the length when the whole text is rebuilt per sentence."""

from __future__ import annotations

import cProfile
import pstats

import pytest

from kg.pipeline.extract import extract
from kg.pipeline.nlp import parse
from kg.pipeline.read import Article
from long_text import long_article


def tokens_created(chars: int) -> int:
    article = Article(id=f"long-{chars}", text=long_article(chars), source="generated")
    [(_, doc)] = list(parse([article]))
    profiler = cProfile.Profile()
    profiler.enable()
    extract(article, doc)
    profiler.disable()
    return sum(calls for (filename, _, function), (_, calls, *_) in pstats.Stats(profiler).stats.items()
               if "token" in filename and function == "cinit")


def test_extraction_work_grows_linearly_with_the_article():
    small, large = tokens_created(8_000), tokens_created(32_000)
    if small == 0:
        pytest.skip("this spaCy build does not show token creation to the profiler")
    # linear: about 4 times the work for 4 times the text; rebuilding the text per sentence was 16 times
    assert large / small < 6, (small, large)


@pytest.mark.slow
def test_a_200k_character_article_is_stored(tmp_path):
    import kg

    path = tmp_path / "long.txt"
    path.write_text(long_article(200_000), encoding="utf-8")
    report = kg.ingest([path], store=tmp_path / "store")
    assert report.count("added") == 1
