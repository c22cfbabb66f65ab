"""Where the foolnltk model's files are, found without importing numpy.

Why apart from :mod:`kg.ner.fool`: ``kg build`` asks for the tagger ``auto``
by default, so every build needs to know whether the model is installed, and a
build that has no model (or a fully cached rebuild) should not pay for numpy.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

ENV_DIR = "PARKKG_FOOL_DIR"  # a folder holding ner.pb and map.zip, to use instead of the installed package's


def model_dir() -> Path | None:
    """Where the model's files are: $PARKKG_FOOL_DIR, then the ``fool`` data folder of this Python's prefixes."""
    places = [os.environ.get(ENV_DIR, "")] if os.environ.get(ENV_DIR) else []
    places += [os.path.join(p, "fool") for p in (sys.prefix, sys.base_prefix, site.USER_BASE or "")]
    for place in places:
        if place and os.path.isfile(os.path.join(place, "ner.pb")) and os.path.isfile(os.path.join(place, "map.zip")):
            return Path(place)
    return None


def available() -> bool:
    return model_dir() is not None
