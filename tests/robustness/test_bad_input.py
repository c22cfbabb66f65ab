"""Bad input never stops a build: each bad file gets one specific line, the rest still builds.

Every case goes through the real CLI (``kg.cli.main``) next to a good page, and
checks the exit code, the one-line message naming the file, that no traceback
is printed, and that the good page is in the graph.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import ingest

from .conftest import GOOD_LABEL, GOOD_PAGE, variant


def _write(name: str, data: bytes):
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return make


def _broken_link(folder: Path) -> Path:
    path = folder / "gone.txt"
    path.symlink_to(folder / "no-such-target.txt")
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _deep(folder: Path) -> Path:
    path = folder
    for i in range(300):  # deeper than Python's default recursion limit would allow with a recursive walk
        path = path / f"d{i % 10}"
    path.mkdir(parents=True)
    (path / "deep.txt").write_text(variant(1), encoding="utf-8")
    return path / "deep.txt"


def _duplicate(folder: Path) -> Path:
    (folder / "zz-copy.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder / "zz-copy.txt"


# (case, make the bad file in the input folder, expected words of its message; None = read, not skipped)
SKIPPED = [
    ("empty", _write("empty.txt", b""), "empty or whitespace-only"),
    ("whitespace", _write("blank.txt", b" \n\t\r\n   \n"), "empty or whitespace-only"),
    ("ideographic-space", _write("wide.txt", "\u3000\u3000\n".encode("utf-8")), "empty or whitespace-only"),
    ("nul-bytes", _write("nul.txt", "星河高新区".encode("utf-8") + b"\x00\x01\x02"), "binary file (contains NUL bytes)"),
    ("png-as-txt", _write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "binary file"),
    ("control-chars", _write("ctl.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 40 + b"abc"), "binary file"),
    ("undecodable", _write("bad.txt", b"abc \xff\xfe\xfd \x80\xff"), "undecodable as UTF-8, GB18030 or Big5"),
    ("broken-symlink", _broken_link, "broken symlink"),
    ("fifo", _fifo, "not a regular file"),
    ("duplicate", _duplicate, "duplicate of an earlier page"),
    ("html-without-text", _write("menu.txt", b"<html><head><script>var a=1;</script></head><body><div></div></body></html>"),
     "HTML page without any text"),
]

READ = [
    ("deep-nesting", _deep),
    ("gb18030", _write("legacy.txt", variant(2).encode("gb18030"))),
    ("utf-16", _write("wide16.txt", variant(3).encode("utf-16"))),
    ("utf-8-bom", _write("bom.txt", b"\xef\xbb\xbf" + variant(4).encode("utf-8"))),
    ("crlf", _write("crlf.txt", variant(5).replace("\n", "\r\n").encode("utf-8"))),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "aa-good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case,make,words", SKIPPED, ids=[c[0] for c in SKIPPED])
def test_bad_file_is_skipped_with_one_line_and_the_rest_builds(case, make, words, corpus, tmp_path, run_cli):
    bad = make(corpus)
    run = run_cli("build", corpus, "--out", tmp_path / "out", "--no-html")
    assert run.code == 0, run.err
    assert "Traceback" not in run.err + run.out
    lines = [ln for ln in run.out.splitlines() if ln.startswith(f"skipped {bad}:")]
    assert len(lines) == 1, run.out
    assert words in lines[0]
    assert GOOD_LABEL in (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8").lower()


@pytest.mark.parametrize("case,make,words", SKIPPED, ids=[c[0] for c in SKIPPED])
def test_strict_turns_a_skip_into_exit_3_and_writes_nothing(case, make, words, corpus, tmp_path, run_cli):
    bad = make(corpus)
    out = tmp_path / "out"
    run = run_cli("build", corpus, "--out", out, "--strict", "--no-html")
    assert run.code == 3
    assert "Traceback" not in run.err + run.out
    assert str(bad) in run.err and words in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert not (out / "graph.ttl").exists()


@pytest.mark.parametrize("case,make", READ, ids=[c[0] for c in READ])
def test_unusual_but_valid_file_is_read(case, make, corpus, tmp_path, run_cli):
    path = make(corpus)
    run = run_cli("build", corpus, "--out", tmp_path / "out", "--no-html", "--strict")
    assert run.code == 0, run.err
    assert "pages: 2" in run.out
    assert str(path) not in run.out


def test_unreadable_file_is_skipped(corpus, tmp_path, run_cli, monkeypatch):
    # Tests run as root, where chmod 000 does not stop reads; simulate the EACCES the kernel gives a user.
    bad = corpus / "secret.txt"
    bad.write_text(variant(9), encoding="utf-8")
    bad.chmod(0)
    real_open = os.open

    def guarded_open(path, flags, *args, **kwargs):
        if str(path) == str(bad):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(ingest.os, "open", guarded_open)
    run = run_cli("build", corpus, "--out", tmp_path / "out", "--no-html")
    assert run.code == 0
    assert f"skipped {bad}: cannot read (Permission denied). check the file's permissions" in run.out
    assert "Traceback" not in run.err


def test_html_saved_as_txt_is_read_as_text_with_offsets_into_the_file(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    body = "".join(f"<p>{line}</p>\n" for line in GOOD_PAGE.strip().splitlines())
    page = ("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>星河高新区签约新材料项目</title>"
            "<style>p{color:red}</style><script>var x = '<p>脚本里的高新区</p>';</script></head>\n"
            f"<body><div class=nav><a href='/'>首页</a></div>\n{body}<!-- 注释：月亮高新区 --></body></html>\n")
    (folder / "saved.txt").write_text(page, encoding="utf-8")
    run = run_cli("build", folder, "--out", tmp_path / "out", "--no-html", "--strict", "--format", "nt")
    assert run.code == 0, run.err
    import rdflib

    g = rdflib.Graph().parse(tmp_path / "out" / "graph.nt", format="nt")
    kg = rdflib.Namespace("https://w3id.org/parkkg/ontology#")
    labels = {str(o) for o in g.objects(None, rdflib.RDFS.label)}
    assert "星河高新区" in labels
    assert not any("脚本" in x or "月亮" in x for x in labels)  # script and comment text are not read
    sentences = list(g.subject_objects(kg.sentenceText))
    assert sentences
    for ev, text in sentences:
        assert "<" not in str(text) and ">" not in str(text)
        begin, end = int(g.value(ev, kg.beginIndex)), int(g.value(ev, kg.endIndex))
        # offsets index the file's own text: the visible characters sit exactly there
        assert page[begin:end].replace("<p>", "").replace("</p>", "") \
            .startswith(str(text).replace("\u200b", "")[:5])


def test_huge_single_line_file_is_cut_with_a_message(corpus, tmp_path, run_cli):
    big = corpus / "huge.txt"
    line = "星河高新区新增企业十家，发展势头良好；".encode("utf-8")
    with big.open("wb") as fh:
        for _ in range(50 * (1 << 20) // (len(line) * 1000) + 1):
            fh.write(line * 1000)
    assert big.stat().st_size >= 50 * (1 << 20)
    run = run_cli("build", corpus, "--out", tmp_path / "out", "--no-html")
    assert run.code == 0, run.err
    line_out = [ln for ln in run.out.splitlines() if ln.startswith(f"skipped {big}:")]
    assert len(line_out) == 1 and "the text after its first" in line_out[0] and "split the file" in line_out[0]
    assert "pages: 2" in run.out


def test_strict_fails_on_a_cut_page_before_writing(corpus, tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_PAGE_CHARS", 100)
    run = run_cli("build", corpus, "--out", tmp_path / "out", "--no-html", "--strict")
    assert run.code == 3 and "split the file" in run.err and "aa-good.txt" in run.err
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_huge_file_is_read_only_up_to_the_cap(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * (ingest.MAX_READ_BYTES * 3))
    reads = []
    real_read = os.read
    monkeypatch.setattr(ingest.os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    page = ingest.read_page(path)
    assert sum(reads) <= ingest.MAX_READ_BYTES + (1 << 16)
    assert len(page.text) <= ingest.MAX_PAGE_CHARS


@pytest.mark.parametrize("text,cut_at", [
    ("中" * 10 + "\n" + "文" * 10, "\n"),
    ("中" * 15 + "。" + "文" * 10, "。"),
    ("中" * 40, None),
], ids=["line", "sentence", "hard"])
def test_cut_prefers_line_then_sentence_boundaries(text, cut_at, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_PAGE_CHARS", 20)
    cut = ingest._cut(text)
    assert len(cut) <= 20 and text.startswith(cut)
    assert cut.endswith(cut_at) if cut_at else len(cut) == 20


@pytest.mark.parametrize("data,codec", [
    ("星河高新区发展".encode("utf-8")[:-1], "utf-8"),
    ("星河高新区发展".encode("gb18030")[:-1], "gb18030"),
], ids=["utf-8-torn", "gb18030-torn"])
def test_prefix_torn_inside_a_character_still_decodes(data, codec):
    text, encoding = ingest._decode_prefix(data)
    assert text.startswith("星河高新区") and encoding == codec


# (case, argv after "build" with {in}/{out}/{file} placeholders, exit code, words in the message)
USER_ERRORS = [
    ("missing-path", ["{in}/no-such-folder", "--out", "{out}"], 2, "path does not exist"),
    ("bad-format", ["{in}", "--out", "{out}", "--format", "ttl,xml"], 5, "unknown RDF format 'xml'"),
    ("bad-base", ["{in}", "--out", "{out}", "--base", "not an iri"], 2, "base IRI is not an absolute ASCII IRI"),
    ("out-is-a-file", ["{in}", "--out", "{file}"], 5, "output path exists and is not a folder"),
]


@pytest.mark.parametrize("case,argv,code,words", USER_ERRORS, ids=[c[0] for c in USER_ERRORS])
def test_user_errors_exit_with_their_code_and_one_line(case, argv, code, words, corpus, tmp_path, run_cli):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    args = [a.format(**{"in": corpus, "out": tmp_path / "out", "file": a_file}) for a in argv]
    run = run_cli("build", *args)
    assert run.code == code
    assert "Traceback" not in run.err + run.out
    assert run.err.startswith("kg: error: ") and words in run.err and "Fix:" in run.err
    assert len(run.err.strip().splitlines()) == 1
