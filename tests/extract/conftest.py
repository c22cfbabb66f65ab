"""Helpers for extractor tables: run the real pipeline stages on a synthetic page."""

from __future__ import annotations

import hashlib

import pytest

from kg.extract import extract
from kg.model import Extraction, Page
from kg.pipeline.mapstep import documents_of


def run(text: str) -> Extraction:
    page = Page("t.txt", "t.txt", text, "utf-8", hashlib.sha1(text.encode("utf-8")).hexdigest())
    docs = documents_of(page)
    assert docs, "the synthetic page produced no article"
    return extract(docs[0])


@pytest.fixture
def extract_text():
    return run
