"""Renderers: one result model in, one format out. A new format is a module and a line in FORMATS."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the base pulls in pydantic: keep `protocheck --help` free of it
    from .base import Renderer

# format name → "module:Class"; modules are imported only when their format is asked for (fast start-up).
FORMATS: dict[str, str] = {
    "terminal": "protocheck.render.terminal:TerminalRenderer",
    "json": "protocheck.render.json:JsonRenderer",
    "html": "protocheck.render.html:HtmlRenderer",
    "markdown": "protocheck.render.markdown:MarkdownRenderer",
    "xlsx": "protocheck.render.xlsx:XlsxRenderer",
}


def get_renderer(name: str, lang: str) -> Renderer:
    module_name, class_name = FORMATS[name].split(":")
    cls: type[Renderer] = getattr(importlib.import_module(module_name), class_name)
    return cls(lang)


__all__ = ["FORMATS", "get_renderer"]
