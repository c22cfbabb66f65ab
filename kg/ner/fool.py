"""The foolnltk NER model, found where ``pip install --no-deps foolnltk`` puts it, run in numpy.

Why this way: the PyPI package ``foolnltk`` ships a character BiLSTM-CRF
trained on Chinese news that tags companies (``company``), organizations,
places, people, times and job titles. Its code needs TensorFlow 1, which does
not install on current Python, and the model has no stated licence, so the
project neither vendors it nor depends on it: the user installs the package
without its dependencies, its data files land in ``<sys.prefix>/fool/``, and
this module reads ``ner.pb`` (frozen GraphDef) and ``map.zip`` (character and
tag maps) from there. Absent files mean the model is off (:func:`available`).
"""

from __future__ import annotations

import json
import os
import zipfile
from functools import lru_cache
from pathlib import Path

# The tagger's matrices are small (a few rows by 100 x 400): BLAS threads only spin-wait on them, which cost
# 5x the CPU of one thread on a 2-core machine and no wall time gained. Set before numpy loads its BLAS
# (numpy is imported first here in a build); a value the user set is kept.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from ..errors import KgError
from . import bilstm, protobuf
from .modelfiles import ENV_DIR, model_dir

_CELL = "char_bilstm/bidirectional_rnn/{d}/basic_lstm_cell/"
_GATES = "char_bilstm/bidirectional_rnn/{d}/{d}/while/{d}/basic_lstm_cell/"


class ModelMissing(KgError):
    """The NER model was asked for and is not installed."""

    def __init__(self) -> None:
        super().__init__("the foolnltk NER model (ner.pb, map.zip) is not installed", where="--ner fool",
                         fix=f"pip install --no-deps foolnltk (or set {ENV_DIR} to a folder holding ner.pb and map.zip)")


def _const(nodes: dict[str, protobuf.Node], name: str) -> np.ndarray:
    node = nodes.get(name)
    if node is None or node.op != "Const" or not isinstance(node.attrs.get("value"), np.ndarray):
        raise protobuf.ProtobufError(f"the NER graph has no constant {name!r}; it is not the foolnltk 0.1.x model")
    return node.attrs["value"]


def _cell(nodes: dict[str, protobuf.Node], d: str) -> bilstm.LstmCell:
    """One direction's BasicLSTMCell, after checking the graph computes the gates as :mod:`bilstm` does."""
    gates = _GATES.format(d=d)
    expected = {"add": (gates + "split:2",), "Sigmoid_1": (gates + "split",), "Tanh": (gates + "split:1",),
                "Sigmoid_2": (gates + "split:3",)}
    for op, inputs in expected.items():
        node = nodes.get(gates + op)
        if node is None or tuple(node.inputs[:len(inputs)]) != inputs:
            raise protobuf.ProtobufError(f"the NER graph's LSTM gate {gates + op} is not wired as i, j, f, o")
    forget = float(_const(nodes, gates + "add/y"))
    return bilstm.LstmCell(_const(nodes, _CELL.format(d=d) + "kernel"), _const(nodes, _CELL.format(d=d) + "bias"), forget)


def tagger_from_graph(data: bytes) -> bilstm.Tagger:
    """The weights of the frozen graph: embedding (padding row + table), both cells, hidden and output layers, CRF."""
    nodes = protobuf.graph_nodes(data)
    embedding = np.concatenate([_const(nodes, "Const_1"), _const(nodes, "char_embeding")], axis=0)
    return bilstm.Tagger(embedding, _cell(nodes, "fw"), _cell(nodes, "bw"),
                         _const(nodes, "project/hidden/w_tanh"), _const(nodes, "project/hidden/b_tanh"),
                         _const(nodes, "project/output/w_out"), _const(nodes, "project/output/b_out"),
                         _const(nodes, "crf_loss/transitions"))


def read_maps(raw: str) -> tuple[dict[str, int], dict[str, str]]:
    """The character map and tag map of ``all_map.json``, without parsing its large word map.

    Why: the file also holds the word map of the package's segmenter (140 000
    entries) that the tagger never reads; decoding only the two objects it
    needs takes a tenth of the time. A file laid out otherwise is read whole.
    """
    decoder, maps = json.JSONDecoder(), {}
    for key in ("char_map", "ner_map"):
        at = raw.find(f'"{key}"')
        brace = raw.find("{", at) if at >= 0 else -1
        if brace < 0 or raw[at + len(key) + 2:brace].strip() != ":":
            whole = json.loads(raw)
            return whole["char_map"], whole["ner_map"]
        maps[key] = decoder.raw_decode(raw, brace)[0]
    return maps["char_map"], maps["ner_map"]


class FoolNer:
    """The loaded model: characters to ids, ids to tags, tags to (start, end, type) spans."""

    def __init__(self, folder: Path) -> None:
        self.tagger = tagger_from_graph((folder / "ner.pb").read_bytes())
        bilstm.stacked(self.tagger)  # the step's weights now, before a build's workers fork: they share them
        with zipfile.ZipFile(folder / "map.zip") as z:
            char_map, ner_map = read_maps(z.read("all_map.json").decode("utf-8"))
        self.oov = char_map["<OOV>"]
        self.tags = {int(k): v for k, v in ner_map.items()}
        self.ids_of_code = code_table(char_map, self.oov)

    def tags_of(self, texts: list[str]) -> list[list[str]]:
        """BMES tags (``B_company``, ``O`` …) of each text, one per character."""
        return [[self.tags[t] for t in path] for path in bilstm.tag_ids(self.tagger, char_ids(self.ids_of_code, texts))]

    def spans(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        """Entities of each text as (start, end, type), read from the tags as the package reads them."""
        return [spans_of(tags) for tags in self.tags_of(texts)]


def code_table(char_map: dict[str, int], oov: int) -> np.ndarray:
    """Code point -> character id over all of Unicode (``oov`` where the map has none), 4 MB.

    Why a table: the ids of a whole batch are then one lookup of its code
    points (:func:`char_ids`) instead of a dictionary lookup per character.
    Map keys longer than one character (``<PAD>``, ``<OOV>``) match no character and are left out.
    """
    table = np.full(0x110000, oov, dtype=np.int32)
    singles = [(ord(ch), i) for ch, i in char_map.items() if len(ch) == 1]
    if singles:
        codes, ids = zip(*singles)
        table[list(codes)] = ids
    return table


def char_ids(table: np.ndarray, texts: list[str]) -> list[np.ndarray]:
    """Character ids of each text through a :func:`code_table`, one array per text."""
    if not texts:
        return []
    codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.split(table[codes], np.cumsum([len(t) for t in texts])[:-1])


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """BMES tags to spans: S alone; B opens, E closes; an open entity at the end is closed there."""
    out: list[tuple[int, int, str]] = []
    start, kind = None, ""
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        lb, kind_here = tag.split("_", 1)
        if lb == "S":
            out.append((i, i + 1, kind_here))
        elif lb == "B":
            start, kind = i, kind_here
        elif lb == "M" and start is None:
            start, kind = i, kind_here
        elif lb == "E":
            out.append((i if start is None else start, i + 1, kind_here))
            start = None
    if start is not None:
        out.append((start, len(tags), kind))
    return out


@lru_cache(maxsize=1)
def load() -> FoolNer:
    """The installed model, loaded once per process (a few hundred ms); :class:`ModelMissing` if absent."""
    folder = model_dir()
    if folder is None:
        raise ModelMissing()
    return FoolNer(folder)
