"""The words an auditor may write in a status or yes/no cell, in every language protocheck reads.

Matching ignores case, surrounding and repeated spaces, and the difference between «ё» and «е», because
that is how people actually type into a spreadsheet.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Status(StrEnum):
    met = "met"
    partial = "partial"
    not_met = "not_met"
    not_applicable = "not_applicable"
    not_assessed = "not_assessed"


CREDIT = {Status.met: 1.0, Status.partial: 0.5, Status.not_met: 0.0, Status.not_assessed: 0.0}

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


def allowed_status_words() -> str:
    """The list shown when a status word is not understood."""
    return "; ".join(", ".join(words[:5]) for words in STATUS_WORDS.values())
