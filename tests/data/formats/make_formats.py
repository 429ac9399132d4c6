"""Make the same small audit in all five formats: ``python tests/data/formats/make_formats.py``.

``audit.xlsx`` is written with openpyxl; ``.xls``, ``.ods`` and ``.xlsm`` are converted from it with LibreOffice
(``soffice --headless --convert-to``); LibreOffice cannot write ``.xlsb``, so ``audit.xlsb`` is written by the
minimal BIFF12 writer below (records per MS-XLSB: a workbook part listing the sheets, and worksheet parts with
row headers and inline-string cells). The files are committed; this script records how they were made.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESPONSES = [
    ["ID", "Status", "Evidence", "Comment"],
    ["A.1", "выполнено", "Приказ №5 от 2025-01-10", "line one\nline two"],
    ["A.2", "частично", "", ""],
    ["A.3", "maybe", "", ""],
    ["A.7", "met", "", ""],
    ["S.1", "no", "", ""],
]
CENTRE = [
    ["Standard", "mini"],
    ["Centre name", "Центр «Тест»"],
    ["Audit date", "2026-03-15"],
    ["Audit type", "external"],
    ["Does the centre run a shelter?", "да"],
]
SHEETS = {"Responses": RESPONSES, "Centre": CENTRE}


def write_xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in SHEETS.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value:
                    ws.cell(row=r, column=c, value=value)
    wb.save(path)


def _varint(value: int, limit: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            break
    assert len(out) <= limit
    return bytes(out)


def record(kind: int, body: bytes = b"") -> bytes:
    return _varint(kind, 2) + _varint(len(body), 4) + body


def wide(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def sheet_part(rows: list[list[str]]) -> bytes:
    last_row = len(rows) - 1
    last_col = max(len(r) for r in rows) - 1
    out = record(0x81) + record(0x94, struct.pack("<IIII", 0, last_row, 0, last_col)) + record(0x91)
    for r, row in enumerate(rows):
        out += record(0x00, struct.pack("<IIHHBI", r, 0, 300, 0, 0, 0))
        for c, value in enumerate(row):
            if value:
                out += record(0x06, struct.pack("<II", c, 0) + wide(value))
    return out + record(0x92) + record(0x82)


def write_xlsb(path: Path) -> None:
    names = list(SHEETS)
    book = record(0x83) + record(0x8F)
    for i, name in enumerate(names, start=1):
        book += record(0x9C, struct.pack("<II", 0, i) + wide(f"rId{i}") + wide(name))
    book += record(0x90) + record(0x9D, b"\x00" * 26) + record(0x84)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'worksheet" Target="worksheets/sheet{i}.bin"/>'
        for i in range(1, len(names) + 1)
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled'
        '.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("_rels/.rels", root_rels)
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{rels}</Relationships>',
        )
        for i, name in enumerate(names, start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.bin", sheet_part(SHEETS[name]))


def main() -> None:
    write_xlsx(HERE / "audit.xlsx")
    write_xlsb(HERE / "audit.xlsb")
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is needed for .xls, .ods and .xlsm")
    for ext in ("xls", "ods", "xlsm"):
        subprocess.run(
            [soffice, "--headless", "--convert-to", ext, "--outdir", str(HERE), str(HERE / "audit.xlsx")],
            check=True,
            capture_output=True,
            timeout=180,
        )


if __name__ == "__main__":
    main()
