"""kg.ner.fool: reading the model from a GraphDef, BMES tags to spans, the model missing, and the real model if installed.

The graph tests build a small GraphDef with the foolnltk node names and
invented weights, so the loader's checks run without the package; the last
tests use the real model when ``pip install --no-deps foolnltk`` put it beside
this Python and skip otherwise. Sentences and names are invented.
"""

from __future__ import annotations

import numpy as np
import pytest

from kg.ner import bilstm, fool, modelfiles, protobuf

from .test_bilstm import tiny_tagger
from .test_protobuf import attr, field, node, shape

GATES = "char_bilstm/bidirectional_rnn/{d}/{d}/while/{d}/basic_lstm_cell/"


def const(name: str, value: np.ndarray) -> bytes:
    dtype = 1 if value.dtype == np.float32 else 3
    tensor = field(1, dtype) + field(2, shape(*value.shape)) + field(4, value.astype(value.dtype.newbyteorder("<")).tobytes())
    return node(name, "Const", attr("value", field(8, tensor)))


def fake_graph(model: bilstm.Tagger, wiring: dict[str, str] | None = None) -> bytes:
    """The constants and gate ops of a foolnltk graph holding ``model``'s weights (``wiring`` overrides gate inputs)."""
    parts = [const("Const_1", model.embedding[:1]), const("char_embeding", model.embedding[1:]),
             const("project/hidden/w_tanh", model.hidden_w), const("project/hidden/b_tanh", model.hidden_b),
             const("project/output/w_out", model.out_w), const("project/output/b_out", model.out_b),
             const("crf_loss/transitions", model.transitions)]
    for d, cell in (("fw", model.forward), ("bw", model.backward)):
        base, gates = f"char_bilstm/bidirectional_rnn/{d}/basic_lstm_cell/", GATES.format(d=d)
        parts += [const(base + "kernel", cell.kernel), const(base + "bias", cell.bias),
                  const(gates + "add/y", np.array(cell.forget_bias, np.float32))]
        inputs = {"add": "split:2", "Sigmoid_1": "split", "Tanh": "split:1", "Sigmoid_2": "split:3", **(wiring or {})}
        parts += [node(gates + op, "Op", field(3, (gates + src).encode())) for op, src in inputs.items()]
    return b"".join(parts)


def test_the_loader_reads_every_weight():
    model = tiny_tagger()
    loaded = fool.tagger_from_graph(fake_graph(model))
    for name in ("embedding", "hidden_w", "hidden_b", "out_w", "out_b", "transitions"):
        assert np.array_equal(getattr(loaded, name), getattr(model, name)), name
    assert np.array_equal(loaded.forward.kernel, model.forward.kernel) and loaded.backward.forget_bias == 1.0
    assert bilstm.tag_ids(loaded, [[1, 2, 3]]) == bilstm.tag_ids(model, [[1, 2, 3]])


@pytest.mark.parametrize("wiring, missing", [({"add": "split:1", "Tanh": "split:2"}, "not wired as i, j, f, o"),
                                             ({"Sigmoid_2": "split:0"}, "not wired as i, j, f, o")])
def test_a_graph_with_other_gates_is_refused(wiring, missing):
    with pytest.raises(protobuf.ProtobufError, match=missing):
        fool.tagger_from_graph(fake_graph(tiny_tagger(), wiring))


def test_a_graph_without_the_weights_is_refused():
    with pytest.raises(protobuf.ProtobufError, match="no constant 'Const_1'"):
        fool.tagger_from_graph(node("x", "Placeholder"))


@pytest.mark.parametrize("tags, spans", [
    (["B_company", "M_company", "E_company", "O", "S_org"], [(0, 3, "company"), (4, 5, "org")]),
    (["O", "B_person", "E_person", "B_location", "M_location"], [(1, 3, "person"), (3, 5, "location")]),
    (["M_company", "E_company", "O"], [(0, 2, "company")]),
    (["O", "O"], []),
])
def test_spans_of_bmes_tags(tags, spans):
    assert fool.spans_of(tags) == spans


@pytest.mark.parametrize("raw", [
    '{"char_map": {"<OOV>": 1, "}": 2, "星": 3}, "word_map": {"星澜": 9}, "ner_map": {"0": "O", "1": "S_company"}}',
    '{"word_map": {"char_map": 5}, "ner_map": {"0": "O", "1": "S_company"}, "char_map": {"<OOV>": 1, "}": 2, "星": 3}}',
    '{"char_map" : {"<OOV>": 1, "}": 2, "星": 3},\n "ner_map":{"0": "O", "1": "S_company"}}',
])
def test_the_maps_are_read_whatever_the_layout(raw):
    """The second layout has a word named like a map key: the reader falls back to parsing the whole file."""
    assert fool.read_maps(raw) == ({"<OOV>": 1, "}": 2, "星": 3}, {"0": "O", "1": "S_company"})


@pytest.mark.parametrize("texts, expected", [
    (["星澜", "澜x星"], [[3, 4], [4, 1, 3]]),  # x is unknown: <OOV>
    (["", "星"], [[], [3]]),
    (["\U0001F600星"], [[1, 3]]),  # beyond the basic plane
    ([], []),
])
def test_char_ids_through_the_code_table(texts, expected):
    table = fool.code_table({"<PAD>": 0, "<OOV>": 1, "星": 3, "澜": 4}, oov=1)
    assert [ids.tolist() for ids in fool.char_ids(table, texts)] == expected


def test_a_missing_model_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(modelfiles.sys, "prefix", str(tmp_path))
    monkeypatch.setattr(modelfiles.sys, "base_prefix", str(tmp_path))
    monkeypatch.setattr(modelfiles.site, "USER_BASE", str(tmp_path))
    monkeypatch.delenv(modelfiles.ENV_DIR, raising=False)
    fool.load.cache_clear()
    try:
        assert not modelfiles.available()
        with pytest.raises(fool.ModelMissing, match="pip install --no-deps foolnltk"):
            fool.load()
    finally:
        fool.load.cache_clear()


def test_the_env_folder_is_looked_at_first(monkeypatch, tmp_path):
    (tmp_path / "ner.pb").write_bytes(b"")
    (tmp_path / "map.zip").write_bytes(b"")
    monkeypatch.setenv(modelfiles.ENV_DIR, str(tmp_path))
    assert fool.model_dir() == tmp_path


real = pytest.mark.skipif(not modelfiles.available(), reason="the foolnltk model is not installed (pip install --no-deps foolnltk)")


@real
@pytest.mark.parametrize("sentence, company", [
    ("星澜微芯科技有限公司与临江市签约，投资建设芯片封装基地。", "星澜微芯科技有限公司"),
    ("会上，云岫光电、蓝汐能源等企业代表作了发言。", "云岫光电"),
])
def test_the_real_model_tags_invented_companies(sentence, company):
    model = fool.load()
    spans = model.spans([sentence])[0]
    assert any(sentence[a:b] == company and kind == "company" for a, b, kind in spans), spans


@real
def test_the_real_model_is_deterministic_and_batch_independent():
    model = fool.load()
    texts = ["星澜微芯科技有限公司落户临江高新区。", "云岫光电与蓝汐能源签署合作协议。", "临江市人民政府召开会议。"]
    together = model.tags_of(texts)
    assert together == model.tags_of(texts) == [model.tags_of([t])[0] for t in texts]
    assert [len(t) for t in together] == [len(t) for t in texts]
