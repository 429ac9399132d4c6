"""Make the corpus of broken and odd workbooks: ``python tests/data/corpus/make_corpus.py``.

Each file imitates something centres really send: a password-protected file, a half-copied one, a PDF or Word
file renamed to .xlsx, a sheet someone scrolled to XFD1048576 and typed into, merged header cells, a header in
row 9, numbers stored as text. ``tests/test_corpus.py`` holds the exact sentence or result expected for each.
The files are committed (small, made once); this script records how.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
FORMATS = HERE.parent / "formats"
HEADER = ["ID", "Status", "Evidence", "Comment"]
CENTRE = [["Standard", "mini"], ["Does the centre run a shelter?", "нет"]]


def book(rows: list[list[object]], *, title: str = "Responses", centre: bool = True) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    if centre:
        cs = wb.create_sheet("Centre")
        for row in CENTRE:
            cs.append(row)
    return wb


def main() -> None:
    good = FORMATS / "audit.xlsx"
    raw = good.read_bytes()
    # broken: each ends in exit 2 with its sentence
    (HERE / "zero-bytes.xlsx").write_bytes(b"")
    (HERE / "truncated.xlsx").write_bytes(raw[: len(raw) // 2])
    (HERE / "renamed-pdf.xlsx").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >>"
        b" endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    (HERE / "renamed-word.xlsx").write_bytes(docx.getvalue())
    (HERE / "renamed-csv.xlsx").write_bytes("ID;Status\r\nA.1;выполнено\r\n".encode())
    import msoffcrypto.format.ooxml

    with good.open("rb") as src, (HERE / "encrypted.xlsx").open("wb") as out:
        msoffcrypto.format.ooxml.OOXMLFile(src).encrypt("centre-2026", out)
    Workbook().save(HERE / "empty-workbook.xlsx")
    huge = book([HEADER, ["A.1", "met"]])
    huge.active["XFD1048576"] = "x"
    huge.save(HERE / "huge-sheet.xlsx")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(good) as src:
            for item in src.infolist():
                zf.writestr(item, src.read(item.filename))
        zf.writestr("xl/media/padding.xml", b"<x>" + b" " * (250 * 1024 * 1024) + b"</x>")
    (HERE / "zip-bomb.xlsx").write_bytes(bomb.getvalue())
    book([["Code", "Result"], ["A.1", "met"]]).save(HERE / "no-header.xlsx")

    # odd but readable: each gives an exact result
    shutil.copy(FORMATS / "audit.xls", HERE / "xls-named-xlsx.xlsx")
    merged = book([["Audit of centre «Тест»", None, None, None], HEADER, ["A.1", "met"], ["A.2", "partial"]])
    merged.active.merge_cells("A1:D1")
    merged.save(HERE / "merged-title.xlsx")
    merged_header = book(
        [
            ["ID", "Status", "Evidence / Comment", None],
            [None, None, "Evidence", "Comment"],
            ["A.1", "met", "Order 5", "ok"],
        ]
    )
    merged_header.active.merge_cells("A1:A2")
    merged_header.active.merge_cells("B1:B2")
    merged_header.active.merge_cells("C1:D1")
    merged_header.save(HERE / "merged-header.xlsx")
    hidden = book([HEADER, ["A.1", "met"], ["A.2", "no"]])
    hidden.active.sheet_state = "hidden"
    notes = hidden.create_sheet("Notes", 0)
    notes["A1"] = "Notes for the board"
    hidden.active = 0
    hidden.save(HERE / "hidden-responses.xlsx")
    book([[f"Audit line {i}"] for i in range(1, 9)] + [HEADER, ["A.1", "met"], ["A.3", "no"]]).save(
        HERE / "header-row-9.xlsx"
    )
    book([[" ID ", "Status  "], ["A.1 ", " met"], [" A.2", "partial "], ["A.3\u00a0", "NOT  MET"]]).save(
        HERE / "trailing-spaces.xlsx"
    )
    numeric = book([HEADER, [1, "met"], ["2", "partial"], [10, "no"]], centre=False)
    numeric.create_sheet("Centre").append(["Standard", "numeric"])
    numeric.save(HERE / "numbers-as-text.xlsx")
    book([HEADER, ["A.1", "met", "Order 5", "first line\r\nsecond line\rthird"]]).save(
        HERE / "windows-line-breaks.xlsx"
    )
    formula = book([HEADER, ["A.1", '="me"&"t"'], ["A.2", "met"]])
    formula.save(HERE / "formula-no-cache.xlsx")


if __name__ == "__main__":
    main()
