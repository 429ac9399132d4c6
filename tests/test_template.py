"""The fill-in template: round trip in both languages, drop-downs, protection, applicability."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from protocheck.audit import score_file
from protocheck.catalog import load_catalog
from protocheck.cli import main
from protocheck.vocab import STATUS_CHOICES, Status

NAMES = {"en": ("Centre", "Responses"), "ru": ("Центр", "Ответы")}
YES = {"en": ("yes", "no"), "ru": ("да", "нет")}


def make(tmp_path: Path, lang: str, standard: str = "crisis-centre-minimum") -> Path:
    path = tmp_path / f"template-{lang}.xlsx"
    result = CliRunner().invoke(main, ["template", standard, "-o", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    return path


def fill(path: Path, lang: str, status: Status, services: dict[str, bool]) -> Path:
    wb = load_workbook(path)
    centre_name, responses_name = NAMES[lang]
    centre = wb[centre_name]
    yes, no = YES[lang]
    for row in centre.iter_rows(min_row=2):
        key = row[2].value
        if key == "centre_name":
            row[1].value = "Кризисный центр «Тест»"
        elif key == "audit_date":
            row[1].value = "2026-10-15"
        elif isinstance(key, str) and key.startswith("condition:"):
            row[1].value = yes if services[key.split(":")[1]] else no
    responses = wb[responses_name]
    word = STATUS_CHOICES[lang][status]
    for row in responses.iter_rows(min_row=2):
        if row[0].value:
            row[5].value = word
    out = path.with_name(path.stem + "-filled.xlsx")
    wb.save(out)
    return out


ALL = {"shelter": True, "helpline": True, "children": True, "medical": True}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_all_met_scores_100_and_compliant(tmp_path: Path, lang: str) -> None:
    result = score_file(fill(make(tmp_path, lang), lang, Status.met, ALL))
    total = len(load_catalog("crisis-centre-minimum").catalog.criteria())
    assert result.catalog.id == "crisis-centre-minimum"
    assert (result.score.percent, result.score.coverage, result.outcome) == (100.0, 100.0, "compliant")
    assert result.score.applicable == total
    assert result.problems == []
    assert result.audit.centre_name == "Кризисный центр «Тест»"
    assert result.audit.audit_date == "2026-10-15"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_all_not_met_scores_0(tmp_path: Path, lang: str) -> None:
    result = score_file(fill(make(tmp_path, lang), lang, Status.not_met, ALL))
    assert (result.score.percent, result.score.earned, result.outcome) == (0.0, 0.0, "non_compliant")


def test_no_shelter_makes_shelter_criteria_not_applicable(tmp_path: Path) -> None:
    services = {**ALL, "shelter": False}
    result = score_file(fill(make(tmp_path, "ru"), "ru", Status.met, services))
    shelter = [c for c in result.criteria if c.section == "SHE"]
    assert shelter and all(c.status is Status.not_applicable and c.na_reason == "condition" for c in shelter)
    assert all(c.unmet_conditions == ["shelter"] for c in shelter)
    she = next(s for s in result.sections if s.id == "SHE")
    assert (she.percent, she.applicable) == (None, 0)
    catalog = load_catalog("crisis-centre-minimum").catalog
    assert result.score.applicable == len(catalog.criteria()) - len(shelter)
    assert result.score.percent == 100.0


def _validation_for(ws: Any, coordinate: str) -> Any:
    for dv in ws.data_validations.dataValidation:
        if coordinate in dv.sqref:
            return dv
    return None


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_status_dropdown_prompt_error_and_protection(tmp_path: Path, lang: str) -> None:
    wb = load_workbook(make(tmp_path, lang))
    centre_name, responses_name = NAMES[lang]
    ws = wb[responses_name]
    assert ws["F1"].value == ("Status" if lang == "en" else "Статус")
    dv = _validation_for(ws, "F2")
    assert dv is not None and _validation_for(ws, f"F{ws.max_row}") is dv
    assert dv.type == "list" and not dv.showDropDown  # False shows the arrow
    assert dv.showErrorMessage and dv.errorStyle == "stop" and dv.error
    assert dv.showInputMessage and dv.prompt
    lists = wb[wb.sheetnames[-1]]
    assert lists.sheet_state == "hidden"
    values = [c.value for c in lists["A"][1:5]]
    assert values == [
        STATUS_CHOICES[lang][s] for s in (Status.met, Status.partial, Status.not_met, Status.not_applicable)
    ]
    assert ws.freeze_panes == "B2"
    assert ws.protection.sheet
    assert ws["C2"].protection.locked and not ws["F2"].protection.locked and not ws["H2"].protection.locked
    assert ws["C2"].alignment.wrap_text
    assert ws.column_dimensions["C"].width >= 50
    centre = wb[centre_name]
    keys = {row[2].value: row[1] for row in centre.iter_rows(min_row=2)}
    assert keys["standard"].value == "crisis-centre-minimum" and keys["standard"].protection.locked
    assert keys["standard_version"].value == load_catalog("crisis-centre-minimum").catalog.version
    shelter = _validation_for(centre, keys["condition:shelter"].coordinate)
    assert shelter is not None and not shelter.showDropDown
    assert centre.column_dimensions["C"].hidden


def test_template_refuses_other_extensions(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["template", "crisis-centre-minimum", "-o", str(tmp_path / "t.ods")])
    assert result.exit_code == 2 and ".xlsx" in result.output


def test_record_review_template_has_dropdowns_for_conditions_fields_and_elements(tmp_path: Path) -> None:
    wb = load_workbook(make(tmp_path, "ru", "istanbul-protocol"))
    ws = wb["Записи"]
    ids = [c.value for c in ws[2]]
    assert ids[0] == "Запись" and "custody" in ids and "overall_opinion" in ids and "P6.1" in ids
    from openpyxl.utils import get_column_letter

    for name in ("custody", "overall_opinion", "P6.1"):
        letter = get_column_letter(ids.index(name) + 1)
        assert _validation_for(ws, f"{letter}3") is not None, name


def test_template_is_reproducible_and_wrapped_rows_have_room(tmp_path: Path) -> None:
    first = make(tmp_path, "ru")
    second = tmp_path / "again.xlsx"
    assert (
        CliRunner()
        .invoke(main, ["template", "crisis-centre-minimum", "-o", str(second), "--lang", "ru"])
        .exit_code
        == 0
    )
    assert first.read_bytes() == second.read_bytes()
    ws = load_workbook(first)["Ответы"]
    # LibreOffice does not size wrapped rows itself: each row carries a height for its longest text
    assert all((ws.row_dimensions[r].height or 0) >= 30 for r in range(2, ws.max_row + 1))
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"


def test_record_review_centre_sheet_does_not_ask_record_conditions(tmp_path: Path) -> None:
    wb = load_workbook(make(tmp_path, "en", "istanbul-protocol"))
    keys = [row[2].value for row in wb["Centre"].iter_rows(min_row=2)]
    assert "centre_name" in keys and not [k for k in keys if str(k).startswith("condition:")]


def test_na_is_offered_only_where_the_reader_accepts_it(tmp_path: Path) -> None:
    wb = load_workbook(make(tmp_path, "en"))
    ws = wb["Responses"]
    row_of = {ws.cell(row=r, column=1).value: r for r in range(2, ws.max_row + 1)}
    lists = wb[wb.sheetnames[-1]]

    def offered(criterion: str) -> list[str]:
        dv = _validation_for(ws, f"F{row_of[criterion]}")
        column = dv.formula1.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
        return [c.value for c in lists[column][1:] if c.value]

    assert offered("GOV.1") == ["met", "partial", "not met"]  # applies to every centre: N/A would be refused
    assert offered("SAF.3") == ["met", "partial", "not met", "n/a"]  # na_allowed
    assert offered("SHE.1") == ["met", "partial", "not met", "n/a"]  # only for centres with a shelter
