"""The one result model every renderer reads.

``schemas/result.schema.json`` is generated from these classes; the JSON output is ``Result.model_dump_json``
and a test validates it against that schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import Severity, Source, Text
from .problems import Problem
from .vocab import Status

Outcome = Literal["compliant", "conditional", "non_compliant", "not_applicable", "formative"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScoreSummary(Model):
    percent: float | None = Field(
        description="100 × earned / possible, 2 decimals; null when nothing applies"
    )
    earned: float = Field(description="Σ weight × credit over applicable criteria")
    possible: float = Field(description="Σ weight over applicable criteria")
    coverage: float | None = Field(
        description="assessed / applicable × 100, 2 decimals; null when nothing applies"
    )
    applicable: int
    assessed: int


class SectionResult(Model):
    id: str
    title: Text
    percent: float | None
    earned: float
    possible: float
    coverage: float | None
    applicable: int
    assessed: int


class CriterionResult(Model):
    id: str
    section: str
    severity: Severity
    weight: float
    status: Status
    credit: float | None = Field(
        description="met 1, partial 0.5, not met / not assessed 0; null when not applicable"
    )
    cell: str | None = Field(description="where the status was read, e.g. Responses!D7")
    text: Text
    evidence: str = ""
    comment: str = ""
    na_reason: Literal["marked", "condition", "no_records", "excluded"] | None = None
    unmet_conditions: list[str] = Field(default_factory=list)
    waived: bool = Field(
        default=False,
        description="an active waiver takes it out of score, coverage, gates and gaps (status as assessed)",
    )


class Gap(CriterionResult):
    guidance: Text | None = None
    sources: list[Source] = Field(default_factory=list)


class OutcomeReason(Model):
    code: str = Field(description="e.g. critical_not_met, score_below, coverage_incomplete")
    criteria: list[str] = Field(default_factory=list)
    message: str


class AuditInfo(Model):
    file: str
    format: str
    centre_name: str | None = None
    country: str | None = None
    audit_date: str | None = None
    audit_type: str | None = None
    auditor: str | None = None
    conditions: dict[str, bool | None] = Field(default_factory=dict)


class CatalogInfo(Model):
    id: str
    version: str
    title: Text
    kind: str
    status: str | None = None
    notice: Text | None = None
    effective: str | None = None
    superseded_by: str | None = None
    source: str = Field(description="'built-in' or the path given")
    condition_questions: dict[str, Text] = Field(default_factory=dict)


class Provenance(Model):
    audit_sha256: str
    catalog_sha256: str
    catalog_id: str
    catalog_version: str
    protocheck_version: str


class Thresholds(Model):
    compliant: float
    conditional: float


class RecordResult(Model):
    """One sampled record (report, case file): its completeness by the same formula as the score."""

    record: str = Field(description="the reference number written in the workbook, or 'row N' if withheld")
    row: int
    cell: str
    percent: float | None
    earned: float
    possible: float
    applicable: int
    assessed: int
    met: list[str] = Field(default_factory=list)
    partial: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="not met or left empty")
    not_applicable: list[str] = Field(default_factory=list)
    conditions: dict[str, bool] = Field(default_factory=dict)
    fields: dict[str, str | None] = Field(
        default_factory=dict, description="vocabulary codes; free-text fields only as 'filled' or null"
    )


class ElementStat(Model):
    """How often an element is present across the records where it applies: what a trainer teaches from."""

    id: str
    section: str
    severity: Severity
    text: Text
    applicable: int
    met: int
    partial: int
    missing: int
    credit: float | None = Field(description="mean credit over the records where it applies")


class WaiverInfo(Model):
    """One entry of a waiver file and what it did to this audit."""

    criterion: str
    justification: str
    approved_by: str | None = None
    expires: str | None = Field(default=None, description="YYYY-MM-DD; the waiver applies through that day")
    where: str = Field(description="the entry's file and line, e.g. waivers.csv:4")
    state: Literal["active", "expired", "not_applicable"] = Field(
        description="active: the criterion is waived; expired: expires is before the date used, no effect; "
        "not_applicable: in force, but the criterion does not apply to this audit (or the profile "
        "excludes it)"
    )


class WaiversInfo(Model):
    file: str
    date: str = Field(description="the date the waivers were checked against, YYYY-MM-DD")
    date_source: Literal["audit_date", "today"]
    waived: list[str] = Field(default_factory=list, description="criteria out of the score, in catalog order")
    entries: list[WaiverInfo] = Field(default_factory=list)


class TierResult(Model):
    """One tier of an accreditation profile, as evaluated for this audit."""

    id: str
    label: Text
    outcome: Literal["compliant", "conditional"]
    threshold: float
    gates: list[str] = Field(default_factory=list, description="the profile's gates and the tier's own")
    reached: bool
    reasons: list[OutcomeReason] = Field(default_factory=list, description="why it was not reached")


class ProfileInfo(Model):
    """The accreditation profile the audit was scored under, and what decided the outcome."""

    id: str
    title: Text
    notice: Text | None = None
    source: str = Field(description="'built-in' or the path given")
    sha256: str
    catalog: str = Field(description="id of the catalog the profile applies to")
    excluded: list[str] = Field(default_factory=list, description="criteria the profile removes")
    overridden: list[str] = Field(default_factory=list, description="criteria with a new severity or weight")
    gates: list[str] = Field(default_factory=list)
    tier: str | None = Field(default=None, description="the tier reached; null without tiers or when none is")
    tier_label: Text | None = None
    tiers: list[TierResult] = Field(default_factory=list)
    decided_by: list[OutcomeReason] = Field(default_factory=list)
    valid_for_months: int | None = None
    valid_until: str | None = Field(
        default=None, description="audit date + valid_for_months, when the profile grants a pass"
    )


class Result(Model):
    """Everything a report shows, computed once."""

    audit: AuditInfo
    catalog: CatalogInfo
    formative: bool = False
    score: ScoreSummary
    outcome: Outcome
    outcome_reasons: list[OutcomeReason]
    thresholds: Thresholds
    sections: list[SectionResult]
    criteria: list[CriterionResult]
    gaps: list[Gap]
    problems: list[Problem]
    provenance: Provenance
    records: list[RecordResult] = Field(default_factory=list)
    most_missed: list[ElementStat] = Field(default_factory=list)
    profile: ProfileInfo | None = None
    waivers: WaiversInfo | None = None
