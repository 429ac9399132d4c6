"""Reading workbooks: header detection, status words in both languages, row problems with exact cells."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from protocheck.audit import score_file
from protocheck.vocab import STATUS_WORDS, Status, parse_status
from protocheck.workbook import AuditWorkbook, read_responses, read_workbook

from .conftest import MINI

ALL_WORDS = [(word, status) for status, words in STATUS_WORDS.items() for word in words]
REQUIRED = {
    Status.met: ["met", "yes", "compliant", "выполнено", "да"],
    Status.partial: ["partial", "partially met", "частично", "частично выполнено"],
    Status.not_met: ["not met", "no", "non-compliant", "не выполнено", "нет"],
    Status.not_applicable: ["n/a", "na", "not applicable", "не применимо", "н/п"],
}


@pytest.mark.parametrize(("word", "status"), [(w, s) for s, ws in REQUIRED.items() for w in ws])
def test_required_status_words(word: str, status: Status) -> None:
    assert parse_status(word) is status
    assert parse_status(f"  {word.upper()}  ") is status
    assert parse_status(word.replace(" ", "  ")) is status


def test_empty_is_not_assessed_and_unknown_is_none() -> None:
    assert parse_status("") is Status.not_assessed
    assert parse_status("   ") is Status.not_assessed
    assert parse_status("maybe") is None


def test_every_status_word_read_from_a_workbook(workbook: Callable[..., Path]) -> None:
    rows = [(f"A.{i}", word) for i, (word, _) in enumerate(ALL_WORDS)]
    wb = responses(workbook(rows))
    assert [r.status for r in wb.responses] == [status for _, status in ALL_WORDS]
    assert wb.problems == []


def responses(path: Path) -> AuditWorkbook:
    wb = read_workbook(path)
    read_responses(wb)
    return wb


def mini_meta(shelter: str = "yes") -> list[tuple[str, str]]:
    return [
        ("Standard", "tests/data/mini.yaml"),
        ("Centre name", "Test centre"),
        ("Does the centre run a shelter?", shelter),
    ]


def test_row_problems_with_exact_cells(workbook: Callable[..., Path]) -> None:
    path = workbook(
        [
            ("A.1", "met"),  # row 2
            ("A.9", "met"),  # row 3: unknown id
            ("A.2", "sort of"),  # row 4: bad status
            ("A.3", "no"),  # row 5
            ("A.3", "yes"),  # row 6: duplicate
            ("S.1", "n/a"),  # row 7: N/A not allowed (shelter answered yes)
        ],
        meta=mini_meta("yes"),
    )
    result = score_file(path, MINI)
    problems = {(p.code, p.cell, p.value) for p in result.problems}
    assert problems == {
        ("unknown_id", "Responses!A3", "A.9"),
        ("bad_status", "Responses!B4", "sort of"),
        ("duplicate_id", "Responses!A6", "A.3"),
        ("na_not_allowed", "Responses!B7", "n/a"),
    }
    by_id = {c.id: c for c in result.criteria}
    assert by_id["A.2"].status is Status.not_assessed  # bad status
    assert by_id["A.3"].status is Status.not_assessed  # duplicated: neither row counts
    assert by_id["S.1"].status is Status.not_assessed  # N/A refused
    assert by_id["A.1"].cell == "Responses!B2"
    bad = next(p for p in result.problems if p.code == "bad_status")
    assert "sort of" in bad.message and "met" in bad.message and "выполнено" in bad.message


def test_russian_headers_sheet_and_header_in_row_three(tmp_path: Path, workbook: Callable[..., Path]) -> None:
    path = workbook(
        [("A.1", "выполнено", "Приказ №5", "есть"), ("A.2", "частично", "", ""), ("A.3", "нет", "", "")],
        header=(" Критерий ", "СТАТУС", "Подтверждение", "Комментарий"),
        sheet="Ответы",
        header_row=3,
        meta=[("Стандарт", str(MINI)), ("Есть ли у центра убежище?", "нет")],
        meta_sheet="Центр",
    )
    result = score_file(path)
    assert result.catalog.id == "mini"
    a1 = result.criteria[0]
    assert (a1.status, a1.cell, a1.evidence, a1.comment) == (Status.met, "Ответы!B4", "Приказ №5", "есть")
    # 3 + 1 + 0 of 6 (S.1 not applicable: no shelter)
    assert (result.score.earned, result.score.possible, result.score.percent) == (4.0, 6.0, 66.67)
    assert result.audit.conditions == {"shelter": False}


def test_responses_sheet_falls_back_to_first_sheet(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met")], sheet="Лист1")
    assert responses(path).responses_sheet == "Лист1"


def test_missing_rows_and_unanswered_condition_are_problems(workbook: Callable[..., Path]) -> None:
    result = score_file(workbook([("A.1", "met")]), MINI)
    codes = {p.code: p for p in result.problems}
    assert codes["missing_rows"].message.startswith("3 criteria of mini have no row")
    assert "A.2, A.3, S.1" in codes["missing_rows"].message
    assert "condition_missing" in codes


def test_numbers_dates_and_spaces_are_read_as_people_see_them(workbook: Callable[..., Path]) -> None:
    import datetime

    path = workbook(
        [("  A.1  ", " Met "), ("A.2", "yes")],
        meta=[
            ("Standard", str(MINI)),
            ("Audit date", datetime.datetime(2026, 3, 15)),
            ("Audit type", "самооценка"),
        ],
    )
    result = score_file(path)
    assert result.criteria[0].status is Status.met
    assert result.audit.audit_date == "2026-03-15"
    assert result.audit.audit_type == "self"


def test_audit_date_typed_as_text(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met")], meta=[("Standard", str(MINI)), ("Дата аудита", "15.03.2026")])
    assert score_file(path).audit.audit_date == "2026-03-15"
    bad = workbook([("A.1", "met")], meta=[("Standard", str(MINI)), ("Audit date", "next week")])
    problem = next(p for p in score_file(bad).problems if p.code == "bad_date")
    assert (problem.cell, problem.value) == ("Centre!B2", "next week")


def test_problem_quotes_the_catalog_question_in_the_readers_language(workbook: Callable[..., Path]) -> None:
    result = score_file(workbook([("A.1", "met")], meta=[("Standard", str(MINI))]), MINI)
    problem = next(p for p in result.problems if p.code == "condition_missing")
    assert "«Does the centre run a shelter?»" in problem.localized("en")
    assert "«Есть ли у центра убежище?»" in problem.localized("ru")
