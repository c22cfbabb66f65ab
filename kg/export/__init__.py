"""Export stage: RDF serializations and the HTML explorer."""

from .html import render_html, write_html
from .rdf import FORMATS, serialize_graph, write_graph

__all__ = ["FORMATS", "render_html", "serialize_graph", "write_graph", "write_html"]
