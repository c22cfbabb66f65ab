"""Stable IRIs: type plus canonical key, percent-encoded once, everywhere.

Virtuoso treats a raw-Chinese IRI and its percent-encoded form as different
nodes, so every IRI is pure ASCII: the canonical name is NFC-normalized,
UTF-8 percent-encoded, and long names are cut and suffixed with a hash.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
import re
import unicodedata
from urllib.parse import quote

from .vocab import DEFAULT_BASE

MAX_KEY = 120
# scheme ":" then printable ASCII without the characters IRIs forbid
_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[!#$%&'()*+,./0-9:;=?@A-Z\[\]_a-z~-]+")


@lru_cache(maxsize=1 << 18)
def _key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    encoded = quote(text, safe="")
    if len(encoded) > MAX_KEY:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
        encoded = _cut(text) + "-" + digest
    return encoded or "_"


def _cut(text: str) -> str:
    """The longest percent-encoded prefix of ``text`` within MAX_KEY that ends on a character boundary.

    Cutting the encoded string instead can split a character's ``%XX`` triplets,
    and such an IRI decodes to invalid UTF-8.
    """
    out, size = [], 0
    for ch in text:
        piece = quote(ch, safe="")
        if size + len(piece) > MAX_KEY:
            break
        out.append(piece)
        size += len(piece)
    return "".join(out)


def digest(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


class IriMaker:
    """Makes IRIs under one configurable base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not _BASE.fullmatch(base):
            from .errors import InputError

            raise InputError(f"base IRI is not an absolute ASCII IRI: {base!r}", where="--base",
                             fix="pass something like https://example.org/id/ (no spaces, quotes or <>{}|\\^`)")
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    @classmethod
    def placeholder(cls, marker: str) -> "IriMaker":
        """IRIs under a stand-in base, for items rendered before the real base is known (kg.assemble.render)."""
        maker = cls.__new__(cls)
        maker.base = marker
        return maker

    def entity(self, type_name: str, canonical: str) -> str:
        return f"{self.base}{type_name.lower()}/{_key(canonical)}"

    def article(self, doc_id: str) -> str:
        return f"{self.base}article/{doc_id}"

    def evidence(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.base}evidence/{doc_id}/{start}-{end}"

    def statement(self, s: str, p: str, o: str) -> str:
        return f"{self.base}statement/{digest(s, p, o)}"

    def observation(self, *parts: object) -> str:
        return f"{self.base}observation/{digest(*parts)}"

    def conflict(self, *parts: object) -> str:
        return f"{self.base}conflict/{digest(*parts)}"

    def merge(self, entity: str, name: str) -> str:
        return f"{self.base}merge/{digest(entity, name)}"
