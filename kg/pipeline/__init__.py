"""The pipeline, one module per step in data-flow order: read → nlp → extract → resolve → rdf → validate;
executors run those steps for many articles (in process, a process pool or Dask)."""
