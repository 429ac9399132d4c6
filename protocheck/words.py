"""Words and numbers for the network reports (summary, compare), printed the way the renderers print them.

The per-audit renderers' :class:`~protocheck.render.base.Renderer` already knows how to say a status, an
outcome or a number in the reader's language (``73.5`` in English, ``73,5`` in Russian); this borrows it
rather than copying it, so a summary and a report never disagree on how a figure looks.
"""

from __future__ import annotations

from .render.base import Renderer
from .result import Result


class Words(Renderer):
    """A renderer used only for its vocabulary: it renders nothing itself."""

    name = "words"
    extension = "txt"

    def render(self, result: Result) -> bytes:  # pragma: no cover - never called
        raise NotImplementedError("Words formats figures; it does not render results")

    def signed(self, value: float | None) -> str:
        """A difference with its sign: ``+4.5``, ``−2``, ``0``."""
        if value is None:
            return "—"
        if value == 0:
            return self.number(0)
        return ("+" if value > 0 else "−") + self.number(abs(value))
