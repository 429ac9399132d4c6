"""Record reviews: per-element rates over records, conditions, vocabularies, companion fields, formative mode."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from protocheck.audit import score_file
from protocheck.cli import main
from protocheck.vocab import Status

from .conftest import RR, RR_EIGHT, RR_HEADER

HEADER, EIGHT = RR_HEADER, RR_EIGHT


def test_hand_computed_rates_over_eight_records(workbook: Callable[..., Path]) -> None:
    result = score_file(workbook(EIGHT, header=HEADER, sheet="Records"), RR)
    by_id = {c.id: c for c in result.criteria}
    # E.1 over 8 records: (1+1+0+1+1+0.5+1+1)/8 = 0.8125; E.2: (1+.5+1+0+1+0+1+.5)/8 = 0.625
    # E.3 only in custody (R1, R4, R7): (1+.5+0)/3 = 0.5; E.4 without the two N/A: (1+1+0+1+.5+1)/6 = 0.75
    assert [by_id[i].credit for i in ("E.1", "E.2", "E.3", "E.4")] == [0.8125, 0.625, 0.5, 0.75]
    assert by_id["E.1"].status is Status.partial
    # 3×0.8125 + 2×0.625 + 1×0.5 + 1×0.75 = 4.9375 of 7 = 70.54 %
    assert (result.score.earned, result.score.possible, result.score.percent) == (4.9375, 7.0, 70.54)
    assert result.outcome == "conditional"  # critical E.1 only partial
    # record completeness, same formula per record
    assert [(r.record, r.percent) for r in result.records] == [
        ("R-001", 100.0),
        ("R-002", 80.0),
        ("R-003", 50.0),
        ("R-004", 50.0),
        ("R-005", 100.0),
        ("R-006", 33.33),
        ("R-007", 83.33),
        ("R-008", 83.33),
    ]
    r4 = result.records[3]
    assert (r4.met, r4.partial, r4.missing) == (["E.1"], ["E.3"], ["E.2", "E.4"])
    # most often missing, (missing + partial/2) / applicable: E.3 .5, E.2 .375, E.4 .25, E.1 .1875
    assert [s.id for s in result.most_missed] == ["E.3", "E.2", "E.4", "E.1"]
    e2 = result.most_missed[1]
    assert (e2.applicable, e2.met, e2.partial, e2.missing) == (8, 4, 2, 2)
    assert result.problems == []


def test_condition_switches_element_off_and_no_record_means_not_applicable(
    workbook: Callable[..., Path],
) -> None:
    rows = [
        ("R-1", "no", "yes", "", "C", "met", "met", "not met", "met"),
        ("R-2", "", "yes", "", "C", "met", "met", "", "met"),
    ]
    result = score_file(workbook(rows, header=HEADER), RR)
    e3 = next(c for c in result.criteria if c.id == "E.3")
    assert (e3.status, e3.credit, e3.na_reason) == (Status.not_applicable, None, "no_records")
    assert result.score.percent == 100.0


def test_vocabulary_condition_and_companion_problems(workbook: Callable[..., Path]) -> None:
    rows = [
        ("R-1", "maybe", "no", "", "highly", "met", "met", "", "met"),
        ("R-2", "да", "нет", "refused examination", "соответствует", "met", "met", "met", "met"),
        ("Anna Petrova", "no", "yes", "", "consistent", "met", "met", "", "met"),
    ]
    result = score_file(workbook(rows, header=HEADER, sheet="Records"), RR)
    found = {(p.code, p.cell, p.value) for p in result.problems}
    assert found == {
        ("condition_bad", "Records!B2", "maybe"),
        ("rule_consent-reason", "Records!D2", ""),
        ("bad_vocabulary", "Records!E2", "highly"),
        ("record_id_name", "Records!A4", None),
    }
    vocab = next(p for p in result.problems if p.code == "bad_vocabulary")
    assert "not consistent with / не соответствует; consistent with / соответствует" in vocab.message
    rule = next(p for p in result.problems if p.code == "rule_consent-reason")
    assert rule.localized("ru") == "Согласие «нет»: нужно указать причину"
    # the name is never repeated: the record is shown by its row
    assert [r.record for r in result.records] == ["R-1", "R-2", "row 4"]
    assert "Anna" not in result.model_dump_json()
    assert result.records[1].fields == {"consent": "no", "consent_reason": "filled", "opinion": "C"}


def test_istanbul_protocol_conditions_vocabulary_and_companions(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "ip.xlsx"
    assert (
        CliRunner().invoke(main, ["template", "istanbul-protocol", "-o", str(path), "--lang", "en"]).exit_code
        == 0
    )
    wb = load_workbook(path)
    ws = wb["Records"]
    ids = [c.value for c in ws[2]]
    col = {name: i + 1 for i, name in enumerate(ids)}

    def fill(row: int, values: dict[str, str]) -> None:
        for name, value in values.items():
            ws.cell(row=row, column=col[name], value=value)

    elements = [i for i in ids if i and i[0].isupper() and "." in i]
    # report 1: not in custody, not judicial; every element met
    fill(
        3,
        {
            "Record": "MLR-2026-01",
            "custody": "no",
            "judicial": "no",
            "consent": "yes",
            "interpreter": "no",
            "physical_findings": "no",
            "overall_opinion": "not consistent with",
            **{e: "met" for e in elements},
        },
    )
    # report 2: in custody, for court, interpreter without a name; consent no with no reason
    fill(
        4,
        {
            "Record": "MLR-2026-02",
            "custody": "yes",
            "judicial": "yes",
            "consent": "no",
            "interpreter": "yes",
            "physical_findings": "yes",
            "overall_opinion": "highly consistent with",
            **{e: "met" for e in elements},
        },
    )
    wb.save(path)
    result = score_file(path)
    r1, r2 = result.records
    judicial_only = {"A4.2", "A4.3", "A4.14"}
    custody_only = {"A4.15", "A4.18"}
    assert judicial_only | custody_only <= set(r1.not_applicable)
    assert not (judicial_only | custody_only) & set(r2.not_applicable)
    codes = {p.code: p for p in result.problems}
    assert codes["rule_no-findings-not-nc"].cell == f"Records!{_letter(col['overall_opinion'])}3"
    assert codes["rule_consent-reason"].cell == f"Records!{_letter(col['consent_reason'])}4"
    assert codes["rule_interpreter-name"].cell == f"Records!{_letter(col['interpreter_name'])}4"
    assert r2.fields["overall_opinion"] == "HC"


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def test_formative_output_has_no_percentages(workbook: Callable[..., Path]) -> None:
    path = workbook(EIGHT, header=HEADER, sheet="Records")
    result = CliRunner().invoke(main, ["score", str(path), "-s", str(RR), "--formative", "--lang", "en"])
    assert result.exit_code == 0
    out = result.stdout
    assert "%" not in out
    assert "formative review" in out
    assert "R-004" in out and "Missing" in out


def test_a_catalog_may_declare_itself_formative_only(workbook: Callable[..., Path], tmp_path: Path) -> None:
    teaching = tmp_path / "teaching.yaml"
    teaching.write_text(
        RR.read_text(encoding="utf-8").replace(
            "kind: record-review", "kind: record-review\nformative_only: true"
        ),
        encoding="utf-8",
    )
    path = workbook(EIGHT, header=HEADER, sheet="Records")
    result = score_file(path, teaching)
    assert (result.formative, result.outcome, result.outcome_reasons) == (True, "formative", [])
    cli = CliRunner().invoke(main, ["score", str(path), "-s", str(teaching), "--lang", "en"])
    assert cli.exit_code == 0 and "%" not in cli.stdout and "Missing: E.2, E.4" in cli.stdout
