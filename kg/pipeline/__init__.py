"""The orchestrator and the large-build machinery.

:mod:`kg.pipeline.orchestrator` holds ``build`` (behind ``kg.build``), the
stage order and the reduce; the map step and where it runs (engines,
parallel), the per-page cache, the incremental rebuild and the output lock
live beside it. Nothing below this package imports it.

Why not ``kg/build/``: ``kg.build`` is the public function; a subpackage of
the same name would replace it on ``kg`` as soon as it is imported.
"""
