"""Congressional hearing text: GPO hearing records, PoliticoPro transcripts and answer-only text.

Written witness statements (PDF or text converted from PDF) are in `statements.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extractors.parsing.dates import MONTH_DAY_YEAR, parse_date
from extractors.parsing.paragraphs import Block
from extractors.parsing.textclean import join_lines, title_case, word_vocabulary
from extractors.parsing.transcript import unwrap_paragraphs
from schemas.documents import Speaker

FRONT_MATTER = "Front matter"
_GPO_MARKER = "[From the U.S. Government Publishing Office]"
_GPO_TURN = re.compile(
    r"^(?P<label>(?P<title>Chair|Chairman|Chairwoman|Ranking Member|Senator|Representative|Mr\.|Ms\.|Mrs\.|Dr\.)"
    r" (?P<surname>[A-Z][A-Za-z'\-]+))\. "
)
_GPO_WITNESS = re.compile(r"^STATEMENT OF (?P<body>[A-Z][^\n]+)$")
_GPO_ROSTER = re.compile(r"\b([A-Z][A-Z.']+(?: [A-Z][A-Z.']+)+), (?:[A-Z][a-z]+(?: [A-Z][a-z]+)?)(?:,|\s{2,}|$)", re.MULTILINE)
_POLITICO_SPEAKER = re.compile(r"^(?P<title>Sen|Rep)\.\s+(?P<name>[^()]+?)\s+\((?P<party>[A-Z]-[^)]+)\)$")
_POLITICO_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}\b")
_POLITICO_FOOTER = "Transcript"


@dataclass
class ParsedHearing:
    """The blocks of a hearing or statement with the hearing facts found in its text."""

    blocks: list[Block]
    speakers: list[Speaker] = field(default_factory=list)
    title: str | None = None
    committee: str | None = None
    hearing_date: dt.date | None = None


def is_gpo_hearing(text: str) -> bool:
    head = text[:3000]
    return _GPO_MARKER in head or "S. Hrg." in head or "H. Hrg." in head


def is_politico_transcript(text: str) -> bool:
    return any(_POLITICO_SPEAKER.match(line.strip()) for line in text[:5000].split("\n"))


def parse_gpo_hearing(text: str) -> ParsedHearing:
    """Parse a GPO hearing record: cover, contents, then 4-space-indented paragraphs and turns."""
    text = text.replace("``", "“").replace("''", "”")
    lines = text.split("\n")
    body_start = _gpo_body_start(lines)
    cover = "\n".join(lines[:body_start])
    parsed = ParsedHearing(blocks=[], title=_gpo_title(lines), committee=_gpo_committee(cover))
    date = MONTH_DAY_YEAR.search(cover)
    parsed.hearing_date = parse_date(date.group(0)) if date else None
    members = {name.split()[-1].upper(): title_case(name) for name in _GPO_ROSTER.findall(cover)}
    witnesses = _gpo_witnesses(lines[body_start:])
    for chunk in re.split(r"\n[ \t]*\n", cover):
        if chunk.strip():
            parsed.blocks.append(Block("\n".join(line.strip() for line in chunk.split("\n") if line.strip()), section=FRONT_MATTER, boilerplate=True))
    speakers: dict[str, Speaker] = {}
    section = None
    speaker = None
    vocabulary = word_vocabulary(text)
    for kind, chunk in _gpo_paragraphs(lines[body_start:]):
        if kind == "heading":
            section = title_case(chunk)
            speaker = _prepared_statement_speaker(chunk, witnesses, speakers)
            parsed.blocks.append(Block(section, speaker, section, boilerplate=True))
            continue
        paragraph = join_lines(chunk.split("\n"), vocabulary)
        turn = _GPO_TURN.match(paragraph)
        if turn:
            speaker = _gpo_speaker(turn, members, witnesses, speakers)
        stage_direction = paragraph.startswith("[") and paragraph.endswith("]")
        parsed.blocks.append(Block(paragraph, None if stage_direction else speaker, section, boilerplate=stage_direction))
    parsed.speakers = list(speakers.values())
    for witness in witnesses.values():
        if witness.name not in speakers:
            parsed.speakers.append(witness)
    return parsed


def _gpo_body_start(lines: list[str]) -> int:
    for index, line in enumerate(lines):
        if re.match(r"^    The (?:Sub)?[Cc]ommittee met\b", line) or _GPO_TURN.match(line.strip()):
            return index
    return 0


def _gpo_title(lines: list[str]) -> str | None:
    first = next((line.strip() for line in lines if line.strip()), "")
    first = first.lstrip("- ").strip()
    return title_case(first) if first.isupper() else first or None


def _gpo_committee(cover: str) -> str | None:
    flat = " ".join(cover.split())
    match = re.search(r"\bbefore the (.+?) (?:ONE HUNDRED|[A-Z]+[- ]?[A-Z]* CONGRESS)", flat)
    if not match:
        return None
    parts = [title_case(part.strip(" ,")) for part in re.split(r"\bof the\b|(?=UNITED STATES)", match.group(1))]
    return ", ".join(part for part in parts if part)


def _gpo_witnesses(lines: list[str]) -> dict[str, Speaker]:
    """Read "STATEMENT OF NAME, ROLE, FIRM, CITY, STATE" headings into witnesses by surname."""
    witnesses: dict[str, Speaker] = {}
    for kind, chunk in _gpo_paragraphs(lines):
        if kind != "heading":
            continue
        match = _GPO_WITNESS.match(chunk)
        if not match or " HON. " in f" {chunk} ":
            continue
        name, *rest = [part.strip() for part in match["body"].split(",")]
        firm: str | None = None
        role: str | None = rest[0] if rest else None
        if len(rest) >= 3:
            firm, role = rest[-3], ", ".join(rest[:-3])
        elif len(rest) == 2:
            firm = rest[-1]
        witness = Speaker(
            name=title_case(name),
            role=title_case(role).replace("For ", "for ") if role else None,
            firm=title_case(firm) if firm else None,
            is_witness=True,
        )
        witnesses[name.split()[-1].upper()] = witness
    return witnesses


def _gpo_paragraphs(lines: list[str]) -> list[tuple[str, str]]:
    """Split GPO body lines into ("heading" | "paragraph", text) at indents and centred headings."""
    chunks: list[tuple[str, list[str]]] = []
    for line in lines:
        if not line.strip():
            if chunks and chunks[-1][0] == "heading":
                chunks.append(("gap", []))
            continue
        indent = len(line) - len(line.lstrip())
        stripped = line.strip()
        capitals = stripped.upper() == stripped and any(ch.isalpha() for ch in stripped)
        if capitals and indent not in (0, 4):
            if chunks and chunks[-1][0] == "heading":
                chunks[-1][1].append(stripped)
            else:
                chunks.append(("heading", [stripped]))
        elif indent == 4 or not chunks or chunks[-1][0] != "paragraph":
            chunks.append(("paragraph", [line]))
        else:
            chunks[-1][1].append(line)
    return [(kind, " ".join(body) if kind == "heading" else "\n".join(body)) for kind, body in chunks if body]


def _gpo_speaker(turn: re.Match[str], members: dict[str, str], witnesses: dict[str, Speaker], speakers: dict[str, Speaker]) -> str:
    surname = turn["surname"].upper()
    if surname in witnesses:
        witness = witnesses[surname]
        speakers.setdefault(witness.name, witness)
        return witness.name
    name = members.get(surname, turn["surname"])
    role = turn["title"] if turn["title"] not in ("Mr.", "Ms.", "Mrs.", "Dr.") else None
    speakers.setdefault(name, Speaker(name=name, role=role))
    return name


def _prepared_statement_speaker(heading: str, witnesses: dict[str, Speaker], speakers: dict[str, Speaker]) -> str | None:
    """Return the witness whose prepared statement a heading opens, so its text counts as theirs."""
    match = re.match(r"^PREPARED STATEMENT OF ([A-Z .'\-]+)", heading)
    if not match:
        return None
    surname = match.group(1).split()[-1].upper()
    witness = witnesses.get(surname)
    if witness:
        speakers.setdefault(witness.name, witness)
        return witness.name
    return None


def parse_politico_transcript(text: str) -> ParsedHearing:
    """Parse a PoliticoPro transcript: title lines, a date line, then "Sen. Name (P-State)" turns."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip() != _POLITICO_FOOTER]
    date_index = next((i for i, line in enumerate(lines[:15]) if _POLITICO_DATE.match(line.strip())), None)
    parsed = ParsedHearing(blocks=[])
    if date_index is not None:
        parsed.title = " ".join(line.strip() for line in lines[:date_index])
        parsed.committee = parsed.title.split(" on ")[0] if " on " in parsed.title else parsed.title
        parsed.hearing_date = parse_date(lines[date_index])
        parsed.blocks.append(Block(f"{parsed.title}\n{lines[date_index].strip()}", section=FRONT_MATTER, boilerplate=True))
    speakers: dict[str, Speaker] = {}
    speaker = None
    turn: list[str] = []
    for line in lines[(date_index + 1) if date_index is not None else 0:]:
        match = _POLITICO_SPEAKER.match(line.strip())
        if match:
            parsed.blocks.extend(Block(paragraph, speaker) for paragraph in unwrap_paragraphs(turn))
            turn = []
            speaker = match["name"].strip()
            role = f"{'Senator' if match['title'] == 'Sen' else 'Representative'} ({match['party']})"
            speakers.setdefault(speaker, Speaker(name=speaker, role=role))
            parsed.blocks.append(Block(line.strip(), speaker, boilerplate=True))
        elif line.strip():
            turn.append(line)
    parsed.blocks.extend(Block(paragraph, speaker) for paragraph in unwrap_paragraphs(turn))
    parsed.speakers = list(speakers.values())
    return parsed


def parse_answers(text: str, witness: Speaker | None) -> ParsedHearing:
    """Parse text with one statement per line and no speaker labels, all by one witness."""
    blocks = [Block(line.strip(), witness.name if witness else None) for line in text.split("\n") if line.strip()]
    return ParsedHearing(blocks=blocks, speakers=[witness] if witness else [])


def witness_from_folder(label: str, text: str) -> Speaker | None:
    """Return the witness named last in a `<date>_<committee>_<Witness>` folder, with a full name if the text has one."""
    parts = label.split("_")
    if len(parts) < 3 or "-" in parts[-1] or not parts[-1][:1].isupper():
        return None
    surname = parts[-1]
    full_names = Counter(re.findall(rf"\b([A-Z][a-z]+ {re.escape(surname)})\b", text))
    name = full_names.most_common(1)[0][0] if full_names else surname
    return Speaker(name=name, is_witness=True)


def committee_from_folder(label: str) -> str | None:
    """Return the committee part of a `<date>_<Chamber-Committee>_<witness>` folder name, spaced out."""
    parts = label.split("_")
    return parts[1].replace("-", " ") if len(parts) >= 3 else None
