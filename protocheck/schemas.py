"""Generate ``schemas/*.schema.json`` from the pydantic models: ``python -m protocheck.schemas``.

The models are the source of truth; ``tests/test_schemas.py`` fails when a committed schema differs from what
this module generates, so the schema users read can never drift from what the code accepts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def generated() -> dict[str, dict[str, Any]]:
    from pydantic import BaseModel

    from .compare import Comparison
    from .models import Catalog
    from .profile import Profile
    from .result import Result
    from .summary import Summary
    from .waivers import WaiverFile

    out: dict[str, dict[str, Any]] = {}
    outputs = {"result", "summary", "compare"}  # what protocheck writes; the others are what it reads
    models: tuple[tuple[str, type[BaseModel]], ...] = (
        ("catalog", Catalog),
        ("result", Result),
        ("profile", Profile),
        ("waivers", WaiverFile),
        ("summary", Summary),
        ("compare", Comparison),
    )
    for name, model in models:
        schema = model.model_json_schema(mode="serialization" if name in outputs else "validation")
        out[f"{name}.schema.json"] = {"$schema": DRAFT, **schema}
    return out


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "schemas"
    target.mkdir(parents=True, exist_ok=True)
    for name, schema in generated().items():
        (target / name).write_text(dump(schema), encoding="utf-8")
        print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
