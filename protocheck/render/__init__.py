"""Renderers: one result model in, one format out. Adding a format is adding a module and a line to FORMATS."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the base pulls in pydantic: keep `protocheck --help` free of it
    from .base import Renderer

# format name → "module:Class"; modules are imported only when their format is asked for (fast start-up).
FORMATS: dict[str, str] = {
    "terminal": "protocheck.render.terminal:TerminalRenderer",
    "json": "protocheck.render.json:JsonRenderer",
}


def get_renderer(name: str, lang: str) -> Renderer:
    module_name, class_name = FORMATS[name].split(":")
    cls: type[Renderer] = getattr(importlib.import_module(module_name), class_name)
    return cls(lang)


__all__ = ["FORMATS", "get_renderer"]
