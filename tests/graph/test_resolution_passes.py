"""Resolution passes for companies, persons, government bodies and factors, without a graph."""

from __future__ import annotations

from pathlib import Path

from graph.company_matching import CompanyRecord
from graph.person_ids import AffiliationIndex
from graph.resolution import EntityResolver, resolve_assertions
from schemas.entities import EntityKind, EntityRef
from schemas.names import normalize_company_name, normalize_person_name
from tests.graph.resolution_builders import NVIDIA_CIK, TSMC_CIK, make_assertion, make_directory, make_resolver
from tests.graph.resolution_builders import write_curation


def company(name: str, curation_dir: Path | None = None) -> EntityRef:
    return make_resolver(curation_dir).resolve(EntityRef(name=name, kind=EntityKind.COMPANY))


def test_legal_suffixes_dropped() -> None:
    names = ["Acme Inc.", "Acme Incorporated", "Acme Corp.", "Acme Corporation", "Acme Co.", "Acme Company",
             "Acme Ltd.", "Acme Limited", "Acme plc", "Acme N.V.", "Acme S.A.", "Acme AG", "Acme SE",
             "Acme Holdings", "The Acme Company", "ACME CORP /DE/", "Acme S.A.B. de C.V."]
    assert {normalize_company_name(n) for n in names} == {"acme"}


def test_ampersand_and_unicode_folded() -> None:
    assert normalize_company_name("Société Générale & Cie") == normalize_company_name("SOCIETE GENERALE AND CIE")


def test_ticker_mention_resolves() -> None:
    ref = company("NVIDIA Corporation (Nasdaq: NVDA)")
    assert (ref.id, ref.resolution_method) == (f"cik:{NVIDIA_CIK}", "ticker_mention")


def test_bare_exchange_ticker_resolves() -> None:
    assert company("NYSE: TSM").id == f"cik:{TSMC_CIK}"


def test_unknown_ticker_falls_back_to_name() -> None:
    assert company("Nvidia Corp (NYSE: ZZZZ)").id == f"cik:{NVIDIA_CIK}"


def test_fuzzy_typo_resolves() -> None:
    ref = company("Advanced Micro Device")
    assert ref.id == "cik:0000002488"
    assert ref.resolution_method == "fuzzy_name"
    assert 0.92 <= (ref.resolution_score or 0) < 1.0


def test_short_name_skips_fuzzy() -> None:
    """At a threshold low enough for "AMDX" to score 75 against "amd x", only the length rule stops it."""
    directory = make_directory()
    directory.add(CompanyRecord("0000000777", "AMD X Corp", ()))
    resolver = EntityResolver(directory, fuzzy_threshold=70)
    assert resolver.resolve(EntityRef(name="AMDX", kind=EntityKind.COMPANY)).id == "org:amdx"
    assert resolver.resolve(EntityRef(name="AMD XY", kind=EntityKind.COMPANY)).id == "cik:0000000777"


def test_unmatched_org_id_stable() -> None:
    ref = company("The Foxconn Company")
    assert (ref.id, ref.resolution_method, ref.resolution_score) == ("org:foxconn", "unmatched", 0.0)


def test_forbidden_merge_blocks_fuzzy(tmp_path: Path) -> None:
    folder = write_curation(tmp_path, "forbidden_merges.csv", "id_a,id_b,reason\norg:advanced-micro-device,cik:0000002488,x\n")
    assert company("Advanced Micro Device", folder).id == "org:advanced-micro-device"


def test_forced_merge_records_rule(tmp_path: Path) -> None:
    folder = write_curation(tmp_path, "merges.csv", "from_id,to_id,reason\norg:foxconn,org:hon-hai-precision,same\n")
    decision = make_resolver(folder).decide(EntityRef(name="Foxconn", kind=EntityKind.COMPANY))
    assert decision.ref.id == "org:hon-hai-precision"
    assert str(decision.rule) == "merges.csv: org:foxconn,org:hon-hai-precision"


def test_alias_decision_names_rule(tmp_path: Path) -> None:
    folder = write_curation(tmp_path, "aliases.csv", "kind,alias,entity_id\nCompany,TSMC,cik:0001046179\n")
    decision = make_resolver(folder).decide(EntityRef(name="TSMC", kind=EntityKind.COMPANY))
    assert decision.ref.cik == TSMC_CIK
    assert str(decision.rule) == "aliases.csv: Company,TSMC,cik:0001046179"


def test_merge_cycle_rejected(tmp_path: Path) -> None:
    folder = write_curation(tmp_path, "merges.csv", "from_id,to_id\norg:a,org:b\norg:b,org:a\n")
    try:
        make_resolver(folder)
    except ValueError as exc:
        assert "cycle" in str(exc)
    else:
        raise AssertionError("a merge cycle was accepted")


def test_person_titles_and_order_folded() -> None:
    names = ["Mr. John Q. Smith Jr.", "Smith, John", "Senator John Smith", "Chairman John Smith",
             "Representative John Smith", "Dr. John Smith"]
    assert {normalize_person_name(n) for n in names} == {"john smith"}


def test_person_single_affiliation_unsuffixed() -> None:
    ref = make_resolver().resolve(EntityRef(name="Dr. John Smith", kind=EntityKind.PERSON), "cik:1",
                                  AffiliationIndex.from_pairs([("John Smith", "cik:1")]))
    assert ref.id == "person:john-smith"


def test_person_collision_suffixed() -> None:
    index = AffiliationIndex.from_pairs([("John Smith", "cik:1"), ("Smith, John", "org:acme")])
    ref = make_resolver().resolve(EntityRef(name="John Smith", kind=EntityKind.PERSON), "org:acme", index)
    assert ref.id == "person:john-smith~org-acme"


def test_person_ids_order_independent() -> None:
    batch = [make_assertion("John Smith", "NVIDIA", "OFFICER_OF", EntityKind.PERSON),
             make_assertion("Mr. John Smith", "Advanced Micro Devices", "OFFICER_OF", EntityKind.PERSON, start=2)]
    forward = [a.subject.id for a in resolve_assertions(batch, make_resolver())]
    backward = [a.subject.id for a in resolve_assertions(batch[::-1], make_resolver())]
    assert forward == backward[::-1]
    assert len(set(forward)) == 2


def test_committee_is_government() -> None:
    ref = make_resolver().resolve(EntityRef(name="Senate Committee on Finance", kind=EntityKind.ORGANIZATION))
    assert (ref.id, ref.kind) == ("gov:senate-committee-on-finance", EntityKind.GOVERNMENT_BODY)


def test_think_tank_is_organization() -> None:
    ref = make_resolver().resolve(EntityRef(name="Brookings Institute", kind=EntityKind.GOVERNMENT_BODY))
    assert (ref.id, ref.kind) == ("org:brookings-institute", EntityKind.ORGANIZATION)


def test_federal_association_is_organization() -> None:
    ref = make_resolver().resolve(EntityRef(name="Federal Bar Association", kind=EntityKind.ORGANIZATION))
    assert ref.kind is EntityKind.ORGANIZATION


def test_factor_currency_code() -> None:
    resolver = make_resolver()
    ids = {resolver.resolve(EntityRef(name=n, kind=EntityKind.FACTOR)).id for n in ("CNY", "yuan", "Renminbi")}
    assert ids == {"factor:currency:chinese-yuan"}


def test_factor_country_codes() -> None:
    resolver = make_resolver()
    ids = {resolver.resolve(EntityRef(name=n, kind=EntityKind.FACTOR)).id for n in ("DE", "DEU", "Germany")}
    assert ids == {"factor:country:germany"}


def test_factor_lowercase_code_ignored() -> None:
    assert make_resolver().resolve(EntityRef(name="can", kind=EntityKind.FACTOR)).resolution_method == "unmatched"


def test_suppressed_fact_left_out(tmp_path: Path) -> None:
    rows = f"relation,subject_id,object_id\nSUPPLIER_OF,cik:{TSMC_CIK},cik:{NVIDIA_CIK}\n"
    resolver = make_resolver(write_curation(tmp_path, "suppressed_facts.csv", rows))
    assert resolve_assertions([make_assertion("TSMC Ltd (NYSE: TSM)")], resolver) == []
