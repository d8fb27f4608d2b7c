"""`kg eval`: the evaluation harness. Gold benchmarks' texts are ingested with the real pipeline
into a temporary store, and what the store holds is scored against the gold annotations:
entities and relations (relations), quotes' speakers and attributions (attributions), time
expressions (times); common holds what they share."""

from .relations import MATCHINGS, EvalReport, Mapping, evaluate, format_report, guess_mapping, load_mapping

__all__ = ["MATCHINGS", "EvalReport", "Mapping", "evaluate", "format_report", "guess_mapping", "load_mapping"]
