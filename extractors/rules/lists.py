"""Lists in prose: a lead-in paragraph that ends with ":" and the item paragraphs that follow it.

Filings often state a relation once, in a lead-in ("Our current competitors include:"), and name
the parties in the items below it ("•suppliers of Arm-based CPUs ..., such as Amazon, Huawei, and
Microsoft;"). No sentence contains both, so the patterns read an item's first sentence a second time
with the lead-in in front of it.
"""

from __future__ import annotations

import re

from dataclasses import dataclass

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
    without ending the run. An item that itself ends with ":" leads into the list below it, and
    the outer list goes on after that nested list ends.
    """
    lead_ins: dict[str, Paragraph] = {}
    open_lists: list[_OpenList] = []
    for paragraph in paragraphs:
        if paragraph.boilerplate:
            continue
        text = document.text[paragraph.start:paragraph.end].strip()
        while open_lists and not open_lists[-1].add(paragraph, text):
            open_lists.pop()
        if open_lists:
            lead_ins[paragraph.id] = open_lists[-1].lead_in
        if text.endswith(":"):
            open_lists.append(_OpenList(paragraph))
    return lead_ins


@dataclass
class _OpenList:
    """A list whose items are still being read: its lead-in, its bullet glyph and its last item."""

    lead_in: Paragraph
    glyph: str | None = None
    previous_item: str = ""

    def add(self, paragraph: Paragraph, text: str) -> bool:
        """Take `paragraph` as the list's next item, or return False when it is no item of this list."""
        if paragraph.section != self.lead_in.section:
            return False
        glyph = _item_glyph(text, self.glyph, self.previous_item)
        if glyph is None:
            return False
        self.glyph, self.previous_item = glyph, text
        return True


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
