"""``protocheck summary``: many audits at once, for an association that accredits a network of centres.

Every workbook is scored exactly as ``protocheck score`` scores it (:func:`protocheck.audit.score_file`), in
parallel on every core. Each worker sends back one small row per audit (never the whole result), so memory
stays flat however many audits there are; a workbook that cannot be read is listed with its sentence and does
not stop the others. The report has one row per audit (a centre's audits together, newest first: its
history), a heat map of centres × sections, and, for each criterion, how many centres meet it, weakest first.

The JSON output is :class:`Summary` (``schemas/summary.schema.json``); ``docs/summary.md`` describes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .i18n import N_
from .models import Severity, Text
from .result import Outcome, Thresholds
from .vocab import normalize

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
ANTI_DISCRIMINATION = "AD"  # always shown, first among the section columns
FORMATS = {".json": "json", ".html": "html", ".htm": "html", ".xlsx": "xlsx"}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionColumn(Model):
    id: str
    title: Text


class AuditRow(Model):
    """One audit: who, when, against what, and how it came out."""

    file: str = Field(description="the workbook, as found (folder argument joined with the file name)")
    centre: str | None = None
    country: str | None = None
    audit_date: str | None = None
    audit_type: str | None = None
    standard: str
    standard_version: str
    profile: str | None = None
    tier: str | None = None
    tier_label: Text | None = None
    valid_until: str | None = None
    outcome: Outcome
    score: float | None
    coverage: float | None
    critical_gaps: int = Field(
        description="gaps whose criterion is critical (not met, partial or not assessed)"
    )
    gaps: int
    problems: int
    waived: int = Field(description="criteria taken out of the score by an active waiver")
    thresholds: Thresholds
    sections: dict[str, float | None] = Field(
        description="section id → score; null when nothing in it applies; absent when the catalog has no "
        "such section"
    )
    history: int = Field(default=1, description="1 = the centre's latest audit, 2 = the one before, ...")
    history_of: int = Field(default=1, description="how many audits of this centre the summary holds")


class FailedAudit(Model):
    file: str
    error: str = Field(description="the sentence protocheck score would print, in the language asked for")


class CentreHistory(Model):
    centre: str = Field(description="the centre's name as written in its latest audit (or the file name)")
    audits: list[str] = Field(description="files, newest audit first")


class CriterionStat(Model):
    """How the network does on one criterion, counted once per centre (its latest audit)."""

    catalog: str
    id: str
    section: str
    severity: Severity
    text: Text
    centres: int = Field(description="centres where it applies and is not waived")
    met: int
    partial: int
    not_met: int
    not_assessed: int
    not_applicable: int
    waived: int
    met_percent: float | None = Field(description="100 × met / centres, 2 decimals; null when centres is 0")


class Summary(Model):
    """What ``protocheck summary -o FILE.json`` writes."""

    protocheck_version: str
    standard: str | None = Field(description="--standard, if given")
    profile: str | None = Field(description="--profile, if given")
    waivers: str | None = Field(description="--waivers file name, if given")
    bands: Thresholds = Field(description="the thresholds the colour bands follow")
    sections: list[SectionColumn] = Field(description="section columns, AD first, then in catalog order")
    audits: list[AuditRow] = Field(
        description="one per audit: centres by name, each centre's audits newest first"
    )
    centres: list[CentreHistory]
    criteria: list[CriterionStat] = Field(description="weakest first: lowest met_percent, then most not met")
    failed: list[FailedAudit] = Field(description="workbooks that could not be scored, with why")


# --- scoring in workers -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    standard: str | None = None
    profile: str | None = None
    waivers: Any = None  # a WaiverSet already read (and checked, when the catalog is known up front)
    lang: str = "en"
    bands: Thresholds | None = None


def prepare_options(standard: str | None, profile: str | None, waivers: Any, lang: str) -> Options:
    """Check what the options name before scoring: a bad catalog, profile or waiver file stops the run.

    Waiver ids are checked here against the catalog when one is known up front (--standard or --profile); else
    against each audit's catalog, and an audit whose catalog lacks one is listed as not scored.
    """
    from .catalog import load_catalog

    catalog = None
    bands = None
    if standard is not None:
        catalog = load_catalog(standard).catalog
        bands = Thresholds(
            compliant=catalog.scoring.thresholds.compliant, conditional=catalog.scoring.thresholds.conditional
        )
    if profile is not None:
        from .profile import load_profile

        loaded = load_profile(profile)
        if standard is not None:
            loaded = loaded.bind(load_catalog(standard))
        catalog = loaded.base.catalog
        thresholds = loaded.catalog.scoring.thresholds
        bands = Thresholds(compliant=thresholds.compliant, conditional=thresholds.conditional)
    if waivers is not None and catalog is not None:
        waivers = waivers.check_ids(catalog)
    return Options(standard=standard, profile=profile, waivers=waivers, lang=lang, bands=bands)


def run_with_progress(paths: Sequence[Path], options: Options) -> Summary:
    """:func:`run`, with a progress bar on standard error when it is a terminal (quiet otherwise)."""
    import sys

    if not sys.stderr.isatty():
        return run(paths, options)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .i18n import tr

    with Progress(
        TextColumn(tr("Scoring", options.lang)),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=len(paths))
        return run(paths, options, progress=lambda: bar.advance(task))


@dataclass(frozen=True)
class Scored:
    """What a worker sends back for one audit: the row, and enough to count criteria and name sections."""

    row: AuditRow
    catalog: str
    catalog_ref: str
    sections: tuple[tuple[str, Text], ...]
    statuses: tuple[tuple[str, str, str, str], ...]  # (criterion, section, severity, status or "waived")


def score_one(path: Path, options: Options) -> Scored | FailedAudit:
    """Score one workbook in a worker; every failure becomes a :class:`FailedAudit` with its sentence."""
    from .audit import score_file
    from .errors import UserError
    from .i18n import tr

    try:
        result = score_file(path, options.standard, profile=options.profile, waivers=options.waivers)
    except UserError as exc:
        return FailedAudit(file=str(path), error="; ".join(exc.lines(options.lang)))
    except Exception as exc:  # a bug must not stop the other audits; it is listed as one
        error = type(exc).__name__ + ": " + str(exc)
        message = tr(
            "internal error in protocheck ({error}); this is a bug, not a fault in the file",
            options.lang,
            error=error,
        )
        return FailedAudit(file=str(path), error=message)
    audit = result.audit
    profile = result.profile
    row = AuditRow(
        file=str(path),
        centre=audit.centre_name,
        country=audit.country,
        audit_date=audit.audit_date,
        audit_type=audit.audit_type,
        standard=result.catalog.id,
        standard_version=result.catalog.version,
        profile=profile.id if profile else None,
        tier=profile.tier if profile else None,
        tier_label=profile.tier_label if profile else None,
        valid_until=profile.valid_until if profile else None,
        outcome=result.outcome,
        score=result.score.percent,
        coverage=result.score.coverage,
        critical_gaps=sum(1 for g in result.gaps if g.severity is Severity.critical),
        gaps=len(result.gaps),
        problems=len(result.problems),
        waived=sum(1 for c in result.criteria if c.waived),
        thresholds=result.thresholds,
        sections={s.id: s.percent for s in result.sections},
    )
    ref = result.catalog.id if result.catalog.source == "built-in" else result.catalog.source
    return Scored(
        row=row,
        catalog=result.catalog.id,
        catalog_ref=ref,
        sections=tuple((s.id, s.title) for s in result.sections),
        statuses=tuple(
            (c.id, c.section, c.severity.value, "waived" if c.waived else c.status.value)
            for c in result.criteria
        ),
    )


def find_workbooks(paths: Iterable[Path]) -> list[Path]:
    """Files as given; for a folder, every workbook directly inside it (sorted; lock files ``~$`` skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.iterdir()
                if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith("~$")
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def run(
    paths: Sequence[Path],
    options: Options,
    progress: Callable[[], None] | None = None,
    workers: int | None = None,
) -> Summary:
    """Score every workbook (in parallel when there are several) and collect the summary."""
    collector = Collector()
    if len(paths) <= 1 or workers == 1:
        for path in paths:
            collector.add(score_one(path, options))
            if progress:
                progress()
        return collector.finish(options)
    from concurrent.futures import ProcessPoolExecutor, as_completed

    count = min(workers or os.cpu_count() or 1, len(paths))
    with ProcessPoolExecutor(max_workers=count) as pool:
        pending = {pool.submit(score_one, path, options): path for path in paths}
        for future in as_completed(pending):
            path = pending.pop(future)
            try:
                item = future.result()
            except (
                Exception
            ) as exc:  # a worker that died (out of memory, killed): the audit is listed as failed
                item = FailedAudit(
                    file=str(path), error=f"the process scoring it stopped ({type(exc).__name__})"
                )
            del future
            collector.add(item)
            if progress:
                progress()
    return collector.finish(options)


# --- collecting ---------------------------------------------------------------------------------------------


def centre_key(row: AuditRow) -> str:
    """Audits of one centre against one standard: the same name, ignoring case and spaces, and the same catalog.

    A centre's case-file review is not an earlier audit of its service standard, so histories and the
    "latest audit of each centre" never mix standards. An unnamed audit is its own centre.
    """
    if not (row.centre and row.centre.strip()):
        return "file:" + row.file
    return f"{row.standard}|name:{normalize(row.centre)}"


def newest_first(row: AuditRow) -> tuple[int, int, str]:
    """Sort key: dated audits newest first, then undated ones; the file name breaks ties."""
    import datetime

    try:
        day = datetime.date.fromisoformat(row.audit_date or "")
    except ValueError:
        return (1, 0, row.file)
    return (0, -day.toordinal(), row.file)


@dataclass
class Collector:
    """Rows as they arrive; per-criterion statuses are kept only for each centre's latest audit so far."""

    rows: list[AuditRow] = field(default_factory=list)
    failed: list[FailedAudit] = field(default_factory=list)
    section_titles: dict[str, Text] = field(default_factory=dict)
    section_order: dict[str, list[str]] = field(default_factory=dict)  # catalog → its section ids in order
    criterion_order: dict[tuple[str, str], int] = field(default_factory=dict)
    catalog_refs: dict[str, str] = field(default_factory=dict)
    latest: dict[str, tuple[tuple[int, int, str], str, tuple[tuple[str, str, str, str], ...]]] = field(
        default_factory=dict
    )

    def add(self, item: Scored | FailedAudit) -> None:
        if isinstance(item, FailedAudit):
            self.failed.append(item)
            return
        row = item.row
        self.rows.append(row)
        self.catalog_refs.setdefault(item.catalog, item.catalog_ref)
        order = self.section_order.setdefault(item.catalog, [])
        for section_id, title in item.sections:
            self.section_titles.setdefault(section_id, title)
            if section_id not in order:
                order.append(section_id)
        for crit_id, *_ in item.statuses:
            self.criterion_order.setdefault((item.catalog, crit_id), len(self.criterion_order))
        key = centre_key(row)
        rank = newest_first(row)
        held = self.latest.get(key)
        if held is None or rank < held[0]:
            self.latest[key] = (rank, item.catalog, item.statuses)

    def finish(self, options: Options) -> Summary:
        from . import __version__

        groups: dict[str, list[AuditRow]] = {}
        for row in self.rows:
            groups.setdefault(centre_key(row), []).append(row)
        ordered: list[AuditRow] = []
        centres: list[CentreHistory] = []
        for _, audits in sorted(groups.items(), key=lambda kv: _centre_sort(kv[1])):
            audits.sort(key=newest_first)
            for position, row in enumerate(audits, start=1):
                ordered.append(row.model_copy(update={"history": position, "history_of": len(audits)}))
            centres.append(
                CentreHistory(centre=audits[0].centre or audits[0].file, audits=[r.file for r in audits])
            )
        self.failed.sort(key=lambda f: f.file)
        return Summary(
            protocheck_version=__version__,
            standard=options.standard,
            profile=options.profile,
            waivers=options.waivers.path.name if options.waivers is not None else None,
            bands=self._bands(options, ordered),
            sections=self._sections(),
            audits=ordered,
            centres=centres,
            criteria=self._criteria(),
            failed=self.failed,
        )

    def _bands(self, options: Options, rows: list[AuditRow]) -> Thresholds:
        if options.bands is not None:
            return options.bands
        if rows:
            return rows[0].thresholds
        return Thresholds(compliant=80, conditional=60)

    def _sections(self) -> list[SectionColumn]:
        ids: list[str] = []
        for catalog in sorted(self.section_order):
            ids += [s for s in self.section_order[catalog] if s not in ids]
        ids.sort(key=lambda s: 0 if s == ANTI_DISCRIMINATION else 1)
        if ANTI_DISCRIMINATION not in ids:
            ids.insert(0, ANTI_DISCRIMINATION)
        return [SectionColumn(id=s, title=self.section_titles.get(s) or Text({"en": s})) for s in ids]

    def _criteria(self) -> list[CriterionStat]:
        from .scoring import ratio_percent

        counts: dict[tuple[str, str], dict[str, Any]] = {}
        for _, catalog, statuses in self.latest.values():
            for crit_id, section, severity, status in statuses:
                entry = counts.setdefault(
                    (catalog, crit_id),
                    {
                        "section": section,
                        "severity": severity,
                        "met": 0,
                        "partial": 0,
                        "not_met": 0,
                        "not_assessed": 0,
                        "not_applicable": 0,
                        "waived": 0,
                    },
                )
                entry[status] += 1
        texts = self._texts()
        stats: list[CriterionStat] = []
        for (catalog, crit_id), c in counts.items():
            centres = c["met"] + c["partial"] + c["not_met"] + c["not_assessed"]
            stats.append(
                CriterionStat(
                    catalog=catalog,
                    id=crit_id,
                    section=c["section"],
                    severity=Severity(c["severity"]),
                    text=texts.get((catalog, crit_id)) or Text({"en": crit_id}),
                    centres=centres,
                    met=c["met"],
                    partial=c["partial"],
                    not_met=c["not_met"],
                    not_assessed=c["not_assessed"],
                    not_applicable=c["not_applicable"],
                    waived=c["waived"],
                    met_percent=ratio_percent(c["met"], centres),
                )
            )
        stats.sort(
            key=lambda s: (
                s.met_percent is None,
                s.met_percent or 0,
                -s.not_met,
                self.criterion_order[(s.catalog, s.id)],
            )
        )
        return stats

    def _texts(self) -> dict[tuple[str, str], Text]:
        from .catalog import load_catalog

        texts: dict[tuple[str, str], Text] = {}
        for catalog_id, ref in self.catalog_refs.items():
            try:
                catalog = load_catalog(ref).catalog
            except Exception:  # the worker read it moments ago; if it has gone, ids stand in for texts
                continue
            texts.update({(catalog_id, c.id): c.text for _, c in catalog.criteria()})
        return texts


def _centre_sort(rows: list[AuditRow]) -> tuple[str, str]:
    latest = min(rows, key=newest_first)
    return (normalize(latest.centre or latest.file), latest.file)


# --- writing ------------------------------------------------------------------------------------------------

L_CENTRE = N_("Centre")
L_COUNTRY = N_("Country")
L_DATE = N_("Audit date")
L_TYPE = N_("Audit type")
L_STANDARD = N_("Standard")
L_PROFILE = N_("Profile")
L_OUTCOME = N_("Outcome")
L_SCORE = N_("Score")
L_COVERAGE = N_("Coverage")
L_CRITICAL_GAPS = N_("Critical gaps")
L_HISTORY = N_("History")
L_FILE = N_("File")
L_LATEST = N_("latest")
L_EARLIER = N_("earlier ({position} of {count})")
L_VALID_UNTIL = N_("Valid until")
L_WAIVED = N_("Waived")
L_CRITERION = N_("Criterion")
L_SECTION = N_("Section")
L_SEVERITY = N_("Severity")
L_REQUIREMENT = N_("Requirement")
L_CENTRES = N_("Centres")
L_MET = N_("Met")
L_PARTIAL = N_("Partial")
L_NOT_MET = N_("Not met")
L_NOT_ASSESSED = N_("Not assessed")
L_MET_SHARE = N_("Met, share of centres (%)")
L_ERROR = N_("Why it could not be scored")
L_TITLE = N_("Network summary")
L_AUDITS = N_("Audits")
L_HEATMAP = N_("Centres × sections (latest audit of each centre)")
L_WEAKEST = N_("Requirements across the network, weakest first")
L_WEAKEST_NOTE = N_(
    "Each centre counts once, by its latest audit. Met, share of centres (%) = centres that meet it ÷ "
    "centres where it applies and is not waived."
)
L_FAILED = N_("Files that could not be scored")
L_BANDS = N_(
    "Colours: green — score at least {compliant} %; yellow — at least {conditional} %; red — below; grey — "
    "nothing applies."
)
L_SHEET_AUDITS = N_("Audits")
L_SHEET_CRITERIA = N_("Requirements")
L_SHEET_FAILED = N_("Not scored")
L_COUNTS = N_("{audits} audit(s) of {centres} centre(s); {failed} file(s) could not be scored.")
L_OPTIONS = N_("Standard: {standard}. Profile: {profile}. Waivers: {waivers}.")
L_RECORDED = N_("as recorded in each workbook")
L_NONE = N_("none")


def band(value: float | None, bands: Thresholds) -> str:
    """The colour band of a score: high (≥ compliant), mid (≥ conditional), low, or none (no score)."""
    if value is None:
        return "none"
    if value >= bands.compliant:
        return "high"
    if value >= bands.conditional:
        return "mid"
    return "low"


def write(summary: Summary, output: Path, lang: str) -> None:
    kind = FORMATS[output.suffix.lower()]
    if kind == "json":
        output.write_text(summary.model_dump_json(indent=2) + "\n", encoding="utf-8")
    elif kind == "html":
        output.write_text(render_html(summary, lang), encoding="utf-8")
    else:
        write_xlsx(summary, output, lang)


def _view(summary: Summary, lang: str) -> dict[str, Any]:
    """Everything the HTML template prints, already worded and formatted (the template only lays it out)."""
    from .words import Words

    w = Words(lang)
    rows = []
    for r in summary.audits:
        history = w.t(L_LATEST) if r.history == 1 else w.t(L_EARLIER, position=r.history, count=r.history_of)
        profile = ""
        if r.profile:
            profile = r.profile + (f" — {w.text(r.tier_label)}" if r.tier_label else "")
        rows.append(
            {
                "centre": r.centre or "—",
                "file": r.file,
                "country": r.country or "",
                "date": r.audit_date or "",
                "type": w.audit_type(r.audit_type),
                "standard": f"{r.standard} {r.standard_version}",
                "profile": profile,
                "valid_until": r.valid_until or "",
                "outcome": w.outcome(r.outcome),
                "outcome_code": r.outcome,
                "score": w.percent(r.score),
                "score_band": band(r.score, r.thresholds),
                "coverage": w.percent(r.coverage),
                "critical_gaps": str(r.critical_gaps),
                "waived": str(r.waived),
                "history": history,
                "earlier": r.history > 1,
                "sections": [
                    {
                        "text": w.percent(r.sections.get(s.id)) if s.id in r.sections else "",
                        "band": band(r.sections.get(s.id), r.thresholds) if s.id in r.sections else "absent",
                    }
                    for s in summary.sections
                ],
            }
        )
    criteria = [
        {
            "id": c.id,
            "section": c.section,
            "severity": w.severity(c.severity.value),
            "text": w.text(c.text),
            "centres": str(c.centres),
            "met": str(c.met),
            "partial": str(c.partial),
            "not_met": str(c.not_met),
            "not_assessed": str(c.not_assessed),
            "share": w.percent(c.met_percent),
            "band": band(c.met_percent, summary.bands),
        }
        for c in summary.criteria
    ]
    return {
        "lang": lang,
        "t": w.t,
        "title": w.t(L_TITLE),
        "counts": w.t(
            L_COUNTS, audits=len(summary.audits), centres=len(summary.centres), failed=len(summary.failed)
        ),
        "options": w.t(
            L_OPTIONS,
            standard=summary.standard or w.t(L_RECORDED),
            profile=summary.profile or w.t(L_RECORDED),
            waivers=summary.waivers or w.t(L_NONE),
        ),
        "bands": w.t(
            L_BANDS,
            compliant=w.number(summary.bands.compliant),
            conditional=w.number(summary.bands.conditional),
        ),
        "sections": [{"id": s.id, "title": w.text(s.title)} for s in summary.sections],
        "latest": [r for r in rows if not r["earlier"]],
        "rows": rows,
        "criteria": criteria,
        "failed": [{"file": f.file, "error": f.error} for f in summary.failed],
        "version": summary.protocheck_version,
        "labels": {
            name: w.t(msgid)
            for name, msgid in {
                "centre": L_CENTRE,
                "country": L_COUNTRY,
                "date": L_DATE,
                "type": L_TYPE,
                "standard": L_STANDARD,
                "profile": L_PROFILE,
                "outcome": L_OUTCOME,
                "score": L_SCORE,
                "coverage": L_COVERAGE,
                "critical_gaps": L_CRITICAL_GAPS,
                "history": L_HISTORY,
                "file": L_FILE,
                "valid_until": L_VALID_UNTIL,
                "waived": L_WAIVED,
                "criterion": L_CRITERION,
                "section": L_SECTION,
                "severity": L_SEVERITY,
                "requirement": L_REQUIREMENT,
                "centres": L_CENTRES,
                "met": L_MET,
                "partial": L_PARTIAL,
                "not_met": L_NOT_MET,
                "not_assessed": L_NOT_ASSESSED,
                "share": L_MET_SHARE,
                "error": L_ERROR,
                "audits": L_AUDITS,
                "heatmap": L_HEATMAP,
                "weakest": L_WEAKEST,
                "weakest_note": L_WEAKEST_NOTE,
                "failed": L_FAILED,
            }.items()
        },
    }


def template_environment() -> Any:
    """Jinja2 with autoescape on for every template: a centre's name can never become markup."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(Path(__file__).resolve().parent / "summary_templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(summary: Summary, lang: str) -> str:
    return str(template_environment().get_template("summary.html.j2").render(**_view(summary, lang)))


FILLS = {"high": "C6EFCE", "mid": "FFEB9C", "low": "FFC7CE"}


def write_xlsx(summary: Summary, output: Path, lang: str) -> None:
    """The same tables as the HTML, with conditional formatting on the scores; text is never a formula."""
    import datetime

    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule, ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .sheets import put
    from .words import Words

    w = Words(lang)
    view = _view(summary, lang)
    labels = view["labels"]
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()
    sheet = wb.active
    sheet.title = w.t(L_SHEET_AUDITS)[:31]
    headers = [
        labels["centre"],
        labels["country"],
        labels["date"],
        labels["type"],
        labels["standard"],
        labels["profile"],
        labels["outcome"],
        labels["score"],
        labels["coverage"],
        labels["critical_gaps"],
        labels["waived"],
        labels["valid_until"],
        labels["history"],
        labels["file"],
    ]
    first_section = len(headers) + 1
    headers += [f"{s.id} {w.text(s.title)}" for s in summary.sections]
    for col, text in enumerate(headers, start=1):
        put(sheet, 1, col, text).font = bold
        sheet.cell(row=1, column=col).alignment = wrap
    for index, (r, v) in enumerate(zip(summary.audits, view["rows"], strict=True), start=2):
        values: list[object] = [
            r.centre or "",
            r.country or "",
            r.audit_date or "",
            v["type"],
            v["standard"],
            v["profile"],
            v["outcome"],
            r.score,
            r.coverage,
            r.critical_gaps,
            r.waived,
            r.valid_until or "",
            v["history"],
            r.file,
        ]
        values += [r.sections.get(s.id) for s in summary.sections]
        for col, value in enumerate(values, start=1):
            cell = put(sheet, index, col, value)
            if isinstance(value, float):
                cell.number_format = "0.00"
    last = len(summary.audits) + 1
    score_cols = [8, *range(first_section, len(headers) + 1)]
    if last >= 2:
        for col in score_cols:
            letter = get_column_letter(col)
            _bands(sheet, f"{letter}2:{letter}{last}", summary.bands, CellIsRule, PatternFill)
    for col in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(col)].width = 28 if col in (1, 5, 6, 7, 14) else 14
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(last, 1)}"

    crit = wb.create_sheet(w.t(L_SHEET_CRITERIA)[:31])
    headers = [
        labels["criterion"],
        labels["section"],
        labels["severity"],
        labels["requirement"],
        labels["centres"],
        labels["met"],
        labels["partial"],
        labels["not_met"],
        labels["not_assessed"],
        labels["share"],
    ]
    for col, text in enumerate(headers, start=1):
        put(crit, 1, col, text).font = bold
        crit.cell(row=1, column=col).alignment = wrap
    for index, (c, v) in enumerate(zip(summary.criteria, view["criteria"], strict=True), start=2):
        values = [
            c.id,
            c.section,
            v["severity"],
            v["text"],
            c.centres,
            c.met,
            c.partial,
            c.not_met,
            c.not_assessed,
            c.met_percent,
        ]
        for col, value in enumerate(values, start=1):
            cell = put(crit, index, col, value)
            if col == 4:
                cell.alignment = wrap
            if isinstance(value, float):
                cell.number_format = "0.00"
    last = len(summary.criteria) + 1
    if last >= 2:
        crit.conditional_formatting.add(
            f"J2:J{last}",
            ColorScaleRule(
                start_type="num",
                start_value=0,
                start_color="F8696B",
                mid_type="num",
                mid_value=50,
                mid_color="FFEB84",
                end_type="num",
                end_value=100,
                end_color="63BE7B",
            ),
        )
    for letter, width in zip("ABCDEFGHIJ", (10, 10, 12, 70, 10, 8, 8, 8, 12, 14), strict=True):
        crit.column_dimensions[letter].width = width
    crit.freeze_panes = "B2"
    crit.auto_filter.ref = f"A1:J{max(last, 1)}"

    if summary.failed:
        failed = wb.create_sheet(w.t(L_SHEET_FAILED)[:31])
        put(failed, 1, 1, labels["file"]).font = bold
        put(failed, 1, 2, labels["error"]).font = bold
        for index, f in enumerate(summary.failed, start=2):
            put(failed, index, 1, f.file)
            put(failed, index, 2, f.error).alignment = wrap
        failed.column_dimensions["A"].width = 40
        failed.column_dimensions["B"].width = 100
    stamp = datetime.datetime(2000, 1, 1)
    wb.properties.creator = "protocheck"
    wb.properties.title = w.t(L_TITLE)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(output)


def _bands(sheet: Any, ref: str, bands: Thresholds, rule: Any, fill: Any) -> None:
    """Score cells by band: ≥ compliant green, ≥ conditional yellow, below red; empty cells stay white.

    The rules are checked in order and the first that holds stops the others (Excel and LibreOffice alike).
    """
    from openpyxl.formatting.rule import FormulaRule

    first = ref.split(":")[0]
    high, mid = f"{bands.compliant:g}", f"{bands.conditional:g}"
    sheet.conditional_formatting.add(ref, FormulaRule(formula=[f"ISBLANK({first})"], stopIfTrue=True))
    # the first band that matches wins (stopIfTrue): ≥ compliant, ≥ conditional, below
    for operator, threshold, band in (
        ("greaterThanOrEqual", high, "high"),
        ("greaterThanOrEqual", mid, "mid"),
        ("lessThan", mid, "low"),
    ):
        fill_band = fill("solid", fgColor=FILLS[band])
        sheet.conditional_formatting.add(
            ref, rule(operator=operator, formula=[threshold], stopIfTrue=True, fill=fill_band)
        )
