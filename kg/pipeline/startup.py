"""Start-up costs paid only when needed.

jieba's ``_compat`` imports ``pkg_resources`` (≈ 0.45 s, more than jieba
itself) only to open its bundled dictionary; without it, jieba falls back
to opening the file next to its own module, which is the same file. Import
jieba through :func:`import_jieba` before the extractors so a build does
not pay for setuptools. The dictionary itself still loads on first use
(jieba keeps it cached in its temp-dir cache file).
"""

from __future__ import annotations

import sys


def import_jieba() -> None:
    """Import jieba with ``pkg_resources`` hidden, unless something already imported either."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        return
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail fast
    try:
        import jieba  # noqa: F401
    finally:
        del sys.modules["pkg_resources"]
