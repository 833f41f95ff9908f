"""False relations that the rules extractor read from whole corpus filings and calls, each on its real sentence."""

from __future__ import annotations

from document_builders import make_document, triples

from schemas.documents import Issuer

AMAZON = Issuer(name="AMAZON.COM, INC.", cik="0001018724", ticker="AMZN")
COCA_COLA = Issuer(name="COCA COLA CO", cik="0000021344", ticker="KO")
META = Issuer(name="Meta Platforms, Inc.", cik="0001326801", ticker="META")
SPIRIT = Issuer(name="Spirit AeroSystems Holdings, Inc.", cik="0001364885", ticker="SPR")
WALMART = Issuer(name="WALMART INC.", cik="0000104169", ticker="WMT")
NVIDIA_NAME = "NVIDIA Corporation"


def _relations(text: str, rules_extractor, issuer: Issuer | None = None) -> set[tuple[str, str, str]]:
    document = make_document(text, issuer=issuer) if issuer else make_document(text)
    return triples(rules_extractor.extract(document))


def _objects(found: set[tuple[str, str, str]], relation: str) -> set[str]:
    return {obj for rel, _, obj in found if rel == relation}


# Coca-Cola 10-K for 2024, Item 1, "Governmental Regulation".
LAWS_SENTENCE = (
    "In the United States, the safety, production, storage, transportation, distribution, advertising, marketing, "
    "labeling and sale of our Company\u2019s products and their ingredients are subject to the Federal Food, Drug, and "
    "Cosmetic Act; the Federal Trade Commission Act; the Lanham Act; state consumer protection laws; various federal "
    "and state laws and regulations governing competition and trade practices, including the Robinson-Patman Act of "
    "1936, as amended, and the Clayton Antitrust Act of 1914, as amended; federal, state and local workplace health "
    "and safety laws; various federal and state laws and regulations governing our employment practices, including "
    "those related to equal employment opportunity and compensation; various federal, state and local environmental "
    "protection laws; privacy and personal data protection laws; trade laws and regulations, including laws "
    "regarding the import or export of our products or ingredients used in our products and tariffs; and various "
    "other federal, state and local statutes and regulations."
)


def test_law_is_no_competitor(rules_extractor):
    found = _relations(LAWS_SENTENCE, rules_extractor, COCA_COLA)

    assert _objects(found, "COMPETES_WITH") == set()


# Amazon 10-K for 2024: Item 1 "Human Capital" and Item 8, legal proceedings.
AMAZON_SENTENCES = (
    "We rely on numerous and evolving initiatives to implement this objective and invent mechanisms for talent "
    "development, including competitive pay and benefits, flexible work arrangements, and skills training and "
    "educational programs such as Amazon Career Choice (education funding for eligible employees).\n\n"
    "In December 2021, the Italian Competition Authority (the \u201cICA\u201d) issued a decision against Amazon "
    "Services Europe S.\u00e0 r.l., Amazon Europe Core S.\u00e0 r.l., Amazon EU S.\u00e0 r.l., Amazon Italia Services "
    "S.r.l., and Amazon Italia Logistica S.r.l. claiming that certain of our marketplace and logistics practices in "
    "Italy infringe EU competition rules."
)


def test_competitive_pay_and_competition_authority_name_no_competitor(rules_extractor):
    found = _relations(AMAZON_SENTENCES, rules_extractor, AMAZON)

    assert _objects(found, "COMPETES_WITH") == set()


# Meta 10-K for 2024, Item 1A.
COMPETITIVE_PRODUCTS_SENTENCE = (
    "User growth and engagement are also impacted by a number of other factors, including competitive products and "
    "services, such as TikTok, that have reduced some users' engagement with our products and services, as well as "
    "global and regional business, macroeconomic, and geopolitical conditions."
)


def test_competitive_products_still_name_competitor(rules_extractor):
    found = _relations(COMPETITIVE_PRODUCTS_SENTENCE, rules_extractor, META)

    assert ("COMPETES_WITH", "Meta Platforms, Inc.", "TikTok") in found


# NVIDIA 10-K for fiscal 2023, Item 1, "Competition": the lead-in and the networking bullet.
NETWORKING_COMPETITORS = (
    "Our current competitors include:\n\n"
    "\u2022suppliers of interconnect, switch cable solutions, and DPUs such as AMD, Applied Optoelectronics, Inc., "
    "Arista Networks, Broadcom, Cisco Systems, Inc., or Cisco, Hewlett Packard Enterprise Company, Intel, Juniper "
    "Networks, Inc., Lumentum Holdings, and Marvell Technology Group, as well as internal teams of system vendors and "
    "large cloud services companies."
)


def test_untagged_alias_does_not_end_competitor_list(rules_extractor):
    competitors = _objects(_relations(NETWORKING_COMPETITORS, rules_extractor), "COMPETES_WITH")

    assert {"Cisco Systems, Inc.", "Hewlett Packard Enterprise Company", "Juniper Networks, Inc."} <= competitors
    assert {"Lumentum Holdings", "Marvell Technology Group"} <= competitors
    assert "Cisco" not in competitors


# Coca-Cola 10-K for 2024, Item 7: operating segments as the headings of list items.
SEGMENT_HEADINGS = (
    "Price, product and geographic mix had an 11% favorable impact on our consolidated net operating revenues. "
    "Price, product and geographic mix was impacted by a variety of factors and events, including, but not limited "
    "to, the following:\n\n"
    "\u2022Europe, Middle East and Africa \u2014 favorable pricing initiatives, including inflationary pricing in "
    "T\u00fcrkiye and Zimbabwe, and favorable geographic mix, partially offset by increased funding for promotional "
    "and marketing support;\n\n"
    "\u2022Asia Pacific \u2014 favorable pricing initiatives and favorable geographic mix, partially offset by "
    "unfavorable channel, category and package mix and increased funding for promotional and marketing support;"
)


def test_segment_heading_is_no_exposure(rules_extractor):
    exposures = _objects(_relations(SEGMENT_HEADINGS, rules_extractor, COCA_COLA), "EXPOSED_TO")

    assert not exposures & {"Europe", "Middle East", "Africa", "Asia-Pacific"}


# Coca-Cola 10-K for 2024, Item 7, "Operating Segments".
OPERATING_UNITS = (
    "The operating segment reported growth in unit case volume of 7% in the India and Southwest Asia operating unit "
    "and 4% in both the ASEAN and South Pacific and the Japan and South Korea operating units, partially offset by a "
    "decline of 5% in the Greater China and Mongolia operating unit."
)
SEGMENTS_AND_CURRENCIES = (
    "The unfavorable impact of a stronger U.S. dollar compared to the currencies listed above was partially offset "
    "by the impact of a weaker U.S. dollar compared to certain other foreign currencies, including the British pound "
    "and euro, which had a favorable impact on our Europe, Middle East and Africa and Global Ventures operating "
    "segments."
)


def test_operating_unit_name_is_no_exposure(rules_extractor):
    exposures = _objects(_relations(OPERATING_UNITS, rules_extractor, COCA_COLA), "EXPOSED_TO")

    assert not exposures & {"India", "Japan", "South Korea", "China"}


def test_segment_names_drop_but_currencies_stay(rules_extractor):
    exposures = _objects(_relations(SEGMENTS_AND_CURRENCIES, rules_extractor, COCA_COLA), "EXPOSED_TO")

    assert {"British pound", "euro"} <= exposures
    assert not exposures & {"Europe", "Middle East", "Africa"}


def test_region_in_prose_stays_exposure(rules_extractor):
    # Albemarle Q4 2021 call.
    sentence = (
        "This is below our previous outlook, primarily due to cost pressures related to high natural gas pricing in "
        "Europe and raw material inflation."
    )

    exposures = _objects(_relations(sentence, rules_extractor, COCA_COLA), "EXPOSED_TO")

    assert "Europe" in exposures


# Amazon 10-K for 2024, exhibit index.
TRUSTEE_ROW = (
    "Indenture, dated as of November 29, 2012, between Amazon.com, Inc. and Wells Fargo Bank, National Association, "
    "as trustee (incorporated by reference to the Company\u2019s Current Report on Form 8-K, filed November 29, 2012)."
)


def test_legal_form_alone_is_no_company(rules_extractor):
    suppliers = {s for rel, s, _ in _relations(TRUSTEE_ROW, rules_extractor, AMAZON) if rel == "SUPPLIER_OF"}

    assert suppliers == {"Wells Fargo Bank, National Association"}


# Boeing 10-K for 2024 and NVIDIA 10-K for fiscal 2025, both Item 8.
ABBREVIATIONS = (
    "Pension assets invested in commingled and LP structures rely on the NAV of these investments as the practical "
    "expedient for the valuations.\n\n"
    "Intangible assets primarily represent acquired intangible assets including developed technology and customer "
    "relationships, as well as rights acquired under technology licenses, patents, and acquired IP."
)


def test_accounting_abbreviations_are_no_companies(rules_extractor):
    assert _relations(ABBREVIATIONS, rules_extractor) == set()


# NVIDIA 10-K for fiscal 2023, Item 1.
TERMINATED_PURCHASE = (
    "In February 2022, NVIDIA and SoftBank Group Corp., or SoftBank, announced the termination of the Share Purchase "
    "Agreement whereby NVIDIA would have acquired Arm Limited, or Arm, from SoftBank."
)


def test_terminated_purchase_is_no_acquisition(rules_extractor):
    assert _objects(_relations(TERMINATED_PURCHASE, rules_extractor), "ACQUIRED") == set()


# Spirit AeroSystems Q1 2021 call and Walmart 10-K for fiscal 2025.
BOUGHT_PROGRAMS = (
    "Revenue from our recently acquired Bombardier business jet programs and the A220 wing program helped offset "
    "some of the wide-body revenue decrease."
)
BOUGHT_COMPANY = (
    "Further, we recently acquired VIZIO Holding Corp. and its subsidiaries, which collects certain consumer data, "
    "including certain television viewing data."
)


def test_acquired_programs_are_no_acquired_company(rules_extractor):
    assert _objects(_relations(BOUGHT_PROGRAMS, rules_extractor, SPIRIT), "ACQUIRED") == set()


def test_acquired_company_stays_acquired(rules_extractor):
    found = _relations(BOUGHT_COMPANY, rules_extractor, WALMART)

    assert ("ACQUIRED", "WALMART INC.", "VIZIO Holding Corp.") in found


# Alphabet 10-K for 2024, Item 13, and Apple 10-K for fiscal 1997, Item 7.
CAPTION_SENTENCE = (
    "The information required by this item will be included under the captions \u201cCertain Relationships and "
    "Related Transactions\u201d and \u201cDirectors, Executive Officers, and Corporate Governance\u2014Corporate "
    "Governance and Board Matters\u2014Director Independence\u201d in the 2025 Proxy Statement and is incorporated "
    "herein by reference."
)
INITIALS_SENTENCE = (
    "The continuing directors are Gareth C.C. Chang, Corporate Senior Vice President, Marketing, Hughes Electronics "
    "and President, Hughes International, and Edgar S. Woolard, Jr., retired Chairman of E.I. DuPont de Nemours & "
    "Company."
)


def test_caption_is_no_officer(rules_extractor):
    assert _objects(_relations(CAPTION_SENTENCE, rules_extractor), "OFFICER_OF") == set()


def test_run_together_initials_stay_in_name(rules_extractor):
    officers = {s for rel, s, _ in _relations(INITIALS_SENTENCE, rules_extractor) if rel == "OFFICER_OF"}

    assert "Gareth C.C. Chang" in officers
    assert "C. Chang" not in officers
