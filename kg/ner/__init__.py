"""Learned taggers the extractors may use; each is optional and off when not asked for.

The switch lives here, apart from the models and the extractors, so that the
build and the cache fingerprint can read and set it without importing numpy,
jieba or the extractors (a fully cached rebuild loads none of them).
"""

from __future__ import annotations

NERS = ("fool",)  # the taggers ``kg build --ner`` accepts
_ACTIVE: list[str] = []


def use(ner: str | None) -> None:
    """Turn a tagger on (``"fool"``) or all off (``None``), for this process and the workers it forks.

    Turning one on loads its model now, so a missing model fails before any
    page is read (:class:`kg.ner.fool.ModelMissing`) and forked workers share it.
    """
    if ner == "fool":
        from . import fool

        fool.load()
    _ACTIVE[:] = [ner] if ner else []


def active() -> str | None:
    return _ACTIVE[0] if _ACTIVE else None
