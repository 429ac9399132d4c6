"""Benchmark: every file of the broken corpus ends in exit 2, how fast, and with how much memory.

Run: ``python benchmarks/bench_corpus.py``. Each file is scored by the command line in a fresh process; the
script prints the exit code, wall time and the peak resident memory of that process and its children (the
forked reader included), next to the same figures for a good five-criterion audit as the baseline. The issue's
bar is 5 seconds and 300 MB per file. Not a test: it prints figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
MINI = ROOT / "tests" / "data" / "mini.yaml"
BROKEN = [
    "zero-bytes.xlsx",
    "truncated.xlsx",
    "renamed-pdf.xlsx",
    "renamed-word.xlsx",
    "renamed-csv.xlsx",
    "encrypted.xlsx",
    "empty-workbook.xlsx",
    "huge-sheet.xlsx",
    "zip-bomb.xlsx",
    "no-header.xlsx",
]


def run(path: Path) -> tuple[int, float, float]:
    """Exit code, seconds, and peak RSS in MB of the command (max over the process and its forked reader)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "protocheck.cli", "score", str(path), "-s", str(MINI), "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, seconds, usage.ru_maxrss / 1024


def main() -> int:
    print(f"{'file':<28} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    code, seconds, peak = run(ROOT / "tests" / "data" / "formats" / "audit.xlsx")
    print(f"{'(baseline) good audit':<28} {code:>4} {seconds:>8.2f} {peak:>8.1f}")
    worst_s = worst_mb = 0.0
    for name in BROKEN:
        code, seconds, peak = run(CORPUS / name)
        worst_s, worst_mb = max(worst_s, seconds), max(worst_mb, peak)
        print(f"{name:<28} {code:>4} {seconds:>8.2f} {peak:>8.1f}")
    print(f"worst: {worst_s:.2f} s, {worst_mb:.1f} MB (bar: 5 s, 300 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
