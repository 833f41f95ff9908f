"""Time the offline extractor on the corpus 10-Ks against the full spaCy pipeline on the same text.

Usage: python bench/extract.py [CORPUS_DIR] [--repeat N] [--n-process N]

CORPUS_DIR defaults to $FINGRAPH_CORPUS, else ../shared/corpus next to the repository; every file
under filings/*/10-K/*/ is parsed once, outside the timings. Two contenders then read the same
documents:

- `rules`: `RulesExtractor.extract` on each document, which prefilters sentences and runs NER
  and the gazetteers on the rest;
- `spacy-full`: the bare cost of reading everything with spaCy, `en_core_web_sm` with all its
  components, over the whole text of each document in chunks of at most CHUNK_CHARS.

Each contender runs in a fresh child process, alternating, N times (default 3), so a run's peak
resident memory (`ru_maxrss` of the child) is its own and a burst of other load on the machine
hits both sides alike. Model loading is timed apart from reading. Words are whitespace-separated
tokens of the document texts, so both sides divide by the same count.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.parsing import parse_file  # noqa: E402
from schemas.documents import Document  # noqa: E402

# spaCy's parser and NER need about 1 GB of working memory per 100,000 characters of one text
# (spaCy's documentation on `nlp.max_length`), so whole 10-Ks are read in chunks of this size,
# cut at line breaks.
CHUNK_CHARS = 100_000
SPACY_BATCH_SIZE = 8


def corpus_documents(corpus: Path) -> list[Document]:
    paths = sorted(corpus.glob("filings/*/10-K/*/*"))
    if not paths:
        raise SystemExit(f"no 10-K files under {corpus}/filings/*/10-K/: pass the corpus folder")
    return [document for path in paths for document in parse_file(path)]


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Cut `text` into pieces of at most `size` characters, at the last line break when there is one."""
    chunks: list[str] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            newline = text.rfind("\n", start, end)
            end = newline + 1 if newline > start else end
        chunks.append(text[start:end])
        start = end
    return chunks


def run_rules(documents: list[Document], n_process: int) -> dict[str, Any]:
    from extractors.rules import RulesExtractor

    started = time.perf_counter()
    extractor = RulesExtractor.from_reference_dir()
    loaded = time.perf_counter()
    assertions = sum(len(extractor.extract(document)) for document in documents)
    return {"load": loaded - started, "read": time.perf_counter() - loaded, "assertions": assertions}


def run_spacy_full(documents: list[Document], n_process: int) -> dict[str, Any]:
    from extractors.rules.pipeline import MODEL_NAMES
    import spacy

    started = time.perf_counter()
    nlp = _load_full_model(spacy, MODEL_NAMES)
    loaded = time.perf_counter()
    chunks = [chunk for document in documents for chunk in chunk_text(document.text)]
    tokens = sum(len(doc) for doc in nlp.pipe(chunks, batch_size=SPACY_BATCH_SIZE, n_process=n_process))
    return {"load": loaded - started, "read": time.perf_counter() - loaded, "tokens": tokens,
            "components": ",".join(nlp.pipe_names)}


def _load_full_model(spacy: Any, names: tuple[str, ...]) -> Any:
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise SystemExit(f"no spaCy model among {', '.join(names)}: run `make setup`")


CONTENDERS = {"rules": run_rules, "spacy-full": run_spacy_full}


def _child(name: str, documents: list[Document], n_process: int, results: Any) -> None:
    logging.basicConfig(level=logging.ERROR)
    outcome = CONTENDERS[name](documents, n_process)
    outcome["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results.put(outcome)


def measure(name: str, documents: list[Document], n_process: int) -> dict[str, Any]:
    """Run one contender in a fresh spawned process and return its timings and peak memory."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_child, args=(name, documents, n_process, results))
    process.start()
    outcome = results.get()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"the {name} run exited with code {process.exitcode}")
    return outcome


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):8.0f} {min(values):8.0f} {max(values):8.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = os.environ.get("FINGRAPH_CORPUS") or str(ROOT.parent / "shared" / "corpus")
    parser.add_argument("corpus", nargs="?", default=default, help="corpus folder holding filings/")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each contender, alternating")
    parser.add_argument("--n-process", type=int, default=1, help="spaCy worker processes of the full pipeline")
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)

    documents = corpus_documents(Path(arguments.corpus))
    words = sum(len(document.text.split()) for document in documents)
    print(f"{len(documents)} documents, {words} words, {sum(len(d.text) for d in documents)} characters")

    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CONTENDERS}
    for repeat in range(arguments.repeat):
        for name in CONTENDERS:
            outcome = measure(name, documents, arguments.n_process)
            runs[name].append(outcome)
            print(f"run {repeat + 1} {name:10} read {outcome['read']:7.1f} s  load {outcome['load']:5.1f} s  "
                  f"peak {outcome['peak_mib']:5.0f} MiB", flush=True)

    print(f"\n{'contender':10} {'words/s median':>14} {'min':>8} {'max':>8} {'peak MiB':>9}")
    for name, outcomes in runs.items():
        rates = [words / outcome["read"] for outcome in outcomes]
        peak = max(outcome["peak_mib"] for outcome in outcomes)
        print(f"{name:10} {spread(rates):>32} {peak:9.0f}")
    ratios = [full["read"] / rules["read"] for rules, full in zip(runs["rules"], runs["spacy-full"], strict=True)]
    print(f"speed-up of rules over spacy-full, per run pair: {', '.join(f'{r:.2f}' for r in ratios)}")
    print(f"assertions: {runs['rules'][0]['assertions']}; spaCy components: {runs['spacy-full'][0]['components']}")


if __name__ == "__main__":
    main()
