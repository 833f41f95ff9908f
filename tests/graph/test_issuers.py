"""Former EDGAR names loaded as aliases of the issuer's company node."""

from __future__ import annotations

import pytest
from graph_builders import make_filing
from neo4j import Driver

from graph.issuers import load_former_names
from schemas.documents import Issuer

pytestmark = pytest.mark.neo4j


def test_former_names_become_aliases(graph_driver: Driver) -> None:
    issuer = Issuer(name="Apple Inc.", cik="320193", former_names=("APPLE COMPUTER INC", "APPLE INC"))
    document = make_filing("0001193125-19-292676", "Apple text.", year=2019).model_copy(update={"issuer": issuer})

    load_former_names(graph_driver, [document])
    load_former_names(graph_driver, [document])

    records, _, _ = graph_driver.execute_query("MATCH (e:Company {id: 'cik:0000320193'}) RETURN e.aliases AS aliases")
    assert [r["aliases"] for r in records] == [["APPLE COMPUTER INC", "APPLE INC"]]
