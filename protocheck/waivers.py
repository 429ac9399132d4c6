"""Waivers: criteria an association has agreed to leave out of a centre's score for a time, with a reason.

A waiver file is YAML (a list of entries, ``schemas/waivers.schema.json``) or CSV (a header row, then one
entry per row). Each entry has ``criterion`` and ``justification`` (both required, not empty), and optionally
``approved_by`` and ``expires`` (YYYY-MM-DD; the waiver applies through that day). A file with any error stops
the run before scoring, and every error names the line (``waivers.csv:4: justification is empty ...``).

Which waivers are in force is decided here, against the audit date (else today); scoring only receives the
ids (:func:`protocheck.scoring.score`'s ``waived``). What it does is written out in ``docs/scoring.md``.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, RootModel
from pydantic.json_schema import SkipJsonSchema

from .i18n import N_
from .models import DATE_PATTERN, ITEM_ID_PATTERN, Catalog, Strict
from .result import CriterionResult, WaiverInfo, WaiversInfo
from .vocab import Status
from .yamlfile import (
    MSG_NOT_YAML,
    DataFileError,
    Located,
    decode_utf8,
    load_yaml,
    position,
    read_file,
    schema_issues,
    to_plain,
)

FIELDS = ("criterion", "justification", "approved_by", "expires")
REQUIRED = ("criterion", "justification")
# CSV header names accepted for each field (compared lower-case, with spaces and hyphens as '_')
HEADER_NAMES = {
    "criterion": ("criterion", "criterion_id", "id", "критерий", "код_критерия"),
    "justification": ("justification", "reason", "обоснование", "причина"),
    "approved_by": ("approved_by", "approved", "кем_утверждено", "утвердил", "утверждено"),
    "expires": ("expires", "expiry", "expires_on", "valid_until", "действует_до", "срок_действия"),
}

MSG_NOT_A_CRITERION = N_("'{id}' is not a criterion of {catalog}")
MSG_FILE_KIND = N_("a waiver file is .csv (with a header row) or .yaml (a list of entries)")
MSG_NOT_IN_CALENDAR = N_("expires '{value}' is not a date in the calendar")
MSG_NOT_A_DATE = N_("expires '{value}' is not a date in the form YYYY-MM-DD")
MSG_NOT_A_DATE_HINT = N_("expires '{value}' is not a date in the form YYYY-MM-DD (write {date})")
MSG_NOT_A_LIST = N_("a waiver file is a list of entries (- criterion: ..., justification: ...)")
MSG_EMPTY_JUSTIFICATION = N_("is empty: every waiver needs one")
MSG_UNKNOWN_COLUMN = N_("unknown column '{name}' (the columns are: {columns})")
MSG_COLUMN_TWICE = N_("column '{name}' appears twice")
MSG_NO_COLUMN = N_("the header has no '{name}' column (the columns are: {columns})")
MSG_TOO_MANY_CELLS = N_("{cells} cells, but the header has {columns} columns")
MSG_NO_CRITERION = N_("criterion is empty")
MSG_NO_JUSTIFICATION = N_("justification is empty: every waiver needs one (criterion {id})")
MSG_BAD_CSV = N_("not a valid CSV line: {error}")
MSG_EMPTY_FILE = N_("the file is empty: it needs a header row ({columns})")


class WaiverEntry(Strict):
    criterion: Annotated[str, Field(pattern=ITEM_ID_PATTERN)]
    justification: Annotated[str, Field(min_length=1)]
    approved_by: str | None = None
    expires: (
        Annotated[str, Field(pattern=DATE_PATTERN, description="YYYY-MM-DD; applies through that day")]
        | SkipJsonSchema[None]
    ) = None


class WaiverFile(RootModel[list[WaiverEntry]]):
    """A YAML waiver file: a list of entries."""

    root: list[WaiverEntry]


@dataclass(frozen=True)
class Waiver:
    criterion: str
    justification: str
    approved_by: str | None
    expires: datetime.date | None
    line: int | None
    column: int | None

    def where(self, file: str) -> str:
        return f"{file}:{self.line}" if self.line is not None else file

    def in_force(self, on: datetime.date) -> bool:
        return self.expires is None or on <= self.expires


@dataclass(frozen=True)
class WaiverSet:
    """A checked waiver file (syntax and dates; ids are checked against a catalog by :meth:`check_ids`)."""

    path: Path
    entries: tuple[Waiver, ...]

    def check_ids(self, catalog: Catalog) -> WaiverSet:
        """The waivers with ids spelled as the catalog spells them; an unknown id is an error."""
        by_key = {c.id.upper(): c.id for _, c in catalog.criteria()}
        issues: list[Located] = []
        fixed: list[Waiver] = []
        for w in self.entries:
            canonical = by_key.get(w.criterion.strip().upper())
            if canonical is None:
                issues.append(
                    Located.make(
                        self.path,
                        w.line,
                        w.column,
                        "",
                        MSG_NOT_A_CRITERION,
                        id=w.criterion,
                        catalog=catalog.id,
                    )
                )
                continue
            fixed.append(Waiver(canonical, w.justification, w.approved_by, w.expires, w.line, w.column))
        if issues:
            raise DataFileError(issues)
        return WaiverSet(self.path, tuple(fixed))

    def in_force(self, on: datetime.date) -> set[str]:
        return {w.criterion for w in self.entries if w.in_force(on)}

    def report(self, on: datetime.date, source: str, criteria: list[CriterionResult]) -> WaiversInfo:
        """What each entry did to a scored audit."""
        by_id = {r.id: r for r in criteria}
        entries: list[WaiverInfo] = []
        for w in self.entries:
            result = by_id.get(w.criterion)
            if not w.in_force(on):
                state = "expired"
            elif result is None or result.status is Status.not_applicable or not result.waived:
                state = "not_applicable"
            else:
                state = "active"
            entries.append(
                WaiverInfo(
                    criterion=w.criterion,
                    justification=w.justification,
                    approved_by=w.approved_by,
                    expires=w.expires.isoformat() if w.expires else None,
                    where=w.where(self.path.name),
                    state=state,
                )
            )
        return WaiversInfo(
            file=self.path.name,
            date=on.isoformat(),
            date_source=source,
            waived=[r.id for r in criteria if r.waived],
            entries=entries,
        )


def reference_date(audit_date: str | None, today: datetime.date | None = None) -> tuple[datetime.date, str]:
    """The date waivers are checked against: the audit date when it is a date, else today."""
    if audit_date:
        try:
            return datetime.date.fromisoformat(audit_date), "audit_date"
        except ValueError:
            pass
    return today or datetime.date.today(), "today"


def load_waivers(path: Path) -> WaiverSet:
    """Read and check a waiver file (.yaml, .yml or .csv); raise :class:`DataFileError` with every error."""
    raw = read_file(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return WaiverSet(path, tuple(_parse_csv(path, raw)))
    if suffix in (".yaml", ".yml"):
        return WaiverSet(path, tuple(_parse_yaml(path, raw)))
    raise DataFileError([Located.make(path, None, None, "", MSG_FILE_KIND)])


def _date(text: str) -> tuple[datetime.date | None, tuple[str, dict[str, str]] | None]:
    """A YYYY-MM-DD date, or the msgid and params of the sentence saying what is wrong with it."""
    import re

    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.date.fromisoformat(text), None
        except ValueError:
            return None, (MSG_NOT_IN_CALENDAR, {"value": text})
    match = re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text)
    if match:
        date = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
        return None, (MSG_NOT_A_DATE_HINT, {"value": text, "date": date})
    return None, (MSG_NOT_A_DATE, {"value": text})


def _parse_yaml(path: Path, raw: bytes) -> list[Waiver]:
    text = decode_utf8(path, raw)
    try:
        data = load_yaml(path, text)
    except ValueError as exc:  # a date-looking value that is not a date (2026-02-30) fails while parsing
        raise DataFileError([Located.make(path, None, None, "", MSG_NOT_YAML, problem=exc)]) from None
    if data is None:
        data = []
    if not isinstance(data, list):
        raise DataFileError([Located.make(path, 1, 1, "", MSG_NOT_A_LIST)])
    from .catalog import load_schema

    plain = to_plain(data)
    issues = schema_issues(path, data, plain, load_schema("waivers.schema.json"))
    if issues:
        raise DataFileError(issues)
    entries = WaiverFile.model_validate(plain).root
    waivers: list[Waiver] = []
    for i, entry in enumerate(entries):
        line, col = position(data, [i])
        if not entry.justification.strip():
            jl, jc = position(data, [i, "justification"])
            issues.append(Located.make(path, jl, jc, f"[{i}].justification", MSG_EMPTY_JUSTIFICATION))
            continue
        expires = None
        if entry.expires is not None:
            expires, error = _date(entry.expires)
            if error:
                el, ec = position(data, [i, "expires"])
                msgid, params = error
                issues.append(Located.make(path, el, ec, f"[{i}].expires", msgid, **params))
                continue
        waivers.append(
            Waiver(
                entry.criterion, entry.justification.strip(), _blank(entry.approved_by), expires, line, col
            )
        )
    if issues:
        raise DataFileError(issues)
    return waivers


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _decode(raw: bytes) -> str:
    """CSV as Excel saves it: UTF-8 (with or without BOM), else the Windows Cyrillic code page."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251", errors="replace")


def _header_key(name: str) -> str:
    import re

    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def _parse_csv(path: Path, raw: bytes) -> list[Waiver]:
    text = _decode(raw)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    issues: list[Located] = []
    file = str(path)

    def add(line: int, msgid: str, /, **params: object) -> None:
        issues.append(Located.make(file, line, None, "", msgid, **params))

    lookup = {name: key for key, names in HEADER_NAMES.items() for name in names}
    columns: dict[str, int] | None = None
    header_width = 0
    waivers: list[Waiver] = []
    last = 0
    try:
        for record in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if columns is None:
                columns, header_width = {}, len(record)
                for index, name in enumerate(record):
                    key = lookup.get(_header_key(name))
                    if not name.strip():
                        continue
                    if key is None:
                        add(line, MSG_UNKNOWN_COLUMN, name=name.strip(), columns=", ".join(FIELDS))
                    elif key in columns:
                        add(line, MSG_COLUMN_TWICE, name=key)
                    else:
                        columns[key] = index
                for key in REQUIRED:
                    if key not in columns:
                        add(line, MSG_NO_COLUMN, name=key, columns=", ".join(FIELDS))
                if issues:
                    raise DataFileError(issues)
                continue
            if len(record) > header_width and any(c.strip() for c in record[header_width:]):
                add(line, MSG_TOO_MANY_CELLS, cells=len(record), columns=header_width)
                continue

            values = {key: _cell(record, columns.get(key)) for key in FIELDS}
            criterion, justification = values["criterion"], values["justification"]
            if not criterion:
                add(line, MSG_NO_CRITERION)
                continue
            if not justification:
                add(line, MSG_NO_JUSTIFICATION, id=criterion)
                continue
            expires = None
            if values["expires"]:
                expires, error = _date(values["expires"])
                if error:
                    add(line, error[0], **error[1])
                    continue
            waivers.append(
                Waiver(criterion, justification, values["approved_by"] or None, expires, line, None)
            )
    except csv.Error as exc:
        add(reader.line_num, MSG_BAD_CSV, error=exc)
    if columns is None and not issues:
        add(1, MSG_EMPTY_FILE, columns=", ".join(FIELDS))
    if issues:
        raise DataFileError(issues)
    return waivers


def waived_for(
    waivers: WaiverSet, audit_date: str | None, today: datetime.date | None = None
) -> tuple[set[str], datetime.date, str]:
    """(ids in force, the date used, where that date came from: ``audit_date`` or ``today``) for one audit."""
    on, source = reference_date(audit_date, today)
    return waivers.in_force(on), on, source
