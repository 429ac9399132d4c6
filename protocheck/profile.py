"""Accreditation profiles: an association's rules laid over a standard.

A profile is a small YAML file (``schemas/profile.schema.json``, generated from :class:`Profile`) that names a
catalog and says which criteria the association leaves out, which it weighs differently, which must be met
whatever the score (gates), its thresholds, and optionally two tiers of accreditation (for example "full" and
"minimum") and how long an accreditation stays valid. It is checked like a catalog: every error names the
profile file, line and column, and an id or pattern that the catalog does not have is an error — never
ignored.

Loading a profile gives a new :class:`~protocheck.models.Catalog` (the excluded criteria removed, overrides
and thresholds applied) that the pure scoring functions use as they would any catalog; :func:`decide` then
applies the gates and tiers to the scored result. Both steps are written out in ``docs/scoring.md``.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from .catalog import MSG_NO_SUCH_FILE, CatalogNotFound, LoadedCatalog, data_dir, load_catalog, load_schema
from .i18n import N_
from .models import CATALOG_ID_PATTERN, ITEM_ID_PATTERN, Catalog, Criterion, Severity, Strict, Text
from .models import Thresholds as CatalogThresholds
from .problems import InputError
from .result import OutcomeReason, ProfileInfo, TierResult
from .vocab import Status
from .yamlfile import (
    DataFileError,
    Located,
    decode_utf8,
    format_path,
    key_position,
    load_yaml,
    position,
    read_file,
    schema_issues,
    to_plain,
)

if TYPE_CHECKING:
    from .scoring import Scored

TIER_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
ItemId = Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
Percent = Annotated[float, Field(ge=0, le=100)]

MSG_GATE_NOT_MET = N_("gate criteria not met")
MSG_TIER_REACHED = N_("tier reached")

# Errors in a profile file
MSG_NO_BUILTIN_PROFILE = N_("no built-in profile '{ref}' (built-in: {known}); give the path to its YAML file")
MSG_NOT_A_MAPPING = N_("a profile must be a mapping with id, title, catalog, ...")
MSG_NO_SUCH_CATALOG_FILE = N_("no such file: {file}")
MSG_PATTERN_MATCHES_NOTHING = N_("pattern '{pattern}' matches no criterion of {catalog}")
MSG_PATTERN_MATCHES_NOTHING_SECTION = N_(
    "pattern '{pattern}' matches no criterion of {catalog}; to leave out the section {pattern}, write '{pattern}.*'"
)
MSG_NOT_A_CRITERION = N_("'{id}' is not a criterion of {catalog}")
MSG_NOT_A_CRITERION_SECTION = N_(
    "'{id}' is not a criterion of {catalog}; to leave out the section {id}, write '{id}.*'"
)
MSG_ALL_EXCLUDED = N_("every criterion of {catalog} is excluded: nothing would be left to score")
MSG_EXCLUDED = {
    "override": N_("overridden criterion {id} is excluded (exclude[{index}])"),
    "gate": N_("gate {id} is excluded (exclude[{index}])"),
}
MSG_DUPLICATE_TIER = N_("duplicate tier id '{id}' (first at tiers[{first}])")
MSG_TIER_OUTCOME_TWICE = N_("tiers[{first}] already grants '{outcome}': one tier per outcome")
MSG_THRESHOLDS_REVERSED = N_(
    "the pass (compliant) threshold {compliant} is below the conditional one {conditional}"
)


class Override(Strict):
    """What a profile changes in one criterion."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra={"minProperties": 1})

    severity: Severity | SkipJsonSchema[None] = None
    weight: Annotated[float, Field(gt=0)] | SkipJsonSchema[None] = None


class ProfileThresholds(Strict):
    """``pass`` is the catalog's ``compliant`` threshold, ``conditional`` its ``conditional`` one."""

    pass_: Percent | SkipJsonSchema[None] = Field(default=None, alias="pass")
    conditional: Percent | SkipJsonSchema[None] = None


class Tier(Strict):
    """One level of accreditation: the outcome it grants, its score threshold, its own gates, its name."""

    id: Annotated[str, Field(pattern=TIER_ID_PATTERN)]
    label: Text
    outcome: Literal["compliant", "conditional"]
    threshold: Percent | SkipJsonSchema[None] = None
    gates: list[ItemId] = Field(default_factory=list)
    valid_for_months: Annotated[int, Field(ge=1, le=120)] | SkipJsonSchema[None] = Field(
        default=None, description="how long this tier's accreditation stays valid (default: the profile's)"
    )


class Profile(Strict):
    """An accreditation profile: an association's rules for scoring audits against one catalog."""

    id: Annotated[str, Field(pattern=CATALOG_ID_PATTERN)]
    version: Annotated[str, Field(min_length=1)] | SkipJsonSchema[None] = None
    title: Text
    description: Text | SkipJsonSchema[None] = None
    notice: Text | SkipJsonSchema[None] = None
    catalog: Annotated[str, Field(min_length=1, description="id or path of the base catalog")]
    exclude: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list, description="criterion ids or fnmatch patterns on ids (MON.*)"
    )
    overrides: dict[str, Override] = Field(
        default_factory=dict, description="criterion id → severity, weight"
    )
    gates: list[ItemId] = Field(default_factory=list, description="must be met whatever the score")
    thresholds: ProfileThresholds = Field(default_factory=ProfileThresholds)
    tiers: Annotated[list[Tier], Field(max_length=2)] = Field(default_factory=list)
    valid_for_months: Annotated[int, Field(ge=1, le=120)] | SkipJsonSchema[None] = None


@dataclass(frozen=True)
class LoadedProfile:
    """A checked profile, its base catalog and the catalog with the profile applied."""

    profile: Profile
    path: Path
    sha256: str
    builtin: bool
    base: LoadedCatalog
    catalog: Catalog
    excluded: tuple[str, ...]
    data: Any = field(default=None, compare=False, repr=False)

    @property
    def ref(self) -> str:
        """What a workbook records to find this profile again: the id if built in, else the path."""
        return self.profile.id if self.builtin else str(self.path)

    def bind(self, loaded: LoadedCatalog) -> LoadedProfile:
        """The same profile over ``loaded`` (e.g. another version of its catalog given with --standard)."""
        if loaded.catalog.id != self.base.catalog.id:
            raise ProfileMismatch(self.profile.id, self.base.catalog.id, loaded.catalog.id)
        if loaded.sha256 == self.base.sha256:
            return self
        catalog, excluded = apply(self.path, self.data, self.profile, loaded.catalog)
        return replace(self, base=loaded, catalog=catalog, excluded=excluded)

    def loaded_catalog(self) -> LoadedCatalog:
        """The base catalog's provenance (path, hash) with the profiled catalog in it."""
        return replace(self.base, catalog=self.catalog)


class ProfileNotFound(CatalogNotFound):
    pass


MSG_PROFILE_MISMATCH = N_("the profile {profile} is for the standard {expected}, not {given}")


class ProfileMismatch(InputError):
    """A profile used with a catalog it was not written for (another catalog id)."""

    def __init__(self, profile: str, expected: str, given: str):
        super().__init__(MSG_PROFILE_MISMATCH, profile=profile, expected=expected, given=given)


def builtin_profile_paths() -> list[Path]:
    return sorted(p for p in (data_dir("standards") / "profiles").glob("*.yaml") if p.is_file())


def resolve_profile(ref: str | Path) -> tuple[Path, bool]:
    """A profile reference is a path to a YAML file, or the id of a built-in profile."""
    candidate = Path(ref)
    if isinstance(ref, Path) or candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise ProfileNotFound(MSG_NO_SUCH_FILE, ref=ref)
        return candidate, False
    for path in builtin_profile_paths():
        if path.stem == ref:
            return path, True
    known = ", ".join(p.stem for p in builtin_profile_paths()) or "none"
    raise ProfileNotFound(MSG_NO_BUILTIN_PROFILE, ref=ref, known=known)


def load_profile(ref: str | Path) -> LoadedProfile:
    """Load and check a profile and its catalog; raise :class:`DataFileError` listing every error found."""
    path, builtin = resolve_profile(ref)
    raw = read_file(path)
    text = decode_utf8(path, raw)
    data = load_yaml(path, text)
    if not isinstance(data, dict):
        raise DataFileError([Located.make(path, 1, 1, "", MSG_NOT_A_MAPPING)])
    plain = to_plain(data)
    issues = schema_issues(path, data, plain, load_schema("profile.schema.json"))
    if issues:
        raise DataFileError(issues)
    profile = Profile.model_validate(plain)
    base = _load_base(path, data, profile)
    catalog, excluded = apply(path, data, profile, base.catalog)
    return LoadedProfile(
        profile, path, hashlib.sha256(raw).hexdigest(), builtin, base, catalog, excluded, data
    )


def _load_base(path: Path, data: Any, profile: Profile) -> LoadedCatalog:
    """The catalog the profile names: a path (relative to the profile file) or a built-in id."""
    ref = profile.catalog
    candidate = path.parent / ref
    line, col = position(data, ["catalog"])
    if Path(ref).suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise DataFileError(
                [Located.make(path, line, col, "catalog", MSG_NO_SUCH_CATALOG_FILE, file=candidate)]
            )
        return load_catalog(candidate)
    try:
        return load_catalog(ref)
    except CatalogNotFound as exc:
        raise DataFileError([Located.make(path, line, col, "catalog", exc.msgid, **exc.params)]) from None


def _is_pattern(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def effective_thresholds(profile: Profile, catalog: Catalog) -> tuple[float, float]:
    """(compliant, conditional): a tier's own threshold, else the profile's, else the catalog's."""
    tiers = {t.outcome: t for t in profile.tiers}
    compliant = catalog.scoring.thresholds.compliant
    conditional = catalog.scoring.thresholds.conditional
    if profile.thresholds.pass_ is not None:
        compliant = profile.thresholds.pass_
    if profile.thresholds.conditional is not None:
        conditional = profile.thresholds.conditional
    if "compliant" in tiers and tiers["compliant"].threshold is not None:
        compliant = tiers["compliant"].threshold
    if "conditional" in tiers and tiers["conditional"].threshold is not None:
        conditional = tiers["conditional"].threshold
    return compliant, conditional


def apply(path: Path, data: Any, profile: Profile, catalog: Catalog) -> tuple[Catalog, tuple[str, ...]]:
    """Check every id the profile names against ``catalog``; return the profiled catalog and excluded ids."""
    issues: list[Located] = []

    def add(where: list[Any], msgid: str, key: str | None = None, /, **params: object) -> None:
        line, col = key_position(data, where, key) if key is not None else position(data, where)
        shown = format_path([*where, key] if key is not None else where)
        issues.append(Located.make(path, line, col, shown, msgid, **params))

    ids = [c.id for _, c in catalog.criteria()]
    known = set(ids)
    sections = {s.id for s in catalog.sections}
    excluded_by: dict[str, int] = {}
    for i, pattern in enumerate(profile.exclude):
        matched = [x for x in ids if fnmatchcase(x, pattern)]
        if not matched:
            is_section = pattern in sections  # then say how to leave the whole section out
            if _is_pattern(pattern):
                msgid = MSG_PATTERN_MATCHES_NOTHING_SECTION if is_section else MSG_PATTERN_MATCHES_NOTHING
                add(["exclude", i], msgid, pattern=pattern, catalog=catalog.id)
            else:
                msgid = MSG_NOT_A_CRITERION_SECTION if is_section else MSG_NOT_A_CRITERION
                add(["exclude", i], msgid, id=pattern, catalog=catalog.id)
        for x in matched:
            excluded_by.setdefault(x, i)
    if ids and len(excluded_by) == len(ids):
        add(["exclude"], MSG_ALL_EXCLUDED, catalog=catalog.id)

    def check_id(where: list[Any], crit_id: str, what: str, key: str | None = None) -> None:
        if crit_id not in known:
            add(where, MSG_NOT_A_CRITERION, key, id=crit_id, catalog=catalog.id)
        elif crit_id in excluded_by:
            add(where, MSG_EXCLUDED[what], key, id=crit_id, index=excluded_by[crit_id])

    for crit_id in profile.overrides:
        check_id(["overrides"], crit_id, "override", key=crit_id)
    for i, gate in enumerate(profile.gates):
        check_id(["gates", i], gate, "gate")
    seen_ids: dict[str, int] = {}
    seen_outcomes: dict[str, int] = {}
    for t, tier in enumerate(profile.tiers):
        if tier.id in seen_ids:
            add(["tiers", t, "id"], MSG_DUPLICATE_TIER, id=tier.id, first=seen_ids[tier.id])
        seen_ids.setdefault(tier.id, t)
        if tier.outcome in seen_outcomes:
            first = seen_outcomes[tier.outcome]
            add(["tiers", t, "outcome"], MSG_TIER_OUTCOME_TWICE, first=first, outcome=tier.outcome)
        seen_outcomes.setdefault(tier.outcome, t)
        for k, gate in enumerate(tier.gates):
            check_id(["tiers", t, "gates", k], gate, "gate")
    compliant_at, conditional_at = effective_thresholds(profile, catalog)
    if compliant_at < conditional_at:
        where: list[Any] = ["tiers"] if profile.tiers else ["thresholds"]
        add(where, MSG_THRESHOLDS_REVERSED, compliant=f"{compliant_at:g}", conditional=f"{conditional_at:g}")
    if issues:
        raise DataFileError(issues)

    def changed(crit: Criterion) -> Criterion:
        override = profile.overrides.get(crit.id)
        if override is None:
            return crit
        update = {
            k: v for k, v in (("severity", override.severity), ("weight", override.weight)) if v is not None
        }
        return crit.model_copy(update=update)

    kept = []
    for section in catalog.sections:
        criteria = [changed(c) for c in section.criteria if c.id not in excluded_by]
        if criteria:
            kept.append(section.model_copy(update={"criteria": criteria}))
    thresholds = CatalogThresholds(compliant=compliant_at, conditional=conditional_at)
    scoring = catalog.scoring.model_copy(update={"thresholds": thresholds})
    # Rebuilt through validation, not model_copy: a copy would keep the original's cached criterion lists.
    fields = {name: getattr(catalog, name) for name in Catalog.model_fields}
    profiled = Catalog.model_validate({**fields, "sections": kept, "scoring": scoring})
    return profiled, tuple(x for x in ids if x in excluded_by)


# --- deciding ----------------------------------------------------------------------------------------

# Which of the scoring's reasons stop a tier: a compliant tier needs what "compliant" needs, a conditional
# tier what "conditional" needs (docs/scoring.md, "Outcome").
BLOCKS = {
    "compliant": {
        "critical_not_met",
        "critical_not_assessed",
        "critical_partial",
        "coverage_incomplete",
        "score_below_compliant",
    },
    "conditional": {"critical_not_met", "critical_not_assessed", "score_below_conditional"},
}


def gates_not_met(scored: Scored, gates: list[str]) -> list[str]:
    """Gates that apply, are not waived and are not met (partial and not assessed are not met)."""
    by_id = {r.id: r for r in scored.criteria}
    failing: list[str] = []
    for gate in gates:
        r = by_id.get(gate)
        if r is None or r.status is Status.not_applicable or r.waived:
            continue
        if r.status is not Status.met and gate not in failing:
            failing.append(gate)
    return failing


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the last day of a shorter month."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def decide(
    loaded: LoadedProfile, scored: Scored, audit_date: str | None, formative: bool = False
) -> tuple[Scored, ProfileInfo]:
    """Apply the profile's gates and tiers to a scored audit (pure: no files are read)."""
    profile = loaded.profile
    compliant_at, conditional_at = effective_thresholds(profile, loaded.base.catalog)
    thresholds = {"compliant": compliant_at, "conditional": conditional_at}
    outcome, reasons = scored.outcome, list(scored.reasons)
    tiers: list[TierResult] = []
    decided_by: list[OutcomeReason] = []
    reached: TierResult | None = None
    passed = False
    if not formative and outcome != "not_applicable":
        if not profile.tiers:
            failing = gates_not_met(scored, profile.gates)
            if failing:
                reasons = [
                    OutcomeReason(code="gate_not_met", criteria=failing, message=MSG_GATE_NOT_MET),
                    *reasons,
                ]
                outcome = "non_compliant"
            decided_by = list(reasons)
            passed = outcome == "compliant"
        else:
            all_failing: list[str] = []
            for tier in sorted(profile.tiers, key=lambda t: 0 if t.outcome == "compliant" else 1):
                gates = _unique([*profile.gates, *tier.gates])
                failing = gates_not_met(scored, gates)
                why: list[OutcomeReason] = []
                if failing:
                    why.append(OutcomeReason(code="gate_not_met", criteria=failing, message=MSG_GATE_NOT_MET))
                why += [r for r in scored.reasons if r.code in BLOCKS[tier.outcome]]
                result = TierResult(
                    id=tier.id,
                    label=tier.label,
                    outcome=tier.outcome,
                    threshold=thresholds[tier.outcome],
                    gates=gates,
                    reached=not why,
                    reasons=why,
                )
                tiers.append(result)
                if reached is not None:
                    continue
                decided_by += [
                    OutcomeReason(code=r.code, criteria=r.criteria, message=f"tier {tier.id}: {r.message}")
                    for r in why
                ]
                if result.reached:
                    reached = result
                    decided_by.append(
                        OutcomeReason(code="tier_reached", message=f"tier {tier.id}: {MSG_TIER_REACHED}")
                    )
                else:
                    all_failing += failing
            outcome = reached.outcome if reached is not None else "non_compliant"
            failing = _unique(all_failing)
            if failing:
                reasons = [
                    OutcomeReason(code="gate_not_met", criteria=failing, message=MSG_GATE_NOT_MET),
                    *reasons,
                ]
            passed = reached is not None
    valid_until = None
    months = profile.valid_for_months
    if reached is not None:
        tier_months = next(t.valid_for_months for t in profile.tiers if t.id == reached.id)
        months = tier_months or months
    if passed and months and audit_date:
        try:
            day = datetime.date.fromisoformat(audit_date)
        except ValueError:
            day = None
        if day is not None:
            valid_until = add_months(day, months).isoformat()
    overridden = [c.id for _, c in loaded.catalog.criteria() if c.id in profile.overrides]
    info = ProfileInfo(
        id=profile.id,
        title=profile.title,
        notice=profile.notice,
        source="built-in" if loaded.builtin else str(loaded.path),
        sha256=loaded.sha256,
        catalog=loaded.base.catalog.id,
        excluded=list(loaded.excluded),
        overridden=overridden,
        gates=list(profile.gates),
        tier=reached.id if reached is not None else None,
        tier_label=reached.label if reached is not None else None,
        tiers=tiers,
        decided_by=decided_by,
        valid_for_months=months,
        valid_until=valid_until,
    )
    return replace(scored, outcome=outcome, reasons=reasons), info


# --- templates ---------------------------------------------------------------------------------------


def record_in_template(output: Path, loaded: LoadedProfile) -> None:
    """Write the profile into the hidden ``profile`` row of a template's centre sheet (key in column C)."""
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill, Protection

    from .template import fix_properties

    wb = load_workbook(output)
    for sheet in wb.worksheets:
        for (cell,) in sheet.iter_rows(min_col=3, max_col=3):
            if cell.value == "profile":
                target = sheet.cell(row=cell.row, column=2)
                target.value = loaded.ref
                target.data_type = "s"
                target.fill = PatternFill(fill_type=None)
                target.protection = Protection(locked=True)
    fix_properties(wb, loaded.catalog)
    wb.save(output)


def is_profile_file(path: Path) -> bool:
    """A YAML file with ``catalog:`` and no ``sections:`` at the top is a profile (for ``validate``)."""
    import re

    try:
        head = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return False
    keys = set(re.findall(r"^([a-z_]+):", head, flags=re.MULTILINE))
    return "catalog" in keys and "sections" not in keys
