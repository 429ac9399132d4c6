"""Problems found in an audit workbook, and the error for a file that cannot be read at all.

A problem is a value with a place (``Responses!B7``), the value found and a message; it never stops a run.
Messages are English gettext msgids with ``{placeholders}``, so every output can show them in the reader's
language while the JSON keeps a stable English text and a machine code.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .errors import UserError
from .i18n import tr
from .models import Text


class Problem(BaseModel):
    """Something wrong in the workbook that the run carried on past."""

    model_config = ConfigDict(frozen=True)

    code: str
    cell: str | None = None
    value: str | None = None
    message: str
    msgid: str = Field(default="", exclude=True)
    params: dict[str, str] = Field(default_factory=dict, exclude=True)
    text: Text | None = Field(default=None, exclude=True)  # a catalog's own message (rules), in its languages
    texts: dict[str, Text] = Field(default_factory=dict, exclude=True)  # params that are catalog texts

    @classmethod
    def make(
        cls, code: str, msgid: str, cell: str | None = None, value: object = None, **params: object
    ) -> Problem:
        """``params`` that are :class:`Text` (a catalog's question or label) are shown in the reader's language."""
        texts = {k: v for k, v in params.items() if isinstance(v, Text)}
        text_params = {k: (v.get("en") if isinstance(v, Text) else str(v)) for k, v in params.items()}
        shown = None if value is None else str(value)
        return cls(
            code=code,
            cell=cell,
            value=shown,
            message=msgid.format(value=shown, cell=cell, **text_params),
            msgid=msgid,
            params=text_params,
            texts=texts,
        )

    def localized(self, lang: str) -> str:
        if self.text is not None:
            return self.text.get(lang)
        if not self.msgid:
            return self.message
        params = {**self.params, **{k: v.get(lang) for k, v in self.texts.items()}}
        return tr(self.msgid, lang, value=self.value, cell=self.cell, **params)

    def line(self, lang: str = "en") -> str:
        where = f"{self.cell}: " if self.cell else ""
        return where + self.localized(lang)


class InputError(UserError):
    """A file that cannot be used at all: one sentence that says what to do, never a traceback."""

    def __init__(self, msgid: str, translated: tuple[str, ...] = (), **params: object):
        self.msgid = msgid
        self.translated = translated  # params that are msgids themselves (e.g. "a PDF document")
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(msgid.format(**self.params))

    def localized(self, lang: str) -> str:
        params = {k: tr(v, lang) if k in self.translated else v for k, v in self.params.items()}
        return tr(self.msgid, lang, **params)

    def lines(self, lang: str) -> list[str]:
        return [self.localized(lang)]
