"""Curated units (units.csv): their rules, the cloud brands shipped in graph/curation, and their UNIT_OF links in Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

from graph.company_matching import CompanyDirectory, CompanyRecord
from graph.context import build_context
from graph.curation_rules import Curation
from graph.fact_edges import mark_extracted, rebuild_fact_edges
from graph.loader import Neo4jLoader
from graph.pivots import run_pivot
from graph.reresolution import apply_resolution_changes
from graph.resolution import EntityResolver, resolve_assertions
from graph.units import parent_refs
from schemas.assertions import Assertion
from schemas.entities import EntityKind, EntityRef
from tests.graph.resolution_builders import PROFILE, make_assertion, make_filing, write_curation

AMAZON = "cik:0001018724"
MICROSOFT = "cik:0000789019"
AWS = "org:amazon-web-services"
AZURE = "org:microsoft-azure"
UNITS = f"unit_id,parent_id,reason\n{AWS},{AMAZON},cloud subsidiary\n{AZURE},{MICROSOFT},cloud platform\n"
ALIASES = f"kind,alias,entity_id\nCompany,AWS,{AWS}\nCompany,Azure,{AZURE}\n"


def make_directory() -> CompanyDirectory:
    directory = CompanyDirectory()
    directory.add(CompanyRecord("0001045810", "NVIDIA CORP", ("NVDA",)))
    directory.add(CompanyRecord("0001018724", "AMAZON COM INC", ("AMZN",)))
    directory.add(CompanyRecord("0000789019", "MICROSOFT CORP", ("MSFT",)))
    return directory


def make_resolver(folder: Path, units: str = UNITS) -> EntityResolver:
    write_curation(folder, "aliases.csv", ALIASES)
    write_curation(folder, "units.csv", units)
    return EntityResolver(make_directory(), Curation.from_dir(folder))


def company(resolver: EntityResolver, name: str) -> str | None:
    return resolver.resolve(EntityRef(name=name, kind=EntityKind.COMPANY)).id


def test_units_csv_gives_parent(tmp_path: Path) -> None:
    curation = make_resolver(tmp_path).curation

    assert curation.units[AWS].entity_id == AMAZON
    assert str(curation.units[AWS].rule) == f"units.csv: {AWS},{AMAZON}"


@pytest.mark.parametrize(("rows", "message"), [
    (f"{AWS},{AWS},self\n", "cycle through org:amazon-web-services"),
    ("org:a,org:b,x\norg:b,org:a,y\n", "cycle through org:a"),
    (f"{AWS},{AMAZON},x\n{AWS},{MICROSOFT},y\n", "has two parents"),
])
def test_bad_units_rejected(tmp_path: Path, rows: str, message: str) -> None:
    write_curation(tmp_path, "units.csv", "unit_id,parent_id,reason\n" + rows)

    with pytest.raises(ValueError, match=message):
        Curation.from_dir(tmp_path)


def test_merged_parent_rejected(tmp_path: Path) -> None:
    write_curation(tmp_path, "merges.csv", "from_id,to_id,reason\norg:amazon,cik:0001018724,x\n")
    write_curation(tmp_path, "units.csv", f"unit_id,parent_id,reason\n{AWS},org:amazon,x\n")

    with pytest.raises(ValueError, match="use cik:0001018724 as its parent_id"):
        Curation.from_dir(tmp_path)


def test_merged_unit_rejected(tmp_path: Path) -> None:
    write_curation(tmp_path, "merges.csv", "from_id,to_id,reason\norg:aws-inc,org:amazon-web-services,x\n")
    write_curation(tmp_path, "units.csv", f"unit_id,parent_id,reason\norg:aws-inc,{AMAZON},x\n")

    with pytest.raises(ValueError, match="use org:amazon-web-services as its unit_id"):
        Curation.from_dir(tmp_path)


@pytest.mark.parametrize(("name", "expected"), [
    ("AWS", AWS),
    ("Amazon Web Services", AWS),
    ("Azure", AZURE),
    ("Microsoft Azure", AZURE),
    ("GCP", "org:google-cloud"),
    ("Google Cloud Platform", "org:google-cloud"),
    ("Oracle Cloud Infrastructure", "org:oracle-cloud-infrastructure"),
    # In 10-Ks "OCI" is other comprehensive income, so it gets no alias.
    ("OCI", "org:oci"),
])
def test_shipped_cloud_brands_resolve(name: str, expected: str) -> None:
    resolver = EntityResolver(make_directory(), Curation.from_dir())

    assert company(resolver, name) == expected


def test_shipped_units_name_registered_parents() -> None:
    units = Curation.from_dir().units

    assert units[AWS].entity_id == AMAZON
    assert units["org:google-cloud"].entity_id == "cik:0001652044"


def test_parent_refs_only_for_present_units(tmp_path: Path) -> None:
    refs = parent_refs([AWS, "cik:0001045810"], make_resolver(tmp_path))

    assert [(ref.id, ref.cik, ref.ticker) for ref in refs] == [(AMAZON, "0001018724", "AMZN")]


def load_facts(driver: Driver, resolver: EntityResolver, assertions: list[Assertion]) -> None:
    """Load `assertions` from one NVIDIA filing and derive their fact edges."""
    document = make_filing()
    loader = Neo4jLoader(driver)
    loader.load_documents([document])
    loader.load_assertions(resolve_assertions(assertions, resolver), resolver)
    mark_extracted(driver, [document.id], PROFILE)
    rebuild_fact_edges(driver, PROFILE)


def load_cloud_competition(driver: Driver, resolver: EntityResolver) -> None:
    """Load one NVIDIA filing stating that AWS competes with Azure, and nothing about Amazon or Microsoft."""
    load_facts(driver, resolver, [make_assertion("AWS", "Azure", relation="COMPETES_WITH")])


def unit_links(driver: Driver) -> list[tuple[str, str]]:
    records, _, _ = driver.execute_query(
        "MATCH (u:Entity)-[:UNIT_OF]->(p:Entity) RETURN u.id AS unit, p.id AS parent ORDER BY unit")
    return [(r["unit"], r["parent"]) for r in records]


def graph_counts(driver: Driver) -> tuple[int, int]:
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    links, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    return nodes[0]["n"], links[0]["n"]


@pytest.mark.neo4j
def test_load_links_units_to_parents(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path))

    assert unit_links(graph_driver) == [(AWS, AMAZON), (AZURE, MICROSOFT)]


@pytest.mark.neo4j
def test_load_writes_parent_company(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path))

    records, _, _ = graph_driver.execute_query(
        "MATCH (e:Company {id: $id}) RETURN e.name AS name, e.cik AS cik, e.ticker AS ticker", id=AMAZON)
    assert records[0].data() == {"name": "AMAZON COM INC", "cik": "0001018724", "ticker": "AMZN"}


@pytest.mark.neo4j
def test_second_load_adds_no_unit_links(graph_driver: Driver, tmp_path: Path) -> None:
    resolver = make_resolver(tmp_path)
    load_cloud_competition(graph_driver, resolver)
    before = graph_counts(graph_driver)

    load_cloud_competition(graph_driver, resolver)

    assert graph_counts(graph_driver) == before


@pytest.mark.neo4j
def test_reresolve_removes_deleted_unit_row(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path / "before"))
    only_aws = f"unit_id,parent_id,reason\n{AWS},{AMAZON},cloud subsidiary\n"

    counts = apply_resolution_changes(graph_driver, make_resolver(tmp_path / "after", only_aws))

    assert unit_links(graph_driver) == [(AWS, AMAZON)]
    assert counts["unit links removed"] == 1
    # Microsoft was written only as Azure's owner, so it goes with the link.
    assert list(ingested_at(graph_driver)) == [AMAZON]
    assert counts["deleted entities"] == 1


@pytest.mark.neo4j
def test_load_keeps_links_of_deleted_row(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path / "before"))

    load_cloud_competition(graph_driver, EntityResolver(make_directory()))

    assert unit_links(graph_driver) == [(AWS, AMAZON), (AZURE, MICROSOFT)]


@pytest.mark.neo4j
def test_reresolve_keeps_parent_of_unit(graph_driver: Driver, tmp_path: Path) -> None:
    load_facts(graph_driver, make_resolver(tmp_path / "before"), [
        make_assertion("AWS", "Azure", relation="COMPETES_WITH"),
        make_assertion("Amazon", "Microsoft", relation="COMPETES_WITH", start=1),
    ])
    suppressed = f"relation,subject_id,object_id,reason\nCOMPETES_WITH,{AMAZON},{MICROSOFT},test\n"
    after = make_resolver(write_curation(tmp_path / "after", "suppressed_facts.csv", suppressed))
    before = ingested_at(graph_driver)

    counts = apply_resolution_changes(graph_driver, after)

    # The same nodes, not deleted as orphans and written again.
    assert ingested_at(graph_driver) == before
    assert counts["deleted entities"] == 0
    assert unit_links(graph_driver) == [(AWS, AMAZON), (AZURE, MICROSOFT)]


def ingested_at(driver: Driver) -> dict[str, object]:
    records, _, _ = driver.execute_query("MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id, e.ingested_at AS at",
                                         ids=[AMAZON, MICROSOFT])
    return {r["id"]: r["at"] for r in records}


@pytest.mark.neo4j
def test_context_of_parent_shows_unit_facts(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path))

    context = build_context(graph_driver, "AMZN", embedder=None)

    assert [(f.via.id if f.via else None, f.via_relation, f.other.id) for f in context.second_order] == [
        (AWS, "UNIT_OF", AZURE)]
    assert "Second-order facts via AWS (UNIT_OF):" in context.to_text()


@pytest.mark.neo4j
def test_suppliers_of_parent_include_unit(graph_driver: Driver, tmp_path: Path) -> None:
    load_facts(graph_driver, make_resolver(tmp_path),
               [make_assertion("Intel", "AWS"), make_assertion("Micron", "Amazon", start=1)])

    rows = run_pivot(graph_driver, "suppliers_of", {"company": "AMZN"})

    assert sorted((row["supplier_id"], row["buyer_id"]) for row in rows) == [
        ("org:intel", AWS), ("org:micron", AMAZON)]


@pytest.mark.neo4j
def test_changes_between_include_unit(graph_driver: Driver, tmp_path: Path) -> None:
    load_cloud_competition(graph_driver, make_resolver(tmp_path))

    rows = run_pivot(graph_driver, "changes_between",
                     {"company": "AMZN", "from_date": "2023-01-01", "to_date": "2024-12-31"})

    assert [(row["change"], row["subject_id"], row["object_id"]) for row in rows] == [("appeared", AWS, AZURE)]


@pytest.mark.neo4j
def test_changes_between_lists_shared_fact_once(graph_driver: Driver, tmp_path: Path) -> None:
    load_facts(graph_driver, make_resolver(tmp_path), [make_assertion("AWS", "Amazon")])

    rows = run_pivot(graph_driver, "changes_between",
                     {"company": "AMZN", "from_date": "2023-01-01", "to_date": "2024-12-31"})

    assert [(row["subject_id"], row["object_id"]) for row in rows] == [(AWS, AMAZON)]


@pytest.mark.neo4j
def test_context_unit_facts_skip_parent(graph_driver: Driver, tmp_path: Path) -> None:
    load_facts(graph_driver, make_resolver(tmp_path), [make_assertion("AWS", "Amazon")])

    context = build_context(graph_driver, "AMZN", embedder=None)

    assert [(f.hop.subject_id, f.hop.object_id) for f in context.facts] == [(AWS, AMAZON)]
    assert context.second_order == []


@pytest.mark.neo4j
def test_supplier_concentration_include_unit(graph_driver: Driver, tmp_path: Path) -> None:
    sole = make_assertion("Intel", "AWS")
    sole = sole.model_copy(update={"attributes": {"sole_source": "sole"}}).with_id()
    load_facts(graph_driver, make_resolver(tmp_path), [sole, make_assertion("Micron", "NVIDIA", start=1)])

    rows = run_pivot(graph_driver, "supplier_concentration", {"company": "AMZN"})

    assert [(row["supplier_id"], row["buyer_id"], row["concentration"]) for row in rows] == [
        ("org:intel", AWS, "sole")]


@pytest.mark.neo4j
def test_context_keeps_unit_copy_of_fact(graph_driver: Driver, tmp_path: Path) -> None:
    # Microsoft -COMPETES_WITH- NVIDIA -SUPPLIER_OF-> Azure reaches Azure's fact by an ordinary path too.
    load_facts(graph_driver, make_resolver(tmp_path), [
        make_assertion("NVIDIA", "Microsoft", relation="COMPETES_WITH"),
        make_assertion("NVIDIA", "Azure", start=1),
    ])

    context = build_context(graph_driver, "MSFT", embedder=None)

    supplies = [f for f in context.second_order if f.hop.relation == "SUPPLIER_OF"]
    assert [(f.via.id if f.via else None, f.via_relation) for f in supplies] == [(AZURE, "UNIT_OF")]
    assert context.second_order[0].via_relation == "UNIT_OF"
