"""One document per filing: a bare primary document and the same filing from EDGAR become one.

A filing found without its SGML wrapper (an inline XBRL file saved from a browser, for example)
has no accession number, so the parser ids it by the sha256 of its bytes. When the full
submission of the same filing arrives later, both describe one filing. They are matched on the
cover-page facts that both carry (CIK, form, period end and the amendment flag), and the
accession-numbered document is kept because its id is the one EDGAR and the graph use.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Sequence

from schemas.documents import Document, DocumentKind

log = logging.getLogger(__name__)

_ACCESSION_ID = re.compile(r"^\d{10}-\d{2}-\d{6}$")
_SHA256_ID = re.compile(r"^[0-9a-f]{64}$")

FilingKey = tuple[str, str, dt.date, bool]


def filing_key(document: Document) -> FilingKey | None:
    """Return (CIK, base form, period end, amended) of a periodic filing; None when any part is unknown."""
    cik = document.issuer.cik if document.issuer else None
    form = (document.form or "").upper()
    if document.kind != DocumentKind.FILING or not cik or not form or document.period_end is None:
        return None
    amended = form.endswith("/A")
    return cik, form.removesuffix("/A"), document.period_end, amended


# NOTE: the match runs within one batch of parsed documents. A bare filing loaded into the graph
# by an earlier run keeps its sha256 :Document node until the graph side merges on the same key.
def merge_same_filings(documents: Sequence[Document]) -> list[Document]:
    """Drop each sha256-id filing that matches exactly one accession-id filing, keeping the input order.

    The kept document takes the ticker from the dropped one when its own issuer has none, because
    only the inline XBRL cover page states a trading symbol. A bare document that matches two
    accession-id filings (two amendments for one period, say) is kept as it is and logged.
    """
    by_key: dict[FilingKey, list[Document]] = defaultdict(list)
    for document in documents:
        key = filing_key(document)
        if key is not None and _ACCESSION_ID.match(document.id):
            by_key[key].append(document)

    replaced: dict[str, Document] = {}
    dropped: set[str] = set()
    for document in documents:
        key = filing_key(document)
        if key is None or not _SHA256_ID.match(document.id) or not by_key.get(key):
            continue
        matches = by_key[key]
        if len(matches) > 1:
            log.warning("bare filing %s matches %d EDGAR filings (%s); keeping it as a document of its own",
                        document.source_path, len(matches), ", ".join(match.id for match in matches))
            continue
        kept = replaced.get(matches[0].id, matches[0])
        replaced[kept.id] = _with_ticker(kept, document)
        dropped.add(document.id)
        log.info("bare filing %s is EDGAR filing %s; keeping the accession number", document.source_path, kept.id)

    return [replaced.get(document.id, document) for document in documents if document.id not in dropped]


def _with_ticker(kept: Document, bare: Document) -> Document:
    if kept.issuer is None or kept.issuer.ticker or bare.issuer is None or not bare.issuer.ticker:
        return kept
    issuer = kept.issuer.model_copy(update={"ticker": bare.issuer.ticker})
    return kept.model_copy(update={"issuer": issuer})
