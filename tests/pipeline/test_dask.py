"""--engine dask on a real dask.distributed LocalCluster: output byte-identical to a local build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kg
from kg.errors import InputError

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for i in range(6):
        name, text, _ = make_corpus.page(100 + i)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("use_cache", [False, True])
def test_dask_build_is_byte_identical_to_a_local_build(cluster, pages, tmp_path, use_cache):
    local = kg.build([pages], out=tmp_path / "local", html=False, validate=False, jobs=1)
    cache = tmp_path / "cache" if use_cache else None
    remote = kg.build([pages], out=tmp_path / "dask", html=False, validate=False, engine="dask",
                      scheduler=cluster.scheduler_address, cache=cache)
    assert (tmp_path / "dask" / "graph.ttl").read_bytes() == (tmp_path / "local" / "graph.ttl").read_bytes()
    assert remote.documents == local.documents


def test_an_unreachable_scheduler_is_a_user_error(pages):
    with pytest.raises(InputError, match="scheduler"):
        kg.build([pages], html=False, validate=False, engine="dask", scheduler="tcp://127.0.0.1:9")
