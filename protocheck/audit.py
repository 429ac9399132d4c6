"""From a workbook and a catalog to one :class:`~protocheck.result.Result`.

This is the library's front door: ``protocheck.audit.score_file(path)`` does what ``protocheck score`` does,
without click. It reads the workbook, finds the catalog, matches rows to criteria (turning every mismatch into a
problem with its cell), hands plain answers to the pure scoring functions and assembles the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .catalog import LoadedCatalog, load_catalog
from .i18n import N_
from .models import Catalog
from .problems import InputError, Problem
from .result import AuditInfo, CatalogInfo, ElementStat, Provenance, RecordResult, Result, Thresholds
from .scoring import Answer, Scored, score, unmet_conditions
from .vocab import Status, normalize, parse_yes_no
from .workbook import AUDIT_TYPES, AuditWorkbook, MetaEntry, parse_date, read_responses, read_workbook

if TYPE_CHECKING:
    from collections.abc import Collection

    from .profile import LoadedProfile
    from .result import ProfileInfo, WaiversInfo
    from .waivers import WaiverSet

MSG_NO_STANDARD = N_(
    "{file} does not say which standard it is audited against: give --standard ID_OR_PATH, or fill in the "
    "«Standard» row of the centre sheet (the template made by «protocheck template» does this)."
)
MSG_UNKNOWN_ID = N_("criterion «{value}» is not in {catalog}; check the id (e.g. {example})")
MSG_DUPLICATE = N_(
    "criterion {value} appears again (first in {first}); neither row is counted until one is removed"
)
MSG_NA_NOT_ALLOWED = N_(
    "{criterion} does not allow N/A: it applies to every centre. Record met, partial or not met; counted as not "
    "assessed"
)
MSG_MISSING_ROWS = N_(
    "{count} criteria of {catalog} have no row in the workbook (counted as not assessed): {ids}"
)
MSG_CONDITION_MISSING = N_(
    "the service question «{question}» is not answered; the criteria that depend on it are counted as not "
    "applicable. Answer yes or no"
)
MSG_CONDITION_BAD = N_("«{value}» is not an answer to «{question}»: write yes or no (да / нет)")
MSG_VERSION = N_(
    "the workbook was made for version {value} of {catalog}, but version {version} is being used; the rows are "
    "matched by criterion id"
)
MSG_BAD_DATE = N_("«{value}» is not a date: write it as YYYY-MM-DD or DD.MM.YYYY")
MSG_STANDARD_MISMATCH = N_(
    "the workbook names the standard «{value}», but it is being scored against {catalog} (--standard)"
)
MSG_PROFILE_STANDARD = N_(
    "the workbook names the standard «{value}», but the profile {profile} scores it against {catalog}"
)
MSG_PROFILE_NOT_FOUND = N_(
    "{file} names the profile «{value}» on its centre sheet ({cell}), but it cannot be found: give --profile "
    "ID_OR_PATH"
)


@dataclass(frozen=True)
class Prepared:
    """A workbook matched to its catalog: what scoring needs, and every problem met on the way."""

    workbook: AuditWorkbook
    loaded: LoadedCatalog
    answers: dict[str, Answer]
    conditions: dict[str, bool | None]
    problems: list[Problem]
    audit: AuditInfo
    records: list[RecordResult]
    most_missed: list[ElementStat]
    profile: LoadedProfile | None = None


def prepare(path: Path, standard: str | Path | None = None, profile: str | Path | None = None) -> Prepared:
    """Read and match without scoring (what ``protocheck validate`` needs).

    ``profile`` (an accreditation profile's id or path; else the one the centre sheet records, if any) names
    the catalog when ``standard`` is not given, and the rows are matched to the catalog it leaves.
    """
    workbook = read_workbook(path)
    recorded = workbook.meta_value("standard")
    problems: list[Problem] = []
    loaded_profile = _load_profile(workbook, profile)
    ref = standard if standard is not None else (recorded.value if recorded and recorded.value else None)
    if ref is None and loaded_profile is None:
        raise InputError(MSG_NO_STANDARD, file=path.name)
    if loaded_profile is not None and standard is None:
        loaded = loaded_profile.base  # the profile names its catalog
    else:
        loaded = load_catalog(ref or "")
    if loaded_profile is not None:
        loaded_profile = loaded_profile.bind(loaded)  # another catalog than the profile's: InputError
        loaded = loaded_profile.loaded_catalog()
    catalog = loaded.catalog
    chosen = standard is not None or loaded_profile is not None  # else the workbook's own standard is used
    if chosen and recorded and recorded.value and not _same_catalog(recorded.value, loaded):
        by_option = standard is not None or loaded_profile is None
        problems.append(
            Problem.make(
                "standard_mismatch",
                MSG_STANDARD_MISMATCH if by_option else MSG_PROFILE_STANDARD,
                cell=recorded.cell,
                value=recorded.value,
                catalog=catalog.id,
                profile=loaded_profile.profile.id if loaded_profile is not None else "",
            )
        )
    version = workbook.meta_value("standard_version")
    if version and version.value and version.value != catalog.version:
        problems.append(
            Problem.make(
                "version_mismatch",
                MSG_VERSION,
                cell=version.cell,
                value=version.value,
                catalog=catalog.id,
                version=catalog.version,
            )
        )
    conditions = read_conditions(workbook, catalog, problems) if catalog.kind == "assessment" else {}
    audit = audit_info(workbook, conditions, problems)
    records: list[RecordResult] = []
    most_missed: list[ElementStat] = []
    if catalog.kind == "record-review":
        from .records import record_answers

        reviewed = record_answers(workbook, catalog, problems)
        answers, records, most_missed = reviewed.answers, reviewed.records, reviewed.most_missed
    else:
        read_responses(workbook)
        ignore = loaded_profile.excluded if loaded_profile is not None else ()
        answers = match_answers(workbook, catalog, conditions, problems, ignore=ignore)
    problems = [*workbook.problems, *problems]
    return Prepared(
        workbook, loaded, answers, conditions, problems, audit, records, most_missed, profile=loaded_profile
    )


def _load_profile(workbook: AuditWorkbook, profile: str | Path | None) -> LoadedProfile | None:
    """The profile given, else the one the centre sheet records (a path may be relative to the workbook)."""
    from .profile import ProfileNotFound, load_profile

    if profile is not None:
        return load_profile(profile)
    entry = workbook.meta_value("profile")
    if entry is None or not entry.value.strip():
        return None
    value = entry.value.strip()
    try:
        return load_profile(value)
    except ProfileNotFound:
        beside = workbook.path.parent / value
        if beside.is_file():
            return load_profile(beside)
        raise InputError(
            MSG_PROFILE_NOT_FOUND, file=workbook.path.name, value=value, cell=entry.cell
        ) from None


def _same_catalog(named: str, loaded: LoadedCatalog) -> bool:
    if named.strip() == loaded.catalog.id:
        return True
    try:
        return Path(named).resolve() == loaded.path.resolve()
    except (OSError, ValueError):
        return False


def score_file(
    path: Path,
    standard: str | Path | None = None,
    *,
    formative: bool = False,
    profile: str | Path | None = None,
    waivers: WaiverSet | Path | None = None,
) -> Result:
    """Score one audit workbook: the whole of ``protocheck score`` without the command line.

    ``profile``: an accreditation profile (id or path; default: the one the workbook records, if any).
    ``waivers``: a waiver file, or one already read with :func:`protocheck.waivers.load_waivers`.
    """
    prepared = prepare(path, standard, profile)
    catalog = prepared.loaded.catalog
    formative = formative or catalog.formative_only
    waived: Collection[str] = ()
    waiver_set = None
    if waivers is not None:
        from .waivers import load_waivers, waived_for

        waiver_set = load_waivers(waivers) if isinstance(waivers, Path) else waivers
        waiver_set = waiver_set.check_ids(prepared.profile.base.catalog if prepared.profile else catalog)
        waived, on, source = waived_for(waiver_set, prepared.audit.audit_date)
    scored = score(catalog, prepared.answers, prepared.conditions, waived=waived)
    profile_info = None
    if prepared.profile is not None:
        from .profile import decide

        scored, profile_info = decide(prepared.profile, scored, prepared.audit.audit_date, formative)
    waivers_info = waiver_set.report(on, source, scored.criteria) if waiver_set is not None else None
    return build_result(prepared, scored, formative=formative, profile=profile_info, waivers=waivers_info)


def build_result(
    prepared: Prepared,
    scored: Scored,
    *,
    formative: bool = False,
    profile: ProfileInfo | None = None,
    waivers: WaiversInfo | None = None,
) -> Result:
    loaded = prepared.loaded
    catalog = loaded.catalog
    return Result(
        audit=prepared.audit,
        catalog=catalog_info(loaded),
        formative=formative,
        score=scored.score,
        outcome="formative" if formative else scored.outcome,
        outcome_reasons=[] if formative else scored.reasons,
        thresholds=Thresholds(
            compliant=catalog.scoring.thresholds.compliant, conditional=catalog.scoring.thresholds.conditional
        ),
        sections=scored.sections,
        criteria=scored.criteria,
        gaps=scored.gaps,
        problems=prepared.problems,
        records=prepared.records,
        most_missed=prepared.most_missed,
        profile=profile,
        waivers=waivers,
        provenance=Provenance(
            audit_sha256=prepared.workbook.sha256,
            catalog_sha256=loaded.sha256,
            catalog_id=catalog.id,
            catalog_version=catalog.version,
            protocheck_version=__version__,
        ),
    )


def catalog_info(loaded: LoadedCatalog) -> CatalogInfo:
    catalog = loaded.catalog
    return CatalogInfo(
        id=catalog.id,
        version=catalog.version,
        title=catalog.title,
        kind=catalog.kind,
        status=catalog.status,
        notice=catalog.notice,
        effective=catalog.effective,
        superseded_by=catalog.superseded_by,
        source="built-in" if loaded.builtin else str(loaded.path),
        condition_questions={c.id: c.question for c in catalog.conditions},
    )


def _condition_entry(workbook: AuditWorkbook, catalog: Catalog, condition_id: str) -> MetaEntry | None:
    condition = catalog.condition(condition_id)
    assert condition is not None
    names = {condition_id, *(normalize(q) for q in condition.question.root.values())}
    for entry in workbook.meta:
        if entry.key == f"condition:{condition_id}":
            return entry
        if entry.key.startswith("label:") and entry.key[6:].rstrip("?").strip() in {
            n.rstrip("?").strip() for n in names
        }:
            return entry
    return None


def read_conditions(
    workbook: AuditWorkbook, catalog: Catalog, problems: list[Problem]
) -> dict[str, bool | None]:
    """The centre's service profile: each condition's yes/no answer from the centre sheet."""
    answers: dict[str, bool | None] = {}
    for condition in catalog.conditions:
        entry = _condition_entry(workbook, catalog, condition.id)
        question = condition.question
        if entry is None or not entry.value.strip():
            answers[condition.id] = None
            problems.append(
                Problem.make(
                    "condition_missing",
                    MSG_CONDITION_MISSING,
                    cell=entry.cell if entry else None,
                    value="",
                    question=question,
                    condition=condition.id,
                )
            )
            continue
        value = parse_yes_no(entry.value)
        if value is None:
            problems.append(
                Problem.make(
                    "condition_bad", MSG_CONDITION_BAD, cell=entry.cell, value=entry.value, question=question
                )
            )
        answers[condition.id] = value
    return answers


def audit_info(
    workbook: AuditWorkbook, conditions: dict[str, bool | None], problems: list[Problem]
) -> AuditInfo:
    def value(key: str) -> str | None:
        entry = workbook.meta_value(key)
        return entry.value if entry and entry.value else None

    date_entry = workbook.meta_value("audit_date")
    audit_date = None
    if date_entry and date_entry.value:
        audit_date = parse_date(date_entry.value)
        if audit_date is None:
            problems.append(
                Problem.make("bad_date", MSG_BAD_DATE, cell=date_entry.cell, value=date_entry.value)
            )
            audit_date = date_entry.value
    audit_type = value("audit_type")
    if audit_type:
        audit_type = AUDIT_TYPES.get(normalize(audit_type), audit_type)
    return AuditInfo(
        file=workbook.path.name,
        format=workbook.format,
        centre_name=value("centre_name"),
        country=value("country"),
        audit_date=audit_date,
        audit_type=audit_type,
        auditor=value("auditor"),
        conditions=conditions,
    )


def match_answers(
    workbook: AuditWorkbook,
    catalog: Catalog,
    conditions: dict[str, bool | None],
    problems: list[Problem],
    ignore: Collection[str] = (),
) -> dict[str, Answer]:
    """Rows → answers keyed by criterion id; unknown ids, repeats and forbidden N/A become problems.

    Rows for ids in ``ignore`` (criteria an accreditation profile leaves out) are skipped without a problem.
    """
    by_key = {c.id.upper(): c for _, c in catalog.criteria()}
    skip = {i.upper() for i in ignore}
    example = next(iter(by_key.values())).id
    answers: dict[str, Answer] = {}
    first_cell: dict[str, str] = {}
    duplicated: set[str] = set()
    for row in workbook.responses:
        crit = by_key.get(row.id.strip().upper())
        if crit is None and row.id.strip().upper() in skip:
            continue
        if crit is None:
            problems.append(
                Problem.make(
                    "unknown_id",
                    MSG_UNKNOWN_ID,
                    cell=row.id_cell,
                    value=row.id,
                    catalog=catalog.id,
                    example=example,
                )
            )
            continue
        if crit.id in first_cell:
            problems.append(
                Problem.make(
                    "duplicate_id", MSG_DUPLICATE, cell=row.id_cell, value=crit.id, first=first_cell[crit.id]
                )
            )
            duplicated.add(crit.id)
            continue
        first_cell[crit.id] = row.id_cell
        status = row.status if row.status is not None else Status.not_assessed
        if status is Status.not_applicable and not crit.na_allowed and not unmet_conditions(crit, conditions):
            problems.append(
                Problem.make(
                    "na_not_allowed",
                    MSG_NA_NOT_ALLOWED,
                    cell=row.status_cell,
                    value=row.status_raw,
                    criterion=crit.id,
                )
            )
            status = Status.not_assessed
        answers[crit.id] = Answer(status, row.status_cell, row.evidence, row.comment)
    for crit_id in duplicated:
        previous = answers[crit_id]
        answers[crit_id] = Answer(Status.not_assessed, previous.cell, previous.evidence, previous.comment)
    missing = [c.id for _, c in catalog.criteria() if c.id not in first_cell]
    if missing:
        shown = ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
        problems.append(
            Problem.make("missing_rows", MSG_MISSING_ROWS, count=len(missing), catalog=catalog.id, ids=shown)
        )
    return answers
