"""The response schema of the extraction prompt, generated from the relation registry.

Two views of one schema are built here. The JSON schema goes to the API as a strict structured
output. Strict mode requires every property to be listed in `required` and every object to set
`additionalProperties: false`, so optional values are nullable rather than absent and each
relation gets its own typed `attributes` object. The pydantic models validate a reply with
extra keys forbidden. They are looser than the JSON schema about entity kinds, so that the
parser can count or repair a fact whose subject and object are swapped, which JSON mode allows.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from schemas.entities import EntityKind, FactorKind
from schemas.relations import REGISTRY, Attribute, RelationType

SCHEMA_NAME = "extracted_facts"
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_JSON_TYPES = {"str": "string", "bool": "boolean", "float": "number", "date": "string"}


def response_json_schema() -> dict[str, Any]:
    """Build the strict JSON schema of a reply: `{"facts": [...]}`, one variant per relation type."""
    return {
        "type": "object",
        "properties": {
            "facts": {"type": "array", "items": {"anyOf": [_fact_schema(r) for r in REGISTRY.values()]}},
        },
        "required": ["facts"],
        "additionalProperties": False,
    }


def response_format_json_schema() -> dict[str, Any]:
    """Return the `response_format` argument for strict structured outputs."""
    return {
        "type": "json_schema",
        "json_schema": {"name": SCHEMA_NAME, "strict": True, "schema": response_json_schema()},
    }


def _fact_schema(relation: RelationType) -> dict[str, Any]:
    return _object({
        "relation": {"type": "string", "enum": [relation.name]},
        "subject": _entity_schema(relation.subject_kinds),
        "object": _entity_schema(relation.object_kinds),
        "attributes": _object({a.name: _attribute_schema(a) for a in relation.attributes}),
        "quote": {"type": "string", "description": "the exact words of the text that state the fact"},
    })


def _entity_schema(kinds: tuple[EntityKind, ...]) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "name": {"type": "string"},
        "kind": {"type": "string", "enum": [kind.value for kind in kinds]},
    }
    if EntityKind.FACTOR in kinds:
        properties["factor_kind"] = {"type": ["string", "null"], "enum": [*(k.value for k in FactorKind), None]}
    else:
        properties["factor_kind"] = {"type": "null"}
    return _object(properties)


def _attribute_schema(attribute: Attribute) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": [_JSON_TYPES[attribute.type], "null"]}
    if attribute.allowed:
        schema["enum"] = [*attribute.allowed, None]
    if attribute.type == "date":
        schema["description"] = "ISO date, YYYY-MM-DD"
    elif attribute.description:
        schema["description"] = attribute.description
    return schema


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityReply(_Strict):
    """An entity as the model names it; kinds are checked against the relation by the parser."""

    name: str = Field(min_length=1)
    kind: EntityKind
    factor_kind: FactorKind | None = None


class FactReply(_Strict):
    """The fields that every relation's fact shares; `attributes` is typed per relation."""

    relation: str
    subject: EntityReply
    object: EntityReply
    attributes: Any
    quote: str = Field(min_length=1)


def _attribute_annotation(attribute: Attribute) -> Any:
    if attribute.allowed:
        return Literal[attribute.allowed] | None  # type: ignore[valid-type]
    if attribute.type == "bool":
        return bool | None
    if attribute.type == "float":
        return float | None
    if attribute.type == "date":
        return Annotated[str, Field(pattern=_DATE_PATTERN)] | None
    return str | None


def _fact_model(relation: RelationType) -> type[FactReply]:
    fields: dict[str, Any] = {a.name: (_attribute_annotation(a), ...) for a in relation.attributes}
    camel = "".join(word.title() for word in relation.name.split("_"))
    attributes = create_model(f"{camel}Attributes", __base__=_Strict, **fields)
    return create_model(
        f"{camel}Fact",
        __base__=FactReply,
        relation=(Literal[relation.name], ...),  # type: ignore[valid-type]
        attributes=(attributes, ...),
    )


FACT_MODELS: dict[str, type[FactReply]] = {name: _fact_model(relation) for name, relation in REGISTRY.items()}


class ExtractionReply(_Strict):
    """The reply envelope; each fact is validated on its own so that one bad fact costs only itself."""

    facts: list[dict[str, Any]]

