"""Writing spreadsheet cells safely and reproducibly: shared by the template, the action plan and the summary.

Safe to open: any text a spreadsheet could read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return; CWE-1236) is written as a text cell with a leading apostrophe, the OWASP convention, so
no spreadsheet evaluates it, even after the cell is edited. Readable in LibreOffice: it does not compute the
height of wrapped rows on opening, so rows get a height for their text. Reproducible: document properties and
zip entries carry fixed times, so the same input always gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from typing import Any

CELL_LIMIT = 32767  # the most characters a spreadsheet cell holds
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold
_CORE_TIMES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
FIXED_W3C = b"2000-01-01T00:00:00Z"


def safe_text(value: object) -> str:
    """Text a spreadsheet shows and never evaluates."""
    text = _ILLEGAL.sub("", str(value))
    text = "'" + text if text.startswith(FORMULA_START) else text
    return text[:CELL_LIMIT]


def text_lines(text: str, width: float) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    per_line = max(1, int(width * 1.0))  # Cyrillic runs wider than Latin: better a spare line than overlap
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def set_height(ws: Any, row: int, lines: int) -> None:
    """Row heights are not computed by every spreadsheet on opening: give wrapped rows room for their text."""
    if lines > 1:
        ws.row_dimensions[row].height = min(409, 15 * lines + 3)


def put(ws: Any, row: int, col: int, value: object) -> Any:
    """Write one cell: numbers as numbers, everything else as a string cell (never a formula)."""
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        return cell
    if isinstance(value, bool):
        value = str(value)
    if isinstance(value, int | float):
        cell.value = value
        return cell
    cell.value = safe_text(value)
    cell.data_type = "s"
    return cell


def deterministic_zip(data: bytes) -> bytes:
    """The same workbook, with fixed document times and fixed entry times: equal input, equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():  # openpyxl writes its members in a fixed order; keep it
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIMES.sub(rb"\g<1>" + FIXED_W3C + rb"\g<3>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()


def fit_to_width(ws: Any, *, landscape: bool, title_rows: str | None = None) -> None:
    """Print on A4, every column on the page, as many pages down as needed, the header on each page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def save(wb: Any, path: Any) -> None:
    """Save a workbook to a path with reproducible bytes."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with open(path, "wb") as fh:
        fh.write(deterministic_zip(buffer.getvalue()))
