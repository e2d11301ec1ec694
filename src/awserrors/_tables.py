"""Compiled tables: a validated taxonomy flattened to plain data, and their cache.

Parsing YAML is slow, so the loader's result is compiled once into dicts and
tuples (every lookup the registry makes is one ``dict.get``) and kept in a
``marshal`` cache file keyed by the YAML's contents, awserrors' table format and
the Python version.  Editing any YAML changes the key, so the next import
rebuilds.  A cache that cannot be read, is garbage, or cannot be written is
ignored: the tables are then built in memory, never trusted half-way.

Cache locations, first usable wins: ``$AWSERRORS_CACHE_DIR``; a
``__awserrors_cache__`` folder beside the YAML (where a wheel ships its tables
prebuilt: it is read even when ``$AWSERRORS_CACHE_DIR`` is set); the user cache
folder (``$XDG_CACHE_HOME/awserrors`` or ``~/.cache/awserrors``).  Set
``AWSERRORS_CACHE_DIR=`` (empty) or ``AWSERRORS_NO_CACHE=1`` to disable caching.

``import awserrors`` imports this module, so it imports nothing at module level
that botocore has not imported already: paths are handled with ``os.path``.
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any, TypeAlias

    from awserrors._loader import TaxonomySpec

    Tables: TypeAlias = dict[str, Any]
    """The compiled tables, as :func:`compile_spec` documents them."""
else:
    Tables = dict

#: Bumped whenever the shape of the compiled tables changes.
FORMAT = 11

# Field positions in a class row.
BASES, DOC, RETRYABLE, THROTTLING, MESSAGE, CODE, STATUS, KIND, FILE, LINE, HOME, NAMESPACE = range(12)


def compile_spec(spec: TaxonomySpec, base: Tables | None = None) -> Tables:
    """Flatten a validated taxonomy into plain, marshal-able tables.

    ``classes`` maps each class name to its row, kept encoded (read it with
    :func:`class_row`; see the field positions above):
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
                status if entry.own_status_only else inherited(name, status, STATUS),
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
    tables["classes"] = _packed(tables["classes"])
    return tables


#: Rows per chunk of a namespace's classes (see :func:`_packed`).
CHUNK = 16


def _packed(rows: dict[str, tuple[Any, ...]]) -> dict[str, bytes]:
    """Each class name mapped to the compressed chunk holding its row, in the same order.

    Rows stay encoded until their class is built, so loading the tables of a
    taxonomy with ten thousand classes neither decodes ten thousand rows nor
    holds ten thousand bytes objects: a chunk holds up to :data:`CHUNK` rows of
    one namespace, keyed by short name, marshal-encoded then zlib-compressed,
    and all its names share that one bytes object.
    """
    import zlib

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
    """``value`` with its strings interned, so that marshal writes each distinct one once."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, tuple | list):
        return type(value)(_interned(v) for v in value)
    return value


#: The chunk :func:`class_row` decoded last, with its rows: building a namespace's
#: classes one after another decodes each chunk once.
_last_chunk: tuple[bytes, dict[str, tuple[Any, ...]]] = (b"", {})


def class_row(tables: Tables, name: str) -> tuple[Any, ...]:
    """The decoded row of class ``name`` (KeyError when there is none)."""
    global _last_chunk
    chunk = tables["classes"][name]
    last = _last_chunk
    if last[0] is chunk:
        rows = last[1]
    else:
        import zlib

        rows = marshal.loads(zlib.decompress(chunk))
        _last_chunk = (chunk, rows)
    return rows[_short(name)]


def import_object(path: str) -> Any:
    """Import ``package.module.Name`` or ``package.module:Qual.Name``."""
    if ":" in path:
        module_name, _, qualname = path.partition(":")
    else:
        module_name, _, qualname = path.rpartition(".")
    if not module_name or not qualname:
        raise ImportError(f"{path!r} is not a dotted path to a class")
    import importlib

    obj: Any = importlib.import_module(module_name)
    for part in qualname.split("."):
        obj = getattr(obj, part)
    return obj


def class_path(cls: type) -> str:
    """``module:qualname`` of a class: the one spelling import_object and the tables use."""
    return f"{cls.__module__}:{cls.__qualname__}"


# --- the cache -------------------------------------------------------------------
#
# Paths are str or os.PathLike (the registry passes pathlib.Path objects) and are
# handled with os.path.


def cache_key(paths: Iterable[str | os.PathLike[str]], extra: Iterable[str]) -> str | None:
    """A key that changes whenever any YAML's content or the environment changes.

    It names the files by name only and Python by its bytecode tag and marshal
    version (what decides whether a marshal file can be read, as for ``.pyc``
    files), never by where things are: tables built into a wheel at build time
    have the same key once installed.  None when a file cannot be read (the
    loader then reports it properly).
    """
    import zlib

    from awserrors import __version__

    parts = [
        f"format={FORMAT}",
        f"awserrors={__version__}",
        f"python={sys.implementation.cache_tag} marshal={marshal.version}",
    ]
    parts.extend(extra)
    for path in paths:
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        parts.append(f"{os.path.basename(path)}:{len(data)}:{zlib.crc32(data):08x}")
    return "\n".join(parts)


def _folder(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The folder of the first YAML file ('' for a bare file name: the working folder)."""
    return os.path.dirname(os.fspath(paths[0]))


def _cache_dirs(paths: Sequence[str | os.PathLike[str]], *, writing: bool = False) -> list[tuple[str, bool]]:
    """The cache folders to try, in order, each with whether other folders' taxonomies share it.

    The folder beside the YAML is the taxonomy's own (a wheel ships its prebuilt
    tables there), so it is read even when ``$AWSERRORS_CACHE_DIR`` names where
    to write.
    """
    if os.environ.get("AWSERRORS_NO_CACHE") or not paths:
        return []
    beside = (os.path.join(_folder(paths), "__awserrors_cache__"), False)
    configured = os.environ.get("AWSERRORS_CACHE_DIR")
    if configured is not None:
        if not configured:
            return []
        return [(configured, True)] if writing else [(configured, True), beside]
    user = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return [beside, (os.path.join(user, "awserrors"), True)]


def _crc(text: str) -> str:
    import zlib

    return f"{zlib.crc32(text.encode()):08x}"


def cache_prefix(paths: Sequence[str | os.PathLike[str]], module: str) -> str:
    """The part of a cache file's name naming its taxonomy: one file per taxonomy and folder.

    It holds the module name and the files' paths relative to the first file's
    folder, not where that folder is, so the name is the same at build time and
    once installed; a shared cache folder adds the folder (see :func:`_cache_stem`).
    """
    if not paths:
        return "taxonomy-00000000"
    folder = _folder(paths) or os.curdir
    stem = os.path.splitext(os.path.basename(paths[0]))[0]
    return f"{stem}-{_crc(chr(10).join([module, *(_relative(p, folder) for p in paths)]))}"


def _relative(path: str | os.PathLike[str], folder: str) -> str:
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # another drive
        return os.fspath(path)


def _cache_stem(prefix: str, paths: Sequence[str | os.PathLike[str]], shared: bool) -> str:
    if not shared or not paths:
        return prefix
    return f"{prefix}-{_crc(os.path.abspath(_folder(paths) or os.curdir))}"


def _cache_name(
    prefix: str, key: str, paths: Sequence[str | os.PathLike[str]] | None = None, shared: bool = False
) -> str:
    return f"{_cache_stem(prefix, paths or [], shared)}-{_crc(key)}.marshal"


#: The tables' entries that hold file paths: stored relative to the first YAML's folder.
_PATH_LISTS = ("files", "sources")


def _relocated(tables: Tables, paths: Sequence[str | os.PathLike[str]], stored: bool) -> Tables:
    """``tables`` with their file paths relative to the first YAML's folder (``stored``) or resolved.

    A file outside that folder (the YAML of an extended taxonomy elsewhere) keeps its path.
    """
    folder = _folder(paths)
    inside = folder if not folder or folder.endswith(os.sep) else folder + os.sep
    moved = dict(tables)
    for entry in _PATH_LISTS:
        found = tables.get(entry)
        if not isinstance(found, list):
            continue
        if stored:
            moved[entry] = [
                p[len(inside) :] if p.startswith(inside) and not os.path.isabs(p[len(inside) :]) else p
                for p in found
            ]
        else:
            moved[entry] = [os.path.join(folder, p) if folder else p for p in found]
    for entry in _ENCODED_VALUES:
        found = tables.get(entry)
        if isinstance(found, dict):
            if stored:
                import zlib

                moved[entry] = {k: zlib.compress(marshal.dumps(v)) for k, v in found.items()}
            else:
                moved[entry] = _EncodedValues(found)
    return moved


#: The tables whose values (dicts) the cache keeps encoded until first read:
#: the per-service codes (some 440 services) that only lookups naming a service use.
_ENCODED_VALUES = ("service_codes",)


class _EncodedValues(dict):  # type: ignore[type-arg]
    """A dict whose values stay encoded (marshal, zlib) until first read, then are kept decoded.

    Only what the registry and :func:`compile_spec` use is decoding: ``get``,
    ``[]``, ``items()`` and ``values()``.
    """

    def __getitem__(self, key: Any) -> Any:
        value = dict.__getitem__(self, key)
        if type(value) is bytes:
            import zlib

            value = marshal.loads(zlib.decompress(value))
            dict.__setitem__(self, key, value)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        return self[key] if key in self else default  # noqa: SIM401 - self.get would recurse

    def items(self) -> Any:
        return [(key, self[key]) for key in self]

    def values(self) -> Any:
        return [self[key] for key in self]


def read_cache(name: str, paths: Sequence[str | os.PathLike[str]], key: str) -> Tables | None:
    """The cached tables for ``key``, or None when there is no usable cache."""
    for folder, shared in _cache_dirs(paths):
        try:
            with open(os.path.join(folder, _cache_name(name, key, paths, shared)), "rb") as stream:
                data = marshal.loads(stream.read())
        except Exception:  # missing, unreadable, truncated or garbage: rebuild
            continue
        if isinstance(data, dict) and data.get("key") == key and data.get("format") == FORMAT:
            try:
                return _relocated(data, paths, stored=False)
            except Exception:  # paths that are not strings: garbage
                continue
    return None


def write_cache(name: str, paths: Sequence[str | os.PathLike[str]], key: str, tables: Tables) -> str | None:
    """Store ``tables`` in the first writable cache folder; the file written, or None."""
    import contextlib
    import tempfile

    places = _cache_dirs(paths, writing=True)
    if not places:
        return None
    payload = marshal.dumps({**_relocated(tables, paths, stored=True), "key": key})
    for folder, shared in places:
        try:
            os.makedirs(folder, exist_ok=True)
            # Write beside the target, then rename: readers never see half a file,
            # and two processes building at once both end with a whole one.
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
            target_name = _cache_name(name, key, paths, shared)
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(payload)
                os.replace(tmp, os.path.join(folder, target_name))
            except BaseException:
                os.unlink(tmp)
                raise
            # The same taxonomy's earlier tables (same stem, same number of parts), in
            # a shared user cache only: beside the YAML they may be the tables a wheel
            # ships, read by other interpreters, and an installed package is not ours
            # to delete from.
            stem = _cache_stem(name, paths, shared) + "-"
            for stale in os.listdir(folder) if shared else ():
                if (
                    stale != target_name
                    and stale.startswith(stem)
                    and stale.endswith(".marshal")
                    and "-" not in stale[len(stem) : -len(".marshal")]
                ):
                    with contextlib.suppress(OSError):
                        os.unlink(os.path.join(folder, stale))
            return os.path.join(folder, target_name)
        except OSError:
            continue
    return None
