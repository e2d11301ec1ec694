"""Reads mapping YAML into the records of :mod:`awserrors._spec`, each knowing its file:line.

It loads with PyYAML's *safe* loader (libyaml's when available) at the node
level, so every value keeps its position and Python tags are refused; every
problem of a file is collected, not raised, so that all of them are reported
at once.  Only this module imports YAML.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from awserrors._spec import (
    ClassEntry,
    CodeEntry,
    ErrorRow,
    Location,
    MappingFile,
    MatchRule,
    Problem,
)

try:  # libyaml is 4x faster; fall back to the pure-Python safe loader.
    _SafeLoader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _SafeLoader = yaml.SafeLoader

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "bool", "null", "float")}


def _show(node: yaml.Node, limit: int = 60) -> str:
    """A short rendering of what a node holds, to quote a wrong value back.

    It stops as soon as ``limit`` characters are written, so an alias tree that
    expands to gigabytes (or refers to itself) costs no more than a short one.
    """
    parts: list[str] = []
    budget = [limit + 1]

    def put(text: str) -> bool:
        parts.append(text[: budget[0]])
        budget[0] -= len(text)
        return budget[0] > 0

    def render(node: yaml.Node, depth: int) -> bool:
        if depth > 20:
            return put("...")
        if isinstance(node, yaml.SequenceNode):
            if not put("["):
                return False
            for i, item in enumerate(node.value):
                if (i and not put(", ")) or not render(item, depth + 1):
                    return False
            return put("]")
        if isinstance(node, yaml.MappingNode):
            if not put("{"):
                return False
            for i, (key, value) in enumerate(node.value):
                if (i and not put(", ")) or not render(key, depth + 1) or not put(": "):
                    return False
                if not render(value, depth + 1):
                    return False
            return put("}")
        value = str(node.value)[: limit + 1]
        return put(repr(value) if node.tag == f"{_YAML}str" else value)

    render(node, 0)
    text = "".join(parts)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == f"{_YAML}null":
            return "nothing (an empty value)"
        return _show(node)
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return f"{kind} {_show(node)}"


# --- reading YAML nodes --------------------------------------------------------

_MISSING: Any = object()


class _FileReader:
    """Turns one file's YAML node tree into records, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        #: While reading a value given as an alias (``codes: *common``): where it is used,
        #: and the line of the anchored value. What is found in it is reported there.
        self.via: tuple[Location, int] | None = None

    def where(self, node: yaml.Node) -> Location:
        if self.via is not None:
            return self.via[0]
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def problem(self, node: yaml.Node | Location, key: str, message: str) -> None:
        where = node if isinstance(node, Location) else self.where(node)
        if self.via is not None and not isinstance(node, Location):
            message += f" (in the value anchored at line {self.via[1]}, used here as an alias)"
        self.problems.append(Problem(where, key, message))

    # scalars and containers

    def untagged(self, node: yaml.Node, key: str) -> bool:
        """Whether ``node`` is plain data; reports any other tag (``!!python/...``)."""
        if isinstance(node, yaml.ScalarNode):
            allowed = _PLAIN_TAGS
        else:
            allowed = {f"{_YAML}seq" if isinstance(node, yaml.SequenceNode) else f"{_YAML}map"}
        if node.tag in allowed:
            return True
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{_YAML}timestamp" and not node.style:
            # An unquoted date (2001-12-14): YAML reads it as a date, though no tag was written.
            self.problem(node, key, f"a date is not allowed here; quote it for text: '{node.value}'")
            return False
        self.problem(
            node,
            key,
            f"the tag {node.tag.replace(_YAML, '!!')!r} is not allowed: mappings are "
            "data, loaded safely; use plain strings, numbers, booleans, lists and mappings",
        )
        return False

    def plain(self, node: yaml.Node, key: str, expected: str = "a single value") -> Any:
        """The Python value of a scalar node, or _MISSING after reporting a problem."""
        if not self.untagged(node, key):
            return _MISSING
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, key, f"expected {expected}, got {_kind(node)}")
            return _MISSING
        return yaml.SafeLoader.construct_object(_CONSTRUCTOR, node)

    def typed(self, node: yaml.Node, key: str, kind: type, expected: str) -> Any:
        value = self.plain(node, key, expected)
        if value is _MISSING:
            return _MISSING
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problem(node, key, f"expected {expected}, got {value!r}")
            return _MISSING
        return value

    def text(self, node: yaml.Node, key: str) -> Any:
        value = self.typed(node, key, str, "a string")
        if value is not _MISSING and not value.strip():
            self.problem(node, key, "expected a non-empty string, got ''")
            return _MISSING
        return value

    def flag(self, node: yaml.Node, key: str) -> Any:
        return self.typed(node, key, bool, "true or false")

    def status(self, node: yaml.Node, key: str) -> Any:
        value = self.typed(node, key, int, "an HTTP status, an integer from 100 to 599")
        if value is not _MISSING and not 100 <= value <= 599:
            self.problem(node, key, f"{value} is not an HTTP status; expected an integer from 100 to 599")
            return _MISSING
        return value

    def items(self, node: yaml.Node, key: str, *, one: bool = False) -> list[yaml.Node]:
        """The nodes of a list (with ``one``, a single scalar counts as a list of one)."""
        if isinstance(node, yaml.SequenceNode):
            return list(node.value) if self.untagged(node, key) else []
        if isinstance(node, yaml.ScalarNode) and (one or node.tag == f"{_YAML}null"):
            return [node]  # a null reports itself where the item is read
        if isinstance(node, yaml.ScalarNode):
            field = key.rpartition(".")[2]
            text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
            hint = f"did you mean {field}: [{text}]?"
            self.problem(node, key, f"expected a list, got the single value {text!r}; {hint}")
            return []
        self.problem(node, key, f"expected a list, got {_kind(node)}")
        return []

    def text_list(self, node: yaml.Node, key: str, *, one: bool = False) -> tuple[str, ...]:
        values = (self.text(item, f"{key}[{i}]") for i, item in enumerate(self.items(node, key, one=one)))
        return tuple(v for v in values if v is not _MISSING)

    def pairs(
        self, node: yaml.Node, key: str, allowed: Iterable[str] | None
    ) -> Iterator[tuple[str, yaml.Node, yaml.Node]]:
        """The (key, key node, value node) of a mapping, reporting bad and repeated keys."""
        if not self.untagged(node, key):
            return
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, key, f"expected a mapping, got {_kind(node)}")
            return
        allowed = list(allowed) if allowed is not None else None
        seen: dict[str, Location] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_YAML}merge":
                self.problem(key_node, key, "merge keys ('<<') are not supported; write keys out")
                continue
            name = self.plain(key_node, key)
            if name is _MISSING:
                continue
            if not isinstance(name, str):
                # YAML 1.1 reads on/off/yes/no as booleans and 404 as a number: quote them.
                hint = f"; quote it: '{key_node.value}'" if isinstance(key_node, yaml.ScalarNode) else ""
                self.problem(key_node, key, f"keys must be strings, got {name!r}{hint}")
                continue
            path = f"{key}.{name}" if key else name
            if name in seen:
                self.problem(key_node, path, f"declared twice (first at line {seen[name].line})")
                continue
            seen[name] = self.where(key_node)
            if allowed is not None and name not in allowed:
                self.problem(key_node, path, _unknown_key_message(name, allowed))
                continue
            outer = self.via
            if outer is None and value_node.start_mark.index < key_node.start_mark.index:
                # A value that starts before its key is an alias of a node anchored earlier.
                self.via = (self.where(key_node), value_node.start_mark.line + 1)
            try:
                yield name, key_node, value_node
            finally:
                self.via = outer

    # the mapping format

    def read(self, root: yaml.Node | None) -> MappingFile | None:
        start = Location(self.path, 1, 1)
        if root is None:
            self.problem(start, "(file)", "the file is empty; expected a mapping with 'classes'")
            return None
        if not isinstance(root, yaml.MappingNode):
            self.problem(
                root, "(file)", f"expected a mapping with 'taxonomy' and 'classes', got {_kind(root)}"
            )
            return None
        header: dict[str, Any] = {}
        header_where: dict[str, Location] = {}
        found: dict[str, Any] = {}
        for name, _key_node, value in self.pairs(root, "", TOP_LEVEL_KEYS):
            if name == "classes":
                found[name] = tuple(
                    entry
                    for cls_name, key_node, body in self.pairs(value, "classes", None)
                    if (entry := self.read_class(cls_name, key_node, body)) is not None
                )
            elif name in ("category_rules", "retry_rules"):
                found[name] = tuple(
                    MatchRule(self.where(item), **self.fields(item, f"{name}[{i}]", RULE_KEYS))
                    for i, item in enumerate(self.items(value, name))
                )
            elif name in ("errors", "services"):
                found[name] = ()  # read below, once the file's service is known
            else:
                parsed = self.flag(value, name) if name == "derive_from_botocore" else self.text(value, name)
                header_where[name] = self.where(value)
                if parsed is not _MISSING:
                    header[name] = parsed
        rows: list[ErrorRow] = []
        for key, value in root.value:
            if getattr(key, "value", None) == "errors" and "errors" in found:
                rows += self.rows(value, "errors", header.get("service"))
            elif getattr(key, "value", None) == "services" and "services" in found:
                for service, _knode, service_rows in self.pairs(value, "services", None):
                    rows += self.rows(service_rows, f"services.{service}", service)
        found.pop("services", None)
        if rows:
            found["errors"] = tuple(rows)
        if not {"classes", "errors", "category_rules", "retry_rules"} & set(found):
            self.problem(start, "classes", "missing; expected a mapping of class names")
        return MappingFile(self.path, start, **header, **found, header_where=header_where)

    def rows(self, node: yaml.Node, key: str, service: str | None) -> list[ErrorRow]:
        """The ``errors`` rows of a mapping: row name -> fields."""
        return [
            ErrorRow(
                row,
                self.where(key_node),
                service,
                **self.fields(body, f"{key}.{row}", ERROR_KEYS),
                key=f"{key}.{row}",
            )
            for row, key_node, body in self.pairs(node, key, None)
        ]

    def fields(self, node: yaml.Node, key: str, schema: dict[str, str]) -> dict[str, Any]:
        """The fields of a mapping read by kind: text, texts, flag, status, statuses, fault,
        operation_statuses."""
        result: dict[str, Any] = {}
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{_YAML}null":
            return result
        for field, _knode, value in self.pairs(node, key, schema):
            path = f"{key}.{field}"
            kind = schema[field]
            if kind == "text":
                parsed = self.text(value, path)
            elif kind == "texts":
                parsed = self.text_list(value, path)
            elif kind == "flag":
                parsed = self.flag(value, path)
            elif kind == "status":
                parsed = self.status(value, path)
            elif kind == "operation_statuses":
                parsed = self.operation_statuses(value, path)
            elif kind == "statuses":
                parsed = tuple(
                    s
                    for i, item in enumerate(self.items(value, path))
                    if (s := self.status(item, f"{path}[{i}]")) is not _MISSING
                )
            else:  # fault
                parsed = self.text(value, path)
                if parsed is not _MISSING and parsed not in ("client", "server"):
                    self.problem(value, path, f"expected 'client' or 'server', got {parsed!r}")
                    parsed = _MISSING
            if parsed is not _MISSING:
                result[field] = parsed
        return result

    def operation_names(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        """A list of operation names; one longer than any AWS operation's is a problem (turning
        a name of 100,000 characters into snake_case takes botocore seconds)."""
        names = self.text_list(node, key)
        for name in names:
            if len(name) > OPERATION_MAX:
                self.problem(node, key, _too_long(name))
        return tuple(n for n in names if len(n) <= OPERATION_MAX)

    def operation_statuses(self, node: yaml.Node, key: str) -> tuple[tuple[str, int], ...]:
        """``{Operation: status or [statuses]}`` as (operation, status) pairs, in file order."""
        found: list[tuple[str, int]] = []
        for operation, key_node, value in self.pairs(node, key, None):
            path = f"{key}.{operation}"
            if not operation.strip():
                self.problem(key_node, path, "expected an operation name, got ''")
                continue
            if len(operation) > OPERATION_MAX:
                self.problem(key_node, path, _too_long(operation))
                continue
            single = isinstance(value, yaml.ScalarNode)
            for i, item in enumerate(self.items(value, path, one=True)):
                status = self.status(item, path if single else f"{path}[{i}]")
                if status is not _MISSING:
                    found.append((operation, status))
        return tuple(found)

    def read_class(self, name: str, key_node: yaml.Node, body: yaml.Node) -> ClassEntry | None:
        key = f"classes.{name}"
        fields: dict[str, Any] = {}
        if isinstance(body, yaml.ScalarNode) and body.tag == f"{_YAML}null":
            return ClassEntry(name, self.where(key_node))
        given: set[str] = set()
        for field, _knode, value in self.pairs(body, key, CLASS_KEYS):
            given.add(field)
            path = f"{key}.{field}"
            if field == "parent":  # one name, or a list of them
                parents = self.text_list(value, path, one=True)
                if not parents:
                    self.problem(value, path, "expected a class name or a list of them")
                fields["parents"] = parents
            elif field in ("doc", "message"):
                fields[field] = self.text(value, path)
            elif field in ("retryable", "throttling"):
                fields[field] = self.flag(value, path)
            elif field == "http_statuses":
                fields[field] = tuple(
                    s
                    for i, item in enumerate(self.items(value, path))
                    if (s := self.status(item, f"{path}[{i}]")) is not _MISSING
                )
            elif field == "operation_statuses":
                fields[field] = self.operation_statuses(value, path)
            elif field == "codes":
                fields[field] = tuple(
                    entry
                    for i, item in enumerate(self.items(value, path))
                    if (entry := self.read_code(item, f"{path}[{i}]")) is not None
                )
            elif field == "operations":
                fields[field] = self.operation_names(value, path)
            else:  # exceptions, aliases
                fields[field] = self.text_list(value, path)
        clean = {k: v for k, v in fields.items() if v is not _MISSING}
        return ClassEntry(name, self.where(key_node), given_keys=frozenset(given), **clean)

    def read_code(self, node: yaml.Node, key: str) -> CodeEntry | None:
        if isinstance(node, yaml.ScalarNode):
            value = self.plain(node, key)
            if value is _MISSING:
                return None
            if not isinstance(value, str) or not value.strip():
                hint = f"; quote it: '{value}'" if isinstance(value, int | float) else ""
                self.problem(node, key, f"expected an error code string, got {value!r}{hint}")
                return None
            return CodeEntry(value, self.where(node))
        if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
            if not self.untagged(node, key):
                return None
            [(code_node, body)] = node.value
            code = self.text(code_node, key)
            if code is _MISSING:
                return None
            fields: dict[str, Any] = {}
            if not (isinstance(body, yaml.ScalarNode) and body.tag == f"{_YAML}null"):
                for field, _knode, value in self.pairs(body, f"{key}.{code}", CODE_KEYS):
                    path = f"{key}.{code}.{field}"
                    if field in ("retryable", "throttling"):
                        fields[field] = self.flag(value, path)
                    elif field == "http_status":
                        fields[field] = self.status(value, path)
                    elif field == "doc":
                        fields[field] = self.text(value, path)
                    else:  # operations
                        fields[field] = self.operation_names(value, path)
            clean = {k: v for k, v in fields.items() if v is not _MISSING}
            return CodeEntry(code, self.where(code_node), **clean)
        self.problem(
            node,
            key,
            f"expected an error code, or a mapping of one code to its overrides ({', '.join(CODE_KEYS)})",
        )
        return None


_CONSTRUCTOR = yaml.SafeLoader("")

TOP_LEVEL_KEYS = (
    "taxonomy",
    "description",
    "service",
    "root",
    "extends",
    "derive_from_botocore",
    "classes",
    "errors",
    "services",
    "category_rules",
    "retry_rules",
)
#: The fields of an ``errors`` row, by kind.
ERROR_KEYS = {
    "code": "text",
    "legacy_code": "text",
    "http_status": "status",
    "fault": "fault",
    "retryable": "flag",
    "throttling": "flag",
    "category": "text",
    "doc": "text",
    "operation_statuses": "operation_statuses",
}
#: The fields of a ``category_rules`` or ``retry_rules`` item, by kind.
RULE_KEYS = {
    "category": "text",
    "codes": "texts",
    "names": "texts",
    "http_statuses": "statuses",
    "fault": "fault",
    "retryable": "flag",
    "throttling": "flag",
    "doc": "text",
}
CLASS_KEYS = (
    "parent",
    "doc",
    "codes",
    "http_statuses",
    "operations",
    "operation_statuses",
    "exceptions",
    "retryable",
    "throttling",
    "aliases",
    "message",
)
CODE_KEYS = ("retryable", "throttling", "http_status", "doc", "operations")


#: The longest operation name a mapping may give (AWS's are identifiers of some 60 at most).
OPERATION_MAX = 256


def _too_long(name: str) -> str:
    return (
        f"an operation name of {len(name):,} characters; expected an AWS operation name "
        f"(PutItem or put_item) of {OPERATION_MAX} characters at most"
    )


def _unknown_key_message(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}valid keys: {', '.join(allowed)}"


def read_file(path: Path, problems: list[Problem]) -> MappingFile | None:
    """Parse one YAML file into a record, appending what is wrong to ``problems``."""
    reader = _FileReader(str(path), problems)
    try:
        data = path.read_bytes()
    except OSError as exc:
        reader.problem(Location(str(path), 1, 1), "(file)", f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:  # say where the bad byte is
        before = data[: exc.start]
        line, column = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        reader.problem(
            Location(str(path), line, column),
            "(file)",
            f"byte {data[exc.start]:#04x} is not UTF-8; mapping files are UTF-8 text",
        )
        return None
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(str(path), 1, 1)
        detail = exc.problem or exc.context or "cannot be parsed"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":  # PyYAML does not say
            detail = "a tab character; YAML indents with spaces only (replace the tab with spaces)"
        start = exc.context_mark
        if exc.context and exc.problem:
            detail += f" ({exc.context}"
            if start is not None and start is not mark:
                detail += f" that starts at line {start.line + 1}, column {start.column + 1}"
            detail += ")"
        reader.problem(where, "(syntax)", f"invalid YAML: {detail}")
        return None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; PyYAML says it in two lines
        ahead = text[: max(text.find(chr(exc.character)), 0)]  # the reader stops at the first one
        line, column = ahead.count("\n") + 1, len(ahead) - (ahead.rfind("\n") + 1) + 1
        reader.problem(
            Location(str(path), line, column),
            "(syntax)",
            f"invalid YAML: unacceptable character #x{exc.character:04x}: {exc.reason}",
        )
        return None
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())  # one line
        reader.problem(Location(str(path), 1, 1), "(syntax)", f"invalid YAML: {detail}")
        return None
    return reader.read(root)


def read_files(paths: list[Path], problems: list[Problem]) -> list[MappingFile]:
    """Parse every file, appending what is wrong to ``problems``."""
    return [f for p in paths if (f := read_file(p, problems)) is not None]


def declared_extends(files: list[MappingFile]) -> tuple[str, Location] | None:
    """The ``extends`` a file set declares, with where, if any."""
    for mapping in files:
        if mapping.extends is not None:
            return mapping.extends, mapping.where_of("extends")
    return None


__all__ = ["declared_extends", "read_file", "read_files"]
