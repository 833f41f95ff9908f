"""Document parsing and triple extraction. Knows nothing of the graph database."""
