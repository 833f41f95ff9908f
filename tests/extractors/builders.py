"""Small hand-made inputs for the parser tests: SGML submissions and PDFs."""

from __future__ import annotations

from pathlib import Path

from schemas.documents import Document

HEADER = """<SEC-DOCUMENT>0000000001-24-000001.txt : 20240105
<SEC-HEADER>0000000001-24-000001.hdr.sgml : 20240105
ACCESSION NUMBER:\t\t0000000001-24-000001
CONFORMED SUBMISSION TYPE:\t8-K
PUBLIC DOCUMENT COUNT:\t\t{count}
CONFORMED PERIOD OF REPORT:\t20240102
FILED AS OF DATE:\t\t20240105

FILER:

\tCOMPANY DATA:\t
\t\tCOMPANY CONFORMED NAME:\t\t\tEXAMPLE WIDGETS INC
\t\tCENTRAL INDEX KEY:\t\t\t0000000001
</SEC-HEADER>
"""

PRIMARY = """<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>widgets-8k.txt
<DESCRIPTION>CURRENT REPORT
<TEXT>
Item 8.01   Other Events.

    Example Widgets Inc signed a supply agreement with Acme Metals on
January 2, 2024.
</TEXT>
</DOCUMENT>
"""

GRAPHIC = """<DOCUMENT>
<TYPE>GRAPHIC
<SEQUENCE>2
<FILENAME>logo.jpg
<TEXT>
begin 644 logo.jpg
M_]C_X``02D9)1@`!`0$`8`!@``#_VP!#``@&!@<&!0@'!P<)"0@*#!0-#`L+
`
end
</TEXT>
</DOCUMENT>
"""

PRESS_RELEASE = """<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>3
<FILENAME>widgets-ex991.txt
<DESCRIPTION>PRESS RELEASE
<TEXT>
Example Widgets Inc announces a supply agreement with Acme Metals.
</TEXT>
</DOCUMENT>
"""


def make_submission(*documents: str) -> str:
    """Return a full submission holding the given <DOCUMENT> blocks."""
    body = "".join(documents)
    return HEADER.format(count=len(documents)) + body + "</SEC-DOCUMENT>\n"


def write_file(folder: Path, name: str, data: bytes | str) -> Path:
    """Write `data` to `folder/name`, creating the folders, and return the path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# One piece of text on a PDF page: left x and baseline y in points from the top-left corner,
# font size in points, and the text, set in Helvetica.
PdfText = tuple[float, float, float, str]
PAGE_WIDTH = 612
PAGE_HEIGHT = 792


def make_pdf(*, encrypted: bool = False) -> bytes:
    """Build a one-page PDF with one line of text; `encrypted` adds a password it does not give."""
    return make_text_pdf([[(72, 72, 12, "Testimony of Jane Roe before the Committee.")]], encrypted=encrypted)


def make_text_pdf(pages: list[list[PdfText]], *, encrypted: bool = False) -> bytes:
    """Build a letter-size PDF whose pages hold the given texts, in Helvetica with its standard widths."""
    page_numbers = [3 + 2 * index for index in range(len(pages))]
    font = 3 + 2 * len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % n for n in page_numbers), len(pages)),
    ]
    for number, texts in zip(page_numbers, pages):
        stream = b"\n".join(
            b"BT /F1 %.1f Tf %.1f %.1f Td (%s) Tj ET" % (size, x, PAGE_HEIGHT - y, _pdf_string(text))
            for x, y, size, text in texts
        )
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, number + 1, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    if encrypted:
        objects.append(
            b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
        )
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypted:
        trailer += b" /Encrypt %d 0 R /ID [<" % len(objects) + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]"
    output += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(output)


def _pdf_string(text: str) -> bytes:
    """Escape text for a PDF literal string, in the font's WinAnsi (cp1252) encoding."""
    return text.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def paragraph_texts(document: Document) -> list[str]:
    """Return the text of each paragraph of `document`, cut from its text by the char ranges."""
    return [document.text[p.start:p.end] for p in document.paragraphs]
