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

from awserrors._shipped import mappings_folder
from awserrors._taxonomy import LOOKUP_NAMES, Taxonomy, taxonomy_of

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: botocore does not
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = [
    "bind",
    "bind_namespace",
    "generate_module",
    "is_generated_namespace",
    "load",
    "mappings_dir",
    "mappings_folder",
]


def mappings_dir() -> Path:
    """The folder holding the YAML of the shipped taxonomies.

    Inside an installed wheel it is ``awserrors/mappings``; in a source checkout
    it is the repository's top-level ``mappings/``.
    """
    from pathlib import Path  # `import awserrors` itself does without pathlib

    return Path(mappings_folder())


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
        if not fullname.startswith(self.prefix) or fullname[len(self.prefix) :].startswith("_"):
            return None  # generated names never start with "_": the package's own modules do
        # A binder file (what write_stubs puts beside a namespace's stub, as the wheel's
        # services/ holds 445 of) is recognised by its exact text and answered here: the
        # import system would list the whole folder to find it, then run it to do what
        # exec_module does.  Any other file there is a module with code: not ours.
        binder = _binder_file(fullname, path, self.prefix[:-1])
        if binder is None:
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
        is_package = namespace == "services" or namespaces.is_package(namespace)
        # importlib.machinery.ModuleSpec is the class of every module's spec, this one's too:
        # taken from there, a namespace's import does not import importlib.
        spec = type(__spec__)(fullname, self, origin=binder, is_package=is_package)  # type: ignore[arg-type]
        if binder is not None:  # the module keeps its file (__file__, __cached__)
            spec.has_location = True
            if is_package:
                spec.submodule_search_locations = [os.path.dirname(binder)]
        return spec

    def create_module(self, spec: Any) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        namespace = module.__name__[len(self.prefix) :]
        bind(module, self.taxonomy, namespace)


#: The first line of each file ``awserrors.write_stubs`` writes (stubs and binders).
STUB_HEADER = "# Generated for {module} by awserrors.write_stubs; do not edit."


def binder_source(owner: str) -> str:
    """The ``.py`` write_stubs puts beside a namespace's stub: type checkers want a source
    for each stub (pyright warns of a stub without one); importing it gives the generated
    module, exactly as :class:`_NamespaceFinder` makes it without the file."""
    return (
        f"{STUB_HEADER.format(module=owner)}\n"
        '"""A namespace module of a generated taxonomy; its type stub is the ``.pyi`` beside this file."""\n'
        "\n"
        "from awserrors._modules import bind_namespace\n"
        "\n"
        f'bind_namespace(__name__, "{owner}")\n'
        "del bind_namespace\n"
    )


def _binder_file(fullname: str, path: object, owner: str) -> str | None:
    """The binder of ``owner`` that importing ``fullname`` from ``path`` (its package's
    ``__path__``) would run, when the file found there is exactly one; else None."""
    if not isinstance(path, list) or not all(isinstance(entry, str) for entry in path):
        return None
    expected = binder_source(owner).encode("utf-8")
    # O_BINARY: on Windows the file's bytes as they are, no newline rewriting.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    name = fullname.rpartition(".")[2]
    for entry in path:
        for candidate in (os.path.join(entry, name, "__init__.py"), os.path.join(entry, name + ".py")):
            try:  # os-level: open() would also ask the file for its size, position and tty
                fd = os.open(candidate, flags)
            except OSError:
                continue
            try:
                found = os.read(fd, len(expected) + 1)
            except OSError:
                return None
            finally:
                os.close(fd)
            return candidate if found == expected else None  # the first file found is the module
    return None


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
    name, alias, key = _loaded_module_names(files)
    taxonomy = Taxonomy(
        files,
        module_name=name,
        reserved=frozenset(n for n in dir(Taxonomy) if not n.startswith("_")),
        extends=taxonomy_of(extends),
    )
    taxonomy.tables  # noqa: B018 - load now, so mistakes surface here
    # The names are the taxonomy's once it loaded: a YAML that fails claims no name, so the
    # file fixed and loaded again gets the name a fresh process gives it.
    _loaded.setdefault(name, key)
    _loaded[alias] = key
    # Its classes pickle by reference: the module they name exists in this process.
    module = ModuleType(name, f"The taxonomy awserrors.load() made of {', '.join(files)}.")
    module.__file__ = files[0] if files else None
    module.__path__ = []  # a package: its namespaces (codes, services.<svc>) are submodules
    import importlib  # only when loading

    package = importlib.import_module(LOADED)
    for each in dict.fromkeys((name, alias)):  # the alias: what another process may call it
        sys.modules[each] = module
        setattr(package, each.rpartition(".")[2], module)
    bind(module, taxonomy, "")
    _add_finder(name, taxonomy)
    return taxonomy


#: The package the modules of loaded taxonomies live in (``awserrors.loaded.errors``).
LOADED = "awserrors.loaded"
#: module name -> the content key of the taxonomy loaded under it, in this process
_loaded: dict[str, str] = {}


def _loaded_module_names(files: list[str]) -> tuple[str, str, str]:
    """The module a loaded taxonomy lives in, its alias ``<stem>_<CRC of the YAML>``, and that
    CRC (:func:`load` records both names under it once the taxonomy loaded).

    ``awserrors.loaded.<file stem>`` for the first YAML of that name loaded in the
    process; another file of the same name gets the alias as its name.  Both are
    registered, so a class pickled in a process that named it either way unpickles
    in any process that has loaded the same YAML.
    """
    import re  # only when loading
    import zlib

    stem = os.path.splitext(os.path.basename(files[0]))[0] if files else "taxonomy"
    stem = re.sub(r"\W", "_", stem, flags=re.ASCII) or "taxonomy"
    stem = stem if stem[0].isalpha() else f"t{stem}"
    content = 0
    for path in files:
        try:
            with open(path, "rb") as stream:
                content = zlib.crc32(stream.read(), content)
        except OSError:  # the loader reports it
            content = zlib.crc32(os.fsencode(path), content)
    key = f"{content:08x}"
    name, alias = f"{LOADED}.{stem}", f"{LOADED}.{stem}_{key}"
    if _loaded.get(name, key) != key:
        name = alias
    return name, alias, key


class _LoadedFinder:
    """Answers for ``awserrors.loaded``: a package of the modules load() registers, and a clear
    ImportError for one this process has not loaded (a class unpickled where its YAML is not)."""

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        if fullname == LOADED:
            from importlib.util import spec_from_loader  # only when something asks for it

            return spec_from_loader(fullname, self, is_package=True)  # type: ignore[arg-type]
        if fullname.startswith(LOADED + ".") and fullname.count(".") == 2:
            stem = fullname.rpartition(".")[2]
            raise ImportError(
                f"{fullname} is a taxonomy awserrors.load() makes, and this process has not loaded it: "
                f"call awserrors.load() on the YAML file it was made from first (the module is named "
                f"after that file: {stem})",
                name=fullname,
            )
        return None

    def create_module(self, spec: Any) -> None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.__doc__ = "The modules of the taxonomies awserrors.load() made in this process."


def is_generated_namespace(module_name: str) -> bool:
    """Whether ``module_name`` is below a generated module of this process (a namespace of
    it, such as ``awserrors.services.s3``): what its finder makes, never a module with code."""
    owners = [f.prefix for f in sys.meta_path if isinstance(f, _NamespaceFinder)]
    return any(module_name.startswith(prefix) for prefix in owners)


def _add_finder(module_name: str, taxonomy: Taxonomy) -> None:
    sys.meta_path[:] = [
        f for f in sys.meta_path if not (isinstance(f, _NamespaceFinder) and f.prefix == module_name + ".")
    ]
    sys.meta_path.insert(0, _NamespaceFinder(module_name, taxonomy))


sys.meta_path.append(_LoadedFinder())


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
    module's own public names, listed in ``__all__`` before the generated ones; no
    class takes one of them, whether the module has bound it yet or not.
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
    } | set(exports)  # the module's own names, bound now or when first used
    taxonomy = Taxonomy(
        _resolve_paths(paths, relative_to),
        module_name=module_name,
        # Public names only (a class name never starts with "_"), so the key of the tables
        # does not depend on which of the module's private names exist yet.
        reserved=frozenset(n for n in own if not n.startswith("_")),
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
    _add_finder(module_name, taxonomy)
    return taxonomy
