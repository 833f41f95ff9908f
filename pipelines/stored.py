"""Reading and writing the stored intermediates: JSON lines, one model a line."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

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
    """Read one `model` from each non-empty line of `path`. Raise ValueError naming the file and line of a bad one."""
    records = []
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                records.append(model.model_validate_json(line))
            except ValidationError as exc:
                raise ValueError(f"{path}, line {number}, is not a valid {model.__name__} record "
                                 f"({_first_problem(exc)}). The file may be cut short or come from another "
                                 "version of fingraph: run again the step that wrote it") from exc
    return records


def _first_problem(error: ValidationError) -> str:
    """Return the first of a validation error's problems as `field: message`, with the count of the others."""
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"])
    text = f"{where}: {first['msg']}" if where else first["msg"]
    return text + (f", and {len(problems) - 1} more" if len(problems) > 1 else "")
