"""Reading and writing the stored intermediates: JSON lines, one model a line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

from pipelines.sources.folder import RawDocument
from schemas.assertions import Assertion
from schemas.documents import Document

Model = TypeVar("Model", bound=BaseModel)

# The model stored by each asset, so that a reader of the folder knows how to load each file.
MODELS: dict[str, type[BaseModel]] = {
    "raw_documents": RawDocument,
    "parsed_documents": Document,
    "extracted_assertions": Assertion,
    "verified_assertions": Assertion,
    "resolved_assertions": Assertion,
}


def write_jsonl(path: Path, rows: Iterable[BaseModel]) -> None:
    """Write rows to a temporary file and rename it, so a killed run never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(row.model_dump_json())
            stream.write("\n")
    os.replace(partial, path)


def read_jsonl(path: Path, model: type[Model]) -> list[Model]:
    with path.open(encoding="utf-8") as stream:
        return [model.model_validate_json(line) for line in stream if line.strip()]
