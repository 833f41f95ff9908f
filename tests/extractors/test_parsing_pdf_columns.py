"""Two-column PDF pages read left column first, on PDFs built by the test."""

from __future__ import annotations

from builders import make_text_pdf, paragraph_texts, write_file

from extractors.parsing import parse_file
from extractors.parsing.pdf import read_pdf_lines

TITLE = "Semiconductor Supply Chains and Market Power"
SUBTITLE = "Testimony of Jane Roe before the Committee on Financial Services, March 9, 2023"
LEFT = [
    "Chairman Smith and members of the",
    "committee, thank you for inviting me to",
    "testify today about the market power of",
    "chip makers and their suppliers.",
    None,
    "Three firms now control most of the",
    "capacity for advanced packaging, and",
    "their prices rose sharply in the last",
    "two years as demand for accelerators",
    "grew faster than the supply of semi-",
]
RIGHT = [
    "conductor packaging that the industry",
    "could build in that time. Prices will",
    "fall only when new plants open.",
    None,
    "The committee should ask regulators to",
    "study long-term supply contracts that",
    "lock out small designers.",
]
CLOSING = [
    "In closing, long-term contracts between the three packaging firms and the largest chip",
    "designers deserve the same scrutiny as a merger would receive from the antitrust agencies.",
]
# A running footer under the left column, which a column band must not take in.
FOOTER = "Statement of Jane Roe"
# Body lines in points: 10-point text every 13 points, left column at 72, right column at RIGHT_X.
BODY_TOP = 140
LINE_PITCH = 13
RIGHT_X = 258


def column_texts(x: float, lines: list[str | None]) -> list[tuple[float, float, float, str]]:
    """Place lines one below the other from BODY_TOP; None leaves an empty line between paragraphs."""
    return [(x, BODY_TOP + row * LINE_PITCH, 10, line) for row, line in enumerate(lines) if line]


def two_column_pdf() -> bytes:
    """A statement whose first page has a full-width title over two columns, then a one-column page."""
    first = [(72, 80, 16, TITLE), (72, 104, 11, SUBTITLE), *column_texts(72, LEFT), *column_texts(RIGHT_X, RIGHT),
             (72, 760, 9, FOOTER), (290, 760, 9, "1")]
    second = [*[(72, 100 + row * LINE_PITCH, 10, line) for row, line in enumerate(CLOSING)],
              (72, 760, 9, FOOTER), (290, 760, 9, "2")]
    return make_text_pdf([first, second])


def test_columns_read_left_then_right():
    lines, _ = read_pdf_lines(two_column_pdf(), path="statement.pdf")
    first_page = [line.text for line in lines if line.page == 1]

    expected_columns = [line for line in LEFT + RIGHT if line]
    assert first_page == [TITLE, SUBTITLE, *expected_columns]
    assert all(line.text != FOOTER for line in lines)


def test_columns_marked_on_lines():
    lines, _ = read_pdf_lines(two_column_pdf(), path="statement.pdf")
    by_text = {line.text: line for line in lines}

    assert by_text[TITLE].column == 0
    assert by_text[LEFT[0]].column == 1
    assert by_text[RIGHT[0]].column == 2
    assert by_text[RIGHT[0]].column_shift == RIGHT_X - 72


def test_one_column_page_keeps_order():
    lines, _ = read_pdf_lines(two_column_pdf(), path="statement.pdf")

    assert [line.text for line in lines if line.page == 2] == CLOSING
    assert {line.column for line in lines if line.page == 2} == {0}


def test_sentence_continues_across_columns(tmp_path):
    path = write_file(tmp_path, "testimony/2023-03-09_House-FinancialServices_Roe/statement.pdf", two_column_pdf())

    texts = paragraph_texts(parse_file(path)[0])

    assert ("Three firms now control most of the capacity for advanced packaging, and their prices rose "
            "sharply in the last two years as demand for accelerators grew faster than the supply of "
            "semiconductor packaging that the industry could build in that time. Prices will fall only "
            "when new plants open.") in texts


def test_hyphenated_word_joined_across_columns(tmp_path):
    path = write_file(tmp_path, "testimony/2023-03-09_House-FinancialServices_Roe/statement.pdf", two_column_pdf())

    text = parse_file(path)[0].text

    assert "supply of semiconductor packaging" in text
    assert "semi-" not in text


def test_paragraphs_split_inside_columns(tmp_path):
    path = write_file(tmp_path, "testimony/2023-03-09_House-FinancialServices_Roe/statement.pdf", two_column_pdf())

    texts = paragraph_texts(parse_file(path)[0])

    assert ("Chairman Smith and members of the committee, thank you for inviting me to testify today about "
            "the market power of chip makers and their suppliers.") in texts
    assert ("The committee should ask regulators to study long-term supply contracts that lock out small "
            "designers.") in texts


def test_table_not_read_as_columns():
    rows = [("Packaging revenue", "12.1%", "14.8%"), ("Wafer revenue", "8.4%", "9.9%"),
            ("Memory revenue", "3.2%", "7.5%"), ("Testing revenue", "2.6%", "2.9%"),
            ("Design revenue", "6.0%", "6.3%"), ("Other revenue", "1.1%", "1.4%")]
    texts = [(x, 100 + index * LINE_PITCH, 10, cell)
             for index, row in enumerate(rows) for x, cell in zip((72, 340, 460), row)]

    lines, _ = read_pdf_lines(make_text_pdf([texts]), path="table.pdf")

    assert [line.text for line in lines] == [" ".join(row) for row in rows]
    assert {line.column for line in lines} == {0}
