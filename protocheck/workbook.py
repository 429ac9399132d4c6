"""Reading an audit workbook into plain rows with exact cell addresses.

Every format a centre's software saves (.xlsx, .xlsm, .xls, .ods, .xlsb) is read through python-calamine,
chosen by the file's content rather than its name. ``skip_empty_area=False`` keeps row and column numbers
exactly as the user sees them. The reader knows nothing of any catalog: it finds the sheets, the header row
and the cells, turns status words into statuses, and records problems; matching rows to criteria happens in
:mod:`protocheck.audit`. The file is opened read-only and never written to.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import N_
from .problems import InputError, Problem
from .vocab import Status, allowed_status_words, normalize, parse_status

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_SHEET_CELLS = 5_000_000
HEADER_SEARCH_ROWS = 10

RESPONSES_SHEETS = ("responses", "ответы")
CENTRE_SHEETS = ("centre", "center", "центр", "audit", "аудит", "metadata", "метаданные")

ID_HEADERS = ("id", "criterion", "criterion id", "код", "критерий", "код критерия")
STATUS_HEADERS = ("status", "статус")
EVIDENCE_HEADERS = ("evidence", "доказательства", "подтверждение")
COMMENT_HEADERS = ("comment", "comments", "комментарий", "комментарии")

META_KEYS: dict[str, tuple[str, ...]] = {
    "standard": ("standard", "standard id", "стандарт", "код стандарта"),
    "standard_version": ("standard version", "версия стандарта"),
    "profile": ("profile", "профиль", "accreditation profile", "профиль аккредитации"),
    "centre_name": (
        "centre name",
        "center name",
        "centre",
        "center",
        "name of the centre",
        "название центра",
        "центр",
        "организация",
    ),
    "country": ("country", "страна"),
    "audit_date": ("audit date", "date of audit", "дата аудита", "дата"),
    "audit_type": ("audit type", "type of audit", "тип аудита", "вид аудита"),
    "auditor": ("auditor", "аудитор", "assessor", "проверяющий"),
}
AUDIT_TYPES = {
    "self": "self",
    "self-assessment": "self",
    "self assessment": "self",
    "самооценка": "self",
    "external": "external",
    "внешний": "external",
    "внешний аудит": "external",
    "внешняя": "external",
}


def column_letter(col: int) -> str:
    """1 → A, 28 → AB."""
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def address_sheet(sheet: str) -> str:
    """A sheet name as it appears in a cell reference: quoted when it has spaces or punctuation."""
    return sheet if re.fullmatch(r"[A-Za-z0-9_А-Яа-яЁё]+", sheet) else "'" + sheet.replace("'", "''") + "'"


def address(sheet: str, row: int, col: int) -> str:
    """``Responses!B7``."""
    return f"{address_sheet(sheet)}!{column_letter(col)}{row}"


def cell_text(value: Any) -> str:
    """A cell's value as the text a person sees: ``12`` not ``12.0``, dates as YYYY-MM-DD, line breaks as ``\\n``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


@dataclass(frozen=True)
class ResponseRow:
    row: int
    id: str
    id_cell: str
    status: Status | None
    status_raw: str
    status_cell: str
    evidence: str = ""
    comment: str = ""


@dataclass(frozen=True)
class MetaEntry:
    """One row of the centre sheet: a label (or machine key) and the value the auditor wrote."""

    key: str
    label: str
    value: str
    cell: str


@dataclass
class AuditWorkbook:
    path: Path
    sha256: str
    format: str
    sheet_names: list[str] = field(default_factory=list)
    sheets: dict[str, list[list[str]]] = field(default_factory=dict)
    responses_sheet: str = ""
    responses: list[ResponseRow] = field(default_factory=list)
    meta: list[MetaEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def meta_value(self, key: str) -> MetaEntry | None:
        return next((m for m in self.meta if m.key == key), None)


# --- sniffing -----------------------------------------------------------------------------------------------


def sniff(raw: bytes) -> str:
    """What a file really is, from its first bytes and (for zip files) its member names."""
    if not raw:
        return "empty"
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in raw:
            return "encrypted"
        if "WordDocument".encode("utf-16-le") in raw:
            return "doc"
        return "xls"
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                names = set(zf.namelist())
                if "mimetype" in names:
                    mime = zf.read("mimetype")[:100]
                    if b"opendocument.spreadsheet" in mime:
                        return "ods"
                    if b"opendocument.text" in mime:
                        return "odt"
        except (zipfile.BadZipFile, OSError, EOFError, KeyError, NotImplementedError):
            return "corrupt"
        if "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" in names:
            macro = "xl/vbaProject.bin" in names or b"macroEnabled.main" in _member(
                raw, "[Content_Types].xml"
            )
            return "xlsm" if macro else "xlsx"
        if "word/document.xml" in names:
            return "docx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        return "zip"
    head = raw[:4096]
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1251")
        except UnicodeDecodeError:
            return "unknown"
    if "\x00" in text:
        return "unknown"
    first = text.splitlines()[0] if text.splitlines() else ""
    if first.count(",") + first.count(";") + first.count("\t") >= 1:
        return "csv"
    return "text"


def _member(raw: bytes, name: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return zf.read(name)[:65536] if zf.getinfo(name).file_size < 1_000_000 else b""
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return b""


NOT_A_SPREADSHEET = {
    "pdf": N_("a PDF document"),
    "doc": N_("a Word document"),
    "docx": N_("a Word document"),
    "odt": N_("a text document (OpenDocument)"),
    "pptx": N_("a PowerPoint presentation"),
    "zip": N_("a zip archive"),
    "html": N_("a web page (HTML)"),
    "csv": N_("a CSV or text table"),
    "text": N_("a plain text file"),
    "unknown": N_("not a file a spreadsheet program saves"),
}

MSG_NOT_FOUND = N_("{file}: no such file.")
MSG_EMPTY_FILE = N_("{file} is empty (0 bytes): it was not saved completely. Save the audit again and retry.")
MSG_TOO_BIG = N_(
    "{file} is {size} MB, far larger than any audit workbook: check that this is the right file."
)
MSG_NOT_SPREADSHEET = N_(
    "{file} is not a spreadsheet: it looks like {kind}. Open the audit workbook in Excel or LibreOffice and save "
    "it as .xlsx (or .ods, .xls)."
)
MSG_CSV = N_(
    "{file} is a CSV or text table, not a workbook: open it in Excel or LibreOffice and save it as .xlsx."
)
MSG_PASSWORD = N_(
    "{file} is protected with a password, so it cannot be read. Remove the password and save again: in Excel, "
    "File → Info → Protect Workbook → Encrypt with Password, clear the password; in LibreOffice, File → Save As "
    "and untick «Save with password»."
)
MSG_CORRUPT = N_(
    "{file} is damaged or incomplete and cannot be read as a spreadsheet. Open it in Excel or LibreOffice; if it "
    "opens, save it again under a new name; if not, take an earlier copy."
)
MSG_NO_SHEETS = N_("{file} has no worksheets: it is an empty workbook.")
MSG_SHEET_TOO_LARGE = N_(
    "Sheet «{sheet}» in {file} has {cells} cells, far more than any audit ({limit} at most): it was not read. "
    "Delete the unused rows and columns, or check that this is the right file."
)
MSG_NO_HEADER = N_(
    "Sheet «{sheet}» in {file} has no header row: none of its first {rows} rows has both a criterion id column "
    "(ID, Criterion, Код, Критерий) and a status column (Status, Статус). Add them, or fill in the template "
    "made by «protocheck template»."
)


def read_workbook(path: Path) -> AuditWorkbook:
    """Read an audit workbook (any format): every worksheet's cells and the centre sheet's metadata.

    Which sheet holds the answers depends on the catalog (responses, or records for a record review), so
    the rows are parsed by :func:`read_responses` or :func:`protocheck.records.read_records` once the
    catalog is known. Raises :class:`InputError` for a file that cannot be read at all.
    """
    raw, kind, sha = load_bytes(path)
    wb = AuditWorkbook(path=path, sha256=sha, format=kind)
    uncached: list[tuple[str, str]] = []
    if kind in ("xlsx", "xlsm"):
        from .ooxml import scan

        uncached = scan(raw, path.name, MAX_SHEET_CELLS)
    names, sheets = read_cells(raw, path.name)
    if not names:
        raise InputError(MSG_NO_SHEETS, file=path.name)
    if not any(any(v for v in row) for rows in sheets.values() for row in rows):
        raise InputError(MSG_EMPTY_WORKBOOK, file=path.name)
    wb.sheet_names, wb.sheets = names, sheets
    for sheet, coordinate in uncached:
        if sheet in sheets:
            wb.problems.append(
                Problem.make("formula_not_cached", MSG_FORMULA, cell=f"{address_sheet(sheet)}!{coordinate}")
            )
    centre = pick_sheet(wb.sheet_names, CENTRE_SHEETS)
    if centre is not None:
        wb.meta = _read_meta(centre, wb.sheets[centre])
    return wb


MSG_EMPTY_WORKBOOK = N_(
    "{file} has no filled cells: it is an empty workbook. Fill in the audit and save it again."
)
MSG_FORMULA = N_(
    "this cell has a formula whose result was never saved, so it reads as empty: open the file in your spreadsheet "
    "program and save it again"
)
MSG_TOO_LARGE_TO_READ = N_(
    "{file} could not be read within the memory an audit needs: a sheet is far larger than any audit, or the file "
    "is damaged. Delete unused rows and columns (or check that this is the right file) and save it again."
)
CHILD_MEMORY_BYTES = 384 * 1024 * 1024
CHILD_SECONDS = 120


def load_bytes(path: Path) -> tuple[bytes, str, str]:
    """The file's bytes, what it really is, and its SHA-256; a sentence for anything that is not a workbook."""
    try:
        size = path.stat().st_size
    except OSError:
        raise InputError(MSG_NOT_FOUND, file=path) from None
    if size > MAX_FILE_BYTES:
        raise InputError(MSG_TOO_BIG, file=path.name, size=size // (1024 * 1024))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(N_("{file} cannot be opened: {reason}."), file=path, reason=exc.strerror) from None
    kind = sniff(raw)
    if kind == "empty":
        raise InputError(MSG_EMPTY_FILE, file=path.name)
    if kind == "encrypted":
        raise InputError(MSG_PASSWORD, file=path.name)
    if kind == "corrupt":
        raise InputError(MSG_CORRUPT, file=path.name)
    if kind == "csv":
        raise InputError(MSG_CSV, file=path.name)
    if kind in NOT_A_SPREADSHEET:
        raise InputError(
            MSG_NOT_SPREADSHEET, translated=("kind",), file=path.name, kind=NOT_A_SPREADSHEET[kind]
        )
    return raw, kind, hashlib.sha256(raw).hexdigest()


Cells = tuple[list[str], dict[str, list[list[str]]]]


def calamine_cells(raw: bytes) -> Cells:
    """Every worksheet's cells as text, through python-calamine, with addresses kept exact."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    try:
        metas = [m for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")] or list(
            book.sheets_metadata
        )
        names = [m.name for m in metas]
        sheets: dict[str, list[list[str]]] = {}
        total = 0
        for name in names:
            data = book.get_sheet_by_name(name)
            cells = data.total_height * data.total_width
            total += cells
            if total > MAX_SHEET_CELLS:
                raise _TooLarge(name, total)
            sheets[name] = [[cell_text(v) for v in row] for row in data.to_python(skip_empty_area=False)]
        return names, sheets
    finally:
        book.close()


class _TooLarge(Exception):
    def __init__(self, sheet: str, cells: int):
        super().__init__(sheet, cells)
        self.sheet, self.cells = sheet, cells


def _outcome(raw: bytes) -> tuple[str, Any]:
    from python_calamine import PasswordError

    try:
        return "ok", calamine_cells(raw)
    except PasswordError:
        return "password", None
    except _TooLarge as exc:
        return "too_large", (exc.sheet, exc.cells)
    except Exception:  # calamine's errors are typed per format; for the user they all mean "damaged"
        return "corrupt", None


def _child(raw: bytes, conn: Any) -> None:  # pragma: no cover - runs in the forked reader
    import resource

    try:
        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * resource.getpagesize()
        limit = current + CHILD_MEMORY_BYTES
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError):
        pass
    conn.send(_outcome(raw))
    conn.close()


def read_cells(raw: bytes, filename: str) -> Cells:
    """Read the cells in a forked child with a memory ceiling where the OS allows it.

    A hostile file can make the Rust reader ask for hundreds of gigabytes and abort the whole process (seen
    with a single cell at XFD1048576 in python-calamine 0.9). In a child with RLIMIT_AS the allocation fails
    there instead, and the user gets a sentence rather than a crash. Elsewhere (Windows) it reads in-process,
    after the .xlsx pre-scan in :mod:`protocheck.ooxml` has refused oversized sheets.
    """
    import multiprocessing
    import os

    if os.name != "posix" or os.environ.get("PROTOCHECK_IN_PROCESS"):
        status, payload = _outcome(raw)
    else:
        ctx = multiprocessing.get_context("fork")
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(raw, sender), daemon=True)
        proc.start()
        sender.close()
        try:
            if receiver.poll(CHILD_SECONDS):
                status, payload = receiver.recv()
            else:
                status, payload = "crashed", None
        except (EOFError, OSError):
            status, payload = "crashed", None
        finally:
            receiver.close()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
    if status == "ok":
        names, sheets = payload
        return names, sheets
    if status == "password":
        raise InputError(MSG_PASSWORD, file=filename)
    if status == "too_large":
        sheet, cells = payload
        raise InputError(
            MSG_SHEET_TOO_LARGE, sheet=sheet, file=filename, cells=f"{cells:,}", limit=f"{MAX_SHEET_CELLS:,}"
        )
    if status == "crashed":
        raise InputError(MSG_TOO_LARGE_TO_READ, file=filename)
    raise InputError(MSG_CORRUPT, file=filename)


def pick_sheet(names: list[str], wanted: tuple[str, ...]) -> str | None:
    for name in names:
        if normalize(name) in wanted:
            return name
    return None


def find_header(rows: list[list[str]], required: list[tuple[str, ...]]) -> int | None:
    """Index of the first row, among the first HEADER_SEARCH_ROWS, holding every required column."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {normalize(v) for v in row}
        if all(names & set(options) for options in required):
            return index
    return None


def header_columns(row: list[str]) -> dict[str, int]:
    """Normalized header name → 1-based column; the first column wins when a name repeats."""
    columns: dict[str, int] = {}
    for col, value in enumerate(row, start=1):
        name = normalize(value)
        if name and name not in columns:
            columns[name] = col
    return columns


def _column(columns: dict[str, int], options: tuple[str, ...]) -> int | None:
    found = [columns[o] for o in options if o in columns]
    return min(found) if found else None


MSG_BAD_STATUS = N_("status «{value}» is not one of the allowed words: {allowed}")
MSG_NO_ID = N_("a status is filled in but the criterion id in this row is empty")


def read_responses(wb: AuditWorkbook) -> None:
    """Parse the responses sheet (``Responses``/``Ответы``, else the first sheet) into ``wb.responses``."""
    sheet = pick_sheet(wb.sheet_names, RESPONSES_SHEETS) or wb.sheet_names[0]
    wb.responses_sheet = sheet
    rows = wb.sheets[sheet]
    header = find_header(rows, [ID_HEADERS, STATUS_HEADERS])
    if header is None:
        raise InputError(MSG_NO_HEADER, sheet=sheet, file=wb.path.name, rows=HEADER_SEARCH_ROWS)
    columns = header_columns(rows[header])
    id_col = _column(columns, ID_HEADERS)
    status_col = _column(columns, STATUS_HEADERS)
    evidence_col = _column(columns, EVIDENCE_HEADERS)
    comment_col = _column(columns, COMMENT_HEADERS)
    assert id_col is not None and status_col is not None

    def get(row: list[str], col: int | None) -> str:
        return row[col - 1] if col is not None and col - 1 < len(row) else ""

    for index in range(header + 1, len(rows)):
        row = rows[index]
        number = index + 1
        crit_id = get(row, id_col)
        status_raw = get(row, status_col)
        status_cell = address(sheet, number, status_col)
        if not crit_id:
            if status_raw:
                wb.problems.append(
                    Problem.make("missing_id", MSG_NO_ID, cell=address(sheet, number, id_col), value="")
                )
            continue
        status = parse_status(status_raw)
        if status is None:
            wb.problems.append(
                Problem.make(
                    "bad_status",
                    MSG_BAD_STATUS,
                    cell=status_cell,
                    value=status_raw,
                    allowed=allowed_status_words(),
                )
            )
        wb.responses.append(
            ResponseRow(
                row=number,
                id=crit_id,
                id_cell=address(sheet, number, id_col),
                status=status,
                status_raw=status_raw,
                status_cell=status_cell,
                evidence=get(row, evidence_col),
                comment=get(row, comment_col),
            )
        )


_META_LOOKUP = {normalize(label): key for key, labels in META_KEYS.items() for label in labels}


def _read_meta(sheet: str, rows: list[list[str]]) -> list[MetaEntry]:
    """Rows of ``label | value`` (and, in the template, a hidden machine key in column C)."""
    entries: list[MetaEntry] = []
    for index, row in enumerate(rows):
        cells = [*row, "", "", ""]
        label, value, machine = cells[0], cells[1], normalize(cells[2])
        if not label and not machine:
            continue
        plain_label = normalize(label).rstrip(":").strip()
        key = machine or _META_LOOKUP.get(plain_label) or "label:" + plain_label
        entries.append(MetaEntry(key=key, label=label, value=value, cell=address(sheet, index + 1, 2)))
    return entries


def parse_date(text: str) -> str | None:
    """An audit date as YYYY-MM-DD, from the forms people type; ``None`` when it is not a date."""
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y.%m.%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None
