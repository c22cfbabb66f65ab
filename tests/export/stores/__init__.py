"""Tests against real triple stores (Virtuoso, rapper, Oxigraph, rdflib)."""
