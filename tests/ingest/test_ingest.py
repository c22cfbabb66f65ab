"""kg.ingest: encoding detection on synthetic UTF-8, GB18030 and Big5 pages, file discovery.

Hostile input (truncated bytes, NUL bytes, symlinks...) is covered by
tests/robustness; this module checks the everyday decisions.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest import Skipped, decode, iter_files, read_page

SIMPLIFIED = "星河高新区发布年度报告。全年实现营业收入一百二十亿元，同比增长百分之十二，新引进重点项目二十个。"
TRADITIONAL = "星河高新區發布年度報告。全年實現營業收入一百二十億元，同比增長百分之十二，新引進重點項目二十個。"

DECODE = [
    # (bytes, expected text, expected encoding)
    pytest.param(SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8", id="utf8-simplified"),
    pytest.param(TRADITIONAL.encode("utf-8"), TRADITIONAL, "utf-8", id="utf8-traditional"),
    pytest.param(b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8-sig", id="utf8-bom-stripped"),
    pytest.param(SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030", id="gb18030-simplified"),
    pytest.param(TRADITIONAL.encode("gb18030"), TRADITIONAL, "gb18030", id="gb18030-traditional"),
    pytest.param(TRADITIONAL.encode("big5"), TRADITIONAL, "big5", id="big5-traditional"),
    pytest.param("ASCII only 2023".encode("gb18030"), "ASCII only 2023", "utf-8", id="ascii-is-utf8"),
    pytest.param(("营收" + "\u9fa5" + "𠀀").encode("gb18030"), "营收\u9fa5𠀀", "gb18030", id="gb18030-four-byte"),
]


@pytest.mark.parametrize("data,text,encoding", DECODE)
def test_decode(data: bytes, text: str, encoding: str) -> None:
    assert decode(data) == (text, encoding)


@pytest.mark.parametrize("data", [b"\x80\x80\x80", b"\xa4"], ids=["80-run", "lone-lead-byte"])
def test_undecodable_bytes_raise(data: bytes) -> None:
    with pytest.raises(UnicodeDecodeError):
        decode(data)


PAGES = [
    # (file name, bytes, expected encoding, expected text)
    ("a.txt", SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
    ("b.txt", TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
    ("c.txt", ("标题\r\n" + SIMPLIFIED + "\r\n").encode("utf-8"), "utf-8", "标题\n" + SIMPLIFIED + "\n"),
    ("d.txt", ("标题\r" + SIMPLIFIED).encode("utf-8"), "utf-8", "标题\n" + SIMPLIFIED),
]


@pytest.mark.parametrize("name,data,encoding,text", PAGES, ids=[p[0] for p in PAGES])
def test_read_page(tmp_path, name: str, data: bytes, encoding: str, text: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    page = read_page(path)
    assert not isinstance(page, Skipped)
    assert (page.name, page.path, page.encoding, page.text) == (name, str(path), encoding, text)
    assert page.sha1 == hashlib.sha1(text.encode("utf-8")).hexdigest()


def test_same_text_in_two_encodings_has_one_sha1(tmp_path) -> None:
    (tmp_path / "u.txt").write_bytes(SIMPLIFIED.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(SIMPLIFIED.encode("gb18030"))
    a, b = read_page(tmp_path / "u.txt"), read_page(tmp_path / "g.txt")
    assert a.sha1 == b.sha1 and a.encoding != b.encoding


SKIPS = [("empty.txt", b""), ("blank.txt", b" \n\t\n"), ("nul.txt", b"abc\x00def")]


@pytest.mark.parametrize("name,data", SKIPS, ids=[s[0] for s in SKIPS])
def test_unusable_files_are_skipped_with_a_reason_and_a_fix(tmp_path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    skipped = read_page(tmp_path / name)
    assert isinstance(skipped, Skipped)
    assert skipped.reason and skipped.fix and name in str(skipped)


def test_iter_files_walks_folders_in_a_stable_order(tmp_path) -> None:
    for rel in ["b/2.txt", "b/1.txt", "a.txt", "c/z.md", "c/.hidden.txt", "c/image.png", "c/noext", "0.text"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert got == ["0.text", "a.txt", "b/1.txt", "b/2.txt", "c/noext", "c/z.md"]


def test_iter_files_keeps_explicit_files_whatever_their_suffix(tmp_path) -> None:
    p = tmp_path / "page.html"
    p.write_text("x", encoding="utf-8")
    assert list(iter_files([p, tmp_path / "page.html"])) == [p, p]


def test_missing_path_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError) as info:
        list(iter_files([tmp_path / "nope"]))
    assert info.value.exit_code == 2
    assert "nope" in str(info.value) and "Fix:" in str(info.value)


CONTROL_TEXTS = ["", "正文\t\n\r\f\v", "\x00\x01\x08", "\x0e\x1f\x7f", "a\x1eb\x1c", "\x80\x9f 　", "".join(map(chr, range(0, 200)))]


@pytest.mark.parametrize("text", CONTROL_TEXTS)
def test_control_count_is_the_plain_definition(text):
    from kg.ingest import control_count

    assert control_count(text) == sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v" or ch == "\x7f")


@pytest.mark.parametrize("name", ["a.txt", "a.TXT", "a.tar.txt", "a", "a.html", "a.", "x.Md", "a..txt", "a.b."])
def test_suffix_is_paths_suffix(name):
    from kg.ingest import _suffix

    assert _suffix(name) == Path(name).suffix.lower()
