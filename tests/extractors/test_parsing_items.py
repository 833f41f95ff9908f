"""Item sections on hand-made 10-Ks: the table of contents is skipped in each layout."""

from __future__ import annotations

import pytest
from builders import write_file

from extractors.parsing import parse_file


CONTENTS_AS_LINES = """<html><body>
<div>FORM 10-K</div>
<div>Item 1. Business</div><div>Item 1A. Risk Factors</div><div>Item 2. Properties</div><div>Item 7. Management's Discussion</div>
<div>Item 1. Business</div><div>We make widgets.</div>
<div>Item 1A. Risk Factors</div><div>Our widget supply depends on Acme Metals.</div>
<div>Item 2. Properties</div><div>We lease a plant.</div>
<div>Item 7. Management's Discussion</div><div>Sales rose.</div>
</body></html>"""

CONTENTS_AS_TABLE = """<html><body>
<div>FORM 10-K</div>
<table><tr><td>Item 1A.</td><td>Risk Factors</td><td>3</td></tr></table>
<table><tr><td>Item 2.</td><td>Properties</td><td>9</td></tr></table>
<div>Item 1A. Risk Factors</div><div>Our widget supply depends on Acme Metals.</div>
<div>Item 2. Properties</div><div>We lease a plant.</div>
</body></html>"""


@pytest.mark.parametrize("html", [CONTENTS_AS_LINES, CONTENTS_AS_TABLE], ids=["lines", "table"])
def test_items_skip_table_of_contents(tmp_path, html):
    document = parse_file(write_file(tmp_path, "filings/XYZ/10-K/2024-03-01/xyz.htm", html))[0]
    risk = next(s for s in document.sections if s.name == "Item 1A")

    assert document.text[risk.start:risk.end] == "Item 1A. Risk Factors\n\nOur widget supply depends on Acme Metals."
