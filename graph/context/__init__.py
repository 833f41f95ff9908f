"""RAG context for an LLM prompt: an entity's facts with citations and its source paragraphs.

`build_context(driver, "WDGT", as_of="2023-06-30", max_tokens=1500)` returns a `Context`;
`.to_text()` is the prompt block and `.to_dict()` the JSON form with ids for services.
Paragraphs are found by full text and, when an embedding model is installed, by vector search.
"""

from __future__ import annotations

from graph.context.build import MAX_TOKENS, MIN_TOKENS, build_context, rank_key
from graph.context.models import Context, ContextFact, ContextParagraph
from graph.context.tokens import estimate_tokens

__all__ = [
    "MAX_TOKENS", "MIN_TOKENS", "Context", "ContextFact", "ContextParagraph", "build_context",
    "estimate_tokens", "rank_key",
]
