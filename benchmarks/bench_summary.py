"""How long ``protocheck summary`` takes over 200 audits, against scoring them one by one.

Run:  python benchmarks/bench_summary.py [--audits 200] [--keep DIR]

It writes small audit workbooks against the built-in crisis-centre-minimum catalog (openpyxl, fixed random
seed) into a temporary folder, then measures, in the same run:

1. ``protocheck summary FOLDER -o summary.json`` — one command, every core;
2. a shell loop running ``protocheck score FILE -f json`` once per file, as a script would.

For each it prints the wall time and the peak resident memory of the largest process involved (the summary's
main process or one of its workers; one ``score`` process of the loop), from ``getrusage(RUSAGE_CHILDREN)``
measured in a fresh wrapper process per command so the two figures do not mix. This is a script that prints
figures, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = "crisis-centre-minimum"
CENTRES = [
    "Sezim",
    "Ak-Zhol",
    "Nadezhda",
    "Ayalzat",
    "Umut",
    "Shelter Bishkek",
    "Almaty Women's Centre",
    "Dushanbe Crisis Line",
    "Osh Crisis Centre",
    "Karakol Family Centre",
]
COUNTRIES = ["Kyrgyzstan", "Kazakhstan", "Tajikistan", "Uzbekistan"]
STATUSES = ["met"] * 6 + ["partial"] * 2 + ["not met"] + [""]

# Measures the peak RSS of every descendant of this wrapper (the command and, for summary, its workers).
WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "wall = time.perf_counter() - start\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)\n"
)


def make_audits(folder: Path, count: int, seed: int = 2025) -> list[Path]:
    """``count`` filled-in audit workbooks: a centre sheet (standard, centre, date, services), responses."""
    from openpyxl import Workbook

    sys.path.insert(0, str(ROOT))
    from protocheck.catalog import load_catalog

    catalog = load_catalog(CATALOG).catalog
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        wb = Workbook()
        responses = wb.active
        responses.title = "Responses"
        responses.append(["ID", "Status", "Evidence", "Comment"])
        for _, crit in catalog.criteria():
            responses.append([crit.id, rng.choice(STATUSES), "seen on site", ""])
        centre = wb.create_sheet("Centre")
        centre.append(["Standard", CATALOG])
        centre.append(["Centre name", f"{CENTRES[i % len(CENTRES)]} {i // len(CENTRES) + 1}"])
        centre.append(["Country", COUNTRIES[i % len(COUNTRIES)]])
        centre.append(["Audit date", f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        centre.append(["Audit type", rng.choice(["self-assessment", "external"])])
        for condition in catalog.conditions:
            centre.append([condition.question.get("en"), rng.choice(["yes", "no"])])
        path = folder / f"audit-{i:04d}.xlsx"
        wb.save(path)
        paths.append(path)
    return paths


def measure(command: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB of the largest process, exit code) of one command."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="write the audits here and keep them")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp) / "audits"
        start = time.perf_counter()
        paths = make_audits(folder, args.audits)
        print(f"{len(paths)} audits written in {time.perf_counter() - start:.1f} s to {folder}")
        print(f"cores: {os.cpu_count()}  python: {sys.version.split()[0]}")
        cli = [sys.executable, "-m", "protocheck.cli"]
        report = Path(tmp) / "summary.json"
        s_wall, s_rss, s_code = measure([*cli, "summary", str(folder), "-o", str(report), "--lang", "en"])
        summary = json.loads(report.read_text(encoding="utf-8"))
        loop = (
            f"for f in {shlex.quote(str(folder))}/*.xlsx; do "
            f'{shlex.join(cli)} score "$f" -f json --lang en > /dev/null; done'
        )
        l_wall, l_rss, _ = measure(["bash", "-c", loop])
    print(
        f"summary:  {s_wall:7.2f} s wall, peak RSS {s_rss / 1024:6.1f} MiB (largest process), exit {s_code}, "
        f"{len(summary['audits'])} audits scored, {len(summary['failed'])} failed"
    )
    print(f"loop:     {l_wall:7.2f} s wall, peak RSS {l_rss / 1024:6.1f} MiB (largest process)")
    print(f"summary / loop wall time: {s_wall / l_wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
