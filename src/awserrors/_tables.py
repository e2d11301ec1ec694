"""Compiled tables: a validated taxonomy flattened to plain data, and their cache.

Parsing YAML is slow, so the loader's result is compiled once into dicts and
tuples (every lookup the registry makes is one ``dict.get``) and kept in a
``marshal`` cache file keyed by the YAML's contents, awserrors' table format and
the Python version.  Editing any YAML changes the key, so the next import
rebuilds.  A cache that cannot be read, is garbage, or cannot be written is
ignored: the tables are then built in memory, never trusted half-way.

Cache locations, first usable wins: ``$AWSERRORS_CACHE_DIR``; a
``__awserrors_cache__`` folder beside the YAML; the user cache folder
(``$XDG_CACHE_HOME/awserrors`` or ``~/.cache/awserrors``).  Set
``AWSERRORS_CACHE_DIR=`` (empty) or ``AWSERRORS_NO_CACHE=1`` to disable caching.
"""

from __future__ import annotations

import contextlib
import importlib
import marshal
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from awserrors._loader import TaxonomySpec

#: Bumped whenever the shape of the compiled tables changes.
FORMAT = 6

Tables = dict[str, Any]
"""The compiled tables, as :func:`compile_spec` documents them."""

# Field positions in a class row.
BASES, DOC, RETRYABLE, THROTTLING, MESSAGE, CODE, STATUS, KIND, FILE, LINE, HOME, NAMESPACE = range(12)


def compile_spec(spec: TaxonomySpec, base: Tables | None = None) -> Tables:
    """Flatten a validated taxonomy into plain, marshal-able tables.

    ``classes`` maps each class name to a row (see the field positions above):
    resolved bases, docstring, effective retryable and throttling flags (inherited
    along the MRO), message template, own code and status for message-only
    instances, kind, where declared, and for classes owned by an extended
    taxonomy the module that owns them.  The lookup tables map codes, (code,
    operation) pairs, operations, HTTP statuses, botocore exception paths and
    aliases to class names.
    """
    from botocore import xform_name

    tables: Tables = {
        "format": FORMAT,
        "name": spec.name,
        "description": spec.description or (base["description"] if base else ""),
        "service": spec.service if spec.service is not None or base is None else base["service"],
        "root": spec.root,
        "files": list(spec.files),
        # Every file a row may point at (FILE is an index here): the extended taxonomy's first.
        "sources": [*(base["sources"] if base else ()), *spec.files],
        "classes": {},
        "codes": {},
        "code_operations": {},
        "service_codes": {},
        "retry_statuses": dict(spec.retry_statuses),
        "code_flags": {},
        "code_info": {},
        "operations": {},
        "statuses": {},
        "exceptions": {},
        "aliases": {},
    }
    if base is not None:
        for key in ("codes", "operations", "statuses", "exceptions", "aliases", "code_flags", "code_info"):
            tables[key] = dict(base[key])
        tables["code_operations"] = {c: dict(ops) for c, ops in base["code_operations"].items()}
        tables["service_codes"] = {s: dict(codes) for s, codes in base["service_codes"].items()}
        tables["classes"] = {
            name: (*row[:HOME], row[HOME] or base["module"], *row[HOME + 1 :])
            for name, row in ((n, class_row(base, n)) for n in base["classes"])
        }

    attribute_of = {
        RETRYABLE: "retryable",
        THROTTLING: "throttling",
        MESSAGE: "_awserrors_message",
        STATUS: "default_status",
    }

    def inherited(name: str, declared: Any, index: int) -> Any:
        """``declared``, else what the class gets from its first base, as Python would find it.

        Every generated class carries these attributes itself, so attribute lookup
        stops at the first base in the MRO.
        """
        if declared is not None:
            return declared
        mro = spec.mros.get(name, ())
        if len(mro) < 2:
            return None
        first = mro[1]
        if first in tables["classes"]:
            return tables["classes"][first][index]
        value = getattr(import_object(first), attribute_of[index], None)
        return None if isinstance(value, property) else value

    source_index = {path: i for i, path in enumerate(tables["sources"])}

    # Parents before children: a class's MRO is longer than any of its bases'.
    for entry in sorted(spec.classes, key=lambda e: len(spec.mros.get(e.name, ()))):
        name = entry.name
        if name in tables["classes"] and tables["classes"][name][HOME]:
            row = list(tables["classes"][name])  # reopened: the extended taxonomy owns the class
        else:
            own_code = entry.codes[0] if entry.codes else None
            status = (
                entry.default_status
                or (own_code.http_status if own_code else None)
                or (entry.http_statuses[0] if entry.http_statuses else None)
            )
            row = [
                list(spec.bases[name]),
                # Classes made from rows get their docstring when built (see Taxonomy._build).
                entry.doc or (None if entry.namespace else f"{name}: an error of the {spec.name} taxonomy."),
                bool(inherited(name, entry.retryable, RETRYABLE)),
                bool(inherited(name, entry.throttling, THROTTLING)),
                inherited(name, entry.message, MESSAGE),
                own_code.code if own_code else entry.short_name,
                inherited(name, status, STATUS),
                spec.kinds[name],
                source_index[entry.where.file],
                entry.where.line,
                None,
                entry.namespace,
            ]
        tables["classes"][name] = tuple(row)
        for code in entry.codes:
            if code.service is not None:
                tables["service_codes"].setdefault(code.service, {})[code.code] = name
                continue
            if code.operations:
                for op in code.operations:
                    tables["code_operations"].setdefault(code.code, {})[xform_name(op)] = name
            else:
                tables["codes"][code.code] = name
            if code.retryable is not None or code.throttling is not None:
                tables["code_flags"][code.code] = (code.retryable, code.throttling)
            if code.http_status is None and code.doc is None:
                continue
            tables["code_info"][code.code] = (
                code.http_status,
                code.doc,
                source_index[code.where.file],
                code.where.line,
            )
        for status in entry.http_statuses:
            tables["statuses"][status] = name
        for op in entry.operations:
            tables["operations"][xform_name(op)] = name
        for path in entry.exceptions:
            tables["exceptions"][class_path(import_object(path))] = name
        for alias in entry.aliases:
            tables["aliases"][alias] = name
    # Each row stays marshal-encoded until its class is built: loading the tables of a
    # taxonomy with ten thousand classes then costs one bytes object per class.
    tables["classes"] = {name: marshal.dumps(row) for name, row in tables["classes"].items()}
    return tables


def class_row(tables: Tables, name: str) -> tuple[Any, ...]:
    """The decoded row of class ``name`` (KeyError when there is none)."""
    return marshal.loads(tables["classes"][name])  # type: ignore[no-any-return]


def import_object(path: str) -> Any:
    """Import ``package.module.Name`` or ``package.module:Qual.Name``."""
    if ":" in path:
        module_name, _, qualname = path.partition(":")
    else:
        module_name, _, qualname = path.rpartition(".")
    if not module_name or not qualname:
        raise ImportError(f"{path!r} is not a dotted path to a class")
    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def class_path(cls: type) -> str:
    """``module:qualname`` of a class: the one spelling import_object and the tables use."""
    return f"{cls.__module__}:{cls.__qualname__}"


# --- the cache -------------------------------------------------------------------


def cache_key(paths: Iterable[Path], extra: Iterable[str]) -> str | None:
    """A key that changes whenever any YAML's content or the environment changes.

    None when a file cannot be read (the loader then reports it properly).
    """
    from awserrors import __version__

    parts = [f"format={FORMAT}", f"awserrors={__version__}", f"python={sys.version}"]
    parts.extend(extra)
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            return None
        parts.append(f"{path.name}:{len(data)}:{zlib.crc32(data):08x}")
    return "\n".join(parts)


def _cache_dirs(paths: list[Path]) -> list[Path]:
    if os.environ.get("AWSERRORS_NO_CACHE"):
        return []
    configured = os.environ.get("AWSERRORS_CACHE_DIR")
    if configured is not None:
        return [Path(configured)] if configured else []
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [paths[0].parent / "__awserrors_cache__", Path(user) / "awserrors"]


def cache_prefix(paths: list[Path], module: str) -> str:
    """The part of a cache file's name naming its taxonomy: one file per taxonomy and folder."""
    where = "\n".join([module, *map(str, paths)])
    return f"{paths[0].stem if paths else 'taxonomy'}-{zlib.crc32(where.encode()):08x}"


def _cache_name(prefix: str, key: str) -> str:
    return f"{prefix}-{zlib.crc32(key.encode()):08x}.marshal"


def read_cache(name: str, paths: list[Path], key: str) -> Tables | None:
    """The cached tables for ``key``, or None when there is no usable cache."""
    for folder in _cache_dirs(paths):
        try:
            data = marshal.loads((folder / _cache_name(name, key)).read_bytes())
        except Exception:  # missing, unreadable, truncated or garbage: rebuild
            continue
        if isinstance(data, dict) and data.get("key") == key and data.get("format") == FORMAT:
            return data
    return None


def write_cache(name: str, paths: list[Path], key: str, tables: Tables) -> Path | None:
    """Store ``tables`` in the first writable cache folder; where it went, or None."""
    import tempfile

    payload = marshal.dumps({**tables, "key": key})
    for folder in _cache_dirs(paths):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            # Write beside the target, then rename: readers never see half a file,
            # and two processes building at once both end with a whole one.
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(payload)
                target = folder / _cache_name(name, key)
                os.replace(tmp, target)
            except BaseException:
                os.unlink(tmp)
                raise
            for stale in folder.glob(f"{name}-*.marshal"):  # the same taxonomy's earlier tables
                if stale != target:
                    with contextlib.suppress(OSError):
                        stale.unlink()
            return target
        except OSError:
            continue
    return None
