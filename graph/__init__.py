"""Entity resolution, the Neo4j schema and loader, fact derivation and the query side."""
