"""Waivers: an active one leaves the denominator, an expired one does nothing, a bad file stops the run."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.audit import score_file
from protocheck.catalog import load_catalog
from protocheck.cli import main
from protocheck.waivers import load_waivers
from protocheck.yamlfile import DataFileError

from .conftest import DATA

NET = DATA / "net.yaml"
# SAF.1 met 3, SAF.2 partial ½ of 1, AD.1 met 3, AD.2 met 3, AD.3 not assessed 0 of 2, MON.1 met 1,
# MON.2 met 2 → 12.5 of 15 = 83.33 %, coverage 6 of 7 = 85.71 %.
ROWS = [
    ("SAF.1", "met"),
    ("SAF.2", "partial"),
    ("AD.1", "met"),
    ("AD.2", "met"),
    ("AD.3", ""),
    ("MON.1", "met"),
    ("MON.2", "met"),
]
HEADER = "criterion,justification,approved_by,expires\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def meta(date: str | None = "2025-06-01") -> list[tuple[str, str]]:
    rows = [("Standard", str(NET)), ("Centre name", "Sezim")]
    return rows + ([("Audit date", date)] if date else [])


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_active_waiver_leaves_the_denominator_and_is_listed(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    path = workbook(ROWS, meta=meta())
    plain = score_file(path)
    assert (plain.score.percent, plain.score.coverage, plain.outcome) == (83.33, 85.71, "conditional")
    waivers = write(
        tmp_path / "waivers.csv", HEADER + "AD.3,Ramp being built; budget approved,Board,2025-12-31\n"
    )
    result = score_file(path, waivers=waivers)
    # AD.3 (weight 2) leaves: 12.5 of 13 = 96.15 %; coverage 6 of 6; nothing critical is missing → compliant.
    assert (result.score.percent, result.score.earned, result.score.possible) == (96.15, 12.5, 13.0)
    assert (result.score.coverage, result.score.applicable, result.score.assessed) == (100.0, 6, 6)
    assert result.outcome == "compliant" and result.outcome_reasons == []
    ad = next(s for s in result.sections if s.id == "AD")
    assert (ad.percent, ad.possible, ad.coverage) == (100.0, 6.0, 100.0)
    ad3 = next(c for c in result.criteria if c.id == "AD.3")
    assert (ad3.status.value, ad3.waived) == ("not_assessed", True)  # the status stays as assessed
    assert [g.id for g in result.gaps] == ["SAF.2"]
    assert result.waivers is not None
    assert (result.waivers.file, result.waivers.date, result.waivers.date_source) == (
        "waivers.csv",
        "2025-06-01",
        "audit_date",
    )
    assert result.waivers.waived == ["AD.3"]
    entry = result.waivers.entries[0]
    assert (
        entry.criterion,
        entry.state,
        entry.justification,
        entry.approved_by,
        entry.expires,
        entry.where,
    ) == ("AD.3", "active", "Ramp being built; budget approved", "Board", "2025-12-31", "waivers.csv:2")


def test_expired_waiver_no_longer_applies_and_the_last_day_still_counts(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    path = workbook(ROWS, meta=meta("2025-06-01"))
    waivers = write(
        tmp_path / "waivers.csv",
        HEADER + "AD.3,Ramp being built,Board,2025-05-31\nsaf.2,Template in translation,,2025-06-01\n",
    )
    result = score_file(path, waivers=waivers)
    assert result.waivers is not None
    assert [(e.criterion, e.state) for e in result.waivers.entries] == [
        ("AD.3", "expired"),
        ("SAF.2", "active"),
    ]
    # SAF.2 (weight 1) leaves, AD.3 counts: 12 of 14 = 85.71 %; coverage 5 of 6 = 83.33 %.
    assert (result.score.percent, result.score.coverage) == (85.71, 83.33)
    assert result.outcome == "conditional"
    assert [(r.code, r.criteria) for r in result.outcome_reasons] == [("coverage_incomplete", ["AD.3"])]
    code, out, _ = run("score", str(path), "--waivers", str(waivers), "--lang", "en")
    assert code == 0
    assert "Waivers (waivers.csv, checked on 2025-06-01):" in out
    assert "AD.3: expired (until 2025-05-31) — Ramp being built" in out
    assert "SAF.2: active (until 2025-06-01) — Template in translation" in out


def test_waiver_on_a_criterion_that_does_not_apply_and_no_audit_date_uses_today(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    rows = [(cid, "n/a" if cid == "MON.1" else status) for cid, status in ROWS]
    path = workbook(rows, meta=meta(None))
    waivers = write(tmp_path / "w.yaml", "- criterion: MON.1\n  justification: No feedback box yet\n")
    result = score_file(path, waivers=waivers)
    assert result.waivers is not None
    assert (result.waivers.date, result.waivers.date_source) == (datetime.date.today().isoformat(), "today")
    assert [(e.criterion, e.state, e.expires, e.where) for e in result.waivers.entries] == [
        ("MON.1", "not_applicable", None, "w.yaml:1")
    ]
    assert result.waivers.waived == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADER + "AD.3,Ramp,Board,2025-12-31\nSAF.2,Plan,Board,2025-12-31\nMON.1,,Board,2025-12-31\n",
            "waivers.csv:4: justification is empty: every waiver needs one (criterion MON.1)",
        ),
        (
            HEADER + "AD.3,Ramp,Board,2025-12-31\nSAF.2,Plan,Board,2025-13-01\n",
            "waivers.csv:3: expires '2025-13-01' is not a date in the calendar",
        ),
        (
            HEADER + "AD.3,Ramp,Board,31.12.2025\n",
            "waivers.csv:2: expires '31.12.2025' is not a date in the form YYYY-MM-DD (write 2025-12-31)",
        ),
        (
            HEADER + 'AD.3,"Ramp,\nstill being built",Board,2025-12-31\n\n,missing id,,\n',
            "waivers.csv:5: criterion is empty",
        ),
        (
            "criterion,reason why,expires\nAD.3,Ramp,2025-12-31\n",
            "waivers.csv:1: unknown column 'reason why' (the columns are: criterion, justification, "
            "approved_by, "
            "expires)",
        ),
        (
            HEADER + "AD.3,Ramp,Board,2025-12-31\nXX.1,Not in the standard,Board,2025-12-31\n",
            "waivers.csv:3: 'XX.1' is not a criterion of net",
        ),
    ],
    ids=[
        "no-justification",
        "bad-date",
        "day-first-date",
        "empty-id-after-multiline",
        "bad-header",
        "unknown-id",
    ],
)
def test_malformed_waiver_file_stops_the_run_with_exit_2_and_the_line(
    text: str, expected: str, tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    waivers = write(tmp_path / "waivers.csv", text)
    path = workbook(ROWS, meta=meta())
    code, out, err = run("score", str(path), "--waivers", str(waivers), "-f", "json")
    assert code == 2
    assert out == ""  # nothing was scored or written
    assert f"{tmp_path / expected}" in err, err


def test_waiver_errors_are_shown_in_russian_and_str_stays_english(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    waivers = write(
        tmp_path / "waivers.csv", HEADER + "AD.3,Ramp,Board,2025-12-31\nSAF.2,Plan,Board,31.12.2025\n"
    )
    path = workbook(ROWS, meta=meta())
    code, out, err = run("score", str(path), "--waivers", str(waivers), "-f", "json", "--lang", "ru")
    assert code == 2 and out == ""
    assert err.strip() == (
        f"{waivers}:3: в поле expires указано «31.12.2025» — это не дата в формате ГГГГ-ММ-ДД (напишите 2025-12-31)"
    )
    with pytest.raises(DataFileError) as caught:
        load_waivers(waivers)
    [issue] = caught.value.issues
    assert (
        str(issue)
        == f"{waivers}:3: expires '31.12.2025' is not a date in the form YYYY-MM-DD (write 2025-12-31)"
    )
    assert issue.localized("en") == str(issue)
    hash(issue)  # a frozen value, still hashable

    yaml_waivers = write(tmp_path / "w.yaml", "- criterion: AD.3\n  justification: '  '\n")
    code, _, err = run("score", str(path), "--waivers", str(yaml_waivers), "--lang", "ru")
    assert code == 2
    assert (
        f"{yaml_waivers}:2:18: [0].justification не заполнено: у каждого отступления должно быть обоснование"
        in err
    )


def test_bad_header_names_the_missing_column(tmp_path: Path) -> None:
    waivers = write(tmp_path / "w.csv", "criterion,approved_by\nAD.3,Board\n")
    with pytest.raises(DataFileError) as caught:
        load_waivers(waivers)
    assert [str(i) for i in caught.value.issues] == [
        f"{waivers}:1: the header has no 'justification' column (the columns are: criterion, justification, "
        "approved_by, expires)"
    ]


def test_yaml_waiver_errors_have_line_and_column(tmp_path: Path) -> None:
    waivers = write(
        tmp_path / "w.yaml",
        "- criterion: AD.3\n  justification: Ramp\n  expires: 2025-12-31\n"
        "- criterion: SAF.2\n  expires: 2025-12-31\n"
        "- criterion: MON.1\n  justification: '  '\n",
    )
    with pytest.raises(DataFileError) as caught:
        load_waivers(waivers)
    assert [str(i) for i in caught.value.issues] == [
        f"{waivers}:4:3: [1] missing required key 'justification'"
    ]
    waivers.write_text(
        "- criterion: MON.1\n  justification: '  '\n  expires: 2025-02-30x\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError) as caught:
        load_waivers(waivers)
    assert [str(i) for i in caught.value.issues] == [
        f"{waivers}:3:12: [0].expires '2025-02-30x' is not in the expected form "
        "(pattern ^\\d{4}-\\d{2}-\\d{2}$)"
    ]
    waivers.write_text("- criterion: MON.1\n  justification: '  '\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_waivers(waivers)
    assert [str(i) for i in caught.value.issues] == [
        f"{waivers}:2:18: [0].justification is empty: every waiver needs one"
    ]


def test_excel_csv_with_semicolons_cp1251_and_russian_headers(tmp_path: Path) -> None:
    waivers = write(
        tmp_path / "w.csv",
        "Критерий;Обоснование;Кем утверждено;Действует до\r\nad.3;Пандус строится;Правление;2025-12-31\r\n",
        encoding="cp1251",
    )
    loaded = load_waivers(waivers).check_ids(load_catalog(NET).catalog)
    (entry,) = loaded.entries
    assert (entry.criterion, entry.justification, entry.approved_by, entry.expires, entry.line) == (
        "AD.3",
        "Пандус строится",
        "Правление",
        datetime.date(2025, 12, 31),
        2,
    )


def test_json_output_lists_waivers(tmp_path: Path, workbook: Callable[..., Path]) -> None:
    waivers = write(tmp_path / "w.yaml", "- {criterion: AD.3, justification: Ramp, expires: 2025-12-31}\n")
    code, out, _ = run("score", str(workbook(ROWS, meta=meta())), "--waivers", str(waivers), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["waivers"]["waived"] == ["AD.3"]
    assert data["waivers"]["entries"][0]["state"] == "active"
    assert next(c for c in data["criteria"] if c["id"] == "AD.3")["waived"] is True
    assert data["score"]["percent"] == 96.15
