"""``protocheck summary``: a folder of audits, one corrupt; a centre's history; the weakest criteria."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from protocheck.cli import main
from protocheck.summary import Options, find_workbooks, run

from .conftest import DATA, build_workbook

NET = DATA / "net.yaml"
ALL = ["SAF.1", "SAF.2", "AD.1", "AD.2", "AD.3", "MON.1", "MON.2"]


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def audit(folder: Path, name: str, centre: str, date: str, statuses: dict[str, str]) -> Path:
    rows = [(cid, statuses.get(cid, "met")) for cid in ALL]
    meta = [("Standard", str(NET)), ("Centre name", centre), ("Country", "Kyrgyzstan"), ("Audit date", date)]
    return build_workbook(folder / name, rows, meta=meta)


def network(folder: Path) -> None:
    folder.mkdir()
    # Sezim, audited twice (the name written differently): 2024 then 2025.
    audit(folder, "a-sezim-2024.xlsx", "Sezim", "2024-05-01", {"AD.1": "not met", "AD.3": "no"})
    audit(folder, "b-sezim-2025.xlsx", "  SEZIM ", "2025-03-01", {"AD.3": "no"})
    # Umut: AD.3 partial, MON.1 n/a.
    audit(folder, "c-umut.xlsx", "Umut", "2025-02-10", {"AD.3": "partial", "MON.1": "n/a", "SAF.2": "no"})
    (folder / "d-broken.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    (folder / "~$b-sezim-2025.xlsx").write_bytes(b"lock")
    (folder / "notes.txt").write_text("not an audit", encoding="utf-8")


def test_folder_with_a_corrupt_workbook_history_and_weakest_criteria(tmp_path: Path) -> None:
    folder = tmp_path / "audits"
    network(folder)
    assert [p.name for p in find_workbooks([folder])] == [
        "a-sezim-2024.xlsx",
        "b-sezim-2025.xlsx",
        "c-umut.xlsx",
        "d-broken.xlsx",
    ]
    out = tmp_path / "summary.json"
    code, _, err = cli("summary", str(folder), "-o", str(out), "--lang", "en")
    assert code == 2  # one workbook could not be scored; the others were
    assert f"Not scored: {folder / 'd-broken.xlsx'}: d-broken.xlsx is damaged or incomplete" in err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["failed"] == [
        {
            "file": str(folder / "d-broken.xlsx"),
            "error": "d-broken.xlsx is damaged or incomplete and cannot be read as a spreadsheet. Open it in "
            "Excel "
            "or LibreOffice; if it opens, save it again under a new name; if not, take an earlier copy.",
        }
    ]
    # AD first among the section columns though the catalog lists SAF first
    assert [s["id"] for s in data["sections"]] == ["AD", "SAF", "MON"]
    rows = [
        (r["file"].split("/")[-1], r["centre"], r["audit_date"], r["history"], r["history_of"])
        for r in data["audits"]
    ]
    assert rows == [
        ("b-sezim-2025.xlsx", "  SEZIM ".strip(), "2025-03-01", 1, 2),
        ("a-sezim-2024.xlsx", "Sezim", "2024-05-01", 2, 2),
        ("c-umut.xlsx", "Umut", "2025-02-10", 1, 1),
    ]
    assert [c["centre"] for c in data["centres"]] == ["SEZIM", "Umut"]
    assert [a.split("/")[-1] for a in data["centres"][0]["audits"]] == [
        "b-sezim-2025.xlsx",
        "a-sezim-2024.xlsx",
    ]
    latest = data["audits"][0]
    # Sezim 2025: AD.3 (2) not met → 13 of 15 = 86.67 %; AD: 6 of 8 = 75 %
    assert (latest["score"], latest["outcome"], latest["critical_gaps"], latest["gaps"]) == (
        86.67,
        "compliant",
        0,
        1,
    )
    assert latest["sections"] == {"SAF": 100.0, "AD": 75.0, "MON": 100.0}
    earlier = data["audits"][1]
    assert (earlier["score"], earlier["outcome"], earlier["critical_gaps"]) == (66.67, "non_compliant", 1)
    # Each centre once, by its latest audit: AD.3 is not met at Sezim (2025) and partial at Umut → weakest.
    first = data["criteria"][0]
    assert (
        first["id"],
        first["centres"],
        first["met"],
        first["partial"],
        first["not_met"],
        first["met_percent"],
    ) == ("AD.3", 2, 0, 1, 1, 0.0)
    second = data["criteria"][1]
    assert (second["id"], second["met"], second["not_met"], second["met_percent"]) == ("SAF.2", 1, 1, 50.0)
    mon1 = next(c for c in data["criteria"] if c["id"] == "MON.1")
    assert (mon1["centres"], mon1["met"], mon1["not_applicable"], mon1["met_percent"]) == (1, 1, 1, 100.0)
    ad1 = next(c for c in data["criteria"] if c["id"] == "AD.1")
    assert (ad1["met"], ad1["not_met"]) == (2, 0)  # Sezim's 2024 "not met" is history, not the latest


def test_all_scored_exits_0_and_html_is_escaped_and_self_contained(tmp_path: Path) -> None:
    folder = tmp_path / "audits"
    folder.mkdir()
    audit(folder, "x.xlsx", "<script>alert('x')</script> & Co", "2025-01-01", {"AD.2": "partial"})
    audit(folder, "y.xlsx", "Ak-Zhol", "2025-01-02", {})
    out = tmp_path / "summary.html"
    code, _, err = cli("summary", str(folder), "-o", str(out), "--lang", "ru")
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html
    assert '<td class="num high">100\u00a0%</td>' in html
    # x: AD.2 (3) partial → 13.5 of 15 = 90 %; AD 3 + 1.5 + 2 = 6.5 of 8 = 81.25 %, written the Russian way
    assert '<td class="num high">81,25\u00a0%</td>' in html


def test_xlsx_has_conditional_formatting_and_text_is_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder = tmp_path / "audits"
    folder.mkdir()
    # (a name starting with "=" cannot be typed into the test workbook as text: openpyxl makes it a formula)
    audit(folder, "x.xlsx", "@SUM(1,2)", "2025-01-01", {"SAF.1": "no"})
    audit(folder, "y.xlsx", "-Centre", "2025-01-02", {})
    out = tmp_path / "summary.xlsx"
    assert cli("summary", str(folder), "-o", str(out), "--lang", "en")[0] == 0
    wb = load_workbook(out)
    sheet = wb["Audits"]
    assert sheet["A1"].value == "Centre"
    names = {sheet.cell(row=r, column=1).value for r in (2, 3)}
    assert names == {"'-Centre", "'@SUM(1,2)"}
    for r in (2, 3):
        assert sheet.cell(row=r, column=1).data_type == "s"
    headers = [c.value for c in sheet[1]]
    assert headers[14:17] == ["AD Anti-discrimination", "SAF Safety", "MON Monitoring"]
    ranges = {str(rng.sqref) for rng in sheet.conditional_formatting}
    assert "H2:H3" in ranges and "O2:O3" in ranges
    assert wb["Requirements"]["A2"].value == "SAF.1"  # not met at one centre of two: the weakest


def test_summary_with_a_profile_and_waivers(tmp_path: Path) -> None:
    folder = tmp_path / "audits"
    folder.mkdir()
    audit(folder, "x.xlsx", "Sezim", "2025-03-31", {"AD.3": "no"})
    waivers = tmp_path / "w.csv"
    waivers.write_text("criterion,justification,expires\nAD.3,Ramp,2025-12-31\n", encoding="utf-8")
    out = tmp_path / "s.json"
    code, _, err = cli(
        "summary",
        str(folder),
        "-o",
        str(out),
        "--profile",
        str(DATA / "net-tiers.yaml"),
        "--waivers",
        str(waivers),
    )
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    row = data["audits"][0]
    assert (row["profile"], row["tier"], row["outcome"], row["waived"], row["score"]) == (
        "net-tiers",
        "full",
        "compliant",
        1,
        100.0,
    )
    assert row["valid_until"] == "2028-03-31"
    assert data["bands"] == {"compliant": 90.0, "conditional": 60.0}
    assert next(c for c in data["criteria"] if c["id"] == "AD.3")["waived"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("criterion,justification\nAD.3,\n", encoding="utf-8")
    code, _, err = cli("summary", str(folder), "-o", str(out), "--standard", str(NET), "--waivers", str(bad))
    assert code == 2 and f"{bad}:2: justification is empty" in err


def test_run_in_process_and_in_parallel_give_the_same_summary(tmp_path: Path) -> None:
    folder = tmp_path / "audits"
    network(folder)
    paths = find_workbooks([folder])
    one = run(paths, Options(), workers=1)
    two = run(paths, Options(), workers=2)
    assert one == two
    assert len(one.audits) == 3 and len(one.failed) == 1


def test_no_workbooks_is_an_input_error(tmp_path: Path, workbook: Callable[..., Path]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = cli("summary", str(empty), "-o", str(tmp_path / "s.json"))
    assert code == 2 and "no workbooks" in err
    code, _, _ = cli("summary", str(empty), "-o", str(tmp_path / "s.pdf"))
    assert code == 2


def test_audits_of_one_centre_against_different_standards_are_not_its_history(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    audit(folder, "sezim-service.xlsx", "Sezim", "2025-03-01", {"AD.3": "no"})
    build_workbook(
        folder / "sezim-mini.xlsx",
        [("A.1", "met"), ("A.2", "met"), ("A.3", "met")],
        meta=[
            ("Standard", str(DATA / "mini.yaml")),
            ("Centre name", "Sezim"),
            ("Audit date", "2025-06-01"),
            ("Does the centre run a shelter?", "no"),
        ],
    )
    out = tmp_path / "mixed.json"
    code, _, _ = cli("summary", str(folder), "-o", str(out), "--lang", "en")
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert sorted((a["standard"], a["history"], a["history_of"]) for a in data["audits"]) == [
        ("mini", 1, 1),
        ("net", 1, 1),
    ]
    # each standard's criteria are counted from that standard's own audit: before, the later mini audit
    # replaced the service audit as "the latest of Sezim" and AD.3 vanished from the network view
    by_id = {(c["catalog"], c["id"]): c for c in data["criteria"]}
    assert (by_id[("net", "AD.3")]["centres"], by_id[("net", "AD.3")]["not_met"]) == (1, 1)
    assert (by_id[("mini", "A.1")]["centres"], by_id[("mini", "A.1")]["met"]) == (1, 1)
