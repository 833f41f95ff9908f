"""The read-only HTTP service over the graph; see `graph.service.app`."""

from __future__ import annotations

from graph.service.app import TOKEN_VARIABLE, create_app, serve

__all__ = ["TOKEN_VARIABLE", "create_app", "serve"]
