"""Dagster definitions, source adapters and the fingraph command line."""
