"""From YAML files to a taxonomy's :class:`~awserrors._tables.Tables`: from the cache, else built.

Building reads the files (:mod:`awserrors._yaml`), checks them as one taxonomy
(:mod:`awserrors._check`) and compiles them (:mod:`awserrors._compile`); every
problem found on the way is raised at once as one :class:`~awserrors.MappingError`.
A taxonomy that extends another is handed that one's tables and classes by the
caller (:class:`Base`), so this layer never imports the taxonomy layer above it.
"""

from __future__ import annotations

from awserrors import _cache
from awserrors._errors import MappingError
from awserrors._shipped import SHIPPED
from awserrors._tables import Tables, python_facts
from awserrors._typed import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Protocol

    from awserrors._spec import Problems, TaxonomySpec

    class Base(Protocol):
        """The taxonomy an extension builds on: its tables, and its classes by name."""

        @property
        def tables(self) -> Tables: ...

        def get_class(self, name: str) -> type[BaseException]: ...

    #: Given the module an extension's YAML (or cached tables) names, or None when it
    #: names none, the taxonomy it extends (None for none); raises when it cannot be had.
    FindBase = Callable[[str | None], Base | None]

#: The modules of the shipped taxonomies: awserrors' own code, extended even without imports.
_SHIPPED_MODULES = frozenset(shipped.module for shipped in SHIPPED.values())


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
    from awserrors._compile import compile_spec

    spec, base, problems = _check(paths, reserved, find_base, None)
    if problems or spec is None:
        raise MappingError(problems)
    return compile_spec(spec, module=module, key=key, base=base.tables if base is not None else None)


class Checked(Record):
    """What :func:`check_without_imports` found."""

    #: every problem, as MappingError would list them: none when the files are valid
    problems: list[str]
    #: the import paths not imported, each with what named it: ``path (parent of Name)``
    not_imported: list[str]
    taxonomy: str | None = None
    extends: str | None = None
    #: the classes (the rows' included) and distinct codes these files declare
    classes: int = 0
    codes: int = 0


def check_without_imports(paths: list[str], *, reserved: frozenset[str], find_base: FindBase) -> Checked:
    """Check the YAML files as :func:`build_tables` does, without importing any module they name.

    Importing the modules of a YAML's ``parent:``, ``extends:`` and ``exceptions:`` runs
    their code.  Here a class is resolved only from a module awserrors imported itself
    (``botocore.exceptions``), and a shipped taxonomy is extended as usual (its code is
    awserrors'); every other import path is listed in ``not_imported``, and what needs its
    class is not checked: the ancestry and kind (ClientError or network) of the classes
    deriving from it, and for an extension of an unknown module, which of its classes a
    name means.
    """
    not_imported: list[str] = []
    spec, _, problems = _check(paths, reserved, find_base, not_imported)
    if problems or spec is None:
        return Checked([str(p) for p in problems], not_imported)
    codes = {code.code for entry in spec.classes for code in entry.codes}
    return Checked([], not_imported, spec.name, spec.extends, len(spec.classes), len(codes))


def _check(
    paths: list[str], reserved: frozenset[str], find_base: FindBase, not_imported: list[str] | None
) -> tuple[TaxonomySpec | None, Base | None, Problems]:
    """Read and check the YAML files: the spec (None when any problem), the taxonomy they
    extend, and the problems.  With ``not_imported``, see :func:`check_without_imports`."""
    # YAML and attrs are imported only here, when no cache serves: `import awserrors` stays cheap.
    from pathlib import Path

    from awserrors._check import check_taxonomy
    from awserrors._spec import Location, Problem, Problems
    from awserrors._yaml import declared_extends, read_files

    problems = Problems()
    files = read_files([Path(p) for p in paths], problems)
    declared = declared_extends(files)
    base: Base | None = None
    if not_imported is not None and declared is not None and declared[0] not in _SHIPPED_MODULES:
        not_imported.append(f"{declared[0]} (extends)")
    else:
        try:
            base = find_base(declared[0] if declared is not None else None)
        except Exception as exc:
            if declared is None:
                raise
            problems.append(Problem(declared[1], "extends", f"{declared[0]!r}: {exc}"))
    base_tables = base.tables if base is not None else None
    base_classes = {n: base.get_class(n) for n in base.tables.classes} if base is not None else None
    base_root = base_tables.root if base_tables is not None else None
    spec = check_taxonomy(files, problems, reserved, base_classes, base_root, not_imported) if files else None
    if spec is None and not problems:
        problems.append(Problem(Location("(no file)", 1, 1), "(files)", "no mapping files given"))
    return spec, base, problems


__all__ = ["Checked", "build_tables", "check_without_imports", "load_tables"]
