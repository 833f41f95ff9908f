"""The factor vocabulary: commodities, currencies, countries, macro factors and regulatory topics.

Each factor has a stable id `factor:<kind>:<name>` and the synonyms under which documents name
it. Extractors use the synonyms to spot factors. Resolution maps any synonym to the id, and so
do the ISO 4217 currency codes and ISO 3166 country codes in the tables below. A narrower
factor ("export controls on gallium") names its broader one in `broader`, so queries can expand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.entities import FactorKind
from schemas.names import normalize_generic_name, slugify


@dataclass(frozen=True)
class Factor:
    kind: FactorKind
    name: str
    synonyms: tuple[str, ...] = ()
    broader: str | None = None

    @property
    def id(self) -> str:
        return f"factor:{self.kind.value}:{slugify(normalize_generic_name(self.name))}"


def _factors(kind: FactorKind, entries: dict[str, tuple[str, ...]]) -> list[Factor]:
    return [Factor(kind, name, synonyms) for name, synonyms in entries.items()]


def _narrower(kind: FactorKind, broader_name: str, entries: dict[str, tuple[str, ...]]) -> list[Factor]:
    broader = Factor(kind, broader_name).id
    return [Factor(kind, name, synonyms, broader) for name, synonyms in entries.items()]


VOCABULARY: tuple[Factor, ...] = tuple(
    _factors(FactorKind.COMMODITY, {
        "lithium": ("lithium carbonate", "lithium hydroxide"),
        "nickel": (), "cobalt": (), "copper": (), "aluminum": ("aluminium", "aluminum cans"),
        "steel": (), "gallium": (), "germanium": (), "rare earths": ("rare earth elements", "rare earth minerals"),
        "bromine": (), "graphite": (), "manganese": (), "zinc": (), "tin": (), "platinum": (),
        "oil": ("crude oil", "petroleum", "oil prices"), "natural gas": ("natural gas prices", "natural gas pricing"),
        "fuel": ("fuel costs", "jet fuel", "fuel prices"),
        "energy prices": ("energy costs", "rising energy prices", "energy price"),
        "sugar": ("sucrose",), "high fructose corn syrup": ("hfcs",), "corn": (), "coffee": (), "cocoa": (),
        "wheat": (), "soybeans": (), "orange juice": (), "water": ("water availability", "water supply"),
        "agricultural commodities": ("agricultural products",),
        "pet resin": ("pet", "plastic bottles"), "semiconductors": ("chips", "semiconductor chips"),
        "memory": ("dram", "hbm", "high bandwidth memory"), "wafers": ("silicon wafers",),
        "electricity": ("power costs", "electricity prices"), "gold": (), "silver": (), "palladium": (),
    })
    + _factors(FactorKind.CURRENCY, {
        "foreign currency exchange rates": (
            "foreign exchange rates", "exchange rates", "currency exchange rates", "foreign currency risk",
            "foreign exchange risk", "foreign exchange rate fluctuations", "foreign exchange rate risk",
            "foreign currency exchange rate", "currency exchange rate movements", "exchange rate movements",
            "foreign exchange", "foreign currency fluctuations", "currency fluctuations",
        ),
        "U.S. dollar": ("usd", "us dollar", "dollar", "us dollars", "united states dollar",
                        "united states dollars", "united states' dollar"),
        "euro": ("eur", "euros"), "Japanese yen": ("yen", "jpy"),
        "Chinese yuan": ("yuan", "renminbi", "rmb", "cny"),
        "British pound": ("pound sterling", "sterling", "gbp", "british pounds"),
        "Indian rupee": ("rupee", "inr"), "Mexican peso": ("peso", "mxn"), "Swiss franc": ("chf",),
        "Canadian dollar": ("cad",), "Korean won": ("won", "krw"), "New Taiwan dollar": ("twd",),
        "Brazilian real": ("brl",), "Israeli shekel": ("shekel", "ils"),
    })
    + _factors(FactorKind.COUNTRY, {
        "China": ("prc", "people's republic of china", "mainland china", "greater china", "chinese government"),
        "Taiwan": (), "Hong Kong": (), "Macau": (), "Japan": (), "South Korea": ("korea", "republic of korea"),
        "India": (), "Mexico": (), "Israel": (), "Russia": ("russian federation",), "Ukraine": (),
        "United Kingdom": ("uk", "u.k.", "britain", "great britain"), "Germany": (), "France": (),
        "Netherlands": ("the netherlands",), "Ireland": (), "Canada": (), "Brazil": (), "Vietnam": (),
        "Malaysia": (), "Singapore": (), "Thailand": (), "Indonesia": (), "Philippines": (),
        "Saudi Arabia": (), "United Arab Emirates": ("uae",), "Turkey": (), "Argentina": (),
        "United States": ("u.s.", "us", "usa", "united states of america"),
        "Europe": ("european union", "eu"), "Asia-Pacific": ("asia pacific", "apac"),
        "Middle East": (), "Latin America": (), "Africa": (),
    })
    + _factors(FactorKind.MACRO, {
        "interest rates": ("interest rate", "interest rate risk", "rising interest rates", "interest rate fluctuations",
                           "interest rate changes"),
        "inflation": ("inflationary pressures", "inflation rates", "raw material inflation", "cost inflation"),
        "recession": ("economic downturn", "economic recession"), "credit markets": ("credit risk",),
        "COVID-19 pandemic": ("covid-19", "covid", "coronavirus", "pandemic", "global pandemic", "covid-19 outbreak"),
        "geopolitical tensions": ("geopolitical conflict",),
        "climate change": (), "labor costs": ("wage inflation",),
    })
    + _factors(FactorKind.REGULATION, {
        "export controls": ("export control", "export restrictions", "export regulations", "export licensing requirements"),
        "tariffs": ("tariff", "import duties"),
        "trade restrictions": ("trade measures", "trade barriers"),
        "customs regulations": ("customs rules",), "price controls": (),
        "exchange controls": ("foreign exchange controls", "currency controls"),
        "economic sanctions": ("sanctions",), "antitrust": ("competition law", "antitrust laws"),
        "data privacy": ("privacy laws", "data protection", "gdpr"),
        "tax legislation": ("tax law", "tax reform", "tax legislation changes", "tax laws"),
        "environmental regulation": ("environmental laws", "emissions regulations"),
    })
    + _narrower(FactorKind.REGULATION, "export controls", {
        "semiconductor export controls": ("chip export controls", "export controls on semiconductors",
                                          "advanced computing export controls", "export controls on advanced chips"),
        "entity list": ("bis entity list", "commerce department entity list"),
        "export controls on gallium": ("gallium export controls", "gallium export restrictions"),
        "export controls on germanium": ("germanium export controls", "germanium export restrictions"),
        "export controls on rare earths": ("rare earth export controls", "rare earth export restrictions"),
    })
    + _narrower(FactorKind.REGULATION, "tariffs", {
        "section 301 tariffs": ("section 301", "section 301 duties"),
        "section 232 tariffs": ("section 232", "steel and aluminum tariffs"),
    })
    + _narrower(FactorKind.REGULATION, "economic sanctions", {
        "sanctions on russia": ("russia sanctions", "sanctions against russia"),
        "ofac sanctions": ("ofac",),
    })
)

# ISO 3166-1: alpha-2, alpha-3 and the English short name, then other names after ";". Only the
# countries a filing commonly names are listed. NOTE: the rest of ISO 3166-1 is missing, so a
# code such as "BT" for Bhutan resolves to no factor until a row is added here.
_ISO_3166 = """
AE ARE United Arab Emirates
AR ARG Argentina
AT AUT Austria
AU AUS Australia
BD BGD Bangladesh
BE BEL Belgium
BR BRA Brazil
CA CAN Canada
CH CHE Switzerland;swiss confederation
CL CHL Chile
CN CHN China
CO COL Colombia
CR CRI Costa Rica
CZ CZE Czech Republic;czechia
DE DEU Germany
DK DNK Denmark
EG EGY Egypt
ES ESP Spain
FI FIN Finland
FR FRA France
GB GBR United Kingdom
GR GRC Greece
HK HKG Hong Kong
HU HUN Hungary
ID IDN Indonesia
IE IRL Ireland
IL ISR Israel
IN IND India
IR IRN Iran;islamic republic of iran
IT ITA Italy
JP JPN Japan
KR KOR South Korea
KZ KAZ Kazakhstan
LU LUX Luxembourg
MA MAR Morocco
MO MAC Macau;macao
MX MEX Mexico
MY MYS Malaysia
NG NGA Nigeria
NL NLD Netherlands
NO NOR Norway
NZ NZL New Zealand
PE PER Peru
PH PHL Philippines
PK PAK Pakistan
PL POL Poland
PT PRT Portugal
QA QAT Qatar
RO ROU Romania
RU RUS Russia
SA SAU Saudi Arabia
SE SWE Sweden
SG SGP Singapore
TH THA Thailand
TR TUR Turkey;turkiye
TW TWN Taiwan
UA UKR Ukraine
US USA United States
VN VNM Vietnam;viet nam
ZA ZAF South Africa
"""

# ISO 4217: the code and the currency's English name, then other names after ";".
_ISO_4217 = """
AED UAE dirham;dirham
ARS Argentine peso
AUD Australian dollar;australian dollars
BRL Brazilian real
CAD Canadian dollar;canadian dollars
CHF Swiss franc;swiss francs
CLP Chilean peso
CNY Chinese yuan;chinese renminbi;offshore yuan;cnh
COP Colombian peso
CZK Czech koruna
DKK Danish krone
EUR euro
GBP British pound
HKD Hong Kong dollar
HUF Hungarian forint
IDR Indonesian rupiah;rupiah
ILS Israeli shekel;new israeli shekel
INR Indian rupee
JPY Japanese yen
KRW Korean won;south korean won
MXN Mexican peso
MYR Malaysian ringgit;ringgit
NOK Norwegian krone
NZD New Zealand dollar
PHP Philippine peso
PLN Polish zloty;zloty
RUB Russian ruble;ruble;rouble
SAR Saudi riyal;riyal
SEK Swedish krona
SGD Singapore dollar
THB Thai baht;baht
TRY Turkish lira;lira
TWD New Taiwan dollar;taiwan dollar
USD U.S. dollar
VND Vietnamese dong
ZAR South African rand;rand
"""

_BY_SYNONYM: dict[str, Factor] = {}
for _factor in VOCABULARY:
    for _surface in (_factor.name, *_factor.synonyms):
        _BY_SYNONYM.setdefault(normalize_generic_name(_surface), _factor)


def _reference_factors(kind: FactorKind, table: str, code_count: int) -> tuple[list[Factor], dict[str, Factor]]:
    """Read an ISO table: rows naming a vocabulary factor lend it their codes, the others become factors."""
    added: list[Factor] = []
    by_code: dict[str, Factor] = {}
    for line in table.strip().splitlines():
        parts = line.split(" ", code_count)
        codes, (name, *others) = parts[:code_count], parts[code_count].split(";")
        factor = _BY_SYNONYM.get(normalize_generic_name(name))
        if factor is None or factor.kind is not kind:
            factor = Factor(kind, name, tuple(others))
            added.append(factor)
        for code in codes:
            by_code.setdefault(code, factor)
    return added, by_code


_COUNTRIES, _COUNTRY_CODES = _reference_factors(FactorKind.COUNTRY, _ISO_3166, 2)
_CURRENCIES, _CURRENCY_CODES = _reference_factors(FactorKind.CURRENCY, _ISO_4217, 1)
# Countries and currencies that only the ISO tables name. They stay out of VOCABULARY, which the
# rules extractor turns into its gazetteer, because some of their names are common words
# ("rand", "lira") and every new gazetteer entry changes what the extractor finds.
REFERENCE_FACTORS: tuple[Factor, ...] = tuple(_COUNTRIES + _CURRENCIES)
for _factor in REFERENCE_FACTORS:
    for _surface in (_factor.name, *_factor.synonyms):
        _BY_SYNONYM.setdefault(normalize_generic_name(_surface), _factor)
# Currency codes win over country codes; no ISO 4217 code equals an alpha-3 code listed above.
_BY_CODE: dict[str, Factor] = {**_COUNTRY_CODES, **_CURRENCY_CODES}
_BY_ID: dict[str, Factor] = {f.id: f for f in (*VOCABULARY, *REFERENCE_FACTORS)}
# "export controls on gallium", "tariffs on steel": a regulation narrowed to a factor.
_NARROWING = re.compile(r"^(?P<head>.+?)\s+(?:on|of|for|against|targeting)\s+(?P<tail>.+)$")


def find_factor(surface: str) -> Factor | None:
    """Return the factor that `surface` names: a name or synonym ignoring case, an upper-case ISO
    code, or a regulation narrowed to another factor ("export controls on gallium")."""
    normalized = normalize_generic_name(surface)
    factor = _BY_SYNONYM.get(normalized)
    if factor is None and surface.strip().isupper():
        factor = _BY_CODE.get(surface.strip())
    return factor or _narrowed_regulation(normalized)


def _narrowed_regulation(normalized: str) -> Factor | None:
    match = _NARROWING.match(normalized)
    if not match:
        return None
    head, tail = _BY_SYNONYM.get(match["head"]), _BY_SYNONYM.get(match["tail"]) or _BY_CODE.get(match["tail"].upper())
    if head is None or tail is None or head.kind is not FactorKind.REGULATION:
        return None
    return Factor(FactorKind.REGULATION, f"{head.name} on {tail.name}", broader=head.id)


def factor_by_id(factor_id: str) -> Factor | None:
    return _BY_ID.get(factor_id)


def broader_ids(factor: Factor) -> list[str]:
    """Return the ids of every broader factor of `factor`, nearest first."""
    chain: list[str] = []
    current: Factor | None = factor
    while current is not None and current.broader and current.broader not in chain:
        chain.append(current.broader)
        current = _BY_ID.get(current.broader)
    return chain


def narrower_ids(factor_id: str) -> list[str]:
    """Return the ids of the vocabulary factors whose broader chain reaches `factor_id`, for query expansion."""
    return sorted(f.id for f in _BY_ID.values() if factor_id in broader_ids(f))
