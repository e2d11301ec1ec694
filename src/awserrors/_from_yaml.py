"""Tables from YAML files, when no cache serves: read, checked as one taxonomy, compiled, cached.

Reading (:mod:`awserrors._yaml`), the checks (:mod:`awserrors._check`) and compiling
(:mod:`awserrors._compile`) import PyYAML and attrs; a taxonomy
(:func:`awserrors._taxonomy.load_tables`) imports this module only when its tables are
not in a cache, so a process whose tables are cached imports neither. Every problem
found on the way is raised at once as one :class:`~awserrors.MappingError`. A taxonomy
that extends another is handed that one's tables and classes by the caller
(:class:`Base`), so this layer never imports the taxonomy layer above it.
"""

from __future__ import annotations

from awserrors import _cache, _cache_write
from awserrors._errors import MappingError
from awserrors._shipped import SHIPPED
from awserrors._tables import Tables
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
    #: The cached tables, when a cache holds usable ones; and the tables built from YAML.
    LoadCached = Callable[[], Tables | None]
    Build = Callable[[], Tables]

#: The modules of the shipped taxonomies: awserrors' own code, extended even without imports.
_SHIPPED_MODULES = frozenset(shipped.module for shipped in SHIPPED.values())


def build_tables(
    paths: list[str], *, module: str, key: str, reserved: frozenset[str], find_base: FindBase
) -> Tables:
    """Read, check and compile the YAML files; MappingError lists every problem."""
    from awserrors._compile import compile_spec

    spec, base, problems = _check(paths, reserved, find_base, None)
    if problems or spec is None:
        raise MappingError(problems)
    return compile_spec(spec, module=module, key=key, base=base.tables if base is not None else None)


def build_and_cache(
    paths: list[str], *, prefix: str, key: str, stamp: tuple[str, int] | None, load: LoadCached, build: Build
) -> Tables:
    """The tables no cache held when looked up: built once by the processes that start
    together on a cold cache (the others wait for the lock, then ``load()`` what the first
    one wrote), written to the cache, and the YAML's stat stamped when ``stamp`` is given."""
    lock = _cache_write.lock_build(prefix, paths, key)
    try:
        if lock is not None:
            cached = load()  # another process may have written them while this one waited
            if cached is not None:
                return cached
        import logging
        import time

        started = time.perf_counter()
        tables = build()
        written = _cache_write.write_cache(prefix, paths, key, tables)
        if stamp is not None:
            _cache_write.write_stamp(prefix, paths, stamp, key)
        logging.getLogger("awserrors").debug(
            "built the tables of %s in %.2f s; cached in %s",
            tables.module,
            time.perf_counter() - started,
            written,
        )
        return tables
    finally:
        _cache_write.unlock_build(lock)


def rebuild_and_cache(paths: list[str], *, prefix: str, key: str, extra: list[str], build: Build) -> Tables:
    """Tables built again because a cached file turned out damaged, and cached again unless
    the YAML changed since (then they are not ``key``'s tables)."""
    tables = build()
    if _cache.cache_key(paths, extra) == key:
        _cache_write.write_cache(prefix, paths, key, tables)
    return tables


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
            expected = "expected an importable generated module, such as 'awserrors.taxonomies.ec2_client'"
            problems.append(Problem(declared[1], "extends", f"{declared[0]!r}: {exc}; {expected}"))
    base_tables = base.tables if base is not None else None
    base_classes = {n: base.get_class(n) for n in base.tables.classes} if base is not None else None
    base_root = base_tables.root if base_tables is not None else None
    spec = check_taxonomy(files, problems, reserved, base_classes, base_root, not_imported) if files else None
    if spec is None and not problems:
        problems.append(Problem(Location("(no file)", 1, 1), "(files)", "no mapping files given"))
    return spec, base, problems


__all__ = ["Checked", "build_and_cache", "build_tables", "check_without_imports", "rebuild_and_cache"]
