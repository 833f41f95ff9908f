"""Entity resolution: give every entity mention one canonical id, cheapest pass first.

Passes for companies and organizations, each one function, the first that decides wins:
CIK stated by the document, ticker, ticker mention in the name ("(Nasdaq: NVDA)"), curated
alias, normalized SEC name, government-body keywords, fuzzy SEC name, and finally a stable
`org:` id from the normalized name. Persons get ids from their normalized names and known
affiliations (see `graph.person_ids`), government bodies and other organizations from their
normalized names and keywords, factors from the shipped vocabulary. Forced merges from
curation apply to every result, and each decision names the curation rule that decided.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.body_kinds import classify_body
from graph.company_matching import FUZZY_THRESHOLD, MAX_SHORT_NAME, CompanyDirectory, CompanyRecord, find_ticker_mention
from graph.company_matching import pick_fuzzy_match
from graph.curation_rules import CURATION_DIR, Curation, CurationRule, alias_key
from graph.person_ids import AffiliationIndex, person_id
from schemas.assertions import Assertion
from schemas.entities import EntityKind, EntityRef
from schemas.factors import find_factor
from schemas.names import normalize_company_name, normalize_generic_name, normalize_person_name, slugify

__all__ = ["CURATION_DIR", "CompanyDirectory", "CompanyRecord", "Curation", "EntityResolver",
           "ResolutionDecision", "cik_id", "resolve_assertions"]

log = logging.getLogger(__name__)


def cik_id(cik: str | int) -> str:
    return f"cik:{int(cik):010d}"


@dataclass(frozen=True)
class ResolutionDecision:
    """A resolved entity reference and the curation rule that decided it, None when no rule did."""

    ref: EntityRef
    rule: CurationRule | None = None


class EntityResolver:
    """Resolves `EntityRef`s to canonical ids and records how each decision was made."""

    def __init__(self, directory: CompanyDirectory, curation: Curation | None = None,
                 fuzzy_threshold: float = FUZZY_THRESHOLD) -> None:
        self.directory = directory
        self.curation = curation or Curation()
        self.fuzzy_threshold = fuzzy_threshold
        self._company_passes: tuple[Callable[[EntityRef], ResolutionDecision | None], ...] = (
            self._by_cik, self._by_ticker, self._by_ticker_mention, self._by_alias, self._by_sec_name,
            self._by_body_keywords, self._by_fuzzy_name,
        )

    def decide(self, ref: EntityRef, affiliation: str | None = None,
               affiliations: AffiliationIndex | None = None) -> ResolutionDecision:
        """Resolve `ref`; for a person, `affiliation` is the id of the company or body it speaks for."""
        if ref.kind in (EntityKind.COMPANY, EntityKind.ORGANIZATION):
            decision = self._decide_company(ref)
        elif ref.kind is EntityKind.FACTOR:
            decision = self._decide_factor(ref)
        elif ref.kind is EntityKind.PERSON:
            decision = self._decide_person(ref, affiliation, affiliations or AffiliationIndex())
        else:
            decision = self._decide_body(ref)
        return self._apply_merges(decision)

    def resolve(self, ref: EntityRef, affiliation: str | None = None,
                affiliations: AffiliationIndex | None = None) -> EntityRef:
        return self.decide(ref, affiliation, affiliations).ref

    def resolve_company(self, ref: EntityRef) -> EntityRef:
        return self.decide(ref).ref

    def _decide_company(self, ref: EntityRef) -> ResolutionDecision:
        for company_pass in self._company_passes:
            decision = company_pass(ref)
            if decision:
                return decision
        normalized = normalize_company_name(_without_ticker_mention(ref.name))
        if classify_body(ref.name) is EntityKind.ORGANIZATION:
            ref = ref.model_copy(update={"kind": EntityKind.ORGANIZATION})
        return _decided(ref, f"org:{slugify(normalized)}", "unmatched", 0.0)

    def _by_cik(self, ref: EntityRef) -> ResolutionDecision | None:
        if not ref.cik:
            return None
        return self._company(ref, f"{int(ref.cik):010d}", "cik")

    def _by_ticker(self, ref: EntityRef) -> ResolutionDecision | None:
        cik = self.directory.cik_of_ticker(ref.ticker)
        return self._company(ref, cik, "ticker") if cik else None

    def _by_ticker_mention(self, ref: EntityRef) -> ResolutionDecision | None:
        mention = find_ticker_mention(ref.name)
        cik = self.directory.cik_of_ticker(mention[0]) if mention else None
        return self._company(ref, cik, "ticker_mention") if cik else None

    def _by_alias(self, ref: EntityRef) -> ResolutionDecision | None:
        curated = self.curation.aliases.get(alias_key(ref.kind, _without_ticker_mention(ref.name)))
        if not curated:
            return None
        if curated.entity_id.startswith("cik:"):
            return self._company(ref, curated.entity_id.removeprefix("cik:"), "curated_alias", rule=curated.rule)
        return _decided(ref, curated.entity_id, "curated_alias", 1.0, rule=curated.rule)

    def _by_sec_name(self, ref: EntityRef) -> ResolutionDecision | None:
        cik = self.directory.by_name.get(normalize_company_name(_without_ticker_mention(ref.name)))
        return self._company(ref, cik, "normalized_name") if cik else None

    def _by_body_keywords(self, ref: EntityRef) -> ResolutionDecision | None:
        if classify_body(ref.name) is not EntityKind.GOVERNMENT_BODY:
            return None
        return self._decide_body(ref.model_copy(update={"kind": EntityKind.GOVERNMENT_BODY}))

    def _by_fuzzy_name(self, ref: EntityRef) -> ResolutionDecision | None:
        """Join the SEC company whose name is most similar, unless the name is short or the pair forbidden.

        Short names skip this pass (see `MAX_SHORT_NAME` for why).
        """
        normalized = normalize_company_name(_without_ticker_mention(ref.name))
        if len(normalized.replace(" ", "")) <= MAX_SHORT_NAME:
            return None
        own_id = f"org:{slugify(normalized)}"
        candidates = [c for c in self.directory.fuzzy_candidates(normalized, self.fuzzy_threshold)
                      if not self._forbidden(own_id, cik_id(c.cik), ref.name)]
        match = pick_fuzzy_match(candidates)
        return self._company(ref, match.cik, "fuzzy_name", match.score / 100) if match else None

    def _forbidden(self, own_id: str, candidate_id: str, name: str) -> bool:
        rule = self.curation.forbidding_rule(own_id, candidate_id)
        if rule:
            log.debug("fuzzy match of %r to %s rejected by %s", name, candidate_id, rule)
        return rule is not None

    def _company(self, ref: EntityRef, cik: str, method: str, score: float = 1.0,
                 rule: CurationRule | None = None) -> ResolutionDecision:
        record = self.directory.by_cik.get(cik)
        ref = ref.model_copy(update={"cik": cik, "kind": EntityKind.COMPANY,
                                     "ticker": record.ticker if record else ref.ticker})
        return _decided(ref, cik_id(cik), method, score, rule=rule)

    def _decide_person(self, ref: EntityRef, affiliation: str | None,
                       affiliations: AffiliationIndex) -> ResolutionDecision:
        normalized = normalize_person_name(ref.name)
        curated = self.curation.aliases.get((EntityKind.PERSON, normalized))
        if curated:
            return _decided(ref, curated.entity_id, "curated_alias", 1.0, rule=curated.rule)
        return _decided(ref, person_id(normalized, affiliation, affiliations), "normalized_name", 1.0)

    def _decide_body(self, ref: EntityRef) -> ResolutionDecision:
        """Resolve a government body or non-company organization by curated alias, else by name and keywords."""
        kind = classify_body(ref.name) or ref.kind
        ref = ref.model_copy(update={"kind": kind})
        curated = self.curation.aliases.get(alias_key(kind, ref.name))
        if curated:
            return _decided(ref, curated.entity_id, "curated_alias", 1.0, rule=curated.rule)
        if kind is EntityKind.GOVERNMENT_BODY:
            return _decided(ref, f"gov:{slugify(normalize_generic_name(ref.name))}", "normalized_name", 1.0)
        return self._decide_company(ref)

    def _decide_factor(self, ref: EntityRef) -> ResolutionDecision:
        curated = self.curation.aliases.get(alias_key(EntityKind.FACTOR, ref.name))
        if curated:
            return _decided(ref, curated.entity_id, "curated_alias", 1.0, rule=curated.rule)
        factor = find_factor(ref.name)
        if factor:
            ref = ref.model_copy(update={"factor_kind": factor.kind})
            return _decided(ref, factor.id, "vocabulary", 1.0)
        kind = ref.factor_kind.value if ref.factor_kind else "macro"
        return _decided(ref, f"factor:{kind}:{slugify(normalize_generic_name(ref.name))}", "unmatched", 0.0)

    def _apply_merges(self, decision: ResolutionDecision) -> ResolutionDecision:
        ref = decision.ref
        target, rule = self.curation.canonical_id(ref.id or "")
        if rule is None or target == ref.id:
            return decision
        update: dict[str, object] = {"id": target, "resolution_method": "curated_merge"}
        if target.startswith("cik:"):
            cik = target.removeprefix("cik:")
            record = self.directory.by_cik.get(cik)
            update.update(cik=cik, kind=EntityKind.COMPANY, ticker=record.ticker if record else None)
        return ResolutionDecision(ref.model_copy(update=update), rule)

    def fixed_name(self, ref: EntityRef) -> str | None:
        """Return the node name for a registered company or a vocabulary factor, else None.

        Other entities take the longest of their surface names, chosen in the loader, so that
        the name does not depend on which document was loaded first.
        """
        if ref.cik and ref.cik in self.directory.by_cik:
            return self.directory.by_cik[ref.cik].name
        factor = find_factor(ref.name) if ref.kind is EntityKind.FACTOR else None
        return factor.name if factor else None


def _decided(ref: EntityRef, entity_id: str, method: str, score: float,
             rule: CurationRule | None = None) -> ResolutionDecision:
    ref = ref.model_copy(update={"id": entity_id, "resolution_method": method, "resolution_score": score})
    return ResolutionDecision(ref, rule)


def _without_ticker_mention(name: str) -> str:
    mention = find_ticker_mention(name)
    return mention[1] if mention and mention[1] else name


def resolve_assertions(assertions: Sequence[Assertion], resolver: EntityResolver) -> list[Assertion]:
    """Give the subject and object of every assertion a canonical id, leaving out suppressed ones.

    Persons are resolved last, with the affiliations that the batch's OFFICER_OF assertions
    state, so that two people of one name but different employers get different ids.
    """
    kept = [a for a in assertions if not _suppressed_by_id(a, resolver.curation)]
    others = [a.model_copy(update={"subject": _resolve_other(a.subject, resolver),
                                   "object": _resolve_other(a.object, resolver)}) for a in kept]
    affiliations = AffiliationIndex.from_pairs(_affiliation_pairs(others))
    resolved = []
    for assertion in others:
        affiliation = assertion.object.id if _states_affiliation(assertion) else None
        subject = assertion.subject
        if subject.kind is EntityKind.PERSON:
            subject = resolver.resolve(subject, affiliation, affiliations)
        obj = resolver.resolve(assertion.object, None, affiliations) if assertion.object.kind is EntityKind.PERSON \
            else assertion.object
        resolved.append(assertion.model_copy(update={"subject": subject, "object": obj}))
    return [a for a in resolved if not _suppressed_as_fact(a, resolver.curation)]


def _resolve_other(ref: EntityRef, resolver: EntityResolver) -> EntityRef:
    return ref if ref.kind is EntityKind.PERSON else resolver.resolve(ref)


def _states_affiliation(assertion: Assertion) -> bool:
    return assertion.type == "OFFICER_OF" and assertion.subject.kind is EntityKind.PERSON


def _affiliation_pairs(assertions: Sequence[Assertion]) -> list[tuple[str, str]]:
    return [(a.subject.name, a.object.id or "") for a in assertions if _states_affiliation(a)]


def _suppressed_by_id(assertion: Assertion, curation: Curation) -> bool:
    if assertion.id in curation.suppressed_assertions:
        log.info("assertion %s suppressed by curation", assertion.id)
        return True
    return False


def _suppressed_as_fact(assertion: Assertion, curation: Curation) -> bool:
    rule = curation.suppressed_facts.get((assertion.type, assertion.subject.id or "", assertion.object.id or ""))
    if rule:
        log.info("assertion %s suppressed by %s", assertion.id, rule)
    return rule is not None
