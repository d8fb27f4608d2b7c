"""Imported once by the forkserver that starts `kg ingest --jobs N`'s workers (see
executors.ProcessPool): spaCy, kg's language steps, the model with the bundled gazetteer, and
what the steps load on first use (shapes, date parser data), warmed on a sentence of our own, so
every worker forks with them in memory, frozen out of the garbage collector's walks (gc.freeze,
which also keeps those pages shared with the forkserver). A worker given other gazetteers loads
the model again."""

import gc
from datetime import date

try:
    from .executors import LANGUAGE_WORK_GC_THRESHOLD, process_articles
    from .read import Article

    gc.set_threshold(*LANGUAGE_WORK_GC_THRESHOLD)  # the workers fork with it
    _WARM_UP = "Anna Berg, the mayor of Oslo, said on Monday that the bridge would open on 3 March 2025."
    process_articles([Article("kg-warm-up", _WARM_UP, "kg-warm-up", published=date(2025, 1, 6))])
    gc.collect()
    gc.freeze()
except Exception:  # noqa: BLE001 -- a worker then loads what it needs itself and reports any error there
    pass
