"""The LLM extractor: chat-model extraction over windows of a document, with cache and reuse of earlier paragraphs and sentences."""

from extractors.llm.costs import DocumentStats
from extractors.llm.errors import LLMServiceError, QuotaExceededError
from extractors.llm.extractor import LLMExtractor

__all__ = ["DocumentStats", "LLMExtractor", "LLMServiceError", "QuotaExceededError"]
