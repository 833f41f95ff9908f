"""Document context for the patterns: the issuer ("we"), the witness ("I"), committees and aliases."""

from __future__ import annotations

from dataclasses import dataclass, field

from extractors.rules.reference import CompanyIndex
from schemas.documents import Document, DocumentKind
from schemas.entities import EntityKind, EntityRef
from schemas.names import normalize_company_name, normalize_person_name


@dataclass
class DocumentContext:
    document: Document
    index: CompanyIndex
    issuer: EntityRef | None
    witness: EntityRef | None
    committees: list[str]
    aliases: dict[str, str] = field(default_factory=dict)
    # Factors of the last sentence read, by paragraph id, for "these materials" in the next one.
    recent_factors: tuple[str, list] = ("", [])

    @property
    def is_testimony(self) -> bool:
        return self.document.kind == DocumentKind.TESTIMONY

    def is_issuer_name(self, name: str) -> bool:
        """Tell whether `name` names the issuer: its name, first word of its name, or ticker."""
        if self.issuer is None:
            return False
        key = normalize_company_name(name)
        issuer_key = normalize_company_name(self.issuer.name)
        short = issuer_key.split()[0] if issuer_key else ""
        ticker = (self.issuer.ticker or "").lower()
        return bool(key) and key in {issuer_key, short, ticker}

    def is_witness_name(self, name: str) -> bool:
        if self.witness is None:
            return False
        return normalize_person_name(name) == normalize_person_name(self.witness.name)


def build_context(document: Document, index: CompanyIndex) -> DocumentContext:
    """Work out the issuer, the witness and the committees of a document."""
    witness = _witness(document)
    issuer = None
    if document.issuer is not None and not (witness and document.issuer.name == witness.name):
        issuer = EntityRef(
            name=document.issuer.name,
            kind=EntityKind.COMPANY,
            cik=document.issuer.cik,
            ticker=document.issuer.ticker,
        )
    return DocumentContext(
        document=document,
        index=index,
        issuer=issuer,
        witness=witness,
        committees=split_committees(document.committee),
    )


def split_committees(committee: str | None) -> list[str]:
    """Split the committee field; a joint hearing lists its committees separated by semicolons."""
    if not committee:
        return []
    return [name.strip() for name in committee.split(";") if name.strip()]


def _witness(document: Document) -> EntityRef | None:
    if document.kind != DocumentKind.TESTIMONY:
        return None
    for speaker in document.speakers:
        if speaker.is_witness:
            return EntityRef(name=speaker.name, kind=EntityKind.PERSON)
    if document.issuer is not None:
        return EntityRef(name=document.issuer.name, kind=EntityKind.PERSON)
    return None
