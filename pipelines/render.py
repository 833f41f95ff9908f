"""Rich tables for documents, assertions and pivot rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from schemas.assertions import Assertion
from schemas.documents import Document

FIRST_WORDS = 12
# Columns of the output when it goes to a file, a pipe or a CI log rather than a terminal,
# where rich would otherwise wrap every table at 80.
PIPED_WIDTH = 160


def make_console() -> Console:
    """Return a console as wide as the terminal, or PIPED_WIDTH columns when the output is not a terminal."""
    return Console(width=None if Console().is_terminal else PIPED_WIDTH)


def print_document(console: Console, document: Document) -> None:
    issuer = document.issuer
    console.print(f"[bold]{document.id}[/bold]  {document.kind.value} {document.form or ''}", highlight=False)
    for label, value in (
        ("issuer", f"{issuer.name} (CIK {issuer.cik or '-'}, ticker {issuer.ticker or '-'})" if issuer else None),
        ("title", document.title), ("filed", document.filed_at), ("period end", document.period_end),
        ("event date", document.event_date), ("committee", document.committee),
        ("speakers", ", ".join(s.name for s in document.speakers) if document.speakers else None),
    ):
        if value:
            console.print(f"  {label}: {value}", highlight=False)
    table = Table("section", "chars", "first words")
    for section in document.sections:
        words = " ".join(document.text[section.start:section.end].split()[:FIRST_WORDS])
        table.add_row(section.name, str(section.end - section.start), words)
    console.print(table)
    boilerplate = sum(p.boilerplate for p in document.paragraphs)
    console.print(f"  {len(document.text)} chars, {len(document.paragraphs)} paragraphs, "
                  f"{boilerplate} boilerplate", highlight=False)


def print_assertions(console: Console, document: Document, assertions: Sequence[Assertion],
                     dropped: Counter[str]) -> None:
    table = Table("type", "subject", "object", "section", "quote", title=document.id)
    for assertion in assertions:
        table.add_row(assertion.type, assertion.subject.name, assertion.object.name,
                      assertion.section or "", assertion.quote)
    console.print(table)
    if dropped:
        reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(dropped.items()))
        console.print(f"dropped by grounding: {reasons}", highlight=False)


# Below this many characters per column a table wraps every cell into slivers, so rows
# print as records instead.
MIN_COLUMN_WIDTH = 14


def print_rows(console: Console, rows: Sequence[dict[str, Any]], title: str) -> None:
    if not rows:
        console.print(f"{title}: no rows")
        return
    if len(rows[0]) * MIN_COLUMN_WIDTH > console.width:
        print_records(console, rows, title)
        return
    table = Table(*rows[0].keys(), title=title)
    for row in rows:
        table.add_row(*(str(value) if value is not None else "" for value in row.values()))
    console.print(table)


def print_records(console: Console, rows: Sequence[dict[str, Any]], title: str) -> None:
    """Print each row as a block of `key: value` lines, for results too wide for a table."""
    console.print(f"[bold]{title}[/bold]: {len(rows)} rows")
    width = max(len(key) for key in rows[0])
    for index, row in enumerate(rows, start=1):
        console.print(f"-- row {index}", style="dim")
        for key, value in row.items():
            if value not in (None, "", []):
                console.print(f"{key.rjust(width)}: {value}", highlight=False, markup=False)
