"""Where validated article graphs are kept: the embedded Oxigraph store, a remote SPARQL server,
and the cross-article linking both share."""
