"""Small text repairs shared by the transcript and testimony parsers."""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[A-Za-z]+")
# A footnote number glued to the end of a sentence or clause: "consequently.7", "Online”12".
_GLUED_FOOTNOTE = re.compile(r"(?<=[a-z][.,;:!?”\"’)])\d{1,3}(?=\s|$)")
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None})
_LOOKALIKES = str.maketrans({"\u2011": "-", "\u2010": "-", "\u00a0": " ", "\u2007": " ", "\u202f": " "})


def word_vocabulary(text: str) -> set[str]:
    """Return the lower-cased words of a text, to decide how to rejoin words split at line ends."""
    return {word.lower() for word in _WORD.findall(text)}


def join_lines(lines: Iterable[str], vocabulary: set[str]) -> str:
    """Join hard-wrapped lines with spaces, rejoining words split by an end-of-line hyphen.

    "Blumen-" / "thal" becomes "Blumenthal" when the document spells that word without a hyphen
    elsewhere; otherwise the hyphen stays ("second-" / "round" becomes "second-round").
    """
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
            continue
        split = re.search(r"([A-Za-z]+)-$", text)
        head = re.match(r"[a-z]+", line)
        if split and head and not text.endswith("--"):
            joined = (split.group(1) + head.group(0)).lower()
            text = text[:-1] + line if joined in vocabulary else text + line
        else:
            text = f"{text} {line}"
    return text


def drop_glued_footnotes(text: str) -> str:
    """Remove footnote numbers glued to the end of words ("consequently.7" becomes "consequently.")."""
    return _GLUED_FOOTNOTE.sub("", text)


def normalize_characters(text: str) -> str:
    """Drop zero-width characters and turn non-breaking spaces and hyphens into plain ones."""
    return text.translate(_INVISIBLE).translate(_LOOKALIKES)


_SMALL_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def title_case(text: str) -> str:
    """Title-case an all-caps heading, keeping short function words in lower case."""
    def cased(index: int, word: str) -> str:
        if re.fullmatch(r"(?:[a-z]\.){2,}", word):
            return word.upper()
        if index and word in _SMALL_WORDS:
            return word
        return word[:1].upper() + word[1:]

    return " ".join(cased(index, word) for index, word in enumerate(text.lower().split()))
