"""The registry: a taxonomy's lookups and its classes, made on first use.

A :class:`Taxonomy` holds the compiled tables (loaded on first need, from the
cache when possible) and derives everything from them: each lookup is a few
``dict.get`` calls on those tables, and each class is built by
:meth:`Taxonomy.get_class` the first time anyone asks for it, under a lock, and
then kept, so every caller gets the same object.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Mapping
from types import ModuleType

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from awserrors import _tables
from awserrors._errors import (
    TaxonomyClientError,
    TaxonomyNetworkError,
    _client_error_message,
    error_code_of,
    http_status_of,
    query_error_code_of,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: botocore does not
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

__all__ = ["Taxonomy", "generate_module", "load", "mappings_dir"]

#: The rules of the lookup order, in precedence: how ``Taxonomy._resolve`` picked a class.
RULES = ("service code", "operation code", "code", "operation", "status", "root")
#: The rules where the error's code decided.
CODE_RULES = frozenset(RULES[:3])

#: The functions :func:`generate_module` puts in a generated module.
LOOKUP_NAMES = (
    "handle_client_error",
    "handle_error",
    "parse_aws_error",
    "_parse_aws_error",
    "exception_class_for",
    "is_retryable",
    "is_throttling",
)


def mappings_dir() -> Path:
    """The folder holding the YAML of the shipped taxonomies.

    Inside an installed wheel it is ``awserrors/mappings``; in a source checkout
    it is the repository's top-level ``mappings/``.
    """
    from pathlib import Path

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


class Taxonomy:
    """One error taxonomy: its classes (as attributes) and the lookups that pick them.

    Make one with :func:`awserrors.load` or :func:`awserrors.generate_module`.
    """

    def __init__(
        self,
        paths: list[str],
        *,
        module_name: str,
        reserved: frozenset[str] = frozenset(),
        extends: Taxonomy | None = None,
    ) -> None:
        self._paths = paths
        self._module_name = module_name
        self._reserved = reserved
        self._extends = extends
        self._lock = threading.RLock()
        self._tables_data: _tables.Tables | None = None
        self._classes: dict[str, type] = {}
        self._on_build: Callable[[str, type], None] | None = None
        self._namespaces: dict[str, list[str]] | None = None
        self._resolved: dict[tuple[Any, ...], tuple[Any, ...]] = {}

    # --- tables ---------------------------------------------------------------

    @property
    def _data(self) -> _tables.Tables:
        tables = self._tables_data
        if tables is None:
            with self._lock:
                if self._tables_data is None:
                    self._tables_data = self._load_tables()
                tables = self._tables_data
        return tables

    def _load_tables(self) -> _tables.Tables:
        extra = [f"module={self._module_name}", "reserved=" + ",".join(sorted(self._reserved))]
        key = _tables.cache_key(self._paths, extra)
        name = _tables.cache_prefix(self._paths, self._module_name)
        if key is not None:
            cached = _tables.read_cache(name, self._paths, key)
            if cached is not None and self._base_unchanged(cached):
                return cached
        tables = self._compile()
        tables["key_text"] = key or ""
        if key is not None:
            _tables.write_cache(name, self._paths, key, tables)
        return tables

    def _base_unchanged(self, cached: _tables.Tables) -> bool:
        """Whether the taxonomy that cached tables extend is still the one they were built on."""
        if cached["extends"] is None:
            return self._extends is None
        try:
            base = _taxonomy_of(cached["extends"])
        except Exception:
            return False
        if self._extends is not None and self._extends is not base:
            return False
        self._extends = base
        return base is not None and base._data["key_text"] == cached["extends_key"]

    def _compile(self) -> _tables.Tables:
        """Read, check and compile the YAML; MappingError lists every problem."""
        from pathlib import Path

        from awserrors._errors import MappingError
        from awserrors._loader import Problem, check_taxonomy, declared_extends, read_files

        problems: list[Problem] = []
        files = read_files([Path(p) for p in self._paths], problems)
        declared = declared_extends(files)
        if self._extends is None and declared is not None:
            try:
                self._extends = _taxonomy_of(declared[0])
            except Exception as exc:
                problems.append(Problem(declared[1], "extends", f"{declared[0]!r}: {exc}"))
        base = self._extends._data if self._extends is not None else None
        base_classes = None
        if self._extends is not None and base is not None:
            base_classes = {n: self._extends.get_class(n) for n in base["classes"]}
        base_root = base["root"] if base is not None else None
        spec = check_taxonomy(files, problems, self._reserved, base_classes, base_root) if files else None
        if problems or spec is None:
            if not problems:
                problems.append(Problem(_nowhere(), "(files)", "no mapping files given"))
            raise MappingError(problems)
        tables = _tables.compile_spec(spec, base)
        tables["module"] = self._module_name
        tables["extends"] = self._extends._module_name if self._extends is not None else None
        tables["extends_key"] = base["key_text"] if base is not None else None
        return tables

    # --- facts ------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The taxonomy's name, from its YAML."""
        return str(self._data["name"])

    @property
    def description(self) -> str:
        """What the taxonomy is for, from its YAML."""
        return str(self._data["description"])

    @property
    def service(self) -> str | None:
        """The default service name its errors carry."""
        service = self._data["service"]
        return str(service) if service is not None else None

    @property
    def module_name(self) -> str:
        """The module its classes live in (their ``__module__``)."""
        return self._module_name

    @property
    def root(self) -> type[TaxonomyClientError]:
        """The class every unknown ``ClientError`` falls back to."""
        return self.get_class(self._data["root"])  # type: ignore[return-value]

    @property
    def class_names(self) -> tuple[str, ...]:
        """Every class name and alias of the taxonomy's own module, in declaration order.

        Classes of namespaces (``codes:ThrottlingException``) are listed by :attr:`namespaces`.
        """
        return (*(k for k in self._data["classes"] if ":" not in k), *self._data["aliases"])

    @property
    def codes(self) -> tuple[str, ...]:
        """Every error code the taxonomy maps (without operation-only mappings)."""
        return tuple(self._data["codes"])

    def __repr__(self) -> str:
        return f"<Taxonomy {self._module_name} from {', '.join(map(str, self._paths))}>"

    # --- classes ------------------------------------------------------------------

    def get_class(self, name: str) -> type[BaseException]:
        """The class called ``name`` (or an alias of it); built the first time, then reused.

        Raises AttributeError for a name the taxonomy does not have.
        """
        cls = self._classes.get(name)
        if cls is not None:
            return cls
        tables = self._data
        real = tables["aliases"].get(name, name)
        row = _tables.class_row(tables, real) if real in tables["classes"] else None
        if row is None:
            raise AttributeError(f"taxonomy {tables['name']!r} has no class {name!r}")
        with self._lock:
            cls = self._classes.get(real)
            if cls is None:
                cls = self._build(real, row)
                self._classes[real] = cls
                if self._on_build is not None:
                    self._on_build(real, cls)
            self._classes[name] = cls
        return cls

    def _build(self, name: str, row: tuple[Any, ...]) -> type[BaseException]:
        home = row[_tables.HOME]
        if home:  # a class of the taxonomy this one extends
            owner = sys.modules.get(home) or __import__(home, fromlist=["_"])
            return owner.__awserrors_taxonomy__.get_class(name)  # type: ignore[no-any-return]
        bases = tuple(
            self.get_class(b) if b in self._data["classes"] else _tables.import_object(b)
            for b in row[_tables.BASES]
        )
        namespace_name, _, short_name = name.rpartition(":")
        namespace = {
            "__module__": self.module_for(namespace_name),
            "__qualname__": short_name,
            "__doc__": row[_tables.DOC] or _row_doc(namespace_name, row, bases),
            "_awserrors_taxonomy": self,
            "retryable": row[_tables.RETRYABLE],
            "throttling": row[_tables.THROTTLING],
            "service_name": self.service,
        }
        if row[_tables.KIND] == "client":
            namespace["default_code"] = row[_tables.CODE]
            namespace["default_status"] = row[_tables.STATUS]
            namespace["_awserrors_message"] = row[_tables.MESSAGE]
        return type(short_name, bases, namespace)

    def module_for(self, namespace: str) -> str:
        """The module name of a namespace of the taxonomy ('' is the taxonomy's own module)."""
        return f"{self._module_name}.{namespace}" if namespace else self._module_name

    @property
    def namespaces(self) -> dict[str, list[str]]:
        """Each namespace (such as ``codes`` or ``services.dynamodb``) and its class names."""
        found = self._namespaces
        if found is None:
            found = {}
            for key in self._data["classes"]:
                namespace, _, short = key.rpartition(":")
                if namespace:
                    found.setdefault(namespace, []).append(short)
                    parent = namespace.rpartition(".")[0]
                    while parent:  # packages that hold namespaces: "services"
                        found.setdefault(parent, [])
                        parent = parent.rpartition(".")[0]
            self._namespaces = found
        return found

    def __getattr__(self, name: str) -> type[BaseException]:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get_class(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.class_names})

    # --- lookups --------------------------------------------------------------------

    def _owns(self, error: object) -> bool:
        return getattr(type(error), "_awserrors_taxonomy", None) is self

    def _resolve(
        self, codes: list[str], operation: object, status: int | None, service: object = None
    ) -> tuple[str, str]:
        """The class name for an error, and the rule of the lookup order that picked it.

        The one implementation of the documented order (docs/yaml-reference.md): the
        rule is one of :data:`RULES`; :data:`CODE_RULES` are those where the code decided.
        """
        tables = self._data
        if isinstance(service, str):
            service_codes = tables["service_codes"].get(service)
            if service_codes is not None:
                for code in codes:
                    if code in service_codes:
                        return service_codes[code], "service code"
        op = xform_name(operation) if isinstance(operation, str) and operation else None
        if op is not None:
            for code in codes:
                by_op = tables["code_operations"].get(code)
                if by_op is not None and op in by_op:
                    return by_op[op], "operation code"
        for code in codes:
            if code in tables["codes"]:
                return tables["codes"][code], "code"
        if op is not None and op in tables["operations"]:
            return tables["operations"][op], "operation"
        if status is None:
            status = _status_from_codes(codes)
        if status in tables["statuses"]:
            return tables["statuses"][status], "status"
        return tables["root"], "root"

    def _code_flags(
        self, code: str | None, cls: type[BaseException], status: int | None = None
    ) -> tuple[bool, bool]:
        """(retryable, throttling) for an instance of ``cls`` with this code and HTTP status.

        A per-code flag wins over the class's; a status the retry rules name (such as
        500, 502, 503, 504) makes any error retryable, as botocore's retries do.
        """
        tables = self._data
        retryable = bool(getattr(cls, "retryable", False))
        throttling = bool(getattr(cls, "throttling", False))
        flags = tables["code_flags"].get(code) if code is not None else None
        if flags is not None:
            retryable = flags[0] if flags[0] is not None else retryable
            throttling = flags[1] if flags[1] is not None else throttling
        by_status = tables["retry_statuses"].get(status) if status is not None else None
        if by_status is not None:
            retryable = retryable or by_status[0]
            throttling = throttling or by_status[1]
        return retryable, throttling

    def exception_class_for(
        self,
        code: str | None = None,
        *,
        service: str | None = None,
        http_status: int | None = None,
        operation: str | None = None,
    ) -> type[TaxonomyClientError]:
        """The class for an error code, operation or HTTP status; the root class at worst.

        Precedence: the code for that operation, the code, the operation's fallback,
        the HTTP status's fallback, the taxonomy's root.  Never raises, never None.
        """
        codes = [code] if isinstance(code, str) and code else []
        status = http_status if isinstance(http_status, int) else _status_from_codes(codes)
        name, _ = self._resolve(codes, operation, status, service)
        return self.get_class(name)  # type: ignore[return-value]

    def handle_client_error(
        self,
        error: BaseException,
        *,
        service: str | None = None,
        operation: str | None = None,
    ) -> TaxonomyClientError:
        """The most specific exception of this taxonomy for a botocore ``ClientError``.

        The new exception keeps the same ``response`` dict and ``operation_name``,
        and its ``__cause__`` is the original.  ``operation`` names the operation
        for the lookup when the error's own operation name is not the one mapped
        (a wrapper's method name such as ``create_instance``).  An error this
        taxonomy already converted is returned as it is.  Never raises, whatever
        the response holds.
        """
        if isinstance(error, ClientError):
            if isinstance(error, TaxonomyClientError) and error._awserrors_taxonomy is self:
                return error
            # The common case, a response as botocore builds it whose kind of error was
            # seen before, costs a few dict lookups; anything else takes the careful path.
            try:
                response = error.response
                details, metadata = response["Error"], response["ResponseMetadata"]
                cls, flags, template = self._resolved[
                    (
                        details.get("QueryErrorCode"),
                        details.get("Code"),
                        metadata.get("HTTPStatusCode"),
                        operation or error.operation_name,
                        service,
                    )
                ]
            except Exception:
                return self._convert(error, service, operation)
            if template is None:
                converted = cls.__new__(cls, *error.args)
                converted.response = response
                converted.operation_name = error.operation_name
                if service:
                    converted.service_name = service
                if flags is not None:
                    converted.retryable, converted.throttling = flags
                converted.__cause__ = error
                return converted  # type: ignore[no-any-return]
        return self._convert(error, service, operation)

    def _convert(
        self, error: BaseException, service: str | None, operation: str | None
    ) -> TaxonomyClientError:
        """handle_client_error for whatever the error and its response hold."""
        if isinstance(error, ClientError):
            response: Any = getattr(error, "response", None)
            operation_name = getattr(error, "operation_name", None)
            args = error.args
        else:
            response, operation_name, args = None, None, ()
        details = response.get("Error") if type(response) is dict else None
        metadata = response.get("ResponseMetadata") if type(response) is dict else None
        if type(details) is dict and type(metadata) is dict:  # botocore's own shape: no checks
            code, query_code = details.get("Code"), details.get("QueryErrorCode")
            code = code if type(code) is str else None
            query_code = query_code if type(query_code) is str else None
            status = metadata.get("HTTPStatusCode")
            status = status if type(status) is int else None
        else:
            code, query_code = error_code_of(response), query_error_code_of(response)
            status = http_status_of(response)
        lookup_operation = operation or operation_name
        key = (
            query_code,
            code,
            status,
            lookup_operation if isinstance(lookup_operation, str) else None,
            service if isinstance(service, str) else None,
        )
        resolved = self._resolved.get(key)
        if resolved is None:
            resolved = self._resolve_error(key)
        cls, flags, template = resolved
        if response is None:
            response = {"Error": {"Code": cls.default_code, "Message": str(error)}, "ResponseMetadata": {}}
        # botocore's own message (its args) is reused: it was made from this same response.
        if not (isinstance(args, tuple) and args):
            args = (_client_error_message(response, operation_name),)
        converted = cls.__new__(cls, *args)
        converted.response = response
        converted.operation_name = operation_name
        # service_name, kwargs, retryable and throttling default to the class's own.
        if service:
            converted.service_name = service
        if flags is not None:
            converted.retryable, converted.throttling = flags
        if template is not None:
            converted.args = (
                template.format(
                    code=code or query_code or "",
                    message=converted.error_message or "",
                    operation=operation_name if operation_name is not None else "",
                    status=status if status is not None else "",
                    service=converted.service_name or "",
                    request_id=converted.request_id or "",
                ),
            )
        converted.__cause__ = error
        return converted  # type: ignore[no-any-return]

    def _resolve_error(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        """What handle_client_error needs for one (codes, status, operation, service), kept.

        Every part of the key is a string, an int or None, and the result depends on
        nothing else, so it is computed once per distinct key (at most a few
        thousand are kept).
        """
        query_code, code, status, operation, service = key
        # A query-compatible service's QueryErrorCode names the modeled shape; its Error.Code
        # is the older Query code, which several shapes may share.
        codes = [c for c in (query_code, code) if c]
        status = status or _status_from_codes(codes)
        name, rule = self._resolve(codes, operation, status, service)
        by_code = rule in CODE_RULES
        cls: Any = self.get_class(name)
        flags = self._code_flags(code, cls, status)
        template = getattr(cls, "_awserrors_message", None)
        same = flags == (cls.retryable, cls.throttling)
        # The message template applies to errors whose code the class does not list.
        resolved = (cls, None if same else flags, None if by_code or not template else template)
        if len(self._resolved) >= 4096:
            self._resolved.clear()
        self._resolved[key] = resolved
        return resolved

    def parse_aws_error(self, error: BaseException, operation: str | None = None) -> Exception:
        """Seed 001's ``_parse_aws_error(error, operation)``: the exception to raise for ``error``.

        ``operation`` may be a wrapper's method name or the AWS operation name;
        it defaults to the error's own operation.  An unknown error gives the
        root class, with the message ``AWS error [CODE]: MESSAGE``.
        """
        return self.handle_client_error(error, operation=operation)

    _parse_aws_error = parse_aws_error

    def handle_error(self, error: BaseException) -> BaseException:
        """Translate any exception: ``ClientError`` as :meth:`handle_client_error` does,
        botocore's network failures to the network classes the YAML maps them to,
        anything else returned as it is."""
        if self._owns(error):
            return error
        if isinstance(error, ClientError):
            return self.handle_client_error(error)
        if isinstance(error, BotoCoreError):
            exceptions = self._data["exceptions"]
            for klass in type(error).__mro__:
                name = exceptions.get(f"{klass.__module__}:{klass.__qualname__}")
                if name is not None:
                    kwargs = getattr(error, "kwargs", None)
                    kwargs = dict(kwargs) if isinstance(kwargs, Mapping) else {}
                    kwargs["message"] = str(error)
                    converted: BaseException = self.get_class(name)(**kwargs)
                    converted.__cause__ = error
                    return converted
        return error

    def install(self, target: Any = None) -> None:
        """Make clients raise this taxonomy's classes directly.

        ``target``: None for boto3's default session, a boto3 ``Session``, a
        botocore session (clients it creates from now on), or one client (at once).
        API calls then raise the most specific class, which also derives from
        botocore's modeled class, so ``except ClientError`` and
        ``except client.exceptions.NoSuchKey`` still catch.  Idempotent; installing
        another taxonomy on the same session replaces this one.
        """
        from awserrors import _install

        _install.install(self, target)

    def uninstall(self, target: Any = None) -> None:
        """Undo :meth:`install` (see :func:`awserrors.uninstall`)."""
        from awserrors import _install

        _install.uninstall(target)

    def translated(self) -> Any:
        """A context manager and decorator re-raising botocore errors as this taxonomy's."""
        from awserrors import _install

        return _install.translated(self)

    def is_retryable(self, error: BaseException) -> bool:
        """Whether retrying the call that raised ``error`` can succeed.

        A taxonomy exception answers for itself (its code's flag, else its
        class's); anything else is first translated by :meth:`handle_error`.
        """
        return _flag(error, "retryable", self)

    def is_throttling(self, error: BaseException) -> bool:
        """Whether ``error`` means the caller is being rate limited (back off, then retry)."""
        return _flag(error, "throttling", self)


def _flag(error: BaseException, name: str, taxonomy: Taxonomy) -> bool:
    if not isinstance(error, TaxonomyClientError | TaxonomyNetworkError):
        error = taxonomy.handle_error(error)
    if isinstance(error, TaxonomyClientError | TaxonomyNetworkError):
        return bool(getattr(error, name, False))
    return False


class _NamespaceFinder:
    """Makes a taxonomy's namespaces importable: ``awserrors.codes``, ``awserrors.services.s3``.

    It sits at the end of ``sys.meta_path`` and answers only for names below its
    module that are namespaces of its taxonomy; each such module gets the
    namespace's classes as attributes, built on first access.  pickle imports
    these modules by name, so namespaced classes pickle by reference too.
    """

    def __init__(self, module_name: str, taxonomy: Taxonomy) -> None:
        self.prefix = module_name + "."
        self.taxonomy = taxonomy

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> Any:
        if not fullname.startswith(self.prefix):
            return None
        namespace = fullname[len(self.prefix) :]
        try:
            namespaces = self.taxonomy.namespaces
        except Exception:  # a broken taxonomy says so on its own module, not here
            return None
        if namespace not in namespaces:
            return None
        from importlib.util import spec_from_loader

        is_package = any(n.startswith(namespace + ".") for n in namespaces)
        return spec_from_loader(fullname, self, is_package=is_package)  # type: ignore[arg-type]

    def create_module(self, spec: Any) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        namespace = module.__name__[len(self.prefix) :]
        _bind(module, self.taxonomy, namespace)


def _bind(module: ModuleType, taxonomy: Taxonomy, namespace: str, exports: tuple[str, ...] = ()) -> None:
    """Give ``module`` the classes of one namespace of ``taxonomy``, built on first access."""
    names = vars(module)
    module_name = module.__name__

    def class_names() -> list[str]:
        if not namespace:
            return list(taxonomy.class_names)
        return taxonomy.namespaces.get(namespace, [])

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
            if name in children():  # awserrors.codes without importing it first
                import importlib

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


def _row_doc(namespace: str, row: tuple[Any, ...], bases: tuple[type, ...]) -> str:
    """The docstring of a class made from an ``errors`` row: its code, status and category."""
    code, status = row[_tables.CODE], row[_tables.STATUS]
    http = f" (HTTP {status})" if status else ""
    parent = bases[0]
    if namespace.startswith("services."):
        service = namespace.partition(".")[2]
        see = f"{parent.__module__}.{parent.__qualname__}"
        return f"The AWS error code {code} as the {service} service returns it; see {see}."
    summary = (parent.__doc__ or "").strip()
    return f"The AWS error code {code}{http}, a {parent.__qualname__}: {summary}"


def _nowhere() -> Any:
    from awserrors._loader import Location

    return Location("(no file)", 1, 1)


def _status_from_codes(codes: list[str]) -> int | None:
    """A HEAD request's error carries its status as the code ("404"): use it."""
    for code in codes:
        # ASCII only: "²".isdigit() is true, and int() refuses it.
        if code.isascii() and code.isdigit() and 100 <= int(code) <= 599:
            return int(code)
    return None


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
        extends=_taxonomy_of(extends),
    )
    taxonomy._data  # noqa: B018 - load now, so mistakes surface here
    return taxonomy


def _taxonomy_of(extends: str | Taxonomy | None) -> Taxonomy | None:
    if extends is None or isinstance(extends, Taxonomy):
        return extends
    module = __import__(extends, fromlist=["_"])
    taxonomy = getattr(module, "__awserrors_taxonomy__", None)
    if not isinstance(taxonomy, Taxonomy):
        raise ValueError(f"{extends!r} is not a module generated by awserrors.generate_module")
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
        extends=_taxonomy_of(extends),
    )
    if not lazy:
        taxonomy._data  # noqa: B018 - a MappingError surfaces here, before the module changes

    def publish(name: str, cls: type) -> None:
        namespace_name, _, short_name = name.rpartition(":")
        home = sys.modules.get(taxonomy.module_for(namespace_name))
        if home is not None:
            vars(home).setdefault(short_name, cls)

    # Generating again (after fixing the YAML) replaces what the earlier taxonomy put here.
    for name in [n for n in namespace if n not in own and not n.startswith("__")]:
        del namespace[name]
    taxonomy._on_build = publish
    for lookup in LOOKUP_NAMES:
        namespace.setdefault(lookup, getattr(taxonomy, lookup))
    _bind(module, taxonomy, "", exports)
    sys.meta_path[:] = [
        f for f in sys.meta_path if not (isinstance(f, _NamespaceFinder) and f.prefix == module_name + ".")
    ]
    sys.meta_path.append(_NamespaceFinder(module_name, taxonomy))
    return taxonomy
