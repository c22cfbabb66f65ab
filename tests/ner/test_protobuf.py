"""kg.ner.protobuf: the wire-format reader on messages encoded here by hand, field by field."""

from __future__ import annotations

import struct

import numpy as np
import pytest

from kg.ner import protobuf


def varint(n: int) -> bytes:
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b, n = n & 0x7F, n >> 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(num: int, value: int | bytes) -> bytes:
    """One field: a varint for ints, length-delimited for bytes."""
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    return varint(num << 3 | 2) + varint(len(value)) + value


def shape(*dims: int) -> bytes:
    return b"".join(field(2, field(1, d)) for d in dims)


def attr(key: str, value: bytes) -> bytes:
    return field(5, field(1, key.encode()) + field(2, value))


def node(name: str, op: str, *rest: bytes) -> bytes:
    return field(1, field(1, name.encode()) + field(2, op.encode()) + b"".join(rest))


@pytest.mark.parametrize("n", [0, 1, 127, 128, 300, 2 ** 35 + 7])
def test_varint_round_trip(n):
    assert protobuf.varint(varint(n), 0) == (n, len(varint(n)))


@pytest.mark.parametrize("message, expected", [
    (field(1, 150), [(1, 0, 150)]),
    (field(2, b"ab") + field(3, 1), [(2, 2, b"ab"), (3, 0, 1)]),
    (varint(4 << 3 | 5) + struct.pack("<I", 7), [(4, 5, 7)]),
    (varint(5 << 3 | 1) + struct.pack("<Q", 9), [(5, 1, 9)]),
])
def test_fields(message, expected):
    assert protobuf.fields(message) == expected


@pytest.mark.parametrize("bad", [b"\x80", field(2, b"abc")[:-1], varint(1 << 3 | 3)])
def test_broken_messages_raise_a_user_error(bad):
    with pytest.raises(protobuf.ProtobufError, match="Fix: reinstall"):
        protobuf.fields(bad)


@pytest.mark.parametrize("tensor, expected", [
    # DT_FLOAT from tensor_content (little-endian bytes)
    (field(1, 1) + field(2, shape(2, 2)) + field(4, np.arange(4, dtype="<f4").tobytes()), np.arange(4, dtype=np.float32).reshape(2, 2)),
    # DT_FLOAT from a packed float_val
    (field(1, 1) + field(2, shape(3)) + field(5, np.array([1.5, -2, 0.25], "<f4").tobytes()), np.array([1.5, -2, 0.25], np.float32)),
    # one value broadcast to the shape (a zeros constant)
    (field(1, 1) + field(2, shape(2, 3)) + field(5, np.array([0.5], "<f4").tobytes()), np.full((2, 3), 0.5, np.float32)),
    # DT_INT32 scalar and packed int_val with a negative value
    (field(1, 3) + field(7, 5), np.array(5, np.int32)),
    (field(1, 3) + field(2, shape(2)) + field(7, varint(1) + varint(-1)), np.array([1, -1], np.int32)),
])
def test_tensors(tensor, expected):
    got = protobuf.tensor(tensor)
    assert got.dtype == expected.dtype and got.shape == expected.shape and np.array_equal(got, expected)


def test_string_tensor_and_unsupported_dtype():
    assert protobuf.tensor(field(1, 7) + field(8, b"hi")).tolist() == b"hi"
    with pytest.raises(protobuf.ProtobufError, match="dtype 19"):
        protobuf.tensor(field(1, 19))


def test_graph_nodes_with_inputs_and_attributes():
    weights = np.array([[1, 2], [3, 4]], "<f4")
    graph = (node("w", "Const", attr("dtype", field(6, 1)),
                  attr("value", field(8, field(1, 1) + field(2, shape(2, 2)) + field(4, weights.tobytes()))))
             + node("x", "Placeholder", attr("shape", field(7, shape(-1, 2))))
             + node("y", "MatMul", field(3, b"x"), field(3, b"w"), attr("transpose_a", field(5, 0)),
                    attr("name", field(2, b"mm")), attr("alpha", field(4, struct.unpack("<I", struct.pack("<f", 0.5))[0]))))
    nodes = protobuf.graph_nodes(graph)
    assert list(nodes) == ["w", "x", "y"]
    assert np.array_equal(nodes["w"].attrs["value"], weights) and nodes["w"].attrs["dtype"] == 1
    assert nodes["x"].attrs["shape"] == (-1, 2)
    assert nodes["y"].inputs == ["x", "w"] and nodes["y"].attrs == {"transpose_a": False, "name": "mm", "alpha": 0.5}


def test_a_file_without_nodes_is_no_graph():
    with pytest.raises(protobuf.ProtobufError, match="not a TensorFlow GraphDef"):
        protobuf.graph_nodes(field(4, b""))
