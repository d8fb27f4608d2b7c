"""`kg eval`: the evaluation harness. Gold benchmarks' texts are ingested with the real pipeline
into a temporary store, and what the store holds is scored against the gold annotations:
entities and relations (relations), quotes' speakers and attributions (attributions), time
expressions (times), and articles annotated with their named entities and facts by name rather
than by offsets (facts); common holds what they share. `evaluate` picks the scorer from the
gold file."""

from .facts import FactsReport, evaluate_facts
from .relations import MATCHINGS, EvalReport, Mapping, evaluate, format_report, guess_mapping, load_mapping

__all__ = ["MATCHINGS", "EvalReport", "FactsReport", "Mapping", "evaluate", "evaluate_facts", "format_report",
           "guess_mapping", "load_mapping"]
