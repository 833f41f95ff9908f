"""Fact derivation: validity periods and status per report stream."""

from __future__ import annotations

import datetime as dt

from graph.facts import Mention, ReportInfo, derive_facts

NVDA = "0001045810"


def annual(report_id: str, year: int, *, form: str = "10-K", extracted: bool = True) -> ReportInfo:
    return ReportInfo(report_id, form, NVDA, dt.date(year, 1, 28), dt.date(year, 2, 24), extracted)


def mention(document_id: str, subject: str = "org:amkor") -> Mention:
    return Mention("SUPPLIER_OF", subject, f"cik:{NVDA}", document_id, 0.8)


def reports(*items: ReportInfo) -> dict[str, ReportInfo]:
    return {item.id: item for item in items}


THREE_YEARS = reports(annual("fy23", 2023), annual("fy24", 2024), annual("fy25", 2025))


def test_fact_dropped_after_first_year_is_not_reaffirmed() -> None:
    [fact] = derive_facts([mention("fy23")], THREE_YEARS)

    assert fact.status == "not_reaffirmed"
    assert [(p.valid_from, p.valid_to) for p in fact.periods] == [(dt.date(2023, 1, 28), dt.date(2024, 1, 28))]


def test_fact_stated_every_year_stays_active_with_one_open_period() -> None:
    [fact] = derive_facts([mention("fy23"), mention("fy24"), mention("fy25")], THREE_YEARS)

    assert fact.status == "active"
    assert [(p.valid_from, p.valid_to) for p in fact.periods] == [(dt.date(2023, 1, 28), None)]
    assert fact.documents == 3
    assert fact.first_seen == dt.date(2023, 1, 28)
    assert fact.last_seen == dt.date(2025, 1, 28)


def test_fact_that_reappears_gets_two_periods() -> None:
    [fact] = derive_facts([mention("fy23"), mention("fy25")], THREE_YEARS)

    assert fact.status == "active"
    assert [p.label() for p in fact.periods] == ["2023-01-28..2024-01-28", "2025-01-28.."]


def test_call_mention_never_demotes_or_ends_period() -> None:
    call = ReportInfo("call", None, NVDA, dt.date(2024, 5, 22), None)
    stated = derive_facts([mention("call")], reports(annual("fy24", 2024), annual("fy25", 2025), call))

    [fact] = stated

    assert fact.status == "active"
    assert [(p.valid_from, p.valid_to) for p in fact.periods] == [(dt.date(2024, 5, 22), None)]


def test_amendment_does_not_demote() -> None:
    amendment = annual("fy24a", 2024, form="10-K/A")

    [fact] = derive_facts([mention("fy23")], reports(annual("fy23", 2023), amendment))

    assert fact.status == "active"


def test_report_of_other_profile_does_not_demote() -> None:
    other = annual("fy24", 2024, extracted=False)

    [fact] = derive_facts([mention("fy23")], reports(annual("fy23", 2023), other))

    assert fact.status == "active"


def test_facts_are_grouped_per_subject() -> None:
    facts = derive_facts([mention("fy23", "org:amkor"), mention("fy23", "cik:0001046179"),
                          mention("fy24", "cik:0001046179")], THREE_YEARS)

    statuses = {fact.subject_id: fact.status for fact in facts}

    assert statuses == {"org:amkor": "not_reaffirmed", "cik:0001046179": "not_reaffirmed"}
