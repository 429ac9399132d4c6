"""JSON output: the result model as it is, described by ``schemas/result.schema.json``."""

from __future__ import annotations

from ..result import Result
from .base import Renderer


class JsonRenderer(Renderer):
    name = "json"
    extension = "json"

    def render(self, result: Result) -> bytes:
        # Texts carry every language, so JSON does not depend on --lang: one file serves every reader.
        return (result.model_dump_json(indent=2) + "\n").encode("utf-8")
