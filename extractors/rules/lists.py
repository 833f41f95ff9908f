"""Lists in prose: a lead-in paragraph that ends with ":" and the item paragraphs that follow it.

Filings often state a relation once, in a lead-in ("Our current competitors include:"), and name
the parties in the items below it ("•suppliers of Arm-based CPUs ..., such as Amazon, Huawei, and
Microsoft;"). No sentence contains both, so the patterns read an item's first sentence a second time
with the lead-in in front of it.
"""

from __future__ import annotations

import re

from schemas.documents import Document, Paragraph

# Glyphs that open a bulleted item once the parser has turned the list markup into text.
BULLETS = frozenset("•◦▪▫‣●○■◆◇➢➤")
_BULLETS_TO_SPACES = str.maketrans(dict.fromkeys(BULLETS, " "))
# An unbulleted item ends with a semicolon, or with "; and" / "; or" before the last item.
_ITEM_END = re.compile(r";(?:\s+(?:and|or))?$")
_LAST_ITEM_NEXT = re.compile(r";\s+(?:and|or)$")
# An unbulleted paragraph longer than this is prose that happens to end with a semicolon.
# NOTE: a guess; the corpus filings bullet their lists, so no unbulleted list measured it.
MAX_UNBULLETED_ITEM_WORDS = 80


def list_lead_ins(document: Document, paragraphs: list[Paragraph]) -> dict[str, Paragraph]:
    """Map the id of each list item paragraph to the lead-in paragraph of its list.

    A list is a paragraph that ends with ":" followed by a run of items in the same section. The
    items of one run share their bullet glyph, so that a nested list ("◦" under "•") does not
    continue the outer one. Boilerplate paragraphs (page headers between items) are skipped
    without ending the run. An item that itself ends with ":" leads into the list below it.
    """
    lead_ins: dict[str, Paragraph] = {}
    lead_in: Paragraph | None = None
    glyph: str | None = None
    previous_item = ""
    for paragraph in paragraphs:
        if paragraph.boilerplate:
            continue
        text = document.text[paragraph.start:paragraph.end].strip()
        if lead_in is not None and paragraph.section == lead_in.section:
            item_glyph = _item_glyph(text, glyph, previous_item)
            if item_glyph is not None:
                lead_ins[paragraph.id] = lead_in
                glyph, previous_item = item_glyph, text
            else:
                lead_in = None
        else:
            lead_in = None
        if text.endswith(":"):
            lead_in, glyph, previous_item = paragraph, None, ""
    return lead_ins


def _item_glyph(text: str, glyph: str | None, previous_item: str) -> str | None:
    """Return the bullet glyph of an item ("" when unbulleted), or None when `text` is no item of the run."""
    first = text[:1]
    if first in BULLETS:
        return first if glyph in (None, first) else None
    if glyph not in (None, "") or len(text.split()) > MAX_UNBULLETED_ITEM_WORDS:
        return None
    if _ITEM_END.search(text) or _LAST_ITEM_NEXT.search(previous_item):
        return ""
    return None


def without_bullets(text: str) -> str:
    """Replace bullet glyphs by spaces, keeping every offset, for the NER model to read.

    spaCy's English tokenizer keeps "•Micron" as one token, and its NER then misses the name or
    puts the glyph into it, where the mention checks reject it for not starting with a capital.
    """
    return text.translate(_BULLETS_TO_SPACES)
