"""Ways to read a store: SPARQL queries, exports, OWL RL inference, one entity's view."""
