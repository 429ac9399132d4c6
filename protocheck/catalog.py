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

from .i18n import N_
from .models import Catalog
from .problems import InputError
from .yamlfile import (
    DataFileError,
    Located,
    decode_utf8,
    format_path,
    load_yaml,
    position,
    read_file,
    schema_issues,
    to_plain,
)

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


MSG_NO_SUCH_FILE = N_("{ref}: no such file")
MSG_NO_BUILTIN = N_(
    "no built-in standard '{ref}' (built-in: {known}); give the path to its YAML file with --standard"
)
MSG_NOT_A_MAPPING = N_("a catalog must be a mapping with id, version, ...")
MSG_REFUSED = N_("not accepted: {detail}")
MSG_DUPLICATE_ID = {
    "condition": N_("duplicate condition id '{id}' (first at {first})"),
    "field": N_("duplicate field id '{id}' (first at {first})"),
    "rule": N_("duplicate rule id '{id}' (first at {first})"),
}
MSG_CONDITION_AND_FIELD = N_("'{id}' is both a condition and a field: give them different ids")
MSG_FIELDS_RECORD_REVIEW = N_("fields are for record-review catalogs only (set kind: record-review)")
MSG_RULES_RECORD_REVIEW = N_("rules are for record-review catalogs only (set kind: record-review)")
MSG_DUPLICATE_SECTION = N_("duplicate section id '{id}' (first at {first})")
MSG_DUPLICATE_CRITERION = N_("duplicate criterion id '{id}' (first at {first})")
MSG_UNKNOWN_CONDITION = N_("unknown condition '{id}' (declared: {declared})")
MSG_UNKNOWN_CRITERION = N_("unknown criterion '{id}'")
MSG_CONDITION_YES_NO = N_("condition '{id}' is yes or no, not '{value}'")
MSG_NOT_A_CODE_LISTED = N_("'{value}' is not a code of field '{id}' ({codes})")
MSG_NOT_A_CODE = N_("'{value}' is not a code of field '{id}'")
MSG_UNKNOWN_FIELD_OR_CONDITION = N_("unknown field or condition '{id}'")
MSG_RULE_SHAPE = N_("a rule has either 'require: FIELD' or both 'field' and 'forbid'")
MSG_UNKNOWN_FIELD = N_("unknown field '{id}'")
MSG_NONE = N_("none")


class CatalogNotFound(InputError):
    """A catalog (or profile) reference that names no file and no built-in."""


def builtin_paths() -> list[Path]:
    return sorted(p for p in data_dir("standards").glob("*.yaml") if p.is_file())


def resolve(ref: str) -> tuple[Path, bool]:
    """A catalog reference is a path to a YAML file, or the id of a built-in catalog."""
    candidate = Path(ref)
    if candidate.suffix.lower() in (".yaml", ".yml") or candidate.exists():
        if not candidate.is_file():
            raise CatalogNotFound(MSG_NO_SUCH_FILE, ref=ref)
        return candidate, False
    for path in builtin_paths():
        if path.stem == ref:
            return path, True
    known = ", ".join(p.stem for p in builtin_paths())
    raise CatalogNotFound(MSG_NO_BUILTIN, ref=ref, known=known)


def load_catalog(ref: str | Path) -> LoadedCatalog:
    """Load and check a catalog by id or path; raise :class:`DataFileError` listing every error found."""
    if isinstance(ref, Path):
        path, builtin = ref, False
    else:
        path, builtin = resolve(ref)
    raw = read_file(path)
    sha = hashlib.sha256(raw).hexdigest()
    key = (str(path.resolve()), sha)
    catalog = _PARSED.get(key)
    if catalog is None:
        catalog = _PARSED[key] = parse_catalog(path, raw)
    return LoadedCatalog(catalog, path, sha, builtin)


# Checked catalogs by (file, content hash): a summary scores hundreds of audits against one catalog in each
# worker process, and parsing it once instead of each time is most of the speed-up. Models are frozen.
_PARSED: dict[tuple[str, str], Catalog] = {}


def parse_catalog(path: Path, raw: bytes) -> Catalog:
    text = decode_utf8(path, raw)
    # Fast path: the C safe loader and the models in strict JSON mode (the schema is generated from them and
    # accepts the same documents). Only a catalog with errors is parsed again with positions and checked
    # against the JSON Schema, whose errors name the line, column and key path and read better.
    fast = load_yaml(path, text, positions=False)
    if not isinstance(fast, dict):
        raise DataFileError([Located.make(path, 1, 1, "", MSG_NOT_A_MAPPING)])
    plain = to_plain(fast)
    catalog, refused = _validate(plain)
    if catalog is not None and not reference_issues(path, None, catalog):
        return catalog
    data = load_yaml(path, text)
    issues = schema_issues(path, data, plain, load_schema("catalog.schema.json"))
    if issues:
        raise DataFileError(issues)
    if catalog is None:  # the models refused what the schema allows: say where, in their words
        raise DataFileError(
            [
                Located.make(path, *position(data, list(loc)), format_path(loc), MSG_REFUSED, detail=detail)
                for loc, detail in refused
            ]
        )
    raise DataFileError(reference_issues(path, data, catalog))


def _validate(plain: Any) -> tuple[Catalog | None, list[tuple[tuple[str | int, ...], str]]]:
    from pydantic import ValidationError

    try:
        return Catalog.model_validate_json(json.dumps(plain), strict=True), []
    except ValidationError as exc:
        return None, [(tuple(e["loc"]), str(e["msg"])) for e in exc.errors()]


def reference_issues(path: Path, data: Any, catalog: Catalog) -> list[Located]:
    """What a schema cannot say: ids unique, and every reference naming something that exists."""
    issues: list[Located] = []

    def add(where: list[Any], msgid: str, translated: tuple[str, ...] = (), /, **params: object) -> None:
        line, col = position(data, where)
        issues.append(Located.make(path, line, col, format_path(where), msgid, translated, **params))

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
                add([key, i, "id"], MSG_DUPLICATE_ID[kind], id=item_id, first=f"{key}[{seen[item_id]}]")
            seen[item_id] = i
    clash = condition_ids & field_ids
    for name in sorted(clash):
        add(["fields"], MSG_CONDITION_AND_FIELD, id=name)

    if catalog.kind == "assessment":
        if catalog.fields:
            add(["fields"], MSG_FIELDS_RECORD_REVIEW)
        if catalog.rules:
            add(["rules"], MSG_RULES_RECORD_REVIEW)

    for si, section in enumerate(catalog.sections):
        if section.id in seen_sections:
            first = f"sections[{seen_sections[section.id]}]"
            add(["sections", si, "id"], MSG_DUPLICATE_SECTION, id=section.id, first=first)
        seen_sections.setdefault(section.id, si)
        for ci, crit in enumerate(section.criteria):
            here = ["sections", si, "criteria", ci]
            if crit.id in seen_criteria:
                fs, fc = seen_criteria[crit.id]
                first = f"sections[{fs}].criteria[{fc}]"
                add([*here, "id"], MSG_DUPLICATE_CRITERION, id=crit.id, first=first)
            seen_criteria.setdefault(crit.id, (si, ci))
            for k, cond in enumerate(crit.applies_if):
                if cond not in condition_ids:
                    declared, translated = _list(condition_ids, "declared")
                    add(
                        [*here, "applies_if", k],
                        MSG_UNKNOWN_CONDITION,
                        translated,
                        id=cond,
                        declared=declared,
                    )
            for k, rel in enumerate(crit.related):
                if rel not in all_criteria:
                    add([*here, "related", k], MSG_UNKNOWN_CRITERION, id=rel)

    vocab = {f.id: {v.code for v in f.vocabulary} for f in catalog.fields if f.vocabulary}
    for ri, rule in enumerate(catalog.rules):
        here = ["rules", ri]
        when = rule.when
        if when.field in condition_ids:
            if when.equals.lower() not in ("yes", "no"):
                add([*here, "when", "equals"], MSG_CONDITION_YES_NO, id=when.field, value=when.equals)
        elif when.field in field_ids:
            if when.field in vocab and when.equals not in vocab[when.field]:
                codes, translated = _list(vocab[when.field], "codes")
                add(
                    [*here, "when", "equals"],
                    MSG_NOT_A_CODE_LISTED,
                    translated,
                    value=when.equals,
                    id=when.field,
                    codes=codes,
                )
        else:
            add([*here, "when", "field"], MSG_UNKNOWN_FIELD_OR_CONDITION, id=when.field)
        if (rule.require is None) == (rule.field is None or rule.forbid is None):
            add(here, MSG_RULE_SHAPE)
        if rule.require is not None and rule.require not in field_ids:
            add([*here, "require"], MSG_UNKNOWN_FIELD, id=rule.require)
        if rule.field is not None:
            if rule.field not in field_ids:
                add([*here, "field"], MSG_UNKNOWN_FIELD, id=rule.field)
            elif rule.forbid:
                for k, code in enumerate(rule.forbid):
                    if rule.field in vocab and code not in vocab[rule.field]:
                        add([*here, "forbid", k], MSG_NOT_A_CODE, value=code, id=rule.field)
    return issues


def _list(items: set[str], param: str) -> tuple[str, tuple[str, ...]]:
    """The ids, comma-separated; "none" (translated, so ``param`` is named in ``translated``) when there are none."""
    if items:
        return ", ".join(sorted(items)), ()
    return MSG_NONE, (param,)
