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
        "oil": ("crude oil", "petroleum", "oil prices"), "natural gas": (), "fuel": ("fuel costs", "jet fuel"),
        "sugar": ("sucrose",), "high fructose corn syrup": ("hfcs",), "corn": (), "coffee": (),
        "pet resin": ("pet", "plastic bottles"), "semiconductors": ("chips", "semiconductor chips"),
        "memory": ("dram", "hbm", "high bandwidth memory"), "wafers": ("silicon wafers",),
        "electricity": ("power costs", "energy costs"), "gold": (), "silver": (), "palladium": (),
    })
    + _factors(FactorKind.CURRENCY, {
        "US dollar": ("usd", "u.s. dollar", "dollar"), "euro": ("eur",), "Japanese yen": ("yen", "jpy"),
        "Chinese yuan": ("yuan", "renminbi", "rmb", "cny"), "British pound": ("pound sterling", "sterling", "gbp"),
        "Indian rupee": ("rupee", "inr"), "Mexican peso": ("peso", "mxn"), "Swiss franc": ("chf",),
        "Canadian dollar": ("cad",), "Korean won": ("won", "krw"), "New Taiwan dollar": ("twd",),
        "Brazilian real": ("brl",), "Israeli shekel": ("shekel", "ils"),
    })
    + _factors(FactorKind.COUNTRY, {
        "China": ("prc", "people's republic of china", "mainland china", "greater china"),
        "Taiwan": (), "Hong Kong": (), "Japan": (), "South Korea": ("korea", "republic of korea"),
        "India": (), "Mexico": (), "Israel": (), "Russia": ("russian federation",), "Ukraine": (),
        "United Kingdom": ("uk", "u.k.", "britain", "great britain"), "Germany": (), "France": (),
        "Netherlands": ("the netherlands",), "Ireland": (), "Canada": (), "Brazil": (), "Vietnam": (),
        "Malaysia": (), "Singapore": (), "Thailand": (), "Indonesia": (), "Philippines": (),
        "United States": ("u.s.", "us", "usa", "united states of america"),
        "Europe": ("european union", "eu"), "Asia-Pacific": ("asia pacific", "apac"),
        "Middle East": (), "Latin America": (),
    })
    + _factors(FactorKind.MACRO, {
        "interest rates": ("interest rate", "interest rate risk", "rising interest rates"),
        "inflation": ("inflationary pressures", "inflation rates"),
        "foreign exchange rates": ("foreign currency exchange rates", "exchange rates", "currency exchange rates", "foreign currency risk"),
        "recession": ("economic downturn", "economic recession"), "credit markets": ("credit risk",),
        "pandemic": ("covid-19", "covid", "coronavirus"), "geopolitical tensions": ("geopolitical conflict",),
        "climate change": (), "labor costs": ("wage inflation",),
    })
    + _factors(FactorKind.REGULATION, {
        "export controls": ("export control", "export restrictions", "export regulations", "export licensing requirements"),
        "tariffs": ("tariff", "trade restrictions", "trade measures", "import duties"),
        "sanctions": ("economic sanctions",), "antitrust": ("competition law", "antitrust laws"),
        "data privacy": ("privacy laws", "data protection", "gdpr"), "tax law": ("tax legislation", "tax reform"),
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
