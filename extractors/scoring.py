"""Fact matching for evaluation: entity comparison, one-to-one pairing and the P/R/F1 tallies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from schemas.assertions import Assertion
from schemas.names import fold, normalize_company_name, normalize_generic_name, normalize_person_name

_COMPANY_KINDS = frozenset({"Company", "Organization"})
# Words too common to show that two factor names mean the same thing.
_STOP_WORDS = frozenset({
    "the", "a", "an", "of", "and", "or", "in", "on", "for", "to", "with", "by", "from", "as",
    "prices", "price", "pricing", "rates", "rate", "changes", "change", "risk", "risks", "costs",
    "cost", "fluctuations", "movements", "foreign",
})


@dataclass(frozen=True)
class FactEntity:
    name: str
    kind: str
    cik: str | None = None
    aliases: tuple[str, ...] = ()
    factor_kind: str | None = None

    @classmethod
    def from_gold(cls, raw: dict[str, Any]) -> FactEntity:
        return cls(
            name=raw["name"],
            kind=raw["kind"],
            cik=raw.get("cik"),
            aliases=tuple(raw.get("aliases") or ()),
            factor_kind=raw.get("factor_kind"),
        )

    def keys(self) -> set[str]:
        """Return the normalized forms of the name and every alias."""
        return {k for k in (normalize_name(n, self.kind) for n in (self.name, *self.aliases)) if k}

    @property
    def key(self) -> str:
        return f"cik:{self.cik}" if self.cik else normalize_name(self.name, self.kind)


@dataclass(frozen=True)
class Fact:
    relation: str
    subject: FactEntity
    object: FactEntity
    attributes: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def from_assertion(cls, assertion: Assertion) -> Fact:
        def entity(ref: Any) -> FactEntity:
            factor_kind = ref.factor_kind.value if ref.factor_kind else None
            return FactEntity(name=ref.name, kind=ref.kind.value, cik=ref.cik, factor_kind=factor_kind)

        return cls(assertion.type, entity(assertion.subject), entity(assertion.object), dict(assertion.attributes))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.relation, self.subject.key, self.object.key)


@dataclass
class MatchResult:
    gold: list[Fact]
    predicted: list[Fact]
    strict_pairs: list[tuple[Fact, Fact]]
    lenient_pairs: list[tuple[Fact, Fact]]


def normalize_name(name: str, kind: str) -> str:
    if kind in _COMPANY_KINDS:
        return normalize_company_name(name)
    if kind == "Person":
        return normalize_person_name(name)
    return normalize_generic_name(name)


def entities_match(gold: FactEntity, predicted: FactEntity, lenient: bool = False) -> bool:
    """Compare two entities: CIK when both have one, else normalized names and aliases."""
    if not _kinds_agree(gold.kind, predicted.kind):
        return False
    if gold.cik and predicted.cik:
        return gold.cik == predicted.cik
    gold_keys, predicted_keys = gold.keys(), predicted.keys()
    if normalize_name(gold.name, gold.kind) in predicted_keys or normalize_name(predicted.name, predicted.kind) in gold_keys:
        return True
    if not lenient:
        return False
    if gold.kind == "Factor":
        return _factors_overlap(gold, predicted)
    return any(_contains_words(a, b) or _contains_words(b, a) for a in gold_keys for b in predicted_keys)


def facts_match(gold: Fact, predicted: Fact, lenient: bool = False) -> bool:
    return (
        gold.relation == predicted.relation
        and entities_match(gold.subject, predicted.subject, lenient)
        and entities_match(gold.object, predicted.object, lenient)
    )


def deduplicate(facts: list[Fact]) -> list[Fact]:
    """Keep one fact per (relation, subject, object); the first one's attributes win."""
    seen: dict[tuple[str, str, str], Fact] = {}
    for fact in facts:
        seen.setdefault(fact.key, fact)
    return list(seen.values())


def match_facts(gold: list[Fact], predicted: list[Fact]) -> MatchResult:
    """Pair gold and predicted facts one-to-one: a maximum strict matching, then lenient among the rest."""
    gold, predicted = deduplicate(gold), deduplicate(predicted)
    strict = _maximum_matching(gold, predicted, lambda g, p: facts_match(g, p))
    free_gold = [g for i, g in enumerate(gold) if i not in strict]
    used = set(strict.values())
    free_predicted = [p for j, p in enumerate(predicted) if j not in used]
    lenient = _maximum_matching(free_gold, free_predicted, lambda g, p: facts_match(g, p, lenient=True))
    return MatchResult(
        gold=gold,
        predicted=predicted,
        strict_pairs=[(gold[i], predicted[j]) for i, j in strict.items()],
        lenient_pairs=[(free_gold[i], free_predicted[j]) for i, j in lenient.items()],
    )


def attributes_agree(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Tell whether every gold attribute has an agreeing predicted value.

    Enumerations and flags must be equal. Free text agrees when one value contains the other
    after folding case and punctuation, because labellers word products and roles freely.
    """
    for name, expected in gold.items():
        actual = predicted.get(name)
        if actual is None:
            return False
        if isinstance(expected, bool) or isinstance(actual, bool):
            if expected != actual:
                return False
        elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
            if abs(float(expected) - float(actual)) > 1e-6:
                return False
        elif not _text_agrees(str(expected), str(actual)):
            return False
    return True


class Tally:
    """True positives, predictions and gold facts per relation type."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.predicted: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, pairs: list[tuple[Fact, Fact]], gold: list[Fact], predicted: list[Fact]) -> None:
        self.tp.update(g.relation for g, _ in pairs)
        self.gold.update(f.relation for f in gold)
        self.predicted.update(f.relation for f in predicted)

    def relations(self) -> set[str]:
        return set(self.gold) | set(self.predicted)

    def for_relation(self, relation: str) -> dict[str, float | int]:
        return _scores(self.tp[relation], self.predicted[relation], self.gold[relation])

    def overall(self) -> dict[str, float | int]:
        return _scores(sum(self.tp.values()), sum(self.predicted.values()), sum(self.gold.values()))


def _scores(tp: int, predicted: int, gold: int) -> dict[str, float | int]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": predicted - tp,
        "fn": gold - tp,
    }


def _maximum_matching(gold: list[Fact], predicted: list[Fact], fits: Callable[[Fact, Fact], bool]) -> dict[int, int]:
    """Return gold index -> predicted index of a maximum bipartite matching (augmenting paths)."""
    edges = {i: [j for j, p in enumerate(predicted) if fits(g, p)] for i, g in enumerate(gold)}
    owner: dict[int, int] = {}

    def augment(i: int, visited: set[int]) -> bool:
        for j in edges[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in owner or augment(owner[j], visited):
                owner[j] = i
                return True
        return False

    for i in edges:
        augment(i, set())
    return {i: j for j, i in owner.items()}


def _kinds_agree(a: str, b: str) -> bool:
    return a == b or (a in _COMPANY_KINDS and b in _COMPANY_KINDS)


def _contains_words(outer: str, inner: str) -> bool:
    return bool(inner) and f" {inner} " in f" {outer} "


def _factors_overlap(gold: FactEntity, predicted: FactEntity) -> bool:
    if gold.factor_kind and predicted.factor_kind and gold.factor_kind != predicted.factor_kind:
        return False
    gold_words = {w for k in gold.keys() for w in k.split()} - _STOP_WORDS
    predicted_words = {w for k in predicted.keys() for w in k.split()} - _STOP_WORDS
    return bool(gold_words & predicted_words)


def _text_agrees(expected: str, actual: str) -> bool:
    a, b = fold(expected), fold(actual)
    return bool(a and b) and (a == b or _contains_words(a, b) or _contains_words(b, a))
