"""Benchmark: ``protocheck score`` on a generated 1,000-criterion audit, next to bare reads of the same file.

Run: ``python benchmarks/bench_score.py [--repeat 5]``. Prints medians in seconds; the baselines (a bare
openpyxl read-only pass over every cell, and the calamine read protocheck uses) are measured in the same run on
the same files. A second case reads a 300-element, 2,000-record review workbook. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

STATUSES = ["met", "partial", "not met", "n/a", "", "выполнено", "частично", "нет"]


def make_catalog(path: Path, criteria: int, *, record_review: bool = False) -> None:
    lines = ["id: bench", 'version: "1"', "title: {en: Benchmark, ru: Тест}"]
    if record_review:
        lines.append("kind: record-review")
    lines.append("sections:")
    per = 100
    for s in range(criteria // per):
        lines += [f"  - id: S{s}", f"    title: {{en: Section {s}, ru: Раздел {s}}}", "    criteria:"]
        for c in range(per):
            sev = ("critical", "major", "minor")[c % 3]
            lines.append(
                f"      - {{id: S{s}.{c}, text: {{en: Requirement {c}, ru: Требование {c}}}, severity: {sev},"
                f" na_allowed: true}}"
            )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_audit(path: Path, criteria: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Responses")
    ws.append(["ID", "Status", "Evidence", "Comment"])
    for i in range(criteria):
        ws.append(
            [f"S{i // 100}.{i % 100}", STATUSES[i % len(STATUSES)], "Order No. 5 of 2025", "seen on site"]
        )
    wb.save(path)


def make_records(path: Path, elements: int, records: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Records")
    ws.append(["Record", *[f"S{i // 100}.{i % 100}" for i in range(elements)]])
    for r in range(records):
        ws.append([f"R-{r:05d}", *[STATUSES[(r + i) % 4] for i in range(elements)]])
    wb.save(path)


def openpyxl_pass(path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    for ws in wb.worksheets:
        for _row in ws.iter_rows(values_only=True):
            pass
    wb.close()


def median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from protocheck.audit import score_file
    from protocheck.render.json import JsonRenderer
    from protocheck.workbook import read_workbook

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        catalog, audit = folder / "bench.yaml", folder / "audit.xlsx"
        make_catalog(catalog, 1000)
        make_audit(audit, 1000)
        print(f"1,000-criterion audit ({audit.stat().st_size // 1024} KB), median of {args.repeat}:")
        rows = [
            ("openpyxl read-only pass (baseline)", lambda: openpyxl_pass(audit)),
            ("protocheck read (calamine, forked)", lambda: read_workbook(audit)),
            (
                "protocheck score, in-process (JSON)",
                lambda: JsonRenderer().render(score_file(audit, catalog)),
            ),
            (
                "protocheck score, command line",
                lambda: subprocess.run(
                    [
                        sys.executable,
                        "-m",
                        "protocheck.cli",
                        "score",
                        str(audit),
                        "-s",
                        str(catalog),
                        "-f",
                        "json",
                    ],
                    capture_output=True,
                    check=False,
                ),
            ),
        ]
        for label, fn in rows:
            print(f"  {label:<40} {median(fn, args.repeat):8.3f} s")

        review_catalog, review = folder / "review.yaml", folder / "review.xlsx"
        make_catalog(review_catalog, 300, record_review=True)
        make_records(review, 300, 2000)
        print(
            f"300-element, 2,000-record review ({review.stat().st_size // 1024} KB), median of {args.repeat}:"
        )
        for label, fn in [
            ("openpyxl read-only pass (baseline)", lambda: openpyxl_pass(review)),
            ("protocheck read (calamine, forked)", lambda: read_workbook(review)),
            ("protocheck score, in-process", lambda: score_file(review, review_catalog)),
        ]:
            print(f"  {label:<40} {median(fn, args.repeat):8.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
