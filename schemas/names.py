"""Pure name-normalization functions shared by extractors, resolution and evaluation."""

from __future__ import annotations

import re
import unicodedata

# Legal-form words dropped from the end of a company name, longest first so that
# "Company Limited" goes before "Limited".
LEGAL_SUFFIXES: tuple[str, ...] = (
    "incorporated", "corporation", "company", "limited", "holdings", "holding",
    "inc", "corp", "co", "ltd", "plc", "nv", "sa", "ag", "se", "llc", "lp", "llp",
    "bv", "gmbh", "spa", "kk", "oyj", "asa", "ab", "group", "com",
)
_SUFFIX_SET = frozenset(LEGAL_SUFFIXES)
# Legal forms of several words, compared after folding: "S.A.B. de C.V." folds to "sab de cv".
MULTIWORD_SUFFIXES: tuple[tuple[str, ...], ...] = (("sab", "de", "cv"), ("sa", "de", "cv"), ("s", "de", "rl"))
# EDGAR appends a state or country of incorporation to some titles: "BANK OF AMERICA CORP /DE/".
_EDGAR_TITLE_MARK = re.compile(r"\s*/\s*(?:[A-Za-z]{2,4}\s*/?)?\s*$")
# "Amazon.com" and "AMAZON COM INC" both lose the ".com", which is no part of the company's name.
_DOT_COM = re.compile(r"\.com\b", re.IGNORECASE)

HONORIFICS: frozenset[str] = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sen", "senator", "rep",
    "representative", "chairman", "chairwoman", "chair", "chairperson", "hon", "honorable",
    "sir", "dame", "ranking", "member", "madam",
})
PERSON_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "esq", "cpa"})

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case `text`, strip accents and turn every run of punctuation into one space."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("'s ", " ").replace("'", "")
    text = text.replace(".", "")
    return _NON_WORD.sub(" ", text).strip()


def normalize_company_name(name: str) -> str:
    """Normalize a company name for matching: case, accents, punctuation, "The", "&", legal suffixes.

    "The Coca-Cola Company" and "COCA COLA CO" both become "coca cola".
    """
    words = fold(_DOT_COM.sub(" com", _EDGAR_TITLE_MARK.sub("", name))).split()
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1:
        multiword = next((s for s in MULTIWORD_SUFFIXES if tuple(words[-len(s):]) == s and len(words) > len(s)), None)
        if multiword:
            del words[-len(multiword):]
        elif words[-1] in _SUFFIX_SET or words[-1] == "and":
            # A dangling "and" is what is left of "& Co." once "co" is gone.
            words.pop()
        else:
            break
    return " ".join(words)


def normalize_person_name(name: str) -> str:
    """Normalize a person's name: honorifics, suffixes and middle initials dropped, "Last, First" turned.

    "Mr. Timothy D. Cook" and "Cook, Timothy" both become "timothy cook".
    """
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and fold(first) not in PERSON_SUFFIXES:
            name = f"{first} {last}"
    words = [w for w in fold(name).split() if w not in HONORIFICS and w not in PERSON_SUFFIXES]
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    return " ".join(words)


def normalize_generic_name(name: str) -> str:
    """Normalize the name of an organization, government body or factor: case, accents, "The"."""
    words = fold(name).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def slugify(normalized: str) -> str:
    """Turn an already normalized name into an id fragment: words joined by hyphens."""
    return "-".join(normalized.split())
