"""Generated modules: a taxonomy's classes as real module attributes, importable and picklable.

:func:`generate_module` turns a module of yours (or awserrors' own) into the home
of a taxonomy's classes and lookup functions; :func:`load` makes a taxonomy
without a module of your own.  Namespaces (``awserrors.codes``,
``awserrors.services.s3``) become importable modules through a finder on
``sys.meta_path``, so every class pickles by reference.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType

from awserrors._taxonomy import LOOKUP_NAMES, Taxonomy, taxonomy_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: botocore does not
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["bind", "bind_namespace", "generate_module", "load", "mappings_dir", "mappings_folder"]


def mappings_dir() -> Path:
    """The folder holding the YAML of the shipped taxonomies.

    Inside an installed wheel it is ``awserrors/mappings``; in a source checkout
    it is the repository's top-level ``mappings/``.
    """
    from pathlib import Path  # `import awserrors` itself does without pathlib

    return Path(mappings_folder())


def mappings_folder() -> str:
    """:func:`mappings_dir` as a string, without importing pathlib (``import awserrors`` uses it)."""
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "mappings")
    return (
        installed
        if os.path.isdir(installed)
        else os.path.normpath(os.path.join(here, "..", "..", "mappings"))
    )


class _NamespaceFinder:
    """Makes a taxonomy's namespaces importable: ``awserrors.codes``, ``awserrors.services.s3``.

    It sits at the front of ``sys.meta_path`` and answers only for names below its
    module that are no real module or package (a folder holding only type stubs,
    as the wheel's ``services/``, does not count) and are namespaces of its
    taxonomy; each such module gets the namespace's classes as attributes, built on
    first access.  pickle imports these modules by name, so namespaced classes
    pickle by reference too.
    """

    def __init__(self, module_name: str, taxonomy: Taxonomy) -> None:
        self.prefix = module_name + "."
        self.taxonomy = taxonomy

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        if not fullname.startswith(self.prefix):
            return None
        from importlib.machinery import PathFinder  # only when a name below the module is imported

        real = PathFinder.find_spec(fullname, path)  # type: ignore[arg-type]
        if real is not None and real.origin not in (None, "namespace"):
            return None  # a module or package with code: not ours
        namespace = fullname[len(self.prefix) :]
        try:
            if not self.taxonomy.has_namespace(namespace):
                return None
            namespaces = self.taxonomy.namespaces
        except Exception:  # a broken taxonomy says so on its own module, not here
            return None
        from importlib.util import spec_from_loader  # only for a namespace of ours

        is_package = namespace == "services" or any(n.startswith(namespace + ".") for n in namespaces)
        return spec_from_loader(fullname, self, is_package=is_package)  # type: ignore[arg-type]

    def create_module(self, spec: Any) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        namespace = module.__name__[len(self.prefix) :]
        bind(module, self.taxonomy, namespace)


def bind(module: ModuleType, taxonomy: Taxonomy, namespace: str, exports: tuple[str, ...] = ()) -> None:
    """Give ``module`` the classes of one namespace of ``taxonomy``, built on first access."""
    names = vars(module)
    module_name = module.__name__

    def class_names() -> list[str]:
        if not namespace:
            return list(taxonomy.class_names)
        return taxonomy.names_in(namespace)

    def children() -> list[str]:
        """The namespaces right below this one: ``codes`` and ``services`` below the taxonomy."""
        prefix = f"{namespace}." if namespace else ""
        return [
            child[len(prefix) :]
            for child in taxonomy.namespaces
            if child.startswith(prefix) and "." not in child[len(prefix) :]
        ]

    def module_getattr(name: str) -> Any:
        if name == "__all__":
            listed = (*exports, *(LOOKUP_NAMES if not namespace else ()), *class_names())
            return [n for n in dict.fromkeys(listed) if not n.startswith("_")]
        if name.startswith("_"):  # no generated name starts with "_": answer without loading
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        try:
            cls = taxonomy.get_class(f"{namespace}:{name}" if namespace else name)
        except AttributeError:
            child = f"{namespace}.{name}" if namespace else name
            if name in children() or taxonomy.has_namespace(child):  # awserrors.codes, unimported
                import importlib  # only for a namespace reached as an attribute

                return importlib.import_module(f"{module_name}.{name}")
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}") from None
        names[name] = cls
        return cls

    def module_dir() -> list[str]:
        return sorted({*names, *class_names(), *children()})

    names["__getattr__"] = module_getattr
    names["__dir__"] = module_dir
    if not namespace:
        names["__awserrors_taxonomy__"] = taxonomy


def bind_namespace(module_name: str, owner: str) -> None:
    """Make the imported module ``module_name`` the namespace module ``owner`` generates.

    The ``.py`` files :func:`awserrors._stubs.write_stubs` writes beside namespace stubs
    call it: the module then gets the namespace's classes, built on first access,
    exactly as the finder of ``owner``'s taxonomy would make it without the file.
    """
    import importlib  # only when a generated binder file runs

    taxonomy = importlib.import_module(owner).__awserrors_taxonomy__
    namespace = module_name[len(owner) + 1 :]
    if not module_name.startswith(owner + ".") or namespace not in taxonomy.namespaces:
        message = f"{module_name!r} is not a namespace of the taxonomy of {owner!r}"
        raise ImportError(message, name=module_name)
    bind(sys.modules[module_name], taxonomy, namespace)


def _resolve_paths(paths: tuple[str | os.PathLike[str], ...], relative_to: str | None) -> list[str]:
    resolved = []
    for given in paths:
        path = os.fspath(given)
        if not os.path.isabs(path) and relative_to is not None:
            path = os.path.join(relative_to, path)
        resolved.append(path)
    return resolved


def load(*paths: str | os.PathLike[str], extends: str | Taxonomy | None = None) -> Taxonomy:
    """Load mapping YAML files as one :class:`Taxonomy` (its classes are attributes).

    ``extends`` names a taxonomy to build on: a generated module's name (such as
    ``"awserrors.taxonomies.ec2_client"``) or a Taxonomy.  Its classes can be
    parents, and its codes re-pointed.  Raises :class:`~awserrors.MappingError`
    listing every problem.  For classes that pickle across processes, generate a
    module instead (:func:`generate_module`).
    """
    files = _resolve_paths(paths, None)
    stem = os.path.splitext(os.path.basename(files[0]))[0] if files else "taxonomy"
    name = "awserrors.loaded." + stem
    taxonomy = Taxonomy(
        files,
        module_name=name,
        reserved=frozenset(n for n in dir(Taxonomy) if not n.startswith("_")),
        extends=taxonomy_of(extends),
    )
    taxonomy.tables  # noqa: B018 - load now, so mistakes surface here
    return taxonomy


def generate_module(
    module_name: str,
    *paths: str | os.PathLike[str],
    extends: str | Taxonomy | None = None,
    lazy: bool = False,
    exports: tuple[str, ...] = (),
) -> Taxonomy:
    """Make the module ``module_name`` a generated one, from mapping YAML files.

    Call it from the module itself: ``generate_module(__name__, "errors.yaml")``
    (relative paths are relative to the module's file).  Afterwards the module's
    classes are real attributes (``from myapp.errors import ThrottlingException``),
    built on first access, listed by ``dir()`` and ``__all__``, and pickled by
    reference; the module also gets the lookup functions ``handle_client_error``,
    ``handle_error``, ``parse_aws_error``, ``_parse_aws_error``,
    ``exception_class_for``, ``is_retryable`` and ``is_throttling``.

    The YAML is read now, so a :class:`~awserrors.MappingError` surfaces at
    import, unless ``lazy`` is true (then on first use).  ``exports`` are the
    module's own public names, listed in ``__all__`` before the generated ones.
    """
    module: ModuleType = sys.modules[module_name]
    namespace = vars(module)
    module_file = getattr(module, "__file__", None)
    relative_to = os.path.dirname(module_file) if module_file else None
    previous = namespace.get("__awserrors_taxonomy__")
    own = {
        n
        for n, value in namespace.items()
        if not n.startswith("__")
        and n.isidentifier()  # pytest's assertion rewriting adds "@py_builtins" to modules
        and n not in LOOKUP_NAMES
        and not (isinstance(previous, Taxonomy) and getattr(value, "_awserrors_taxonomy", None) is previous)
    }
    taxonomy = Taxonomy(
        _resolve_paths(paths, relative_to),
        module_name=module_name,
        reserved=frozenset(own),
        extends=taxonomy_of(extends),
    )
    if not lazy:
        taxonomy.tables  # noqa: B018 - a MappingError surfaces here, before the module changes

    def publish(name: str, cls: type) -> None:
        namespace_name, _, short_name = name.rpartition(":")
        home = sys.modules.get(taxonomy.module_for(namespace_name))
        if home is not None:
            vars(home).setdefault(short_name, cls)

    # Generating again (after fixing the YAML) replaces what the earlier taxonomy put here.
    for name in [n for n in namespace if n not in own and not n.startswith("__")]:
        del namespace[name]
    taxonomy.on_build(publish)
    for lookup in LOOKUP_NAMES:
        namespace.setdefault(lookup, getattr(taxonomy, lookup))
    bind(module, taxonomy, "", exports)
    sys.meta_path[:] = [
        f for f in sys.meta_path if not (isinstance(f, _NamespaceFinder) and f.prefix == module_name + ".")
    ]
    sys.meta_path.insert(0, _NamespaceFinder(module_name, taxonomy))
    return taxonomy
