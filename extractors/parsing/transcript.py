"""Earnings-call transcripts in the three layouts seen in practice, turned into speaker turns.

- Motley Fool: name, "--" and title on separate lines; "Prepared Remarks:", "Questions &
  Answers:" and "Call participants:" headers; a company, ticker and call date at the top.
- S&P Capital IQ: participant blocks, then turns of "Name" / "Company - Title" / text, hard
  wrapped, separated by lines holding one space. A participant can lack the title line.
- One sentence per line without speakers (ECTSum and MAEC data sets), where abbreviations
  such as "p." / "m." can be split over two lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.parsing.dates import MONTH_DAY_YEAR, parse_date
from extractors.parsing.paragraphs import Block
from schemas.documents import Speaker

PREPARED_REMARKS = "Prepared Remarks"
QUESTIONS_AND_ANSWERS = "Q&A"
PARTICIPANTS = "Call Participants"
OPERATOR = "Operator"
# Sentence-per-line transcripts are grouped into paragraphs of about this many characters.
SENTENCE_PARAGRAPH_CHARS = 700

_MOTLEY_SECTIONS = {
    "prepared remarks:": PREPARED_REMARKS,
    "questions & answers:": QUESTIONS_AND_ANSWERS,
    "questions and answers:": QUESTIONS_AND_ANSWERS,
    "call participants:": PARTICIPANTS,
}
_CAPIQ_SECTIONS = {
    "PRESENTATION": PREPARED_REMARKS,
    "QUESTIONS AND ANSWERS": QUESTIONS_AND_ANSWERS,
    "DISCLAIMER": "Disclaimer",
}
_CAPIQ_TITLE_LINE = re.compile(r"^(?P<firm>[^\n]{2,120}?) - (?P<role>[^\n]{2,160})$")
_TODAY_DATE = re.compile(rf"\btoday,?\s+(?:[A-Z][a-z]+day,?\s+)?({MONTH_DAY_YEAR.pattern})", re.IGNORECASE)
_CALL_TITLE = re.compile(r"\b(Q[1-4]\s+(?:FY\s*)?\d{4})\s+Earnings\s+Call\b", re.IGNORECASE)


@dataclass
class ParsedTranscript:
    """The blocks of a call with the facts its text gives about the call."""

    blocks: list[Block]
    speakers: list[Speaker] = field(default_factory=list)
    company: str | None = None
    ticker: str | None = None
    call_date: dt.date | None = None
    title: str | None = None


def parse_transcript(text: str) -> ParsedTranscript:
    """Parse a transcript in whichever known layout its text shows."""
    lines = text.replace("\r\n", "\n").split("\n")
    if any(line.strip() == "--" for line in lines[:80]) and "Motley Fool" in text[:500]:
        parsed = parse_motley_fool(lines)
    elif "CORPORATE PARTICIPANTS" in text[:2000] or "CONFERENCE CALL PARTICIPANTS" in text[:5000]:
        parsed = parse_capital_iq(lines)
    elif sum(1 for line in lines[:120] if line.strip() == "--") >= 2:
        parsed = parse_motley_fool(lines)
    else:
        parsed = parse_sentence_lines(lines)
    if parsed.call_date is None:
        match = _TODAY_DATE.search(text[:20_000])
        parsed.call_date = parse_date(match.group(1)) if match else None
    return parsed


def parse_motley_fool(lines: list[str]) -> ParsedTranscript:
    lines = [line.strip() for line in lines]
    start = next((i for i, line in enumerate(lines) if line.lower() in _MOTLEY_SECTIONS and i > 10), None)
    if start is None:
        start = next((i for i, line in enumerate(lines) if line.lower() == "prepared remarks:"), 0)
    parsed = _read_motley_header(lines[:start])
    speakers: dict[str, Speaker] = {}
    section: str | None = None
    speaker: str | None = None
    index = start
    while index < len(lines):
        line = lines[index]
        if line.lower() in _MOTLEY_SECTIONS:
            section = _MOTLEY_SECTIONS[line.lower()]
            index += 1
            continue
        if index + 2 < len(lines) and lines[index + 1] == "--" and line:
            speaker = line
            role_line = lines[index + 2]
            firm, _, role = role_line.rpartition(" -- ")
            speakers.setdefault(line, Speaker(name=line, role=role or None, firm=firm or None))
            label_speaker = None if section == PARTICIPANTS else speaker
            parsed.blocks.append(Block(f"{line} -- {role_line}", label_speaker, section, boilerplate=True))
            index += 3
            continue
        if line == OPERATOR:
            speaker = OPERATOR
            speakers.setdefault(OPERATOR, Speaker(name=OPERATOR))
            parsed.blocks.append(Block(line, speaker, section, boilerplate=True))
        elif line.startswith("Duration:") or line.startswith("More ") or line == "All earnings call transcripts":
            parsed.blocks.append(Block(line, None, section, boilerplate=True))
        elif line and section == PARTICIPANTS:
            parsed.blocks.append(Block(line, None, section, boilerplate=True))
        elif line:
            parsed.blocks.append(Block(line, speaker, section))
        index += 1
    parsed.speakers = list(speakers.values())
    return parsed


def _read_motley_header(header: list[str]) -> ParsedTranscript:
    """Read company, ticker, call title and date from the lines above "Prepared Remarks:"."""
    lines = [line for line in header if line and not line.lower().startswith("image source")]
    parsed = ParsedTranscript(blocks=[])
    if lines:
        parsed.company = lines[0]
    if "(" in lines:
        position = lines.index("(")
        if position + 1 < len(lines):
            parsed.ticker = lines[position + 1].upper()
    joined = " ".join(lines)
    title = _CALL_TITLE.search(joined)
    if title:
        parsed.title = f"{parsed.company} {title.group(0)}" if parsed.company else title.group(0)
    date = MONTH_DAY_YEAR.search(joined)
    parsed.call_date = parse_date(date.group(0)) if date else None
    return parsed


def parse_capital_iq(lines: list[str]) -> ParsedTranscript:
    lines = [line.rstrip() for line in lines]
    body_start = next((i for i, line in enumerate(lines) if line.strip() in _CAPIQ_SECTIONS), len(lines))
    participants, corporate = _read_participants(lines[:body_start])
    parsed = ParsedTranscript(blocks=[], speakers=list(participants.values()))
    firms = Counter(speaker.firm for speaker in corporate if speaker.firm)
    parsed.company = firms.most_common(1)[0][0] if firms else None
    section: str | None = None
    for turn in _split_turns(lines[body_start:]):
        if len(turn) == 1 and turn[0].strip() in _CAPIQ_SECTIONS:
            section = _CAPIQ_SECTIONS[turn[0].strip()]
            continue
        if turn[0].strip() in _CAPIQ_SECTIONS:
            section = _CAPIQ_SECTIONS[turn[0].strip()]
            turn = turn[1:]
        _add_capiq_turn(parsed, turn, section, participants)
    return parsed


def _read_participants(lines: list[str]) -> tuple[dict[str, Speaker], list[Speaker]]:
    """Read the participant blocks: a name, then a "Company - Title" line when there is one."""
    participants: dict[str, Speaker] = {}
    corporate: list[Speaker] = []
    in_corporate = False
    entries = [line.strip() for line in lines]
    index = 0
    while index < len(entries):
        line = entries[index]
        if line in ("CORPORATE PARTICIPANTS", "CONFERENCE CALL PARTICIPANTS"):
            in_corporate = line == "CORPORATE PARTICIPANTS"
            index += 1
            continue
        if not line:
            index += 1
            continue
        following = entries[index + 1] if index + 1 < len(entries) else ""
        title = _CAPIQ_TITLE_LINE.match(following)
        speaker = Speaker(name=line, role=title["role"] if title else None, firm=title["firm"] if title else None)
        participants[line] = speaker
        if in_corporate:
            corporate.append(speaker)
        index += 2 if title else 1
        while index < len(entries) and entries[index] and not _looks_like_name(entries[index]):
            index += 1
    return participants, corporate


def _looks_like_name(line: str) -> bool:
    words = line.split()
    return 1 < len(words) <= 5 and all(word[:1].isupper() for word in words) and " - " not in line


def _split_turns(lines: list[str]) -> list[list[str]]:
    """Split the body at lines that hold nothing but whitespace, which Capital IQ puts between turns."""
    turns: list[list[str]] = [[]]
    for line in lines:
        if not line.strip():
            if turns[-1]:
                turns.append([])
            continue
        stripped = line.strip()
        if stripped in _CAPIQ_SECTIONS and turns[-1]:
            turns.append([])
        turns[-1].append(line)
    return [turn for turn in turns if turn]


def _add_capiq_turn(parsed: ParsedTranscript, turn: list[str], section: str | None, participants: dict[str, Speaker]) -> None:
    name = turn[0].strip()
    known = name in participants or name == OPERATOR
    if not known or section == "Disclaimer":
        parsed.blocks.extend(Block(text, None, section, boilerplate=section == "Disclaimer") for text in unwrap_paragraphs(turn))
        return
    label = [name]
    body = turn[1:]
    if body and _CAPIQ_TITLE_LINE.match(body[0].strip()) and len(body[0]) < 200:
        label.append(body[0].strip())
        body = body[1:]
    if name == OPERATOR and not any(speaker.name == OPERATOR for speaker in parsed.speakers):
        parsed.speakers.append(Speaker(name=OPERATOR))
    parsed.blocks.append(Block(" -- ".join(label), name, section, boilerplate=True))
    parsed.blocks.extend(Block(text, name, section) for text in unwrap_paragraphs(body))


def unwrap_paragraphs(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; a short line that ends a sentence ends its paragraph."""
    widths = sorted(len(line) for line in lines)
    wrap_width = widths[int(len(widths) * 0.9)] if widths else 0
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        current.append(line.strip())
        if len(line.rstrip()) < 0.8 * wrap_width and line.rstrip().endswith((".", "?", "!", '"', "”")):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [paragraph for paragraph in paragraphs if paragraph]


_SPLIT_ABBREVIATION = re.compile(r"(?:^|\s)(?:[a-zA-Z]|[A-Z][a-z]{0,2})\.$")


def parse_sentence_lines(lines: list[str]) -> ParsedTranscript:
    """Group one-sentence-per-line text into paragraphs, rejoining sentences split inside abbreviations."""
    sentences: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if sentences and (_SPLIT_ABBREVIATION.search(sentences[-1]) or line[:1].islower()):
            sentences[-1] = f"{sentences[-1]} {line}"
        else:
            sentences.append(line)
    blocks: list[Block] = []
    current = ""
    for sentence in sentences:
        if current and len(current) + len(sentence) > SENTENCE_PARAGRAPH_CHARS:
            blocks.append(Block(current))
            current = sentence
        elif current:
            # MAEC lines often lack their final period; a line break keeps the sentences apart.
            current += (" " if current.endswith((".", "?", "!", '"', "”")) else "\n") + sentence
        else:
            current = sentence
    if current:
        blocks.append(Block(current))
    return ParsedTranscript(blocks=blocks)
