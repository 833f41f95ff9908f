"""The factor vocabulary: commodities, currencies, countries, macro factors and regulatory topics.

Each factor has a stable id `factor:<kind>:<name>` and the synonyms under which documents name
it. Extractors use the synonyms to spot factors; resolution maps any synonym to the id.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.entities import FactorKind
from schemas.names import normalize_generic_name, slugify


@dataclass(frozen=True)
class Factor:
    kind: FactorKind
    name: str
    synonyms: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"factor:{self.kind.value}:{slugify(normalize_generic_name(self.name))}"


def _factors(kind: FactorKind, entries: dict[str, tuple[str, ...]]) -> list[Factor]:
    return [Factor(kind, name, synonyms) for name, synonyms in entries.items()]


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
        "customs regulations": ("customs rules",), "price controls": (), "exchange controls": (),
        "economic sanctions": ("sanctions",), "antitrust": ("competition law", "antitrust laws"),
        "data privacy": ("privacy laws", "data protection", "gdpr"),
        "tax legislation": ("tax law", "tax reform", "tax legislation changes", "tax laws"),
        "environmental regulation": ("environmental laws", "emissions regulations"),
    })
)

_BY_SYNONYM: dict[str, Factor] = {}
for _factor in VOCABULARY:
    for _surface in (_factor.name, *_factor.synonyms):
        _BY_SYNONYM.setdefault(normalize_generic_name(_surface), _factor)


def find_factor(surface: str) -> Factor | None:
    """Return the vocabulary factor that `surface` names, by name or synonym, ignoring case."""
    return _BY_SYNONYM.get(normalize_generic_name(surface))


def factor_by_id(factor_id: str) -> Factor | None:
    return next((f for f in VOCABULARY if f.id == factor_id), None)
