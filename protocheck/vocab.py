"""The words an auditor may write in a status or yes/no cell, in every language protocheck reads.

Matching ignores case, surrounding and repeated spaces, and the difference between «ё» and «е», because
that is how people actually type into a spreadsheet.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Text


class Status(StrEnum):
    met = "met"
    partial = "partial"
    not_met = "not_met"
    not_applicable = "not_applicable"
    not_assessed = "not_assessed"


STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.met: ("met", "yes", "compliant", "fully met", "выполнено", "да", "соответствует", "выполнен"),
    Status.partial: (
        "partial",
        "partially met",
        "partially",
        "partly met",
        "частично",
        "частично выполнено",
        "частично соответствует",
    ),
    Status.not_met: (
        "not met",
        "no",
        "non-compliant",
        "non compliant",
        "noncompliant",
        "не выполнено",
        "нет",
        "не соответствует",
        "невыполнено",
    ),
    Status.not_applicable: ("n/a", "na", "not applicable", "не применимо", "н/п", "неприменимо", "н/п."),
}

# What the template's drop-downs offer, per language: the first word of each status.
STATUS_CHOICES: dict[str, dict[Status, str]] = {
    "en": {
        Status.met: "met",
        Status.partial: "partial",
        Status.not_met: "not met",
        Status.not_applicable: "n/a",
    },
    "ru": {
        Status.met: "выполнено",
        Status.partial: "частично",
        Status.not_met: "не выполнено",
        Status.not_applicable: "не применимо",
    },
}

YES_WORDS = ("yes", "y", "да", "true", "1")
NO_WORDS = ("no", "n", "нет", "false", "0")


def normalize(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip().lower().replace("ё", "е")


_LOOKUP: dict[str, Status] = {normalize(w): s for s, words in STATUS_WORDS.items() for w in words}


@lru_cache(maxsize=4096)
def parse_status(value: str) -> Status | None:
    """The status a cell means; ``not_assessed`` for an empty cell; ``None`` for a word outside the vocabulary."""
    text = normalize(value)
    if not text:
        return Status.not_assessed
    return _LOOKUP.get(text)


def parse_yes_no(value: str) -> bool | None:
    text = normalize(value)
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    return None


def allowed_status_words() -> Text:
    """The words to suggest when a status is not understood, in the reader's language first.

    The drop-down words of the template, not every synonym: a director needs the four words to choose from,
    and the other language's, since a workbook may have been filled in either.
    """
    from .models import Text

    order = (Status.met, Status.partial, Status.not_met, Status.not_applicable)
    en = ", ".join(STATUS_CHOICES["en"][s] for s in order)
    ru = ", ".join(STATUS_CHOICES["ru"][s] for s in order)
    return Text(
        {"en": f"{en}, or leave it empty (in Russian: {ru})", "ru": f"{ru} или пусто (по-английски: {en})"}
    )
