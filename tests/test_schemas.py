"""The committed JSON Schemas are exactly what the models generate: they cannot drift apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from protocheck.schemas import dump, generated

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("name", sorted(generated()))
def test_committed_schema_matches_models(name: str) -> None:
    committed = (SCHEMAS / name).read_text(encoding="utf-8")
    assert committed == dump(generated()[name]), (
        f"run: python -m protocheck.schemas  (schemas/{name} is stale)"
    )
