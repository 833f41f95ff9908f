"""Pydantic models and pure functions shared by every stage of fingraph.

This package imports nothing else from the project, so that extractors and the graph layer
can both depend on it without depending on each other.
"""
