"""Reading a built graph: named SPARQL queries (:mod:`kg.query.named`, files in
``rq/``), the read-only endpoint (:mod:`kg.query.serve`) and the SHACL
contract (:mod:`kg.query.validate`, ``shapes.ttl``).

The top-level ``queries/`` and ``shapes.ttl`` of the repository are symlinks
to the files here: there is one copy of each.
"""
