"""``protocheck compare``: two audits of one centre, across two versions of one catalog."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.cli import main
from protocheck.compare import change_of
from protocheck.vocab import Status

from .conftest import DATA, MINI

NET = DATA / "net.yaml"
NET2 = DATA / "net-v2.yaml"


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def meta(standard: Path, date: str) -> list[tuple[str, str]]:
    return [("Standard", str(standard)), ("Centre name", "Sezim"), ("Audit date", date)]


@pytest.fixture
def pair(workbook: Callable[..., Path]) -> tuple[Path, Path]:
    # OLD against net 1.0: 0 + 1 + 3 + 1.5 + 0 + 1 + 2 = 8.5 of 15 = 56.67 %
    old = workbook(
        [
            ("SAF.1", "not met"),
            ("SAF.2", "met"),
            ("AD.1", "met"),
            ("AD.2", "partial"),
            ("AD.3", ""),
            ("MON.1", "met"),
            ("MON.2", "met"),
        ],
        name="old.xlsx",
        meta=meta(NET, "2024-04-01"),
    )
    # NEW against net 2.0 (MON.2 removed, AD.4 added): 3 + 0.5 + 3 + 1.5 + 2 + 1 = 11 of 13 = 84.62 %
    new = workbook(
        [
            ("SAF.1", "met"),
            ("SAF.2", "partial"),
            ("AD.1", "met"),
            ("AD.2", "partial"),
            ("AD.3", "met"),
            ("AD.4", "met"),
            ("MON.1", "n/a"),
        ],
        name="new.xlsx",
        meta=meta(NET2, "2025-04-01"),
    )
    return old, new


def test_compare_across_two_catalog_versions(pair: tuple[Path, Path]) -> None:
    old, new = pair
    code, out, err = cli("compare", str(old), str(new), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["catalog"] == "net"
    assert (data["old"]["score"], data["new"]["score"], data["score_delta"]) == (56.67, 84.62, 27.95)
    assert (data["old"]["catalog_version"], data["new"]["catalog_version"]) == ("1.0", "2.0")
    assert data["added"] == ["AD.4"] and data["removed"] == ["MON.2"]
    changes = {c["id"]: c["change"] for c in data["criteria"]}
    assert changes == {
        "SAF.1": "improved",  # not met → met
        "SAF.2": "regressed",  # met → partial
        "AD.1": "unchanged",
        "AD.2": "unchanged",
        "AD.3": "newly_assessed",  # empty → met
        "MON.1": "no_longer_applicable",  # met → n/a
    }
    assert data["counts"] == {
        "regressed": 1,
        "improved": 1,
        "newly_assessed": 1,
        "no_longer_assessed": 0,
        "newly_applicable": 0,
        "no_longer_applicable": 1,
        "unchanged": 2,
    }
    sections = {s["id"]: (s["old"], s["new"], s["delta"], s["presence"]) for s in data["sections"]}
    # SAF: 1 of 4 = 25 % → 3.5 of 4 = 87.5 %; AD: 4.5 of 8 = 56.25 % → 7.5 of 9 = 83.33 %;
    # MON: 3 of 3 → nothing applies (MON.1 n/a, MON.2 gone): no score, no delta
    assert sections == {
        "SAF": (25.0, 87.5, 62.5, "both"),
        "AD": (56.25, 83.33, 27.08, "both"),
        "MON": (100.0, None, None, "both"),
    }
    assert data["notes"] == ["the audits use versions 1.0 and 2.0 of net: criteria are compared by id"]


def test_compare_text_markdown_and_html(pair: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = pair
    code, out, _ = cli("compare", str(old), str(new), "--lang", "en")
    assert code == 0
    assert " Score             56.67%         84.62%                   +27.95 " in out
    assert " MON Monitoring          100%    —       —      " in out
    assert "improved (1)" in out and "  SAF.1  not met → met  Risk is assessed at first contact" in out
    assert "no longer applicable (1)\n  MON.1  met → not applicable" in out
    assert "regressed (1)" in out and "  SAF.2  met → partial" in out
    assert "Only in the new version of the standard: AD.4" in out
    assert "Only in the old version of the standard: MON.2" in out
    code, out, _ = cli("compare", str(old), str(new), "-f", "markdown", "--lang", "ru")
    assert code == 0
    assert "| SAF.1 | не выполнено | выполнено | Риск оценивается при первом обращении |" in out
    assert "| MON Мониторинг | 100\u00a0% | — | — |" in out
    assert "+27,95" in out
    target = tmp_path / "c.html"
    code, _, _ = cli("compare", str(old), str(new), "-f", "html", "-o", str(target), "--lang", "en")
    assert code == 0
    html = target.read_text(encoding="utf-8")
    assert '<h3 class="regressed">regressed (1)</h3>' in html and "<script" not in html
    assert cli("compare", str(old), str(new), "-f", "html", "-o", str(old))[0] == 2  # never writes the audit


def test_different_catalogs_are_refused(pair: tuple[Path, Path], workbook: Callable[..., Path]) -> None:
    old, _ = pair
    other = workbook([("A.1", "met")], name="mini.xlsx", meta=[("Standard", str(MINI))])
    code, out, err = cli("compare", str(old), str(other))
    assert code == 2 and out == ""
    assert (
        "old.xlsx is scored against the standard net and mini.xlsx against mini: only audits against the "
        "same "
        "standard can be compared" in err
    )


@pytest.mark.parametrize(
    ("old", "old_credit", "new", "new_credit", "expected"),
    [
        (Status.partial, 0.5, Status.met, 1.0, "improved"),
        (Status.met, 1.0, Status.not_met, 0.0, "regressed"),
        (Status.not_met, 0.0, Status.not_met, 0.0, "unchanged"),
        (Status.not_assessed, 0.0, Status.not_met, 0.0, "newly_assessed"),
        (Status.not_applicable, None, Status.partial, 0.5, "newly_assessed"),
        (Status.met, 1.0, Status.not_applicable, None, "no_longer_applicable"),
        (Status.not_assessed, 0.0, Status.not_applicable, None, "no_longer_applicable"),
        (Status.not_applicable, None, Status.not_applicable, None, "unchanged"),
        (Status.met, 1.0, Status.not_assessed, 0.0, "no_longer_assessed"),
        (Status.not_applicable, None, Status.not_assessed, 0.0, "newly_applicable"),
        (Status.not_assessed, 0.0, Status.not_assessed, 0.0, "unchanged"),
    ],
)
def test_change_definitions(
    old: Status, old_credit: float | None, new: Status, new_credit: float | None, expected: str
) -> None:
    assert change_of(old, old_credit, new, new_credit) == expected
