"""Engines run the per-document map step (normalize, segment, extract) somewhere.

Why a package: the map step is pure and per page, so it can run inline, in
local processes or on a dask cluster, while resolution and assembly (the
reduce) always run in the calling process in input order. Every engine returns
the same compact per-document facts (:mod:`kg.engines.facts`) in the same
order, which is what makes their outputs byte-identical.
"""

from .facts import map_page, map_pages, slim

__all__ = ["map_page", "map_pages", "slim"]
