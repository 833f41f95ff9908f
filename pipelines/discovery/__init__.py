"""Discovery of new documents: a daily EDGAR download over a watch-list, and a sensor on the corpus folder."""
