"""Accreditation profiles: exclusions, overrides, gates, tiers and validity, with hand-computed figures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.audit import score_file
from protocheck.catalog import builtin_paths
from protocheck.cli import main
from protocheck.profile import add_months, builtin_profile_paths, load_profile
from protocheck.workbook import read_workbook
from protocheck.yamlfile import DataFileError

from .conftest import DATA

NET = DATA / "net.yaml"
PROFILE = DATA / "net-profile.yaml"
TIERS = DATA / "net-tiers.yaml"
ALL_MET = [
    ("SAF.1", "met"),
    ("SAF.2", "met"),
    ("AD.1", "met"),
    ("AD.2", "met"),
    ("AD.3", "met"),
    ("MON.1", "met"),
    ("MON.2", "met"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def meta(date: str = "2025-03-31", standard: Path = NET, **extra: str) -> list[tuple[str, str]]:
    rows = [("Standard", str(standard)), ("Centre name", "Sezim"), ("Audit date", date)]
    return rows + [(k.replace("_", " ").capitalize(), v) for k, v in extra.items()]


def with_status(changes: dict[str, str]) -> list[tuple[str, str]]:
    return [(cid, changes.get(cid, status)) for cid, status in ALL_MET]


def test_profile_excludes_a_section_overrides_and_a_gate_lowers_the_outcome(
    workbook: Callable[..., Path],
) -> None:
    # Profile: MON.* excluded, AD.3 critical (3), SAF.2 weight 4, gates AD.1 and SAF.2, thresholds 90 and 50
    # SAF.1 3×1 + SAF.2 4×1 + AD.1 3×½ + AD.2 3×1 + AD.3 3×1 = 14.5 of 16 = 90.625 → 90.63 %.
    path = workbook(with_status({"AD.1": "partial"}), meta=meta())
    plain = score_file(path)
    # Without the profile: 3 + 1 + 1.5 + 3 + 2 + 1 + 2 = 13.5 of 15 = 90 %.
    assert (plain.score.percent, plain.score.earned, plain.score.possible) == (90.0, 13.5, 15.0)
    result = score_file(path, profile=PROFILE)
    assert (result.score.percent, result.score.earned, result.score.possible) == (90.63, 14.5, 16.0)
    assert [s.id for s in result.sections] == ["SAF", "AD"]  # the section left empty is gone
    assert [c.id for c in result.criteria] == ["SAF.1", "SAF.2", "AD.1", "AD.2", "AD.3"]
    assert {c.id: (c.severity.value, c.weight) for c in result.criteria}["AD.3"] == ("critical", 3.0)
    assert {c.id: c.weight for c in result.criteria}["SAF.2"] == 4.0
    assert result.problems == []  # the MON rows in the workbook are not "unknown ids"
    assert (result.thresholds.compliant, result.thresholds.conditional) == (90.0, 50.0)
    # Without the gate the outcome would be conditional (AD.1 critical only partial, score ≥ 50);
    # gate AD.1 is not met, so it is non_compliant.
    assert result.outcome == "non_compliant"
    assert [(r.code, r.criteria) for r in result.outcome_reasons] == [
        ("gate_not_met", ["AD.1"]),
        ("critical_partial", ["AD.1"]),
    ]
    assert result.profile is not None
    assert result.profile.id == "net-profile"
    assert result.profile.excluded == ["MON.1", "MON.2"]
    assert result.profile.overridden == ["SAF.2", "AD.3"]
    assert result.profile.gates == ["AD.1", "SAF.2"]
    assert result.profile.tier is None and result.profile.valid_until is None

    met = score_file(workbook(ALL_MET, meta=meta()), profile=PROFILE)
    assert (met.score.percent, met.outcome, met.outcome_reasons) == (100.0, "compliant", [])


def test_gate_that_does_not_apply_is_not_checked_and_partial_gate_fails(
    workbook: Callable[..., Path],
) -> None:
    path = workbook(with_status({"SAF.2": "partial"}), meta=meta())
    result = score_file(path, profile=PROFILE)
    # 3 + 4×½ + 3 + 3 + 3 = 14 of 16 = 87.5 %: below pass 90, above conditional 50; gate SAF.2 only partial.
    assert result.score.percent == 87.5
    assert result.outcome == "non_compliant"
    assert result.outcome_reasons[0].criteria == ["SAF.2"]


def test_unknown_ids_and_empty_patterns_are_errors_with_line_and_column(
    tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: bad\n"
        "title: {en: Bad, ru: Плохой}\n"
        f"catalog: {NET}\n"
        "exclude:\n"
        "  - MON.*\n"
        "  - XYZ.9\n"
        "  - ZZ.*\n"
        "  - SAF\n"
        "overrides:\n"
        "  AD.9: {weight: 2}\n"
        "gates: [AD.1, MON.1]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        load_profile(bad)
    assert [str(i) for i in caught.value.issues] == [
        f"{bad}:6:5: exclude[1] 'XYZ.9' is not a criterion of net",
        f"{bad}:7:5: exclude[2] pattern 'ZZ.*' matches no criterion of net",
        f"{bad}:8:5: exclude[3] 'SAF' is not a criterion of net; to leave out the section SAF, write 'SAF.*'",
        f"{bad}:10:3: overrides.AD.9 'AD.9' is not a criterion of net",
        f"{bad}:11:15: gates[1] gate MON.1 is excluded (exclude[0])",
    ]
    code, _, err = run("score", "--profile", str(bad), str(workbook(ALL_MET, meta=meta())))
    assert code == 2 and f"{bad}:6:5: exclude[1] 'XYZ.9'" in err
    code, out, _ = run("validate", str(bad))
    assert code == 2 and f"{bad}: 5 error(s)" in out


def test_schema_errors_in_a_profile_have_positions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        f"id: bad\ntitle: {{en: Bad}}\ncatalog: {NET}\nthresholds: {{pass: 120}}\ntiers:\n  - id: full\n"
        "    outcome: best\n    label: {en: Full}\n    gatez: [AD.1]\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError) as caught:
        load_profile(bad)
    lines = [str(i) for i in caught.value.issues]
    assert f"{bad}:4:20: thresholds.pass 120 is out of range (maximum 100)" in lines
    assert (
        f"{bad}:7:14: tiers[0].outcome 'best' is not allowed here (allowed: compliant, conditional)" in lines
    )
    assert any(line.startswith(f"{bad}:9:5: tiers[0].gatez unknown key 'gatez'") for line in lines)


def test_tiers_decide_between_two_outcomes_and_validity(workbook: Callable[..., Path]) -> None:
    # All met: 15 of 15 = 100 % → full accreditation (compliant), valid 36 months from the audit date.
    full = score_file(workbook(ALL_MET, meta=meta("2025-03-31")), profile=TIERS)
    assert full.outcome == "compliant"
    assert full.profile is not None
    assert (full.profile.tier, full.profile.tier_label and full.profile.tier_label.get("en")) == (
        "full",
        "full accreditation",
    )
    assert full.profile.valid_until == "2028-03-31"
    assert [t.reached for t in full.profile.tiers] == [True, True]
    assert [r.code for r in full.profile.decided_by] == ["tier_reached"]

    # AD.2 partial: 13.5 of 15 = 90 % ≥ 90, but AD.2 is a gate of the full tier (and a critical only partial):
    # the full tier is not reached; the minimum tier (≥ 60, gate AD.1 met) is → conditional, valid 12 months.
    minimum = score_file(workbook(with_status({"AD.2": "partial"}), meta=meta("2025-03-31")), profile=TIERS)
    assert minimum.score.percent == 90.0
    assert minimum.outcome == "conditional"
    assert minimum.profile is not None
    assert minimum.profile.tier == "minimum"
    assert minimum.profile.valid_for_months == 12 and minimum.profile.valid_until == "2026-03-31"
    full_tier, min_tier = minimum.profile.tiers
    assert (full_tier.id, full_tier.reached, full_tier.threshold, full_tier.gates) == (
        "full",
        False,
        90.0,
        ["AD.1", "AD.2"],
    )
    assert [(r.code, r.criteria) for r in full_tier.reasons] == [
        ("gate_not_met", ["AD.2"]),
        ("critical_partial", ["AD.2"]),
    ]
    assert (min_tier.id, min_tier.reached, min_tier.threshold, min_tier.reasons) == (
        "minimum",
        True,
        60.0,
        [],
    )
    assert [r.message for r in minimum.profile.decided_by] == [
        "tier full: gate criteria not met",
        "tier full: critical criteria only partially met",
        "tier minimum: tier reached",
    ]
    assert [(r.code, r.criteria) for r in minimum.outcome_reasons] == [
        ("gate_not_met", ["AD.2"]),
        ("critical_partial", ["AD.2"]),
    ]

    # AD.1 not met: the profile's gate fails for both tiers → not accredited, no validity.
    none = score_file(workbook(with_status({"AD.1": "not met"}), meta=meta()), profile=TIERS)
    assert none.outcome == "non_compliant"
    assert none.profile is not None
    assert none.profile.tier is None and none.profile.valid_until is None
    assert none.outcome_reasons[0].code == "gate_not_met" and none.outcome_reasons[0].criteria == ["AD.1"]


def test_add_months_keeps_the_day_or_the_end_of_a_shorter_month() -> None:
    import datetime

    assert add_months(datetime.date(2025, 3, 31), 12) == datetime.date(2026, 3, 31)
    assert add_months(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert add_months(datetime.date(2023, 11, 30), 3) == datetime.date(2024, 2, 29)


def test_template_records_the_profile_and_score_uses_it(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    code, _, err = run("template", "--profile", str(TIERS), "-o", str(target), "--lang", "en")
    assert code == 0, err
    wb = read_workbook(target)
    entry = wb.meta_value("profile")
    assert entry is not None and entry.value == str(TIERS) and entry.cell == "Centre!B4"
    from openpyxl import load_workbook

    sheet = load_workbook(target)["Responses"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 9)] == [
        "SAF.1",
        "SAF.2",
        "AD.1",
        "AD.2",
        "AD.3",
        "MON.1",
        "MON.2",
    ]
    excluded = tmp_path / "ex.xlsx"
    assert run("template", "--profile", str(PROFILE), "-o", str(excluded))[0] == 0
    sheet = load_workbook(excluded)["Responses"]
    assert [sheet.cell(row=r, column=1).value for r in range(2, 8)] == [
        "SAF.1",
        "SAF.2",
        "AD.1",
        "AD.2",
        "AD.3",
        None,
    ]
    # a profile for another catalog than STANDARD is refused
    code, _, err = run("template", "crisis-centre-minimum", "--profile", str(PROFILE), "-o", str(excluded))
    assert code == 2 and "the profile net-profile is for the standard net, not crisis-centre-minimum" in err


def test_score_uses_the_profile_the_workbook_records(workbook: Callable[..., Path]) -> None:
    path = workbook(with_status({"AD.2": "partial"}), meta=[*meta(), ("Profile", str(TIERS))])
    code, out, _ = run("score", str(path), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["outcome"] == "conditional"
    assert data["profile"]["id"] == "net-tiers" and data["profile"]["tier"] == "minimum"
    code, out, _ = run("score", str(path), "--lang", "en")
    assert code == 0
    assert "Profile net-tiers — Net tiered profile: minimum accreditation" in out
    assert "full accreditation (full): not reached" in out and "- gate criteria not met: AD.2" in out
    assert "Valid until 2026-03-31" in out
    missing = workbook(ALL_MET, meta=[*meta(), ("Profile", "no-such-profile")])
    code, _, err = run("score", str(missing))
    assert code == 2
    assert f"{missing.name} names the profile «no-such-profile» on its centre sheet (Centre!B4)" in err


def test_builtin_profile_is_an_example_with_two_tiers_and_anti_discrimination_gates() -> None:
    assert [p.name for p in builtin_profile_paths()] == ["acc-accreditation-2025.yaml"]
    assert all(p.parent.name != "profiles" for p in builtin_paths())
    loaded = load_profile("acc-accreditation-2025")
    profile = loaded.profile
    assert profile.catalog == "crisis-centre-minimum" and loaded.base.catalog.id == "crisis-centre-minimum"
    assert "an example, not any association's real rules" in profile.title.get("en")
    assert profile.notice is not None and "EXAMPLE ONLY" in profile.notice.get("en")
    assert "ТОЛЬКО ПРИМЕР" in profile.notice.get("ru")
    assert {"AD.1", "AD.2", "AD.3", "AD.4", "AD.5", "AD.6", "SAF.1"} <= set(profile.gates)
    assert [(t.id, t.outcome, t.label.get("en"), t.label.get("ru")) for t in profile.tiers] == [
        ("full", "compliant", "full accreditation", "полная аккредитация"),
        ("minimum", "conditional", "minimum accreditation", "минимальная аккредитация"),
    ]
    assert loaded.excluded == ("GOV.7", "STF.4")
    code, out, _ = run("validate", str(builtin_profile_paths()[0]))
    assert code == 0 and "valid" in out
