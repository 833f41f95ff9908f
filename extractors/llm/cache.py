"""On-disk stores of the LLM extractor: the reply cache and the reuse index.

Both live under one cache folder, in a sub-folder per extraction profile, so that a new prompt
or model never reads another profile's results. Files are replaced atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from schemas.assertions import ExtractionProfile


def _digest(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _write_json(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{threading.get_ident()}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


class ReplyCache:
    """Complete model replies keyed by the profile, the document context and the window text."""

    def __init__(self, folder: Path, profile: ExtractionProfile) -> None:
        self._folder = folder / "replies" / _digest(profile.key)[:16]
        self._profile = profile

    def key(self, context: str, window_text: str) -> str:
        return _digest(self._profile.key, context, window_text)[:40]

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._folder / f"{key}.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def put(self, key: str, reply: dict[str, Any]) -> None:
        _write_json(self._folder / f"{key}.json", reply)


class ReuseIndex:
    """An index from the fingerprint of a segment or sentence to its facts and the document it came from.

    The index has one JSON file per scope (the issuer and the prompt context), loaded on first use.
    """

    def __init__(self, folder: Path, profile: ExtractionProfile) -> None:
        self._folder = folder / "reuse" / _digest(profile.key)[:16]
        self._scopes: dict[str, dict[str, Any]] = {}

    def lookup(self, scope: str, fingerprint: str) -> dict[str, Any] | None:
        """Return `{"document_id": ..., "facts": [...]}` for a fingerprint already extracted, or None."""
        return self._entries(scope).get(fingerprint)

    def record(self, scope: str, entries: dict[str, dict[str, Any]]) -> None:
        """Add fingerprints first extracted now; an existing entry keeps the document it came from."""
        current = self._entries(scope)
        added = {fp: entry for fp, entry in entries.items() if fp not in current}
        if added:
            current.update(added)
            _write_json(self._path(scope), current)

    def _entries(self, scope: str) -> dict[str, Any]:
        if scope not in self._scopes:
            path = self._path(scope)
            self._scopes[scope] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return self._scopes[scope]

    def _path(self, scope: str) -> Path:
        return self._folder / f"{_digest(scope)[:32]}.json"
