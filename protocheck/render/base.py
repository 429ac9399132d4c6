"""The base every renderer shares: the language, and the words and numbers every format prints the same way."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import ClassVar

from ..i18n import N_, tr
from ..models import Text
from ..result import Result

STATUS_LABELS = {
    "met": N_("met"),
    "partial": N_("partial"),
    "not_met": N_("not met"),
    "not_applicable": N_("not applicable"),
    "not_assessed": N_("not assessed"),
}
OUTCOME_LABELS = {
    "compliant": N_("compliant"),
    "conditional": N_("conditionally compliant"),
    "non_compliant": N_("not compliant"),
    "not_applicable": N_("not applicable: no criterion applies"),
    "formative": N_("formative review (not scored)"),
}
AUDIT_TYPE_LABELS = {"self": N_("self-assessment"), "external": N_("external audit")}
SEVERITY_LABELS = {"critical": N_("critical"), "major": N_("major"), "minor": N_("minor")}
REASON_LABELS = {
    "critical_not_met": N_("critical criteria not met"),
    "critical_not_assessed": N_("critical criteria not assessed"),
    "critical_partial": N_("critical criteria only partially met"),
    "coverage_incomplete": N_("criteria not assessed"),
    "score_below_compliant": N_("score below {threshold}"),
    "score_below_conditional": N_("score below {threshold}"),
    "nothing_applicable": N_("no criterion applies to this audit"),
    "gate_not_met": N_("gate criteria not met"),
    "tier_reached": N_("tier reached"),
}


class Renderer(ABC):
    """Turns a :class:`Result` into the bytes of one format, in one language."""

    name: ClassVar[str]
    extension: ClassVar[str]

    def __init__(self, lang: str = "en"):
        self.lang = lang

    @abstractmethod
    def render(self, result: Result) -> bytes:
        """The whole output; the same result always gives the same bytes."""

    # shared vocabulary -------------------------------------------------------------------------------------
    def t(self, msgid: str, **params: object) -> str:
        return tr(msgid, self.lang, **params)

    def text(self, value: Text | None) -> str:
        return value.get(self.lang) if value is not None else ""

    def status(self, status: str) -> str:
        return self.t(STATUS_LABELS[status])

    def outcome(self, outcome: str) -> str:
        return self.t(OUTCOME_LABELS[outcome])

    def audit_type(self, value: str | None) -> str:
        """``self`` → "self-assessment"; a value the workbook spelled its own way is shown as written."""
        if value is None:
            return ""
        return self.t(AUDIT_TYPE_LABELS[value]) if value in AUDIT_TYPE_LABELS else value

    def severity(self, severity: str) -> str:
        return self.t(SEVERITY_LABELS[severity])

    def reason(self, result: Result, code: str) -> str:
        threshold = (
            result.thresholds.compliant if code == "score_below_compliant" else result.thresholds.conditional
        )
        return self.t(REASON_LABELS.get(code, code), threshold=self.percent(threshold))

    def number(self, value: float | None, places: int = 2) -> str:
        """A number in the reader's convention: ``73.5`` in English, ``73,5`` in Russian."""
        if value is None:
            return "—"
        from babel.numbers import format_decimal

        pattern = "#,##0." + "#" * places if places else "#,##0"
        return str(format_decimal(value, format=pattern, locale=self.lang))

    def percent(self, value: float | None) -> str:
        """``73.5%`` in English, ``73,5 %`` in Russian (with a no-break space)."""
        if value is None:
            return "—"
        sep = "\u00a0" if self.lang != "en" else ""
        return f"{self.number(value)}{sep}%"
