"""Learned taggers the extractors may use, and the switch that picks one.

The switch lives here, apart from the models and the extractors, so that the
build and the cache fingerprint can read and set it without importing numpy,
jieba or the extractors. A build that turns the tagger on (``auto`` with the
model installed) loads it before workers fork, even when every page is cached
(about 0.3 s): the workers then share one copy.

``auto`` (what ``kg build`` asks for by default) turns the foolnltk tagger on
when its model is installed and leaves it off otherwise: on the held-out
development pages it raised enterprise recall from 0.62 to 0.77 at about
1.5x the build's CPU, and the model cannot be a dependency (its package
requires TensorFlow 1; see docs/decisions.md). The build's summary says which
tagger ran, so two machines giving different graphs can tell why.
"""

from __future__ import annotations

NERS = ("fool",)  # the taggers ``kg build --ner`` accepts by name
CHOICES = ("auto", *NERS, "none")  # and the two words besides: the installed best, or rules only
DEFAULT = "auto"  # what kg build (and kg eval --build) asks for when not told
_ACTIVE: list[str] = []


def resolve(choice: str | None) -> str | None:
    """The tagger a choice means here: ``auto`` is fool when its model is installed, ``none``/None is no tagger."""
    if choice is not None and choice not in CHOICES:
        from ..errors import InputError

        raise InputError(f"unknown enterprise tagger {choice!r}", where="--ner", fix="use one of " + ", ".join(CHOICES))
    if choice in (None, "none"):
        return None
    if choice == "auto":
        from .modelfiles import available

        return "fool" if available() else None
    return choice


def use(choice: str | None) -> None:
    """Turn the chosen tagger on (``"fool"``, ``"auto"``) or all off (``None``, ``"none"``), for this process
    and the workers it forks.

    Turning one on loads its model now, so a missing model fails before any
    page is read (:class:`kg.ner.fool.ModelMissing`) and forked workers share it.
    """
    ner = resolve(choice)
    if ner == "fool":
        from . import fool

        fool.load()
    _ACTIVE[:] = [ner] if ner else []


def active() -> str | None:
    return _ACTIVE[0] if _ACTIVE else None
