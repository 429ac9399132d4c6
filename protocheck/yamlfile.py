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

from .errors import UserError
from .i18n import N_, tr

MAX_EXPANDED_NODES = 200_000

# Shared by catalogs, profiles and waiver files.
MSG_CANNOT_READ = N_("cannot be read: {reason}")
MSG_NOT_UTF8 = N_("is not UTF-8 text (byte {byte}): save it as UTF-8")
MSG_NOT_YAML = N_("not valid YAML: {problem}")
MSG_ALIAS_LOOP = N_("an alias refers to itself: the data would never end")
MSG_ALIAS_BOMB = N_("aliases expand to more than {limit} values: refused")
MSG_UNKNOWN_KEY = N_("unknown key '{key}' (allowed here: {allowed})")
MSG_MISSING_KEY = N_("missing required key '{key}'")
MSG_NOT_ALLOWED = N_("{value} is not allowed here (allowed: {allowed})")
MSG_WRONG_TYPE = N_("{value} should be a {type}")
MSG_WRONG_TYPE_QUOTE = N_("{value} should be a {type} (quote it)")
MSG_PATTERN = N_("{value} is not in the expected form (pattern {pattern})")
MSG_EMPTY = N_("must not be empty")
MSG_RANGE = N_("{value} is out of range ({kind} {limit})")
# jsonschema's own wording for these, used only when it is exactly what jsonschema said (so English is unchanged)
MSG_ANY_OF = N_("{value} is not valid under any of the given schemas")
MSG_TOO_LONG = N_("{value} is too long")

TYPE_NAMES = {
    "object": N_("mapping"),
    "array": N_("list"),
    "string": N_("text"),
    "number": N_("number"),
    "integer": N_("integer"),
    "boolean": N_("true/false"),
}


@dataclass(frozen=True)
class Located:
    """One error in a data file, with where it is.

    ``str()`` is the English line (``catalog.yaml:41:19: sections[2].criteria[4].severity ...``);
    :meth:`localized` is the same line in the reader's language when the message has a ``msgid``. ``params``
    named in ``translated`` are msgids themselves (a type name such as "list") and are translated too; every
    other param (ids, paths, patterns, the user's own values) is shown as written.
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    msgid: str = ""
    params: tuple[tuple[str, str], ...] = ()
    translated: tuple[str, ...] = ()

    @classmethod
    def make(
        cls,
        file: str | Path,
        line: int | None,
        column: int | None,
        path: str,
        msgid: str,
        translated: tuple[str, ...] = (),
        /,
        **params: object,
    ) -> Located:
        """An error whose message is ``msgid`` filled with ``params`` (in English; :meth:`localized` translates)."""
        shown = {k: str(v) for k, v in params.items()}
        message = msgid.format(**shown) if shown else msgid
        return cls(str(file), line, column, path, message, msgid, tuple(shown.items()), translated)

    def _line(self, message: str) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        key = f" {self.path}" if self.path else ""
        return f"{where}:{key} {message}" if key else f"{where}: {message}"

    def __str__(self) -> str:
        return self._line(self.message)

    def localized(self, lang: str) -> str:
        """The same line as ``str()``, its message in ``lang`` (English when it has no msgid or translation)."""
        if not self.msgid:
            return str(self)
        params = {k: tr(v, lang) if k in self.translated else v for k, v in self.params}
        return self._line(tr(self.msgid, lang, **params))


class DataFileError(UserError):
    """A data file (catalog, profile, waivers) that cannot be used; carries every error found."""

    def __init__(self, issues: Sequence[Located]):
        self.issues = list(issues)
        super().__init__("\n".join(str(i) for i in self.issues))

    def lines(self, lang: str) -> list[str]:
        return [i.localized(lang) for i in self.issues]


def read_file(path: Path) -> bytes:
    """A data file's bytes; a file that cannot be read is an error naming it and the system's reason."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DataFileError([Located.make(path, None, None, "", MSG_CANNOT_READ, reason=reason)]) from None


def decode_utf8(path: Path, raw: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed, as Notepad writes one); anything else names the byte at fault."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataFileError([Located.make(path, None, None, "", MSG_NOT_UTF8, byte=exc.start)]) from None


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
        problem = exc.problem or exc.context
        raise DataFileError([Located.make(path, line, col, "", MSG_NOT_YAML, problem=problem)]) from None
    except YAMLError as exc:
        raise DataFileError([Located.make(path, None, None, "", MSG_NOT_YAML, problem=exc)]) from None
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
            raise DataFileError([Located.make(path, None, None, "", MSG_ALIAS_LOOP)])
        in_progress.add(key)
        children = node.values() if isinstance(node, dict) else node
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                limit = f"{MAX_EXPANDED_NODES:,}"
                raise DataFileError([Located.make(path, None, None, "", MSG_ALIAS_BOMB, limit=limit)])
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
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = set((err.schema.get("properties") or {}).keys())
            extras = sorted(k for k in err.instance if k not in allowed)
            for extra in extras:
                kl, kc = key_position(data, path, extra)
                issues.append(
                    Located.make(
                        file,
                        kl,
                        kc,
                        format_path([*path, extra]),
                        MSG_UNKNOWN_KEY,
                        key=extra,
                        allowed=", ".join(sorted(allowed)),
                    )
                )
            continue
        issues.append(_plain_issue(file, line, col, format_path(path), err))
    return issues


def _plain_issue(file: Path, line: int | None, col: int | None, path: str, err: Any) -> Located:
    """A schema error in plain words; jsonschema's own message (English) for the kinds not worded here."""
    kind = err.validator
    value = err.instance

    def make(msgid: str, translated: tuple[str, ...] = (), **params: object) -> Located:
        return Located.make(file, line, col, path, msgid, translated, **params)

    if kind == "required":
        missing = [p for p in err.validator_value if not isinstance(value, dict) or p not in value]
        if missing:
            return make(MSG_MISSING_KEY, key=missing[0])
    elif kind == "enum":
        allowed = ", ".join(str(v) for v in err.validator_value)
        return make(MSG_NOT_ALLOWED, value=repr(value), allowed=allowed)
    elif kind == "type":
        expected = err.validator_value
        quote = expected == "string" and not isinstance(value, dict | list)
        # one type name is translated; a list of them ("mapping or list") is shown as it is
        translated = ("type",) if isinstance(expected, str) and expected in TYPE_NAMES else ()
        msgid = MSG_WRONG_TYPE_QUOTE if quote else MSG_WRONG_TYPE
        return make(msgid, translated, value=repr(value), type=_type_name(expected))
    elif kind == "pattern":
        return make(MSG_PATTERN, value=repr(value), pattern=err.validator_value)
    elif kind in ("minLength", "minItems", "minProperties"):
        return make(MSG_EMPTY)
    elif kind in ("exclusiveMinimum", "minimum", "maximum"):
        return make(MSG_RANGE, value=repr(value), kind=kind, limit=err.validator_value)
    else:
        worded = {"anyOf": MSG_ANY_OF, "maxItems": MSG_TOO_LONG, "maxLength": MSG_TOO_LONG}.get(kind)
        if worded is not None and worded.format(value=repr(value)) == err.message:
            return make(worded, value=repr(value))
    return Located(str(file), line, col, path, str(err.message))


def _type_name(expected: Any) -> str:
    if isinstance(expected, list):
        return " or ".join(TYPE_NAMES.get(str(e), str(e)) for e in expected)
    return TYPE_NAMES.get(expected, str(expected))
