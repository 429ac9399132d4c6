"""Shared fixtures: small workbooks built in the test, never a binary we cannot read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"

Row = Sequence[Any]


def build_workbook(
    path: Path,
    rows: Sequence[Row],
    *,
    header: Row = ("ID", "Status", "Evidence", "Comment"),
    sheet: str = "Responses",
    meta: Sequence[Row] | None = None,
    meta_sheet: str = "Centre",
    header_row: int = 1,
) -> Path:
    """An audit workbook: the responses sheet (header in ``header_row``), and a centre sheet if ``meta``."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for i, value in enumerate(header, start=1):
        ws.cell(row=header_row, column=i, value=value)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    if meta is not None:
        ms = wb.create_sheet(meta_sheet)
        for r, row in enumerate(meta, start=1):
            for c, value in enumerate(row, start=1):
                ms.cell(row=r, column=c, value=value)
    wb.save(path)
    return path


@pytest.fixture
def workbook(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(rows: Sequence[Row], name: str | None = None, **kwargs: Any) -> Path:
        return build_workbook(tmp_path / (name or f"audit{next(counter)}.xlsx"), rows, **kwargs)

    return make
