"""Parse every document of the corpus and print throughput by kind and peak memory.

Usage: python bench/parse.py [CORPUS_DIR] [--repeat N]

CORPUS_DIR defaults to $FINGRAPH_CORPUS, else ../shared/corpus next to the repository. Each
file is parsed N times (default 3) and the best time counts, so a cold disk cache or a
first-call import does not skew the figures. Peak memory is the process's maximum resident
set size from `resource.getrusage`, which includes the interpreter and libraries.
"""

from __future__ import annotations

import argparse
import csv
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.parsing import detect_kind, parse_file  # noqa: E402


def corpus_files(corpus: Path) -> list[Path]:
    with (corpus / "MANIFEST.csv").open(encoding="utf-8") as handle:
        rows = [row["path"] for row in csv.DictReader(handle)]
    return [corpus / path for path in rows if not path.startswith("reference/")]


def time_file(path: Path, repeat: int) -> tuple[float, int]:
    best = float("inf")
    documents = 0
    for _ in range(repeat):
        start = time.perf_counter()
        documents = len(parse_file(path))
        best = min(best, time.perf_counter() - start)
    return best, documents


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = os.environ.get("FINGRAPH_CORPUS") or str(ROOT.parent / "shared" / "corpus")
    parser.add_argument("corpus", nargs="?", default=default, help="corpus folder holding MANIFEST.csv")
    parser.add_argument("--repeat", type=int, default=3, help="parses per file; the fastest counts")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    slowest: list[tuple[float, str]] = []
    for path in corpus_files(Path(arguments.corpus)):
        data = path.read_bytes()
        kind = detect_kind(data, str(path))
        seconds, documents = time_file(path, arguments.repeat)
        row = totals[kind]
        row[0] += 1
        row[1] += documents
        row[2] += len(data) / 1e6
        row[3] += seconds
        slowest.append((seconds, str(path.relative_to(arguments.corpus))))

    print(f"{'kind':16} {'files':>5} {'docs':>5} {'MB':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>7}")
    for kind, (files, documents, megabytes, seconds) in sorted(totals.items()):
        print(f"{kind:16} {files:5d} {documents:5d} {megabytes:7.2f} {seconds:8.3f} {documents / seconds:8.1f} {megabytes / seconds:7.2f}")
    files, documents, megabytes, seconds = (sum(column) for column in zip(*totals.values()))
    print(f"{'all':16} {files:5d} {documents:5d} {megabytes:7.2f} {seconds:8.3f} {documents / seconds:8.1f} {megabytes / seconds:7.2f}")
    print("slowest files:")
    for seconds, name in sorted(slowest, reverse=True)[:5]:
        print(f"  {seconds:6.3f}s  {name}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak resident memory: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
