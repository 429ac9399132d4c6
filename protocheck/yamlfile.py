"""Safe YAML loading with positions, shared by catalogs, profiles and waiver files.

ruamel's round-trip loader keeps the line and column of every key and item, which is what lets an error say
``catalog.yaml:41:19 sections[2].criteria[4].severity``; it constructs only plain mappings, sequences and
scalars (no Python objects). Aliases are allowed but their expanded size is bounded, so a "billion laughs"
file is refused instead of eating the memory of an old laptop.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_EXPANDED_NODES = 200_000


@dataclass(frozen=True)
class Located:
    """One error in a data file, with where it is."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.path}" if self.path else ""
        return f"{where}:{key} {self.message}" if key else f"{where}: {self.message}"


class DataFileError(Exception):
    """A data file (catalog, profile, waivers) that cannot be used; carries every error found."""

    def __init__(self, issues: Sequence[Located]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


def format_path(path: Iterable[Any]) -> str:
    """``['sections', 2, 'criteria', 4, 'severity']`` → ``sections[2].criteria[4].severity``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def load_yaml(path: Path, text: str, *, positions: bool = True) -> Any:
    """Parse YAML text safely; raise :class:`DataFileError` with the position of a syntax error.

    ``positions=False`` uses ruamel's safe loader, which runs in C when ruamel.yaml.clib is installed (about
    ten times faster on a 200 KB catalog); callers re-parse with positions only when they have errors to place.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="rt" if positions else "safe")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        message = f"not valid YAML: {exc.problem or exc.context}"
        raise DataFileError([Located(str(path), line, col, "", message)]) from None
    except YAMLError as exc:
        raise DataFileError([Located(str(path), None, None, "", f"not valid YAML: {exc}")]) from None
    _check_expansion(path, data)
    return data


def _check_expansion(path: Path, data: Any) -> None:
    """Refuse data whose aliases expand past MAX_EXPANDED_NODES, or refer to themselves."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise DataFileError(
                [Located(str(path), None, None, "", "an alias refers to itself: the data would never end")]
            )
        in_progress.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise DataFileError(
                    [
                        Located(
                            str(path),
                            None,
                            None,
                            "",
                            f"aliases expand to more than {MAX_EXPANDED_NODES:,} values: refused",
                        )
                    ]
                )
        in_progress.discard(key)
        sizes[key] = total
        return total

    size(data)


def to_plain(node: Any) -> Any:
    """ruamel containers → dicts and lists; dates → ISO strings (so ``effective: 2024-01-01`` is accepted)."""
    if isinstance(node, dict):
        return {str(k): to_plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [to_plain(v) for v in node]
    if isinstance(node, datetime.date):
        return node.isoformat()
    if isinstance(node, str):
        return str(node)
    return node


def position(data: Any, path: Sequence[Any]) -> tuple[int | None, int | None]:
    """1-based line and column of the value at ``path`` in ruamel data; the nearest known place otherwise."""
    node = data
    best: tuple[int | None, int | None] = (None, None)
    lc = getattr(node, "lc", None)
    if lc is not None:
        best = (lc.line + 1, lc.col + 1)
    for part in path:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and part in node:
                if lc is not None:
                    line, col = lc.value(part) if not isinstance(node[part], dict | list) else lc.key(part)
                    best = (line + 1, col + 1)
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                if lc is not None:
                    line, col = lc.item(part)
                    best = (line + 1, col + 1)
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return best


def key_position(data: Any, path: Sequence[Any], key: str) -> tuple[int | None, int | None]:
    """Position of ``key`` itself inside the mapping at ``path`` (for "unknown key" errors)."""
    node = data
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return position(data, path)
    lc = getattr(node, "lc", None)
    if isinstance(node, dict) and key in node and lc is not None:
        line, col = lc.key(key)
        return line + 1, col + 1
    return position(data, path)


def schema_issues(file: Path, data: Any, plain: Any, schema: dict[str, Any]) -> list[Located]:
    """Validate ``plain`` against a JSON Schema; every error with its position in ``data`` and a plain message."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    issues: list[Located] = []
    for err in sorted(validator.iter_errors(plain), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(err.absolute_path)
        line, col = position(data, path)
        message = _plain_message(err)
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set((err.schema.get("properties") or {}).keys())
            extras = sorted(k for k in err.instance if k not in allowed)
            for extra in extras:
                kl, kc = key_position(data, path, extra)
                issues.append(
                    Located(
                        str(file),
                        kl,
                        kc,
                        format_path([*path, extra]),
                        f"unknown key '{extra}' (allowed here: {', '.join(sorted(allowed))})",
                    )
                )
            continue
        issues.append(Located(str(file), line, col, format_path(path), message))
    return issues


def _plain_message(err: Any) -> str:
    kind = err.validator
    value = err.instance
    if kind == "required":
        missing = [p for p in err.validator_value if not isinstance(value, dict) or p not in value]
        return f"missing required key '{missing[0]}'" if missing else err.message
    if kind == "enum":
        allowed = ", ".join(str(v) for v in err.validator_value)
        return f"{value!r} is not allowed here (allowed: {allowed})"
    if kind == "type":
        expected = err.validator_value
        hint = " (quote it)" if expected == "string" and not isinstance(value, dict | list) else ""
        return f"{value!r} should be a {_type_name(expected)}{hint}"
    if kind == "pattern":
        return f"{value!r} is not in the expected form (pattern {err.validator_value})"
    if kind in ("minLength", "minItems", "minProperties"):
        return "must not be empty"
    if kind in ("exclusiveMinimum", "minimum", "maximum"):
        return f"{value!r} is out of range ({kind} {err.validator_value})"
    return str(err.message)


def _type_name(expected: Any) -> str:
    names = {
        "object": "mapping",
        "array": "list",
        "string": "text",
        "number": "number",
        "boolean": "true/false",
    }
    if isinstance(expected, list):
        return " or ".join(names.get(str(e), str(e)) for e in expected)
    return names.get(expected, str(expected))
