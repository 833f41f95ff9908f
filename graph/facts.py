"""Fact edges: one relationship per (subject, relation type, object), derived from assertions.

Time works per stream: the complete periodic reports of one issuer in one form family (10-K and
20-F annual, 10-Q quarterly). A fact keeps one validity period for each run of consecutive
reports of a stream that state it; the period ends at the first later complete report of that
stream that is silent, and the fact is `not_reaffirmed` while that stream's latest report is
silent. Amendments, calls, 8-Ks and testimony add evidence but never end a period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

ANNUAL_FORMS = frozenset({"10-K", "10-K405", "10-KSB", "10-KT", "20-F", "40-F"})
QUARTERLY_FORMS = frozenset({"10-Q", "10-QSB"})


def stream_of(form: str | None, issuer_cik: str | None) -> tuple[str, str] | None:
    """Return (issuer CIK, family) for a form of a periodic report, None for any other form."""
    if not form or not issuer_cik:
        return None
    form = form.upper()
    if form in ANNUAL_FORMS:
        return (issuer_cik, "annual")
    if form in QUARTERLY_FORMS:
        return (issuer_cik, "quarterly")
    return None


@dataclass(frozen=True)
class ReportInfo:
    """The dates and stream of a document that stated or could have stated a fact."""

    id: str
    form: str | None
    issuer_cik: str | None
    valid_at: dt.date | None
    filed_at: dt.date | None
    profile_extracted: bool = True

    # Cached, because fact derivation reads it again for every fact that the report states.
    @cached_property
    def stream(self) -> tuple[str, str] | None:
        """Return (issuer CIK, family) for a complete periodic report, None for anything else."""
        if self.valid_at is None or not self.profile_extracted:
            return None
        return stream_of(self.form, self.issuer_cik)

    @property
    def sort_key(self) -> tuple[dt.date, dt.date, str]:
        return (self.valid_at or dt.date.min, self.filed_at or dt.date.min, self.id)


@dataclass(frozen=True)
class Mention:
    relation: str
    subject_id: str
    object_id: str
    document_id: str
    confidence: float


@dataclass(frozen=True)
class Period:
    valid_from: dt.date
    valid_to: dt.date | None
    stated_filed_at: dt.date | None

    def label(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else ""
        return f"{self.valid_from.isoformat()}..{end}"


@dataclass
class Fact:
    relation: str
    subject_id: str
    object_id: str
    first_seen: dt.date
    last_seen: dt.date
    documents: int
    mentions: int
    confidence: float
    status: str
    periods: list[Period] = field(default_factory=list)


def derive_facts(mentions: Iterable[Mention], reports: dict[str, ReportInfo]) -> list[Fact]:
    """Derive every fact edge from its mentions, given every report of the active profile."""
    by_fact: dict[tuple[str, str, str], list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_fact[(mention.relation, mention.subject_id, mention.object_id)].append(mention)
    streams: dict[tuple[str, str], list[ReportInfo]] = defaultdict(list)
    for report in reports.values():
        if report.stream:
            streams[report.stream].append(report)
    for stream_reports in streams.values():
        stream_reports.sort(key=lambda r: r.sort_key)
    return [_derive_fact(key, group, reports, streams) for key, group in sorted(by_fact.items())]


def _derive_fact(key: tuple[str, str, str], mentions: list[Mention], reports: dict[str, ReportInfo],
                 streams: dict[tuple[str, str], list[ReportInfo]]) -> Fact:
    stating = {m.document_id for m in mentions}
    dates = [d for d in (reports[i].valid_at for i in stating if i in reports) if d is not None]
    periods: list[Period] = []
    stream_states: list[bool] = []
    for stream_key in sorted({reports[i].stream for i in stating if i in reports and reports[i].stream}):
        stream_periods, latest_states = _stream_periods(streams[stream_key], stating)
        periods.extend(stream_periods)
        stream_states.append(latest_states)
    if not periods and dates:
        first = min((reports[i] for i in stating if i in reports and reports[i].valid_at), key=lambda r: r.sort_key)
        periods.append(Period(min(dates), None, first.filed_at))
    status = "active" if not stream_states or any(stream_states) else "not_reaffirmed"
    first_seen = min(dates) if dates else dt.date.min
    return Fact(
        relation=key[0], subject_id=key[1], object_id=key[2],
        first_seen=first_seen, last_seen=max(dates) if dates else first_seen,
        documents=len(stating), mentions=len(mentions),
        confidence=max(m.confidence for m in mentions), status=status,
        periods=sorted(periods, key=lambda p: (p.valid_from, p.valid_to or dt.date.max)),
    )


def _stream_periods(stream: list[ReportInfo], stating: set[str]) -> tuple[list[Period], bool]:
    """Split one stream's reports into runs that state the fact; tell whether the latest states it."""
    periods: list[Period] = []
    run_start: ReportInfo | None = None
    for report in stream:
        if report.id in stating:
            run_start = run_start or report
        elif run_start is not None:
            periods.append(Period(run_start.valid_at, report.valid_at, run_start.filed_at))  # type: ignore[arg-type]
            run_start = None
    if run_start is not None:
        periods.append(Period(run_start.valid_at, None, run_start.filed_at))  # type: ignore[arg-type]
    return periods, run_start is not None
