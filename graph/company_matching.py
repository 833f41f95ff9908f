"""SEC-registered companies and the ways a surface name finds one: ticker mention, exact name, fuzzy name."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from schemas.names import normalize_company_name

log = logging.getLogger(__name__)

# Chosen on tests/graph/data/company_aliases.csv: 143 labelled surface names, 57 of them hard
# negatives such as "General Electronics" or "Apple Bank". The table gives precision and recall
# of the whole company resolver, exact passes included, for each threshold. They were measured
# with `measure_company_resolution` in tests/graph/test_company_aliases.py.
#   80: 0.927 / 0.874   85: 0.962 / 0.862   88: 0.987 / 0.862   90: 0.974 / 0.862
#   92: 1.000 / 0.862   95: 1.000 / 0.828   97: 1.000 / 0.759
# 92 is the lowest threshold without a wrong join: "General Electronics" scores 91.4 against
# "general electric". Above 92, typos such as "Delta Airline" (92.9) stop matching. The misses
# that remain are former names, partial names and short names, which belong in aliases.csv.
FUZZY_THRESHOLD = 92.0
# A candidate must beat the runner-up of another CIK by this many points, or the match is
# ambiguous and nothing is joined.
FUZZY_MARGIN = 3.0
# Names of at most this many characters skip fuzzy matching. They are mostly tickers and
# acronyms, where one changed letter is another company (AMD and AMC, Meta and Mets), and one
# edit already moves the similarity of a four-letter name by 25 points.
MAX_SHORT_NAME = 4
# Names are blocked by their first characters, spaces left out, so a surface name is compared
# only with the SEC names that start the same way (at most 73 of the 9,610 names in SEC's
# ticker file), and typos after the third letter still match.
BLOCK_PREFIX = 3

# "(Nasdaq: NVDA)", "NYSE: KO", "(NYSE American: XYZ)", "TSX:SHOP".
_TICKER_MENTION = re.compile(
    r"\(?\s*\b(?:nasdaq(?:gs|gm|cm)?|nyse(?:\s+american|\s+arca|\s+mkt)?|amex|otc(?:qx|qb)?|tsx|lse)\s*:\s*"
    r"([A-Za-z][A-Za-z0-9]{0,5}(?:[.\-][A-Za-z])?)\s*\)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CompanyRecord:
    cik: str
    name: str
    tickers: tuple[str, ...]

    @property
    def ticker(self) -> str | None:
        return self.tickers[0] if self.tickers else None


@dataclass(frozen=True)
class FuzzyMatch:
    """The SEC company a fuzzy pass picked, with its rapidfuzz similarity (0 to 100)."""

    cik: str
    score: float


@dataclass
class CompanyDirectory:
    """SEC-registered companies by CIK, ticker, normalized name and name block."""

    by_cik: dict[str, CompanyRecord] = field(default_factory=dict)
    by_ticker: dict[str, str] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_sec_tickers(cls, path: Path) -> CompanyDirectory:
        """Read SEC's company_tickers.json, whose rows come largest company first.

        A CIK with several tickers (GOOGL and GOOG) keeps the first as its main ticker, and a
        normalized name shared by two CIKs goes to the first, the larger company.
        """
        try:
            rows = json.loads(path.read_text(encoding="utf-8")).values()
        except (json.JSONDecodeError, AttributeError) as exc:
            raise ValueError(f"SEC's ticker file {path} is not a JSON object of companies ({exc}): download "
                             "company_tickers.json again from sec.gov, or point FINGRAPH_REFERENCE at a good "
                             "copy") from exc
        tickers: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        for row in rows:
            cik = f"{int(row['cik_str']):010d}"
            tickers.setdefault(cik, []).append(str(row["ticker"]).upper())
            names.setdefault(cik, str(row["title"]))
        directory = cls()
        for cik, title in names.items():
            directory.add(CompanyRecord(cik, title, tuple(tickers[cik])))
        log.info("company directory: %d companies from %s", len(directory.by_cik), path)
        return directory

    def add(self, record: CompanyRecord) -> None:
        self.by_cik.setdefault(record.cik, record)
        for ticker in record.tickers:
            self.by_ticker.setdefault(normalize_ticker(ticker), record.cik)
        normalized = normalize_company_name(record.name)
        if normalized not in self.by_name:
            self.by_name[normalized] = record.cik
            self.blocks.setdefault(block_key(normalized), []).append(normalized)

    def cik_of_ticker(self, ticker: str | None) -> str | None:
        return self.by_ticker.get(normalize_ticker(ticker)) if ticker else None

    def fuzzy_candidates(self, normalized: str, threshold: float = FUZZY_THRESHOLD) -> list[FuzzyMatch]:
        """Score `normalized` against the SEC names of its block, best first, at or above `threshold`."""
        block = self.blocks.get(block_key(normalized), [])
        scored = process.extract(normalized, block, scorer=name_similarity, score_cutoff=threshold, limit=5)
        return [FuzzyMatch(self.by_name[name], score) for name, score, _ in scored]


def normalize_ticker(ticker: str) -> str:
    """Upper-case a ticker and write share classes as SEC does: "BRK.B" becomes "BRK-B"."""
    return ticker.strip().upper().replace(".", "-")


def block_key(normalized: str) -> str:
    """Return the first characters of the name without spaces, so "exxonmobil" meets "exxon mobil"."""
    return normalized.replace(" ", "")[:BLOCK_PREFIX]


def name_similarity(left: str, right: str, *, score_cutoff: float | None = None, **_: object) -> float:
    """Score two normalized names from 0 to 100, in the best of their order and of sorted words.

    Plain similarity keeps "united health" next to "unitedhealth", and sorted words keep
    "manufacturing semiconductor taiwan" next to "taiwan semiconductor manufacturing".
    """
    score = max(fuzz.ratio(left, right), fuzz.token_sort_ratio(left, right))
    return score if score_cutoff is None or score >= score_cutoff else 0.0


def find_ticker_mention(surface: str) -> tuple[str, str] | None:
    """Return (ticker, name without the mention) for "NVIDIA Corporation (Nasdaq: NVDA)", else None."""
    match = _TICKER_MENTION.search(surface)
    if not match:
        return None
    rest = (surface[:match.start()] + " " + surface[match.end():]).strip(" ,;")
    return normalize_ticker(match.group(1)), " ".join(rest.split())


def pick_fuzzy_match(candidates: list[FuzzyMatch]) -> FuzzyMatch | None:
    """Return the best candidate unless another CIK scores within `FUZZY_MARGIN` of it."""
    if not candidates:
        return None
    best = candidates[0]
    rivals = [c for c in candidates[1:] if c.cik != best.cik and best.score - c.score < FUZZY_MARGIN]
    return None if rivals else best
