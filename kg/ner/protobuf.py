"""A minimal reader of the protobuf wire format, enough for a frozen TensorFlow 1 GraphDef.

Why not the ``protobuf`` package: nothing else in the project needs it, and a
frozen inference graph uses a handful of message types only (GraphDef,
NodeDef, AttrValue, TensorProto, TensorShapeProto). Reading them takes the
varint/length-delimited wire format and a table of field numbers, written
here from TensorFlow's public ``.proto`` files.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

import numpy as np

from ..errors import KgError

# Wire types of the protobuf encoding.
VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
# tensorflow/core/framework/types.proto: DataType -> numpy dtype (the types a frozen graph's constants use).
DTYPES = {1: np.float32, 2: np.float64, 3: np.int32, 4: np.uint8, 6: np.int8, 9: np.int64, 10: np.bool_}
# TensorProto's repeated value fields (packed) per dtype: field number, numpy dtype of the wire values.
_VALUE_FIELDS = {1: (5, "<f4"), 2: (6, "<f8"), 3: (7, None), 4: (7, None), 6: (7, None), 9: (10, None), 10: (11, None)}


class ProtobufError(KgError):
    """A model file is not the protobuf message it should be."""

    def __init__(self, what: str) -> None:
        super().__init__(what, where="model file", fix="reinstall the model package (pip install --no-deps --force-reinstall foolnltk)")


def varint(buf: bytes, pos: int) -> tuple[int, int]:
    """Decode a base-128 varint at ``pos``; return (value, next position)."""
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ProtobufError("truncated varint in a model file")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def fields(buf: bytes) -> list[tuple[int, int, int | bytes]]:
    """Split one message into (field number, wire type, value): ints for varint/fixed, bytes for length-delimited."""
    out: list[tuple[int, int, int | bytes]] = []
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        num, wire = key >> 3, key & 7
        if wire == VARINT:
            value, pos = varint(buf, pos)
        elif wire == LENGTH:
            size, pos = varint(buf, pos)
            value, pos = bytes(buf[pos:pos + size]), pos + size
        elif wire == FIXED32:
            value, pos = struct.unpack_from("<I", buf, pos)[0], pos + 4
        elif wire == FIXED64:
            value, pos = struct.unpack_from("<Q", buf, pos)[0], pos + 8
        else:
            raise ProtobufError(f"unsupported wire type {wire} (field {num}) in a model file; it is not a GraphDef")
        if pos > len(buf):
            raise ProtobufError("truncated field in a model file")
        out.append((num, wire, value))
    return out


def packed_varints(value: int | bytes) -> list[int]:
    """A repeated integer field: packed (one length-delimited run) or a single unpacked varint."""
    if isinstance(value, int):
        return [value]
    out, pos = [], 0
    while pos < len(value):
        v, pos = varint(value, pos)
        out.append(v)
    return out


def signed64(v: int) -> int:
    """Two's-complement reading of an int64 varint."""
    return v - (1 << 64) if v >= 1 << 63 else v


def shape(buf: bytes) -> tuple[int, ...]:
    """TensorShapeProto: field 2 is a repeated Dim whose field 1 is the size (-1 unknown)."""
    return tuple(signed64(next((v for n, _w, v in fields(dim) if n == 1), 0)) for n, _w, dim in fields(buf) if n == 2)


def tensor(buf: bytes) -> np.ndarray:
    """TensorProto -> numpy array: ``tensor_content`` bytes, else the typed value list (one value broadcasts)."""
    dtype_id, dims, content, values = 0, (), None, []
    for num, _wire, value in fields(buf):
        if num == 1:
            dtype_id = value
        elif num == 2:
            dims = shape(value)
        elif num == 4:
            content = value
        else:
            values.append((num, value))
    if dtype_id == 7:  # DT_STRING: repeated bytes in field 8
        return np.array([v for n, v in values if n == 8], dtype=object).reshape(dims or ())
    if dtype_id not in DTYPES:
        raise ProtobufError(f"tensor of unsupported dtype {dtype_id} in a model file")
    dtype = np.dtype(DTYPES[dtype_id]).newbyteorder("<")
    count = int(np.prod(dims)) if dims else 1
    if content is not None:
        return np.frombuffer(content, dtype=dtype).reshape(dims).astype(DTYPES[dtype_id])
    number, wire_dtype = _VALUE_FIELDS[dtype_id]
    raw = [v for n, v in values if n == number]
    if wire_dtype:
        flat = np.concatenate([np.frombuffer(v, dtype=wire_dtype) if isinstance(v, bytes)
                               else np.array([v], dtype="<u4" if wire_dtype == "<f4" else "<u8").view(wire_dtype) for v in raw]) \
            if raw else np.zeros(0, wire_dtype)
    else:
        flat = np.array([signed64(i) for v in raw for i in packed_varints(v)], dtype=np.int64)
    flat = flat.astype(DTYPES[dtype_id])
    if flat.size == count:
        return flat.reshape(dims)
    return np.full(dims, flat[-1] if flat.size else 0, dtype=DTYPES[dtype_id])


@dataclass
class Node:
    """One NodeDef: name, op, inputs and the attributes a frozen graph carries."""

    name: str
    op: str
    inputs: list[str] = field(default_factory=list)
    attrs: dict[str, object] = field(default_factory=dict)


def attr_value(buf: bytes) -> object:
    """AttrValue's oneof: s (2), i (3), f (4), b (5), type (6), shape (7), tensor (8); a list (1) as raw fields."""
    for num, _wire, value in fields(buf):
        if num == 2:
            return value.decode("utf-8", "replace")
        if num in (3, 6):
            return signed64(value)
        if num == 4:
            return struct.unpack("<f", struct.pack("<I", value))[0]
        if num == 5:
            return bool(value)
        if num == 7:
            return shape(value)
        if num == 8:
            return tensor(value)
        if num == 1:
            return fields(value)
    return None


def node(buf: bytes) -> Node:
    """NodeDef: 1 name, 2 op, 3 input (repeated), 5 attr (map entries of key 1, value 2)."""
    n = Node("", "")
    for num, _wire, value in fields(buf):
        if num == 1:
            n.name = value.decode("utf-8")
        elif num == 2:
            n.op = value.decode("utf-8")
        elif num == 3:
            n.inputs.append(value.decode("utf-8"))
        elif num == 5:
            entry = dict((k, v) for k, _w, v in fields(value))
            n.attrs[entry.get(1, b"").decode("utf-8")] = attr_value(entry.get(2, b""))
    return n


def graph_nodes(buf: bytes) -> dict[str, Node]:
    """GraphDef: field 1 is the repeated NodeDef; returns the nodes by name, in file order."""
    nodes = {}
    for num, wire, value in fields(buf):
        if num == 1 and wire == LENGTH:
            n = node(value)
            nodes[n.name] = n
    if not nodes:
        raise ProtobufError("no nodes in a model file; it is not a TensorFlow GraphDef")
    return nodes
