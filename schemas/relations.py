"""The relation-type registry: the single source for prompts, validation, rules, loader and docs.

Adding a relation type means adding one `RelationType` to `REGISTRY`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from schemas.entities import EntityKind

AttributeType = Literal["str", "bool", "float", "date"]

# Labels and relationship types are interpolated into Cypher, which cannot take them as
# parameters, so every name in the registry must match this pattern.
SAFE_IDENTIFIER = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")

_COMPANY_LIKE = (EntityKind.COMPANY, EntityKind.ORGANIZATION)


@dataclass(frozen=True)
class Attribute:
    name: str
    type: AttributeType = "str"
    allowed: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class RelationType:
    """One typed relation: which entity kinds it joins, its attributes and how it reads."""

    name: str
    subject_kinds: tuple[EntityKind, ...]
    object_kinds: tuple[EntityKind, ...]
    description: str
    example: str
    attributes: tuple[Attribute, ...] = field(default_factory=tuple)

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.name == name), None)


REGISTRY: dict[str, RelationType] = {
    relation.name: relation
    for relation in (
        RelationType(
            "SUPPLIER_OF",
            _COMPANY_LIKE,
            _COMPANY_LIKE,
            "The subject supplies goods or services (financial and legal included) to the object. "
            "Customers are stored as the reverse supplier edge.",
            "We rely on TSMC to manufacture our wafers. -> TSMC SUPPLIER_OF issuer",
            (
                Attribute("product", description="goods or services supplied"),
                Attribute(
                    "sole_source",
                    allowed=("sole", "limited"),
                    description="\"sole\" for the only source, \"limited\" for one of a limited number of sources",
                ),
                Attribute("revenue_share", "float", description="share of the buyer's revenue, 0-1"),
            ),
        ),
        RelationType(
            "EXPOSED_TO",
            (EntityKind.COMPANY,),
            (EntityKind.FACTOR, EntityKind.COMPANY),
            "The subject's results, costs, supply or operations are affected by, or at risk from, the object.",
            "Our costs rise with the price of lithium. -> issuer EXPOSED_TO lithium",
            (
                Attribute("direction", allowed=("adverse", "beneficial", "uncertain")),
                Attribute(
                    "channel",
                    allowed=("supply", "demand", "price", "regulatory", "currency", "credit"),
                ),
                Attribute("magnitude", description="size of the effect as stated"),
            ),
        ),
        RelationType(
            "TESTIFIED_AGAINST",
            (EntityKind.PERSON,),
            (EntityKind.COMPANY, EntityKind.ORGANIZATION, EntityKind.GOVERNMENT_BODY, EntityKind.PERSON),
            "In testimony, the witness blames, accuses or criticizes the object.",
            "Meta knew the harm and chose not to act. -> witness TESTIFIED_AGAINST Meta",
            (
                Attribute("hearing"),
                Attribute("committee"),
                Attribute("stance_quote"),
            ),
        ),
        RelationType(
            "TESTIFIED_BEFORE",
            (EntityKind.PERSON,),
            (EntityKind.GOVERNMENT_BODY,),
            "The person gave testimony to the committee or chamber.",
            "Thank you for the opportunity to testify before the Subcommittee. -> witness TESTIFIED_BEFORE committee",
            (Attribute("hearing"), Attribute("date", "date")),
        ),
        RelationType(
            "OFFICER_OF",
            (EntityKind.PERSON,),
            _COMPANY_LIKE,
            "The person is (or was) an officer or director of the object.",
            "Timothy D. Cook, Chief Executive Officer -> Cook OFFICER_OF issuer",
            (Attribute("role"), Attribute("current", "bool")),
        ),
        RelationType(
            "SUBSIDIARY_OF",
            (EntityKind.COMPANY,),
            (EntityKind.COMPANY,),
            "The subject is owned or controlled by the object.",
            "Flipkart, our subsidiary in India -> Flipkart SUBSIDIARY_OF issuer",
            (Attribute("jurisdiction"),),
        ),
        RelationType(
            "COMPETES_WITH",
            (EntityKind.COMPANY,),
            (EntityKind.COMPANY,),
            "The document's company names the object as a competitor; one direction only.",
            "Our competitors include AMD and Intel. -> issuer COMPETES_WITH AMD",
            (Attribute("market"),),
        ),
        RelationType(
            "ACQUIRED",
            (EntityKind.COMPANY,),
            (EntityKind.COMPANY,),
            "A completed or agreed acquisition of the object by the subject.",
            "We completed the acquisition of VIZIO. -> issuer ACQUIRED VIZIO",
            (Attribute("announced", "date"), Attribute("value")),
        ),
    )
}

for _name in REGISTRY:
    if not SAFE_IDENTIFIER.match(_name):
        raise ValueError(f"relation type {_name!r} is not a safe Cypher identifier")


def relation_type(name: str) -> RelationType:
    """Return the registered relation type `name`, or raise KeyError naming the known ones."""
    try:
        return REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(REGISTRY))
        raise KeyError(f"unknown relation type {name!r}; known types: {known}") from None


def kinds_fit(relation: RelationType, subject: EntityKind, object_: EntityKind) -> bool:
    """Tell whether the subject and object kinds are allowed for `relation`."""
    return subject in relation.subject_kinds and object_ in relation.object_kinds
