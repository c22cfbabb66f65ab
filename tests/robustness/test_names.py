"""Rows 9, 11 and 13: correct identifiers and names.

* IRI keys are cut on character boundaries: over random CJK (and mixed) names
  every entity IRI percent-decodes to valid UTF-8 (the old cut split a
  character's ``%XX`` triplets whenever ASCII shifted the boundary).
* File names are kept losslessly in ``kg:fileName`` (undecodable bytes and
  ``%`` percent-encoded) and printed as one escaped line.
* A symlink loop and a page of only U+FFFD get their own reasons.
* ``kg export --format csv`` neutralizes formula prefixes, the OWASP way.
"""

from __future__ import annotations

import csv
import os
from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.ingest import read_page, rdf_name, shown_name
from kg.iris import MAX_KEY, IriMaker

from .conftest import GOOD_PAGE

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
MIXED = st.one_of(CJK, st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                  st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF))


@given(name=st.text(MIXED, min_size=1, max_size=120).filter(str.strip))
def test_every_iri_key_decodes_as_utf8(name):
    iri = IriMaker().entity("Park", name)
    key = iri.rsplit("/", 1)[1]
    unquote_to_bytes(key).decode("utf-8")  # raises on a cut character
    assert len(key) <= MAX_KEY + 13


@pytest.mark.parametrize("prefix", ["", "a", "ab", "abc", "abcd", "abcde"])
def test_long_cjk_keys_with_an_ascii_prefix(prefix):
    key = IriMaker().entity("Park", prefix + "园" * 60).rsplit("/", 1)[1]
    unquote_to_bytes(key.rsplit("-", 1)[0]).decode("utf-8")


# (case, raw file name bytes)
NAMES = [("latin-1-byte", b"caf\xe9-page.txt"), ("lone-continuation", b"\x80\x81.txt"),
         ("percent", b"50%-report.txt"), ("plain-cjk", "园区新闻.txt".encode("utf-8"))]


@pytest.mark.parametrize("case,raw", NAMES, ids=[n[0] for n in NAMES])
def test_file_names_are_kept_losslessly(tmp_path, run_cli, case, raw):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), raw), "w", encoding="utf-8") as fh:
        fh.write(GOOD_PAGE)
    out = tmp_path / "out"
    assert run_cli("build", folder, "--out", out, "--no-html", "--no-validate", "-q").code == 0
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    names = [s["n"].value for s in store.query(
        "SELECT ?n WHERE { ?a <https://w3id.org/parkkg/ontology#fileName> ?n }")]
    assert names and all(unquote_to_bytes(n) == raw for n in names), names


def test_names_print_as_one_escaped_line(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_PAGE, encoding="utf-8")
    (folder / "two\nlines.txt").write_bytes(b"")
    with open(os.path.join(os.fsencode(folder), b"bad\xff.txt"), "wb") as fh:
        fh.write(b"")
    run = run_cli("build", folder, "--out", tmp_path / "out", "--no-html", "--no-validate")
    skipped = [line for line in run.out.splitlines() if line.startswith("skipped ")]
    assert any("two\\nlines.txt" in line for line in skipped), run.out
    assert any("bad\\xff.txt" in line for line in skipped), run.out
    assert shown_name("a\tb") == "a\\tb" and rdf_name("a%b") == "a%25b"


def test_symlink_loop_is_named_as_such(tmp_path):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    skipped = read_page(loop)
    assert "symbolic link loop" in skipped.reason and "chmod" not in skipped.fix


def test_page_of_only_replacement_characters_is_skipped(tmp_path):
    page = tmp_path / "lost.txt"
    page.write_text("\ufffd" * 200 + "\n" + "\ufffd" * 50, encoding="utf-8")
    skipped = read_page(page)
    assert "U+FFFD" in skipped.reason


PAYLOADS = ['=HYPERLINK("http://evil.example","点击")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3", "\t=1+1", "＝1+1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_export_neutralizes_formulas(tmp_path, run_cli, payload):
    ttl = tmp_path / "graph.ttl"
    label = payload.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    ttl.write_text(
        "@prefix kg: <https://w3id.org/parkkg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<https://w3id.org/parkkg/id/park/x> a kg:Park ; rdfs:label "{label}"@zh-Hans ; kg:mentionCount 1 .\n',
        encoding="utf-8")
    assert run_cli("export", ttl, "--format", "csv", "--out", tmp_path / "csv").code == 0
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert "'" + payload in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "＝")) for cell in cells)
