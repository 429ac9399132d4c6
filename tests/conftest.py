"""Shared fixtures: small workbooks built in the test, never a binary we cannot read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

DATA = Path(__file__).parent / "data"
MINI = DATA / "mini.yaml"
RR = DATA / "rr-mini.yaml"

# Eight records against rr-mini.yaml, hand-computed in tests/test_records.py (element rates, completeness).
RR_HEADER = ("Record", "custody", "consent", "consent_reason", "opinion", "E.1", "E.2", "E.3", "E.4")
RR_EIGHT = [
    ("R-001", "yes", "yes", "", "C", "met", "met", "met", "met"),
    ("R-002", "no", "yes", "", "C", "met", "partial", "not met", "n/a"),
    ("R-003", "no", "yes", "", "C", "not met", "met", "", "met"),
    ("R-004", "yes", "yes", "", "C", "met", "", "partial", "not met"),
    ("R-005", "no", "yes", "", "C", "met", "met", "", "met"),
    ("R-006", "no", "yes", "", "C", "partial", "not met", "", "partial"),
    ("R-007", "yes", "yes", "", "C", "met", "met", "not met", "n/a"),
    ("R-008", "no", "yes", "", "C", "met", "partial", "", "met"),
]

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
