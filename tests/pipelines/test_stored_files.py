"""Stored intermediates: a bad line of a JSON lines file is an error that names the file and the line."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from pipelines import stored


class Row(BaseModel):
    id: str
    count: int


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_read_jsonl_skips_blank_lines(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "rows.jsonl", '{"id": "a", "count": 1}', "", '{"id": "b", "count": 2}')

    assert [row.id for row in stored.read_jsonl(path, Row)] == ["a", "b"]


def test_truncated_line_names_file_and_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "rows.jsonl", '{"id": "a", "count": 1}', '{"id": "b", "cou')

    with pytest.raises(ValueError, match=r"rows\.jsonl, line 2, is not a valid Row record \(Invalid JSON"):
        stored.read_jsonl(path, Row)


def test_wrong_fields_name_the_first(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "rows.jsonl", '{"name": "a", "count": "many"}')

    with pytest.raises(ValueError, match=r"line 1, is not a valid Row record \(id: Field required, and 1 more\)"):
        stored.read_jsonl(path, Row)
