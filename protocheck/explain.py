"""``protocheck explain AD.3``: one requirement as a trainer puts it on a screen."""

from __future__ import annotations

from .catalog import builtin_paths, load_catalog
from .i18n import N_, tr
from .models import Catalog, Criterion, Section

METHOD_LABELS = {
    "document": N_("document"),
    "observation": N_("observation"),
    "interview": N_("interview"),
    "record": N_("record"),
}


def find_criterion(criterion_id: str, standard: str | None) -> tuple[Catalog, Section, Criterion] | str:
    """The criterion, searched in one standard or in every built-in one; a sentence when it is not unique."""
    refs: list[str] = [standard] if standard else [str(p) for p in builtin_paths()]
    hits: list[tuple[Catalog, Section, Criterion]] = []
    for ref in refs:
        catalog = load_catalog(ref).catalog
        for section, crit in catalog.criteria():
            if crit.id.upper() == criterion_id.strip().upper():
                hits.append((catalog, section, crit))
    if not hits:
        where = standard or "any built-in standard"
        return f"no criterion '{criterion_id}' in {where}; «protocheck standards show ID» lists them"
    if len(hits) > 1:
        ids = ", ".join(c.id for c, _, _ in hits)
        return f"'{criterion_id}' is in several standards ({ids}): add --standard ID"
    return hits[0]


def explain_text(catalog: Catalog, section: Section, crit: Criterion, lang: str) -> str:
    """Plain text, so it can be pasted into slides or a handout as well as read in a terminal."""
    standard_label = tr("Standard", lang)
    section_label = tr("Section", lang)
    severity_label = tr("Severity", lang)
    weight_label = tr("weight", lang)
    severity_line = (
        f"{severity_label}: {tr(crit.severity.value, lang)} · {weight_label} {catalog.weight_of(crit):g}"
    )
    if crit.na_allowed:
        severity_line += " · " + tr("N/A allowed", lang)
    lines = [
        f"{crit.id} — {crit.text.get(lang)}",
        "",
        f"{standard_label}: {catalog.title.get(lang)} ({catalog.id} {catalog.version})",
        f"{section_label}: {section.id} {section.title.get(lang)}",
        severity_line,
    ]
    if crit.applies_if:
        questions = []
        for cond_id in crit.applies_if:
            cond = catalog.condition(cond_id)
            questions.append(cond.question.get(lang) if cond else cond_id)
        lines.append(
            tr("Applies only when the answer is yes to: {questions}", lang, questions="; ".join(questions))
        )
    if catalog.notice:
        lines += ["", catalog.notice.get(lang)]
    if crit.rationale:
        lines += ["", tr("Why it matters", lang), "  " + crit.rationale.get(lang)]
    if crit.guidance:
        lines += ["", tr("What good looks like", lang), "  " + crit.guidance.get(lang)]
    if crit.evidence:
        lines += ["", tr("Evidence an auditor looks for", lang)]
        lines += [
            f"  - [{tr(METHOD_LABELS[e.method.value], lang)}] {e.text.get(lang)}" for e in crit.evidence
        ]
    if crit.sources:
        lines += ["", tr("Sources", lang)]
        to_verify = tr("to verify", lang)
        for s in crit.sources:
            entry = f"  - {s.document}" + (f", {s.locator}" if s.locator else "")
            if s.status is not None and s.status.value == "to verify":
                entry += f" ({to_verify})"
            if s.note:
                entry += f" — {s.note}"
            lines.append(entry)
    if crit.related:
        lines += ["", tr("See also: {ids}", lang, ids=", ".join(crit.related))]
    return "\n".join(lines)
