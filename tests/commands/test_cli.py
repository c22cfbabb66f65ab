"""kg.cli: `kg build` on files and folders, exit codes, `python -m kg`, no tracebacks for user errors.

Most cases call ``kg.cli.main(argv)`` in-process (fast); a few run the real
``python -m kg`` and the ``kg`` console script in a subprocess.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import COMMAND_MODULES, cli, main

PAGE = (
    "星河高新区发布年度报告\n"
    "发布日期：2023-05-06\n"
    "星河高新区位于临江市。2022年，星河高新区实现营业收入120亿元，同比增长12.5%。\n"
)
PAGE_TRAD = "星河高新區年度觀察\n發布日期：2023-06-07\n星河高新區重點發展集成電路產業。\n"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pages(write_pages) -> Path:
    return write_pages({"a.txt": PAGE.encode("gb18030"), "b.txt": PAGE_TRAD.encode("big5"),
                        "c.txt": PAGE.replace("2022", "2021").encode("utf-8")})


def visible(folder: Path) -> list[str]:
    """Output files, ignoring dot-files such as the build lock."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- kg build


def test_build_folder_prints_summary_with_encodings(capsys, pages, tmp_path) -> None:
    code, out, err = run(capsys, "build", str(pages), "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert "pages: 3 (big5: 1, gb18030: 1, utf-8: 1)" in out
    for head in ("documents (articles): 3", "entities: Park ", "relations: locatedIn ", "observations: ", "triples: ", "seconds: "):
        assert head in out
    assert f"wrote {tmp_path / 'o' / 'graph.ttl'}" in out and f"wrote {tmp_path / 'o' / 'graph.html'}" in out


def test_build_single_file(capsys, pages, tmp_path) -> None:
    code, out, _ = run(capsys, "build", str(pages / "b.txt"), "--out", str(tmp_path / "o"), "--no-html")
    assert code == 0
    assert "pages: 1 (big5: 1)" in out
    assert visible(tmp_path / "o") == ["graph.ttl", "store"]  # store: the pyoxigraph store kg query opens


def test_build_files_and_folders_together_reads_each_page_once(capsys, pages, tmp_path) -> None:
    code, out, _ = run(capsys, "build", str(pages / "a.txt"), str(pages), "--out", str(tmp_path), "--no-html")
    assert code == 0
    assert "pages: 3 " in out and "skipped " in out and "duplicate" in out


def test_build_formats_option(capsys, pages, tmp_path) -> None:
    code, _, _ = run(capsys, "build", str(pages), "--out", str(tmp_path / "o"), "--format", "nt, trig", "--no-html", "-q")
    assert code == 0
    assert visible(tmp_path / "o") == ["graph.nt", "graph.trig"]


def test_quiet_prints_nothing(capsys, pages, tmp_path) -> None:
    assert run(capsys, "build", str(pages), "--out", str(tmp_path), "--quiet") == (0, "", "")


def test_base_option(capsys, pages, tmp_path) -> None:
    code, _, _ = run(capsys, "build", str(pages), "--out", str(tmp_path), "--no-html", "--base", "https://example.org/z/")
    assert code == 0
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    assert "<https://example.org/z/" in text and "https://w3id.org/parkkg/id/" not in text


# ---------------------------------------------------------------- exit codes and error messages

ERRORS = [
    # (argv builder, exit code, text expected on stderr)
    (lambda p, o: ["build", str(p / "missing"), "--out", str(o)], 2, "path does not exist"),
    (lambda p, o: ["build", str(p), "--out", str(o), "--strict"], 3, "skipped"),
    (lambda p, o: ["build", str(p / "a.txt"), "--out", str(o), "--format", "xml"], None, "xml"),
    (lambda p, o: ["build"], 2, "Missing argument"),
    (lambda p, o: ["no-such-command"], 2, "No such command"),
    (lambda p, o: ["build", str(p), "--no-such-option"], 2, "No such option"),
]


@pytest.mark.parametrize("argv,code,message", ERRORS,
                         ids=["missing-path", "strict-skip", "bad-format", "no-paths", "unknown-command", "unknown-option"])
def test_user_errors_exit_nonzero_with_a_message_and_no_traceback(capsys, write_pages, tmp_path, argv, code, message) -> None:
    folder = write_pages({"a.txt": PAGE, "empty.txt": ""})
    got, out, err = run(capsys, *argv(folder, tmp_path / "o"))
    assert got != 0 if code is None else got == code
    assert message in err
    assert "Traceback" not in out + err


def test_kg_errors_say_how_to_fix(capsys, tmp_path) -> None:
    _, _, err = run(capsys, "build", str(tmp_path / "nope"))
    assert err.startswith("kg: error: ") and "Fix: " in err and str(tmp_path / "nope") in err


def test_help_and_version(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "build" in out
    code, out, _ = run(capsys, "--version")
    assert code == 0 and "0." in out


def test_registered_commands_come_from_command_modules() -> None:
    present = {name for name in COMMAND_MODULES if importlib.util.find_spec(f"kg.commands.{name}") is not None}
    registered = set(cli.commands)
    assert "build" in registered
    for name in present:
        module = importlib.import_module(f"kg.commands.{name}")
        assert module.command.name in registered, name


# ---------------------------------------------------------------- real processes


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.mark.parametrize("launcher", ["python -m kg", "kg script"])
def test_real_process_builds_and_fails_cleanly(pages, tmp_path, launcher: str) -> None:
    if launcher == "python -m kg":
        cmd = [sys.executable, "-m", "kg"]
    else:
        script = Path(sys.executable).with_name("kg")
        if not script.exists():
            pytest.skip("kg console script not installed in this environment (pip install -e .)")
        cmd = [str(script)]
    ok = subprocess.run([*cmd, "build", str(pages), "--out", str(tmp_path / "o"), "--no-html"],
                        capture_output=True, text=True, env=_env(), timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "pages: 3 (big5: 1, gb18030: 1, utf-8: 1)" in ok.stdout
    bad = subprocess.run([*cmd, "build", str(tmp_path / "missing")], capture_output=True, text=True, env=_env(), timeout=300)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr and "path does not exist" in bad.stderr
