"""The company reference: CIK lookup of SEC registrants by normalized name, and large unregistered companies."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from extractors.sec_reference import TICKER_FILE, configured_ticker_file
from schemas.names import normalize_company_name

UNREGISTERED_FILE = Path(__file__).with_name("unregistered_companies.txt")

# EDGAR appends the state of incorporation or a re-registration mark to some titles
# ("QUALCOMM INC/DE", "CORNING INC /NY"); it is no part of the name.
_EDGAR_TITLE_MARK = re.compile(r"\s*/[A-Z]{2,4}/?\s*$")


@dataclass
class CompanyIndex:
    """CIKs and tickers of SEC registrants, keyed by normalized company name.

    `unregistered` maps the normalized names of large companies absent from the ticker file
    ("SK Hynix", "Foxconn") to the names as listed, so that they are known as companies too.
    """

    by_name: dict[str, tuple[str, str]] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)
    unregistered: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """Return (CIK, ticker) for a company name, or None when unknown or shared by two registrants."""
        key = normalize_company_name(name)
        if key in self.ambiguous:
            return None
        return self.by_name.get(key)

    def is_unregistered_company(self, name: str) -> bool:
        return normalize_company_name(name) in self.unregistered

    def gazetteer_names(self) -> list[str]:
        """Return the normalized names worth a gazetteer pattern.

        Only multi-word names qualify. Single-word names ("Target", "Affirm", "Allied") are too
        often ordinary words, so those companies are left to NER and found here only by lookup.
        """
        names = []
        for key in self.by_name:
            words = key.split()
            if len(words) > 1:
                names.append(key)
        return sorted(names)


def find_ticker_file(repo_root: Path | None = None) -> Path:
    """Locate SEC's ticker file: the one `FINGRAPH_REFERENCE` names, else `<repo>/../shared/corpus/reference/`'s copy.

    The environment is read at call time, never at import, so tests and assets can set it first.
    Raises ValueError when the variable names no ticker file or, unset, the default copy is missing.
    NOTE: unlike `pipelines.settings.company_tickers_file`, the default ignores FINGRAPH_SHARED and FINGRAPH_DATA_DIR.
    """
    configured = configured_ticker_file()
    if configured is not None:
        return configured
    root = repo_root or Path(__file__).resolve().parents[2]
    default = root.parent / "shared" / "corpus" / "reference" / TICKER_FILE
    if not default.is_file():
        raise ValueError(
            f"{TICKER_FILE} not found at {default}: set FINGRAPH_REFERENCE to SEC's {TICKER_FILE} "
            f"or to the folder that contains it"
        )
    return default


def find_reference_dir(repo_root: Path | None = None) -> Path:
    """Locate the reference folder, the one that contains the ticker file `find_ticker_file` returns.

    When `FINGRAPH_REFERENCE` names a file with another name, that file is not `<folder>/company_tickers.json`,
    so callers that need the ticker file itself should use `find_ticker_file`.
    """
    return find_ticker_file(repo_root).parent


def load_company_index(ticker_file: Path, unregistered_file: Path = UNREGISTERED_FILE) -> CompanyIndex:
    """Read the SEC `company_tickers.json` map and the list of unregistered companies into a CompanyIndex."""
    with ticker_file.open(encoding="utf-8") as handle:
        rows = json.load(handle)

    index = CompanyIndex()
    for row in rows.values():
        key = normalize_company_name(_EDGAR_TITLE_MARK.sub("", str(row["title"])))
        cik = f"{int(row['cik_str']):010d}"
        known = index.by_name.get(key)
        if known and known[0] != cik:
            index.ambiguous.add(key)
        elif not known:
            index.by_name[key] = (cik, str(row["ticker"]))

    for name in read_unregistered_companies(unregistered_file):
        key = normalize_company_name(name)
        if key not in index.by_name and key not in index.ambiguous:
            index.unregistered[key] = name
    return index


def read_unregistered_companies(path: Path = UNREGISTERED_FILE) -> list[str]:
    """Read the names of a company list: one name per line, `#` comments and blank lines skipped."""
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if name and not name.startswith("#"):
            names.append(name)
    return names
