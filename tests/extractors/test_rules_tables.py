"""Table rows carry no prose relation, so the rules extractor reads past them."""

from __future__ import annotations

import pytest
from document_builders import make_document, triples

# Rows of the exhibit index of NVIDIA's 10-K for fiscal 2024, with cells joined by " | " as the parser
# writes tables.
EXHIBIT_ROW = (
    "Incorporated by Reference Exhibit No. | Exhibit Description | Schedule/Form | Exhibit | Filing Date\n"
    "4.2 | Specimen Stock Certificate | S-1/A | 4.2 | 4/24/1998\n"
    "4.3 | Indenture, dated as of September 16, 2016, by and between the Company and Computershare Trust "
    "Company, N.A., as successor to Wells Fargo Bank, National Association, as Trustee | 8-K | 4.1 | 9/16/2016\n"
    "4.4 | Officers’ Certificate, dated as of September 16, 2016 | 8-K | 4.2 | 9/16/2016"
)
PROSE = "We utilize foundries, such as Taiwan Semiconductor Manufacturing Company Limited, to produce our wafers."


@pytest.mark.corpus
def test_exhibit_index_names_no_supplier(rules_extractor, parse_corpus) -> None:
    document = parse_corpus("filings/NVDA/10-K/2024-02-21/filing.htm")[0]

    suppliers = {a.subject.name for a in rules_extractor.extract(document) if a.type == "SUPPLIER_OF"}

    assert "Wells Fargo Bank" not in suppliers
    assert "National Association" not in suppliers
    assert "Taiwan Semiconductor Manufacturing Company Limited" in suppliers


def test_prose_beside_table_row_still_read(rules_extractor) -> None:
    found = triples(rules_extractor.extract(make_document(EXHIBIT_ROW + "\n\n" + PROSE)))

    assert ("SUPPLIER_OF", "Taiwan Semiconductor Manufacturing Company Limited", "NVIDIA Corporation") in found
