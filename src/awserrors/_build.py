"""From YAML files to a taxonomy's :class:`~awserrors._tables.Tables`: from the cache, else built.

Building (:mod:`awserrors._from_yaml`, imported only when no cache serves) reads the
files, checks them as one taxonomy and compiles them; every problem found on the way
is raised at once as one :class:`~awserrors.MappingError`.  A taxonomy that extends
another is handed that one's tables and classes by the caller (``Base``), so this
layer never imports the taxonomy layer above it.
"""

from __future__ import annotations

from awserrors import _cache
from awserrors._tables import Tables, python_facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from awserrors._from_yaml import FindBase


def load_tables(paths: list[str], *, module: str, reserved: frozenset[str], find_base: FindBase) -> Tables:
    """The tables of the taxonomy in ``paths``, whose classes live in ``module``.

    From the cache when its key (the YAML's content, the module, the ``reserved``
    names, the versions) matches and the taxonomy it extends is unchanged; else
    built, then cached.  Raises MappingError listing every problem.
    """
    extra = [f"module={module}", "reserved=" + ",".join(sorted(reserved))]
    prefix = _cache.cache_prefix(paths, module)
    # The key from the stamp of the files' stat, else worked out from their content.
    key, stats = _cache.stamped_key(prefix, paths, extra)
    stamp = key is None
    key = key or _cache.cache_key(paths, extra)
    if key is None:  # a file cannot be read: building says which, as a MappingError
        return build_tables(paths, module=module, key="", reserved=reserved, find_base=find_base)

    def rebuild() -> Tables:  # a cached file turned out damaged: build and cache again
        tables = build_tables(paths, module=module, key=key, reserved=reserved, find_base=find_base)
        if _cache.cache_key(paths, extra) == key:  # else the YAML changed since: not this key's tables
            from awserrors import _cache_write

            _cache_write.write_cache(prefix, paths, key, tables)
        return tables

    cached = _usable(_cache.read_cache(prefix, paths, key, rebuild=rebuild), find_base)
    if cached is not None:
        if stamp:
            from awserrors import _cache_write  # a process whose tables and stamp are cached writes nothing

            _cache_write.write_stamp(prefix, paths, stats, key)
        return cached
    # Processes starting together on a cold cache build once: the others wait for the
    # lock, then read what the first one wrote.
    from awserrors import _cache_write

    lock = _cache_write.lock_build(prefix, paths)
    in_cache = False  # once the tables are in the cache, the lock file goes with the lock
    try:
        if lock is not None:
            cached = _usable(_cache.read_cache(prefix, paths, key, rebuild=rebuild), find_base)
            if cached is not None:
                # Another process wrote them; this one may have created a new lock file
                # after that process deleted its own, and it is not needed any more either.
                in_cache = True
                return cached
        import logging
        import time

        started = time.perf_counter()
        tables = build_tables(paths, module=module, key=key, reserved=reserved, find_base=find_base)
        written = _cache_write.write_cache(prefix, paths, key, tables)
        in_cache = written is not None
        if stamp:
            _cache_write.write_stamp(prefix, paths, stats, key)
        logging.getLogger("awserrors").debug(
            "built the tables of %s in %.2f s; cached in %s", module, time.perf_counter() - started, written
        )
        return tables
    finally:
        _cache_write.unlock_build(lock, written=in_cache)


def _usable(cached: Tables | None, find_base: FindBase) -> Tables | None:
    """Cached tables, when the taxonomy they extend and the Python classes they name are unchanged."""
    if cached is not None and _base_unchanged(cached, find_base) and _python_classes_unchanged(cached):
        return cached
    return None


def _python_classes_unchanged(cached: Tables) -> bool:
    """Whether the importable classes the YAML names still import and give what the tables
    took from them (their MRO, their flags): renamed or edited, the tables are rebuilt (and a
    class that no longer imports is then a MappingError, not an AttributeError later)."""
    try:
        return all(python_facts(path) == facts for path, facts in cached.python_classes.items())
    except Exception:
        return False


def _base_unchanged(cached: Tables, find_base: FindBase) -> bool:
    """Whether the taxonomy cached tables extend is still the one they were built on."""
    try:
        base = find_base(cached.extends)
    except Exception:  # it no longer imports, or is no taxonomy: rebuild, and say why then
        return False
    if cached.extends is None:
        return base is None
    return base is not None and base.tables.key == cached.extends_key


def build_tables(
    paths: list[str], *, module: str, key: str, reserved: frozenset[str], find_base: FindBase
) -> Tables:
    """Read, check and compile the YAML files; MappingError lists every problem."""
    from awserrors._from_yaml import build_tables  # YAML, attrs and the checks: only when no cache serves

    return build_tables(paths, module=module, key=key, reserved=reserved, find_base=find_base)


__all__ = ["build_tables", "load_tables"]
