"""An IO manager that stores each asset's output as JSON lines, one pydantic model a line.

The files are the inspectable intermediates between stages: a failed step resumes from the
last stored output, and `fingraph load DIR` reads them back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dagster import ConfigurableIOManager, InputContext, OutputContext
from pydantic import BaseModel

from pipelines import settings, stored


class JsonlIOManager(ConfigurableIOManager):
    """Stores lists of pydantic models under `base_dir/<asset key>.jsonl`.

    Without `base_dir`, the folder is `assets/` in the data folder (FINGRAPH_DATA_DIR), read when
    the run starts.
    """

    base_dir: str | None = None

    def _path(self, context: OutputContext | InputContext) -> Path:
        base = Path(self.base_dir) if self.base_dir else settings.data_dir() / "assets"
        return base / ("/".join(context.asset_key.path) + ".jsonl")

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if obj is None:
            return
        if not isinstance(obj, list) or not all(isinstance(item, BaseModel) for item in obj):
            raise TypeError(f"asset {context.asset_key.to_user_string()} must return a list of pydantic models")
        path = self._path(context)
        stored.write_jsonl(path, obj)
        context.add_output_metadata({"path": str(path), "rows": len(obj)})

    def load_input(self, context: InputContext) -> Any:
        name = context.upstream_output.asset_key.path[-1] if context.upstream_output else None
        model = stored.MODELS.get(name or "")
        if model is None:
            raise KeyError(f"no stored model type for asset {name!r}")
        return stored.read_jsonl(self._path(context), model)
