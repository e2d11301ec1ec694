"""Type stubs for generated taxonomies: the ``.pyi`` files that IDEs, mypy and pyright read.

A generated module's classes exist only at run time (its ``__getattr__`` builds them),
so a type checker sees none of them.  :func:`write_stubs` writes, for one
:class:`~awserrors.Taxonomy`, a stub for every module the taxonomy makes:

- its own module: ``errors.pyi`` beside ``errors.py`` (``errors/__init__.pyi`` for a
  package), declaring the module's classes, aliases, lookup functions and the
  module's own public names.  A ``.pyi`` hides the ``.py`` beside it from type
  checkers, so a module with code worth checking can have them declared in a
  stub-only module instead (``declared_in``, :data:`DECLARED_IN`) that it imports under
  ``if TYPE_CHECKING:``; ``awserrors`` itself does so with ``awserrors/_aws.pyi``, so
  that its ``__init__.py`` stays type-checked.
- each namespace module: ``codes.pyi``, ``services/__init__.pyi``, ``services/dynamodb.pyi``.
  A namespace module needs no source file at run time (the generated module's finder
  makes it), but type checkers want a source beside each stub, so a three-line
  ``.py`` is written beside it that makes it the generated module when imported
  (:func:`awserrors._modules.bind_namespace`).  For the shipped taxonomies the
  wheel's build hook writes these; they are never committed.

Each class is ``class Name(Base1, Base2): ...`` with its real bases, named through
the modules that declare them.  The output is sorted: the same taxonomy always gives
the same text, so a test can compare the stubs a package ships with fresh ones.
"""

from __future__ import annotations

import builtins
import importlib
import inspect
import os
import re
import sys
import textwrap
from pathlib import Path
from types import ModuleType

from awserrors._errors import TaxonomyClientError
from awserrors._modules import STUB_HEADER, binder_source
from awserrors._shipped import SHIPPED as _SHIPPED
from awserrors._tables import class_row
from awserrors._taxonomy import LOOKUP_NAMES, Taxonomy

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

__all__ = ["DECLARED_IN", "SHIPPED", "stub_files", "write_shipped_stubs", "write_stubs"]

#: Generated modules whose own classes and lookups are declared in a stub-only module,
#: which the module imports under ``if TYPE_CHECKING:`` (its own code stays checked).
DECLARED_IN = {"awserrors": "awserrors._aws"}

#: The generated modules awserrors ships; the wheel's build hook writes their stubs.
SHIPPED = tuple(shipped.module for shipped in _SHIPPED.values())

#: The first line of every file generated for a module.
HEADER = STUB_HEADER

#: Longer class lines are wrapped, and longer docstring lines filled (ruff's and black's default).
LINE_LENGTH = 88

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


def write_stubs(
    taxonomy: Taxonomy, output_dir: str | os.PathLike[str], *, declared_in: str | None = None
) -> list[Path]:
    """Write the ``.pyi`` stubs of ``taxonomy``'s modules below ``output_dir``; the files written, sorted.

    ``output_dir`` is the folder the module's top-level package lives in (``src`` for
    ``src/myapp/errors.py``), so stubs land beside the modules.  ``declared_in`` names
    the stub-only module that declares the taxonomy's own classes and lookups (see
    :data:`DECLARED_IN`, the default); without one, the module's own stub does.

    Generated files this taxonomy no longer makes (a namespace gone from the YAML)
    are removed; no other file is touched, and unchanged files are not rewritten.
    """
    root = Path(output_dir)
    files = stub_files(taxonomy, declared_in=declared_in)
    written = []
    for relative, text in sorted(files.items()):
        path = root / relative
        written.append(path)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _remove_stale(taxonomy, root, {root / relative for relative in files})
    return written


def write_shipped_stubs(output_dir: str | os.PathLike[str]) -> list[Path]:
    """Regenerate the stubs of every taxonomy awserrors ships (:data:`SHIPPED`) below ``output_dir``."""
    written: list[Path] = []
    for name in SHIPPED:
        written += write_stubs(importlib.import_module(name).__awserrors_taxonomy__, output_dir)
    return sorted(written)


def stub_files(taxonomy: Taxonomy, *, declared_in: str | None = None) -> dict[str, str]:
    """What :func:`write_stubs` writes: each file's path (relative, with ``/``) and its text."""
    return _Writer(taxonomy, declared_in).files()


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m awserrors._stubs [OUTPUT]``: regenerate the shipped stubs (default ``src``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    written = write_shipped_stubs(args[0] if args else "src")
    print(f"{len(written)} stub files up to date below {args[0] if args else 'src'}")
    return 0


# --- the writer ---------------------------------------------------------------------


class _Writer:
    """The stub files of one taxonomy."""

    def __init__(self, taxonomy: Taxonomy, declared_in: str | None) -> None:
        self.taxonomy = taxonomy
        self.tables = taxonomy.tables
        self.module_name = taxonomy.module_name
        self.declared_in = declared_in or DECLARED_IN.get(self.module_name)
        live = sys.modules.get(self.module_name)
        self.live = live if getattr(live, "__awserrors_taxonomy__", None) is taxonomy else None
        if self.module_name.startswith("awserrors.loaded."):
            self.live = None  # a loaded taxonomy's module exists only in the process that loaded it
        # Namespaces are submodules: they exist only below a package.
        self.package = self.live is None or hasattr(self.live, "__path__")
        #: namespace -> {short name: class key}, with each alias -> the class key it names
        self.classes: dict[str, dict[str, str]] = {}
        self.aliases: dict[str, dict[str, str]] = {}
        for key in self.tables.classes:
            namespace, _, short = key.rpartition(":")
            self.classes.setdefault(namespace, {})[short] = key
        for alias, target in self.tables.aliases.items():
            namespace, _, short = alias.rpartition(":")
            self.aliases.setdefault(namespace, {})[short] = target
        self.own = self.own_names()

    def files(self) -> dict[str, str]:
        namespaces = self.taxonomy.namespaces if self.package else {}
        header = HEADER.format(module=self.module_name)
        files = {}
        if self.declared_in is not None:
            path = _path(self.declared_in, package=False)
        else:
            path = _path(self.module_name, package=bool(namespaces) or hasattr(self.live, "__path__"))
        files[path] = self.root_stub(header)
        for namespace in sorted(namespaces):
            module = f"{self.module_name}.{namespace}"
            package = any(other.startswith(namespace + ".") for other in namespaces)
            files[_path(module, package)] = self.namespace_stub(header, module, namespace)
            if self.live is not None:  # a taxonomy made by load() has no module to bind to
                files[_path(module, package, suffix=".py")] = binder_source(self.module_name)
        return files

    # --- modules ---

    def root_stub(self, header: str) -> str:
        stub = _Stub(self.declared_in or self.module_name, self.declared_names(""))
        if self.declared_in is None:
            self.declare_own_names(stub)
            taxonomy_type = stub.ref(Taxonomy.__module__, Taxonomy.__qualname__)
            stub.body += ["", f"__awserrors_taxonomy__: {taxonomy_type}", ""]
        lookups_namespace = vars(sys.modules[Taxonomy.__module__])
        base = stub.ref(TaxonomyClientError.__module__, TaxonomyClientError.__qualname__)
        root = self.common_root()
        for name in sorted(LOOKUP_NAMES):
            lines = _function(stub, name, getattr(self.taxonomy, name), lookups_namespace)
            if root is not None:  # what the lookups return, as precisely as the taxonomy allows
                lines = [line.replace(f"-> {base}:", f"-> {root}:") for line in lines]
                lines = [line.replace(f"-> type[{base}]:", f"-> type[{root}]:") for line in lines]
            stub.body += lines
        stub.body.append("")
        self.declare_classes(stub, "")
        if self.declared_in is not None:  # what the real module's star import takes, "_parse_aws_error" too
            stub.all = sorted({*LOOKUP_NAMES, *self.classes.get("", ()), *self.aliases.get("", ())})
        return stub.text(header)

    def common_root(self) -> str | None:
        """The root's name when every client-error class of the taxonomy derives from it
        (the lookups then return it), else None."""
        root = self.tables.root
        if ":" in root or root not in self.classes.get("", {}):
            return None
        root_class = self.taxonomy.get_class(root)
        for key in self.tables.classes:
            if class_row(self.tables, key).kind == "client" and not issubclass(
                self.taxonomy.get_class(key), root_class
            ):
                return None
        return root

    def namespace_stub(self, header: str, module: str, namespace: str) -> str:
        stub = _Stub(module, self.declared_names(namespace))
        self.declare_classes(stub, namespace)
        return stub.text(header)

    def declared_names(self, namespace: str) -> set[str]:
        names = {*self.classes.get(namespace, ()), *self.aliases.get(namespace, ())}
        if not namespace:
            names |= {*LOOKUP_NAMES, "__awserrors_taxonomy__"}
            names |= set(self.own)
        return names

    def stub_module(self, key: str) -> str:
        """The module whose stub declares the class ``key`` (of this taxonomy or one it extends)."""
        namespace = key.rpartition(":")[0]
        home = class_row(self.tables, key).home
        if home:
            return f"{home}.{namespace}" if namespace else DECLARED_IN.get(home, home)
        return f"{self.module_name}.{namespace}" if namespace else self.declared_in or self.module_name

    # --- classes ---

    def declare_classes(self, stub: _Stub, namespace: str) -> None:
        classes = self.classes.get(namespace, {})
        done: set[str] = set()

        def declare(short: str) -> None:
            if short in done:
                return
            done.add(short)
            key = classes[short]
            row = class_row(self.tables, key)
            if row.home:  # a class of the taxonomy this one extends
                stub.reexport(self.stub_module(key), short)
                return
            bases = list(row.bases)
            for base in bases:  # a base declared in the same stub comes first
                base_namespace, _, base_short = base.rpartition(":")
                if base in self.tables.classes and base_namespace == namespace and base_short in classes:
                    declare(base_short)
            doc = row.doc
            if doc == f"{short}: an error of the {self.tables.name} taxonomy.":
                doc = None  # the placeholder of a class the YAML gives no doc
            if doc is None and namespace.startswith("services."):
                # What this botocore's model says the error means: IDE hovers show it.
                doc = self.taxonomy.get_class(key).__doc__
            stub.body += _class(short, [self.base(stub, b) for b in bases], doc)

        for short in sorted(classes):
            declare(short)
        stub.body.append("")
        for alias, target in sorted(self.aliases.get(namespace, {}).items()):
            stub.body.append(f"{alias} = {stub.ref(self.stub_module(target), target.rpartition(':')[2])}")

    def base(self, stub: _Stub, base: str) -> str:
        if base in self.tables.classes:
            return stub.ref(self.stub_module(base), base.rpartition(":")[2])
        # A dotted path, as awserrors._tables.import_object reads it.
        if ":" in base:
            module, _, qualname = base.partition(":")
        else:
            module, _, qualname = base.rpartition(".")
        return stub.ref(module, qualname)

    # --- what the module itself holds ---

    def own_names(self) -> dict[str, tuple[str, Any]]:
        """The public names the module holds besides its generated ones, each with how to declare it.

        ``("reexport", home)`` for a class or function it exports from elsewhere (such as
        ``awserrors.load``); ``("class", cls)``, ``("function", f)`` for its own code;
        ``("value", v)`` for data.  Imported modules and imports it does not export are left out.
        """
        module = self.live
        if module is None or self.declared_in is not None:
            return {}
        generated = {
            *LOOKUP_NAMES,
            *self.classes.get("", ()),
            *self.aliases.get("", ()),
            *(n.partition(".")[0] for n in self.taxonomy.namespaces),
        }
        exports = set(getattr(module, "__all__", ()))
        found: dict[str, tuple[str, Any]] = {}
        for name, value in sorted(vars(module).items()):
            if name.startswith("_") or name in generated:
                continue
            if isinstance(value, ModuleType) or type(value).__name__ == "_Feature":
                continue  # imported modules, "from __future__ import annotations"
            home = getattr(value, "__module__", None)
            if isinstance(value, type) or callable(value):
                if home == module.__name__:
                    found[name] = ("class" if isinstance(value, type) else "function", value)
                elif name in exports and isinstance(home, str):
                    found[name] = ("reexport", value)
                continue
            found[name] = ("value", value)
        return found

    def declare_own_names(self, stub: _Stub) -> None:
        for name, (kind, value) in self.own.items():
            if kind == "reexport":
                stub.reexport(value.__module__, name, getattr(value, "__qualname__", name))
            elif kind == "class":
                bases = [stub.ref(base.__module__, base.__qualname__) for base in value.__bases__]
                stub.body += _class(name, bases, None)
            elif kind == "function":
                stub.body += _function(stub, name, value, getattr(value, "__globals__", {}))
            else:
                stub.body.append(f"{name}: {_value_type(stub, value)}")


class _Stub:
    """One stub file: the names it declares, the imports its lines need, and the lines."""

    def __init__(self, module: str, declared: set[str]) -> None:
        self.module = module
        self.declared = declared
        self.imports: set[str] = set()
        self.body: list[str] = []
        self.all: list[str] | None = None

    def ref(self, module: str, qualname: str) -> str:
        """How this stub spells ``module.qualname``: qualified, so no two names collide."""
        if module == self.module:
            return qualname
        if module == "builtins":
            if qualname.partition(".")[0] not in self.declared:
                return qualname
            self.imports.add("import builtins")
            return f"builtins.{qualname}"
        if module.partition(".")[0] in self.declared:
            alias = "_" + module.replace(".", "_")
            self.imports.add(f"import {module} as {alias}")
            return f"{alias}.{qualname}"
        self.imports.add(f"import {module}")
        return f"{module}.{qualname}"

    def reexport(self, module: str, name: str, qualname: str | None = None) -> None:
        """``from module import name as name``: the name is this module's too."""
        source = qualname or name
        if module == self.module:
            return
        if "." in source or source != name:
            self.body.append(f"{name} = {self.ref(module, source)}")
        else:
            self.imports.add(f"from {module} import {source} as {name}")

    def text(self, header: str) -> str:
        lines = [header]
        standard = sorted(i for i in self.imports if _top(i) in sys.stdlib_module_names)
        others = sorted(i for i in self.imports if _top(i) not in sys.stdlib_module_names)
        for group in (standard, others):
            if group:
                # isort's order in a section: "import x" lines, then "from x import y" lines.
                lines += ["", *sorted(group, key=lambda i: (i.startswith("from "), i))]
        if self.all is not None:
            lines += ["", "__all__ = [", *(f'    "{name}",' for name in self.all), "]"]
        lines += ["", *self.body]
        while not lines[-1]:
            lines.pop()
        # One blank line between sections; a class with a docstring ends with one too.
        text = "\n".join(line for i, line in enumerate(lines) if line or lines[i - 1])
        return text + "\n"


def _top(statement: str) -> str:
    return statement.split()[1].partition(".")[0]


def _path(module: str, package: bool, suffix: str = ".pyi") -> str:
    base = module.replace(".", "/")
    return f"{base}/__init__{suffix}" if package else f"{base}{suffix}"


def _class(name: str, bases: list[str], doc: str | None) -> list[str]:
    opening = f"class {name}({', '.join(bases)}):" if bases else f"class {name}:"
    if len(opening) + 4 > LINE_LENGTH:  # ruff format's shape, one base a line
        opening = "\n".join([f"class {name}(", *(f"    {base}," for base in bases), "):"])
    if not doc or not doc.strip():
        return [f"{opening} ..."]
    return [opening, *_docstring(doc.strip(), "    "), ""]


def _docstring(doc: str, indent: str) -> list[str]:
    doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if doc.endswith('"'):
        doc = doc[:-1] + '\\"'
    lines = []
    for line in textwrap.dedent(doc).splitlines():
        width = LINE_LENGTH - len(indent) - 3
        lines += textwrap.wrap(line, width, subsequent_indent=" " * (len(line) - len(line.lstrip()))) or [""]
    if len(lines) == 1 and len(indent) + len(lines[0]) + 6 <= LINE_LENGTH:
        return [f'{indent}"""{lines[0]}"""']
    return [f'{indent}"""{lines[0]}', *(f"{indent}{line}".rstrip() for line in lines[1:]), f'{indent}"""']


def _function(stub: _Stub, name: str, function: Callable[..., Any], namespace: dict[str, Any]) -> list[str]:
    """``def name(...) -> ...: ...`` with the function's own annotations, else ``Any`` throughout."""
    try:
        signature = inspect.signature(function)
        parameters = []
        star = slash = False
        for parameter in signature.parameters.values():
            kind = parameter.kind
            if kind is not parameter.POSITIONAL_ONLY and slash:
                parameters.append("/")
                slash = False
            if kind is parameter.KEYWORD_ONLY and not star:
                parameters.append("*")
                star = True
            stars = "*" if kind is parameter.VAR_POSITIONAL else "**" if kind is parameter.VAR_KEYWORD else ""
            text = stars + parameter.name
            star = star or kind is parameter.VAR_POSITIONAL
            slash = kind is parameter.POSITIONAL_ONLY
            if parameter.annotation is not parameter.empty:
                text += f": {_annotation(stub, parameter.annotation, namespace)}"
            if parameter.default is not parameter.empty:
                separator = " = " if parameter.annotation is not parameter.empty else "="
                text += separator + _default(parameter.default)
            parameters.append(text)
        if slash:
            parameters.append("/")
        returns = ""
        if signature.return_annotation is not signature.empty:
            returns = f" -> {_annotation(stub, signature.return_annotation, namespace)}"
    except (ValueError, TypeError, LookupError):  # no signature, or a name only type checkers see
        any_ = stub.ref("typing", "Any")
        return [f"def {name}(*args: {any_}, **kwargs: {any_}) -> {any_}: ..."]
    line = f"def {name}({', '.join(parameters)}){returns}: ..."
    if len(line) > LINE_LENGTH:
        line = "\n".join([f"def {name}(", *(f"    {p}," for p in parameters), f"){returns}: ..."])
    return [line]


def _annotation(stub: _Stub, annotation: object, namespace: dict[str, Any]) -> str:
    """An annotation, each name in it spelled as the stub must: LookupError if one is unknown."""
    if isinstance(annotation, type):
        return stub.ref(annotation.__module__, annotation.__qualname__)
    if not isinstance(annotation, str) or "'" in annotation or '"' in annotation:
        raise LookupError(annotation)

    def spell(match: re.Match[str]) -> str:
        dotted = match.group(0)
        first, *rest = dotted.split(".")
        if first in ("None", "True", "False") and not rest:
            return dotted
        if first in namespace:
            value = namespace[first]
        elif hasattr(builtins, first):
            value = getattr(builtins, first)
        else:
            raise LookupError(dotted)
        for part in rest:
            value = getattr(value, part)
        if isinstance(value, ModuleType) or not isinstance(getattr(value, "__qualname__", None), str):
            raise LookupError(dotted)
        return stub.ref(value.__module__, value.__qualname__)

    return _IDENTIFIER.sub(spell, annotation)


def _default(value: object) -> str:
    """A default as stubs write it: a short literal, else ``...``."""
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    if isinstance(value, str) and len(value) < 40 and value.isprintable() and not {'"', "\\"} & set(value):
        return f'"{value}"'
    return "..."


def _value_type(stub: _Stub, value: object) -> str:
    """The type of a module-level value, as precise as plain data allows."""
    kind = type(value)
    scalars = (str, int, float, bool, bytes)
    if kind in (tuple, list, set, frozenset) and isinstance(value, tuple | list | set | frozenset):
        items = {type(item) for item in value}
        if len(items) == 1 and next(iter(items)) in scalars:
            item = stub.ref("builtins", next(iter(items)).__name__)
            container = stub.ref("builtins", kind.__name__)
            return f"{container}[{item}, ...]" if kind is tuple else f"{container}[{item}]"
    if kind in scalars:
        return stub.ref("builtins", kind.__name__)
    if kind.__module__ not in ("builtins", "__main__") and kind.__qualname__.isidentifier():
        return stub.ref(kind.__module__, kind.__qualname__)
    return stub.ref("typing", "Any")


def _remove_stale(taxonomy: Taxonomy, root: Path, current: set[Path]) -> None:
    """Delete the generated files of ``taxonomy``'s module below ``root`` that it no longer makes."""
    header = HEADER.format(module=taxonomy.module_name)
    folder = root.joinpath(*taxonomy.module_name.split("."))
    if not folder.is_dir():
        return
    stale: Iterable[Path] = (
        path
        for path in sorted(folder.rglob("*.py*"))
        if path.suffix in (".py", ".pyi") and path not in current and path.is_file()
    )
    for path in stale:
        with path.open(encoding="utf-8", errors="replace") as stream:
            if stream.readline().rstrip("\n") != header:
                continue
        path.unlink()
        parent = path.parent
        while parent != folder and not any(p.name != "__pycache__" for p in parent.iterdir()):
            for cached in parent.glob("__pycache__/*"):
                cached.unlink()
            for empty in parent.glob("__pycache__"):
                empty.rmdir()
            parent.rmdir()
            parent = parent.parent


if __name__ == "__main__":
    sys.exit(main())
