"""Terminal output (rich): the outcome first, then sections, the gaps to fix first, and the problems."""

from __future__ import annotations

import io
from typing import Any

from ..i18n import N_
from ..result import Result
from .base import Renderer

TOP_GAPS = 10
OUTCOME_STYLE = {
    "compliant": "bold green",
    "conditional": "bold yellow",
    "non_compliant": "bold red",
    "not_applicable": "bold",
    "formative": "bold",
}


class TerminalRenderer(Renderer):
    name = "terminal"
    extension = "txt"

    def render(self, result: Result) -> bytes:
        from rich.console import Console

        buffer = io.StringIO()
        console = Console(file=buffer, width=110, color_system=None, force_terminal=False, soft_wrap=False)
        for item in self.renderables(result):
            console.print(item)
        return buffer.getvalue().encode("utf-8")

    def renderables(self, result: Result) -> list[Any]:
        from rich.table import Table
        from rich.text import Text

        out: list[Any] = []
        cat = result.catalog
        head = Text()
        head.append(f"{self.text(cat.title)} ", style="bold")
        head.append(f"({cat.id} {cat.version})")
        out.append(head)
        audit = result.audit
        facts = [
            (N_("Centre"), audit.centre_name),
            (N_("Country"), audit.country),
            (N_("Audit date"), audit.audit_date),
            (N_("Audit type"), self.audit_type(audit.audit_type)),
            (N_("File"), audit.file),
        ]
        out.append(Text("  ".join(f"{self.t(k)}: {v}" for k, v in facts if v)))
        if cat.notice:
            out.append(Text(self.text(cat.notice), style="italic"))
        out.append(Text(""))

        line = Text()
        line.append(self.t("Outcome") + ": ")
        line.append(self.outcome(result.outcome), style=OUTCOME_STYLE[result.outcome])
        out.append(line)
        score = result.score
        if not result.formative:
            out.append(
                Text(
                    self.t("Score")
                    + ": "
                    + self.percent(score.percent)
                    + "  "
                    + self.t(
                        "({earned} of {possible} points)",
                        earned=self.number(score.earned),
                        possible=self.number(score.possible),
                    )
                )
            )
        if result.formative:
            return out + self.checklist(result)
        out.append(
            Text(
                self.t("Coverage")
                + ": "
                + self.percent(score.coverage)
                + "  "
                + self.t(
                    "({assessed} of {applicable} applicable criteria assessed)",
                    assessed=score.assessed,
                    applicable=score.applicable,
                )
            )
        )
        for reason in result.outcome_reasons:
            ids = ", ".join(reason.criteria[:12]) + (" …" if len(reason.criteria) > 12 else "")
            out.append(Text(f"  • {self.reason(result, reason.code)}" + (f": {ids}" if ids else "")))
        out.append(Text(""))

        table = Table(title=self.t("Sections"), title_justify="left", show_lines=False)
        table.add_column(self.t("Section"))
        if not result.formative:
            table.add_column(self.t("Score"), justify="right")
            table.add_column(self.t("Points"), justify="right")
        table.add_column(self.t("Assessed"), justify="right")
        for s in result.sections:
            row = [f"{s.id}  {self.text(s.title)}"]
            if not result.formative:
                row += [self.percent(s.percent), f"{self.number(s.earned)} / {self.number(s.possible)}"]
            row.append(f"{s.assessed} / {s.applicable}")
            table.add_row(*row)
        out.append(table)

        from .report import accreditation_lines

        out += [Text(line) for line in accreditation_lines(self, result)]
        if result.records:
            out += self.records_table(result)
        if result.gaps:
            gaps = Table(
                title=self.t(
                    "Gaps to address first ({shown} of {total})",
                    shown=min(TOP_GAPS, len(result.gaps)),
                    total=len(result.gaps),
                ),
                title_justify="left",
            )
            gaps.add_column(self.t("Criterion"))
            gaps.add_column(self.t("Severity"))
            gaps.add_column(self.t("Status"))
            gaps.add_column(self.t("Requirement"), overflow="fold")
            for gap in result.gaps[:TOP_GAPS]:
                gaps.add_row(
                    gap.id, self.severity(gap.severity), self.status(gap.status), self.text(gap.text)
                )
            out.append(gaps)
        return out + self.problems(result)

    def problems(self, result: Result) -> list[Any]:
        from rich.text import Text

        if not result.problems:
            return []
        out: list[Any] = [
            Text(self.t("Problems in the workbook ({count})", count=len(result.problems)), style="bold")
        ]
        out += [Text(f"  • {p.line(self.lang)}") for p in result.problems]
        return out

    def records_table(self, result: Result) -> list[Any]:
        from rich.table import Table

        table = Table(title=self.t("Records"), title_justify="left")
        table.add_column(self.t("Record"))
        table.add_column(self.t("Completeness"), justify="right")
        table.add_column(self.t("Missing"), overflow="fold")
        for r in result.records:
            table.add_row(
                r.record, self.percent(r.percent), ", ".join(r.missing + [f"{p} (½)" for p in r.partial])
            )
        missed = Table(title=self.t("Elements most often missing"), title_justify="left")
        missed.add_column(self.t("Element"))
        missed.add_column(self.t("Missing / partly / of"), justify="right")
        missed.add_column(self.t("Requirement"), overflow="fold")
        for s in result.most_missed[:TOP_GAPS]:
            missed.add_row(s.id, f"{s.missing} / {s.partial} / {s.applicable}", self.text(s.text))
        return [table, missed]

    def checklist(self, result: Result) -> list[Any]:
        """Formative mode: what is present and what is missing, with guidance — no percentages, no outcome."""
        from rich.text import Text

        out: list[Any] = []
        texts = {c.id: c for c in result.criteria}
        guidance = {g.id: g.guidance for g in result.gaps}
        if result.records:
            for r in result.records:
                out.append(Text(self.t("Record {record}", record=r.record), style="bold"))
                out.append(Text("  " + self.t("Present: {ids}", ids=", ".join(r.met) or "—")))
                if r.partial:
                    out.append(Text("  " + self.t("Partly present: {ids}", ids=", ".join(r.partial))))
                out.append(Text("  " + self.t("Missing: {ids}", ids=", ".join(r.missing) or "—")))
            out.append(Text(""))
            out.append(Text(self.t("Elements to practise"), style="bold"))
            for s in result.most_missed:
                missed = self.t("missing in {n} of {total} records", n=s.missing, total=s.applicable)
                out.append(Text(f"  {s.id}  {self.text(s.text)}  ({missed})"))
                if guidance.get(s.id):
                    out.append(Text(f"      → {self.text(guidance[s.id])}", style="italic"))
        else:
            for label, wanted in (
                (self.t("Present"), ("met",)),
                (self.t("To work on"), ("partial", "not_met", "not_assessed")),
            ):
                out.append(Text(label, style="bold"))
                for c in result.criteria:
                    if c.status.value in wanted:
                        out.append(Text(f"  {c.id}  {self.text(texts[c.id].text)}"))
                        if c.id in guidance and guidance[c.id] and wanted[0] != "met":
                            out.append(Text(f"      → {self.text(guidance[c.id])}", style="italic"))
        return out + self.problems(result)
