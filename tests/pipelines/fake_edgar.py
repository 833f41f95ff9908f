"""A local EDGAR look-alike for the sources tests: ticker map, submissions JSON and archive files, with faults."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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
class FakeEdgar:
    """The routes the server serves, the faults it injects, and the requests it received."""

    base_url: str = ""
    routes: dict[str, bytes] = field(default_factory=dict)
    faults: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    delays: dict[str, float] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)

    def count(self, path: str) -> int:
        return Counter(self.requests)[path]

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


def start_server(fake: FakeEdgar) -> ThreadingHTTPServer:
    """Start the server on a free port of 127.0.0.1 in a daemon thread and set `fake.base_url`."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.requests.append(self.path)
            fake.user_agents.append(self.headers.get("User-Agent", ""))
            if self.path in fake.delays:
                time.sleep(fake.delays[self.path])
            pending = fake.faults.get(self.path)
            if pending:
                self._reply(pending.pop(0), b"injected fault")
            elif self.path in fake.routes:
                self._reply(200, fake.routes[self.path])
            else:
                self._reply(404, b"not found")

        def _reply(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server
