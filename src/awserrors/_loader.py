"""Reads mapping YAML into validated ``attrs`` records that know their file:line.

Only this module imports YAML and attrs, and it runs only when the compiled
tables are not cached.  It loads with PyYAML's *safe* loader (libyaml's when
available) at the node level, so every value keeps its position, Python tags
are refused, and every problem of a file set is reported at once as one
:class:`~awserrors.MappingError`.
"""

from __future__ import annotations

import difflib
import keyword
import string
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

from awserrors._tables import class_path, import_object

try:  # libyaml is 4x faster; fall back to the pure-Python safe loader.
    _SafeLoader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _SafeLoader = yaml.SafeLoader

#: Placeholders a ``message`` template may use.
MESSAGE_FIELDS = ("code", "message", "operation", "status", "service", "request_id")

_YAML = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_YAML}{name}" for name in ("str", "int", "bool", "null", "float")}


def _show(node: yaml.Node, limit: int = 60) -> str:
    """A short rendering of what a node holds, to quote a wrong value back."""

    def render(node: yaml.Node) -> str:
        if isinstance(node, yaml.SequenceNode):
            return "[" + ", ".join(render(item) for item in node.value) + "]"
        if isinstance(node, yaml.MappingNode):
            return "{" + ", ".join(f"{render(k)}: {render(v)}" for k, v in node.value) + "}"
        return repr(node.value) if node.tag == f"{_YAML}str" else str(node.value)

    text = render(node)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode):
        return _show(node)
    kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
    return f"{kind} {_show(node)}"


@attrs.frozen
class Location:
    """Where a value was written: file, line and column (both from 1)."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@attrs.frozen
class Problem:
    """One thing wrong with a mapping file."""

    where: Location
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.key}: {self.message}"


@attrs.frozen
class CodeEntry:
    """One error code a class stands for, with its per-code overrides."""

    code: str
    where: Location
    retryable: bool | None = None
    throttling: bool | None = None
    http_status: int | None = None
    doc: str | None = None
    operations: tuple[str, ...] = ()
    #: Set for codes of a per-service class: the code maps to it only for that service.
    service: str | None = None


@attrs.frozen
class ClassEntry:
    """One class as the YAML declares it (before inheritance is worked out)."""

    name: str
    where: Location
    parents: tuple[str, ...] = ("botocore.exceptions.ClientError",)
    doc: str | None = None
    codes: tuple[CodeEntry, ...] = ()
    http_statuses: tuple[int, ...] = ()
    operations: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    retryable: bool | None = None
    throttling: bool | None = None
    aliases: tuple[str, ...] = ()
    message: str | None = None
    given_keys: frozenset[str] = frozenset()
    #: The HTTP status of message-only instances, when not the first code's or status's.
    default_status: int | None = None
    #: True when ``default_status`` is the class's own and is not inherited when None.
    own_status_only: bool = False

    @property
    def namespace(self) -> str:
        """Where the class lives below the taxonomy's module ('' for the module itself)."""
        return self.name.rpartition(":")[0]

    @property
    def short_name(self) -> str:
        return self.name.rpartition(":")[2]


@attrs.frozen
class ErrorRow:
    """One error of a service (or, without a service, a code any service may send).

    Rows are the compact form of large taxonomies: each becomes a class per code
    (namespace ``codes``) and, with a service, a class per service (namespace
    ``services.<service>``), under the category the rules pick.
    """

    name: str
    where: Location
    service: str | None = None
    code: str | None = None
    legacy_code: str | None = None
    http_status: int | None = None
    fault: str | None = None
    retryable: bool | None = None
    throttling: bool | None = None
    category: str | None = None
    doc: str | None = None

    @property
    def wire_code(self) -> str:
        return self.code or self.name


@attrs.frozen
class Rule:
    """A category rule or a retry rule: what it matches and what it says."""

    where: Location
    category: str | None = None
    codes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    http_statuses: tuple[int, ...] = ()
    fault: str | None = None
    retryable: bool | None = None
    throttling: bool | None = None
    doc: str | None = None


@attrs.frozen
class MappingFile:
    """One YAML file: its header and its classes, in file order."""

    path: str
    where: Location
    taxonomy: str | None = None
    description: str | None = None
    service: str | None = None
    root: str | None = None
    extends: str | None = None
    classes: tuple[ClassEntry, ...] = ()
    errors: tuple[ErrorRow, ...] = ()
    category_rules: tuple[Rule, ...] = ()
    retry_rules: tuple[Rule, ...] = ()


# --- reading YAML nodes --------------------------------------------------------

_MISSING: Any = object()


class _FileReader:
    """Turns one file's YAML node tree into records, collecting problems."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def where(self, node: yaml.Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1, mark.column + 1)

    def problem(self, node: yaml.Node | Location, key: str, message: str) -> None:
        where = node if isinstance(node, Location) else self.where(node)
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
            self.problem(
                node, key, f"{value} is not an HTTP status; expected an integer from 100 to 599"
            )
            return _MISSING
        return value

    def items(self, node: yaml.Node, key: str) -> list[yaml.Node]:
        """The nodes of a list; a single scalar counts as a list of one."""
        if isinstance(node, yaml.SequenceNode):
            return list(node.value) if self.untagged(node, key) else []
        if isinstance(node, yaml.ScalarNode):
            return [node]
        self.problem(node, key, f"expected a list, got {_kind(node)}")
        return []

    def text_list(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        values = (self.text(item, f"{key}[{i}]") for i, item in enumerate(self.items(node, key)))
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
                self.problem(key_node, key, f"keys must be strings, got {name!r}")
                continue
            path = f"{key}.{name}" if key else name
            if name in seen:
                self.problem(key_node, path, f"declared twice (first at line {seen[name].line})")
                continue
            seen[name] = self.where(key_node)
            if allowed is not None and name not in allowed:
                self.problem(key_node, path, _unknown_key_message(name, allowed))
                continue
            yield name, key_node, value_node

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
                    Rule(self.where(item), **self.fields(item, f"{name}[{i}]", RULE_KEYS))
                    for i, item in enumerate(self.items(value, name))
                )
            elif name in ("errors", "services"):
                found[name] = ()  # read below, once the file's service is known
            else:
                parsed = self.text(value, name)
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
        return MappingFile(self.path, start, **header, **found)

    def rows(self, node: yaml.Node, key: str, service: str | None) -> list[ErrorRow]:
        """The ``errors`` rows of a mapping: row name -> fields."""
        return [
            ErrorRow(row, self.where(key_node), service, **self.fields(body, f"{key}.{row}", ERROR_KEYS))
            for row, key_node, body in self.pairs(node, key, None)
        ]

    def fields(self, node: yaml.Node, key: str, schema: dict[str, str]) -> dict[str, Any]:
        """The fields of a mapping read by kind: text, texts, flag, status, statuses, fault."""
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

    def read_class(self, name: str, key_node: yaml.Node, body: yaml.Node) -> ClassEntry | None:
        key = f"classes.{name}"
        fields: dict[str, Any] = {}
        if isinstance(body, yaml.ScalarNode) and body.tag == f"{_YAML}null":
            return ClassEntry(name, self.where(key_node))
        given: set[str] = set()
        for field, _knode, value in self.pairs(body, key, CLASS_KEYS):
            given.add(field)
            path = f"{key}.{field}"
            if field == "parent":
                parents = self.text_list(value, path)
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
            elif field == "codes":
                fields[field] = tuple(
                    entry
                    for i, item in enumerate(self.items(value, path))
                    if (entry := self.read_code(item, f"{path}[{i}]")) is not None
                )
            else:  # operations, exceptions, aliases
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
                    else:
                        fields[field] = self.text_list(value, path)
            clean = {k: v for k, v in fields.items() if v is not _MISSING}
            return CodeEntry(code, self.where(code_node), **clean)
        self.problem(
            node,
            key,
            "expected an error code, or a mapping of one code to its overrides "
            f"({', '.join(CODE_KEYS)})",
        )
        return None


_CONSTRUCTOR = yaml.SafeLoader("")

TOP_LEVEL_KEYS = (
    "taxonomy",
    "description",
    "service",
    "root",
    "extends",
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
    "exceptions",
    "retryable",
    "throttling",
    "aliases",
    "message",
)
CODE_KEYS = ("retryable", "throttling", "http_status", "doc", "operations")


def _unknown_key_message(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"unknown key; {hint}valid keys: {', '.join(allowed)}"


def read_file(path: Path, problems: list[Problem]) -> MappingFile | None:
    """Parse one YAML file into a record, appending what is wrong to ``problems``."""
    reader = _FileReader(str(path), problems)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reader.problem(Location(str(path), 1, 1), "(file)", f"cannot be read: {exc}")
        return None
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(str(path), mark.line + 1, mark.column + 1) if mark else Location(
            str(path), 1, 1
        )
        detail = exc.problem or exc.context or "cannot be parsed"
        start = exc.context_mark
        if exc.context and exc.problem:
            detail += f" ({exc.context}"
            if start is not None and start is not mark:
                detail += f" that starts at line {start.line + 1}, column {start.column + 1}"
            detail += ")"
        reader.problem(where, "(syntax)", f"invalid YAML: {detail}")
        return None
    except yaml.YAMLError as exc:
        reader.problem(Location(str(path), 1, 1), "(syntax)", f"invalid YAML: {exc}")
        return None
    return reader.read(root)


# --- checking a whole taxonomy ---------------------------------------------------


@attrs.frozen
class TaxonomySpec:
    """A validated taxonomy: every class resolved, ordered and consistent."""

    name: str
    description: str
    service: str | None
    root: str
    extends: str | None
    files: tuple[str, ...]
    classes: tuple[ClassEntry, ...]
    #: For each class, its parents after resolution: class names of this taxonomy,
    #: or ``module:qualname`` of an importable class.
    bases: dict[str, tuple[str, ...]]
    #: For each class: "client" (a ClientError) or "network" (a BotoCoreError).
    kinds: dict[str, str]
    #: Each class's linearization (its MRO) as names / import paths.
    mros: dict[str, tuple[str, ...]]
    #: HTTP status -> (retryable, throttling), from retry rules that name only statuses:
    #: they apply at run time to any error with that status.
    retry_statuses: dict[int, tuple[bool, bool]] = attrs.field(factory=dict)


def check_name(name: str, reserved: Iterable[str] = ()) -> str | None:
    """Why ``name`` cannot be a generated class name, or None when it can."""
    if not name.isidentifier():
        return f"{name!r} is not a Python identifier; use letters, digits and underscores"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"{name!r} is a Python keyword"
    if name.startswith("_"):
        return f"{name!r} starts with '_'; generated classes are public names"
    if name in set(reserved):
        return f"{name!r} would shadow an attribute the module already has"
    return None


def _message_problem(template: str) -> str | None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"{template!r} is not a valid template: {exc}"
    for _text, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in MESSAGE_FIELDS or spec or conversion:
            return (
                f"{template!r} uses {{{field}}}; a message may use only plain "
                f"placeholders: {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}"
            )
    return None


def _c3(name: str, parent_mros: list[list[str]], parents: list[str]) -> list[str] | None:
    """C3 linearization, as Python computes an MRO; None when no order exists."""
    result = [name]
    sequences = [list(m) for m in parent_mros] + [list(parents)]
    while True:
        sequences = [s for s in sequences if s]
        if not sequences:
            return result
        for sequence in sequences:
            head = sequence[0]
            if not any(head in s[1:] for s in sequences):
                break
        else:
            return None
        result.append(head)
        for sequence in sequences:
            if sequence[0] == head:
                del sequence[0]


def _with_taxonomy_base(parents: list[str], external: dict[str, type]) -> list[str]:
    """The bases a class is really built with: awserrors' behaviour always included.

    botocore's ``ClientError`` / ``BotoCoreError`` become awserrors'
    ``TaxonomyClientError`` / ``TaxonomyNetworkError``; a class whose parents
    are all outside the taxonomy and include neither (a user's own base class)
    gets the fitting one appended.  The loader checks the MRO of exactly these.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    from awserrors._errors import TaxonomyClientError, TaxonomyNetworkError

    swap = {ClientError: TaxonomyClientError, BotoCoreError: TaxonomyNetworkError}
    result = []
    for parent in parents:
        cls = external.get(parent)
        if cls in swap:
            cls = swap[cls]
            parent = class_path(cls)
            external[parent] = cls
        result.append(parent)
    classes = [external.get(p) for p in result]
    if classes and all(c is not None for c in classes):
        ours = (TaxonomyClientError, TaxonomyNetworkError)
        if not any(issubclass(c, ours) for c in classes if c is not None):
            network = any(issubclass(c, BotoCoreError) for c in classes if c is not None)
            base = TaxonomyNetworkError if network else TaxonomyClientError
            external[class_path(base)] = base
            result.append(class_path(base))
    return result


def check_taxonomy(
    files: list[MappingFile],
    problems: list[Problem],
    reserved: Iterable[str] = (),
    base_classes: dict[str, type] | None = None,
    base_root: str | None = None,
) -> TaxonomySpec | None:
    """Check a set of parsed files as one taxonomy; None when any problem was found.

    ``base_classes`` are the classes of the taxonomy this one extends, by name,
    and ``base_root`` its root, the default root of the extension.
    """
    from botocore.exceptions import BotoCoreError, ClientError

    reserved = set(reserved)
    base_classes = base_classes or {}
    first = files[0]

    def add(where: Location, key: str, message: str) -> None:
        problems.append(Problem(where, key, message))

    header: dict[str, tuple[str, Location]] = {}
    for mapping in files:
        for field in ("taxonomy", "description", "service", "root", "extends"):
            value = getattr(mapping, field)
            if value is None:
                continue
            if field in header and header[field][0] != value:
                add(
                    mapping.where,
                    field,
                    f"{value!r} disagrees with {header[field][0]!r} ({header[field][1]})",
                )
            header.setdefault(field, (value, mapping.where))
    name = header.get("taxonomy", (None,))[0]
    if name is None:
        add(first.where, "taxonomy", "missing; expected the taxonomy's name, such as 'myapp'")

    # classes: names, duplicates
    from awserrors._rows import expand_rows

    entries: dict[str, ClassEntry] = {}
    from_rows = MappingFile(first.path, first.where, classes=tuple(expand_rows(files, problems)))
    for mapping in [*files, from_rows]:
        for entry in mapping.classes:
            if entry.name in entries:
                add(
                    entry.where,
                    f"classes.{entry.name}",
                    f"class declared twice (first at {entries[entry.name].where})",
                )
                continue
            entries[entry.name] = entry
            reopened = entry.name in base_classes
            why = None if reopened else check_name(entry.short_name, () if entry.namespace else reserved)
            if why:
                add(entry.where, f"classes.{entry.name}", why)
            if reopened:
                changed = entry.given_keys & {"parent", "doc", "message", "aliases"}
                if changed:
                    add(
                        entry.where,
                        f"classes.{entry.name}",
                        f"is declared by the taxonomy this one extends; an extension may add "
                        f"codes, http_statuses, operations and exceptions to it, not change "
                        f"{', '.join(sorted(changed))}",
                    )
    aliases: dict[str, Location] = {}
    for entry in entries.values():
        for alias in entry.aliases:
            key = f"classes.{entry.name}.aliases"
            why = check_name(alias, reserved)
            if why:
                add(entry.where, key, why)
            elif alias in entries or alias in aliases or alias in base_classes:
                add(entry.where, key, f"{alias!r} is already the name of a class or an alias")
            aliases[alias] = entry.where

    # parents: resolve to names of this taxonomy or importable classes
    external: dict[str, type] = {}
    bases: dict[str, tuple[str, ...]] = {}
    for entry in entries.values():
        if entry.name in base_classes:
            continue
        resolved: list[str] = []
        for parent in entry.parents:
            key = f"classes.{entry.name}.parent"
            if parent in entries:
                resolved.append(parent)
            elif parent in base_classes:
                cls = base_classes[parent]
                external[class_path(cls)] = cls
                resolved.append(class_path(cls))
            elif "." in parent or ":" in parent:
                try:
                    obj = import_object(parent)
                except Exception as exc:  # any import failure is the user's to see
                    add(entry.where, key, f"{parent!r} does not import: {exc}")
                    continue
                if not (isinstance(obj, type) and issubclass(obj, BaseException)):
                    add(entry.where, key, f"{parent!r} is {obj!r}, not an exception class")
                    continue
                external[class_path(obj)] = obj
                resolved.append(class_path(obj))
            else:
                known = list(entries) + list(base_classes)
                close = difflib.get_close_matches(parent, known, n=1)
                hint = f"did you mean {close[0]!r}? " if close else ""
                add(
                    entry.where,
                    key,
                    f"unknown parent {parent!r}; {hint}expected a class of this taxonomy or "
                    "an importable path such as 'botocore.exceptions.ClientError' or "
                    "'myapp.errors:IntegrationException'",
                )
        if len(set(resolved)) != len(resolved):
            add(entry.where, f"classes.{entry.name}.parent", "lists the same parent twice")
            resolved = list(dict.fromkeys(resolved))
        bases[entry.name] = tuple(_with_taxonomy_base(resolved, external))

    # cycles
    state: dict[str, int] = {}
    in_cycle: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for parent in bases.get(node, ()):
            if parent not in bases:
                continue
            if state.get(parent) == 1:
                cycle = [*trail[trail.index(parent) :], parent]
                if not in_cycle.intersection(cycle):
                    add(
                        entries[parent].where,
                        f"classes.{parent}.parent",
                        f"parents form a cycle: {' -> '.join(cycle)}",
                    )
                in_cycle.update(cycle)
            elif parent not in state:
                visit(parent, [*trail, parent])
        state[node] = 2

    for node in bases:
        if node not in state:
            visit(node, [node])

    # MRO and kind of every class (skipping those already broken)
    mros: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, str] = {}

    def linearize(node: str) -> tuple[str, ...] | None:
        if node in mros:
            return mros[node]
        if node in external:
            return tuple(class_path(c) for c in external[node].__mro__)
        if node in in_cycle or node not in bases:
            return None
        parent_mros = []
        for parent in bases[node]:
            mro = linearize(parent)
            if mro is None:
                return None
            parent_mros.append(list(mro))
        order = _c3(node, parent_mros, list(bases[node]))
        if order is None:
            add(
                entries[node].where,
                f"classes.{node}.parent",
                f"no consistent method resolution order for parents "
                f"{', '.join(bases[node])}: list a subclass before its base",
            )
            return None
        mros[node] = tuple(order)
        return mros[node]

    client, network = class_path(ClientError), class_path(BotoCoreError)
    for node in bases:
        mro = linearize(node)
        if mro is None:
            continue
        entry = entries[node]
        is_client, is_network = client in mro, network in mro
        if is_client and is_network:
            add(
                entry.where,
                f"classes.{node}.parent",
                "mixes ClientError and BotoCoreError ancestry; a class is one or the other",
            )
            continue
        kinds[node] = "network" if is_network else "client"
        wrong = (
            {"codes", "http_statuses", "operations", "message"}
            if is_network
            else {"exceptions"}
        ) & entry.given_keys
        for field in sorted(wrong):
            kind_name = "BotoCoreError (network)" if is_network else "ClientError"
            add(
                entry.where,
                f"classes.{node}.{field}",
                f"not allowed on a {kind_name} class; "
                + (
                    "network classes map botocore exceptions with 'exceptions'"
                    if is_network
                    else "'exceptions' maps botocore network errors and needs a parent "
                    "deriving from botocore.exceptions.BotoCoreError"
                ),
            )
    for node, cls in base_classes.items():
        kinds[node] = "network" if issubclass(cls, BotoCoreError) else "client"

    # codes, statuses, operations, exceptions: each claimed once
    claims: dict[tuple[str, ...], tuple[str, Location]] = {}

    def claim(what: tuple[str, ...], owner: str, where: Location, key: str, label: str) -> None:
        if what in claims and claims[what][0] != owner:
            other, at = claims[what]
            add(where, key, f"{label} is already mapped to {other} ({at})")
        else:
            claims[what] = (owner, where)

    from botocore import xform_name

    for entry in entries.values():
        key = f"classes.{entry.name}"
        for code in entry.codes:
            if code.service is not None:
                claim(("service_code", code.service, code.code), entry.name, code.where, key + ".codes",
                      f"code {code.code!r} of service {code.service!r}")
                continue
            ops = code.operations or ("",)
            for op in ops:
                label = f"code {code.code!r}" + (f" for operation {op!r}" if op else "")
                claim(("code", code.code, xform_name(op)), entry.name, code.where, key + ".codes",
                      label)
        for status in entry.http_statuses:
            claim(("status", str(status)), entry.name, entry.where, key + ".http_statuses",
                  f"HTTP status {status}")
        for op in entry.operations:
            claim(("operation", xform_name(op)), entry.name, entry.where, key + ".operations",
                  f"operation {op!r}")
        for path in entry.exceptions:
            try:
                obj = import_object(path)
            except Exception as exc:
                add(entry.where, key + ".exceptions", f"{path!r} does not import: {exc}")
                continue
            if not (isinstance(obj, type) and issubclass(obj, BotoCoreError)):
                add(entry.where, key + ".exceptions",
                    f"{path!r} is not a botocore.exceptions.BotoCoreError subclass")
                continue
            claim(("exception", class_path(obj)), entry.name, entry.where,
                  key + ".exceptions", f"exception {path!r}")
        if entry.message is not None:
            why = _message_problem(entry.message)
            if why:
                add(entry.where, key + ".message", why)

    root = header.get("root", (None,))[0]
    if root is None:
        root = base_root or next(iter(entries), None)
        if root is None and not any(p.key == "classes" for p in problems):  # said already
            add(first.where, "classes", "no classes declared; expected at least one")
    elif root not in entries and root not in base_classes:
        close = difflib.get_close_matches(root, list(entries), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        add(header["root"][1], "root", f"unknown class {root!r}{hint}")
    if root is not None and kinds.get(root) == "network":
        add(header.get("root", (root, first.where))[1], "root",
            f"{root!r} is a network (BotoCoreError) class; the root must be a ClientError class")

    _in_file_order(problems, files)
    if problems or name is None or root is None:
        return None
    description = header.get("description", ("",))[0]
    service = header.get("service", (None,))[0]
    extends = header.get("extends", (None,))[0]
    return TaxonomySpec(
        name=name,
        description=description,
        service=service,
        root=root,
        extends=extends,
        files=tuple(f.path for f in files),
        classes=tuple(entries.values()),
        bases=bases,
        kinds=kinds,
        mros=mros,
        retry_statuses=_retry_statuses(files),
    )


def _retry_statuses(files: list[MappingFile]) -> dict[int, tuple[bool, bool]]:
    result: dict[int, tuple[bool, bool]] = {}
    for mapping in files:
        for rule in mapping.retry_rules:
            if rule.http_statuses and not (rule.codes or rule.names or rule.fault):
                for status in rule.http_statuses:
                    retryable, throttling = result.get(status, (False, False))
                    result[status] = (retryable or bool(rule.retryable), throttling or bool(rule.throttling))
    return result


def _in_file_order(problems: list[Problem], files: list[MappingFile]) -> None:
    """Sort ``problems`` by file (in the order given), then line and column.

    A file that did not parse (so is not in ``files``) keeps its place after the
    file whose problems came before its own.
    """
    rank = {mapping.path: (i, 0) for i, mapping in enumerate(files)}
    previous = (-1, 0)
    for problem in problems:
        previous = rank.setdefault(problem.where.file, (previous[0], previous[1] + 1))
    problems.sort(key=lambda p: (rank[p.where.file], p.where.line, p.where.column))


def read_files(paths: list[Path], problems: list[Problem]) -> list[MappingFile]:
    """Parse every file, appending what is wrong to ``problems``."""
    return [f for p in paths if (f := read_file(p, problems)) is not None]


def declared_extends(files: list[MappingFile]) -> tuple[str, Location] | None:
    """The ``extends`` a file set declares, with where, if any."""
    for mapping in files:
        if mapping.extends is not None:
            return mapping.extends, mapping.where
    return None
