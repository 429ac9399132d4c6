"""Extract every translatable message and merge it into ``protocheck/locale/*.po``: ``python tools/update_po.py``.

Messages are marked in the code with ``N_("...")``, ``tr("...", lang)``, ``self.t("...")`` and, in Jinja
templates, ``t("...")``. Existing translations are kept; new messages arrive untranslated and
``tests/test_i18n.py`` fails until a translator fills them in (Poedit, Weblate, any .po editor).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "protocheck"
LOCALE = PACKAGE / "locale"
KEYWORDS = {"N_": None, "tr": None, "t": None}
METHODS = [("**.py", "python"), ("**.j2", "jinja2")]


def extract() -> Catalog:
    template = Catalog(project="protocheck")
    options = {"**.j2": {"extensions": ""}}
    for filename, lineno, message, comments, _context in extract_from_dir(
        str(PACKAGE), METHODS, options_map=options, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if isinstance(message, tuple):
            message = message[0]
        if not message or not isinstance(message, str):
            continue
        template.add(message, locations=[(f"protocheck/{filename}", lineno)], auto_comments=comments)
    return template


def main() -> int:
    template = extract()
    for po_path in sorted(LOCALE.glob("*.po")):
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.stem)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        with po_path.open("wb") as fh:
            write_po(fh, catalog, width=110, sort_output=False, omit_header=False, include_previous=False)
        missing = [m.id for m in catalog if m.id and not m.string]
        print(f"{po_path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
