"""Graph files on disk: the external sort and sorted graph (spill), splicing a
sorted Turtle file in place (splice), the subject index over both.

Why apart: these are stores, not stages. Assembly writes into them, the
export and the incremental rebuild read them; none of them knows about
pages, documents or extraction.
"""
