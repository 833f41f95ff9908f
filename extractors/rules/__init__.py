"""The offline rules/spaCy extractor."""

from extractors.rules.extractor import RulesExtractor, rules_version
from extractors.rules.reference import find_reference_dir

__all__ = ["RulesExtractor", "find_reference_dir", "rules_version"]
