"""Reading the compiled tables' cache: ``marshal`` files keyed by the YAML's content.

Parsing YAML is slow, so compiled tables are kept in a ``marshal`` file keyed by
the YAML's contents, awserrors' table format and the Python version.  Editing
any YAML changes the key, so the next load rebuilds.  A stamp of the YAML files'
stat gives the key without reading them (:func:`stamped_key`).  A cache that cannot
be read, is garbage, or cannot be written is ignored: the tables are then built in
memory, never trusted half-way.  Writing (tables, stamps, the build lock, clearing)
is :mod:`awserrors._cache_write`'s.

Cache locations, first usable wins: ``$AWSERRORS_CACHE_DIR``; a
``__awserrors_cache__`` folder beside the YAML (where a wheel ships its tables
prebuilt: it is read even when ``$AWSERRORS_CACHE_DIR`` is set); the user cache
folder (``$XDG_CACHE_HOME/awserrors`` or ``~/.cache/awserrors``).  Set
``AWSERRORS_CACHE_DIR=`` (empty) or ``AWSERRORS_NO_CACHE=1`` to disable caching.

A first lookup imports this module, so it imports nothing at module level that
botocore has not imported already: paths are handled with ``os.path``.
"""

from __future__ import annotations

import marshal
import os
import stat
import sys
from collections.abc import Mapping

from awserrors._shipped import __version__
from awserrors._tables import FORMAT, ClassRow, CodeInfo, Tables

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence
    from typing import Any


# --- Checksums and names, without zlib --------------------------------------------------
#
# Reading a cache file needs checksums of its parts and short, stable names for its
# files and buckets.  zlib's CRC-32 would import zlib (an extension module and the
# library it links, loaded by every first lookup), so they are plain arithmetic on
# Python's integers, the same on every platform and Python: the bytes as one number,
# modulo a prime (a checksum that tells any change of up to 61 bits in a row, and a
# byte flipped anywhere), and that mixed by a multiplication for names and buckets.

#: The Mersenne prime 2**61 - 1: on a 64-bit CPython, ``hash()`` of a number is the number
#: modulo this prime (Python's documented hash of numbers), computed in one pass in C.
_PRIME = (1 << 61) - 1
_HASH_IS_MODULO_PRIME = sys.hash_info.modulus == _PRIME


def digest(data: bytes | memoryview) -> int:
    """A checksum of ``data``: the bytes as one little-endian number, modulo 2**61 - 1."""
    number = int.from_bytes(data, "little")
    return hash(number) if _HASH_IS_MODULO_PRIME else number % _PRIME


def spread(data: bytes) -> int:
    """A 32-bit number spread evenly whatever ``data`` is (short names differ in a byte or
    two): its :func:`digest` multiplied by 2**64 over the golden ratio, the top 32 bits."""
    return (digest(data) * 0x9E3779B97F4A7C15 >> 32) & 0xFFFFFFFF


def cache_key(paths: Iterable[str | os.PathLike[str]], extra: Iterable[str]) -> str | None:
    """A key that changes whenever any YAML's content or the environment changes.

    It names the files by name only and Python by its implementation and marshal
    format version, never by where things are: tables built into a wheel at build
    time have the same key once installed.  The tables hold only dicts, tuples,
    strings, numbers and bytes, which every CPython with the same marshal version
    (4: 3.11, 3.12, 3.13) reads alike, so a wheel built by one serves them all.
    None when a file cannot be read (the loader then reports it properly).
    """
    parts = [_key_head(extra)]
    for path in paths:
        try:
            with open(path, "rb") as stream:
                data = stream.read()
        except OSError:
            return None
        parts.append(f"{os.path.basename(path)}:{len(data)}:{digest(data):016x}")
    return "\n".join(parts)


def _key_head(extra: Iterable[str]) -> str:
    """The lines of a cache key before its files': the format, the versions, ``extra``."""
    python = f"python={sys.implementation.name} marshal={marshal.version}"
    return "\n".join([f"format={FORMAT}", f"awserrors={__version__}", python, *extra])


# --- Stamps: the key without reading the YAML -------------------------------------------
#
# Working the key out reads and checksums every YAML file (390 KB for the AWS-wide
# taxonomy): a third of a first lookup's reading.  A stamp remembers the key for the
# files' stat, as git's index and CPython's .pyc files do: while each file's size,
# modification and change times, inode and device are the ones stamped, its content is
# the one the key was worked out from.  A file's change time (st_ctime) moves on every
# write and cannot be set back, so an edit, a copy over it or a checkout is seen, even
# one that keeps the size and sets the modification time back.  Stamps live in the
# folders cache files do, never in the installed package (its files are its wheel's).

#: A stamp file starts with this line; then a line per YAML file (its name and stat), a
#: blank line, and the key.
STAMP_MAGIC = "awserrors-stamp 1\n"
#: A file changed less than this long ago (ns) is not stamped: a second change within the
#: file system's timestamp resolution could leave its stat as it was (git's "racy" files).
_RACY_NS = 2_000_000_000


def _stats(paths: Iterable[str | os.PathLike[str]]) -> tuple[str, int] | None:
    """The YAML files' stat as a stamp holds it, and when the newest of them changed (ns);
    None when one cannot be had."""
    lines, newest = [], 0
    for path in paths:
        try:
            found = os.stat(path)
        except OSError:
            return None
        if found.st_mtime_ns <= 0 or found.st_ctime_ns <= 0:  # no usable times: never stamped
            return None
        newest = max(newest, found.st_mtime_ns, found.st_ctime_ns)
        lines.append(
            f"{os.path.basename(path)} {found.st_size} {found.st_mtime_ns} {found.st_ctime_ns}"
            f" {found.st_ino} {found.st_dev}"
        )
    return "\n".join(lines), newest


def _stamp_places(
    name: str, paths: Sequence[str | os.PathLike[str]], *, writing: bool
) -> list[tuple[str, bool, str]]:
    """(folder, shared, stamp file name) to read or write a stamp in: the cache folders, but
    the package's."""
    return [
        (folder, shared, _cache_stem(name, paths, shared) + ".stamp")
        for folder, shared in _cache_dirs(paths, writing=writing)
        if not _in_package(folder)
    ]


def stamped_key(
    name: str, paths: Sequence[str | os.PathLike[str]], extra: Iterable[str]
) -> tuple[str | None, tuple[str, int] | None]:
    """The key a stamp gives for the YAML files as they are now (None: work it out with
    :func:`cache_key`), and their stat, taken before: what
    :func:`awserrors._cache_write.write_stamp` stamps.

    A stamp is used only from a trusted folder, and only when it stamps exactly these
    files' stat and its key is one :func:`cache_key` could give for ``extra`` and files
    of these names and sizes.
    """
    stats = _stats(paths)
    if stats is None:
        return None, None
    expected = f"{STAMP_MAGIC}{stats[0]}\n\n"
    head = _key_head(extra) + "\n"
    sizes = [line.rsplit(" ", 5)[1] for line in stats[0].split("\n")]  # a name may hold spaces
    for folder, _, stamp in _stamp_places(name, paths, writing=False):
        if not trusted_folder(folder):
            continue
        data = read_file(os.path.join(folder, stamp))
        text = data.decode("utf-8", "surrogateescape") if data is not None and len(data) < 65536 else ""
        if not text.startswith(expected):
            continue
        key = text[len(expected) :]
        files = key[len(head) :].split("\n") if key.startswith(head) else []
        if len(files) == len(sizes) and all(
            line.startswith(f"{os.path.basename(p)}:{n}:")
            for line, p, n in zip(files, paths, sizes, strict=True)
        ):
            return key, stats
    return None, stats


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


def _name_hash(text: str) -> str:
    # surrogateescape: a file name that is not UTF-8 (b"\xff.yaml") keeps its bytes
    return f"{spread(text.encode('utf-8', 'surrogateescape')):08x}"


def cache_prefix(
    paths: Sequence[str | os.PathLike[str]], module: str, *, name_hash: Callable[[str], str] | None = None
) -> str:
    """The part of a cache file's name naming its taxonomy: one file per taxonomy and folder.

    It holds the module name and the files' paths relative to the first file's
    folder, not where that folder is, so the name is the same at build time and
    once installed; a shared cache folder adds the folder (see :func:`_cache_stem`).
    ``name_hash`` hashes them (:func:`_name_hash`: others only to find older files).
    """
    if not paths:
        return "taxonomy-00000000"
    folder = _folder(paths) or os.curdir
    stem = os.path.splitext(os.path.basename(paths[0]))[0]
    named = chr(10).join([module, *(_relative(p, folder) for p in paths)])
    return f"{stem}-{(name_hash or _name_hash)(named)}"


def _relative(path: str | os.PathLike[str], folder: str) -> str:
    if type(path) is str and os.path.dirname(path) == folder:  # the common case: beside the first
        return os.path.basename(path)
    try:
        return os.path.relpath(path, folder)
    except ValueError:  # another drive
        return os.fspath(path)


def _cache_stem(
    prefix: str,
    paths: Sequence[str | os.PathLike[str]],
    shared: bool,
    *,
    name_hash: Callable[[str], str] | None = None,
) -> str:
    if not shared or not paths:
        return prefix
    return f"{prefix}-{(name_hash or _name_hash)(os.path.abspath(_folder(paths) or os.curdir))}"


def _cache_name(
    prefix: str, key: str, paths: Sequence[str | os.PathLike[str]] | None = None, shared: bool = False
) -> str:
    return f"{_cache_stem(prefix, paths or [], shared)}-{_name_hash(key)}.marshal"


#: The tables' fields that hold file paths: stored relative to the first YAML's folder.
_PATH_FIELDS = ("files", "sources")


def _bucket_hash(key: str) -> int:
    return spread(key.encode("utf-8", "surrogatepass"))


def _namespace_of(key: str) -> str:
    return key.rpartition(":")[0]


_NONE = type(None)


def _only(values: Iterable[object], *kinds: type) -> bool:
    """Whether every one of ``values`` is exactly of one of ``kinds`` (a loop in C)."""
    return set(map(type, values)).issubset(kinds)


#: The kind of each field of a cache file's head (a field's own parts are checked where they
#: are used: a lookup that meets a part of the wrong kind answers with the root).
_HEAD_KINDS = {
    "format": int,
    "key": str,
    "name": str,
    "description": str,
    "root": str,
    "module": str,
    "files": list,
    "sources": list,
    "code_operations": dict,
    "operations": dict,
    "operation_statuses": dict,
    "statuses": dict,
    "exceptions": dict,
    "aliases": dict,
    "code_flags": dict,
    "code_info": dict,
    "retry_statuses": dict,
    "category_rules": tuple,
    "retry_rules": tuple,
    "derive_from_botocore": bool,
    "python_classes": dict,
}


def _head_ok(head: dict[str, Any]) -> bool:
    """Whether a cache file's head holds tables' fields, each of its kind (KeyError for a field
    it lacks).  A head of another shape is garbage whose checksum held (a file written by
    hand, say), and is never used.  Its blobs (classes, codes, service_codes) are checked
    when decoded, a class's row when its class is made."""
    return (
        all(type(head[field]) is kind for field, kind in _HEAD_KINDS.items())
        and _only((head["service"], head["extends"], head["extends_key"]), str, _NONE)
        and _only(head["files"], str)
        and _only(head["sources"], str)
        and _only(head["statuses"], int)
        and _only(head["statuses"].values(), str)
        and _only(head["retry_statuses"], int)
        and all(type(p) is tuple and len(p) == 2 for p in head["retry_statuses"].values())
    )


def _row_ok(row: Any) -> bool:
    """A class's row as a cache file holds it (:class:`ClassRow`'s twelve fields)."""
    bases, doc, retryable, throttling, message, code, status, kind, file, line, home, namespace = row
    return (
        type(bases) is tuple
        and _only(bases, str)
        and _only((doc, message, home), str, _NONE)
        and _only((retryable, throttling), bool)
        and _only((code, namespace), str)
        and _only((status,), int, _NONE)
        and kind in ("client", "network")
        and _only((file, line), int)
    )


def _restored(
    stored: dict[str, Any], paths: Sequence[str | os.PathLike[str]], blobs: _Blobs, damage: _OnDamage | None
) -> Tables:
    """The tables a cache file's head holds, with their paths resolved (TypeError when not tables).

    Its buckets, chunks and service tables are blobs of the file, each decoded (and so
    checked) when first needed; a blob that does not decode asks ``damage`` for tables
    built again.
    """
    if not _head_ok(stored):
        raise TypeError("a head whose fields are not what tables hold")
    folder = _folder(paths)
    fields = dict(stored)
    del fields["blobs"]
    for field in _PATH_FIELDS:
        fields[field] = tuple(os.path.join(folder, p) if folder else p for p in stored[field])
    fields["code_info"] = {code: CodeInfo._make(info) for code, info in stored["code_info"].items()}
    if type(stored["service_codes"]) is not int:
        raise TypeError("service_codes: not a blob")
    fields["service_codes"] = _ServiceCodes(stored["service_codes"], blobs, damage)
    width = len(ClassRow._fields)
    for field, by_namespace, kind in (("classes", True, tuple), ("codes", False, str)):
        (parts, buckets, length), values = stored[field]
        buckets, values = _blob_range(buckets, len(blobs)), _blob_range(values, len(blobs))
        # The namespaces and their places are unpacked, and each place checked, when a lookup
        # first needs them (_Buckets._part): the class index has some 450.
        if not (type(parts) is tuple and buckets is not None and type(length) is int):
            raise TypeError(f"{field}: not the buckets a cache file holds")
        if values is None and stored[field][1] is not None:
            raise TypeError(f"{field}: not the values a cache file holds")
        checked = (kind, width if kind is tuple else None)  # a class's row, a code's class name
        fields[field] = _Buckets(
            parts,
            buckets,
            length,
            values,
            by_namespace=by_namespace,
            blobs=blobs,
            damage=damage,
            field=field,
            kind=checked,
        )
    tables = Tables(**fields)
    if tables.root not in tables.classes:  # the class every lookup falls back on must be there
        raise TypeError(f"root: {tables.root!r} is not a class of the tables")
    return tables


def _blob_range(stored: object, blobs: int) -> range | None:
    """The indexes a (first, count) pair of a cache file's head names, when they lie below
    ``blobs``, else None: a run of blobs, or a namespace's run of buckets."""
    if type(stored) is tuple and len(stored) == 2 and all(type(n) is int and n >= 0 for n in stored):
        first, count = stored
        if first + count <= blobs:
            return range(first, first + count)
    return None


class _Blobs:
    """The blobs of a cache file (the buckets of the class index and the codes, service tables):
    blob ``i`` is ``region[offsets[i]:offsets[i + 1]]``: read from the file when first needed
    (a :class:`_FileRegion`), or sliced without a copy from bytes in memory.

    Only the head of the file is checked by its checksum when the file is read; each
    blob is checked by its own when it is decoded (:func:`sealed`), so the first
    lookup neither reads nor checks the whole file.
    """

    __slots__ = ("_count", "_offsets", "_region")

    def __init__(self, region: memoryview | _FileRegion, offsets: object) -> None:
        self._region = region
        # Each offset is 4 bytes, little-endian: one bytes object to read, not a tuple of ints.
        self._offsets = offsets if type(offsets) is bytes and len(offsets) % 4 == 0 else b""
        self._count = max(len(self._offsets) // 4 - 1, 0)

    def __len__(self) -> int:
        return self._count

    def raw(self, ref: object) -> bytes | memoryview | None:
        """The bytes of blob ``ref`` (an index, or the bytes themselves), or None."""
        if type(ref) is bytes:
            return ref
        if type(ref) is not int or not 0 <= ref < self._count:
            return None
        at = 4 * ref
        start = int.from_bytes(self._offsets[at : at + 4], "little")
        end = int.from_bytes(self._offsets[at + 4 : at + 8], "little")
        if not start <= end <= len(self._region):
            return None
        return self._region[start:end]

    def decoded(self, ref: object) -> Any:
        """What blob ``ref`` holds, or None when it cannot be had, its checksum does not hold
        (see :func:`sealed`), or it does not decode."""
        raw = self.raw(ref)
        if raw is None or len(raw) < 8:
            return None
        if digest(raw[:-8]) != int.from_bytes(raw[-8:], "little"):
            return None
        try:
            return marshal.loads(raw[:-8])
        except Exception:
            return None


def sealed(payload: bytes) -> bytes:
    """A blob as a cache file holds it: ``payload`` (marshal data), then its :func:`digest`
    (8 bytes, little-endian), checked when the blob is decoded."""
    return payload + digest(payload).to_bytes(8, "little")


#: Decodes blobs that are the bytes themselves (tables built in memory, tests).
_INLINE = _Blobs(memoryview(b""), b"")


class _OnDamage:
    """What a cache file's tables fall back on when one of its blobs does not decode: the
    tables built again from the YAML (once, whichever thread asks first), which also
    replaces the damaged file.  None when they cannot be built; the keys of that blob
    are then unknown, never an exception."""

    __slots__ = ("_build", "_lock", "_pid", "_tables", "path")

    def __init__(self, build: Callable[[], Tables] | None, path: str) -> None:
        import _thread

        self._build, self._lock, self._pid, self.path = build, _thread.RLock(), os.getpid(), path
        self._tables: Tables | None = None

    def tables(self) -> Tables | None:
        if self._pid != os.getpid():  # a forked child: a lock its parent held stays held here
            import _thread

            self._lock, self._pid = _thread.RLock(), os.getpid()
        with self._lock:
            build, self._build = self._build, None
            if build is not None:
                _log().warning("%s is damaged: building the tables again from the YAML", self.path)
                try:
                    self._tables = build()
                except Exception as error:  # the YAML no longer builds: keep what decodes
                    _log().warning("could not build the tables again: %s", error)
            return self._tables


def pack_parts(parts: dict[str, int]) -> tuple[str, bytes]:
    """Namespaces, each with its number of buckets (in the buckets' order), as a cache file's
    head holds them: the names joined by newlines, and where each one's buckets start (4
    bytes each, little-endian, the total last).  Two objects, not a dict of some 450 tuples:
    unmarshalling and unpacking them is a fraction of what the dict cost a first lookup."""
    starts, total = [0], 0
    for count in parts.values():
        total += count
        starts.append(total)
    return "\n".join(parts), b"".join(start.to_bytes(4, "little") for start in starts)


def parts_lines(parts: object) -> str | None:
    """The namespaces of packed parts, each on a line of its own (the string starts and ends
    with a newline), when the parts are what :func:`pack_parts` writes; else None."""
    if not (type(parts) is tuple and len(parts) == 2 and type(parts[0]) is str and type(parts[1]) is bytes):
        return None
    names, starts = parts
    count = len(starts) // 4 - 1
    if len(starts) % 4 or count < 0 or (names.count("\n") + 1 if count else int(bool(names))) != count:
        return None
    return f"\n{names}\n" if count else "\n"


class _Buckets(Mapping):  # type: ignore[type-arg]
    """A read-only mapping kept as encoded buckets, each decoded the first time a key needs it.

    The first lookup in a fresh process asks for one code and a few classes of the
    AWS-wide tables' 3,300 codes and 9,800 classes, and ``from awserrors.services.ec2
    import X`` for one namespace: decoding a bucket or a namespace is a fraction of
    decoding them all.  The class index is split by namespace (``codes``,
    ``services.s3``), then in buckets of about :data:`BUCKET_SIZE` names; codes only
    in buckets.  Each entry holds its position (iteration keeps the compiled order)
    and its value, or with ``values`` an index into it: the class index maps each
    name to one of the shared chunks of rows, given decoded (a dict of rows).
    Buckets and values are blobs of the file (:class:`_Blobs`): ``buckets`` and ``values``
    are their indexes (a range), or the bytes themselves.  One that does not
    decode makes the whole mapping answer from the tables built again
    (:class:`_OnDamage`); when they cannot be built, its keys are unknown, never an
    exception.
    """

    __slots__ = (
        "_blobs", "_buckets", "_by_namespace", "_damage", "_decoded", "_field", "_kind", "_last", "_length",
        "_lines", "_parts", "_places", "_rebuilt", "_values", "_values_decoded",
    )  # fmt: skip

    def __init__(
        self,
        parts: tuple[str, bytes],  # the namespaces and where their buckets start: see pack_parts
        buckets: Sequence[object],
        length: int,
        values: Sequence[object] | None,
        *,
        by_namespace: bool,
        blobs: _Blobs | None = None,
        damage: _OnDamage | None = None,
        field: str = "",
        kind: tuple[type | None, int | None] = (None, None),
    ) -> None:
        self._parts = parts
        self._lines: str | None = None  # the namespaces, a line each (see parts_lines)
        self._places: dict[str, range | None] = {}  # namespace -> its buckets, once looked up
        #: The last key looked up and its entry: ``key in m`` is mostly followed by ``m[key]``.
        self._last: tuple[object, tuple[Any, Any] | None] = (None, None)
        self._buckets = buckets
        self._decoded: dict[int, dict[str, Any]] = {}
        self._length = length
        self._values = values
        self._values_decoded: dict[int, Any] = {}
        self._by_namespace = by_namespace
        self._blobs = blobs or _INLINE
        self._damage, self._field = damage, field
        #: The type each value must have (and a tuple's length), checked when used.
        self._kind = kind
        self._rebuilt: Mapping[str, Any] | None = None

    def _damaged(self) -> bool:
        """A blob did not decode: answer from the tables built again, if they can be had."""
        tables = self._damage.tables() if self._damage is not None else None
        if tables is not None and self._rebuilt is None:
            self._rebuilt = getattr(tables, self._field)
        return self._rebuilt is not None

    def _bucket(self, bucket: int) -> dict[str, Any]:
        found = self._decoded.get(bucket)
        if found is None:
            found = self._blobs.decoded(self._buckets[bucket]) if 0 <= bucket < len(self._buckets) else {}
            if type(found) is not dict:
                self._damaged()  # from now on the rebuilt tables answer, when they can be had
                found = {}
            self._decoded[bucket] = found
        return found

    def _checked(self, entry: object) -> tuple[Any, Any] | None:
        """An entry of a bucket, checked when used (a lookup reads one of some forty): one
        that is no (position, value) pair makes the rebuilt tables answer from now on."""
        if entry is None:
            return None
        if type(entry) is tuple and len(entry) == 2:
            kind, width = self._kind
            value: Any = entry[1]
            size = len(value) if width is not None and type(value) in (tuple, str) else None
            if kind is None or (
                type(value) is kind and size == width and (kind is not tuple or _row_ok(value))
            ):
                return entry
        self._damaged()
        return None

    def namespace_lines(self) -> str:
        """Every namespace that holds keys ('' for the module's own), each on a line of its own
        (the string starts and ends with a newline): whether one is there is a search of this
        string, in C, not a dict of some 450 entries to build first.  Parts that are not what
        :func:`pack_parts` writes (a forged head) list none, and make the rebuilt tables
        answer from now on."""
        lines = self._lines
        if lines is None:
            lines = parts_lines(self._parts)
            if lines is None:
                self._damaged()
                lines = "\n"
            self._lines = lines
        if self._rebuilt is not None:
            return "\n" + "\n".join(self.namespaces()) + "\n"
        return lines

    def _part(self, namespace: str) -> range | None:
        """The indexes of a namespace's buckets, or None.  A place that does not fit the
        buckets (a forged head) makes the rebuilt tables answer from now on."""
        places = self._places
        if namespace in places:
            return places[namespace]
        lines = self.namespace_lines()
        at = lines.find(f"\n{namespace}\n") if "\n" not in namespace else -1
        found = None
        if at >= 0:
            place = 4 * lines.count("\n", 0, at)  # a forged name twice: the first one
            starts = self._parts[1]
            first = int.from_bytes(starts[place : place + 4], "little")
            count = int.from_bytes(starts[place + 4 : place + 8], "little") - first
            found = _blob_range((first, count), len(self._buckets)) or None  # one bucket at least
            if found is None:
                self._damaged()
        places[namespace] = found
        return found

    def _entry(self, key: object) -> tuple[Any, Any] | None:
        if type(key) is not str:  # before any comparison: a key of another type may raise in __eq__
            return None
        last = self._last
        if last[0] == key:
            return last[1]
        namespace = _namespace_of(key) if self._by_namespace else ""
        part = self._part(namespace)
        if part is None:
            return None
        short = key[len(namespace) + 1 :] if namespace else key
        entry = self._checked(self._bucket(part[_bucket_hash(short) % len(part)]).get(short))
        self._last = (key, entry)  # one tuple, replaced whole: safe for threads
        return entry

    def __getitem__(self, key: str) -> Any:
        entry = self._entry(key)
        if self._rebuilt is not None:
            return self._rebuilt[key]
        if entry is None:
            raise KeyError(key)
        if self._values is None:
            return entry[1]
        index = entry[1]
        found = self._values_decoded.get(index)
        if found is None:
            if type(index) is not int or not 0 <= index < len(self._values):
                raise KeyError(key)
            found = self._blobs.decoded(self._values[index])
            if type(found) is not dict:
                if self._damaged():
                    return self._rebuilt[key]  # type: ignore[index]
                raise KeyError(key)
            self._values_decoded[index] = found
        return found

    def __contains__(self, key: object) -> bool:
        entry = self._entry(key)
        return key in self._rebuilt if self._rebuilt is not None else entry is not None

    def _keys_of(self, namespaces: Iterable[str]) -> list[str]:
        entries = [
            (entry[0] if type(entry[0]) is int else -1, f"{namespace}:{short}" if namespace else short)
            for namespace in namespaces
            for bucket in self._part(namespace) or ()
            for short, found in self._bucket(bucket).items()
            if (entry := self._checked(found)) is not None
        ]
        if self._rebuilt is not None:
            wanted = set(namespaces)
            return [k for k in self._rebuilt if (_namespace_of(k) if self._by_namespace else "") in wanted]
        entries.sort()
        return [key for _, key in entries]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys_of(self.namespaces()))

    def __len__(self) -> int:
        return len(self._rebuilt) if self._rebuilt is not None else self._length

    def namespaces(self) -> list[str]:
        """The namespaces that hold keys ('' for the module's own), without decoding anything."""
        lines = self._lines if self._lines is not None else self.namespace_lines()
        if self._rebuilt is not None:
            return list(dict.fromkeys(_namespace_of(k) if self._by_namespace else "" for k in self._rebuilt))
        return lines[1:-1].split("\n") if len(lines) > 1 else []

    def keys_in(self, namespace: str) -> list[str]:
        """The keys of one namespace, in order, decoding only its buckets."""
        return self._keys_of([namespace])


class _ServiceCodes(Mapping):  # type: ignore[type-arg]
    """Each service's codes (service -> code -> class name), kept as blobs of the file until read.

    The index (some 440 services, each to its blob) is a blob too, decoded the first
    time a lookup names a service, and each service's table the first time it is read:
    a first lookup without ``service=`` decodes none of them.  A blob that does not
    decode is answered from the rebuilt tables (:class:`_OnDamage`), else empty.
    """

    __slots__ = ("_blobs", "_damage", "_decoded", "_index", "_ref")

    def __init__(self, ref: int, blobs: _Blobs, damage: _OnDamage | None) -> None:
        self._ref, self._blobs, self._damage = ref, blobs, damage
        self._index: dict[str, object] | None = None
        self._decoded: dict[str, dict[str, str]] = {}

    def _rebuilt(self) -> Tables | None:
        return self._damage.tables() if self._damage is not None else None

    def _services(self) -> dict[str, object]:
        index = self._index
        if index is None:
            index = self._blobs.decoded(self._ref)
            if type(index) is not dict or not all(type(service) is str for service in index):
                tables = self._rebuilt()
                index = dict.fromkeys(tables.service_codes) if tables is not None else {}
            self._index = index
        return index

    def __getitem__(self, service: str) -> dict[str, str]:
        found = self._decoded.get(service)
        if found is None:
            found = self._blobs.decoded(self._services()[service])  # KeyError: no such service
            if type(found) is not dict:
                tables = self._rebuilt()
                found = dict(tables.service_codes.get(service, {})) if tables is not None else {}
            self._decoded[service] = found
        return found

    def __contains__(self, service: object) -> bool:
        try:
            return service in self._services()
        except TypeError:  # unhashable
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._services())

    def __len__(self) -> int:
        return len(self._services())


#: A cache file starts with this line, then the checksum and the length of its head
#: (:func:`header_line`), the head (marshal) and the blobs (see
#: :func:`awserrors._cache_write._encoded`).
MAGIC = b"awserrors-tables 2\n"
_HEADER = len(MAGIC) + 26
#: Cache files larger than this are not read (the AWS-wide tables take about 1 MB).
MAX_CACHE_BYTES = 64 * 1024 * 1024
#: The installed package's own folder: its prebuilt tables are trusted like its code.
_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def _in_package(folder: str) -> bool:
    return os.path.abspath(folder).startswith(_PACKAGE + os.sep)


def trusted_folder(folder: str) -> bool:
    """Whether cache files in ``folder`` may be read and written.

    The installed package's folders are trusted like its code (whoever can write
    there can write its ``.py`` files).  Any other folder must belong to the current
    user, or to root (a container's build step, which could change anything anyway),
    and must not be writable by everyone (``/tmp/__awserrors_cache__`` made by
    another user is not): another user's tables would steer this one's error handling.
    """
    if _in_package(folder) or not hasattr(os, "geteuid"):
        return True
    try:
        found = os.stat(folder)
    except OSError:
        return False
    return _trusted_owner(found.st_uid) and not found.st_mode & stat.S_IWOTH


def _trusted_owner(uid: int) -> bool:
    """The current user, or root."""
    return uid in (os.geteuid(), 0)


def _open_checked(path: str, trusted_owner: bool) -> tuple[int, os.stat_result] | None:
    """An open descriptor of a cache file and its stat, or None: only a regular file (a
    symlink is not followed, a FIFO never blocks), owned by the current user or root unless
    ``trusted_owner``, and at most :data:`MAX_CACHE_BYTES`.  The caller closes it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        found = os.fstat(fd)
        if (
            stat.S_ISREG(found.st_mode)
            and found.st_size <= MAX_CACHE_BYTES
            and (trusted_owner or not hasattr(os, "geteuid") or _trusted_owner(found.st_uid))
        ):
            return fd, found
    except OSError:
        pass
    os.close(fd)
    return None


def _read_at(fd: int, offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of ``fd`` from ``offset`` (fewer at the end of the file)."""
    pread = getattr(os, "pread", None)
    if pread is None:  # Windows: the descriptor is this call's own, so seeking is safe
        os.lseek(fd, offset, os.SEEK_SET)
    chunks = []
    while size > 0:
        chunk = pread(fd, size, offset) if pread is not None else os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_file(path: str, *, trusted_owner: bool = False) -> bytes | None:
    """The bytes of a cache file, or None (see :func:`_open_checked`)."""
    opened = _open_checked(path, trusted_owner)
    if opened is None:
        return None
    fd, found = opened
    try:
        # One more byte than its size: a file that grew is read whole, then refused.
        data = _read_at(fd, 0, found.st_size + 1)
        return data if len(data) <= MAX_CACHE_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _header(data: bytes) -> tuple[int, int] | None:
    """The checksum (:func:`digest`) and the length of the head a cache file's first bytes
    announce, else None."""
    if not data.startswith(MAGIC) or len(data) < _HEADER:
        return None
    line = data[len(MAGIC) : _HEADER]
    try:
        checksum, size = int(line[:16], 16), int(line[17:25], 16)
    except ValueError:
        return None
    return (checksum, size) if line == header_line(checksum, size) else None


def header_line(checksum: int, size: int) -> bytes:
    """The line after :data:`MAGIC`: the head's checksum and length, in hex."""
    return b"%016x %08x\n" % (checksum, size)


def _payload(data: bytes) -> tuple[memoryview, memoryview] | None:
    """The head (its checksum checked) and the blob region of a cache file, else None."""
    announced = _header(data)
    if announced is None:
        return None
    checksum, size = announced
    view = memoryview(data)
    head = view[_HEADER : _HEADER + size]
    if len(head) != size or digest(head) != checksum:
        return None
    return head, view[_HEADER + size :]


#: The first read of a cache file: its header and, as a rule, its whole head (about 23 KB for
#: the AWS-wide tables; a larger one takes a second read).
_FIRST_READ = 32 * 1024


def read_head(path: str, *, trusted_owner: bool = False) -> tuple[memoryview, _FileRegion] | None:
    """The head of a cache file (its checksum checked) and its blob
    region, read a blob at a time when needed (:class:`_FileRegion`), else None.  The first
    lookup of a process reads the head and the few blobs it needs, not the whole file (about
    2 MB for the AWS-wide tables)."""
    opened = _open_checked(path, trusted_owner)
    if opened is None:
        return None
    fd, found = opened
    try:
        data = _read_at(fd, 0, _FIRST_READ)
        announced = _header(data)
        if announced is not None and _HEADER + announced[1] <= found.st_size:
            checksum, size = announced
            if _HEADER + size > len(data):
                data += _read_at(fd, len(data), _HEADER + size - len(data))
            head = memoryview(data)[_HEADER : _HEADER + size]
            if len(head) == size and digest(head) == checksum:
                return head, _FileRegion(fd, found, _HEADER + size)  # it closes fd
    except OSError:
        pass
    os.close(fd)
    return None


class _FileRegion:
    """The blob region of a cache file, read a blob at a time from the file the head came from.

    The file stays open while its tables are in use, and is closed when they are
    collected.  A file deleted or replaced since (``awserrors cache --clear``, the YAML
    edited and its new tables written, another process writing the same ones) is still
    read as it was: a long-running process keeps answering from the tables it loaded,
    never from two files, and builds nothing for it.  Each read checks the descriptor
    is still that file (a process that closed every descriptor, as daemonizing does,
    reads nothing rather than another file's bytes: the blob does not decode).
    """

    __slots__ = ("_base", "_fd", "_file", "_lock", "_size")

    def __init__(self, fd: int, found: os.stat_result, base: int) -> None:
        self._fd, self._base, self._size = fd, base, found.st_size
        self._file = (found.st_dev, found.st_ino)
        # Without pread (Windows) a read is a seek then a read: one thread at a time.
        self._lock = None if hasattr(os, "pread") else _new_lock()

    def __del__(self) -> None:
        # Not weakref.finalize: its exit hook imports gc and walks every finalizer at each
        # interpreter exit; the system closes a process's descriptors at exit anyway.
        try:  # noqa: SIM105 - contextlib may be torn down too when this runs at exit
            _close_if_same(self._fd, self._file)
        except Exception:  # an interpreter shutting down may have torn this module down
            pass

    def __len__(self) -> int:
        return self._size - self._base

    def __getitem__(self, where: slice) -> bytes:
        try:
            found = os.fstat(self._fd)
            if (found.st_dev, found.st_ino) != self._file:
                return b""
            if self._lock is None:
                return _read_at(self._fd, self._base + where.start, where.stop - where.start)
            with self._lock:
                return _read_at(self._fd, self._base + where.start, where.stop - where.start)
        except OSError:
            return b""


def _new_lock() -> Any:
    import _thread

    return _thread.allocate_lock()


def _close_if_same(fd: int, file: tuple[int, int]) -> None:
    """Close ``fd`` when it is still the cache file it was opened on (never another file that
    got its number after someone closed it)."""
    try:
        found = os.fstat(fd)
        if (found.st_dev, found.st_ino) == file:
            os.close(fd)
    except OSError:
        pass


def read_cache(
    name: str,
    paths: Sequence[str | os.PathLike[str]],
    key: str,
    *,
    rebuild: Callable[[], Tables] | None = None,
) -> Tables | None:
    """The cached tables for ``key``, or None when there is no usable cache.

    A file is used only from a trusted folder (:func:`trusted_folder`), when it is a
    regular file of the current user (or the installed package's own), and when its
    header and the checksum of its head hold; each blob is checked when first decoded,
    and one that does not decode makes the tables answer from ``rebuild()``'s.  The
    installed package's own files are checked as any other: a damaged wheel install is
    rebuilt from its YAML.
    """
    for folder, shared in _cache_dirs(paths):
        if not trusted_folder(folder):
            continue
        path = os.path.join(folder, _cache_name(name, key, paths, shared))
        parts = read_head(path, trusted_owner=_in_package(folder))
        if parts is None:
            continue
        try:
            stored = marshal.loads(parts[0])
        except Exception:  # garbage that passed the checksum: rebuild
            continue
        if isinstance(stored, dict) and stored.get("key") == key and stored.get("format") == FORMAT:
            try:
                return _restored(
                    stored,
                    paths,
                    _Blobs(parts[1], stored.get("blobs")),
                    _OnDamage(rebuild, path),
                )
            except Exception:  # fields that are missing or of the wrong kind: garbage
                continue
    return None


def _log() -> Any:
    import logging

    return logging.getLogger("awserrors")


def cache_folders(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The cache folders a taxonomy of these YAML files reads, in order."""
    return [folder for folder, _ in _cache_dirs(paths)]
