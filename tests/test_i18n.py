"""Every message protocheck shows exists in every language it ships, with the same placeholders."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from protocheck.i18n import LOCALE_DIR, available_languages, tr

ROOT = Path(__file__).resolve().parent.parent


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("po", sorted(LOCALE_DIR.glob("*.po")), ids=lambda p: p.stem)
def test_po_is_complete_and_placeholders_match(po: Path) -> None:
    with po.open("rb") as fh:
        catalog = read_po(fh)
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == [], "run tools/update_po.py and translate"
    for message in catalog:
        if message.id:
            assert placeholders(str(message.id)) == placeholders(str(message.string)), message.id
            # messages use {braces}; a "% o" that babel reads as printf would fail translators' msgfmt --check
            assert "python-format" not in message.flags, message.id


def test_po_files_list_every_message_in_the_code(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.path.insert(0, 'tools'); import update_po; "
        "print('\\n'.join(sorted({m.id for m in update_po.extract() if m.id})))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    in_code = set(out.splitlines())
    for po in LOCALE_DIR.glob("*.po"):
        with po.open("rb") as fh:
            known = {str(m.id) for m in read_po(fh) if m.id}
        missing = {m for m in in_code if "\n" not in m} - known
        assert not missing, f"{po.name} lacks {sorted(missing)[:5]}: run tools/update_po.py"


def test_russian_is_shipped_and_used() -> None:
    assert "ru" in available_languages()
    assert tr("Status", "ru") == "Статус"
    assert tr("{count} problem(s) in the workbook:", "ru", count=3) == "Проблем в файле: 3"
    assert re.search("[а-я]", tr("compliant", "ru"))
