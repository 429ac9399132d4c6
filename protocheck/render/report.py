"""What a gap report says, shared by the HTML, Markdown and XLSX renderers.

Each function turns a part of the :class:`~protocheck.result.Result` into localized plain strings, never
markup: each format escapes them its own way. So the reports cannot disagree on a fact, a label or the reason
a criterion does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import N_
from ..models import Source, Text
from ..result import CriterionResult, ElementStat, Gap, OutcomeReason, Result
from ..vocab import Status
from .base import Renderer

NA_REASON_LABELS = {
    "marked": N_("marked not applicable by the auditor"),
    "no_records": N_("no record in the sample to which it applies"),
    "excluded": N_("excluded from the scope of this audit"),
}
CATALOG_STATUS_LABELS = {
    "official": N_("official text"),
    "compiled": N_("compiled, not the official text"),
    "draft": N_("draft"),
}
# The longer sentences every report says the same way.
MSG_THRESHOLDS = N_(
    "Compliant: a score of at least {compliant}, every applicable critical criterion met and every "
    "applicable criterion assessed. Conditionally compliant: a score of at least {conditional}, with no "
    "critical criterion not met or not assessed."
)
MSG_GAPS_INTRO = N_(
    "In order of priority: critical requirements first, then those furthest from being met. Each gap "
    "shows what the auditor found and what good looks like."
)
MSG_FORMATIVE = N_(
    "A formative review is for learning: it shows what is in place and what to work on, without a score "
    "or an outcome."
)
MSG_PROBLEMS_INTRO = N_(
    "These cells could not be read as intended. Correct them in the workbook and score it again."
)
MSG_HOW_SCORED = N_(
    "How the score is computed: each applicable criterion carries a weight by its severity. Met counts in "
    "full, partial counts half, not met and not assessed count zero; criteria that do not apply are left "
    "out. Score = 100 × points earned / points possible; coverage = criteria assessed / criteria that apply."
)
MSG_ALL_PRESENT = N_("Every element is present in every record where it applies.")
# Where a gap stands: the progress a centre records against it in the action plan.
PROGRESS_LABELS = (
    N_("open"),
    N_("in progress"),
    N_("done"),
    N_("deviation requested"),
    N_("deviation approved"),
)


@dataclass(frozen=True)
class SourceLine:
    """One source of a requirement, as a reader checks it."""

    document: str
    locator: str
    note: str
    to_verify: bool


@dataclass(frozen=True)
class NotApplicable:
    criterion: CriterionResult
    reason: str


@dataclass(frozen=True)
class Checklist:
    """Formative mode: what is in place and what to work on, in catalog order, without any number."""

    present: list[CriterionResult] = field(default_factory=list)
    to_work_on: list[CriterionResult] = field(default_factory=list)


def catalog_heading(r: Renderer, result: Result) -> str:
    """``crisis-centre-minimum 1.0.0 · compiled, not the official text``"""
    cat = result.catalog
    parts = [f"{cat.id} {cat.version}"]
    if cat.status:
        parts.append(r.t(CATALOG_STATUS_LABELS.get(cat.status, cat.status)))
    if cat.effective:
        parts.append(r.t("in effect from {date}", date=cat.effective))
    if cat.superseded_by:
        parts.append(r.t("superseded by {id}", id=cat.superseded_by))
    return " · ".join(parts)


def audit_facts(r: Renderer, result: Result) -> list[tuple[str, str]]:
    """The centre and the audit, as label and value; only what the workbook gave."""
    audit = result.audit
    audit_type = r.audit_type(audit.audit_type)
    facts = [
        (r.t("Centre"), audit.centre_name),
        (r.t("Country"), audit.country),
        (r.t("Audit date"), audit.audit_date),
        (r.t("Audit type"), audit_type),
        (r.t("Auditor"), audit.auditor),
        (r.t("Audit workbook"), audit.file),
    ]
    return [(label, value) for label, value in facts if value]


def condition_facts(r: Renderer, result: Result) -> list[tuple[str, str]]:
    """The centre's service profile: each question and its answer (yes, no or not answered)."""
    out: list[tuple[str, str]] = []
    for cond_id, answer in result.audit.conditions.items():
        question = result.catalog.condition_questions.get(cond_id)
        out.append((r.text(question) if question else cond_id, answer_word(r, answer)))
    return out


def answer_word(r: Renderer, answer: bool | None) -> str:
    if answer is None:
        return r.t("not answered")
    return r.t("yes") if answer else r.t("no")


def points(r: Renderer, earned: float, possible: float) -> str:
    """``58.5 of 80 points``"""
    return r.t("{earned} of {possible} points", earned=r.number(earned, 4), possible=r.number(possible, 4))


def fraction(r: Renderer, earned: float, possible: float) -> str:
    """``3.5 / 7``: points as exact as the result keeps them (4 decimals), so a reader can redo the sum."""
    return f"{r.number(earned, 4)} / {r.number(possible, 4)}"


def assessed_line(r: Renderer, assessed: int, applicable: int) -> str:
    return r.t(
        "{assessed} of {applicable} applicable criteria assessed", assessed=assessed, applicable=applicable
    )


def reasons(r: Renderer, result: Result) -> list[tuple[str, list[str]]]:
    """Why the outcome is not better: a localized sentence and the criteria concerned."""
    return [(r.reason(result, reason.code), reason.criteria) for reason in result.outcome_reasons]


def section_titles(r: Renderer, result: Result) -> dict[str, str]:
    return {s.id: r.text(s.title) for s in result.sections}


def sources(gap: Gap) -> list[SourceLine]:
    return [source_line(s) for s in gap.sources]


def source_line(source: Source) -> SourceLine:
    return SourceLine(
        document=source.document,
        locator=source.locator or "",
        note=source.note or "",
        to_verify=source.status is not None and source.status.value == "to verify",
    )


def not_applicable(r: Renderer, result: Result) -> list[NotApplicable]:
    """Every criterion left out of the score, with the reason in words a director can check."""
    out: list[NotApplicable] = []
    for crit in result.criteria:
        if crit.status is not Status.not_applicable:
            continue
        out.append(NotApplicable(crit, na_reason(r, result, crit)))
    return out


def not_applicable_groups(r: Renderer, result: Result) -> list[tuple[str, list[CriterionResult]]]:
    """The same, grouped by reason (in the order reasons first appear), so a long question is said once."""
    groups: dict[str, list[CriterionResult]] = {}
    for item in not_applicable(r, result):
        groups.setdefault(item.reason, []).append(item.criterion)
    return list(groups.items())


def na_reason(r: Renderer, result: Result, crit: CriterionResult) -> str:
    if crit.na_reason == "condition" and crit.unmet_conditions:
        parts = []
        for cond_id in crit.unmet_conditions:
            question = result.catalog.condition_questions.get(cond_id)
            asked = r.text(question) if question else cond_id
            answer = result.audit.conditions.get(cond_id)
            if answer is None:
                parts.append(
                    r.t("applies only if the answer is yes to «{question}»: not answered", question=asked)
                )
            else:
                parts.append(
                    r.t("applies only if the answer is yes to «{question}»: the answer is no", question=asked)
                )
        return "; ".join(parts)
    if crit.na_reason in NA_REASON_LABELS:
        return r.t(NA_REASON_LABELS[crit.na_reason])
    return r.t("not applicable")


def checklist(result: Result) -> Checklist:
    present = [c for c in result.criteria if c.status is Status.met]
    to_work_on = [
        c for c in result.criteria if c.status in (Status.partial, Status.not_met, Status.not_assessed)
    ]
    return Checklist(present, to_work_on)


def guidance_by_id(result: Result) -> dict[str, Text]:
    return {g.id: g.guidance for g in result.gaps if g.guidance is not None}


def element_stats(result: Result) -> dict[str, ElementStat]:
    return {s.id: s for s in result.most_missed}


def record_line(r: Renderer, stat: ElementStat) -> str:
    """``missing in 2 of 8 records, partly present in 2``"""
    if not stat.missing:
        return r.t("partly present in {n} of {total} records", n=stat.partial, total=stat.applicable)
    line = r.t("missing in {n} of {total} records", n=stat.missing, total=stat.applicable)
    if stat.partial:
        line += ", " + r.t("partly present in {n}", n=stat.partial)
    return line


def provenance(r: Renderer, result: Result) -> list[tuple[str, str, bool]]:
    """What the report was made from: label, value, and whether the value is a fingerprint (SHA-256)."""
    p = result.provenance
    return [
        (r.t("Standard"), f"{p.catalog_id} {p.catalog_version}", False),
        (
            r.t("Standard file"),
            r.t("built-in") if result.catalog.source == "built-in" else result.catalog.source,
            False,
        ),
        (r.t("Standard SHA-256"), p.catalog_sha256, True),
        (r.t("Audit workbook"), result.audit.file, False),
        (r.t("Audit workbook SHA-256"), p.audit_sha256, True),
        (r.t("protocheck version"), p.protocheck_version, False),
    ]


def progress_labels(r: Renderer) -> list[str]:
    return [r.t(label) for label in PROGRESS_LABELS]


WAIVER_STATE_LABELS = {
    "active": N_("active"),
    "expired": N_("expired"),
    "not_applicable": N_("does not apply here"),
}


def accreditation_lines(r: Renderer, result: Result) -> list[str]:
    """The profile's decision (tier, gates, validity) and each waiver with its state, as indented lines.

    Plain strings, so the terminal, HTML, Markdown and XLSX reports all say the same thing the same way.
    """
    lines: list[str] = []

    def reason_lines(reasons: list[OutcomeReason], indent: str) -> list[str]:
        return [
            f"{indent}- {r.reason(result, x.code)}" + (f": {', '.join(x.criteria)}" if x.criteria else "")
            for x in reasons
        ]

    info = result.profile
    if info is not None:
        name = f"{info.id} — {r.text(info.title)}"
        if info.tier_label is not None:
            lines.append(r.t("Profile {profile}: {decision}", profile=name, decision=r.text(info.tier_label)))
        elif info.tiers:
            lines.append(r.t("Profile {profile}: no tier reached", profile=name))
        else:
            lines.append(r.t("Profile {profile}", profile=name))
            lines += reason_lines([x for x in info.decided_by if x.code == "gate_not_met"], "  ")
        for tier in info.tiers:
            state = r.t("reached") if tier.reached else r.t("not reached")
            lines.append(f"  {r.text(tier.label)} ({tier.id}): {state}")
            lines += reason_lines(tier.reasons, "    ")
            if tier.id == info.tier:
                break
        if info.valid_until:
            lines.append("  " + r.t("Valid until {date}", date=info.valid_until))
    waivers = result.waivers
    if waivers is not None:
        lines.append(r.t("Waivers ({file}, checked on {date}):", file=waivers.file, date=waivers.date))
        for entry in waivers.entries:
            until = r.t("until {date}", date=entry.expires) if entry.expires else r.t("no end date")
            state = r.t(WAIVER_STATE_LABELS[entry.state])
            lines.append(f"  {entry.criterion}: {state} ({until}) — {entry.justification}")
    return lines
