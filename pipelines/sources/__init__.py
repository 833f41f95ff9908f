"""Source adapters: each yields the raw files of documents with their source metadata."""
