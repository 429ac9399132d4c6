"""Typed models of a catalog (a standard encoded as data).

The JSON Schema in ``schemas/catalog.schema.json`` is generated from these classes
(``python -m protocheck.schemas``) and a test fails when the committed file differs, so the schema users read
and the models the code trusts cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, RootModel

LANG_PATTERN = r"^[a-z]{2}$"
CATALOG_ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ITEM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


class Strict(BaseModel):
    """Base for catalog models: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(RootModel[dict[Annotated[str, Field(pattern=LANG_PATTERN)], Annotated[str, Field(min_length=1)]]]):
    """A text in several languages: ``{en: ..., ru: ...}``."""

    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})

    root: Annotated[
        dict[Annotated[str, Field(pattern=LANG_PATTERN)], Annotated[str, Field(min_length=1)]],
        Field(min_length=1),
    ]

    def get(self, lang: str) -> str:
        """The text in ``lang``, else English, else the first language given: a reader always gets words."""
        return self.root.get(lang) or self.root.get("en") or next(iter(self.root.values()))

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))


class Severity(StrEnum):
    critical = "critical"
    major = "major"
    minor = "minor"


SEVERITY_ORDER = {Severity.critical: 0, Severity.major: 1, Severity.minor: 2}


class EvidenceMethod(StrEnum):
    document = "document"
    observation = "observation"
    interview = "interview"
    record = "record"


class SourceStatus(StrEnum):
    checked = "checked"
    to_verify = "to verify"


class Evidence(Strict):
    method: EvidenceMethod
    text: Text


class Source(Strict):
    document: Annotated[str, Field(min_length=1)]
    locator: Annotated[str, Field(min_length=1)] | None = None
    status: SourceStatus | None = None
    note: str | None = None


class Criterion(Strict):
    id: Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
    text: Text
    severity: Severity
    weight: Annotated[float, Field(gt=0)] | None = None
    na_allowed: bool = False
    applies_if: list[Annotated[str, Field(pattern=NAME_PATTERN)]] = Field(default_factory=list)
    rationale: Text | None = None
    guidance: Text | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    related: list[Annotated[str, Field(pattern=ITEM_ID_PATTERN)]] = Field(default_factory=list)
    tags: list[Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]] = Field(default_factory=list)


class Section(Strict):
    id: Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
    title: Text
    description: Text | None = None
    criteria: Annotated[list[Criterion], Field(min_length=1)]


class Condition(Strict):
    id: Annotated[str, Field(pattern=NAME_PATTERN)]
    question: Text


class VocabularyEntry(Strict):
    code: Annotated[str, Field(min_length=1)]
    label: Text
    synonyms: list[str] = Field(default_factory=list)


class RecordField(Strict):
    id: Annotated[str, Field(pattern=NAME_PATTERN)]
    label: Text
    vocabulary: list[VocabularyEntry] | None = None


class RuleWhen(Strict):
    field: Annotated[str, Field(pattern=NAME_PATTERN)]
    equals: Annotated[str, Field(min_length=1)]


class Rule(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    when: RuleWhen
    require: Annotated[str, Field(pattern=NAME_PATTERN)] | None = None
    field: Annotated[str, Field(pattern=NAME_PATTERN)] | None = None
    forbid: list[str] | None = None
    message: Text


class Weights(Strict):
    critical: Annotated[float, Field(gt=0)] = 3
    major: Annotated[float, Field(gt=0)] = 2
    minor: Annotated[float, Field(gt=0)] = 1


class Thresholds(Strict):
    compliant: Annotated[float, Field(ge=0, le=100)] = 80
    conditional: Annotated[float, Field(ge=0, le=100)] = 60


class Scoring(Strict):
    weights: Weights = Field(default_factory=Weights)
    thresholds: Thresholds = Field(default_factory=Thresholds)


class Catalog(Strict):
    """A standard: sections of criteria, with what decides when each applies and how it is weighed."""

    id: Annotated[str, Field(pattern=CATALOG_ID_PATTERN)]
    version: Annotated[str, Field(min_length=1)]
    title: Text
    description: Text | None = None
    kind: Literal["assessment", "record-review"] = "assessment"
    status: Literal["official", "compiled", "draft"] | None = None
    notice: Text | None = None
    effective: Annotated[str, Field(pattern=DATE_PATTERN)] | None = None
    superseded_by: str | None = None
    formative_only: bool = False
    scoring: Scoring = Field(default_factory=Scoring)
    conditions: list[Condition] = Field(default_factory=list)
    fields: list[RecordField] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    sections: Annotated[list[Section], Field(min_length=1)]
    _cache: tuple[list[Section], list[tuple[Section, Criterion]], dict[str, Criterion]] | None = PrivateAttr(
        default=None
    )

    def criteria(self) -> list[tuple[Section, Criterion]]:
        """Every criterion with its section, in catalog order (the order reports fall back on)."""
        return self._index()[0]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._index()[1].get(criterion_id)

    def _index(self) -> tuple[list[tuple[Section, Criterion]], dict[str, Criterion]]:
        # Record reviews look criteria up once per cell, so the index is kept. It is keyed on the identity of
        # `sections`: a `model_copy(update={"sections": ...})` (profiles do this) gets a fresh index, never a
        # stale one inherited from the catalog it was copied from.
        cached = self._cache
        if cached is None or cached[0] is not self.sections:
            pairs = [(s, c) for s in self.sections for c in s.criteria]
            cached = (self.sections, pairs, {c.id: c for _, c in pairs})
            self._cache = cached
        return cached[1], cached[2]

    def weight_of(self, criterion: Criterion) -> float:
        """A criterion's weight: its own ``weight``, else the catalog's weight for its severity."""
        if criterion.weight is not None:
            return criterion.weight
        return float(getattr(self.scoring.weights, criterion.severity.value))

    def condition(self, condition_id: str) -> Condition | None:
        return next((c for c in self.conditions if c.id == condition_id), None)

    def field(self, field_id: str) -> RecordField | None:
        return next((f for f in self.fields if f.id == field_id), None)
