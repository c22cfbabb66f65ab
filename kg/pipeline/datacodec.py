"""Data, not code, in the build cache: a tagged JSON codec for the few kg types the cache holds.

Why not pickle: unpickling runs whatever callables the bytes name, so a
planted ``CACHE/reduce/state.pkl`` (a shared or restored CI cache) ran code
in the build. This codec writes JSON, and reading it only ever builds plain
values and instances of the classes in :data:`CLASSES` (by setting their
fields; no constructor, no ``__reduce__``, no import by name). Anything else
is a :class:`CorruptData` error, which the callers turn into a cold build
with a message.

Shape: JSON scalars as themselves; containers as arrays whose first element is
a tag: ``l`` list, ``t`` tuple, ``d`` dict (keys and values alternate), ``s``
set, ``f`` frozenset, ``c`` Counter, ``a`` array (typecode, values), ``b``
bytes (latin-1 text), ``o`` object (class name, field, value, ...), ``n``
named tuple (class name, values...). The document is
``{"format": "parkkg-data", "version": VERSION, "data": ...}``.
"""

from __future__ import annotations

import json
from array import array
from collections import Counter
from dataclasses import fields, is_dataclass
from importlib import import_module

VERSION = 1
FORMAT = "parkkg-data"
#: The only classes a document may name, as "module:qualname" -> short name in the data.
CLASSES = {
    "Extraction": "kg.model:Extraction", "Document": "kg.model:Document", "Sentence": "kg.model:Sentence",
    "Mention": "kg.model:Mention", "RelationMention": "kg.model:RelationMention",
    "ObservationMention": "kg.model:ObservationMention", "PageRef": "kg.model:PageRef", "Page": "kg.model:Page",
    "DocFacts": "kg.model:DocFacts", "Rendered": "kg.assemble.render:Rendered",
    "Entity": "kg.resolve:Entity", "EntityTable": "kg.resolve:EntityTable",
}
_ARRAY_TYPES = set("bBhHiIlLqQfd")


class CorruptData(ValueError):
    """Bytes that are not a document of this codec and version (damaged, foreign or planted)."""


def _class(name: str) -> type:
    target = CLASSES.get(name)
    if target is None:
        raise CorruptData(f"unknown type {name!r}")
    module, qualname = target.split(":")
    return getattr(import_module(module), qualname)


def _enc(obj):
    if obj is None or isinstance(obj, (bool, str, int, float)):
        return obj
    kind = type(obj)
    if kind is tuple:
        return ["t", *map(_enc, obj)]
    if kind is list:
        return ["l", *map(_enc, obj)]
    if kind is dict or kind is Counter:
        out = ["d" if kind is dict else "c"]
        for key, value in obj.items():
            out.append(_enc(key))
            out.append(_enc(value))
        return out
    if kind is set or kind is frozenset:
        return ["s" if kind is set else "f", *sorted(map(_enc, obj), key=json.dumps)]
    if kind is bytes or kind is bytearray:
        return ["b", bytes(obj).decode("latin-1")]
    if kind is array:
        return ["a", obj.typecode, *obj.tolist()]
    name = kind.__name__
    if CLASSES.get(name) != f"{kind.__module__}:{kind.__qualname__}":
        raise TypeError(f"the cache cannot hold a {kind.__module__}.{kind.__qualname__}")
    if isinstance(obj, tuple):  # a NamedTuple
        return ["n", name, *map(_enc, obj)]
    names = [f.name for f in fields(obj)] if is_dataclass(obj) else list(vars(obj))
    out = ["o", name]
    for field_name in names:
        out.append(field_name)
        out.append(_enc(getattr(obj, field_name)))
    return out


def _pairs(items: list) -> list[tuple]:
    if len(items) % 2:
        raise CorruptData("a mapping with an odd number of items")
    return [(_dec(items[i]), _dec(items[i + 1])) for i in range(0, len(items), 2)]


def _dec(node):
    if not isinstance(node, list):
        if isinstance(node, dict):
            raise CorruptData("an untagged object")
        return node
    if not node or not isinstance(node[0], str):
        raise CorruptData("an untagged array")
    tag, rest = node[0], node[1:]
    if tag == "t":
        return tuple(map(_dec, rest))
    if tag == "l":
        return list(map(_dec, rest))
    if tag in ("d", "c"):
        pairs = _pairs(rest)
        return dict(pairs) if tag == "d" else Counter(dict(pairs))
    if tag in ("s", "f"):
        return (set if tag == "s" else frozenset)(map(_dec, rest))
    if tag == "b" and len(rest) == 1 and isinstance(rest[0], str):
        return rest[0].encode("latin-1")
    if tag == "a" and rest and rest[0] in _ARRAY_TYPES:
        return array(rest[0], rest[1:])
    if tag == "n" and rest:
        return _class(rest[0])(*map(_dec, rest[1:]))
    if tag == "o" and rest:
        return _object(rest[0], rest[1:])
    raise CorruptData(f"unknown tag {tag!r}")


def _object(name: str, items: list):
    cls = _class(name)
    obj = cls.__new__(cls)
    allowed = {f.name for f in fields(cls)} if is_dataclass(cls) else None
    for key, value in _pairs(items):
        if not isinstance(key, str) or (allowed is not None and key not in allowed) or key.startswith("__"):
            raise CorruptData(f"{name} has no field {key!r}")
        object.__setattr__(obj, key, value)
    return obj


def dumps(obj) -> bytes:
    """``obj`` as a versioned JSON document (UTF-8; lone surrogates kept with surrogatepass)."""
    doc = {"format": FORMAT, "version": VERSION, "data": _enc(obj)}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")


def loads(data: bytes):
    """The value :func:`dumps` wrote; :class:`CorruptData` for anything else."""
    try:
        doc = json.loads(data.decode("utf-8", "surrogatepass"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptData(f"not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CorruptData("not a parkkg cache document")
    if doc.get("version") != VERSION:
        raise CorruptData(f"cache format version {doc.get('version')!r}, this parkkg reads {VERSION}")
    try:
        return _dec(doc.get("data"))
    except (TypeError, ValueError, AttributeError, IndexError, RecursionError) as exc:
        if isinstance(exc, CorruptData):
            raise
        raise CorruptData(f"malformed data ({type(exc).__name__}: {exc})") from None
