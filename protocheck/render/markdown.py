"""Markdown gap report: the HTML report's content as headings, tables and lists, for a wiki or an email.

Every text from a workbook or a catalog goes through :func:`escape`: Markdown punctuation is
backslash-escaped, ``<`` and ``>`` (and ``&`` before an entity name) become entities, and line breaks become
`` / ``, so a hostile comment can neither inject HTML nor break a table row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..result import Result
from . import report
from .base import Renderer

_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
_LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BLOCK_START = re.compile(r"^(#|=|\+|-|\d{1,9}[.)](?=\s|$))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def escape(text: object) -> str:
    """Workbook or catalog text → inline Markdown that shows exactly that text, on one line."""
    value = _CONTROL.sub("", str(text))
    value = _LINE_BREAKS.sub(" / ", value.strip()).replace("\t", " ")
    value = _ENTITY.sub("&amp;", value).replace("<", "&lt;").replace(">", "&gt;")
    value = _PUNCTUATION.sub(r"\\\1", value)
    # a leading "#", "-", "+", "=" or "1. " would start a heading, a list or a rule where it opens a line
    match = _BLOCK_START.match(value)
    if match:
        marker = match.group(1)
        value = (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker) + value[
            len(marker) :
        ]
    return value


def table(header: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """A pipe table; cells must already be escaped."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(cell if cell else " " for cell in row) + " |" for row in rows]
    return [*lines, ""]


def ids(values: Iterable[str]) -> str:
    return escape(", ".join(values)) or "—"


class MarkdownRenderer(Renderer):
    name = "markdown"
    extension = "md"

    def render(self, result: Result) -> bytes:
        lines: list[str] = []
        lines += self.heading(result)
        lines += self.audit(result)
        if result.formative:
            lines += self.checklist(result)
        else:
            lines += self.summary(result)
            lines += self.sections(result)
        if result.records:
            lines += self.records(result)
        if not result.formative:
            lines += self.gaps(result)
        lines += self.not_applicable(result)
        lines += self.problems(result)
        lines += self.provenance(result)
        text = "\n".join(lines).rstrip("\n") + "\n"
        return text.encode("utf-8")

    # parts -------------------------------------------------------------------------------------------------
    def heading(self, result: Result) -> list[str]:
        cat = result.catalog
        audit = result.audit
        kind = self.t("Gap report") + (" · " + self.t("formative review") if result.formative else "")
        title = escape(audit.centre_name) if audit.centre_name else escape(self.text(cat.title))
        lines = [f"# {kind}: {title}", ""]
        if audit.centre_name:
            lines.append(escape(self.text(cat.title)) + f" ({escape(report.catalog_heading(self, result))})")
        else:
            lines.append(escape(report.catalog_heading(self, result)))
        if audit.audit_date:
            lines += ["", escape(self.t("Audit of {date}", date=audit.audit_date))]
        lines.append("")
        if cat.notice:
            lines += [f"> **{escape(self.t('About this standard'))}** {escape(self.text(cat.notice))}", ""]
        return lines

    def audit(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('Centre and audit'))}", ""]
        facts = report.audit_facts(self, result)
        lines += table(
            [escape(self.t("Item")), escape(self.t("Value"))], [(escape(k), escape(v)) for k, v in facts]
        )
        conditions = report.condition_facts(self, result)
        if conditions:
            lines += [f"### {escape(self.t('Services the centre provides'))}", ""]
            lines += [escape(self.t("These answers decide which requirements apply.")), ""]
            lines += table(
                [escape(self.t("Question")), escape(self.t("Answer"))],
                [(escape(q), escape(a)) for q, a in conditions],
            )
        return lines

    def summary(self, result: Result) -> list[str]:
        score = result.score
        thr = result.thresholds
        lines = [f"## {escape(self.t('Result'))}", ""]
        lines.append(f"- **{escape(self.t('Outcome'))}:** {escape(self.outcome(result.outcome))}")
        lines.append(
            f"- **{escape(self.t('Score'))}:** {escape(self.percent(score.percent))} "
            f"({escape(report.points(self, score.earned, score.possible))})"
        )
        lines.append(
            f"- **{escape(self.t('Coverage'))}:** {escape(self.percent(score.coverage))} "
            f"({escape(report.assessed_line(self, score.assessed, score.applicable))})"
        )
        lines.append("")
        reasons = report.reasons(self, result)
        if reasons:
            lines += [f"### {escape(self.t('What stands between this result and the next level'))}", ""]
            lines += [f"- {escape(text)}" + (f": {ids(crits)}" if crits else "") for text, crits in reasons]
            lines.append("")
        accreditation = report.accreditation_lines(self, result)
        if accreditation:
            lines += [f"### {escape(self.t('Accreditation'))}", ""]
            for line in accreditation:
                depth = (len(line) - len(line.lstrip())) // 2
                lines.append("  " * depth + "- " + escape(line.strip().removeprefix("- ")))
            lines.append("")
        thresholds = self.t(
            report.MSG_THRESHOLDS,
            compliant=self.percent(thr.compliant),
            conditional=self.percent(thr.conditional),
        )
        lines.append(f"*{escape(thresholds)}*")
        return [*lines, ""]

    def sections(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('Section scores'))}", ""]
        rows = []
        for s in result.sections:
            if s.percent is None:
                rows.append(
                    (escape(s.id), escape(self.text(s.title)), escape(self.t("not applicable")), "—", "—")
                )
                continue
            rows.append(
                (
                    escape(s.id),
                    escape(self.text(s.title)),
                    escape(self.percent(s.percent)),
                    escape(report.fraction(self, s.earned, s.possible)),
                    escape(f"{s.assessed} / {s.applicable}"),
                )
            )
        header = [self.t("Section"), self.t("Title"), self.t("Score"), self.t("Points"), self.t("Assessed")]
        return lines + table([escape(h) for h in header], rows, right=(2, 3, 4))

    def records(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('Records'))}", ""]
        if not result.formative:
            lines += [f"### {escape(self.t('Elements most often missing'))}", ""]
            if result.most_missed:
                header = [
                    self.t("Element"),
                    self.t("Requirement"),
                    self.t("In the records"),
                    self.t("Average completeness"),
                ]
                missed = [
                    (
                        escape(s.id),
                        escape(self.text(s.text)),
                        escape(report.record_line(self, s)),
                        escape(self.percent(None if s.credit is None else s.credit * 100)),
                    )
                    for s in result.most_missed
                ]
                lines += table([escape(h) for h in header], missed, right=(3,))
            else:
                lines += [escape(self.t(report.MSG_ALL_PRESENT)), ""]
        lines += [f"### {escape(self.t('Completeness of each record'))}", ""]
        if result.formative:
            header = [self.t("Record"), self.t("Present"), self.t("Missing"), self.t("Partly present")]
            checks = [(escape(r.record), ids(r.met), ids(r.missing), ids(r.partial)) for r in result.records]
            return lines + table([escape(h) for h in header], checks)
        header = [
            self.t("Record"),
            self.t("Completeness"),
            self.t("Points"),
            self.t("Missing"),
            self.t("Partly present"),
        ]
        rows = [
            (
                escape(r.record),
                escape(self.percent(r.percent)),
                escape(report.fraction(self, r.earned, r.possible)),
                ids(r.missing),
                ids(r.partial),
            )
            for r in result.records
        ]
        return lines + table([escape(h) for h in header], rows, right=(1, 2))

    def gaps(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('Gaps to address'))} ({len(result.gaps)})", ""]
        if not result.gaps:
            return [*lines, escape(self.t("No gaps: every applicable criterion is met.")), ""]
        lines += [escape(self.t(report.MSG_GAPS_INTRO)), ""]
        titles = report.section_titles(self, result)
        stats = report.element_stats(result)
        header = [
            self.t("No."),
            self.t("Criterion"),
            self.t("Section"),
            self.t("Severity"),
            self.t("Status"),
            self.t("Requirement"),
        ]
        # a record review has no evidence or comment per element: what the records show instead
        found = [self.t("In the records")] if result.records else []
        found = found or [self.t("Evidence noted by the auditor"), self.t("Auditor's comment")]
        rows = []
        for i, g in enumerate(result.gaps, start=1):
            row = [
                str(i),
                escape(g.id),
                escape(titles.get(g.section, g.section)),
                escape(self.severity(g.severity)),
                escape(self.status(g.status)),
                escape(self.text(g.text)),
            ]
            if result.records:
                row.append(escape(report.record_line(self, stats[g.id])) if g.id in stats else "")
            else:
                row += [escape(g.evidence), escape(g.comment)]
            rows.append(row)
        lines += table([escape(h) for h in header + found], rows, right=(0,))
        detailed = [(i, g) for i, g in enumerate(result.gaps, start=1) if g.guidance or g.sources]
        if detailed:
            lines += [f"### {escape(self.t('What good looks like'))}", ""]
        for i, gap in detailed:
            lines += [f"**{i}. {escape(gap.id)}** — {escape(self.text(gap.text))}", ""]
            if gap.guidance:
                lines.append(f"- {escape(self.text(gap.guidance))}")
            for src in report.sources(gap):
                entry = escape(src.document) + (f", {escape(src.locator)}" if src.locator else "")
                if src.to_verify:
                    entry += f" **({escape(self.t('to verify'))})**"
                if src.note:
                    entry += f" — {escape(src.note)}"
                lines.append(f"- {escape(self.t('Source'))}: {entry}")
            lines.append("")
        return lines

    def checklist(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('Checklist'))}", ""]
        lines += [escape(self.t(report.MSG_FORMATIVE)), ""]
        guidance = report.guidance_by_id(result)
        if result.records:
            lines += [f"### {escape(self.t('Elements to practise'))}", ""]
            if not result.most_missed:
                return [
                    *lines,
                    escape(self.t(report.MSG_ALL_PRESENT)),
                    "",
                ]
            for s in result.most_missed:
                line = report.record_line(self, s)
                lines.append(f"- **{escape(s.id)}** {escape(self.text(s.text))} ({escape(line)})")
                if s.id in guidance:
                    lines.append(
                        f"  - {escape(self.t('What good looks like'))}: {escape(self.text(guidance[s.id]))}"
                    )
            return [*lines, ""]
        items = report.checklist(result)
        lines += [f"### {escape(self.t('To work on'))} ({len(items.to_work_on)})", ""]
        if not items.to_work_on:
            lines.append(escape(self.t("Nothing: every applicable requirement is in place.")))
        for c in items.to_work_on:
            lines.append(
                f"- [ ] **{escape(c.id)}** {escape(self.text(c.text))} "
                f"({escape(self.severity(c.severity))}; {escape(self.status(c.status))})"
            )
            if c.evidence:
                lines.append(f"  - {escape(self.t('Evidence noted by the auditor'))}: {escape(c.evidence)}")
            if c.comment:
                label = self.t("Auditor's comment")
                lines.append(f"  - {escape(label)}: {escape(c.comment)}")
            if c.id in guidance:
                lines.append(
                    f"  - {escape(self.t('What good looks like'))}: {escape(self.text(guidance[c.id]))}"
                )
        lines += ["", f"### {escape(self.t('In place'))} ({len(items.present)})", ""]
        lines += [f"- [x] **{escape(c.id)}** {escape(self.text(c.text))}" for c in items.present] or ["—"]
        return [*lines, ""]

    def not_applicable(self, result: Result) -> list[str]:
        groups = report.not_applicable_groups(self, result)
        if not groups:
            return []
        count = sum(len(items) for _, items in groups)
        lines = [f"## {escape(self.t('Not applicable'))} ({count})", ""]
        lines += [escape(self.t("These criteria are left out of the score, for the reason given.")), ""]
        for reason, items in groups:
            lines += [f"**{escape(reason)}**", ""]
            lines += table(
                [escape(self.t("Criterion")), escape(self.t("Requirement"))],
                [(escape(c.id), escape(self.text(c.text))) for c in items],
            )
        return lines

    def problems(self, result: Result) -> list[str]:
        if not result.problems:
            return []
        lines = [f"## {escape(self.t('Problems in the workbook'))} ({len(result.problems)})", ""]
        lines += [escape(self.t(report.MSG_PROBLEMS_INTRO)), ""]
        rows = [
            (escape(p.cell or "—"), escape(p.value) if p.value else "—", escape(p.localized(self.lang)))
            for p in result.problems
        ]
        return lines + table(
            [escape(self.t("Cell")), escape(self.t("Value")), escape(self.t("What to correct"))], rows
        )

    def provenance(self, result: Result) -> list[str]:
        lines = [f"## {escape(self.t('About this report'))}", ""]
        if not result.formative:
            lines += [escape(self.t(report.MSG_HOW_SCORED)), ""]
        rows = [
            (escape(label), f"`{value}`" if mono else escape(value))
            for label, value, mono in report.provenance(self, result)
        ]
        lines += table([escape(self.t("Item")), escape(self.t("Value"))], rows)
        version = result.provenance.protocheck_version
        return [*lines, "*" + escape(self.t("Made with protocheck {version}.", version=version)) + "*"]
