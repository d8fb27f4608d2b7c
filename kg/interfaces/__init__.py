"""What people and programs use: the CLI, the SPARQL endpoint and page, viz, the evaluation harness."""
