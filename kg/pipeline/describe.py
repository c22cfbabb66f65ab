"""`kg normalize FILE`'s report: one page through ingest, normalize and segment.

Why here and not in a stage: it runs three stages in order, which is the
orchestrator's business; the stages themselves never import later ones.
"""

from __future__ import annotations

from pathlib import Path

from ..ingest import Skipped, read_page
from ..normalize import normalize_text
from ..segment import segment


def describe(path: str) -> str:
    """Human-readable report of one page after normalization (for ``kg normalize FILE``).

    Shows each article's metadata, repair counts, the lines dropped as page
    furniture (with why), and the cleaned sentences, so a reader can judge
    what the pipeline will extract from.
    """
    page = read_page(Path(path))
    if isinstance(page, Skipped):
        return str(page)
    norm = normalize_text(page.text)
    out = [f"# {page.name} ({page.encoding}): {norm.repaired_chars} chars repaired, {norm.lost_chars} lost (\ufffd)"]
    for line, reason in norm.dropped:
        out.append(f"  dropped [{reason}] {line[:60]}")
    for doc in segment(page, norm):
        out.append(f"\n## article {doc.article_index}: {doc.title}")
        out.append(f"date: {doc.date or '-'}  source: {doc.source or '-'}  reporter: {doc.reporter or '-'}")
        for sent in doc.sentences:
            a, b = doc.original_span(sent.start, sent.end)
            out.append(f"[{sent.paragraph}.{sent.index} @{a}-{b}] {doc.sentence_text(sent)}")
    return "\n".join(out)
