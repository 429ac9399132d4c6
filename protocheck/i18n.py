"""Translations of what protocheck itself says (labels, headings, messages).

Messages are written in English in the code and translated through gettext ``.po`` files in
``protocheck/locale/<lang>.po``, which translators edit with standard tools (Poedit, Weblate, ``msgmerge``).
Adding Kyrgyz or Kazakh is adding ``ky.po`` or ``kk.po``. The ``.po`` files are read directly with Babel, so
there is no compile step to forget.
"""

from __future__ import annotations

import locale
import os
from functools import cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DEFAULT_LANG = "en"


def available_languages() -> list[str]:
    return sorted({DEFAULT_LANG, *(p.stem for p in LOCALE_DIR.glob("*.po"))})


def default_language() -> str:
    """The language of the user's locale when protocheck speaks it, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in available_languages() else DEFAULT_LANG
    try:
        code = (locale.getlocale()[0] or "").split("_")[0].lower()
    except ValueError:
        code = ""
    return code if code in available_languages() else DEFAULT_LANG


@cache
def _catalog(lang: str) -> dict[str, str]:
    path = LOCALE_DIR / f"{lang}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        po = read_po(fh)
    out: dict[str, str] = {}
    for message in po:
        if message.id and message.string and not message.fuzzy and isinstance(message.id, str):
            out[message.id] = str(message.string)
    return out


def gettext(msgid: str, lang: str) -> str:
    """``msgid`` in ``lang``; the English text when no translation exists yet."""
    if lang == DEFAULT_LANG:
        return msgid
    return _catalog(lang).get(msgid, msgid)


def tr(msgid: str, lang: str, **params: object) -> str:
    """Translate, then fill ``{placeholders}``."""
    text = gettext(msgid, lang)
    return text.format(**params) if params else text


def N_(msgid: str) -> str:
    return msgid
