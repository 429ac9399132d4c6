"""Words and numbers for the network reports (summary, compare), printed the way the renderers print them.

The per-audit renderers' :class:`~protocheck.render.base.Renderer` already knows how to say a status, an
outcome or a number in the reader's language (``73.5`` in English, ``73,5`` in Russian); this borrows it
rather than copying it, so a summary and a report never disagree on how a figure looks.
"""

from __future__ import annotations

from typing import Any

from .render.base import Renderer
from .result import Result

# Text that a spreadsheet would run as a formula when it starts a cell (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Words(Renderer):
    """A renderer used only for its vocabulary: it renders nothing itself."""

    name = "words"
    extension = "txt"

    def render(self, result: Result) -> bytes:  # pragma: no cover - never called
        raise NotImplementedError("Words formats figures; it does not render results")

    def signed(self, value: float | None) -> str:
        """A difference with its sign: ``+4.5``, ``−2``, ``0``."""
        if value is None:
            return "—"
        if value == 0:
            return self.number(0)
        return ("+" if value > 0 else "−") + self.number(abs(value))


def safe_text(value: str) -> str:
    """Text for a spreadsheet cell: never a formula, and without the control characters XLSX cannot hold."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = str(ILLEGAL_CHARACTERS_RE.sub("", value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def put(sheet: Any, row: int, column: int, value: object) -> Any:
    """Write one cell; text is always stored as text (``data_type = "s"``), never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell
