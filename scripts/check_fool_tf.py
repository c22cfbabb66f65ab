"""Compare kg.ner's numpy tagger with TensorFlow on the same sentences (a check, not part of the build).

Why: the numpy forward pass (kg/ner/bilstm.py) claims TF1's semantics; this
runs the frozen graph under TensorFlow and the numpy tagger on the same
sentences and counts identical tag sequences. TensorFlow is never installed
into the project's venv: make a throwaway one.

    python3 -m venv /tmp/tfvenv && /tmp/tfvenv/bin/pip install tensorflow-cpu
    /tmp/tfvenv/bin/python scripts/check_fool_tf.py tf SENTENCES.txt /tmp/tf_tags.json   # one sentence a line
    python scripts/check_fool_tf.py numpy SENTENCES.txt /tmp/tf_tags.json                # in the project's venv
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def tf_tags(sentences: list[str], folder: Path) -> list[list[str]]:
    """The package's own decoding under tf.compat.v1: batch padded with 0, dropout 1.0, Viterbi with a start row."""
    import zipfile

    import numpy as np
    import tensorflow as tf

    tf1 = tf.compat.v1
    tf1.disable_eager_execution()
    maps = json.loads(zipfile.ZipFile(folder / "map.zip").read("all_map.json"))
    char_to_id, tags = maps["char_map"], {int(k): v for k, v in maps["ner_map"].items()}
    graph_def = tf1.GraphDef()
    graph_def.ParseFromString((folder / "ner.pb").read_bytes())
    graph = tf1.Graph()
    with graph.as_default():
        tf1.import_graph_def(graph_def, name="prefix")
    get = graph.get_tensor_by_name
    lengths = [len(s) for s in sentences]
    ids = np.array([[char_to_id.get(c, char_to_id["<OOV>"]) for c in s] + [0] * (max(lengths) - len(s)) for s in sentences], np.int32)
    logits, trans = tf1.Session(graph=graph).run(
        [get("prefix/project/logits:0"), get("prefix/crf_loss/transitions:0")],
        {get("prefix/char_inputs:0"): ids, get("prefix/lengths:0"): lengths, get("prefix/dropout:0"): 1.0})
    out = []
    for score, n in zip(logits, lengths):
        score = np.concatenate([[[-1000.0] * len(tags) + [0.0]], np.concatenate([score[:n], np.full((n, 1), -1000.0)], 1)])
        trellis, back = [score[0]], []
        for t in range(1, len(score)):
            v = trellis[-1][:, None] + trans
            back.append(v.argmax(0))
            trellis.append(score[t] + v.max(0))
        path = [int(trellis[-1].argmax())]
        for bp in reversed(back):
            path.append(int(bp[path[-1]]))
        out.append([tags[t] for t in path[::-1][1:]])
    return out


def main(mode: str, sentences_file: str, tags_file: str) -> None:
    sentences = [line.strip() for line in Path(sentences_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if mode == "tf":
        folder = Path(sys.prefix) / "fool" if len(sys.argv) < 5 else Path(sys.argv[4])
        Path(tags_file).write_text(json.dumps(tf_tags(sentences, folder)), encoding="utf-8")
        return
    from kg.ner import fool

    reference = json.loads(Path(tags_file).read_text(encoding="utf-8"))
    model = fool.load()
    same = sum(a == b for a, b in zip(model.tags_of(sentences), reference))
    alone = sum(model.tags_of([s])[0] == r for s, r in zip(sentences, reference))
    print(f"identical tags: batched {same}/{len(sentences)}, one by one {alone}/{len(sentences)}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
