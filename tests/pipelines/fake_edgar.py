"""A local EDGAR look-alike for the sources tests: ticker map, submissions JSON and archive files, with faults."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from fake_http import NOT_FOUND, LocalFake, Reply

TICKER_MAP_PATH = "/files/company_tickers_exchange.json"


@dataclass
class Filing:
    """One filing as the submissions JSON lists it, with the bytes its full submission serves."""

    accession: str
    form: str
    filing_date: str
    submission: bytes
    primary_document: str = ""


@dataclass
class FakeEdgar(LocalFake[int]):
    """The routes the server serves, the fault statuses and delays it injects, and the requests it received."""

    delays: dict[str, float] = field(default_factory=dict)
    user_agents: list[str] = field(default_factory=list)

    def respond(self, target: str, headers: Message) -> Reply:
        self.requests.append(target)
        self.user_agents.append(headers.get("User-Agent", ""))
        if target in self.delays:
            time.sleep(self.delays[target])
        status = self.next_fault(target)
        if status is not None:
            return Reply(status, b"injected fault")
        if target in self.routes:
            return Reply(200, self.routes[target])
        return NOT_FOUND

    def serve_ticker_map(self, company_tickers: Path) -> None:
        """Serve SEC's exchange-shaped ticker map built from a company_tickers.json file."""
        entries = json.loads(company_tickers.read_text(encoding="utf-8")).values()
        rows = [[entry["cik_str"], entry["title"], entry["ticker"], "Nasdaq"] for entry in entries]
        self.routes[TICKER_MAP_PATH] = json.dumps({"fields": ["cik", "name", "ticker", "exchange"], "data": rows}).encode()

    def serve_company(self, cik: str, filings: list[Filing]) -> None:
        """Serve the submissions JSON of `cik` and the archive files of its filings."""
        recent = {
            "accessionNumber": [filing.accession for filing in filings],
            "form": [filing.form for filing in filings],
            "primaryDocument": [filing.primary_document for filing in filings],
            "filingDate": [filing.filing_date for filing in filings],
        }
        body = {"cik": cik.lstrip("0"), "filings": {"recent": recent, "files": []}}
        self.routes[submissions_path(cik)] = json.dumps(body).encode()
        for filing in filings:
            self.routes[archive_path(cik, filing.accession, f"{filing.accession}.txt")] = filing.submission


def submissions_path(cik: str) -> str:
    return f"/submissions/CIK{cik}.json"


def archive_path(cik: str, accession: str, document: str) -> str:
    return f"/Archives/edgar/data/{cik.lstrip('0')}/{accession.replace('-', '')}/{document}"
