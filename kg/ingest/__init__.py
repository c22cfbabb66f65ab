"""Ingest: find input files and decode them, saying which encoding was used.

Web crawls mix UTF-8, GB18030 and Big5. We try UTF-8 first (it fails loudly on
legacy bytes), then GB18030 and Big5, and when both legacy codecs decode we
keep the one whose text looks most like Chinese prose.

A crawl also holds junk, and one bad file must never stop a build: every file
that cannot be read becomes a :class:`Skipped` with a one-line reason and fix
(empty, binary, undecodable, unreadable, broken link, not a regular file).
Two cases are read in part rather than skipped:

* HTML saved as ``.txt``: tags, comments, scripts and styles are blanked out
  *in place* (block tags become a line break, everything else zero-width
  spaces, which normalization deletes), so every evidence offset still points
  into the file's own text.
* Huge files: at most ``MAX_READ_BYTES`` are read and the text is cut at the
  last line break before ``MAX_PAGE_CHARS``; extraction cost grows faster than
  linearly with one document's length, so an uncapped 50 MB one-line file
  would hang the build. The cut is reported through :func:`collect_notices`.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import hashlib
import html
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..model import Page

TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
# Extraction time grows faster than linearly with one document's length
# (40k characters of dense text take ~4 s), so a page is capped at ~10x the
# longest news page we have seen; the cut is reported, never silent.
MAX_PAGE_CHARS = 50_000
MAX_READ_BYTES = 1 << 20  # MAX_PAGE_CHARS in any encoding, plus room for HTML markup
_BINARY_CONTROLS = 0.01  # share of C0 control characters above which text is binary
# Characters that are very common in Chinese news prose; used to pick a codec.
_COMMON = set("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞")


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str
    fix: str

    def __str__(self) -> str:
        return f"skipped {shown_name(self.path)}: {self.reason}. {self.fix}"


def shown_name(name: str) -> str:
    """A file name as one printable line: undecodable bytes as ``\\xNN``, controls and newlines escaped."""
    raw = os.fsencode(name) if isinstance(name, str) else bytes(name)
    text = raw.decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def rdf_name(name: str) -> str:
    """A file name for RDF, losslessly: bytes that are not UTF-8 (surrogate escapes) and ``%`` as ``%XX``.

    ``os.fsencode`` undoes it: ``unquote_to_bytes(rdf_name(n)) == os.fsencode(n)``
    for every name whose other characters are plain text.
    """
    if "%" not in name and not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    return "".join(f"%{ord(ch) - 0xDC00:02X}" if "\udc80" <= ch <= "\udcff" else "%25" if ch == "%" else ch
                   for ch in name)


# ---------------------------------------------------------------- notices

_NOTICES: contextvars.ContextVar[list[Skipped] | None] = contextvars.ContextVar("kg_ingest_notices", default=None)


@contextlib.contextmanager
def collect_notices() -> Iterator[list[Skipped]]:
    """Collect what :func:`read_page` read only in part (e.g. cut at the size cap)."""
    notices: list[Skipped] = []
    token = _NOTICES.set(notices)
    try:
        yield notices
    finally:
        _NOTICES.reset(token)


def notice_count() -> int:
    """How many notices the current :func:`collect_notices` block holds (0 outside one)."""
    notices = _NOTICES.get()
    return len(notices) if notices is not None else 0


def file_signature(path: str | os.PathLike) -> tuple[int, int, int, int] | None:
    """(size, mtime, ctime, inode) of a file: equal signatures mean an unchanged file, as for git and make."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _notice(item: Skipped) -> None:
    notices = _NOTICES.get()
    if notices is not None:
        notices.append(item)


# ---------------------------------------------------------------- decoding


def _looks_chinese(text: str) -> float:
    if not text:
        return 0.0
    hits = sum(1 for ch in text if ch in _COMMON)
    return hits / len(text)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8, GB18030 or Big5; return (text, encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
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


def _decode_prefix(data: bytes) -> tuple[str, str]:
    """Decode a prefix cut at an arbitrary byte: drop a torn multibyte character at the end.

    UTF-8 is tried first on every cut, because GB18030 happily decodes a torn
    UTF-8 prefix into mojibake.
    """
    for cut in range(0, 4):
        try:
            return (data[: len(data) - cut] if cut else data).decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            continue
    for cut in range(0, 4):
        try:
            return decode(data[: len(data) - cut] if cut else data)
        except UnicodeDecodeError:
            continue
    return decode(data)


def _first_bad_utf8(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


# ---------------------------------------------------------------- HTML

_HTML_START = re.compile(r"\A[\s\ufeff]*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml)\b", re.I | re.S)
_TAG_NAMES = r"p|div|br|span|a|table|tbody|tr|td|th|li|ul|ol|h[1-6]|body|html|head|meta|link|script|style|img|title|section|article|header|footer|nav|font|strong|em|b|i"
_TAG = re.compile(rf"</?(?:{_TAG_NAMES})\b[^<>]*>", re.I)
_BLOCK = re.compile(r"</?(?:p|div|br|table|tbody|tr|td|th|li|ul|ol|h[1-6]|body|html|head|title|section|article|header|footer|nav)\b", re.I)
_HIDDEN = re.compile(r"<!--.*?(?:-->|\Z)|<(script|style|noscript|template|svg)\b.*?(?:</\1\s*>|\Z)", re.I | re.S)
_ANY_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ZW = "\u200b"  # deleted by normalization, with offsets kept


def looks_like_html(text: str) -> bool:
    """A page saved from a browser: starts like HTML, or carries many block tags."""
    if _HTML_START.match(text):
        return True
    tags = _TAG.findall(text[:MAX_PAGE_CHARS])
    return len(tags) >= 8 and sum(1 for t in tags if _BLOCK.match(t)) >= 4


def _blank(match: re.Match[str]) -> str:
    s = match.group(0)
    head = "\n" if _BLOCK.match(s) else _ZW
    return head + "".join("\n" if ch == "\n" else _ZW for ch in s[1:])


def blank_html(text: str) -> str:
    """Blank markup out of ``text`` without changing its length (see module docstring)."""
    text = _HIDDEN.sub(lambda m: "".join("\n" if ch == "\n" else _ZW for ch in m.group(0)), text)
    text = _ANY_TAG.sub(_blank, text)

    def entity(m: re.Match[str]) -> str:
        plain = html.unescape(m.group(0))
        if len(plain) >= len(m.group(0)) or plain == m.group(0):
            return m.group(0)
        if plain in ("\xa0", "\u3000"):
            plain = " "
        return plain + _ZW * (len(m.group(0)) - len(plain))

    return _ENTITY.sub(entity, text)


# ---------------------------------------------------------------- files


def _walk(root: Path, skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Files under ``root`` in a stable order, iteratively (no recursion limit on deep trees).

    Symlinked folders are not followed (no loops). A folder that cannot be
    listed is yielded itself, so :func:`read_page` reports it. Every entry the
    walk passes over (hidden, another suffix, a symlinked folder) goes to
    ``skipped`` with its reason, so nothing is left out silently.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            yield folder
            continue
        subdirs = []
        for entry in entries:
            reason = _walk_reason(entry)
            if reason == "folder":
                subdirs.append(Path(entry.path))
            elif reason is None:
                yield Path(entry.path)
            elif skipped is not None:
                skipped.append(Skipped(entry.path, reason[0], reason[1]))
        stack.extend(reversed(subdirs))


def _walk_reason(entry: os.DirEntry) -> str | tuple[str, str] | None:
    """None for a page to read, "folder" for a folder to enter, else (reason, fix) why it is passed over."""
    if entry.name.startswith("."):
        return "hidden (its name starts with a dot), not read", "rename it to read it"
    try:
        is_dir = entry.is_dir(follow_symlinks=False)
        linked_dir = not is_dir and entry.is_symlink() and entry.is_dir()
    except OSError:
        is_dir = linked_dir = False
    if is_dir:
        return "folder"
    if linked_dir:
        return "symlinked folder, not followed (links may loop)", "pass its target folder itself"
    if _suffix(entry.name) not in TEXT_SUFFIXES:
        return (f"not a page (suffix {_suffix(entry.name)}; pages are "
                + ", ".join(sorted(s for s in TEXT_SUFFIXES if s)) + " or none)",
                "rename it if it holds a news page")
    return None


def _suffix(name: str) -> str:
    """``Path(name).suffix.lower()`` without making a Path (this runs once per file of the corpus)."""
    ext = os.path.splitext(name)[1].lower()
    return "" if ext == "." else ext


def iter_files(paths: Iterable[str | os.PathLike], skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Yield input files in a stable order; raise InputError for a missing path.

    Folder entries that are not read are appended to ``skipped`` when given.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists() and not path.is_symlink():
            raise InputError(f"path does not exist: {path}", fix="check the spelling, or pass a folder of .txt pages")
        if path.is_dir():
            yield from _walk(path, skipped)
        else:
            yield path


def _read_capped(path: Path) -> tuple[bytes, int] | Skipped:
    """Read at most MAX_READ_BYTES + 1 bytes of a regular file; return (data, size)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # O_NONBLOCK: opening a FIFO must not hang
    except FileNotFoundError:
        return Skipped(str(path), "broken symlink or vanished file", "remove the link or restore its target")
    except IsADirectoryError:
        return Skipped(str(path), "folder cannot be listed", "check the folder's permissions (chmod a+rx)")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skipped(str(path), "symbolic link loop", "point the link at a real file, or remove it")
        if exc.errno in (errno.EACCES, errno.EPERM):
            return Skipped(str(path), f"cannot read ({exc.strerror})", "check the file's permissions (chmod a+r)")
        return Skipped(str(path), f"cannot read ({exc.strerror})", "check the file and the disk it is on")
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            return Skipped(str(path), "folder cannot be listed", "check the folder's permissions (chmod a+rx)")
        if not stat.S_ISREG(info.st_mode):
            return Skipped(str(path), "not a regular file (a pipe, socket or device)", "pass ordinary text files only")
        os.set_blocking(fd, True)
        chunks, left = [], MAX_READ_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), info.st_size
    except OSError as exc:
        return Skipped(str(path), f"cannot read ({exc.strerror})", "check the file and the disk it is on")
    finally:
        os.close(fd)


def _limit(text: str) -> int:
    """Index just after the MAX_PAGE_CHARS-th visible character (blanked markup is free)."""
    if _ZW not in text:
        return min(len(text), MAX_PAGE_CHARS)
    seen = 0
    for i, ch in enumerate(text):
        if ch != _ZW:
            seen += 1
            if seen == MAX_PAGE_CHARS:
                return i + 1
    return len(text)


def _cut(text: str) -> str:
    """Cut text to MAX_PAGE_CHARS visible characters, at a line break (else sentence end) if one is near."""
    limit = _limit(text)
    head = text[:limit]
    for sep in ("\n", "。", "！", "？", ". "):
        pos = head.rfind(sep)
        if pos >= limit // 2:
            return head[: pos + len(sep)]
    return head


_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")  # C0 controls but tab, LF, VT, FF, CR; and DEL


def control_count(text: str) -> int:
    """Control characters that no text page has (a regex: this runs on every page, in the one client process)."""
    return len(_CONTROLS.findall(text))


def read_page(path: Path) -> Page | Skipped:
    """Read one file into a Page, or say why it was skipped."""
    read = _read_capped(Path(path))
    if isinstance(read, Skipped):
        return read
    data, size = read
    truncated = len(data) > MAX_READ_BYTES
    if truncated:
        data = data[:MAX_READ_BYTES]
    if not data.strip():
        return Skipped(str(path), "empty or whitespace-only file", "remove it or re-crawl the page")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        return Skipped(str(path), "binary file (contains NUL bytes)", "only text pages can be read; remove it")
    try:
        text, encoding = _decode_prefix(data) if truncated else decode(data)
    except UnicodeDecodeError:
        bad = _first_bad_utf8(data)
        return Skipped(str(path), f"bytes undecodable as UTF-8, GB18030 or Big5 (first bad byte at offset {bad})",
                       "re-save the page as UTF-8")
    if not text.strip():
        return Skipped(str(path), "empty or whitespace-only file", "remove it or re-crawl the page")
    controls = control_count(text)
    if controls > _BINARY_CONTROLS * len(text):
        return Skipped(str(path), f"binary file ({controls} control characters)", "only text pages can be read; remove it")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.replace("\ufffd", "").replace(_ZW, "").strip():
        return Skipped(str(path), "only U+FFFD replacement characters (the text was lost before it was saved)",
                       "re-crawl the page")
    if looks_like_html(text):
        text = blank_html(text)
        if not text.replace(_ZW, "").strip():
            return Skipped(str(path), "HTML page without any text", "save the page as text, or remove it")
    if truncated or _limit(text) < len(text):
        text = _cut(text)
        _notice(Skipped(str(path), f"the text after its first {len(text):,} characters (the file has {size:,} bytes; "
                        f"one page is read up to {MAX_PAGE_CHARS:,} characters)",
                        "split the file into smaller pages to read all of it"))
    sha1 = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Page(path=str(path), name=Path(path).name, text=text, encoding=encoding, sha1=sha1)
