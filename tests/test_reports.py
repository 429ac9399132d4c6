"""Gap reports people read: HTML, Markdown and the XLSX action plan, in English and Russian.

Every assertion is on what a reader sees: the numbers, the words, the cells. Hostile workbook text stays text.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from protocheck.audit import score_file
from protocheck.cli import main
from protocheck.render import FORMATS, get_renderer
from protocheck.result import Result

from .conftest import MINI, RR, RR_EIGHT, RR_HEADER

NBSP = "\u00a0"
HOSTILE = '<script>document.title="PWNED"</script> a | b <b>bold</b> `code` [link](http://evil.example/x)'
FORMULA = '=HYPERLINK("http://x","click")'

# shelter yes: A.1 met 3 + A.2 met 2 + A.3 not met 0 + S.1 partial 2.5 × ½ = 6.25 of 8.5 = 73.53 %
ROWS = [
    ("A.1", "met", "Order No. 5 of 2024", ""),
    ("A.2", "met", "", ""),
    ("A.3", "not met", FORMULA, HOSTILE),
    ("S.1", "partial", "+1", "-2"),
]
RR_ROWS = RR_EIGHT


def meta(shelter: str = "yes", auditor: str = "@SUM(A1)") -> list[tuple[str, str]]:
    return [
        ("Standard", str(MINI)),
        ("Centre name", "Crisis centre «Luch»"),
        ("Audit date", "2026-03-12"),
        ("Auditor", auditor),
        ("Does the centre run a shelter?", shelter),
    ]


def audit_workbook(workbook: Callable[..., Path], **kwargs: Any) -> Path:
    """The assessment workbook; the formula-like evidence is typed in as text, as an auditor would."""
    from openpyxl import load_workbook

    path = workbook(ROWS, meta=meta(), **kwargs)
    wb = load_workbook(path)
    cell = wb["Responses"]["C4"]
    cell.value, cell.data_type = FORMULA, "s"
    wb.save(path)
    return path


@pytest.fixture
def assessment(workbook: Callable[..., Path]) -> Result:
    result = score_file(audit_workbook(workbook))
    assert result.problems == []
    return result


@pytest.fixture
def review(workbook: Callable[..., Path]) -> Result:
    return score_file(workbook(RR_ROWS, header=RR_HEADER, sheet="Records"), RR)


def render(result: Result, fmt: str, lang: str = "en") -> bytes:
    return get_renderer(fmt, lang).render(result)


def text_of(html: str) -> str:
    """What a reader sees: the HTML without its style sheet and tags, entities decoded, spaces collapsed."""
    import html as htmllib

    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"[ \n]+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def open_xlsx(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def md_table_rows(markdown: str, first_header: str) -> list[list[str]]:
    """Header and rows of the Markdown table that starts with ``first_header``, split on unescaped pipes."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return [rows[0], *rows[2:]]  # without the alignment row


# --- the same numbers in every format, in both languages ----------------------------------------------------


def test_every_format_is_registered_and_has_its_extension() -> None:
    assert {"terminal", "json", "html", "markdown", "xlsx"} <= set(FORMATS)
    exts = {name: get_renderer(name, "en").extension for name in ("html", "markdown", "xlsx")}
    assert exts == {"html": "html", "markdown": "md", "xlsx": "xlsx"}


def test_english_numbers_in_all_five_formats(assessment: Result) -> None:
    assert (assessment.score.percent, assessment.score.earned, assessment.score.possible) == (
        73.53,
        6.25,
        8.5,
    )
    assert assessment.outcome == "conditional"
    html = text_of(render(assessment, "html").decode())
    assert "73.53%" in html and "6.25 of 8.5 points" in html
    assert "100% 4 of 4 applicable criteria assessed" in html
    assert "conditionally compliant" in html
    assert "A Access 83.33% 5 of 6 points · 3 of 3 applicable criteria assessed" in html  # 3 + 2 + 0 of 6
    assert "S Shelter 50% 1.25 of 2.5 points" in html  # partial
    md = render(assessment, "markdown").decode()
    assert "- **Score:** 73.53% (6.25 of 8.5 points)" in md
    assert "| A | Access | 83.33% | 5 / 6 | 3 / 3 |" in md
    assert "73.53%" in render(assessment, "terminal").decode()
    assert b'"percent": 73.53' in render(assessment, "json")
    summary = open_xlsx(render(assessment, "xlsx"))["Summary"]
    score_row = next(row for row in summary.iter_rows() if row[0].value == "Score")
    assert (score_row[1].value, score_row[1].number_format) == (0.7353, "0.0#%")
    assert score_row[2].value == "6.25 of 8.5 points"


def test_russian_numbers_use_comma_and_no_break_space(assessment: Result) -> None:
    html = text_of(render(assessment, "html", "ru").decode())
    assert f"73,53{NBSP}%" in html and "73.53" not in html
    assert "6,25" in html and "8,5" in html
    assert "соответствует условно" in html  # the outcome in Russian
    assert "Информация на двух языках" in html and "Доступ" in html  # catalog texts in Russian
    md = render(assessment, "markdown", "ru").decode()
    assert f"73,53{NBSP}%" in md and f"| A | Доступ | 83,33{NBSP}% | 5 / 6 | 3 / 3 |" in md
    assert f"73,53{NBSP}%" in render(assessment, "terminal", "ru").decode()
    plan = open_xlsx(render(assessment, "xlsx", "ru")).worksheets[0]
    assert [c.value for c in plan["E"][1:3]] == ["не выполнено", "частично"]  # current status, localized


def test_html_report_content(assessment: Result) -> None:
    raw = render(assessment, "html").decode()
    html = text_of(raw)
    assert raw.startswith("<!DOCTYPE html>") and '<html lang="en">' in raw
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in raw
    assert "Mini standard (mini 1.0)" in html
    assert "Crisis centre «Luch»" in html and "2026-03-12" in html
    # reasons, then the gaps in result order with what the auditor wrote
    assert "score below 80%" in html
    assert [g.id for g in assessment.gaps] == ["A.3", "S.1"]
    assert html.index("1. A.3 minor not met") < html.index("2. S.1 minor partial")
    assert "Evidence noted by the auditor =HYPERLINK" in html
    assert "Status read from Responses!B4" in html
    # the print layout and the phone layout are there
    for css in (
        "@page",
        "size: A4",
        "break-inside: avoid",
        "thead { display: table-header-group; }",
        "@media (max-width",
    ):
        assert css in raw, css


def test_not_applicable_sections_and_reasons(workbook: Callable[..., Path]) -> None:
    # shelter no → S.1 by condition; A.2 marked n/a; 3 + 0.5 of 4 = 87.5 %
    result = score_file(workbook([("A.1", "met"), ("A.2", "n/a"), ("A.3", "partial")], meta=meta("no")))
    assert result.score.percent == 87.5
    html = text_of(render(result, "html").decode())
    assert "S Shelter not applicable" in html and "S 0%" not in html
    assert "marked not applicable by the auditor A.2 Outreach to rural areas" in html
    assert (
        "applies only if the answer is yes to «Does the centre run a shelter?»: the answer is no "
        "S.1 Shelter admits at any hour" in html
    )
    md = render(result, "markdown").decode()
    assert "| S | Shelter | not applicable | — | — |" in md
    assert "**applies only if the answer is yes to «Does the centre run a shelter?»: the answer is no**" in md
    ru = text_of(render(result, "html", "ru").decode())
    assert "«Есть ли у центра убежище?»" in ru


def test_record_review_reports_show_records_and_most_missed(review: Result) -> None:
    assert review.score.percent == 70.54
    html = text_of(render(review, "html").decode())
    # record, completeness (E.1 3 + E.3 ½ × 1 of 3 + 2 + 1 + 1), points, missing, partly present
    assert "R-004 50% 3.5 / 7 E.2, E.4 E.3" in html
    assert "R-006 33.33%" in html
    # most often missing: E.3 (custody only, 3 records), then E.2
    assert "E.3 Custody only missing in 1 of 3 records, partly present in 1 50%" in html
    assert html.index("E.3 Custody only missing") < html.index("E.2 Element two missing in 2 of 8 records")
    md = render(review, "markdown").decode()
    assert "| R-004 | 50% | 3.5 / 7 | E.2, E.4 | E.3 |" in md
    assert "| E.3 | Custody only | missing in 1 of 3 records, partly present in 1 | 50% |" in md
    ru = render(review, "markdown", "ru").decode()
    assert f"| R-006 | 33,33{NBSP}% |" in ru and "отсутствует в 1 из 3 записей" in ru
    ru_html = text_of(render(review, "html", "ru").decode())
    assert "Элементы, которые чаще всего отсутствуют" in ru_html and f"70,54{NBSP}%" in ru_html
    for lang in ("en", "ru"):
        plan = open_xlsx(render(review, "xlsx", lang)).worksheets[0]
        assert [c.value for c in plan["A"][1:5]] == [g.id for g in review.gaps]


def test_formative_reports_have_a_checklist_and_no_score(workbook: Callable[..., Path]) -> None:
    result = score_file(workbook(ROWS, meta=meta()), formative=True)
    html = text_of(render(result, "html").decode())
    assert "%" not in html
    assert "Outcome" not in html and "conditionally compliant" not in html
    assert "To work on (2)" in html and "In place (2)" in html
    assert "A.3 minor not met Access Information in two languages" in html
    md = render(result, "markdown").decode()
    assert "%" not in md
    assert "- [ ] **A.3** Information in two languages (minor; not met)" in md
    assert "- [x] **A.1** Services are free of charge" in md
    review = score_file(workbook(RR_ROWS, header=RR_HEADER, sheet="Records"), RR, formative=True)
    rhtml = text_of(render(review, "html").decode())
    assert "%" not in rhtml and "Elements to practise" in rhtml and "R-004 E.1 E.2, E.4 E.3" in rhtml
    summary = open_xlsx(render(result, "xlsx"))["Summary"]
    assert all(
        not str(c.value or "").endswith("%") and c.number_format != "0.0#%" for row in summary for c in row
    )


# --- hostile text stays text --------------------------------------------------------------------------------


def test_html_escapes_workbook_text_and_fetches_nothing(assessment: Result) -> None:
    raw = render(assessment, "html").decode()
    assert "&lt;script&gt;document.title=&#34;PWNED&#34;&lt;/script&gt;" in raw
    assert "&lt;b&gt;bold&lt;/b&gt;" in raw
    assert "<script" not in raw.lower() and "<b>" not in raw
    # nothing loaded from anywhere: no URL in src/href/url(), no external font, no script at all
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(\w+:|//)""", raw, re.I)
    assert "url(" not in raw and "@import" not in raw and "@font-face" not in raw
    assert re.findall(r'href="([^"]*)"', raw) and all(
        h.startswith("#") for h in re.findall(r'href="([^"]*)"', raw)
    )
    assert "default-src 'none'" in raw  # and the browser is told so


def test_markdown_escapes_workbook_text(assessment: Result) -> None:
    from markdown_it import MarkdownIt

    md = render(assessment, "markdown").decode()
    assert "<" not in md.replace("&lt;", "")  # not one raw angle bracket anywhere
    rows = md_table_rows(md, "No.")
    assert all(len(row) == 8 for row in rows)  # the pipe in the comment did not add a column
    assert rows[1][1] == "A.3"
    assert rows[1][7] == (
        '&lt;script&gt;document.title="PWNED"&lt;/script&gt; a \\| b &lt;b&gt;bold&lt;/b&gt; \\`code\\` '
        "\\[link\\](http://evil.example/x)"
    )
    assert rows[2][6:] == ["\\+1", "\\-2"]
    # a real CommonMark renderer, with raw HTML allowed, makes no element from the comment
    html = MarkdownIt("commonmark", {"html": True}).enable("table").render(md)
    assert (
        "<script" not in html and "<b>" not in html and "<code>code" not in html and 'href="http' not in html
    )
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "a | b" in html


def test_markdown_cells_stay_on_one_line(workbook: Callable[..., Path]) -> None:
    rows = [("A.1", "not met", "line one\nline two\r\nthree", "# not a heading\n- not a list")]
    md = render(score_file(workbook(rows, meta=meta("no"))), "markdown").decode()
    row = md_table_rows(md, "No.")[1]
    assert row[6:] == ["line one / line two / three", "\\# not a heading / - not a list"]


def test_xlsx_keeps_formulas_as_text(assessment: Result) -> None:
    from openpyxl import load_workbook

    data = render(assessment, "xlsx")
    wb = load_workbook(io.BytesIO(data))
    plan = wb.worksheets[0]
    header = [c.value for c in plan[1]]
    evidence, comment = (
        header.index("Evidence noted by the auditor") + 1,
        header.index("Auditor's comment") + 1,
    )
    a3, s1 = plan[2], plan[3]
    assert a3[0].value == "A.3" and s1[0].value == "S.1"
    cells = {
        "A.3 evidence": (a3[evidence - 1], "'" + FORMULA),
        "S.1 evidence": (s1[evidence - 1], "'+1"),
        "S.1 comment": (s1[comment - 1], "'-2"),
    }
    auditor = next(row for row in wb["Summary"].iter_rows() if row[0].value == "Auditor")
    cells["auditor"] = (auditor[1], "'@SUM(A1)")
    for name, (cell, shown) in cells.items():
        assert cell.data_type == "s", name
        assert cell.value == shown, name
    assert a3[comment - 1].value == HOSTILE  # no formula prefix: written as it is
    # and no formula anywhere in the file, as the spreadsheet stores it
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    formulas = load_workbook(io.BytesIO(data), data_only=False)
    assert all(c.data_type != "f" for ws in formulas for row in ws.iter_rows() for c in row)


# --- the action plan ----------------------------------------------------------------------------------------


def test_xlsx_action_plan_layout_and_drop_down(assessment: Result) -> None:
    wb = open_xlsx(render(assessment, "xlsx"))
    assert wb.sheetnames == ["Action plan", "Summary", "Lists"]
    assert wb["Lists"].sheet_state == "hidden"
    assert [c.value for c in wb["Lists"]["A"]] == [
        "open",
        "in progress",
        "done",
        "deviation requested",
        "deviation approved",
    ]
    plan = wb["Action plan"]
    assert [c.value for c in plan[1]] == [
        "Criterion",
        "Section",
        "Requirement",
        "Severity",
        "Current status",
        "Evidence noted by the auditor",
        "Auditor's comment",
        "What good looks like",
        "Action",
        "Responsible person",
        "Deadline",
        "Progress",
    ]
    assert [c.value for c in plan[2][:5]] == [
        "A.3",
        "A Access",
        "Information in two languages",
        "minor",
        "not met",
    ]
    assert plan["L2"].value == "open" and plan["I2"].value is None and plan["J2"].value is None
    assert plan.freeze_panes == "B2" and plan.auto_filter.ref == "A1:L3"
    assert plan["C2"].alignment.wrap_text and plan.column_dimensions["C"].width == 44
    validations = {str(dv.sqref): dv for dv in plan.data_validations.dataValidation}
    progress = validations["L2:L53"]
    assert progress.type == "list" and progress.formula1 == "'Lists'!$A$1:$A$5"
    assert progress.showDropDown is False  # False keeps the arrow (True hides it)
    assert progress.showErrorMessage and progress.error and progress.showInputMessage and progress.prompt
    deadline = validations["K2:K53"]
    assert deadline.type == "date" and deadline.showErrorMessage
    assert plan["K2"].number_format == "yyyy-mm-dd"
    summary = wb["Summary"]
    values = [c.value for row in summary.iter_rows() for c in row if c.value is not None]
    assert "conditionally compliant" in values and "Crisis centre «Luch»" in values
    assert assessment.provenance.audit_sha256 in values and assessment.provenance.catalog_sha256 in values
    section_s = next(row for row in summary.iter_rows() if row[0].value == "S" and row[1].value == "Shelter")
    assert (section_s[2].value, section_s[3].value, section_s[4].value) == (0.5, 1.25, 2.5)


def test_xlsx_action_plan_in_russian(assessment: Result) -> None:
    wb = open_xlsx(render(assessment, "xlsx", "ru"))
    plan = wb.worksheets[0]
    assert plan["K2"].number_format == "dd.mm.yyyy"
    assert plan["C2"].value == "Информация на двух языках"
    lists = wb.worksheets[2]
    progress = next(dv for dv in plan.data_validations.dataValidation if dv.type == "list")
    assert progress.formula1.endswith("!$A$1:$A$5") and lists.title in progress.formula1


# --- same input, same bytes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "markdown", "xlsx", "json", "terminal"])
def test_output_is_byte_identical(fmt: str, workbook: Callable[..., Path]) -> None:
    path = audit_workbook(workbook)
    first = render(score_file(path), fmt, "ru")
    second = render(score_file(path), fmt, "ru")
    assert first == second


def test_xlsx_carries_no_time_of_writing(assessment: Result) -> None:
    with zipfile.ZipFile(io.BytesIO(render(assessment, "xlsx"))) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2000-01-01T00:00:00Z"] * 2


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_single_xlsx_to_file_and_problems_to_stderr(
    workbook: Callable[..., Path], tmp_path: Path
) -> None:
    path = workbook([*ROWS[:2], ("A.3", "not met"), ROWS[3], ("X.9", "met")], meta=meta())
    out = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["score", str(path), "-f", "xlsx", "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "1 problem(s) in the workbook:" in result.stderr and "Responses!A6" in result.stderr
    assert open_xlsx(out.read_bytes())["Action plan"]["A2"].value == "A.3"


def test_cli_several_formats_into_a_folder(workbook: Callable[..., Path], tmp_path: Path) -> None:
    path = audit_workbook(workbook, name="centre-audit.xlsx")
    folder = tmp_path / "reports"
    args = ["score", str(path), "-f", "html", "-f", "markdown", "-f", "xlsx", "-f", "json", "-o", str(folder)]
    result = CliRunner().invoke(main, [*args, "--lang", "ru"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["centre-audit.html", "centre-audit.json", "centre-audit.md", "centre-audit.xlsx"]
    assert f"73,53{NBSP}%" in (folder / "centre-audit.md").read_text(encoding="utf-8")
    assert (folder / "centre-audit.html").read_bytes() == render(score_file(path), "html", "ru")
    assert result.stdout == ""


# --- seen in a browser --------------------------------------------------------------------------------------


def chromium_args(profile: Path) -> list[str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip(
            "chromium not installed: apt-get install chromium to run the browser check of the HTML report"
        )
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
    ]


def test_html_in_chromium_shows_hostile_text_as_text_and_loads_nothing(
    assessment: Result, tmp_path: Path
) -> None:
    args = chromium_args(tmp_path / "profile")
    page = tmp_path / "report.html"
    page.write_bytes(render(assessment, "html"))
    run = subprocess.run(
        [*args, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False
    )
    dom = run.stdout
    assert "</html>" in dom, run.stderr[-2000:]
    # the script in the comment never ran (it would have renamed the page) and made no element
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and "PWNED" not in title.group(1) and "Gap report" in title.group(1)
    assert "<script" not in dom.lower() and "<b>" not in dom
    assert '&lt;script&gt;document.title="PWNED"&lt;/script&gt; a | b &lt;b&gt;bold&lt;/b&gt;' in dom
    # the browser reported nothing: no blocked or failed load, no refused script
    console = [line for line in run.stderr.splitlines() if ":CONSOLE" in line or "net::ERR" in line]
    assert console == []
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*args, "--hide-scrollbars", "--window-size=1200,2000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_profile_decision_and_waivers_appear_in_every_readable_format(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sample = Path(__file__).resolve().parent.parent / "audits" / "crisis-centre-sample.xlsx"
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "- criterion: STF.2\n  justification: Supervisor contract signed, starts next month\n"
        "  approved_by: Board\n  expires: 2027-01-31\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        [
            "score",
            str(sample),
            "--profile",
            "acc-accreditation-2025",
            "--waivers",
            str(waivers),
            "-f",
            "html",
            "-f",
            "markdown",
            "-f",
            "xlsx",
            "-f",
            "terminal",
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 1, result.output  # AD.16 is critical under this profile and not met
    expected = [
        "Profile acc-accreditation-2025",
        "full accreditation (full): not reached",
        "STF.2: active (until 2027-01-31) — Supervisor contract signed, starts next month",
    ]
    for name in ("crisis-centre-sample.html", "crisis-centre-sample.md", "crisis-centre-sample.txt"):
        text = (out / name).read_text(encoding="utf-8")
        for line in expected:
            assert line in text, (name, line)
    summary = load_workbook(out / "crisis-centre-sample.xlsx").worksheets[1]
    cells = [str(c.value) for row in summary.iter_rows() for c in row if c.value]
    assert any("STF.2: active (until 2027-01-31)" in c for c in cells)
