"""Document parsing: SEC filings, earnings-call transcripts and testimony to clean `Document`s.

`parse_file` is the entry point: it detects the kind of file, runs the matching parser and
returns the primary document first, then the useful exhibits of a full submission.
"""

from __future__ import annotations

from extractors.parsing.api import MAX_FILE_BYTES, parse_bytes, parse_file
from extractors.parsing.detect import KINDS, detect_kind

__all__ = ["KINDS", "MAX_FILE_BYTES", "detect_kind", "parse_bytes", "parse_file"]
