"""The offline extractor: spaCy NER, a company and factor gazetteer, and patterns per relation type."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from extractors.rules import commercial, corporate, exposure, officers, testimony, vocabulary
from extractors.rules.context import DocumentContext, build_context
from extractors.rules.findings import Finding
from extractors.rules.lists import without_bullets
from extractors.rules.mentions import find_mentions
from extractors.rules.pipeline import load_pipeline, model_label
from extractors.rules.reference import TICKER_FILE, UNREGISTERED_FILE, find_ticker_file, load_company_index
from extractors.rules.selection import candidate_sentences
from extractors.rules.text import Sentence
from schemas import factors
from schemas.assertions import Assertion, ExtractionProfile
from schemas.documents import Document
from schemas.entities import EntityKind, EntityRef
from schemas.relations import REGISTRY, kinds_fit

logger = logging.getLogger(__name__)

PATTERNS: tuple[Callable[[Sentence, DocumentContext], list[Finding]], ...] = (
    commercial.find_supplier_relations,
    commercial.find_competitors,
    corporate.find_acquisitions,
    corporate.find_subsidiaries,
    exposure.find_exposures,
    officers.find_officers,
    testimony.find_testimony_relations,
)
# Sentences per spaCy batch; NER-only batches of this size keep memory small on a laptop.
BATCH_SIZE = 128


class RulesExtractor:
    """Extracts assertions with patterns over spaCy entities, one pass per document, no network."""

    def __init__(self, ticker_file: Path, model_name: str | None = None) -> None:
        self._index = load_company_index(ticker_file)
        self._nlp = load_pipeline(self._index, model_name)
        self._profile = ExtractionProfile(extractor="rules", model=model_label(self._nlp), version=rules_version())

    @classmethod
    def from_reference_dir(cls, reference_dir: Path | None = None) -> RulesExtractor:
        """Build the extractor from the SEC reference folder, or from `find_ticker_file` when not given."""
        if reference_dir is None:
            return cls(find_ticker_file())
        return cls(reference_dir / TICKER_FILE)

    @property
    def profile(self) -> ExtractionProfile:
        return self._profile

    def extract(self, document: Document) -> list[Assertion]:
        context = build_context(document, self._index)
        sentences = list(candidate_sentences(document, context))
        read: list[tuple[Sentence, list[Finding]]] = []
        texts = (without_bullets(sentence.text) for sentence in sentences)
        for sentence, doc in zip(sentences, self._nlp.pipe(texts, batch_size=BATCH_SIZE), strict=True):
            sentence.mentions = find_mentions(doc, context)
            read.append((sentence, [finding for pattern in PATTERNS for finding in pattern(sentence, context)]))
        assertions: list[Assertion] = []
        for sentence, findings in _added_by_lead_ins(read, context):
            for finding in findings:
                assertion = self._assertion(finding, sentence, document)
                if assertion is not None:
                    assertions.append(assertion)
        unique = _deduplicate(assertions)
        logger.debug("document %s: %d sentences read, %d assertions", document.id, len(sentences), len(unique))
        return unique

    def _assertion(self, finding: Finding, sentence: Sentence, document: Document) -> Assertion | None:
        relation = REGISTRY[finding.relation]
        if not kinds_fit(relation, finding.subject.kind, finding.object.kind):
            return None
        start, end = sentence.quotable(finding.span)
        return Assertion(
            type=finding.relation,
            subject=finding.subject,
            object=finding.object,
            attributes=finding.attributes,
            quote=sentence.text[start:end],
            char_start=sentence.document_offset(start),
            char_end=sentence.document_offset(end),
            document_id=document.id,
            section=sentence.section,
            paragraph_id=sentence.paragraph.id,
            valid_at=document.valid_at,
            confidence=finding.confidence,
            extractor=self._profile.extractor,
            model=self._profile.model,
            prompt_version=self._profile.version,
        ).with_id()


def rules_version() -> str:
    """Hash the pattern modules, the factor vocabulary and the company list, so that any rule change is a new profile."""
    digest = hashlib.sha256()
    modules = (commercial, corporate, exposure, officers, testimony, vocabulary, factors)
    for module in modules:
        digest.update(Path(module.__file__ or "").read_bytes())
    for name in ("mentions.py", "selection.py", "lists.py", "text.py", "findings.py", "pipeline.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    digest.update(UNREGISTERED_FILE.read_bytes())
    return digest.hexdigest()[:12]


def _added_by_lead_ins(
    read: list[tuple[Sentence, list[Finding]]], context: DocumentContext
) -> list[tuple[Sentence, list[Finding]]]:
    """Keep, of a list item read with its lead-in, only what the lead-in adds to reading it alone.

    A kept finding names the item's own parties: each entity is mentioned in the item, or is the
    issuer or the witness, whom the document names implicitly. Parties named only in the
    lead-in come from the lead-in read as a sentence of its own. Exposures to factors are not
    kept, because their pattern takes any effect word of the sentence as its cue: "independent"
    in "Our five largest independent bottling partners were as follows:" would make every
    country of the items an exposure.
    """
    alone = {
        (sentence.paragraph.id, sentence.start): {_triple(finding) for finding in findings}
        for sentence, findings in read
        if not sentence.lead_in_length
    }
    kept = []
    for sentence, findings in read:
        if sentence.lead_in_length:
            found_alone = alone.get((sentence.paragraph.id, sentence.start), set())
            findings = [
                f for f in findings
                if f.object.kind != EntityKind.FACTOR
                and _triple(f) not in found_alone
                and _names_item_parties(f, sentence, context)
            ]
        kept.append((sentence, findings))
    return kept


def _triple(finding: Finding) -> tuple[str, EntityRef, EntityRef]:
    return finding.relation, finding.subject, finding.object


def _names_item_parties(finding: Finding, sentence: Sentence, context: DocumentContext) -> bool:
    in_item = [m.entity for m in sentence.mentions if m.start >= sentence.lead_in_length]
    implicit = [entity for entity in (context.issuer, context.witness) if entity is not None]
    return all(entity in implicit or entity in in_item for entity in (finding.subject, finding.object))


def _deduplicate(assertions: list[Assertion]) -> list[Assertion]:
    seen: dict[str, Assertion] = {}
    for assertion in assertions:
        seen.setdefault(assertion.id, assertion)
    return list(seen.values())
