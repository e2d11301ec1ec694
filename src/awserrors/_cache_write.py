"""Writing the compiled tables' cache: files written whole, stamps, the build lock, clearing.

The other half of :mod:`awserrors._cache`, which reads: a process whose tables and
stamp are cached (every process but the first) never imports this module.  Files are
written to a temporary name and renamed, so readers never see half a file; writing a
taxonomy's new tables removes the ones its earlier YAML left; a folder made beside a
user's YAML gets a ``.gitignore``.  Processes starting together on a cold cache build
once: the first holds a lock file while building, the others wait, then read
(:func:`lock_build`).
"""

from __future__ import annotations

import marshal
import os
import stat

from awserrors._cache import (
    _PATH_FIELDS,
    _RACY_NS,
    MAGIC,
    STAMP_MAGIC,
    _blob_range,
    _Blobs,
    _bucket_hash,
    _cache_dirs,
    _cache_name,
    _cache_stem,
    _folder,
    _in_package,
    _log,
    _namespace_of,
    _payload,
    _stamp_places,
    _trusted_owner,
    cache_prefix,
    digest,
    header_line,
    pack_parts,
    read_file,
    sealed,
    trusted_folder,
)
from awserrors._shipped import SHIPPED
from awserrors._tables import class_row

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

    from awserrors._tables import Tables


def write_stamp(
    name: str, paths: Sequence[str | os.PathLike[str]], stats: tuple[str, int] | None, key: str
) -> str | None:
    """Stamp ``key`` for the files' stat taken before it was worked out (see
    :func:`stamped_key`): in the first writable cache folder; the file written, or None.
    Files changed in the last two seconds are not stamped."""
    import time

    if stats is None or time.time_ns() - stats[1] < _RACY_NS:
        return None
    data = f"{STAMP_MAGIC}{stats[0]}\n\n{key}".encode("utf-8", "surrogateescape")
    for folder, shared, stamp in _stamp_places(name, paths, writing=True):
        written = _write_atomic(folder, stamp, data, ignored_by_git=not shared)
        if written is not None:
            _remove_older_names(folder, paths, _module_of(key), shared, keep="", key=key)
            return written
    return None


def _stored(tables: Tables, paths: Sequence[str | os.PathLike[str]]) -> dict[str, Any]:
    """``tables`` as the plain dict a cache file holds: marshal-able, paths relative.

    A file outside the first YAML's folder (the YAML of an extended taxonomy
    elsewhere) keeps its path.
    """
    folder = _folder(paths)
    inside = folder if not folder or folder.endswith(os.sep) else folder + os.sep
    stored: dict[str, Any] = dict(tables._asdict())
    for field in _PATH_FIELDS:
        stored[field] = [
            p[len(inside) :] if p.startswith(inside) and not os.path.isabs(p[len(inside) :]) else p
            for p in stored[field]
        ]
    stored["code_info"] = {code: tuple(info) for code, info in tables.code_info.items()}
    stored["service_codes"] = {k: sealed(marshal.dumps(v)) for k, v in tables.service_codes.items()}
    # Each class's row beside its name: the first lookup of a class decodes one bucket.
    rows = {name: tuple(class_row(tables, name)) for name in tables.classes}
    stored["classes"] = (_bucketed(rows, by_namespace=True), None)
    stored["codes"] = (_bucketed(tables.codes, by_namespace=False), None)
    return stored


#: Entries per bucket a cache file splits the class index and the codes into (see :class:`_Buckets`):
#: a lookup decodes one bucket, so the fewer entries, the less it decodes (the more blobs).
BUCKET_SIZE = 16


def _bucketed(
    mapping: Mapping[str, Any], *, by_namespace: bool
) -> tuple[tuple[str, bytes], tuple[bytes, ...], int]:
    """A mapping as a cache file holds it: each namespace (or, for codes, all as one) split
    in buckets of about :data:`BUCKET_SIZE` entries, each a marshal-encoded dict of short
    name (the key without its namespace) -> (position, value), sealed with its checksum
    (:func:`sealed`). The parts (:func:`~awserrors._cache.pack_parts`) give each namespace's
    run of ``buckets``; a key's bucket in its namespace's run is the hash of its short name
    (``_bucket_hash``) modulo the run's length."""
    counts: dict[str, int] = {}
    for key in mapping:
        namespace = _namespace_of(key) if by_namespace else ""
        counts[namespace] = counts.get(namespace, 0) + 1
    places: dict[str, tuple[int, int]] = {}
    total = 0
    for namespace, count in counts.items():
        places[namespace] = (total, -(-count // BUCKET_SIZE))
        total += places[namespace][1]
    buckets: list[dict[str, Any]] = [{} for _ in range(total)]
    for position, (key, value) in enumerate(mapping.items()):
        namespace = _namespace_of(key) if by_namespace else ""
        short = key[len(namespace) + 1 :] if namespace else key
        first, count = places[namespace]
        buckets[first + _bucket_hash(short) % count][short] = (position, value)
    parts = pack_parts({namespace: count for namespace, (_, count) in places.items()})
    return parts, tuple(sealed(marshal.dumps(entries)) for entries in buckets), len(mapping)


def _encoded(stored: dict[str, Any]) -> bytes:
    """A cache file holding ``stored`` (as :func:`_stored` makes it): its bytes values (the
    buckets and the service tables) become blobs after the head, which holds their
    indexes and ``blobs``, the offsets that delimit them (4 bytes each, little-endian)."""
    blobs: list[bytes] = []

    def blob(value: bytes) -> int:
        blobs.append(value)
        return len(blobs) - 1

    def run(values: tuple[bytes, ...] | None) -> tuple[int, int] | None:  # consecutive blobs
        return None if values is None else (len(blobs), len([blob(v) for v in values]))

    head = dict(stored)
    index = {service: blob(table) for service, table in stored["service_codes"].items()}
    head["service_codes"] = blob(sealed(marshal.dumps(index)))
    for field in ("classes", "codes"):
        (parts, buckets, length), values = stored[field]
        head[field] = ((parts, run(buckets), length), run(values))
    offsets = [0]
    for value in blobs:
        offsets.append(offsets[-1] + len(value))
    head["blobs"] = b"".join(offset.to_bytes(4, "little") for offset in offsets)
    payload = marshal.dumps(head)
    return b"".join([MAGIC, header_line(digest(payload), len(payload)), payload, *blobs])


def _decoded(data: bytes) -> dict[str, Any] | None:
    """The dict :func:`_encoded` was given, every blob in place (None when the file or any of
    its blobs does not decode): what tools and tests compare and forge."""
    parts = _payload(data)
    head = _head_of(data)
    if parts is None or head is None:
        return None
    blobs = _Blobs(parts[1], head.pop("blobs", None))
    if any(blobs.decoded(ref) is None for ref in range(len(blobs))):
        return None

    def run(stored: object) -> tuple[bytes, ...] | None:
        found = _blob_range(stored, len(blobs))
        if found is None:
            raise TypeError("not a run of blobs")
        return tuple(bytes(blobs.raw(ref)) for ref in found)  # type: ignore[arg-type]

    try:
        index = blobs.decoded(head["service_codes"])
        head["service_codes"] = {service: bytes(blobs.raw(ref)) for service, ref in index.items()}  # type: ignore[arg-type]
        for field in ("classes", "codes"):
            (found, buckets, length), values = head[field]
            head[field] = ((found, run(buckets), length), None if values is None else run(values))
    except Exception:  # a head that is not the tables' (fields missing, of the wrong kind)
        return None
    return head


def _head_of(data: bytes | None) -> dict[str, Any] | None:
    """The head of a cache file (checked, not yet trusted), or None."""
    parts = _payload(data) if data is not None else None
    if parts is None:
        return None
    try:
        head = marshal.loads(parts[0])
    except Exception:  # garbage that passed the checksum
        return None
    return head if type(head) is dict else None


#: What a cache folder beside a user's YAML holds so that git leaves it out (as pytest's does).
GITIGNORE = "# Created by awserrors automatically.\n*\n"


def _make_folder(folder: str, *, ignored_by_git: bool) -> None:
    """Make ``folder`` if need be, and its parent (``~/.cache``), nothing above: a home folder
    that does not exist (``HOME=/nonexistent``) is not made, even by root.  A new folder
    beside a YAML gets a ``.gitignore`` of ``*``."""
    if os.path.isdir(folder):
        return
    parent = os.path.dirname(os.path.abspath(folder))
    if not os.path.isdir(os.path.dirname(parent)):
        raise FileNotFoundError(f"no folder {os.path.dirname(parent)!r} to make {folder!r} in")
    os.makedirs(folder, exist_ok=True)
    if ignored_by_git:
        import contextlib

        with contextlib.suppress(OSError), open(os.path.join(folder, ".gitignore"), "x") as stream:
            stream.write(GITIGNORE)


def _environment(key: str) -> str:
    """The line of a cache key naming the Python that can read the file."""
    return next((line for line in key.splitlines() if line.startswith("python=")), "")


def _remove_superseded(folder: str, stem: str, keep: str, key: str) -> None:
    """Delete the tables this taxonomy's earlier YAML left in ``folder``.

    A file of the same taxonomy (its name's stem) whose key names the same Python
    (implementation and marshal version) is superseded: no process of this
    awserrors can use it again.  Files for another Python (tables a wheel ships
    for PyPy, say) stay; so do files that are not ours.
    """
    import contextlib

    ours = _environment(key)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for stale in names:
        if stale == keep or not stale.startswith(stem) or not stale.endswith(".marshal"):
            continue
        if "-" in stale[len(stem) : -len(".marshal")]:
            continue  # another taxonomy whose stem starts like this one's
        path = os.path.join(folder, stale)
        head = _head_of(read_file(path, trusted_owner=True))
        theirs = head.get("key") if head is not None else None  # None: garbage, nobody can use it
        if not isinstance(theirs, str) or _environment(theirs) == ours:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _is_taxonomy_file(name: str, stem: str) -> bool:
    """Whether ``name`` is a file of the taxonomy whose cache files' names start with ``stem``:
    its tables (``<stem>-<8 hex digits>.marshal``, one per key), its stamp or its build lock."""
    if name in (stem + ".stamp", stem + ".lock"):
        return True
    if not (name.startswith(stem + "-") and name.endswith(".marshal")):
        return False
    digits = name[len(stem) + 1 : -len(".marshal")]
    return len(digits) == 8 and all(c in "0123456789abcdef" for c in digits)


def taxonomy_files(
    paths: Sequence[str | os.PathLike[str]], module: str, *, current_names_only: bool = True
) -> list[tuple[str, list[str]]]:
    """Each cache folder the taxonomy of ``paths`` (its classes in ``module``) reads, in order,
    with the names of its files there, sorted: its tables of any key, its stamp and its lock
    file; with ``current_names_only`` false, also those an awserrors before table format 22
    named (with CRC-32).  Never another taxonomy's, though they share the folder."""
    namings: list[Callable[[str], str] | None] = [None] if current_names_only else [None, _crc32_name]
    prefixes = [(cache_prefix(paths, module, name_hash=hashing), hashing) for hashing in namings]
    found = []
    for folder, shared in _cache_dirs(paths):
        try:
            names = os.listdir(folder) if os.path.isdir(folder) else []  # an absent folder holds nothing
        except OSError:
            names = []
        own = [_cache_stem(prefix, paths, shared, name_hash=hashing) for prefix, hashing in prefixes]
        found.append((folder, sorted(n for n in names if any(_is_taxonomy_file(n, stem) for stem in own))))
    return found


def clear_cache(
    paths: Sequence[str | os.PathLike[str]] | None = None, module: str | None = None
) -> list[str]:
    """Delete cache files awserrors wrote; the paths deleted, sorted.

    With ``paths`` and ``module`` (a taxonomy's YAML files and the module its classes
    live in): that taxonomy's files (see :func:`taxonomy_files`) in each folder it reads,
    and no other taxonomy's.  Otherwise every file awserrors writes (tables, stamps,
    build locks) in the user cache folder (``$AWSERRORS_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/awserrors``), and with ``paths`` in the ``__awserrors_cache__``
    folder beside them.  An installed package's own folders are never touched: their
    files are its wheel's.
    """
    import contextlib

    if paths and module is not None:
        chosen = taxonomy_files(paths, module, current_names_only=False)
    else:
        folders = [folder for folder, shared in _cache_dirs(paths or ["."]) if shared]
        if paths:
            folders.append(os.path.join(_folder(paths), "__awserrors_cache__"))
        chosen = []
        for folder in folders:
            try:
                names = sorted(os.listdir(folder))
            except OSError:
                continue
            chosen.append((folder, [n for n in names if n.endswith((".marshal", ".stamp", ".lock"))]))
    removed = []
    for folder, names in chosen:
        if _in_package(folder) or not trusted_folder(folder):
            continue  # the wheel's files, or a folder never read nor written: nothing of ours
        for name in names:
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))
                removed.append(os.path.join(folder, name))
    return sorted(removed)


#: How long a process waits for another that is building the same tables before building them
#: too; ``$AWSERRORS_LOCK_WAIT`` (seconds) sets another wait.
LOCK_WAIT_SECONDS = 10.0


def lock_wait() -> float:
    """How long to wait for another process's build: ``$AWSERRORS_LOCK_WAIT`` when it is a
    number of seconds from 0 to 3600, else :data:`LOCK_WAIT_SECONDS` (and a warning)."""
    given = os.environ.get("AWSERRORS_LOCK_WAIT")
    if not given:
        return LOCK_WAIT_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if 0 <= seconds <= 3600:  # NaN is neither
        return seconds
    _log().warning(
        "AWSERRORS_LOCK_WAIT=%r is not a number of seconds from 0 to 3600: waiting %.0f s",
        given,
        LOCK_WAIT_SECONDS,
    )
    return LOCK_WAIT_SECONDS


class BuildLock:
    """A build lock :func:`lock_build` took: its open lock file and that file's path."""

    __slots__ = ("fd", "path")

    def __init__(self, fd: int, path: str) -> None:
        self.fd, self.path = fd, path


#: The build locks this process holds: a forked child closes its copies of them.
_held: set[BuildLock] = set()


def lock_build(name: str, paths: Sequence[str | os.PathLike[str]], key: str) -> BuildLock | None:
    """Take the lock of building this taxonomy's tables (hand it to :func:`unlock_build`),
    or None: build without it.

    Processes starting together on a cold cache then build once: the others wait
    here, then read the tables the first one wrote.  The lock is ``fcntl.flock`` on
    ``<stem>.lock`` in the folder the tables are written to, held only while
    building.  The kernel releases it when its holder dies, however killed; a holder
    that hangs is waited for :func:`lock_wait` seconds at most.  There is no lock (and
    each process builds, as before) where there is no ``fcntl`` (Windows), no
    writable trusted cache folder, or no locking (some NFS mounts); the lock file is
    opened like a cache file: no symlink followed, no FIFO, no other user's file.
    """
    try:
        import fcntl
    except ImportError:  # Windows
        return None
    for folder, shared in _places_to_write(paths, _module_of(key)):
        path = os.path.join(folder, _cache_stem(name, paths, shared) + ".lock")
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            _make_folder(folder, ignored_by_git=not shared)
            if not trusted_folder(folder):
                continue
            fd = os.open(path, flags, 0o644)
        except OSError:
            continue  # read-only, say: the tables will not be written here either
        lock = None
        try:
            found = os.fstat(fd)
            if stat.S_ISREG(found.st_mode) and (_in_package(folder) or _trusted_owner(found.st_uid)):
                lock = _flock(fcntl, fd, path)
        except OSError:  # no locks on this file system
            pass
        finally:
            if lock is None:
                _close(fd)
        return lock
    return None


def _flock(fcntl: Any, fd: int, path: str) -> BuildLock | None:
    """Lock ``fd``, waiting :func:`lock_wait` seconds at most."""
    import time

    wait = lock_wait()
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:  # another process is building the tables
            if time.monotonic() > deadline:
                _log().debug("waited %.1f s for %s: building without it", wait, path)
                return None
            time.sleep(0.02)
            continue
        lock = BuildLock(fd, path)
        _held.add(lock)
        return lock


def _close(fd: int) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        os.close(fd)


def unlock_build(lock: BuildLock | None) -> None:
    """Release a lock :func:`lock_build` took, and delete its file, whether the build wrote
    the tables, found them written, or failed (broken YAML): no lock files pile up.  A
    process waiting on the deleted file's lock gets it, then reads the tables or builds;
    one arriving later makes a new file."""
    if lock not in _held:  # None, or the parent's lock in a forked child (closed at fork)
        return
    _held.discard(lock)
    import contextlib

    with contextlib.suppress(OSError):
        os.unlink(lock.path)
    _close(lock.fd)


def _close_locks_in_child() -> None:
    """In a forked child: close its copies of the parent's build locks (unlocking them would
    release the parent's), so that the lock is free once the parent releases it."""
    for lock in _held:
        _close(lock.fd)
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_locks_in_child)


def write_cache(name: str, paths: Sequence[str | os.PathLike[str]], key: str, tables: Tables) -> str | None:
    """Store ``tables`` in the first writable cache folder; the file written, or None."""
    places = _places_to_write(paths, tables.module)
    if not places:
        return None
    data = _encoded(_stored(tables._replace(key=key), paths))
    for folder, shared in places:
        target_name = _cache_name(name, key, paths, shared)
        written = _write_atomic(folder, target_name, data, ignored_by_git=not shared)
        if written is None:
            continue
        if not _in_package(folder):  # the package's files are its wheel's, not ours to delete
            _remove_superseded(folder, _cache_stem(name, paths, shared) + "-", target_name, key)
            _remove_older_names(folder, paths, tables.module, shared, keep=target_name, key=key)
        return written
    return None


def _module_of(key: str) -> str:
    """The module a cache key names (its ``module=`` line)."""
    return next((line[len("module=") :] for line in key.split("\n") if line.startswith("module=")), "")


def _places_to_write(paths: Sequence[str | os.PathLike[str]], module: str) -> list[tuple[str, bool]]:
    """The cache folders to write the taxonomy of ``paths`` to, in order.  An installed
    package's folders take only its shipped taxonomies' tables (what its wheel ships):
    another taxonomy of its YAML (``awserrors.load`` of a shipped file) is cached in the
    user cache folder, so that nothing is left behind when the package is uninstalled."""
    shipped = any(module == s.module for s in SHIPPED.values())
    return [(f, shared) for f, shared in _cache_dirs(paths, writing=True) if shipped or not _in_package(f)]


def _crc32_name(text: str) -> str:
    """How awserrors named cache files until table format 22: zlib's CRC-32, in hex."""
    import zlib

    return f"{zlib.crc32(text.encode('utf-8', 'surrogateescape')):08x}"


def _remove_older_names(
    folder: str, paths: Sequence[str | os.PathLike[str]], module: str, shared: bool, *, keep: str, key: str
) -> None:
    """Delete the tables and stamp of this taxonomy an awserrors before table format 22 left in
    ``folder``: their names hashed the same parts with CRC-32, so no later name matches them."""
    import contextlib

    if not module:
        return
    stem = _cache_stem(
        cache_prefix(paths, module, name_hash=_crc32_name), paths, shared, name_hash=_crc32_name
    )
    _remove_superseded(folder, stem + "-", keep, key)
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(folder, stem + ".stamp"))


def _write_atomic(folder: str, target_name: str, data: bytes, *, ignored_by_git: bool) -> str | None:
    """Write ``data`` to ``folder/target_name`` when ``folder`` is trusted; the path, or None.

    Written beside the target, then renamed: readers never see half a file, and two
    processes writing at once both end with a whole one.  The file is readable by
    whoever may read the folder (0o644 less the umask), so tables a build step wrote
    as root serve the user who runs the code.
    """
    try:
        _make_folder(folder, ignored_by_git=ignored_by_git)
        if not trusted_folder(folder):
            return None  # another user's, or everyone's: nothing is written there
        tmp = os.path.join(folder, f".tmp-{os.getpid()}-{os.urandom(6).hex()}.marshal")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(tmp, os.path.join(folder, target_name))
        except BaseException:
            os.unlink(tmp)
            raise
        return os.path.join(folder, target_name)
    except OSError:
        return None
