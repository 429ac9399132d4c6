"""Finding, loading and checking catalogs.

Built-in catalogs and catalogs given by path go through the same steps: safe YAML → JSON Schema (with the line
and column of every error) → typed model → the checks a schema cannot express (duplicate ids, references).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .models import Catalog
from .yamlfile import DataFileError, Located, load_yaml, schema_issues, to_plain

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """Where ``standards/`` or ``schemas/`` are: inside the wheel, else beside the package in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


@cache
def load_schema(name: str) -> dict[str, Any]:
    result: dict[str, Any] = json.loads((data_dir("schemas") / name).read_text(encoding="utf-8"))
    return result


@dataclass(frozen=True)
class LoadedCatalog:
    """A catalog with where it came from: reports cite the file's hash so a result can be traced to its rules."""

    catalog: Catalog
    path: Path
    sha256: str
    builtin: bool


class CatalogNotFound(Exception):
    pass


def builtin_paths() -> list[Path]:
    return sorted(p for p in data_dir("standards").glob("*.yaml") if p.is_file())


def resolve(ref: str) -> tuple[Path, bool]:
    """A catalog reference is a path to a YAML file, or the id of a built-in catalog."""
    candidate = Path(ref)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise CatalogNotFound(f"{ref}: no such file")
        return candidate, False
    for path in builtin_paths():
        if path.stem == ref:
            return path, True
    known = ", ".join(p.stem for p in builtin_paths())
    raise CatalogNotFound(
        f"no built-in standard '{ref}' (built-in: {known}); give the path to its YAML file with --standard"
    )


def load_catalog(ref: str | Path) -> LoadedCatalog:
    """Load and check a catalog by id or path; raise :class:`DataFileError` listing every error found."""
    if isinstance(ref, Path):
        path, builtin = ref, False
    else:
        path, builtin = resolve(ref)
    raw = _read(path)
    sha = hashlib.sha256(raw).hexdigest()
    key = (str(path.resolve()), sha)
    catalog = _PARSED.get(key)
    if catalog is None:
        catalog = _PARSED[key] = parse_catalog(path, raw)
    return LoadedCatalog(catalog, path, sha, builtin)


# Checked catalogs by (file, content hash): a summary scores hundreds of audits against one catalog in each
# worker process, and parsing it once instead of each time is most of the speed-up. Models are frozen.
_PARSED: dict[tuple[str, str], Catalog] = {}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataFileError([Located(str(path), None, None, "", f"cannot be read: {exc.strerror}")]) from None


def parse_catalog(path: Path, raw: bytes) -> Catalog:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            [Located(str(path), None, None, "", f"is not UTF-8 text (byte {exc.start}): save it as UTF-8")]
        ) from None
    # Fast path: the C safe loader and a yes/no schema check; only a catalog with errors is parsed again with
    # positions, so that every error can name its line and column.
    fast = load_yaml(path, text, positions=False)
    if not isinstance(fast, dict):
        raise DataFileError(
            [Located(str(path), 1, 1, "", "a catalog must be a mapping with id, version, ...")]
        )
    plain = to_plain(fast)
    from jsonschema import Draft202012Validator

    if Draft202012Validator(load_schema("catalog.schema.json")).is_valid(plain):
        catalog = Catalog.model_validate(plain)
        if not reference_issues(path, None, catalog):
            return catalog
    data = load_yaml(path, text)
    issues = schema_issues(path, data, plain, load_schema("catalog.schema.json"))
    if issues:
        raise DataFileError(issues)
    catalog = Catalog.model_validate(plain)
    raise DataFileError(reference_issues(path, data, catalog))


def reference_issues(path: Path, data: Any, catalog: Catalog) -> list[Located]:
    """What a schema cannot say: ids unique, and every reference naming something that exists."""
    from .yamlfile import position

    issues: list[Located] = []

    def add(where: list[Any], message: str) -> None:
        line, col = position(data, where)
        from .yamlfile import format_path

        issues.append(Located(str(path), line, col, format_path(where), message))

    seen_sections: dict[str, int] = {}
    seen_criteria: dict[str, tuple[int, int]] = {}
    condition_ids = {c.id for c in catalog.conditions}
    field_ids = {f.id for f in catalog.fields}
    all_criteria = {c.id for _, c in catalog.criteria()}

    named: list[tuple[str, list[str]]] = [
        ("condition", [c.id for c in catalog.conditions]),
        ("field", [f.id for f in catalog.fields]),
        ("rule", [r.id for r in catalog.rules]),
    ]
    for kind, ids in named:
        seen: dict[str, int] = {}
        key = kind + "s"
        for i, item_id in enumerate(ids):
            if item_id in seen:
                add([key, i, "id"], f"duplicate {kind} id '{item_id}' (first at {key}[{seen[item_id]}])")
            seen[item_id] = i
    clash = condition_ids & field_ids
    for name in sorted(clash):
        add(["fields"], f"'{name}' is both a condition and a field: give them different ids")

    if catalog.kind == "assessment":
        if catalog.fields:
            add(["fields"], "fields are for record-review catalogs only (set kind: record-review)")
        if catalog.rules:
            add(["rules"], "rules are for record-review catalogs only (set kind: record-review)")

    for si, section in enumerate(catalog.sections):
        if section.id in seen_sections:
            add(
                ["sections", si, "id"],
                f"duplicate section id '{section.id}' (first at sections[{seen_sections[section.id]}])",
            )
        seen_sections.setdefault(section.id, si)
        for ci, crit in enumerate(section.criteria):
            here = ["sections", si, "criteria", ci]
            if crit.id in seen_criteria:
                fs, fc = seen_criteria[crit.id]
                add(
                    [*here, "id"],
                    f"duplicate criterion id '{crit.id}' (first at sections[{fs}].criteria[{fc}])",
                )
            seen_criteria.setdefault(crit.id, (si, ci))
            for k, cond in enumerate(crit.applies_if):
                if cond not in condition_ids:
                    add(
                        [*here, "applies_if", k],
                        f"unknown condition '{cond}' (declared: {_list(condition_ids)})",
                    )
            for k, rel in enumerate(crit.related):
                if rel not in all_criteria:
                    add([*here, "related", k], f"unknown criterion '{rel}'")

    vocab = {f.id: {v.code for v in f.vocabulary} for f in catalog.fields if f.vocabulary}
    for ri, rule in enumerate(catalog.rules):
        here = ["rules", ri]
        when = rule.when
        if when.field in condition_ids:
            if when.equals.lower() not in ("yes", "no"):
                add([*here, "when", "equals"], f"condition '{when.field}' is yes or no, not '{when.equals}'")
        elif when.field in field_ids:
            if when.field in vocab and when.equals not in vocab[when.field]:
                add(
                    [*here, "when", "equals"],
                    f"'{when.equals}' is not a code of field '{when.field}' ({_list(vocab[when.field])})",
                )
        else:
            add([*here, "when", "field"], f"unknown field or condition '{when.field}'")
        if (rule.require is None) == (rule.field is None or rule.forbid is None):
            add(here, "a rule has either 'require: FIELD' or both 'field' and 'forbid'")
        if rule.require is not None and rule.require not in field_ids:
            add([*here, "require"], f"unknown field '{rule.require}'")
        if rule.field is not None:
            if rule.field not in field_ids:
                add([*here, "field"], f"unknown field '{rule.field}'")
            elif rule.forbid:
                for k, code in enumerate(rule.forbid):
                    if rule.field in vocab and code not in vocab[rule.field]:
                        add([*here, "forbid", k], f"'{code}' is not a code of field '{rule.field}'")
    return issues


def _list(items: set[str]) -> str:
    return ", ".join(sorted(items)) or "none"
