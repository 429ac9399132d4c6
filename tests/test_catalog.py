"""Loading catalogs: schema errors with file, line, column and key path; what a schema cannot check."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.catalog import load_catalog
from protocheck.cli import main
from protocheck.yamlfile import DataFileError

from .conftest import MINI

MINIMAL = """\
id: tiny
version: "1"
title: {en: Tiny, ru: Крошечный}
sections:
  - id: AD
    title: {en: Anti-discrimination, ru: Антидискриминация}
    criteria:
      - id: AD.1
        text: {en: Admits everyone, ru: Принимает всех}
        severity: critical
        weight: 2.5
"""


def write(tmp_path: Path, text: str, name: str = "cat.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors(path: Path) -> list[str]:
    with pytest.raises(DataFileError) as info:
        load_catalog(path)
    return [str(i) for i in info.value.issues]


def test_minimal_catalog_with_only_the_contract_keys_is_valid(tmp_path: Path) -> None:
    loaded = load_catalog(write(tmp_path, MINIMAL))
    assert loaded.catalog.id == "tiny"
    assert loaded.catalog.weight_of(loaded.catalog.sections[0].criteria[0]) == 2.5
    assert len(loaded.sha256) == 64 and not loaded.builtin


def test_bad_severity_names_line_column_and_path(tmp_path: Path) -> None:
    text = MINIMAL.replace("severity: critical", "severity: severe")
    path = write(tmp_path, text)
    assert errors(path) == [
        f"{path}:10:19: sections[0].criteria[0].severity 'severe' is not allowed here (allowed: critical, major, minor)"
    ]


def test_catalog_errors_are_shown_in_russian_with_the_same_place(tmp_path: Path) -> None:
    text = MINIMAL.replace("severity: critical", "severity: severe").replace(
        "        weight: 2.5\n", "        weight: 2.5\n        severty: major\n"
    )
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "ru"], catch_exceptions=False)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: ошибок — 2"
    assert (
        f"  {path}:10:19: sections[0].criteria[0].severity значение 'severe' здесь недопустимо "
        "(допустимы: critical, major, minor)"
    ) in lines
    assert any(
        line.startswith(f"  {path}:12:9: sections[0].criteria[0].severty неизвестный ключ «severty» (здесь ")
        for line in lines
    ), lines
    # str() and the English output stay as they were
    assert (
        f"{path}:10:19: sections[0].criteria[0].severity 'severe' is not allowed here "
        "(allowed: critical, major, minor)"
    ) in errors(path)
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"], catch_exceptions=False)
    assert "'severe' is not allowed here (allowed: critical, major, minor)" in result.stdout


def test_catalog_reference_error_in_russian_through_a_command(tmp_path: Path) -> None:
    text = MINIMAL + "        related: [AD.9]\n"
    path = write(tmp_path, text)
    result = CliRunner().invoke(
        main, ["standards", "show", str(path), "--lang", "ru"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert f"{path}:12:19: sections[0].criteria[0].related[0] неизвестный критерий «AD.9»" in result.stderr
    assert errors(path) == [f"{path}:12:19: sections[0].criteria[0].related[0] unknown criterion 'AD.9'"]


def test_unknown_key_is_an_error_at_the_key(tmp_path: Path) -> None:
    text = MINIMAL.replace("        weight: 2.5\n", "        weight: 2.5\n        severty: major\n")
    [message] = errors(write(tmp_path, text))
    assert ":12:9: sections[0].criteria[0].severty unknown key 'severty'" in message


def test_missing_required_key_and_unquoted_version(tmp_path: Path) -> None:
    text = MINIMAL.replace('version: "1"', "version: 1.0").replace("        severity: critical\n", "")
    found = errors(write(tmp_path, text))
    assert any(":8:9: sections[0].criteria[0] missing required key 'severity'" in e for e in found)
    assert any(":2:10: version 1.0 should be a text (quote it)" in e for e in found)


def test_duplicate_ids_and_unknown_references(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + """\
      - id: AD.1
        text: {en: Again}
        severity: minor
        applies_if: [shelter]
        related: [AD.9]
"""
    )
    found = errors(write(tmp_path, text))
    assert any(":12:13: sections[0].criteria[1].id duplicate criterion id 'AD.1'" in e for e in found)
    assert any(
        ":15:22: sections[0].criteria[1].applies_if[0] unknown condition 'shelter'" in e for e in found
    )
    assert any(":16:19: sections[0].criteria[1].related[0] unknown criterion 'AD.9'" in e for e in found)


def test_yaml_syntax_error_has_its_line(tmp_path: Path) -> None:
    [message] = errors(
        write(tmp_path, MINIMAL.replace("title: {en: Tiny, ru: Крошечный}", "title: {en: Tiny"))
    )
    assert ":4:" in message and "not valid YAML" in message


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    [message] = errors(write(tmp_path, "\n".join(lines) + "\n"))
    assert "aliases expand to more than 200,000 values" in message


def test_python_tags_are_not_constructed(tmp_path: Path) -> None:
    text = MINIMAL.replace('version: "1"', "version: !!python/object/apply:os.system ['echo pwned']")
    found = errors(write(tmp_path, text))
    assert found  # refused, one way or another, and nothing ran
    assert not (tmp_path / "pwned").exists()


def test_record_review_rules_reference_fields(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace('version: "1"', 'version: "1"\nkind: record-review')
        + """\
fields:
  - id: consent
    label: {en: Consent}
    vocabulary:
      - {code: "yes", label: {en: yes}}
      - {code: "no", label: {en: no}}
rules:
  - id: r1
    when: {field: consent, equals: "maybe"}
    require: reason
    message: {en: Give a reason}
"""
    )
    found = errors(write(tmp_path, text))
    assert any("rules[0].when.equals 'maybe' is not a code of field 'consent'" in e for e in found)
    assert any("rules[0].require unknown field 'reason'" in e for e in found)


def test_test_catalog_loads() -> None:
    assert [c.id for _, c in load_catalog(MINI).catalog.criteria()] == ["A.1", "A.2", "A.3", "S.1"]


def test_type_names_are_translated_and_the_line_keeps_its_shape(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace('version: "1"', "version: 1.0"))
    with pytest.raises(DataFileError) as info:
        load_catalog(path)
    [issue] = info.value.issues
    assert str(issue) == f"{path}:2:10: version 1.0 should be a text (quote it)"
    assert issue.localized("ru") == (
        f"{path}:2:10: version значение 1.0 не подходит: здесь ожидается текст (возьмите значение в кавычки)"
    )
    assert {issue} == {issue}  # frozen and hashable, params included
