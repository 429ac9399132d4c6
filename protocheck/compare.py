"""``protocheck compare OLD NEW``: what changed between two audits of a centre.

Both workbooks are scored as ``protocheck score`` scores them. Audits against different catalogs (different
ids) are refused; two versions of one catalog are compared criterion by criterion, by id, and the ids only one
version has are listed as added or removed. Each criterion both audits have gets one change, defined in
``docs/scoring.md`` ("Comparing two audits") and in :func:`change_of`.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .i18n import N_
from .models import Severity, Text
from .problems import InputError
from .result import Outcome, Result
from .vocab import Status

Change = Literal[
    "improved",
    "regressed",
    "unchanged",
    "newly_assessed",
    "no_longer_applicable",
    "no_longer_assessed",
    "newly_applicable",
]
CHANGES: tuple[Change, ...] = (
    "regressed",
    "improved",
    "newly_assessed",
    "no_longer_assessed",
    "newly_applicable",
    "no_longer_applicable",
    "unchanged",
)
CHANGE_LABELS = {
    "improved": N_("improved"),
    "regressed": N_("regressed"),
    "unchanged": N_("unchanged"),
    "newly_assessed": N_("newly assessed"),
    "no_longer_applicable": N_("no longer applicable"),
    "no_longer_assessed": N_("no longer assessed"),
    "newly_applicable": N_("newly applicable, not assessed"),
}
ASSESSED = (Status.met, Status.partial, Status.not_met)

MSG_DIFFERENT_CATALOGS = N_(
    "{old} is scored against the standard {old_catalog} and {new} against {new_catalog}: only audits "
    "against the "
    "same standard can be compared (give --standard ID_OR_PATH to score both against one)"
)
NOTE_VERSIONS = N_("the audits use versions {old} and {new} of {catalog}: criteria are compared by id")
NOTE_CENTRES = N_("the two audits name different centres: «{old}» and «{new}»")
NOTE_ORDER = N_("NEW ({new}) is dated before OLD ({old})")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Side(Model):
    file: str
    centre: str | None = None
    audit_date: str | None = None
    catalog_version: str
    profile: str | None = None
    tier: str | None = None
    outcome: Outcome
    score: float | None
    coverage: float | None


class SectionChange(Model):
    id: str
    title: Text
    old: float | None = Field(description="score in OLD; null when nothing applied or OLD's catalog lacks it")
    new: float | None
    delta: float | None = Field(description="new − old, 2 decimals; null when either is null")
    presence: Literal["both", "added", "removed"]


class CriterionChange(Model):
    id: str
    section: str
    severity: Severity
    text: Text
    old_status: str
    new_status: str
    old_credit: float | None
    new_credit: float | None
    change: Change


class Comparison(Model):
    """What ``protocheck compare --format json`` writes."""

    protocheck_version: str
    catalog: str
    old: Side
    new: Side
    score_delta: float | None = Field(
        description="new − old score, 2 decimals; null when either has no score"
    )
    coverage_delta: float | None
    sections: list[SectionChange]
    counts: dict[str, int] = Field(description="criteria per change")
    criteria: list[CriterionChange] = Field(description="criteria both versions have, in NEW's catalog order")
    added: list[str] = Field(description="ids only NEW's catalog version has")
    removed: list[str] = Field(description="ids only OLD's catalog version has")
    notes: list[str] = Field(default_factory=list, description="in English; the reports translate them")


def change_of(
    old_status: Status, old_credit: float | None, new_status: Status, new_credit: float | None
) -> Change:
    """One criterion's change between two audits (docs/scoring.md, "Comparing two audits")."""
    if old_status in ASSESSED and new_status in ASSESSED:
        old_c, new_c = old_credit or 0.0, new_credit or 0.0
        return "improved" if new_c > old_c else "regressed" if new_c < old_c else "unchanged"
    if new_status is Status.not_applicable:
        return "unchanged" if old_status is Status.not_applicable else "no_longer_applicable"
    if new_status in ASSESSED:
        return "newly_assessed"
    # new is not assessed
    if old_status is Status.not_assessed:
        return "unchanged"
    if old_status is Status.not_applicable:
        return "newly_applicable"
    return "no_longer_assessed"


def delta(old: float | None, new: float | None) -> float | None:
    if old is None or new is None:
        return None
    return float(Decimal(str(new)) - Decimal(str(old)))


def compare_results(old: Result, new: Result) -> Comparison:
    """Compare two scored audits of one catalog (raises :class:`InputError` for two catalogs)."""
    from . import __version__

    if old.catalog.id != new.catalog.id:
        raise InputError(
            MSG_DIFFERENT_CATALOGS,
            old=old.audit.file,
            old_catalog=old.catalog.id,
            new=new.audit.file,
            new_catalog=new.catalog.id,
        )
    notes: list[str] = []
    if old.catalog.version != new.catalog.version:
        notes.append(
            NOTE_VERSIONS.format(old=old.catalog.version, new=new.catalog.version, catalog=new.catalog.id)
        )
    if old.audit.centre_name and new.audit.centre_name:
        from .vocab import normalize

        if normalize(old.audit.centre_name) != normalize(new.audit.centre_name):
            notes.append(NOTE_CENTRES.format(old=old.audit.centre_name, new=new.audit.centre_name))
    if old.audit.audit_date and new.audit.audit_date and new.audit.audit_date < old.audit.audit_date:
        notes.append(NOTE_ORDER.format(old=old.audit.audit_date, new=new.audit.audit_date))

    old_sections = {s.id: s for s in old.sections}
    new_sections = {s.id: s for s in new.sections}
    sections: list[SectionChange] = []
    for s in new.sections:
        before = old_sections.get(s.id)
        sections.append(
            SectionChange(
                id=s.id,
                title=s.title,
                old=before.percent if before else None,
                new=s.percent,
                delta=delta(before.percent, s.percent) if before else None,
                presence="both" if before else "added",
            )
        )
    for s in old.sections:
        if s.id not in new_sections:
            sections.append(
                SectionChange(id=s.id, title=s.title, old=s.percent, new=None, delta=None, presence="removed")
            )

    old_criteria = {c.id: c for c in old.criteria}
    new_ids = {c.id for c in new.criteria}
    criteria: list[CriterionChange] = []
    for c in new.criteria:
        was = old_criteria.get(c.id)
        if was is None:
            continue
        criteria.append(
            CriterionChange(
                id=c.id,
                section=c.section,
                severity=c.severity,
                text=c.text,
                old_status=was.status.value,
                new_status=c.status.value,
                old_credit=was.credit,
                new_credit=c.credit,
                change=change_of(was.status, was.credit, c.status, c.credit),
            )
        )
    counts = {name: sum(1 for c in criteria if c.change == name) for name in CHANGES}
    return Comparison(
        protocheck_version=__version__,
        catalog=new.catalog.id,
        old=_side(old),
        new=_side(new),
        score_delta=delta(old.score.percent, new.score.percent),
        coverage_delta=delta(old.score.coverage, new.score.coverage),
        sections=sections,
        counts=counts,
        criteria=criteria,
        added=[c.id for c in new.criteria if c.id not in old_criteria],
        removed=[c.id for c in old.criteria if c.id not in new_ids],
        notes=notes,
    )


def _side(result: Result) -> Side:
    return Side(
        file=result.audit.file,
        centre=result.audit.centre_name,
        audit_date=result.audit.audit_date,
        catalog_version=result.catalog.version,
        profile=result.profile.id if result.profile else None,
        tier=result.profile.tier if result.profile else None,
        outcome=result.outcome,
        score=result.score.percent,
        coverage=result.score.coverage,
    )


def compare_files(old: Path, new: Path, standard: str | None = None) -> Comparison:
    from .audit import score_file

    return compare_results(score_file(old, standard), score_file(new, standard))


# --- output ------------------------------------------------------------------------------------------

L_TITLE = N_("Comparison of two audits")
L_OLD = N_("Old")
L_NEW = N_("New")
L_CHANGE = N_("Change")
L_SECTIONS = N_("Sections")
L_CRITERIA = N_("Criteria that changed")
L_ADDED = N_("Only in the new version of the standard")
L_REMOVED = N_("Only in the old version of the standard")
L_UNCHANGED = N_("{count} criteria unchanged.")
L_NOTES = N_("Notes")
L_FILE = N_("File")
L_CENTRE = N_("Centre")
L_DATE = N_("Audit date")
L_VERSION = N_("Standard version")
L_OUTCOME = N_("Outcome")
L_SCORE = N_("Score")
L_COVERAGE = N_("Coverage")
L_CRITERION = N_("Criterion")
L_REQUIREMENT = N_("Requirement")
L_SECTION_ADDED = N_("new section")
L_SECTION_REMOVED = N_("section removed")
L_NONE = N_("none")


def _note(comparison: Comparison, note: str, lang: str) -> str:
    """A note in the reader's language (notes are stored in English in the JSON)."""
    from .i18n import tr

    old, new = comparison.old, comparison.new
    params: dict[str, dict[str, object]] = {
        NOTE_VERSIONS: {
            "old": old.catalog_version,
            "new": new.catalog_version,
            "catalog": comparison.catalog,
        },
        NOTE_CENTRES: {"old": old.centre, "new": new.centre},
        NOTE_ORDER: {"old": old.audit_date, "new": new.audit_date},
    }
    for msgid, values in params.items():
        if note == msgid.format(**values):
            return tr(msgid, lang, **values)
    return note


def view(comparison: Comparison, lang: str) -> dict[str, Any]:
    """Every figure and word the text, Markdown and HTML outputs print, formatted once."""
    from .words import Words

    w = Words(lang)

    def side(s: Side) -> dict[str, str]:
        return {
            "file": s.file,
            "centre": s.centre or "—",
            "date": s.audit_date or "—",
            "version": s.catalog_version,
            "outcome": w.outcome(s.outcome),
            "score": w.percent(s.score),
            "coverage": w.percent(s.coverage),
        }

    sections = []
    for s in comparison.sections:
        change = w.signed(s.delta)
        if s.presence == "added":
            change = w.t(L_SECTION_ADDED)
        elif s.presence == "removed":
            change = w.t(L_SECTION_REMOVED)
        sections.append(
            {
                "id": s.id,
                "title": w.text(s.title),
                "old": w.percent(s.old),
                "new": w.percent(s.new),
                "change": change,
            }
        )
    groups = []
    for name in CHANGES:
        if name == "unchanged":
            continue
        items = [
            {
                "id": c.id,
                "text": w.text(c.text),
                "old": w.status(c.old_status),
                "new": w.status(c.new_status),
                "severity": w.severity(c.severity.value),
            }
            for c in comparison.criteria
            if c.change == name
        ]
        if items:
            groups.append({"name": name, "label": w.t(CHANGE_LABELS[name]), "items": items})
    return {
        "lang": lang,
        "title": w.t(L_TITLE),
        "catalog": comparison.catalog,
        "old": side(comparison.old),
        "new": side(comparison.new),
        "score_delta": w.signed(comparison.score_delta),
        "coverage_delta": w.signed(comparison.coverage_delta),
        "sections": sections,
        "groups": groups,
        "unchanged": w.t(L_UNCHANGED, count=comparison.counts.get("unchanged", 0)),
        "added": ", ".join(comparison.added) or w.t(L_NONE),
        "removed": ", ".join(comparison.removed) or w.t(L_NONE),
        "has_version_change": bool(comparison.added or comparison.removed)
        or comparison.old.catalog_version != comparison.new.catalog_version,
        "notes": [_note(comparison, n, lang) for n in comparison.notes],
        "version": comparison.protocheck_version,
        "labels": {
            k: w.t(v)
            for k, v in {
                "old": L_OLD,
                "new": L_NEW,
                "change": L_CHANGE,
                "sections": L_SECTIONS,
                "criteria": L_CRITERIA,
                "added": L_ADDED,
                "removed": L_REMOVED,
                "notes": L_NOTES,
                "file": L_FILE,
                "centre": L_CENTRE,
                "date": L_DATE,
                "version": L_VERSION,
                "outcome": L_OUTCOME,
                "score": L_SCORE,
                "coverage": L_COVERAGE,
                "criterion": L_CRITERION,
                "requirement": L_REQUIREMENT,
            }.items()
        },
    }


def render(comparison: Comparison, fmt: str, lang: str) -> bytes:
    if fmt == "json":
        return (comparison.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt == "html":
        from .summary import template_environment

        html = str(template_environment().get_template("compare.html.j2").render(**view(comparison, lang)))
        return html.encode("utf-8")
    if fmt == "markdown":
        return markdown(comparison, lang).encode("utf-8")
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=110, color_system=None, force_terminal=False, soft_wrap=False)
    for item in renderables(comparison, lang):
        console.print(item)
    return buffer.getvalue().encode("utf-8")


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: pipes escaped, no line breaks, no raw HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )


def markdown(comparison: Comparison, lang: str) -> str:
    v = view(comparison, lang)
    lab = v["labels"]
    out = [f"# {_md(v['title'])}: {_md(v['catalog'])}", ""]
    out += [f"| | {lab['old']} | {lab['new']} | {lab['change']} |", "|---|---|---|---|"]
    for key in ("file", "centre", "date", "version", "outcome"):
        out.append(f"| {lab[key]} | {_md(v['old'][key])} | {_md(v['new'][key])} | |")
    out.append(f"| {lab['score']} | {v['old']['score']} | {v['new']['score']} | {v['score_delta']} |")
    out.append(
        f"| {lab['coverage']} | {v['old']['coverage']} | {v['new']['coverage']} | {v['coverage_delta']} |"
    )
    out += [
        "",
        f"## {lab['sections']}",
        "",
        f"| | {lab['old']} | {lab['new']} | {lab['change']} |",
        "|---|---|---|---|",
    ]
    for s in v["sections"]:
        out.append(f"| {_md(s['id'])} {_md(s['title'])} | {s['old']} | {s['new']} | {_md(s['change'])} |")
    out += ["", f"## {lab['criteria']}", ""]
    for group in v["groups"]:
        out += [f"### {_md(group['label'])} ({len(group['items'])})", ""]
        out += [
            f"| {lab['criterion']} | {lab['old']} | {lab['new']} | {lab['requirement']} |",
            "|---|---|---|---|",
        ]
        for c in group["items"]:
            out.append(f"| {_md(c['id'])} | {_md(c['old'])} | {_md(c['new'])} | {_md(c['text'])} |")
        out.append("")
    out += [_md(v["unchanged"]), ""]
    if v["has_version_change"]:
        out += [f"- {lab['added']}: {_md(v['added'])}", f"- {lab['removed']}: {_md(v['removed'])}", ""]
    if v["notes"]:
        out += [f"## {lab['notes']}", ""] + [f"- {_md(n)}" for n in v["notes"]] + [""]
    return "\n".join(out)


def renderables(comparison: Comparison, lang: str) -> list[Any]:
    from rich.table import Table
    from rich.text import Text as RichText

    v = view(comparison, lang)
    lab = v["labels"]
    out: list[Any] = [RichText(f"{v['title']}: {v['catalog']}", style="bold")]
    head = Table(box=None, show_header=True)
    for name in ("", lab["old"], lab["new"], lab["change"]):
        head.add_column(name, overflow="fold")  # file names wrap, never end in "…"
    for key in ("file", "centre", "date", "version", "outcome"):
        head.add_row(lab[key], v["old"][key], v["new"][key], "")
    head.add_row(lab["score"], v["old"]["score"], v["new"]["score"], v["score_delta"])
    head.add_row(lab["coverage"], v["old"]["coverage"], v["new"]["coverage"], v["coverage_delta"])
    out += [head, RichText(""), RichText(lab["sections"], style="bold")]
    table = Table(box=None)
    for name in ("", lab["old"], lab["new"], lab["change"]):
        table.add_column(name)
    for s in v["sections"]:
        table.add_row(f"{s['id']} {s['title']}", s["old"], s["new"], s["change"])
    out += [table, RichText(""), RichText(lab["criteria"], style="bold")]
    for group in v["groups"]:
        out.append(RichText(f"{group['label']} ({len(group['items'])})", style="bold"))
        for c in group["items"]:
            out.append(RichText(f"  {c['id']}  {c['old']} → {c['new']}  {c['text']}"))
    out.append(RichText(v["unchanged"]))
    if v["has_version_change"]:
        out += [RichText(f"{lab['added']}: {v['added']}"), RichText(f"{lab['removed']}: {v['removed']}")]
    for note in v["notes"]:
        out.append(RichText(f"{lab['notes']}: {note}", style="italic"))
    return out
