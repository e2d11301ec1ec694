"""Tables from YAML files, when no cache serves: read, checked as one taxonomy, compiled.

Reading (:mod:`awserrors._yaml`), the checks (:mod:`awserrors._check`) and compiling
(:mod:`awserrors._compile`) import PyYAML and attrs; :mod:`awserrors._build` imports
this module only when a taxonomy's tables are not in a cache, so a process whose
tables are cached imports neither.  Every problem found on the way is raised at once
as one :class:`~awserrors.MappingError`.  A taxonomy that extends another is handed
that one's tables and classes by the caller (:class:`Base`), so this layer never
imports the taxonomy layer above it.
"""

from __future__ import annotations

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


__all__ = ["Checked", "build_tables", "check_without_imports"]
