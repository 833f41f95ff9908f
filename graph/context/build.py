"""Build the context block of an entity from the graph, trimmed to a token budget."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from neo4j import Driver, Record

from graph.api.lookup import resolve_entity
from graph.api.models import Entity, Hop
from graph.api.run import read
from graph.as_of import parse_as_of
from graph.context.models import Context, ContextFact, ContextParagraph
from graph.context.paragraphs import EmbedderChoice, find_paragraphs
from graph.context.queries import MAX_FACTS, first_order_cypher, second_order_cypher, unit_facts_cypher
from graph.context.tokens import estimate_tokens
from graph.units import UNIT_OF
from graph.values import plain_value

log = logging.getLogger(__name__)

MIN_TOKENS = 50
MAX_TOKENS = 20000
# The share of the budget kept for source paragraphs while facts are added. Facts come first, but
# a well-documented company has hundreds, and they would otherwise leave no room for any paragraph.
PARAGRAPH_SHARE = 0.3


def build_context(driver: Driver, entity: str, as_of: object | None = None, max_tokens: int = 1500, *,
                  database: str | None = None, embedder: EmbedderChoice = "auto") -> Context:
    """Build the context block of `entity` (id, ticker, CIK, name or alias) as the graph stood on `as_of`.

    The block holds the entity, its facts, its second-order facts (with the facts of its curated
    units, via UNIT_OF) and the source paragraphs, added in that order while
    `estimate_tokens(context.to_text())` stays within `max_tokens`. While facts are added,
    PARAGRAPH_SHARE of the budget stays free for paragraphs, and facts fill what paragraphs leave.
    The facts of the entity's units come first among the second-order facts. Within each part,
    facts rank by confidence (highest first), then recency (latest statement date first), then
    mentions (most first). Paragraphs the entity's assertions were read from come first, then the
    full-text and vector hits merged by reciprocal rank fusion (`graph.context.paragraphs`).
    `embedder` is the model of the vector search: "auto" finds the installed one, None skips it.
    An item that does not fit is skipped and counted in `omitted`, and a shorter item ranked after
    it may still fit.
    Raises ValueError for an unknown entity, a bad date or a budget outside MIN_TOKENS..MAX_TOKENS.
    """
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int) or not MIN_TOKENS <= max_tokens <= MAX_TOKENS:
        raise ValueError(f"max_tokens must be an integer from {MIN_TOKENS} to {MAX_TOKENS}, got {max_tokens!r}")
    as_of_date = parse_as_of(as_of)
    found = resolve_entity(driver, entity, database=database)
    parameters = {"entity_id": found.id, "as_of": as_of_date, "limit": MAX_FACTS}

    facts = [_fact(r, as_of_date) for r in read(driver, first_order_cypher(), parameters, database)]
    second = [_fact(r, as_of_date) for r in read(driver, second_order_cypher(), parameters, database)]
    # The facts of a company's units (AWS for Amazon) go with its second-order facts, each under its unit.
    # A unit's fact that an ordinary two-step path also reaches is kept as the unit's, because the unit
    # link is the reason it concerns the entity.
    units = [_fact(r, as_of_date) for r in read(driver, unit_facts_cypher(), parameters, database)]
    unit_keys = {_fact_key(fact) for fact in units}
    second = units + [fact for fact in second if _fact_key(fact) not in unit_keys]
    paragraphs, retrieval = find_paragraphs(driver, found, sorted(facts, key=rank_key), as_of_date, embedder,
                                            database)

    start = Context(found, plain_value(as_of_date), max_tokens, retrieval=retrieval)
    context = _fit(start, facts, second, paragraphs)
    log.info("context of %s: %d facts, %d second-order facts, %d paragraphs (%s search), %d omitted", found.id,
             len(context.facts), len(context.second_order), len(context.paragraphs), retrieval, context.omitted)
    return context


def _fact_key(fact: ContextFact) -> tuple[str, str, str]:
    return (fact.hop.relation, fact.hop.subject_id, fact.hop.object_id)


def rank_key(fact: ContextFact) -> tuple[float, int, int]:
    """Return the sort key of the ranking: confidence, then recency, then mentions, all descending."""
    stated_for = fact.hop.evidence.stated_for
    recency = dt.date.fromisoformat(stated_for).toordinal() if stated_for else 0
    return (-fact.confidence, -recency, -fact.mentions)


def _fact(record: Record, as_of: object | None) -> ContextFact:
    middle = record.get("middle")
    return ContextFact(
        hop=Hop.from_record(record["fact"], record["fact_assertion"], record["fact_source"], as_of),
        other=Entity.from_node(record["other"]), direction="out" if record["outgoing"] else "in",
        confidence=float(record["confidence"] or 0.0), mentions=int(record["mentions"]),
        section=record["section"], paragraph_id=record["paragraph_id"],
        via=Entity.from_node(middle) if middle is not None else None, via_relation=record.get("via_relation"),
    )


def _fit(context: Context, facts: list[ContextFact], second: list[ContextFact],
         paragraphs: list[ContextParagraph]) -> Context:
    """Add facts, second-order facts and paragraphs in rank order while the text fits the budget."""
    header_tokens = estimate_tokens(context.header())
    if header_tokens > context.max_tokens:
        raise ValueError(f"max_tokens={context.max_tokens} is below the {header_tokens} tokens of the entity line "
                         f"of {context.entity.id}: raise max_tokens")
    # The trials count the closing line on left-out items at its longest, so that the real one fits.
    context = _replace(context, "omitted", len(facts) + len(second) + len(paragraphs))
    # The facts of the entity's own units come before the other second-order facts.
    facts = sorted(facts, key=rank_key)
    second = sorted(second, key=lambda fact: (fact.via_relation != UNIT_OF, rank_key(fact)))
    # The best fact may use the whole budget, so that a small budget still includes it.
    context, best_left = _add(context, (("facts", facts[:1]),), context.max_tokens)
    fact_budget = context.max_tokens - int(context.max_tokens * PARAGRAPH_SHARE) if paragraphs else context.max_tokens
    context, left = _add(context, (("facts", facts[1:]), ("second_order", second)), fact_budget)
    context, left_paragraphs = _add(context, (("paragraphs", paragraphs),), context.max_tokens)
    context, left = _add(context, left, context.max_tokens)
    omitted = sum(len(candidates) for _, candidates in (*best_left, *left, *left_paragraphs))
    return _replace(context, "omitted", omitted)


Candidates = tuple[tuple[str, list[Any]], ...]


def _add(context: Context, groups: Candidates, budget: int) -> tuple[Context, Candidates]:
    """Append each candidate to its list of the context while the text fits `budget`; return what did not fit."""
    left = []
    for name, candidates in groups:
        skipped = []
        for candidate in candidates:
            trial = _replace(context, name, [*getattr(context, name), candidate])
            if estimate_tokens(trial.to_text()) <= budget:
                context = trial
            else:
                skipped.append(candidate)
        left.append((name, skipped))
    return context, tuple(left)


def _replace(context: Context, name: str, value: Any) -> Context:
    fields = {**context.__dict__, name: value}
    return Context(**fields)
