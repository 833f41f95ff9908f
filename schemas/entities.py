"""Entity kinds and the entity references that assertions carry before and after resolution."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class EntityKind(StrEnum):
    COMPANY = "Company"
    ORGANIZATION = "Organization"
    PERSON = "Person"
    GOVERNMENT_BODY = "GovernmentBody"
    FACTOR = "Factor"


class FactorKind(StrEnum):
    COMMODITY = "commodity"
    CURRENCY = "currency"
    COUNTRY = "country"
    MACRO = "macro"
    REGULATION = "regulation"


class EntityRef(BaseModel):
    """An entity as an assertion names it: the surface name, its kind and, once resolved, its id."""

    model_config = ConfigDict(frozen=True)

    name: str
    kind: EntityKind
    id: str | None = None
    cik: str | None = None
    ticker: str | None = None
    factor_kind: FactorKind | None = None
    resolution_method: str | None = None
    resolution_score: float | None = None
