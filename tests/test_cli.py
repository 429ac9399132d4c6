"""The command line as a user meets it: exit codes, outputs, and files left untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from protocheck.cli import main

from .conftest import MINI


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def meta(shelter: str = "no") -> list[tuple[str, str]]:
    return [
        ("Standard", str(MINI)),
        ("Centre name", "Test centre"),
        ("Does the centre run a shelter?", shelter),
    ]


def test_exit_0_when_compliant(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met"), ("A.2", "met"), ("A.3", "met"), ("S.1", "")], meta=meta())
    code, out, _ = run("score", str(path), "--lang", "en")
    assert code == 0
    assert "Outcome: compliant" in out
    assert "Score: 100%" in out and "(6 of 6 points)" in out


def test_exit_1_when_non_compliant_and_fail_under_replaces_the_gate(workbook: Callable[..., Path]) -> None:
    # A.1 critical not met: 0 + 2 + 1 = 3 of 6 = 50 %
    path = workbook([("A.1", "no"), ("A.2", "yes"), ("A.3", "yes")], meta=meta())
    assert run("score", str(path))[0] == 1
    assert run("score", str(path), "--fail-under", "50")[0] == 0
    assert run("score", str(path), "--fail-under", "50.01")[0] == 1


def test_strict_turns_problems_into_exit_2(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met"), ("A.2", "met"), ("A.3", "met"), ("X.1", "met")], meta=meta())
    code, _, _ = run("score", str(path))
    assert code == 0
    code, _, err = run("score", str(path), "--strict", "-f", "json")
    assert code == 2
    assert "Responses!A5: criterion «X.1» is not in mini" in err


def test_json_output_is_valid_deterministic_and_has_provenance(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    from jsonschema import Draft202012Validator

    from protocheck.catalog import load_schema

    path = workbook([("A.1", "met"), ("A.2", "partial"), ("A.3", "maybe")], meta=meta())
    first = tmp_path / "one.json"
    second = tmp_path / "two.json"
    assert run("score", str(path), "-f", "json", "-o", str(first))[0] == 0
    assert run("score", str(path), "-f", "json", "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    Draft202012Validator(load_schema("result.schema.json")).validate(data)
    # 3 + 1 + 0 of 6 (A.3 not assessed: "maybe" is a problem)
    assert data["score"] == {
        "percent": 66.67,
        "earned": 4.0,
        "possible": 6.0,
        "coverage": 66.67,
        "applicable": 3,
        "assessed": 2,
    }
    assert data["outcome"] == "conditional"
    assert data["sections"][0] == {
        "id": "A",
        "title": {"en": "Access", "ru": "Доступ"},
        "percent": 66.67,
        "earned": 4.0,
        "possible": 6.0,
        "coverage": 66.67,
        "applicable": 3,
        "assessed": 2,
    }
    a2 = data["criteria"][1]
    assert {k: a2[k] for k in ("id", "section", "severity", "weight", "status", "credit", "cell")} == {
        "id": "A.2",
        "section": "A",
        "severity": "major",
        "weight": 2.0,
        "status": "partial",
        "credit": 0.5,
        "cell": "Responses!B3",
    }
    assert [g["id"] for g in data["gaps"]] == ["A.2", "A.3"]
    assert data["problems"][0]["cell"] == "Responses!B4" and data["problems"][0]["value"] == "maybe"
    prov = data["provenance"]
    assert prov["audit_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert prov["catalog_sha256"] == hashlib.sha256(MINI.read_bytes()).hexdigest()
    assert (prov["catalog_id"], prov["catalog_version"]) == ("mini", "1.0")
    assert prov["protocheck_version"]


def test_json_to_stdout(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met")], meta=meta())
    code, out, _ = run("score", str(path), "-f", "json")
    assert code == 1  # two criteria not assessed → coverage incomplete, and… see outcome
    assert json.loads(out)["score"]["coverage"] == 33.33


def test_input_file_is_never_written(workbook: Callable[..., Path], tmp_path: Path) -> None:
    path = workbook([("A.1", "met"), ("A.2", "no")], meta=meta())
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    run("score", str(path), "-f", "json", "-o", str(tmp_path / "r.json"))
    run("validate", str(path))
    code, _, err = run("score", str(path), "-f", "json", "-o", str(path))
    assert code == 2 and "never writes to it" in err
    assert path.read_bytes() == before and path.stat().st_mtime_ns == mtime


def test_unreadable_files_get_one_sentence_and_exit_2(tmp_path: Path) -> None:
    cases = {
        "empty.xlsx": (b"", "is empty (0 bytes)"),
        "report.xlsx": (b"%PDF-1.4\n%...", "it looks like a PDF document"),
        "table.xlsx": (b"ID;Status\nA.1;met\n", "is a CSV or text table"),
        "broken.xlsx": (b"PK\x03\x04" + b"\x00" * 40, "is damaged or incomplete"),
    }
    for name, (content, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        code, out, err = run("score", str(path), "--standard", str(MINI))
        assert code == 2, name
        assert expected in err, (name, err)
        assert "Traceback" not in err + out
    code, _, err = run("score", str(tmp_path / "missing.xlsx"))
    assert code == 2 and "no such file" in err


def test_no_header_row_says_what_is_missing(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met")], header=("Code", "Result"))
    code, _, err = run("score", str(path), "--standard", str(MINI))
    assert code == 2
    assert "Sheet «Responses»" in err and "has no header row" in err


def test_no_standard_anywhere(workbook: Callable[..., Path]) -> None:
    code, _, err = run("score", str(workbook([("A.1", "met")])))
    assert code == 2 and "does not say which standard" in err


def test_catalog_errors_exit_2_with_line(tmp_path: Path, workbook: Callable[..., Path]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINI.read_text(encoding="utf-8").replace("severity: major", "severity: big"), encoding="utf-8"
    )
    code, out, _ = run("validate", str(bad), str(MINI))
    assert code == 2
    assert f"{bad}: 1 error(s)" in out and "sections[0].criteria[1].severity 'big' is not allowed" in out
    assert f"{MINI}: valid" in out
    code, _, err = run("score", str(workbook([("A.1", "met")])), "--standard", str(bad))
    assert code == 2 and f"{bad}:17:19:" in err


def test_validate_lists_workbook_problems(workbook: Callable[..., Path]) -> None:
    path = workbook([("A.1", "met"), ("A.2", "perhaps"), ("A.3", "no"), ("S.1", "no")], meta=meta("yes"))
    code, out, _ = run("validate", str(path))
    assert code == 2
    assert "Responses!B3: status «perhaps» is not one of the allowed words" in out
    good = workbook([("A.1", "met"), ("A.2", "n/a"), ("A.3", "no"), ("S.1", "no")], meta=meta("yes"))
    code, out, _ = run("validate", str(good))
    assert code == 0, out


def test_help_documents_exit_codes_and_starts_without_heavy_imports() -> None:
    code, out, _ = run("score", "--help")
    assert code == 0 and "Exit codes" in out and "--fail-under" in out
    probe = (
        "import sys, protocheck.cli; heavy = {'openpyxl', 'jinja2', 'jsonschema', 'pydantic', 'python_calamine',"
        " 'babel', 'rich'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_every_command_has_help() -> None:
    import click

    def walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, cmd in group.commands.items():
            found.append([*prefix, name])
            if isinstance(cmd, click.Group):
                found += walk(cmd, [*prefix, name])
        return found

    for path in walk(main, []):
        code, out, _ = run(*path, "--help")
        assert code == 0 and len(out) > 80, path
