"""The sample audits in audits/ score end to end in every format and both languages (the README's commands)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protocheck.cli import main

AUDITS = Path(__file__).resolve().parent.parent / "audits"
SAMPLES = {
    # file: (catalog, score in en, score in ru, a record that must appear or None)
    "crisis-centre-sample.xlsx": ("crisis-centre-minimum", "88.75%", "88,75\u00a0%", None),
    "istanbul-protocol-sample.xlsx": ("istanbul-protocol", "95.75%", "95,75\u00a0%", "МЗ-2026-004"),
    "case-file-sample.xlsx": ("case-file-review", "98.2%", "98,2\u00a0%", "КД-2026-023"),
}


@pytest.mark.parametrize("sample", sorted(SAMPLES))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sample_in_all_formats(sample: str, lang: str, tmp_path: Path) -> None:
    catalog, score_en, score_ru, record = SAMPLES[sample]
    out = tmp_path / "out"
    args = ["score", str(AUDITS / sample), "--lang", lang, "-o", str(out)]
    for fmt in ("terminal", "json", "html", "markdown", "xlsx"):
        args += ["-f", fmt]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output  # each sample is conditionally compliant
    stem = Path(sample).stem
    data = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert data["catalog"]["id"] == catalog and data["outcome"] == "conditional"
    assert data["problems"] == []
    shown = score_en if lang == "en" else score_ru
    for ext in ("html", "md", "txt"):
        text = (out / f"{stem}.{ext}").read_text(encoding="utf-8")
        assert shown.replace("\u00a0", " ") in text.replace("\u00a0", " ").replace("&nbsp;", " "), ext
        assert "«Ласточка»" in text
        if record:
            assert record in text
    assert (out / f"{stem}.xlsx").read_bytes().startswith(b"PK")
