"""Run the map step on a dask.distributed cluster.

Why: past one machine, the map step (≈all of the build's CPU) scales out to
any number of dask workers, while resolution and assembly stay in the client
process. Chunks of pages are submitted as tasks (``kg.pipeline.mapstep.map_pages``
is imported by reference, so workers need parkkg installed, same version);
futures are collected in submission order, so the reduce sees the same order
as a local build and the output is byte-identical.
"""

from __future__ import annotations

from ..errors import InputError


class DaskEngine:
    def __init__(self, scheduler) -> None:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise InputError("--engine dask needs dask.distributed",
                             fix="pip install 'parkkg[dask]' or use --engine local") from exc
        if not scheduler:
            raise InputError("--engine dask needs --scheduler ADDRESS",
                             fix="start `dask scheduler` and pass its address, e.g. tcp://10.0.0.5:8786")
        self._own = not hasattr(scheduler, "submit")
        try:
            self.client = Client(scheduler, timeout="20s") if self._own else scheduler
        except OSError as exc:
            raise InputError(f"cannot reach the dask scheduler at {scheduler}: {exc}",
                             fix="check the address and that `dask scheduler` is running") from exc
        info = self.client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))

    def submit(self, fn, arg):
        return self.client.submit(fn, arg, pure=False)

    def close(self) -> None:
        if self._own:
            self.client.close()

    def abort(self) -> None:
        self.close()
