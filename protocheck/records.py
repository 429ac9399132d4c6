"""Record reviews: the same elements checked on each sampled record (a medico-legal report, a case file).

The rule (``docs/scoring.md``, "Record reviews"): an element's credit is the mean of its credit over the records
where it applies — met 1, partial 0.5, not met or empty 0; records where it does not apply (a condition answered
no) or marked N/A where the element allows it are left out. With no such record the element is not applicable.
The element then scores like any criterion. A record's completeness is the same weighted formula across that
record's applicable elements.

Record ids are reference numbers. A cell that looks like a person's name is reported without repeating it, and
the record is shown as "row N", so that no report ever carries a survivor's name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from .i18n import N_, tr
from .models import Catalog, RecordField
from .problems import InputError, Problem
from .result import ElementStat, RecordResult
from .scoring import Answer, percent, round_half_up, weight_of
from .vocab import STATUS_WORDS, Status, allowed_status_words, normalize, parse_status, parse_yes_no
from .workbook import HEADER_SEARCH_ROWS, AuditWorkbook, address, header_columns, pick_sheet

RECORDS_SHEETS = ("records", "записи", "records review", "проверка записей")
RECORD_ID_HEADERS = (
    "record",
    "record id",
    "record no.",
    "record number",
    "reference",
    "reference number",
    "запись",
    "номер записи",
    "рег. номер",
    "регистрационный номер",
)

MSG_NO_RECORDS_HEADER = N_(
    "{file} has no records sheet: none of its sheets has, in its first {rows} rows, a header row with a record "
    "column (Record, Запись). Fill in the template made by «protocheck template {catalog}»."
)
MSG_UNKNOWN_COLUMN = N_("column «{value}» is not an element, condition or field of {catalog}; it is ignored")
MSG_MISSING_COLUMNS = N_("{count} columns of {catalog} are missing from the records sheet: {ids}")
MSG_NAME_AS_ID = N_(
    "this record id looks like a person's name (not repeated here): use the document's reference number. The "
    "record is shown as «row {row}»"
)
MSG_BAD_CONDITION = N_("«{value}» is not yes or no (да / нет) for «{question}»")
MSG_BAD_VOCAB = N_("«{value}» is not one of the values of «{label}»: {allowed}")
MSG_BAD_ELEMENT_STATUS = N_("status «{value}» is not one of the allowed words: {allowed}")
MSG_ELEMENT_NA = N_("{criterion} does not allow N/A; counted as empty. Record met, partial or not met")
MSG_DUPLICATE_RECORD = N_("record {value} appears again (first in {first}); both rows are checked")


@dataclass
class RecordRow:
    """One record as read: statuses per element, conditions, field codes; never free text in outputs."""

    record: str
    row: int
    cell: str
    statuses: dict[str, Status] = field(default_factory=dict)
    conditions: dict[str, bool] = field(default_factory=dict)
    fields: dict[str, str | None] = field(default_factory=dict)
    filled: dict[str, str] = field(default_factory=dict)  # raw field text, for rules only


@dataclass(frozen=True)
class Reviewed:
    answers: dict[str, Answer]
    records: list[RecordResult]
    most_missed: list[ElementStat]


def looks_like_name(text: str) -> bool:
    """Two or more words of letters only (no digit, no slash): a name, not a reference number."""
    return bool(re.fullmatch(r"[^\W\d_]+(?:[ '’.-]+[^\W\d_]+)+\.?", text.strip())) and not any(
        ch.isdigit() for ch in text
    )


def _find_sheet(wb: AuditWorkbook) -> tuple[str, int] | None:
    named = pick_sheet(wb.sheet_names, RECORDS_SHEETS)
    candidates = [named] if named else wb.sheet_names
    for sheet in candidates:
        rows = wb.sheets[sheet]
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if any(normalize(v) in RECORD_ID_HEADERS for v in row):
                return sheet, index
    return None


def _vocab_lookup(fld: RecordField) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for entry in fld.vocabulary or []:
        for word in (entry.code, *entry.label.root.values(), *entry.synonyms):
            lookup.setdefault(normalize(word), entry.code)
    return lookup


def _allowed(fld: RecordField) -> str:
    return "; ".join(
        " / ".join(dict.fromkeys([e.label.get("en"), e.label.get("ru")])) for e in fld.vocabulary or []
    )


def read_records(wb: AuditWorkbook, catalog: Catalog, problems: list[Problem]) -> list[RecordRow]:
    """Parse the records sheet against the catalog's elements, conditions and fields."""
    found = _find_sheet(wb)
    if found is None:
        raise InputError(
            MSG_NO_RECORDS_HEADER, file=wb.path.name, rows=HEADER_SEARCH_ROWS, catalog=catalog.id
        )
    sheet, header = found
    rows = wb.sheets[sheet]
    columns = header_columns(rows[header])
    elements = {normalize(c.id): c.id for _, c in catalog.criteria()}
    conditions = {normalize(c.id): c.id for c in catalog.conditions}
    fields = {normalize(f.id): f.id for f in catalog.fields}
    record_col: int | None = None
    mapping: dict[int, tuple[str, str]] = {}
    for name, col in columns.items():
        key = name.split(" ")[0] if name not in elements | conditions | fields else name
        if name in RECORD_ID_HEADERS and record_col is None:
            record_col = col
        elif key in elements:
            mapping[col] = ("element", elements[key])
        elif key in conditions:
            mapping[col] = ("condition", conditions[key])
        elif key in fields:
            mapping[col] = ("field", fields[key])
        else:
            problems.append(
                Problem.make(
                    "unknown_column",
                    MSG_UNKNOWN_COLUMN,
                    cell=address(sheet, header + 1, col),
                    value=rows[header][col - 1],
                    catalog=catalog.id,
                )
            )
    assert record_col is not None
    present = {item for _, item in mapping.values()}
    expected = (
        [c.id for _, c in catalog.criteria()]
        + [c.id for c in catalog.conditions]
        + [f.id for f in catalog.fields]
    )
    missing = [i for i in expected if i not in present]
    if missing:
        problems.append(
            Problem.make(
                "missing_columns",
                MSG_MISSING_COLUMNS,
                count=len(missing),
                catalog=catalog.id,
                ids=", ".join(missing),
            )
        )
    vocab = {f.id: _vocab_lookup(f) for f in catalog.fields if f.vocabulary}
    out: list[RecordRow] = []
    seen: dict[str, str] = {}
    for index in range(header + 1, len(rows)):
        row = rows[index]
        number = index + 1
        raw_id = row[record_col - 1] if record_col - 1 < len(row) else ""
        rest = any(row[c - 1] for c in mapping if c - 1 < len(row))
        if not raw_id and not rest:
            continue
        id_cell = address(sheet, number, record_col)
        record_id = raw_id
        if not raw_id:
            record_id = f"row {number}"
        elif looks_like_name(raw_id):
            problems.append(Problem.make("record_id_name", MSG_NAME_AS_ID, cell=id_cell, row=number))
            record_id = f"row {number}"
        elif raw_id in seen:
            problems.append(
                Problem.make(
                    "duplicate_record", MSG_DUPLICATE_RECORD, cell=id_cell, value=raw_id, first=seen[raw_id]
                )
            )
        seen.setdefault(raw_id, id_cell)
        rec = RecordRow(record=record_id, row=number, cell=id_cell)
        for col, (kind, item) in mapping.items():
            value = row[col - 1] if col - 1 < len(row) else ""
            if kind == "element" and value in FAST_STATUS:
                # the common case, 600,000 times in a large review: no address, no problem, no lookups
                rec.statuses[item] = FAST_STATUS[value]
                continue
            cell = address(sheet, number, col)
            if kind == "element":
                status = parse_status(value)
                crit = catalog.criterion(item)
                assert crit is not None
                if status is None:
                    problems.append(
                        Problem.make(
                            "bad_status",
                            MSG_BAD_ELEMENT_STATUS,
                            cell=cell,
                            value=value,
                            allowed=allowed_status_words(),
                        )
                    )
                    status = Status.not_assessed
                elif status is Status.not_applicable and not crit.na_allowed:
                    problems.append(
                        Problem.make("na_not_allowed", MSG_ELEMENT_NA, cell=cell, value=value, criterion=item)
                    )
                    status = Status.not_assessed
                rec.statuses[item] = status
            elif kind == "condition":
                answer = parse_yes_no(value) if value else False
                if answer is None:
                    cond = catalog.condition(item)
                    assert cond is not None
                    problems.append(
                        Problem.make(
                            "condition_bad",
                            MSG_BAD_CONDITION,
                            cell=cell,
                            value=value,
                            question=cond.question,
                        )
                    )
                    answer = False
                rec.conditions[item] = answer
            else:
                fld = catalog.field(item)
                assert fld is not None
                if value:
                    rec.filled[item] = cell
                if fld.vocabulary:
                    code = vocab[item].get(normalize(value)) if value else None
                    if value and code is None:
                        problems.append(
                            Problem.make(
                                "bad_vocabulary",
                                MSG_BAD_VOCAB,
                                cell=cell,
                                value=value,
                                label=fld.label,
                                allowed=_allowed(fld),
                            )
                        )
                    rec.fields[item] = code
                else:
                    rec.fields[item] = "filled" if value else None
        _check_rules(catalog, rec, mapping, sheet, problems)
        out.append(rec)
    return out


def _check_rules(
    catalog: Catalog, rec: RecordRow, mapping: dict[int, tuple[str, str]], sheet: str, problems: list[Problem]
) -> None:
    column_of = {item: col for col, (_, item) in mapping.items()}

    def cell_of(item: str) -> str:
        col = column_of.get(item)
        return address(sheet, rec.row, col) if col else rec.cell

    for rule in catalog.rules:
        when = rule.when
        if catalog.condition(when.field) is not None:
            holds = rec.conditions.get(when.field, False) is (normalize(when.equals) == "yes")
        else:
            holds = rec.fields.get(when.field) == when.equals
        if not holds:
            continue
        if rule.require is not None and not rec.fields.get(rule.require):
            problems.append(
                Problem.make(
                    "rule_" + rule.id, rule.message.get("en"), cell=cell_of(rule.require), value=""
                ).model_copy(update={"text": rule.message})
            )
        if rule.field is not None and rule.forbid and rec.fields.get(rule.field) in rule.forbid:
            problems.append(
                Problem.make(
                    "rule_" + rule.id,
                    rule.message.get("en"),
                    cell=cell_of(rule.field),
                    value=rec.fields.get(rule.field),
                ).model_copy(update={"text": rule.message})
            )


@dataclass
class _RecordTally:
    earned: int = 0  # in half-credits × scaled weight (integers: a 2,000-record review stays fast and exact)
    possible: int = 0  # in scaled weight
    applicable: int = 0
    assessed: int = 0
    met: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    na: list[str] = field(default_factory=list)


# exact spellings that need no normalizing and can raise no problem (N/A can: it depends on the element)
FAST_STATUS = {"": Status.not_assessed} | {
    w: s for s, words in STATUS_WORDS.items() if s is not Status.not_applicable for w in words
}


HALVES = {Status.met: 2, Status.partial: 1, Status.not_met: 0, Status.not_assessed: 0}


def review(catalog: Catalog, records: Sequence[RecordRow]) -> Reviewed:
    """Pure: element answers (mean credit over the records where each applies), record completeness, misses."""
    weights = {c.id: weight_of(catalog, c) for _, c in catalog.criteria()}
    scale = math.lcm(*(w.denominator for w in weights.values())) if weights else 1
    answers: dict[str, Answer] = {}
    stats: list[ElementStat] = []
    tallies = {r.row: _RecordTally() for r in records}
    for section, crit in catalog.criteria():
        weight = int(weights[crit.id] * scale)
        halves = applicable = assessed = met = partial = missing = 0
        for rec in records:
            tally = tallies[rec.row]
            status = rec.statuses.get(crit.id, Status.not_assessed)
            if status is Status.not_applicable or not all(
                rec.conditions.get(c, False) for c in crit.applies_if
            ):
                tally.na.append(crit.id)
                continue
            h = HALVES[status]
            halves += h
            applicable += 1
            tally.earned += weight * h
            tally.possible += weight
            tally.applicable += 1
            if status is not Status.not_assessed:
                assessed += 1
                tally.assessed += 1
            if status is Status.met:
                met += 1
                tally.met.append(crit.id)
            elif status is Status.partial:
                partial += 1
                tally.partial.append(crit.id)
            else:
                missing += 1
                tally.missing.append(crit.id)
        mean: Fraction | None = None
        if not applicable:
            answers[crit.id] = Answer(Status.not_applicable)
        else:
            mean = Fraction(halves, 2 * applicable)
            if assessed == 0:
                status = Status.not_assessed
            elif mean == 1:
                status = Status.met
            elif mean == 0:
                status = Status.not_met
            else:
                status = Status.partial
            answers[crit.id] = Answer(status, credit=mean)
        stats.append(
            ElementStat(
                id=crit.id,
                section=section.id,
                severity=crit.severity,
                text=crit.text,
                applicable=applicable,
                met=met,
                partial=partial,
                missing=missing,
                credit=None if mean is None else round_half_up(mean, 4),
            )
        )
    results = []
    for rec in records:
        tally = tallies[rec.row]
        earned, possible = Fraction(tally.earned, 2 * scale), Fraction(tally.possible, scale)
        results.append(
            RecordResult(
                record=rec.record,
                row=rec.row,
                cell=rec.cell,
                percent=percent(earned, possible),
                earned=round_half_up(earned, 4),
                possible=round_half_up(possible, 4),
                applicable=tally.applicable,
                assessed=tally.assessed,
                met=tally.met,
                partial=tally.partial,
                missing=tally.missing,
                not_applicable=tally.na,
                conditions=rec.conditions,
                fields=rec.fields,
            )
        )
    order = {c.id: i for i, (_, c) in enumerate(catalog.criteria())}
    most_missed = sorted(
        (s for s in stats if s.applicable and (s.missing or s.partial)),
        key=lambda s: (-Fraction(2 * s.missing + s.partial, 2 * s.applicable), order[s.id]),
    )
    return Reviewed(answers, results, most_missed)


def record_answers(wb: AuditWorkbook, catalog: Catalog, problems: list[Problem]) -> Reviewed:
    return review(catalog, read_records(wb, catalog, problems))


# --- template -----------------------------------------------------------------------------------------------

RECORD_SHEET_NAMES = {"en": "Records", "ru": "Записи"}
RECORD_ROWS = 100
RECORD_COLUMN_WIDTH = 22


def write_records_template(catalog: Catalog, output: Path, lang: str) -> None:
    """Instructions, centre sheet, and a records sheet: a label row, an id row, one row per record to fill."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from .sheets import save, set_height, text_lines
    from .template import (
        SHEET_NAMES,
        dropdown,
        fix_properties,
        lists_sheet,
        styles,
        write_centre_sheet,
    )

    st = styles()
    wb = Workbook()
    names = SHEET_NAMES.get(lang, SHEET_NAMES["en"])
    instructions = wb.active
    instructions.title = names["instructions"]
    centre = wb.create_sheet(names["centre"])
    records = wb.create_sheet(RECORD_SHEET_NAMES.get(lang, "Records"))
    lists = lists_sheet(wb, names["lists"], lang)
    for fld in catalog.fields:
        if fld.vocabulary:
            lists.add("field:" + fld.id, [e.label.get(lang) for e in fld.vocabulary])

    instructions.column_dimensions["A"].width = 110
    instructions.cell(
        row=1, column=1, value=f"{catalog.title.get(lang)} ({catalog.id} {catalog.version})"
    ).font = Font(bold=True, size=14)
    lines = [
        catalog.notice.get(lang) if catalog.notice else "",
        "",
        tr("How to fill in this record review", lang),
        tr(
            "1. One row per sampled record (report or case file). In the first column write its reference number — never a person's name.",
            lang,
        ),
        tr("2. Answer the yes/no questions for the record; they decide which elements apply to it.", lang),
        tr(
            "3. For each element choose met, partial or not met from the drop-down; leave it empty if not checked.",
            lang,
        ),
        tr("4. Fill in the fields with values from their drop-down lists.", lang),
    ]
    for i, text in enumerate(lines, start=2):
        instructions.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=True, vertical="top")
    instructions.protection.sheet = True
    write_centre_sheet(centre, catalog, lang, lists)

    columns: list[tuple[str, str, str | None]] = [("", tr("Record", lang), None)]
    columns += [(c.id, c.question.get(lang), "yes_no") for c in catalog.conditions]
    columns += [
        (f.id, f.label.get(lang), ("field:" + f.id) if f.vocabulary else None) for f in catalog.fields
    ]
    columns += [
        (c.id, c.text.get(lang), "status" if c.na_allowed else "status_no_na") for _, c in catalog.criteria()
    ]
    last_row = 2 + RECORD_ROWS
    validations: dict[str, Any] = {}
    for col, (ident, label, list_name) in enumerate(columns, start=1):
        letter = get_column_letter(col)
        label_cell = records.cell(row=1, column=col, value=label if ident else "")
        label_cell.alignment = st["wrap"]
        id_cell = records.cell(row=2, column=col, value=ident or tr("Record", lang))
        id_cell.font, id_cell.fill = st["header_font"], st["header_fill"]
        records.column_dimensions[letter].width = RECORD_COLUMN_WIDTH if ident else 18
        for r in range(3, last_row + 1):
            records.cell(row=r, column=col).protection = st["unlocked"]
        if list_name:
            if list_name not in validations:
                validations[list_name] = dropdown(
                    lists.ranges[list_name], lang, tr("Choose a value from the list.", lang)
                )
                records.add_data_validation(validations[list_name])
            validations[list_name].add(f"{letter}3:{letter}{last_row}")
    set_height(records, 1, max(text_lines(label, RECORD_COLUMN_WIDTH) for _, label, _ in columns))
    records.freeze_panes = "B3"
    records.protection.sheet = True
    records.protection.formatColumns = False
    records.protection.formatRows = False
    wb.active = wb.sheetnames.index(records.title)
    fix_properties(wb, catalog)
    save(wb, output)
