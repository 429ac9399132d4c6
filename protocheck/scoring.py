"""The scoring model: pure functions, no I/O, exact arithmetic.

Written out in ``docs/scoring.md``; every figure a report prints can be recomputed by hand from it:

- weight: the criterion's ``weight``, else the catalog's weight for its severity (critical 3, major 2, minor 1);
- credit: met 1, partial 0.5, not met 0, not assessed 0; not applicable is left out entirely;
- score = 100 × Σ(weight × credit) / Σ(weight) over applicable criteria (the same per section);
  nothing applicable → score null and outcome ``not_applicable``;
- coverage = assessed applicable criteria / applicable criteria;
- outcome: ``compliant`` when coverage is 100 %, every critical criterion is met and score ≥ compliant
  threshold (80); else ``conditional`` when no critical criterion is not met or not assessed and score ≥
  conditional threshold (60); else ``non_compliant``.

Sums are kept as exact fractions; only the printed figures are rounded (half up: percentages to 2 decimals,
earned and possible to 4), so 1/3 never turns into 33.329999.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .models import SEVERITY_ORDER, Catalog, Criterion, Severity
from .result import CriterionResult, Gap, OutcomeReason, ScoreSummary, SectionResult
from .vocab import Status

CREDIT = {
    Status.met: Fraction(1),
    Status.partial: Fraction(1, 2),
    Status.not_met: Fraction(0),
    Status.not_assessed: Fraction(0),
}


@dataclass(frozen=True)
class Answer:
    """What the auditor recorded for one criterion (or, for record reviews, the aggregated credit)."""

    status: Status
    cell: str | None = None
    evidence: str = ""
    comment: str = ""
    credit: Fraction | None = None  # set by record reviews: the mean over records; else taken from status


@dataclass(frozen=True)
class Scored:
    score: ScoreSummary
    outcome: str
    reasons: list[OutcomeReason]
    sections: list[SectionResult]
    criteria: list[CriterionResult]
    gaps: list[Gap]


@dataclass
class _Tally:
    earned: Fraction = Fraction(0)
    possible: Fraction = Fraction(0)
    applicable: int = 0
    assessed: int = 0
    items: list[CriterionResult] = field(default_factory=list)

    def add(self, weight: Fraction, credit: Fraction, assessed: bool) -> None:
        self.earned += weight * credit
        self.possible += weight
        self.applicable += 1
        self.assessed += int(assessed)


def round_half_up(value: Fraction, places: int) -> float:
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def percent(earned: Fraction, possible: Fraction) -> float | None:
    return None if possible == 0 else round_half_up(100 * earned / possible, 2)


def ratio_percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else round_half_up(Fraction(100 * part, whole), 2)


def weight_of(catalog: Catalog, criterion: Criterion) -> Fraction:
    return Fraction(str(catalog.weight_of(criterion)))


def unmet_conditions(criterion: Criterion, conditions: Mapping[str, bool | None]) -> list[str]:
    """The conditions a criterion needs that are not answered "yes" (unanswered counts as no)."""
    return [c for c in criterion.applies_if if conditions.get(c) is not True]


def score(
    catalog: Catalog,
    answers: Mapping[str, Answer],
    conditions: Mapping[str, bool | None],
    thresholds: tuple[float, float] | None = None,
    waived: Collection[str] = (),
) -> Scored:
    """Score a catalog against the answers; ``thresholds`` (compliant, conditional) override the catalog's.

    A criterion in ``waived`` that applies keeps its status but leaves the sums, the coverage, the outcome's
    checks and the gaps (``CriterionResult.waived``); the caller decides which waivers are in force.
    """
    compliant_at, conditional_at = thresholds or (
        catalog.scoring.thresholds.compliant,
        catalog.scoring.thresholds.conditional,
    )
    total = _Tally()
    sections: list[SectionResult] = []
    results: list[CriterionResult] = []
    order: dict[str, int] = {}
    for section in catalog.sections:
        tally = _Tally()
        for crit in section.criteria:
            order[crit.id] = len(order)
            answer = answers.get(crit.id, Answer(Status.not_assessed))
            weight = weight_of(catalog, crit)
            # record reviews apply conditions per record (protocheck.records); here only the centre's profile
            missing = [] if catalog.kind == "record-review" else unmet_conditions(crit, conditions)
            status = answer.status
            na_reason = None
            if missing:
                status, na_reason = Status.not_applicable, "condition"
            elif status is Status.not_applicable:
                na_reason = (
                    "no_records" if answer.credit is None and catalog.kind == "record-review" else "marked"
                )
            credit: Fraction | None = None
            is_waived = status is not Status.not_applicable and crit.id in waived
            if status is not Status.not_applicable:
                credit = answer.credit if answer.credit is not None else CREDIT[status]
                assessed = status is not Status.not_assessed
                if not is_waived:
                    tally.add(weight, credit, assessed)
                    total.add(weight, credit, assessed)
            results.append(
                CriterionResult(
                    id=crit.id,
                    section=section.id,
                    severity=crit.severity,
                    weight=float(weight),
                    status=status,
                    credit=None if credit is None else round_half_up(credit, 4),
                    cell=answer.cell,
                    text=crit.text,
                    evidence=answer.evidence,
                    comment=answer.comment,
                    na_reason=na_reason,
                    unmet_conditions=missing,
                    waived=is_waived,
                )
            )
        sections.append(
            SectionResult(
                id=section.id,
                title=section.title,
                percent=percent(tally.earned, tally.possible),
                earned=round_half_up(tally.earned, 4),
                possible=round_half_up(tally.possible, 4),
                coverage=ratio_percent(tally.assessed, tally.applicable),
                applicable=tally.applicable,
                assessed=tally.assessed,
            )
        )
    summary = ScoreSummary(
        percent=percent(total.earned, total.possible),
        earned=round_half_up(total.earned, 4),
        possible=round_half_up(total.possible, 4),
        coverage=ratio_percent(total.assessed, total.applicable),
        applicable=total.applicable,
        assessed=total.assessed,
    )
    outcome, reasons = decide(results, total, compliant_at, conditional_at)
    gaps = gaps_of(catalog, results, order)
    return Scored(summary, outcome, reasons, sections, results, gaps)


def decide(
    results: list[CriterionResult], total: _Tally, compliant_at: float, conditional_at: float
) -> tuple[str, list[OutcomeReason]]:
    """The outcome and every reason it is not better, so a decision can be explained to a centre."""
    if total.possible == 0:
        return "not_applicable", [
            OutcomeReason(code="nothing_applicable", message="no criterion applies to this audit")
        ]
    exact = 100 * total.earned / total.possible
    applicable = [r for r in results if r.status is not Status.not_applicable and not r.waived]
    critical = [r for r in applicable if r.severity is Severity.critical]
    crit_not_met = [r.id for r in critical if r.status is Status.not_met]
    crit_unassessed = [r.id for r in critical if r.status is Status.not_assessed]
    crit_partial = [r.id for r in critical if r.status is Status.partial]
    unassessed = [r.id for r in applicable if r.status is Status.not_assessed]

    reasons: list[OutcomeReason] = []
    if crit_not_met:
        reasons.append(
            OutcomeReason(code="critical_not_met", criteria=crit_not_met, message="critical criteria not met")
        )
    if crit_unassessed:
        reasons.append(
            OutcomeReason(
                code="critical_not_assessed",
                criteria=crit_unassessed,
                message="critical criteria not assessed",
            )
        )
    if crit_partial:
        reasons.append(
            OutcomeReason(
                code="critical_partial", criteria=crit_partial, message="critical criteria only partially met"
            )
        )
    if unassessed:
        reasons.append(
            OutcomeReason(code="coverage_incomplete", criteria=unassessed, message="criteria not assessed")
        )
    if exact < compliant_at:
        reasons.append(
            OutcomeReason(code="score_below_compliant", message=f"score below {_num(compliant_at)}%")
        )
    if exact < conditional_at:
        reasons.append(
            OutcomeReason(code="score_below_conditional", message=f"score below {_num(conditional_at)}%")
        )
    if not reasons:
        return "compliant", []
    if not crit_not_met and not crit_unassessed and exact >= conditional_at:
        return "conditional", reasons
    return "non_compliant", reasons


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def gaps_of(catalog: Catalog, results: list[CriterionResult], order: dict[str, int]) -> list[Gap]:
    """Applicable criteria with credit below 1: critical first, then lowest credit, then catalog order."""
    found = [r for r in results if r.credit is not None and r.credit < 1 and not r.waived]
    found.sort(key=lambda r: (SEVERITY_ORDER[r.severity], r.credit, order[r.id]))
    gaps: list[Gap] = []
    for r in found:
        crit = catalog.criterion(r.id)
        assert crit is not None
        gaps.append(Gap(**r.model_dump(), guidance=crit.guidance, sources=crit.sources))
    return gaps
