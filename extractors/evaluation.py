"""Score an extractor against hand-labelled gold passages: strict and lenient P/R/F1 per relation.

A gold passage is one JSON file: the passage text, its document metadata and the triples a
person labelled in it. Matching is one-to-one per passage, strict pairs first, with names
compared after the project's own normalization and by CIK when both sides carry one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.base import Extractor
from extractors.scoring import Fact, FactEntity, Tally, match_facts, attributes_agree
from schemas.documents import (
    Document,
    DocumentKind,
    Issuer,
    Paragraph,
    Section,
    Speaker,
    fingerprint_text,
    sha256_bytes,
)

logger = logging.getLogger(__name__)

FILING_FORMS = ("10-K", "10-Q", "8-K", "20-F")
# Forms whose `date` is the fiscal period end; an 8-K's is its filing date.
PERIODIC_FORMS = ("10-K", "10-Q", "20-F")


@dataclass
class GoldPassage:
    id: str
    document: Document
    facts: list[Fact] = field(default_factory=list)


def load_gold(gold_dir: Path) -> list[GoldPassage]:
    """Read every `*.json` passage of `gold_dir`, sorted by file name."""
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise ValueError(f"no gold passages (*.json) found in {gold_dir}")
    return [parse_gold_passage(json.loads(path.read_text(encoding="utf-8"))) for path in files]


def parse_gold_passage(raw: dict[str, Any]) -> GoldPassage:
    facts = [_gold_fact(triple) for triple in raw.get("triples", [])]
    return GoldPassage(id=raw["id"], document=passage_document(raw), facts=facts)


def passage_document(raw: dict[str, Any]) -> Document:
    """Build the Document a parser would hand over for this passage, with the passage's metadata."""
    text: str = raw["text"]
    kind, form = _document_kind(raw["kind"], raw["id"])
    date = dt.date.fromisoformat(raw["date"]) if raw.get("date") else None
    section = raw.get("section")
    issuer, speakers = _issuer_and_speakers(raw, kind)
    committee = raw.get("committee")
    if isinstance(committee, list):
        committee = "; ".join(committee)
    return Document(
        id=raw["id"],
        kind=kind,
        form=form,
        issuer=issuer,
        period_end=date if form in PERIODIC_FORMS else None,
        filed_at=date if form == "8-K" else None,
        event_date=date if kind != DocumentKind.FILING else None,
        sha256=sha256_bytes(text.encode("utf-8")),
        text=text,
        sections=[Section(name=section, start=0, end=len(text))] if section else [],
        paragraphs=_paragraphs(raw["id"], text, section),
        speakers=speakers,
        committee=committee,
    )


def evaluate(extractor: Extractor, passages: Iterable[GoldPassage]) -> dict[str, Any]:
    """Run `extractor` on each passage and return the scores in the machine-readable shape."""
    strict, lenient = Tally(), Tally()
    agreeing = matched = count = 0
    for passage in passages:
        predicted = [Fact.from_assertion(a) for a in extractor.extract(passage.document)]
        result = match_facts(passage.facts, predicted)
        strict.add(result.strict_pairs, result.gold, result.predicted)
        lenient.add(result.strict_pairs + result.lenient_pairs, result.gold, result.predicted)
        for gold, prediction in result.strict_pairs:
            matched += 1
            agreeing += attributes_agree(gold.attributes, prediction.attributes)
        count += 1
    logger.info("evaluated %s on %d passages", extractor.profile.extractor, count)
    return {
        "extractor": extractor.profile.extractor,
        "passages": count,
        "overall": {"strict": strict.overall(), "lenient": lenient.overall()},
        "by_relation": {
            relation: {"strict": strict.for_relation(relation), "lenient": lenient.for_relation(relation)}
            for relation in sorted(strict.relations() | lenient.relations())
        },
        "attribute_agreement": round(agreeing / matched, 3) if matched else None,
    }


def render_table(result: dict[str, Any]) -> list[str]:
    """Render the scores as aligned text lines, one per relation type and one overall."""
    header = f"{'relation':<18} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}   {'P~':>5} {'R~':>5} {'F1~':>5}"
    lines = [
        f"{result['extractor']} on {result['passages']} passages (strict, then ~ lenient)",
        header,
        "-" * len(header),
    ]
    rows = list(result["by_relation"].items()) + [("overall", result["overall"])]
    for name, scores in rows:
        s, lenient = scores["strict"], scores["lenient"]
        lines.append(
            f"{name:<18} {s['precision']:>5.2f} {s['recall']:>5.2f} {s['f1']:>5.2f} "
            f"{s['tp']:>4} {s['fp']:>4} {s['fn']:>4}   "
            f"{lenient['precision']:>5.2f} {lenient['recall']:>5.2f} {lenient['f1']:>5.2f}"
        )
    agreement = result.get("attribute_agreement")
    lines.append(f"attribute agreement: {agreement:.2f}" if agreement is not None else "attribute agreement: n/a")
    return lines


def _document_kind(kind: str, passage_id: str) -> tuple[DocumentKind, str | None]:
    base_form = kind.removesuffix("/A")
    if base_form in FILING_FORMS:
        return DocumentKind.FILING, kind
    if kind == DocumentKind.EARNINGS_CALL.value:
        return DocumentKind.EARNINGS_CALL, None
    if kind == DocumentKind.TESTIMONY.value:
        return DocumentKind.TESTIMONY, None
    raise ValueError(f"gold passage {passage_id}: unknown kind {kind!r}; expected a form, earnings_call or testimony")


def _issuer_and_speakers(raw: dict[str, Any], kind: DocumentKind) -> tuple[Issuer | None, list[Speaker]]:
    """In testimony the gold `issuer` is the witness and `affiliation` the witness's organization."""
    issuer = raw.get("issuer")
    if kind != DocumentKind.TESTIMONY:
        return (Issuer(**issuer) if issuer else None), []
    affiliation = raw.get("affiliation")
    speakers = [Speaker(name=issuer["name"], firm=affiliation, is_witness=True)] if issuer else []
    return (Issuer(name=affiliation) if affiliation else None), speakers


def _paragraphs(document_id: str, text: str, section: str | None) -> list[Paragraph]:
    """Cut the text into one paragraph per block separated by a blank line."""
    paragraphs = []
    start = 0
    for block in text.split("\n\n"):
        end = start + len(block)
        if block.strip():
            paragraphs.append(
                Paragraph(
                    id=f"{document_id}#p{len(paragraphs)}",
                    start=start,
                    end=end,
                    section=section,
                    fingerprint=fingerprint_text(block),
                )
            )
        start = end + 2
    return paragraphs


def _gold_fact(triple: dict[str, Any]) -> Fact:
    return Fact(
        relation=triple["relation"],
        subject=FactEntity.from_gold(triple["subject"]),
        object=FactEntity.from_gold(triple["object"]),
        attributes=triple.get("attributes") or {},
    )
