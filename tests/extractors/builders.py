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


def make_pdf(*, encrypted: bool = False) -> bytes:
    """Build a one-page PDF with one line of text; `encrypted` adds a password it does not give."""
    stream = b"BT /F1 12 Tf 72 720 Td (Testimony of Jane Roe before the Committee.) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
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


def paragraph_texts(document: Document) -> list[str]:
    """Return the text of each paragraph of `document`, cut from its text by the char ranges."""
    return [document.text[p.start:p.end] for p in document.paragraphs]
