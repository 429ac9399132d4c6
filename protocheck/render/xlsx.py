"""XLSX action plan: one row per gap with columns for the centre to fill, and a summary sheet.

Safe to open: any text that a spreadsheet could read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return; CWE-1236) is written as a text cell with a leading apostrophe, the OWASP
convention, so no spreadsheet evaluates it, even after the cell is edited. Deterministic: the document
properties and the zip entries carry fixed times, so the same result always gives the same bytes.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..result import Result
from ..sheets import deterministic_zip, fit_to_width, put, set_height, text_lines
from . import report
from .base import Renderer

HEADER_FILL = "DCE7EA"
TO_FILL = "FFF6D6"  # the columns the centre fills in
WRAP_WIDTH = {  # in characters
    "id": 9,
    "section": 18,
    "requirement": 44,
    "severity": 12,
    "status": 14,
    "evidence": 28,
    "comment": 28,
    "guidance": 48,
    "action": 32,
    "responsible": 18,
    "deadline": 12,
    "progress": 18,
}
SUMMARY_WIDTHS = {"A": 28, "B": 36, "C": 12, "D": 12, "E": 12, "F": 12}
EXTRA_ROWS = 50  # room under the gaps for actions the centre adds; validations cover it too


def sheet_title(name: str) -> str:
    """A name a sheet may carry: no ``[]:*?/\\``, at most 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31]


class XlsxRenderer(Renderer):
    name = "xlsx"
    extension = "xlsx"

    def render(self, result: Result) -> bytes:
        from openpyxl import Workbook

        wb = Workbook()
        plan = wb.active
        plan.title = sheet_title(self.t("Action plan"))
        summary = wb.create_sheet(sheet_title(self.t("Summary")))
        lists = wb.create_sheet(sheet_title(self.t("Lists")))
        lists.sheet_state = "hidden"
        progress = report.progress_labels(self)
        for i, label in enumerate(progress, start=1):
            put(lists, i, 1, label)
        self.action_plan(plan, result, lists.title, progress)
        self.summary(summary, result)
        wb.active = 0
        props = wb.properties
        props.creator = "protocheck"
        props.lastModifiedBy = "protocheck"
        props.title = (
            self.t("Action plan") + ": " + (result.audit.centre_name or self.text(result.catalog.title))
        )
        buffer = io.BytesIO()
        wb.save(buffer)
        return deterministic_zip(buffer.getvalue())

    # sheet 1 ------------------------------------------------------------------------------------------------
    def action_plan(self, ws: Any, result: Result, lists_title: str, progress: list[str]) -> None:
        from openpyxl.utils import get_column_letter, quote_sheetname
        from openpyxl.worksheet.datavalidation import DataValidation

        columns = [
            ("id", self.t("Criterion")),
            ("section", self.t("Section")),
            ("requirement", self.t("Requirement")),
            ("severity", self.t("Severity")),
            ("status", self.t("Current status")),
            ("evidence", self.t("Evidence noted by the auditor")),
            ("comment", self.t("Auditor's comment")),
            ("guidance", self.t("What good looks like")),
            ("action", self.t("Action")),
            ("responsible", self.t("Responsible person")),
            ("deadline", self.t("Deadline")),
            ("progress", self.t("Progress")),
        ]
        col = {key: i for i, (key, _) in enumerate(columns, start=1)}
        to_fill = {"action", "responsible", "deadline", "progress"}
        self.header(ws, [label for _, label in columns], fill_keys=[key in to_fill for key, _ in columns])
        titles = report.section_titles(self, result)
        stats = report.element_stats(result)
        row = 1
        for row, gap in enumerate(result.gaps, start=2):
            status = self.status(gap.status)
            if gap.id in stats:  # a record review: how often the element is missing says more
                status += " — " + report.record_line(self, stats[gap.id])
            values: dict[str, object] = {
                "id": gap.id,
                "section": f"{gap.section} {titles.get(gap.section, '')}".strip(),
                "requirement": self.text(gap.text),
                "severity": self.severity(gap.severity),
                "status": status,
                "evidence": gap.evidence,
                "comment": gap.comment,
                "guidance": self.text(gap.guidance),
                "progress": progress[0],
            }
            for key, value in values.items():
                put(ws, row, col[key], value)
            set_height(ws, row, max(text_lines(str(v), WRAP_WIDTH[k]) for k, v in values.items()))
        if not result.gaps:
            row = 2
            put(ws, row, col["requirement"], self.t("No gaps: every applicable criterion is met."))
        last = max(row, 2) + EXTRA_ROWS
        self.style_body(ws, 2, last, len(columns), [key in to_fill for key, _ in columns])
        deadline_format = "dd.mm.yyyy" if self.lang == "ru" else "yyyy-mm-dd"
        for r in range(2, last + 1):
            ws.cell(row=r, column=col["deadline"]).number_format = deadline_format
        for key, index in col.items():
            ws.column_dimensions[get_column_letter(index)].width = WRAP_WIDTH[key]

        letter = get_column_letter(col["progress"])
        choices = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(lists_title)}!$A$1:$A${len(progress)}",
            allow_blank=True,
            showDropDown=False,  # False SHOWS the arrow: openpyxl's name is the inverse of what it does
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=self.t("Progress"),
            error=self.t("Choose one of the values in the list: {values}.", values=", ".join(progress)),
            promptTitle=self.t("Progress"),
            prompt=self.t("Choose from the list."),
        )
        choices.add(f"{letter}2:{letter}{last}")
        dletter = get_column_letter(col["deadline"])
        dates = DataValidation(
            type="date",
            operator="greaterThan",
            formula1="DATE(2000,1,1)",
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle=self.t("Deadline"),
            error=self.t(
                "Enter a date, for example {example}.",
                example="31.12.2026" if self.lang == "ru" else "2026-12-31",
            ),
            promptTitle=self.t("Deadline"),
            prompt=self.t("A date by which the action is done."),
        )
        dates.add(f"{dletter}2:{dletter}{last}")
        ws.add_data_validation(choices)
        ws.add_data_validation(dates)
        ws.freeze_panes = "B2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row, 1)}"
        self.page_setup(ws, landscape=True)

    # sheet 2 ------------------------------------------------------------------------------------------------
    def summary(self, ws: Any, result: Result) -> None:
        from openpyxl.styles import Font

        cat = result.catalog
        title = self.t("Gap report") + (" · " + self.t("formative review") if result.formative else "")
        put(ws, 1, 1, title).font = Font(bold=True, size=14)
        standard = f"{self.text(cat.title)} ({report.catalog_heading(self, result)})"
        row = self.line(ws, 2, self.t("Standard"), standard, bold=True)
        if cat.notice:
            row = self.line(ws, row, self.t("About this standard"), self.text(cat.notice), bold=True)
        row = self.facts(ws, row + 1, self.t("Centre and audit"), report.audit_facts(self, result))
        conditions = report.condition_facts(self, result)
        if conditions:
            row = self.facts(ws, row, self.t("Services the centre provides"), conditions)
        if not result.formative:
            score = result.score
            put(ws, row, 1, self.t("Result")).font = Font(bold=True)
            row = self.line(ws, row + 1, self.t("Outcome"), self.outcome(result.outcome))
            ws.cell(row=row - 1, column=2).font = Font(bold=True)
            for label, value, words in (
                (self.t("Score"), score.percent, report.points(self, score.earned, score.possible)),
                (
                    self.t("Coverage"),
                    score.coverage,
                    report.assessed_line(self, score.assessed, score.applicable),
                ),
            ):
                put(ws, row, 1, label)
                self.percent_cell(ws, row, 2, value)
                self.merged(ws, row, 3, words)
                row += 1
            for text, ids in report.reasons(self, result):
                row = self.line(ws, row, "", text + (": " + ", ".join(ids) if ids else ""))
            for text in report.accreditation_lines(self, result):
                row = self.line(ws, row, "", text)
            row = self.section_table(ws, row + 1, result)
        provenance = [(k, v) for k, v, _ in report.provenance(self, result)]
        self.facts(ws, row, self.t("About this report"), provenance)
        for letter, width in SUMMARY_WIDTHS.items():
            ws.column_dimensions[letter].width = width
        self.page_setup(ws, landscape=False)

    def merged(self, ws: Any, row: int, first: int, text: str) -> int:
        """``text`` across the columns from ``first`` to F, wrapped; the lines it takes."""
        from openpyxl.styles import Alignment

        put(ws, row, first, text).alignment = Alignment(wrap_text=True, vertical="top")
        last = len(SUMMARY_WIDTHS)
        if first < last:
            ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
        width = sum(list(SUMMARY_WIDTHS.values())[first - 1 :])
        return text_lines(text, width)

    def line(self, ws: Any, row: int, label: str, value: str, bold: bool = False) -> int:
        """A label and its value (across B:F); returns the next row."""
        from openpyxl.styles import Alignment, Font

        cell = put(ws, row, 1, label)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)
        lines = max(text_lines(label, SUMMARY_WIDTHS["A"] * 0.85), self.merged(ws, row, 2, value))
        set_height(ws, row, lines)
        return row + 1

    def facts(self, ws: Any, row: int, title: str, facts: list[tuple[str, str]]) -> int:
        from openpyxl.styles import Font

        put(ws, row, 1, title).font = Font(bold=True)
        row += 1
        for label, value in facts:
            row = self.line(ws, row, label, value)
        return row + 1

    def section_table(self, ws: Any, row: int, result: Result) -> int:
        from openpyxl.styles import Alignment, Font, PatternFill

        header = [
            self.t("Section"),
            self.t("Title"),
            self.t("Score"),
            self.t("Points earned"),
            self.t("Points possible"),
            self.t("Assessed"),
        ]
        put(ws, row, 1, self.t("Section scores")).font = Font(bold=True)
        row += 1
        fill = PatternFill("solid", fgColor=HEADER_FILL)
        for i, label in enumerate(header, start=1):
            cell = put(ws, row, i, label)
            cell.font = Font(bold=True)
            cell.fill = fill
            cell.alignment = Alignment(
                wrap_text=True, vertical="top", horizontal="left" if i < 3 else "right"
            )
        set_height(ws, row, max(text_lines(label, 12) for label in header[2:]))
        for s in result.sections:
            row += 1
            put(ws, row, 1, s.id)
            title = self.text(s.title)
            put(ws, row, 2, title).alignment = Alignment(wrap_text=True, vertical="top")
            set_height(ws, row, text_lines(title, SUMMARY_WIDTHS["B"]))
            if s.percent is None:
                put(ws, row, 3, self.t("not applicable"))
                put(ws, row, 4, "—")
                put(ws, row, 5, "—")
            else:
                self.percent_cell(ws, row, 3, s.percent)
                put(ws, row, 4, s.earned)
                put(ws, row, 5, s.possible)
            put(ws, row, 6, f"{s.assessed} / {s.applicable}").alignment = Alignment(horizontal="right")
        return row + 2

    def percent_cell(self, ws: Any, row: int, col: int, value: float | None) -> None:
        """A real number (the reader's spreadsheet shows it in their locale), or "—" when there is none."""
        if value is None:
            put(ws, row, col, "—")
            return
        cell = put(ws, row, col, round(value / 100, 6))
        cell.number_format = "0.0#%"

    # shared looks -------------------------------------------------------------------------------------------
    def header(self, ws: Any, labels: list[str], fill_keys: list[bool]) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        line = Side(style="thin", color="9AA8B1")
        for i, label in enumerate(labels, start=1):
            cell = put(ws, 1, i, label)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=TO_FILL if fill_keys[i - 1] else HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(bottom=line)
        ws.row_dimensions[1].height = 32

    def style_body(self, ws: Any, first: int, last: int, ncols: int, fill_keys: list[bool]) -> None:
        from openpyxl.styles import Alignment, PatternFill

        wrap = Alignment(wrap_text=True, vertical="top")
        fill = PatternFill("solid", fgColor=TO_FILL)
        for r in range(first, last + 1):
            for c in range(1, ncols + 1):
                cell = ws.cell(row=r, column=c)
                cell.alignment = wrap
                if fill_keys[c - 1]:
                    cell.fill = fill

    def page_setup(self, ws: Any, landscape: bool) -> None:
        fit_to_width(ws, landscape=landscape, title_rows="1:1" if landscape else None)
