"""The corpus of broken and odd workbooks (tests/data/corpus): each with its exact sentence or result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.audit import score_file
from protocheck.cli import main
from protocheck.vocab import Status

from .conftest import DATA, MINI

CORPUS = DATA / "corpus"
FORMATS = DATA / "formats"

BROKEN = {
    "zero-bytes.xlsx": "zero-bytes.xlsx is empty (0 bytes): it was not saved completely. Save the audit again and retry.",
    "truncated.xlsx": "truncated.xlsx is damaged or incomplete and cannot be read as a spreadsheet. Open it in Excel or "
    "LibreOffice; if it opens, save it again under a new name; if not, take an earlier copy.",
    "renamed-pdf.xlsx": "renamed-pdf.xlsx is not a spreadsheet: it looks like a PDF document. Open the audit workbook "
    "in Excel or LibreOffice and save it as .xlsx (or .ods, .xls).",
    "renamed-word.xlsx": "renamed-word.xlsx is not a spreadsheet: it looks like a Word document. Open the audit "
    "workbook in Excel or LibreOffice and save it as .xlsx (or .ods, .xls).",
    "renamed-csv.xlsx": "renamed-csv.xlsx is a CSV or text table, not a workbook: open it in Excel or LibreOffice and "
    "save it as .xlsx.",
    "encrypted.xlsx": "encrypted.xlsx is protected with a password, so it cannot be read. Remove the password and save "
    "again: in Excel, File → Info → Protect Workbook → Encrypt with Password, clear the password; in LibreOffice, "
    "File → Save As and untick «Save with password».",
    "empty-workbook.xlsx": "empty-workbook.xlsx has no filled cells: it is an empty workbook. Fill in the audit and "
    "save it again.",
    "huge-sheet.xlsx": "Sheet «Responses» in huge-sheet.xlsx has 17,179,869,184 cells, far more than any audit "
    "(5,000,000 at most): it was not read. Delete the unused rows and columns, or check that this is the right file.",
    "zip-bomb.xlsx": "zip-bomb.xlsx would take 250 MB once unpacked, far more than any audit: it was not read.",
    "no-header.xlsx": "Sheet «Responses» in no-header.xlsx has no header row: none of its first 10 rows has both a "
    "criterion id column (ID, Criterion, Код, Критерий) and a status column (Status, Статус). Add them, or fill in "
    "the template made by «protocheck template».",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_file_gets_its_sentence_and_exit_2(name: str) -> None:
    result = CliRunner().invoke(main, ["score", str(CORPUS / name), "--standard", str(MINI), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.strip() == BROKEN[name]
    assert result.stdout == ""


def test_broken_sentences_in_russian() -> None:
    result = CliRunner().invoke(
        main, ["score", str(CORPUS / "renamed-pdf.xlsx"), "-s", str(MINI), "--lang", "ru"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "renamed-pdf.xlsx — не электронная таблица: похоже, это документ PDF. Откройте файл аудита в Excel или "
        "LibreOffice и сохраните его как .xlsx (или .ods, .xls)."
    )


def test_hostile_file_is_refused_without_crashing_the_reader_in_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # where the forked reader is not available, the .xlsx pre-scan alone refuses the 17-billion-cell sheet
    monkeypatch.setenv("PROTOCHECK_IN_PROCESS", "1")
    result = CliRunner().invoke(
        main, ["score", str(CORPUS / "huge-sheet.xlsx"), "-s", str(MINI), "--lang", "en"]
    )
    assert result.exit_code == 2 and "17,179,869,184 cells" in result.stderr


def statuses(path: Path, standard: Path = MINI) -> dict[str, Status]:
    return {c.id: c.status for c in score_file(path, standard).criteria}


def test_xls_named_xlsx_is_read_by_content() -> None:
    result = score_file(CORPUS / "xls-named-xlsx.xlsx", MINI)
    assert result.audit.format == "xls"
    assert result.score.percent == 47.06


def test_merged_title_row_above_header() -> None:
    assert statuses(CORPUS / "merged-title.xlsx") == {
        "A.1": Status.met,
        "A.2": Status.partial,
        "A.3": Status.not_assessed,
        "S.1": Status.not_applicable,
    }


def test_merged_header_cells() -> None:
    result = score_file(CORPUS / "merged-header.xlsx", MINI)
    a1 = result.criteria[0]
    assert (a1.status, a1.cell) == (Status.met, "Responses!B3")


def test_hidden_responses_sheet_is_still_the_responses_sheet() -> None:
    result = score_file(CORPUS / "hidden-responses.xlsx", MINI)
    assert [(c.id, c.status, c.cell) for c in result.criteria[:2]] == [
        ("A.1", Status.met, "Responses!B2"),
        ("A.2", Status.not_met, "Responses!B3"),
    ]


def test_header_in_row_nine() -> None:
    result = score_file(CORPUS / "header-row-9.xlsx", MINI)
    assert [(c.id, c.cell) for c in result.criteria if c.cell] == [
        ("A.1", "Responses!B10"),
        ("A.3", "Responses!B11"),
    ]


def test_trailing_and_no_break_spaces() -> None:
    assert statuses(CORPUS / "trailing-spaces.xlsx") == {
        "A.1": Status.met,
        "A.2": Status.partial,
        "A.3": Status.not_met,
        "S.1": Status.not_applicable,
    }


def test_numbers_stored_as_numbers_or_text_match_numeric_ids() -> None:
    result = score_file(CORPUS / "numbers-as-text.xlsx", DATA / "numeric.yaml")
    assert result.catalog.id == "numeric"
    assert {c.id: c.status for c in result.criteria} == {
        "1": Status.met,
        "2": Status.partial,
        "10": Status.not_met,
    }
    assert result.problems == []


def test_windows_line_breaks_inside_cells() -> None:
    result = score_file(CORPUS / "windows-line-breaks.xlsx", MINI)
    assert result.criteria[0].comment == "first line\nsecond line\nthird"


def test_formula_without_cached_value_is_a_problem_at_its_cell() -> None:
    result = score_file(CORPUS / "formula-no-cache.xlsx", MINI)
    problem = result.problems[0]
    assert (problem.code, problem.cell) == ("formula_not_cached", "Responses!B2")
    assert "open the file in your spreadsheet program and save it again" in problem.message
    assert result.criteria[0].status is Status.not_assessed


def comparable(path: Path) -> dict[str, object]:
    out = CliRunner().invoke(main, ["score", str(path), "-s", str(MINI), "-f", "json"])
    assert out.exit_code == 1, out.stderr
    data = json.loads(out.stdout)
    data["audit"].pop("file")
    data["provenance"].pop("audit_sha256")
    return data


def test_same_audit_in_five_formats_gives_the_same_result() -> None:
    results = {ext: comparable(FORMATS / f"audit.{ext}") for ext in ("xlsx", "xlsm", "xls", "ods", "xlsb")}
    formats = {ext: data["audit"].pop("format") for ext, data in results.items()}  # type: ignore[attr-defined]
    assert formats == {"xlsx": "xlsx", "xlsm": "xlsm", "xls": "xls", "ods": "ods", "xlsb": "xlsb"}
    reference = results["xlsx"]
    for ext, data in results.items():
        assert data == reference, ext
    score = reference["score"]
    assert score == {
        "percent": 47.06,
        "earned": 4.0,
        "possible": 8.5,
        "coverage": 75.0,
        "applicable": 4,
        "assessed": 3,
    }
    problems = reference["problems"]
    assert [(p["cell"], p["value"]) for p in problems[:2]] == [
        ("Responses!B4", "maybe"),
        ("Responses!A5", "A.7"),
    ]  # type: ignore[index]
    a1 = reference["criteria"][0]  # type: ignore[index]
    assert a1["comment"] == "line one\nline two" and a1["evidence"] == "Приказ №5 от 2025-01-10"
    assert reference["audit"]["audit_date"] == "2026-03-15"  # type: ignore[index]
