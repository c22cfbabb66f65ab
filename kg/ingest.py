"""Ingest: find input files and decode them, saying which encoding was used.

Web crawls mix UTF-8, GB18030 and Big5. We try UTF-8 first (it fails loudly on
legacy bytes), then GB18030 and Big5, and when both legacy codecs decode we
keep the one whose text looks most like Chinese prose.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .model import Page

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
# Characters that are very common in Chinese news prose; used to pick a codec.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    fix: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}. {self.fix}"


def _looks_chinese(text: str) -> float:
    if not text:
        return 0.0
    hits = sum(1 for ch in text if ch in _COMMON)
    return hits / len(text)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, GB18030 or Big5; return (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((_looks_chinese(text), codec, text))
    if not candidates:
        raise UnicodeDecodeError("utf-8/gb18030/big5", data[:0], 0, 1, "no supported encoding decodes this file")
    candidates.sort(key=lambda c: (-c[0], c[1]))
    score, codec, text = candidates[0]
    return text, codec


def iter_files(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Yield input files in a stable order; raise InputError for a missing path."""
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"path does not exist: {path}", fix="check the spelling, or pass a folder of .txt pages")
        if path.is_dir():
            for root, dirs, files in os.walk(path, followlinks=False):
                dirs.sort()
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    child = Path(root) / name
                    if child.suffix.lower() in TEXT_SUFFIXES:
                        yield child
        else:
            yield path


def read_page(path: Path) -> Page | Skipped:
    """Read one file into a Page, or say why it was skipped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Skipped(str(path), "broken symlink or vanished file", "remove the link or restore its target")
    except OSError as exc:
        return Skipped(str(path), f"cannot read ({exc.strerror})", "check the file's permissions")
    if not data.strip():
        return Skipped(str(path), "empty or whitespace-only file", "remove it or re-crawl the page")
    if b"\x00" in data:
        return Skipped(str(path), "binary file (contains NUL bytes)", "only text pages can be read; remove it")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        return Skipped(str(path), "bytes undecodable as UTF-8, GB18030 or Big5",
                       "re-save the page as UTF-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sha1 = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return Page(path=str(path), name=path.name, text=text, encoding=encoding, sha1=sha1)
