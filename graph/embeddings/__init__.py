"""Paragraph embeddings: a local sentence model run in numpy, and their vector index in Neo4j."""
