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
            (N_("Audit type"), audit.audit_type),
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
                    + self.t("({earned} of {possible} points)", earned=self.number(score.earned), possible=self.number(score.possible))
                )
            )
        out.append(
            Text(
                self.t("Coverage")
                + ": "
                + self.percent(score.coverage)
                + "  "
                + self.t("({assessed} of {applicable} applicable criteria assessed)", assessed=score.assessed, applicable=score.applicable)
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

        if result.gaps:
            gaps = Table(
                title=self.t("Gaps to address first ({shown} of {total})", shown=min(TOP_GAPS, len(result.gaps)), total=len(result.gaps)),
                title_justify="left",
            )
            gaps.add_column(self.t("Criterion"))
            gaps.add_column(self.t("Severity"))
            gaps.add_column(self.t("Status"))
            gaps.add_column(self.t("Requirement"), overflow="fold")
            for gap in result.gaps[:TOP_GAPS]:
                gaps.add_row(gap.id, self.severity(gap.severity), self.status(gap.status), self.text(gap.text))
            out.append(gaps)
        if result.problems:
            out.append(Text(self.t("Problems in the workbook ({count})", count=len(result.problems)), style="bold"))
            for p in result.problems:
                out.append(Text(f"  • {p.line(self.lang)}"))
        return out
