"""Public reference data the stages look names up in: administrative places
(cpca's table, :mod:`kg.reference.places`) and national-level zones
(:mod:`kg.reference.zones`, files in ``data/``).

Why apart: reference data is read by several stages (extract, resolve,
assemble) and depends on none of them.
"""
