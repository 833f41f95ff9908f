"""The extraction prompt: its versioned template, the messages of one window and the version hash."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from extractors.llm.schema import response_json_schema
from extractors.rules.context import DocumentContext
from schemas.documents import DocumentKind
from schemas.relations import REGISTRY

PROMPT_FILE = Path(__file__).parent / "prompts" / "extract_v1.txt"
# Bump when the parser's reading of a reply changes, so that cached assertions are not reused
# across a change that the prompt and schema do not show.
PARSER_REVISION = 1

_KIND_LABELS = {
    DocumentKind.FILING: "SEC filing",
    DocumentKind.EARNINGS_CALL: "earnings-call transcript",
    DocumentKind.TESTIMONY: "congressional testimony",
}


@dataclass(frozen=True)
class PromptTemplate:
    """The system prompt template, read once, with the version that names it in every cache key."""

    name: str
    text: str

    @classmethod
    def load(cls, path: Path = PROMPT_FILE) -> PromptTemplate:
        return cls(name=path.stem, text=path.read_text(encoding="utf-8"))

    @property
    def version(self) -> str:
        """Hash the template, the relation list and the response schema: a change to any is a new profile."""
        digest = hashlib.sha256()
        digest.update(self.text.encode("utf-8"))
        digest.update(render_relations().encode("utf-8"))
        digest.update(json.dumps(response_json_schema(), sort_keys=True).encode("utf-8"))
        digest.update(str(PARSER_REVISION).encode("ascii"))
        return f"{self.name}-{digest.hexdigest()[:12]}"

    def messages(self, context: str, window_text: str, *, json_mode: bool) -> list[dict[str, str]]:
        """Build the chat messages for one window; JSON mode spells out the schema the API cannot enforce."""
        system = self.text.replace("{context}", context).replace("{relations}", render_relations())
        if json_mode:
            schema = json.dumps(response_json_schema(), separators=(",", ":"))
            system += f"\nThe JSON object must follow this JSON schema:\n{schema}\n"
        user = f"<<<DOCUMENT\n{window_text}\nDOCUMENT>>>"
        return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def render_relations() -> str:
    """Describe each registered relation type: direction, kinds, meaning, an example and attributes."""
    lines = []
    for relation in REGISTRY.values():
        subjects = "/".join(kind.value for kind in relation.subject_kinds)
        objects = "/".join(kind.value for kind in relation.object_kinds)
        lines.append(f"- {relation.name} ({subjects} -> {objects}): {relation.description}")
        lines.append(f"  Example: {relation.example}")
        if relation.attributes:
            names = ", ".join(_describe_attribute(a.name, a.allowed, a.description) for a in relation.attributes)
            lines.append(f"  Attributes: {names}")
    return "\n".join(lines)


def _describe_attribute(name: str, allowed: tuple[str, ...], description: str) -> str:
    if allowed:
        return f"{name} (one of {', '.join(allowed)})"
    return f"{name} ({description})" if description else name


def render_context(context: DocumentContext) -> str:
    """Describe who "we", "I" and "the Committee" are in this document, without its dates.

    Dates stay out of the prompt so that next year's identical window hits the response cache.
    """
    document = context.document
    lines = [f"Document: {_KIND_LABELS[document.kind]}" + (f", form {document.form}" if document.form else "")]
    if context.witness is not None:
        lines.append(f"Witness: {context.witness.name}")
        if context.issuer is not None:
            lines.append(f"Witness's organization: {context.issuer.name}")
        if context.committees:
            lines.append("Committee: " + "; ".join(context.committees))
    elif context.issuer is not None:
        ticker = f" (ticker {context.issuer.ticker})" if context.issuer.ticker else ""
        lines.append(f"Issuer: {context.issuer.name}{ticker}")
    return "\n".join(lines)
