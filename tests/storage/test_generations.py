"""kg.storage.generations: a published folder is a link to one generation; sweeping keeps only that one."""

import os

import pytest

from kg.storage.generations import remove_published, sweep_generations


def _publish(out, name, gens, current):
    for g in gens:
        (out / f".{name}-{g}.d").mkdir()
    if current is not None:
        os.symlink(f".{name}-{current}.d", out / name)


@pytest.mark.parametrize(
    ("gens", "current", "left"),
    [
        (["a", "b", "c"], "b", {".store-b.d", "store"}),
        (["a"], "a", {".store-a.d", "store"}),
        (["a", "b"], None, set()),  # no link: every generation is stale
    ],
)
def test_sweep_keeps_only_the_linked_generation(tmp_path, gens, current, left):
    _publish(tmp_path, "store", gens, current)
    (tmp_path / "graph.ttl").write_text("")  # unrelated files stay
    sweep_generations(tmp_path, "store")
    assert {p.name for p in tmp_path.iterdir()} == left | {"graph.ttl"}


@pytest.mark.parametrize("as_link", [True, False])
def test_remove_drops_the_link_or_a_plain_folder_and_all_generations(tmp_path, as_link):
    _publish(tmp_path, "graph.details", ["x", "y"], "x" if as_link else None)
    if not as_link:
        (tmp_path / "graph.details").mkdir()  # copied by hand
    remove_published(tmp_path, "graph.details")
    assert list(tmp_path.iterdir()) == []


def test_other_names_are_left_alone(tmp_path):
    _publish(tmp_path, "store", ["a"], None)
    _publish(tmp_path, "graph.details", ["b"], "b")
    sweep_generations(tmp_path, "graph.details")
    assert (tmp_path / ".store-a.d").is_dir() and (tmp_path / ".graph.details-b.d").is_dir()
