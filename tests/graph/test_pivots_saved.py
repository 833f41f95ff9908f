"""Saved pivots on the small supply graph: rows, evidence and as-of cut-offs."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.pivots import list_pivots, load_pivot, pivot_parameters, run_pivot
from query_builders import ACME_ID, BIGBUYER_ID, GALLIUM_CONTROLS_ID, WIDGETS_ID

pytestmark = pytest.mark.neo4j

EVIDENCE_KEYS = ("document", "filed_at", "stated_for", "quote")


def supplier_ids(rows: list[dict]) -> list[str]:
    return [row["supplier_id"] for row in rows]


def test_every_pivot_has_description() -> None:
    names = {pivot.name for pivot in list_pivots()}

    assert {"suppliers_of", "customers_of", "exposed_to_factor", "second_order_exposure", "supplier_concentration",
            "testified_against", "officers_of", "changes_between"} <= names
    for pivot in list_pivots():
        assert pivot.description, pivot.name
        assert "$as_of" in pivot.cypher, pivot.name


def test_parameters_reject_unknown_name() -> None:
    with pytest.raises(ValueError, match="has no parameter"):
        pivot_parameters(load_pivot("suppliers_of"), {"company": "WDGT", "compnay": "x"}, None)


def test_parameters_misspelled_name_shown() -> None:
    with pytest.raises(ValueError, match="needs parameter\\(s\\) company and has no parameter\\(s\\) compnay"):
        pivot_parameters(load_pivot("suppliers_of"), {"compnay": "WDGT"}, None)


def test_parameters_reject_bad_date() -> None:
    with pytest.raises(ValueError, match="from_date"):
        pivot_parameters(load_pivot("changes_between"),
                         {"company": "WDGT", "from_date": "mid-2022", "to_date": "2024-01-01"}, None)


def test_parameters_fill_optional_defaults() -> None:
    values = pivot_parameters(load_pivot("supplier_concentration"), {}, "2022-06-30")

    assert values["company"] is None
    assert values["min_share"] == "0.5"
    assert values["as_of"].isoformat() == "2022-06-30"


def test_missing_parameter_is_named(supply_driver: Driver) -> None:
    with pytest.raises(ValueError, match="company"):
        run_pivot(supply_driver, "suppliers_of", {})


@pytest.mark.parametrize("company", ["WDGT", "wdgt", "1", "0000000001", "Widgets Inc", "widgets", WIDGETS_ID])
def test_suppliers_of_accepts_any_company_key(supply_driver: Driver, company: str) -> None:
    rows = run_pivot(supply_driver, "suppliers_of", {"company": company})

    assert supplier_ids(rows) == [ACME_ID, "org:newco", "org:oldco"]


def test_suppliers_of_rows_carry_evidence(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "suppliers_of", {"company": "WDGT"})

    acme = rows[0]
    assert acme["document"] == "0000000001-24-000010"
    assert acme["filed_at"] == "2024-02-15"
    assert acme["stated_for"] == "2023-12-31"
    assert acme["quote"] == "Acme Metals is our sole source of gallium wafers."
    assert acme["sole_source"] == "sole"
    assert acme["documents"] == 3


def test_suppliers_of_as_of_hides_later_facts(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "suppliers_of", {"company": "WDGT"}, "2022-06-30")

    assert supplier_ids(rows) == [ACME_ID, "org:oldco"]
    assert all(row["filed_at"] <= "2022-06-30" for row in rows)
    assert all(row["last_seen"] == "2021-12-31" for row in rows)


def test_suppliers_of_as_of_before_filing(supply_driver: Driver) -> None:
    # The FY2021 report speaks for 2021-12-31 but was filed on 2022-02-15.
    assert run_pivot(supply_driver, "suppliers_of", {"company": "WDGT"}, "2022-01-31") == []


def test_suppliers_of_as_of_after_silent_report(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "suppliers_of", {"company": "WDGT"}, "2023-06-30")

    assert supplier_ids(rows) == [ACME_ID]


def test_customers_of_lists_buyer(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "customers_of", {"company": "WDGT"})

    assert [row["customer_id"] for row in rows] == [BIGBUYER_ID]
    assert rows[0]["revenue_share"] == 0.55
    assert rows[0]["quote"] == "BigBuyer accounted for 55% of our revenue."


@pytest.mark.parametrize("factor", ["export controls", "Export Controls on Gallium", "gallium",
                                    "factor:regulation:export-controls", GALLIUM_CONTROLS_ID])
def test_exposed_to_factor_finds_narrower(supply_driver: Driver, factor: str) -> None:
    rows = run_pivot(supply_driver, "exposed_to_factor", {"factor": factor})

    assert [row["company_id"] for row in rows] == [ACME_ID]
    assert rows[0]["factor_id"] == GALLIUM_CONTROLS_ID
    assert rows[0]["document"] == "0000000002-23-000020"


@pytest.mark.parametrize("factor", ["expo", "port controls", "", "gallium export", "factor:regulation:exp"])
def test_exposed_to_factor_needs_whole_words(supply_driver: Driver, factor: str) -> None:
    assert run_pivot(supply_driver, "exposed_to_factor", {"factor": factor}) == []


def test_second_order_exposure_carries_both_quotes(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "second_order_exposure", {"factor": "export controls"})

    assert len(rows) == 1
    row = rows[0]
    assert (row["company_id"], row["supplier_id"], row["factor_id"]) == (WIDGETS_ID, ACME_ID, GALLIUM_CONTROLS_ID)
    assert row["supply_quote"] == "Acme Metals is our sole source of gallium wafers."
    assert row["exposure_quote"] == "Export controls on gallium could disrupt our supply."
    assert row["exposure_document"] == "0000000002-23-000020"


def test_second_order_exposure_as_of_before_exposure(supply_driver: Driver) -> None:
    # Acme's exposure was first stated in a report filed on 2023-03-01.
    assert run_pivot(supply_driver, "second_order_exposure", {"factor": "gallium"}, "2023-02-28") == []
    assert len(run_pivot(supply_driver, "second_order_exposure", {"factor": "gallium"}, "2023-03-01")) == 1


def test_supplier_concentration_lists_sole_and_share(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "supplier_concentration", {})

    assert [(row["supplier_id"], row["buyer_id"], row["concentration"]) for row in rows] == [
        (ACME_ID, WIDGETS_ID, "sole"), (WIDGETS_ID, BIGBUYER_ID, "revenue_share")]
    assert all(row["quote"] for row in rows)


def test_supplier_concentration_min_share(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "supplier_concentration", {"company": "BIGB", "min_share": "0.6"})

    assert rows == []


def test_supplier_concentration_as_of(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "supplier_concentration", {"company": "WDGT"}, "2022-06-30")

    assert [row["concentration"] for row in rows] == ["sole"]
    assert rows[0]["document"] == "0000000001-22-000010"


def test_testified_against_lists_hearing(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "testified_against", {"organization": "Widgets Inc"})

    assert len(rows) == 1
    row = rows[0]
    assert row["person_id"] == "person:john-roe"
    assert row["hearing"] == "Hearing on Chip Supply Chains"
    assert row["hearing_date"] == "2023-05-10"
    assert row["document"] == "testimony-2023-05-10"
    assert row["quote"] == "Widgets ignored the safety warnings we sent."


def test_testified_against_as_of_before_hearing(supply_driver: Driver) -> None:
    assert run_pivot(supply_driver, "testified_against", {"organization": "WDGT"}, "2023-05-01") == []


def test_officers_of_status_and_role(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "officers_of", {"company": "WDGT"})

    assert [(row["person_id"], row["role"], row["status"]) for row in rows] == [
        ("person:jane-smith", "Chief Executive Officer", "not_reaffirmed")]


def test_officers_of_as_of_is_active(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "officers_of", {"company": "WDGT"}, "2023-06-30")

    assert [row["status"] for row in rows] == ["active"]
    assert rows[0]["document"] == "0000000001-23-000010"


def changes(rows: list[dict]) -> list[tuple[str, str, str]]:
    return [(row["change"], row["subject_id"], row["object_id"]) for row in rows]


def test_changes_between_years(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "changes_between",
                     {"company": "WDGT", "from_date": "2023-06-30", "to_date": "2024-06-30"})

    assert changes(rows) == [
        ("appeared", "org:newco", WIDGETS_ID),
        ("not_reaffirmed", "person:jane-smith", WIDGETS_ID),
        ("reappeared", "org:oldco", WIDGETS_ID),
    ]


def test_changes_between_evidence(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "changes_between",
                     {"company": "WDGT", "from_date": "2023-06-30", "to_date": "2024-06-30"})
    by_change = {row["change"]: row for row in rows}

    assert by_change["reappeared"]["document"] == "0000000001-24-000010"
    assert by_change["reappeared"]["quote"] == "Oldco supplies our packaging."
    assert by_change["not_reaffirmed"]["document"] == "0000000001-23-000010"
    assert by_change["not_reaffirmed"]["silent_document"] == "0000000001-24-000010"


def test_changes_between_first_year(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "changes_between",
                     {"company": "WDGT", "from_date": "2022-06-30", "to_date": "2023-06-30"})

    assert changes(rows) == [
        ("appeared", WIDGETS_ID, BIGBUYER_ID),
        ("appeared", "person:john-roe", WIDGETS_ID),
        ("not_reaffirmed", "org:oldco", WIDGETS_ID),
    ]


def test_changes_between_as_of_caps_end(supply_driver: Driver) -> None:
    rows = run_pivot(supply_driver, "changes_between",
                     {"company": "WDGT", "from_date": "2022-06-30", "to_date": "2024-06-30"}, "2023-01-31")

    assert changes(rows) == [("not_reaffirmed", "org:oldco", WIDGETS_ID)]
