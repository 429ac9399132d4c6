"""A cheap look inside .xlsx/.xlsm files before the real read.

Two things only the XML shows: how far a sheet really extends (a single cell at XFD1048576 makes a reader
allocate for 17 billion cells) and which formula cells have no saved result (a file written by a program and
never opened in a spreadsheet). Member sizes are checked before anything is decompressed, so a zip bomb is
refused instead of inflated. XML is parsed with defusedxml.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from .i18n import N_
from .problems import InputError

MAX_XML_BYTES = 200 * 1024 * 1024
CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(/>|>(.*?)</(?:\w+:)?c>)", re.S)
VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")  # a non-empty cached value (<v/> and <v></v> are empty)
FORMULA = re.compile(rb"<(?:\w+:)?f\b")
ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]{1,9})"')
CELL_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{1,9})"')  # only cells have letters in their r attribute
CELL_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]')
REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
MSG_INFLATES = N_("{file} would take {size} MB once unpacked, far more than any audit: it was not read.")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, zip member) for every worksheet, from workbook.xml and its relationships."""
    from defusedxml.ElementTree import fromstring

    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    workbook = fromstring(zf.read("xl/workbook.xml"))
    rels = fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts = []
    for sheet in workbook.iter(f"{ns_main}sheet"):
        target = targets.get(sheet.get(f"{ns_rel}id"), "")
        member = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        parts.append((sheet.get("name", ""), member))
    return parts


def scan(raw: bytes, filename: str, max_cells: int) -> list[tuple[str, str]]:
    """Refuse oversized sheets; return (sheet, cell) of every formula cell without a cached value."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        inflated = sum(i.file_size for i in zf.infolist())
        if inflated > MAX_XML_BYTES:
            raise InputError(MSG_INFLATES, file=filename, size=inflated // (1024 * 1024))
        parts = sheet_parts(zf)
    except InputError:
        raise
    except Exception:
        return []  # let the reader give its own verdict on a damaged file
    from .workbook import MSG_SHEET_TOO_LARGE

    uncached: list[tuple[str, str]] = []
    for name, member in parts:
        try:
            xml = zf.read(member)
        except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            continue
        # distinct values first: a 2,000-record sheet has 600,000 cells but only 2,000 row numbers
        max_row = max((int(r) for r in {*ROW_NUMBER.findall(xml), *CELL_ROW.findall(xml)}), default=0)
        max_col = max((_col(c) for c in set(CELL_COLUMN.findall(xml))), default=0)
        if FORMULA.search(xml):  # the per-cell look only for sheets that have formulas at all
            for match in CELL.finditer(xml):
                ref = REF.search(match.group(1))
                body = match.group(3) or b""
                if ref is not None and FORMULA.search(body) and not VALUE.search(body):
                    uncached.append((name, (ref.group(1) + ref.group(2)).decode()))
        if max_row * max_col > max_cells:
            raise InputError(
                MSG_SHEET_TOO_LARGE,
                sheet=name,
                file=filename,
                cells=f"{max_row * max_col:,}",
                limit=f"{max_cells:,}",
            )
    return uncached
