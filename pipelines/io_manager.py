"""An IO manager that stores each asset's output as JSON lines, one pydantic model a line.

The files are the inspectable intermediates between stages: a failed step resumes from the
last stored output, and `fingraph load DIR` reads them back. A partitioned asset stores one
file per partition, `<asset>/<partition key>.jsonl`, and passes `{partition key: rows}` in
both directions, so one run over many partitions still writes and reads each on its own.
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

    def _base(self) -> Path:
        return Path(self.base_dir) if self.base_dir else settings.data_dir() / "assets"

    def _path(self, context: OutputContext | InputContext) -> Path:
        return self._base() / ("/".join(context.asset_key.path) + ".jsonl")

    def _partition_path(self, context: OutputContext | InputContext, key: str) -> Path:
        return self._base() / "/".join(context.asset_key.path) / f"{key}.jsonl"

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if obj is None:
            return
        if context.has_asset_partitions:
            self._write_partitions(context, obj)
            return
        _check_rows(context, obj)
        path = self._path(context)
        stored.write_jsonl(path, obj)
        context.add_output_metadata({"path": str(path), "rows": len(obj)})

    def _write_partitions(self, context: OutputContext, obj: Any) -> None:
        if not isinstance(obj, dict):
            raise TypeError(f"partitioned asset {context.asset_key.to_user_string()} must return "
                            f"a dict of partition key to a list of pydantic models")
        rows = 0
        for key in context.asset_partition_keys:
            partition_rows = obj.get(key, [])
            _check_rows(context, partition_rows)
            stored.write_jsonl(self._partition_path(context, key), partition_rows)
            rows += len(partition_rows)
        context.add_output_metadata({"path": str(self._base() / "/".join(context.asset_key.path)),
                                     "rows": rows, "partitions": len(context.asset_partition_keys)})

    def load_input(self, context: InputContext) -> Any:
        name = context.upstream_output.asset_key.path[-1] if context.upstream_output else None
        model = stored.MODELS.get(name or "")
        if model is None:
            raise KeyError(f"no stored model type for asset {name!r}")
        if context.has_asset_partitions:
            return {key: stored.read_jsonl(self._partition_path(context, key), model)
                    for key in context.asset_partition_keys}
        return stored.read_jsonl(self._path(context), model)


def _check_rows(context: OutputContext, obj: Any) -> None:
    if not isinstance(obj, list) or not all(isinstance(item, BaseModel) for item in obj):
        raise TypeError(f"asset {context.asset_key.to_user_string()} must return a list of pydantic models")
