"""Throughput of the numpy paragraph encoder (graph/embeddings) on the paragraphs of corpus documents.

    PYTHONPATH=. python bench/embed.py [FILE ...] [--batch-size 32] [--repeat 3]

Without FILE it reads the 2025 NVIDIA 10-K of the team corpus. Model loading is excluded.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.parsing import parse_file  # noqa: E402
from graph.embeddings.model import INSTALL_HINT, find_embedder  # noqa: E402
from pipelines import settings  # noqa: E402

DEFAULT_FILE = "filings/NVDA/10-K/2025-02-26/nvda-10-k-2025-02-26.html"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    embedder = find_embedder()
    if embedder is None:
        sys.exit(f"no embedding model is installed: {INSTALL_HINT}")
    files = args.files or [settings.shared_dir() / "corpus" / DEFAULT_FILE]
    texts = [d.text[p.start:p.end] for path in files for d in parse_file(path) for p in d.paragraphs]
    tokenizer, _ = embedder._components
    tokens = sum(sum(encoding.attention_mask) for encoding in tokenizer.encode_batch(texts))

    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        embedder.embed(texts, batch_size=args.batch_size)
        seconds.append(time.perf_counter() - started)

    median = statistics.median(seconds)
    print(f"| paragraphs | tokens | batch | runs | median s | min s | max s | paragraphs/s | tokens/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {len(texts):,} | {tokens:,} | {args.batch_size} | {args.repeat} | {median:.1f} | {min(seconds):.1f} "
          f"| {max(seconds):.1f} | {len(texts) / median:.1f} | {tokens / median:,.0f} |")


if __name__ == "__main__":
    main()
