"""Fill translations into a .po file from a Python dict module: ``python tools/fill_po.py ru path/to/dict.py``.

A helper for bulk translation passes; translators normally edit the .po file directly.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "protocheck" / "locale"


def main(lang: str, source: str) -> int:
    translations: dict[str, str] = runpy.run_path(source)[lang.upper()]
    po_path = LOCALE / f"{lang}.po"
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    filled = 0
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.id in translations:
            message.string = translations[message.id]
            filled += 1
    with po_path.open("wb") as fh:
        write_po(fh, catalog, width=110, sort_output=False, include_previous=False)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"{po_path.name}: {filled} filled, {len(missing)} untranslated")
    for msgid in missing:
        print("  untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
