"""Repair runs of GBK bytes decoded one byte out of step.

Placeholder until the full repair lands: returns the text unchanged.
"""

from __future__ import annotations

from .mapped import MappedText


def repair(mt: MappedText) -> tuple[MappedText, int, int]:
    """Return (text, repaired characters, lost characters)."""
    return mt, 0, 0
