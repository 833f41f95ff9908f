"""Partitions of the main job: one per document kind and filing month, added only when a document has them.

Keyed by kind and month, the count grows with time and not with the watch-list. Three kinds
over 50 years are 1,800 keys however many issuers are watched. Dagster's guide to
partitioning assets recommends 100,000 or fewer per asset, because the UI slows above that,
and a key per issuer and month would pass it with 200 issuers over 40 years. Within a partition
the per-document extraction cache skips what an earlier run extracted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from dagster import DynamicPartitionsDefinition

from pipelines.sources.folder import discover_folder
from pipelines.sources.raw import RawDocument

Model = TypeVar("Model")

DOCUMENT_PARTITIONS = DynamicPartitionsDefinition(name="document_months")
UNDATED = "undated"

# The kind of document each detected file kind becomes; see `extractors.parsing.detect`.
KIND_OF_HINT = {
    "full_submission": "filing",
    "filing_html": "filing",
    "earnings_call": "earnings_call",
    "testimony_pdf": "testimony",
    "testimony_text": "testimony",
}
# EDGAR's SGML header states the filing date near the top of a full submission.
FILED_AS_OF = re.compile(rb"FILED AS OF DATE:\s*(\d{4})(\d{2})\d{2}")
HEADER_BYTES = 8192
PATH_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})-?(0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?!\d)")


def document_month(raw: RawDocument) -> str:
    """Return the document's filing month as YYYY-MM, from EDGAR's header or a date in its path.

    This is a cheap read that needs no parsing. A document with neither gets "undated".
    """
    if raw.kind_hint == "full_submission":
        with Path(raw.path).open("rb") as stream:
            header = FILED_AS_OF.search(stream.read(HEADER_BYTES))
        if header:
            return f"{header[1].decode()}-{header[2].decode()}"
    dated = PATH_DATE.search(raw.relative_path)
    return f"{dated[1]}-{dated[2]}" if dated else UNDATED


def partition_key(raw: RawDocument) -> str:
    """Return the partition of a document: its kind and filing month, such as `filing-2024-02`."""
    return f"{KIND_OF_HINT.get(raw.kind_hint or '', 'other')}-{document_month(raw)}"


def group_by_partition(raws: Iterable[RawDocument]) -> dict[str, list[RawDocument]]:
    """Group documents by partition key, the keys sorted so that their order follows kind and month."""
    groups: dict[str, list[RawDocument]] = {}
    for raw in raws:
        groups.setdefault(partition_key(raw), []).append(raw)
    return dict(sorted(groups.items()))


def flatten(groups: dict[str, list[Model]]) -> list[Model]:
    """Return the rows of every partition, in partition order."""
    return [row for key in sorted(groups) for row in groups[key]]


def regroup(rows: Iterable[Model], key_of: Callable[[Model], str | None],
            keys: Iterable[str]) -> dict[str, list[Model]]:
    """Group rows under `keys` by `key_of`; raise ValueError for a row whose partition is not one of them."""
    groups: dict[str, list[Model]] = {key: [] for key in keys}
    for row in rows:
        key = key_of(row)
        if key not in groups:
            raise ValueError(f"row {row!r:.80} belongs to partition {key!r}, which this run does not cover")
        groups[key].append(row)
    return groups


def corpus_partition_keys(folder: Path) -> list[str]:
    """Return the partition keys of the documents in `folder`, sorted."""
    return sorted(group_by_partition(discover_folder(folder)))
