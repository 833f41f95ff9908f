"""Document parsing: SEC filings, earnings-call transcripts and testimony to clean `Document`s."""
