"""The LLM response schema: strict, generated from the registry, and part of the prompt version."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from extractors.llm.parser import InvalidReplyError, read_reply
from extractors.llm.prompt import PromptTemplate
from extractors.llm.schema import FACT_MODELS, response_json_schema
from schemas.relations import REGISTRY


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found.extend(_objects(value))
    elif isinstance(schema, list):
        for value in schema:
            found.extend(_objects(value))
    return found


def test_schema_objects_are_strict():
    for obj in _objects(response_json_schema()):
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])


def test_schema_has_every_relation():
    variants = response_json_schema()["properties"]["facts"]["items"]["anyOf"]

    assert [v["properties"]["relation"]["enum"] for v in variants] == [[name] for name in REGISTRY]


def test_schema_types_attributes():
    variants = {v["properties"]["relation"]["enum"][0]: v for v in response_json_schema()["properties"]["facts"]["items"]["anyOf"]}
    supplier = variants["SUPPLIER_OF"]["properties"]["attributes"]["properties"]

    assert supplier["revenue_share"]["type"] == ["number", "null"]
    assert supplier["sole_source"]["enum"] == ["sole", "limited", None]


def test_fact_model_forbids_extra_keys():
    raw = {"relation": "COMPETES_WITH", "subject": {"name": "We", "kind": "Company", "factor_kind": None},
           "object": {"name": "AMD", "kind": "Company", "factor_kind": None},
           "attributes": {"market": None, "note": "x"}, "quote": "AMD"}

    with pytest.raises(ValidationError):
        FACT_MODELS["COMPETES_WITH"].model_validate(raw)


def test_reply_without_facts_invalid():
    with pytest.raises(InvalidReplyError):
        read_reply('{"facts": {}}')


def test_version_follows_prompt_text():
    template = PromptTemplate.load()
    changed = PromptTemplate(name=template.name, text=template.text + "\nOne more rule.")

    assert changed.version != template.version
    assert changed.version.startswith("extract_v1-")
