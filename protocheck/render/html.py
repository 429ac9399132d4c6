"""HTML gap report: one self-contained file that opens from a USB stick, reads on a phone and prints to A4.

Jinja2 with autoescape always on: every text that comes from a workbook or a catalog is escaped, so a
comment ``<script>`` shows as text. The page fetches nothing (inline CSS, inline SVG, system fonts), runs no
script, and says so to the browser with a Content-Security-Policy that forbids both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..result import Result
from . import report
from .base import Renderer

if TYPE_CHECKING:
    from jinja2 import Template

TEMPLATES = Path(__file__).resolve().parent / "templates"
SEVERITY_CLASS = {"critical": "sev-critical", "major": "sev-major", "minor": "sev-minor"}


@cache
def template() -> Template:
    """The report template, compiled once per process."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,  # always: workbook text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("report.html.j2")


class HtmlRenderer(Renderer):
    name = "html"
    extension = "html"

    def render(self, result: Result) -> bytes:
        html = template().render(self.context(result))
        return html.encode("utf-8")

    def context(self, result: Result) -> dict[str, Any]:
        return {
            "r": self,
            "msg": report,  # the long sentences, shared with the other reports
            "t": self.t,
            "result": result,
            "lang": self.lang,
            "heading": report.catalog_heading(self, result),
            "facts": report.audit_facts(self, result),
            "conditions": report.condition_facts(self, result),
            "points": report.points,
            "fraction": report.fraction,
            "assessed_line": report.assessed_line,
            "reasons": report.reasons(self, result),
            "accreditation": report.accreditation_lines(self, result),
            "section_titles": report.section_titles(self, result),
            "sources": report.sources,
            "not_applicable": report.not_applicable(self, result),
            "na_groups": report.not_applicable_groups(self, result),
            "checklist": report.checklist(result),
            "guidance": report.guidance_by_id(result),
            "stats": report.element_stats(result),
            "record_line": report.record_line,
            "provenance": report.provenance(self, result),
            "severity_class": SEVERITY_CLASS,
        }
