"""The compiled tables: a validated taxonomy flattened to typed, plain data.

Every lookup a taxonomy answers is a few ``dict.get`` calls on :class:`Tables`;
every class is built from its :class:`ClassRow`.  The tables hold only strings,
numbers, tuples, dicts and bytes, so :mod:`awserrors._cache` can keep them in a
``marshal`` file.  :mod:`awserrors._compile` makes them from the loader's records.

``import awserrors`` imports this module, so it imports nothing that botocore has
not imported already.
"""

from __future__ import annotations

import marshal
import sys

from awserrors._typed import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

#: Bumped whenever the shape of the compiled tables changes.
FORMAT = 22

#: Rows per chunk of a namespace's classes (see :func:`pack_rows`).
CHUNK = 16


class ClassRow(Record):
    """One class as the tables hold it: everything needed to build it."""

    #: Its bases: class names of the taxonomy, or ``module:qualname`` of importable classes.
    bases: tuple[str, ...]
    #: Its docstring; None for classes made from rows (their docstring is made when built).
    doc: str | None
    #: Its flags, inherited along the MRO when the YAML does not set them.
    retryable: bool
    throttling: bool
    #: The message template of message-only instances, if any.
    message: str | None
    #: The error code and HTTP status a message-only instance carries.
    code: str
    status: int | None
    #: "client" (a ClientError) or "network" (a BotoCoreError).
    kind: str
    #: Where the YAML declares it: an index into :attr:`Tables.sources`, and the line.
    file: int
    line: int
    #: For a class of the taxonomy this one extends: the module that owns (and builds) it.
    home: str | None
    #: Where it lives below the taxonomy's module: '' (the module), ``codes``, ``services.s3``.
    namespace: str


class CodeInfo(Record):
    """What the YAML says about one code beyond its class: its HTTP status, its doc, where."""

    http_status: int | None
    doc: str | None
    file: int
    line: int


class Tables(Record):
    """A taxonomy, compiled: its facts and the lookup tables, keyed by plain values."""

    format: int
    #: The cache key the tables were built for ('' when they could not be keyed).
    key: str
    name: str
    description: str
    #: The service name its errors carry by default (a taxonomy of one service).
    service: str | None
    #: The class every unknown error falls back to.
    root: str
    #: The module the classes live in.
    module: str
    #: The module of the taxonomy this one extends, and the key its tables had.
    extends: str | None
    extends_key: str | None
    #: The taxonomy's YAML files, and every file a row may point at (the extended one's first).
    files: tuple[str, ...]
    sources: tuple[str, ...]
    #: Class name (``Name`` or ``namespace:Name``) -> the packed chunk holding its row (bytes),
    #: or, read from the cache, the row itself (a plain tuple of :class:`ClassRow`'s fields).
    classes: Mapping[str, bytes | tuple[Any, ...]]
    #: Code -> class name.
    codes: Mapping[str, str]
    #: Code -> {operation (snake_case) -> class name}.
    code_operations: dict[str, dict[str, str]]
    #: Service -> {code -> class name}: the classes of one service's own errors.
    service_codes: Mapping[str, dict[str, str]]
    #: Operation (snake_case) -> the class of its unmapped errors.
    operations: dict[str, str]
    #: Operation (snake_case) -> {HTTP status -> the class of its unmapped errors with that status}.
    operation_statuses: dict[str, dict[int, str]]
    #: HTTP status -> the class of its unmapped errors.
    statuses: dict[int, str]
    #: ``module:qualname`` of a botocore exception -> network class name.
    exceptions: dict[str, str]
    #: Alias -> class name.
    aliases: dict[str, str]
    #: Code -> (retryable, throttling) set on the code itself (None: the class's).
    code_flags: dict[str, tuple[bool | None, bool | None]]
    #: Code -> its documented status and doc, when the YAML gives them.
    code_info: dict[str, CodeInfo]
    #: HTTP status -> (retryable, throttling) that any error with that status gets.
    retry_statuses: dict[int, tuple[bool, bool]]
    #: The rows' category and retry rules (as plain tuples of :class:`~awserrors._rules.MatchRule`
    #: fields): they place error shapes and codes the tables lack, at run time.
    category_rules: tuple[tuple[Any, ...], ...]
    retry_rules: tuple[tuple[Any, ...], ...]
    #: Whether error shapes the tables lack get classes from the installed botocore's models.
    derive_from_botocore: bool
    #: ``module:qualname`` of each importable class a YAML names as a parent -> what the
    #: tables took from it (:func:`python_facts`), checked again when cached tables are read.
    python_classes: dict[str, tuple[Any, ...]]


def pack_rows(rows: dict[str, ClassRow]) -> dict[str, bytes]:
    """Each class name mapped to the compressed chunk holding its row, in the same order.

    Rows stay encoded until their class is built, so loading the tables of a
    taxonomy with ten thousand classes neither decodes ten thousand rows nor
    holds ten thousand bytes objects: a chunk holds up to :data:`CHUNK` rows of
    one namespace, keyed by short name, marshal-encoded then zlib-compressed,
    and all its names share that one bytes object.
    """
    import zlib  # only when compiling

    by_namespace: dict[str, list[str]] = {}
    for name in rows:
        by_namespace.setdefault(name.rpartition(":")[0], []).append(name)
    chunk_of: dict[str, bytes] = {}
    for names in by_namespace.values():
        for start in range(0, len(names), CHUNK):
            part = names[start : start + CHUNK]
            chunk = zlib.compress(marshal.dumps({sys.intern(_short(n)): _interned(rows[n]) for n in part}))
            chunk_of.update(dict.fromkeys(part, chunk))
    return {name: chunk_of[name] for name in rows}


def _short(name: str) -> str:
    return name.rpartition(":")[2]


def _interned(value: Any) -> Any:
    """``value`` as plain tuples with its strings interned, so that marshal writes each once."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, tuple | list):
        return tuple(_interned(v) for v in value)
    return value


#: The chunk :func:`class_row` decoded last, with its rows: building a namespace's
#: classes one after another decodes each chunk once.
_last_chunk: tuple[bytes, dict[str, tuple[Any, ...]]] = (b"", {})


def class_row(tables: Tables, name: str) -> ClassRow:
    """The decoded row of class ``name`` (KeyError when there is none)."""
    global _last_chunk
    chunk = tables.classes[name]
    if isinstance(chunk, tuple):  # cached tables hold the row itself
        return ClassRow._make(chunk)
    last = _last_chunk
    if last[0] is chunk:
        rows = last[1]
    else:
        import zlib  # only when a class is built

        rows = marshal.loads(zlib.decompress(chunk))
        _last_chunk = (chunk, rows)
    return ClassRow._make(rows[_short(name)])


#: The attributes a generated class may inherit from an importable parent (see _compile).
PYTHON_ATTRIBUTES = ("retryable", "throttling", "_awserrors_message", "default_status")


def python_facts(path: str) -> tuple[Any, ...]:
    """What tables take from the importable class ``path``: its MRO (as class paths) and the
    attributes generated classes inherit from it (None for anything but plain values)."""
    cls = import_object(path)
    values = tuple(
        value if value is None or type(value) in (bool, int, str) else None
        for value in (getattr(cls, attribute, None) for attribute in PYTHON_ATTRIBUTES)
    )
    return tuple(class_path(c) for c in cls.__mro__), values


def split_path(path: str) -> tuple[str, str]:
    """The module and qualified name of ``package.module.Name`` or ``package.module:Qual.Name``."""
    if ":" in path:
        module_name, _, qualname = path.partition(":")
    else:
        module_name, _, qualname = path.rpartition(".")
    if not module_name or not qualname:
        raise ImportError(f"{path!r} is not a dotted path to a class")
    return module_name, qualname


def import_object(path: str) -> Any:
    """Import ``package.module.Name`` or ``package.module:Qual.Name``."""
    module_name, qualname = split_path(path)
    # importlib.import_module without importing importlib (half a million instructions a process)
    __import__(module_name)
    obj: Any = sys.modules[module_name]
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def class_path(cls: type) -> str:
    """``module:qualname`` of a class: the one spelling import_object and the tables use."""
    return f"{cls.__module__}:{cls.__qualname__}"


__all__ = [
    "CHUNK",
    "FORMAT",
    "ClassRow",
    "CodeInfo",
    "Tables",
    "class_path",
    "class_row",
    "import_object",
    "pack_rows",
    "python_facts",
    "split_path",
]
