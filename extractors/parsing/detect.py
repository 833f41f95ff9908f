"""Detect the kind of document in a file from its bytes, with the path as a tie-breaker."""

from __future__ import annotations

import logging
import re

from schemas.errors import ParseError

log = logging.getLogger(__name__)

FULL_SUBMISSION = "full_submission"
FILING_HTML = "filing_html"
EARNINGS_CALL = "earnings_call"
TESTIMONY_PDF = "testimony_pdf"
TESTIMONY_TEXT = "testimony_text"
KINDS = (FULL_SUBMISSION, FILING_HTML, EARNINGS_CALL, TESTIMONY_PDF, TESTIMONY_TEXT)

_SUBMISSION_MARKERS = (b"<SEC-DOCUMENT>", b"<SEC-HEADER>", b"-----BEGIN PRIVACY-ENHANCED MESSAGE-----", b"<IMS-DOCUMENT>")
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_CALL_WORDS = re.compile(
    r"\b(?:earnings (?:conference )?call|conference call|operator|prepared remarks|question-and-answer|"
    r"q&a|analysts?|quarter|guidance|revenue|fiscal|ebitda|corporate participants)\b",
    re.IGNORECASE,
)
_HEARING_WORDS = re.compile(
    r"\b(?:hearing|subcommittee|committee|senators?|congress|ranking member|chairman|chairwoman|"
    r"testify|testimony|witness|government publishing office|house of representatives)\b",
    re.IGNORECASE,
)
# A path hint is worth this many keyword hits: enough to break a tie, not to override content.
PATH_HINT_WEIGHT = 5


def detect_kind(data: bytes, name: str) -> str:
    """Return the kind of document in `data`; raise ParseError(reason="not-a-document") otherwise."""
    head = data[:65536]
    if head.lstrip()[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return TESTIMONY_PDF
    if any(marker in head for marker in _SUBMISSION_MARKERS):
        return FULL_SUBMISSION
    if _HTML_START.match(head[:4096]) or b"<html" in head[:2048].lower():
        return FILING_HTML
    if _looks_binary(head):
        raise ParseError(
            f"{name} is not a document fingraph can read: binary content that is not a PDF; "
            "pass an EDGAR submission, filing HTML, transcript text or testimony PDF/text",
            path=name, reason="not-a-document",
        )
    # Classification needs only the words, so undecodable bytes may become U+FFFD here.
    return _text_kind(data[:60_000].decode("utf-8", errors="replace"), name)


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control > len(head) * 0.01


def _text_kind(text: str, name: str) -> str:
    lowered = name.replace("\\", "/").lower()
    call = len(_CALL_WORDS.findall(text))
    hearing = len(_HEARING_WORDS.findall(text))
    if "/transcripts/" in f"/{lowered}":
        call += PATH_HINT_WEIGHT
    if "/testimony/" in f"/{lowered}":
        hearing += PATH_HINT_WEIGHT
    if call == 0 and hearing == 0:
        raise ParseError(
            f"{name} is not a recognised document: plain text with no sign of an earnings call or a hearing; "
            "put it under a transcripts/ or testimony/ folder if it is one",
            path=name, reason="not-a-document",
        )
    return EARNINGS_CALL if call > hearing else TESTIMONY_TEXT


def decode_text(data: bytes, *, name: str) -> str:
    """Decode text as UTF-8, falling back to Windows-1252 (common in US press transcripts)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Latin-1 decodes every byte. The five bytes cp1252 leaves undefined become C1 controls.
        text = data.decode("latin-1")
    log.warning("%s is not UTF-8; decoded it as Windows-1252", name)
    return text
