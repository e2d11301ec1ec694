"""A taxonomy: its classes, and the one question every lookup asks of it, :meth:`Taxonomy.explain`.

A :class:`Taxonomy` loads its compiled tables on first need (:func:`load_tables`: from
the cache, else built from YAML by :mod:`awserrors._from_yaml`), makes its classes on
first use (:mod:`awserrors._classes`), and answers which class an error gets, by the
lookup order of :class:`~awserrors._order.Rule`. ``exception_class_for``,
``handle_client_error``, ``install``, the CLI and the testing kit all get their answer
from :meth:`~Taxonomy.explain`.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Iterator, Mapping
from types import ModuleType

from botocore import xform_name
from botocore.exceptions import BotoCoreError, ClientError

from awserrors import _cache
from awserrors._classes import ClassMaker, Namespaces
from awserrors._errors import (
    TaxonomyClientError,
    TaxonomyNetworkError,
    _client_error_message,
    error_code_of,
    http_status_of,
    query_error_code_of,
    status_from_codes,
)
from awserrors._tables import ClassRow, Tables, python_facts

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: botocore does not
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from awserrors._botocore_models import ErrorShape
    from awserrors._derive import Derived
    from awserrors._from_yaml import FindBase
    from awserrors._install import translated
    from awserrors._lookup import Flags, Lookup, Mapped
    from awserrors._rules import MatchRule, Row

#: The lookup functions a generated module gets (:func:`awserrors.generate_module`).
LOOKUP_NAMES = (
    "handle_client_error",
    "handle_error",
    "parse_aws_error",
    "_parse_aws_error",
    "exception_class_for",
    "is_retryable",
    "is_throttling",
)

#: The flags of a lookup no category rule decided: nothing to add to the class's.
_NO_FLAGS = (False, False)
#: The values of the rules that say the error's code decided (``Rule.by_code``).
_BY_CODE = frozenset({"service", "code_operation", "code"})

#: At most this many distinct errors' answers are kept by handle_client_error.
MEMO_SIZE = 4096
#: Keys longer than this (codes, operations and services together) are not remembered.
_MEMO_KEY_MAX = 512
#: An exception made without its __init__ (the converted error reuses botocore's message).
_new_exception = BaseException.__new__

#: What handle_client_error makes of one kind of error: (the class; the flags an instance
#: gets when they differ from the class's; the message template its message is made from,
#: None for botocore's message; the service it names when the class names another).  A
#: plain tuple: CPython unpacks a tuple subclass (a namedtuple) on its slow path.
_Answer = tuple["type[TaxonomyClientError]", "tuple[bool, bool] | None", "str | None", "str | None"]


def load_tables(paths: list[str], *, module: str, reserved: frozenset[str], find_base: FindBase) -> Tables:
    """The tables of the taxonomy in ``paths``, whose classes live in ``module``.

    From the cache when its key (the YAML's content, the module, the ``reserved``
    names, the versions) matches and the taxonomy it extends is unchanged; else
    built from YAML (:mod:`awserrors._from_yaml`, imported only then), then cached.
    Raises MappingError listing every problem.
    """
    extra = [f"module={module}", "reserved=" + ",".join(sorted(reserved))]
    prefix = _cache.cache_prefix(paths, module)
    # The key from the stamp of the files' stat, else worked out from their content.
    key, stats = _cache.stamped_key(prefix, paths, extra)
    stamp = stats if key is None else None
    key = key or _cache.cache_key(paths, extra)

    def build() -> Tables:
        from awserrors._from_yaml import build_tables  # YAML, attrs and the checks: only when no cache serves

        return build_tables(paths, module=module, key=key or "", reserved=reserved, find_base=find_base)

    if key is None:  # a file cannot be read: building says which, as a MappingError
        return build()

    def rebuild() -> Tables:  # a cached file turned out damaged: build and cache again
        from awserrors._from_yaml import rebuild_and_cache

        return rebuild_and_cache(paths, prefix=prefix, key=key, extra=extra, build=build)

    def load() -> Tables | None:
        return _usable(_cache.read_cache(prefix, paths, key, rebuild=rebuild), find_base)

    cached = load()
    if cached is not None:
        if stamp is not None:
            from awserrors import _cache_write  # a process whose tables and stamp are cached writes nothing

            _cache_write.write_stamp(prefix, paths, stamp, key)
        return cached
    from awserrors._from_yaml import build_and_cache

    return build_and_cache(paths, prefix=prefix, key=key, stamp=stamp, load=load, build=build)


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
        self._tables: Tables | None = None
        self._derived_store: Derived | None = None
        self._classes = ClassMaker(self, lambda: self.tables, module_name, self._derived_row)
        self._rules: tuple[list[MatchRule], list[MatchRule]] | None = None
        #: (query code, code, status, operation, service) -> what handle_client_error makes of it
        self._memo: dict[tuple[Any, ...], _Answer] = {}
        #: exception_class_for's answers without status and operation: service -> code -> class
        self._class_memo: dict[str | None, dict[str | None, type[TaxonomyClientError]]] = {}
        self._class_memo_size = 0
        if type(self).handle_client_error is Taxonomy.handle_client_error:  # a subclass's own wins
            self.handle_client_error = _fast_path(self._memo, self._convert, module_name)  # type: ignore[method-assign]
        _alive.add(self)

    def _after_fork(self) -> None:
        """In a forked child: locks another thread of the parent held stay held forever; renew them."""
        self._lock = threading.RLock()
        self._classes.lock = threading.RLock()
        if self._derived_store is not None:
            self._derived_store.lock = threading.RLock()

    # --- tables -------------------------------------------------------------------

    @property
    def tables(self) -> Tables:
        """The compiled tables (loaded on first use; their layout is internal and may change)."""
        tables = self._tables
        if tables is None:
            with self._lock:
                if self._tables is None:
                    self._tables = load_tables(
                        self._paths, module=self._module_name, reserved=self._reserved, find_base=self._base
                    )
                tables = self._tables
        return tables

    def _base(self, module: str | None) -> Taxonomy | None:
        """The taxonomy this one extends: the one given, or the module its YAML names."""
        if module is None:
            return self._extends
        base = taxonomy_of(module)
        if self._extends is not None and self._extends is not base:
            raise ValueError(f"the YAML extends {module!r}, but another taxonomy was given")
        self._extends = base
        return base

    # --- facts --------------------------------------------------------------------

    @property
    def name(self) -> str:
        """The taxonomy's name, from its YAML."""
        return self.tables.name

    @property
    def description(self) -> str:
        """What the taxonomy is for, from its YAML."""
        return self.tables.description

    @property
    def service(self) -> str | None:
        """The default service name its errors carry."""
        return self.tables.service

    @property
    def paths(self) -> tuple[str, ...]:
        """The YAML files the taxonomy is read from, in order."""
        return tuple(os.fspath(path) for path in self._paths)

    @property
    def module_name(self) -> str:
        """The module its classes live in (their ``__module__``)."""
        return self._module_name

    @property
    def extends(self) -> str | None:
        """The module of the taxonomy this one extends, if any."""
        return self.tables.extends

    @property
    def files(self) -> tuple[str, ...]:
        """The YAML files it is made from."""
        return self.tables.files

    @property
    def root(self) -> type[TaxonomyClientError]:
        """The class every unknown ``ClientError`` falls back to."""
        return self.get_class(self.tables.root)  # type: ignore[return-value]

    @property
    def class_names(self) -> tuple[str, ...]:
        """Every class name and alias of the taxonomy's own module, in declaration order.

        Classes of namespaces (``codes:ThrottlingException``) are listed by :attr:`namespaces`.
        """
        tables = self.tables
        return (*(k for k in tables.classes if ":" not in k), *tables.aliases)

    @property
    def qualified_names(self) -> tuple[str, ...]:
        """Every class, as ``Name`` or ``namespace:Name``, in declaration order (no aliases)."""
        return tuple(self.tables.classes)

    @property
    def aliases(self) -> dict[str, str]:
        """Each alias and the class name it stands for."""
        return dict(self.tables.aliases)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every error code the taxonomy maps for any service (without operation-only mappings)."""
        return tuple(self.tables.codes)

    @property
    def services(self) -> tuple[str, ...]:
        """The services with classes of their own (``awserrors.services.<service>``)."""
        return tuple(self.tables.service_codes)

    @property
    def namespaces(self) -> Namespaces:
        """Each namespace of the shipped tables (such as ``codes`` or ``services.dynamodb``) and
        its class names (see :meth:`names_in` for the classes derived from botocore too); its
        ``packages`` are those that hold namespaces (``services``)."""
        return self._classes.namespaces

    def has_namespace(self, namespace: str) -> bool:
        """Whether ``namespace`` is one of the taxonomy's: the tables', or a service of the
        installed botocore when the taxonomy derives classes from it."""
        if namespace in self._classes.namespaces:
            return True
        head, _, module = namespace.partition(".")
        if head != "services" or "." in module or not self.tables.derive_from_botocore:
            return False
        return not module or self._derived().service_of(module) is not None

    def names_in(self, namespace: str) -> list[str]:
        """The class names of a namespace, with those derived from the installed botocore."""
        names = list(self._classes.namespaces.get(namespace, ()))
        head, _, module = namespace.partition(".")
        if head == "services" and module and self.tables.derive_from_botocore:
            service = self._derived().service_of(module)
            if service is not None:
                names += [n for n in self._derived().names_in(service) if n not in names]
        return names

    def import_namespaces(self) -> list[str]:
        """Import every namespace module of the taxonomy (``awserrors.codes``, each
        ``awserrors.services.<svc>``); the names imported.

        Their classes are still made on first use.  Call it where something looks
        classes up in ``sys.modules`` only, as Celery does when it rebuilds a task's
        exception: without it, an error of a module not imported yet comes back as a
        stand-in class.
        """
        import importlib  # only when asked

        names = [self.module_for(namespace) for namespace in sorted(self.namespaces)]
        for name in names:
            importlib.import_module(name)
        return names

    def _derived(self) -> Derived:
        """The classes derived from the installed botocore (made on first need)."""
        store = self._derived_store
        if store is None:
            with self._lock:
                if self._derived_store is None:
                    from awserrors._derive import Derived  # only for taxonomies that derive

                    self._derived_store = Derived(lambda: self.tables)
                store = self._derived_store
        return store

    def _derived_row(self, name: str) -> ClassRow | None:
        """The row of a class the tables lack: a service's may be derived now; others only
        exist once some service was (a code class made with it)."""
        if not self.tables.derive_from_botocore:
            return None
        if name.startswith("services."):
            return self._derived().row(name)
        store = self._derived_store
        return store.rows.get(name) if store is not None else None

    def module_for(self, namespace: str) -> str:
        """The module name of a namespace of the taxonomy ('' is the taxonomy's own module)."""
        return self._classes.module_for(namespace)

    def mappings(self) -> Iterator[Mapped]:
        """Everything the taxonomy maps: service codes, codes, codes for an operation, the
        fallbacks of operations for one status, of operations, and of statuses, in that order."""
        from awserrors._lookup import Mapped
        from awserrors._order import Rule

        tables = self.tables
        for service, by_code in tables.service_codes.items():
            for code, name in by_code.items():
                yield Mapped(Rule.SERVICE_CODE, name, code=code, service=service)
        for code, name in tables.codes.items():
            yield Mapped(Rule.CODE, name, code=code)
        for code, by_operation in tables.code_operations.items():
            for operation, name in by_operation.items():
                yield Mapped(Rule.OPERATION_CODE, name, code=code, operation=operation)
        for operation, by_status in tables.operation_statuses.items():
            for status, name in by_status.items():
                yield Mapped(Rule.OPERATION_STATUS, name, operation=operation, status=status)
        for operation, name in tables.operations.items():
            yield Mapped(Rule.OPERATION, name, operation=operation)
        for status, name in tables.statuses.items():
            yield Mapped(Rule.STATUS, name, status=status)

    def __repr__(self) -> str:
        return f"<Taxonomy {self._module_name} from {', '.join(map(str, self._paths))}>"

    # --- classes ------------------------------------------------------------------

    def get_class(self, name: str) -> type[BaseException]:
        """The class called ``name`` (or an alias of it); built the first time, then reused.

        Raises AttributeError for a name the taxonomy does not have.
        """
        return self._classes.get(name)

    def on_build(self, callback: Any) -> None:
        """Call ``callback(name, cls)`` for each class built from now on."""
        self._classes.on_build = callback

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled by reference, as its classes are: the taxonomy of its module, in the process
        that unpickles it (so ``awserrors.is_retryable`` and the other lookups pickle too)."""
        return taxonomy_of, (self._module_name,)

    def __getattr__(self, name: str) -> type[BaseException]:
        if name.startswith("_"):
            raise AttributeError(name)
        return self.get_class(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.class_names})

    # --- the one question -----------------------------------------------------------

    def explain(
        self,
        code: str | None = None,
        *,
        service: str | None = None,
        operation: str | None = None,
        http_status: int | None = None,
        query_code: str | None = None,
    ) -> Lookup:
        """Which class an error gets, which rule of the lookup order picked it, and its flags.

        ``code`` is ``Error.Code``; ``query_code`` the ``Error.QueryErrorCode`` of a
        query-compatible service (tried first: it names the modeled shape, while the
        older Query code in ``Error.Code`` may be shared by several).  A HEAD
        request's numeric code (``"404"``) counts as its HTTP status.  The rules, in
        order (:class:`~awserrors._order.Rule`): the service's own class for the
        code, the code's class for that operation, the code's class, the operation's
        fallback for that HTTP status, the operation's fallback, the category rules
        (rows taxonomies), the HTTP status's fallback, the root.  Never raises.
        """
        from awserrors._lookup import Lookup  # the answers' records and the enum: made when first
        from awserrors._order import Rule  # named, not by a process's first lookup

        try:
            answer = self._answer(code, service, operation, http_status, query_code)
        except Exception:  # an argument whose own methods raise (a str subclass's __eq__, say)
            answer = self._root_answer()
        return Lookup(answer[0], Rule(answer[1]), *answer[2:])

    def _root_answer(self) -> tuple[type[BaseException], str, None, bool, bool, None, str | None, int | None]:
        """:meth:`_answer`'s answer when the question itself cannot be read: the root."""
        root = self.root
        file, line = getattr(root, "_awserrors_source", (None, None))
        return root, "root", None, bool(root.retryable), bool(root.throttling), None, file, line

    def _answer(
        self, code: object, service: object, operation: object, http_status: object, query_code: object
    ) -> tuple[type[BaseException], str, str | None, bool, bool, int | None, str | None, int | None]:
        """:meth:`explain`'s answer as a plain tuple, the rule by its value: what the lookups
        themselves use, so that a process's first lookup does not create the Rule enum."""
        codes = [c for c in (query_code, code) if isinstance(c, str) and c]
        status: int | None = (
            http_status
            if isinstance(http_status, int) and not isinstance(http_status, bool)
            # A status as text ("404", as a header or a HEAD request's code gives it) counts too.
            else status_from_codes([http_status, *codes] if isinstance(http_status, str) else codes)
            or _whole_status(http_status)
        )
        name, rule, decided, by_name = self._decide(codes, operation, status, service)
        cls = self.get_class(name)
        own_code = code if isinstance(code, str) else None
        retryable, throttling = self._flags(cls, own_code, status)
        # What the retry rules say of an unknown code's name counts too (Rule.CATEGORY).
        retryable, throttling = retryable or by_name[0], throttling or by_name[1]
        if status is None:
            info = self.tables.code_info.get(decided) if decided and rule != "service" else None
            status = info.http_status if info is not None and info.http_status is not None else None
        if status is None:
            default = getattr(cls, "default_status", None)
            status = default if isinstance(default, int) else None
        file, line = getattr(cls, "_awserrors_source", (None, None))
        return cls, rule, decided or own_code, retryable, throttling, status, file, line

    def explain_shape(self, shape: ErrorShape, *, operation: str | None = None) -> Lookup:
        """:meth:`explain` for an error of a modeled shape, as it arrives from its service.

        On a query-compatible service botocore reports the older Query code as
        ``Error.Code`` and the shape as ``Error.QueryErrorCode``; the status is the
        modeled one, else Smithy's default for the shape's fault: 500 for a server
        fault, 400 otherwise.  ``awserrors coverage``, ``assert_covers``,
        :meth:`errors_of` and the docs' catalog by service all ask this, so they agree
        with each other and with ``handle_client_error(error, service=...)``.
        """
        code, query_code = (shape.legacy_code, shape.code) if shape.legacy_code else (shape.code, None)
        status = shape.http_status or (500 if shape.fault == "server" else 400)
        return self.explain(
            code, query_code=query_code, service=shape.service, operation=operation, http_status=status
        )

    def errors_of(self, service: str, operation: str) -> tuple[type[TaxonomyClientError], ...]:
        """The classes an operation can raise: for each error shape ``service``'s model lists
        for it (as botocore's ``OperationModel.error_shapes``), then each error any AWS
        operation can meet (throttling, credentials, validation, 5xx), the class this
        taxonomy gives it there, each class once.  ``operation`` as AWS names it
        (``PutItem``) or as boto3 does (``put_item``).  Reads the installed botocore's
        model; ValueError for a service or an operation it does not have.
        """
        from awserrors._operation_errors import operation_errors  # botocore's models: only when asked

        shapes = operation_errors(service, operation)
        classes = (self.explain_shape(shape, operation=operation).cls for shape in shapes)
        return tuple(dict.fromkeys(classes))  # type: ignore[arg-type]

    def operations_raising(self, code: str, *, service: str) -> tuple[str, ...]:
        """The operations of ``service`` that can fail with ``code``: those whose modeled errors
        include it (or, for an error any AWS operation can meet, all of them), by AWS's names,
        sorted.  The reverse of :meth:`errors_of`; ValueError for a service botocore lacks."""
        from awserrors._operation_errors import operations_raising  # botocore's models: only when asked

        return operations_raising(code, service=service)

    def _decide(
        self, codes: list[str], operation: object, status: int | None, service: object
    ) -> tuple[str, str, str | None, tuple[bool, bool]]:
        """The lookup order: the class name, the value of the :class:`~awserrors._order.Rule`
        that picked it, the code that decided, and the flags the retry rules give an unknown
        code's name (for ``Rule.CATEGORY``)."""
        tables = self.tables
        derive = tables.derive_from_botocore
        if isinstance(service, str):
            service_codes = tables.service_codes.get(service)
            if service_codes is None:  # "S3", "lambda_": botocore's "s3", "lambda"
                service = self._service_as_known(service)
                service_codes = tables.service_codes.get(service)
            if service_codes is not None:
                for code in codes:
                    if code in service_codes:
                        return service_codes[code], "service", code, _NO_FLAGS
            if derive and codes:  # a shape the tables lack: from the installed botocore's model
                derived = self._derived().codes_of(service)
                for code in codes:
                    if code in derived:
                        return derived[code], "service", code, _NO_FLAGS
        op = _snake(operation) if isinstance(operation, str) and operation else None
        if op is not None:
            for code in codes:
                by_op = tables.code_operations.get(code)
                if by_op is not None and op in by_op:
                    return by_op[op], "code_operation", code, _NO_FLAGS
        for code in codes:
            if code in tables.codes:
                return tables.codes[code], "code", code, _NO_FLAGS
        derived_store = self._derived_store  # codes met through a derived service, if any
        if derive and derived_store is not None:
            for code in codes:
                if code in derived_store.codes:
                    return derived_store.codes[code], "code", code, _NO_FLAGS
        if op is not None and status is not None:
            by_status = tables.operation_statuses.get(op)
            if by_status is not None and status in by_status:
                return by_status[status], "operation_status", None, _NO_FLAGS
        if op is not None and op in tables.operations:
            return tables.operations[op], "operation", None, _NO_FLAGS
        if tables.category_rules and (codes or status is not None):
            from awserrors._rules import category_of, retry_flags  # rows form only: not imported before

            category_rules, retry_rules = self._rule_lists()
            row = self._unknown(codes, status)
            flags = retry_flags(row, retry_rules)
            category = category_of(row, category_rules, *flags, catch_all=False)
            if category is not None:
                return category, "category", None, flags
        if status in tables.statuses:
            return tables.statuses[status], "status", None, _NO_FLAGS
        return tables.root, "root", None, _NO_FLAGS

    def _service_as_known(self, service: str) -> str:
        """``service``, or botocore's spelling of it (``S3``: ``s3``; the module name ``lambda_``:
        ``lambda``) when that is a service of the tables."""
        spelled = service.strip().lower().rstrip("_").replace("_", "-")  # botocore's: never "_"
        return spelled if spelled != service and spelled in self.tables.service_codes else service

    def _rule_lists(self) -> tuple[list[MatchRule], list[MatchRule]]:
        """The category rules and retry rules of the tables, as records."""
        rules = self._rules
        if rules is None:
            from awserrors._rules import MatchRule

            tables = self.tables
            rules = self._rules = (
                [MatchRule._make(r) for r in tables.category_rules],
                [MatchRule._make(r) for r in tables.retry_rules],
            )
        return rules

    @staticmethod
    def _unknown(codes: list[str], status: int | None) -> Row:
        """An error the tables do not know, as a row the category rules can place."""
        from awserrors._rules import Row

        code = codes[0] if codes and status_from_codes(codes[:1]) is None else None
        legacy = codes[1] if len(codes) > 1 else None
        return Row(code or "", code=code, legacy_code=legacy, http_status=status)

    def documented_status(self, code: str, service: str | None = None) -> int | None:
        """The HTTP status AWS sends ``code`` with, as the tables document it (None if they don't)."""
        found = self.explain(code, service=service)
        return found.http_status if found.rule.by_code else None

    def flags_of(
        self, cls: type[BaseException], code: str | None = None, http_status: int | None = None
    ) -> Flags:
        """(retryable, throttling) of an instance of ``cls`` with this code and HTTP status.

        A per-code flag wins over the class's; a status the retry rules name (such as
        500, 502, 503, 504) makes any error retryable, as botocore's retries do.
        """
        from awserrors._lookup import Flags

        return Flags(*self._flags(cls, code, http_status))

    def _flags(
        self, cls: type[BaseException], code: str | None, http_status: int | None
    ) -> tuple[bool, bool]:
        """:meth:`flags_of` as a plain tuple."""
        tables = self.tables
        retryable = bool(getattr(cls, "retryable", False))
        throttling = bool(getattr(cls, "throttling", False))
        flags = tables.code_flags.get(code) if code is not None else None
        if flags is not None:
            retryable = flags[0] if flags[0] is not None else retryable
            throttling = flags[1] if flags[1] is not None else throttling
        by_status = tables.retry_statuses.get(http_status) if http_status is not None else None
        if by_status is not None:
            retryable = retryable or by_status[0]
            throttling = throttling or by_status[1]
        return retryable, throttling

    # --- lookups --------------------------------------------------------------------

    def exception_class_for(
        self,
        code: str | None = None,
        *,
        service: str | None = None,
        http_status: int | None = None,
        operation: str | None = None,
    ) -> type[TaxonomyClientError]:
        """The class for an error code, operation or HTTP status; the root class at worst.

        The lookup order is :meth:`explain`'s: the service's own class for the code,
        the code for that operation, the code, the operation's fallback for that HTTP
        status, the operation's fallback, the category rules, the HTTP status's
        fallback, the taxonomy's root.  Never raises, never None.
        """
        if http_status is None and operation is None:  # the common question: a few dict lookups
            try:
                return self._class_memo[service][code]
            except Exception:  # not asked before, not hashable, or its __eq__ raises
                pass
        try:
            cls: type[TaxonomyClientError] = self._answer(code, service, operation, http_status, None)[0]  # type: ignore[assignment]
        except Exception:  # an argument whose own methods raise (a str subclass's __eq__, say)
            return self.root
        plain = http_status is None and operation is None and (type(service) is str or service is None)
        if plain and type(code) is str and len(code) + len(service or "") <= _MEMO_KEY_MAX:
            if self._class_memo_size >= MEMO_SIZE:
                self._class_memo.clear()
                self._class_memo_size = 0
            self._class_memo.setdefault(service, {})[code] = cls
            self._class_memo_size += 1
        return cls

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
        the response holds.  Anything that is not a ``ClientError`` becomes the root
        class, with the message ``"ValueError: ..."`` and ``__cause__`` set (use
        :meth:`handle_error` to let other exceptions through unchanged).
        """
        # Each taxonomy answers through its own closure over its memo (_fast_path, made in
        # __init__, shadows this method on the instance); this is for calls through the class
        # (a subclass's super(), say).
        handler = vars(self).get("handle_client_error")
        if handler is None:  # a subclass overrides the method: no closure was made
            handler = _fast_path(self._memo, self._convert, self._module_name)
        return handler(error, service=service, operation=operation)

    def _convert(
        self, error: BaseException, service: str | None, operation: str | None
    ) -> TaxonomyClientError:
        """handle_client_error for whatever the error and its response hold; the root, chained
        from ``error``, when what they hold cannot even be read (methods that raise)."""
        try:
            return self._converted(error, service, operation)
        except Exception:
            root = self.root
            text = _safe_str(error)
            converted = root.__new__(root, text)
            response: Any = {"Error": {"Code": root.default_code, "Message": text}, "ResponseMetadata": {}}
            converted.response = response
            converted.operation_name = None
            if isinstance(error, BaseException):
                converted.__cause__ = error
            return converted

    def _converted(
        self, error: BaseException, service: str | None, operation: str | None
    ) -> TaxonomyClientError:
        if isinstance(error, TaxonomyClientError) and error._awserrors_taxonomy is self:
            return error
        if isinstance(service, str) and service not in self.tables.service_codes:
            service = self._service_as_known(service)  # "S3": the error names the service "s3"
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
            status = status if type(status) is int else _whole_status(status)  # 404.0: as the memo takes it
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
        # Remembered under the error's type too, for handle_client_error's fast path: only
        # a ClientError's type, in a response of botocore's own shape, as the fast path keys it.
        typed = (
            (type(error), *key)
            if isinstance(error, ClientError)
            and type(details) is dict
            and type(metadata) is dict
            and details.get("QueryErrorCode") is query_code
            and details.get("Code") is code
            and metadata.get("HTTPStatusCode") is status
            and (operation or operation_name) is key[3]
            and service is key[4]
            else None
        )
        # An answer with a message to make is kept under the plain key only (_remember).
        resolved = (typed and self._memo.get(typed)) or self._memo.get(key)
        if resolved is None:
            resolved = self._remember(key, typed)
        cls, flags, template, _ = resolved
        if response is None:
            details = {"Code": cls.default_code, "Message": _safe_str(error)}
            response = {"Error": details, "ResponseMetadata": {}}
        if not isinstance(error, ClientError):  # not an AWS error: the root, saying what it was
            text = _safe_str(error)
            args = (f"{type(error).__name__}: {text}" if text else type(error).__name__,)
        # botocore's own message (its args) is reused: it was made from this same response.
        if not (isinstance(args, tuple) and args):
            args = (_client_error_message(response, operation_name),)
        converted = cls.__new__(cls, *args)
        converted.response = response
        converted.operation_name = operation_name
        # service_name, kwargs, retryable and throttling default to the class's own.
        if service and service != cls.service_name:
            converted.service_name = service
        if flags is not None:
            converted.retryable, converted.throttling = flags
        if template is not None and isinstance(error, ClientError):
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
        if isinstance(error, BaseException):  # else there is nothing to chain (never raise)
            converted.__cause__ = error
        return converted

    def _remember(self, key: tuple[Any, ...], typed: tuple[Any, ...] | None = None) -> _Answer:
        """:meth:`explain`'s answer for one (query code, code, status, operation, service), kept.

        Every part of the key is a string, an int or None, and the answer depends on
        nothing else, so it is worked out once per distinct key (at most
        :data:`MEMO_SIZE` are kept; codes longer than a few hundred characters never).
        """
        query_code, code, status, operation, service = key
        answer = self._answer(code, service, operation, status, query_code)
        cls: Any = answer[0]
        flags = answer[3:5]
        template = getattr(cls, "_awserrors_message", None)
        # The message template applies to errors whose code the class does not list.
        template = None if answer[1] in _BY_CODE or not template else template
        resolved: _Answer = (
            cls,
            None if flags == (cls.retryable, cls.throttling) else flags,
            template,
            service if service and service != cls.service_name else None,
        )
        size = len(code or "") + len(query_code or "") + len(operation or "") + len(service or "")
        if size <= _MEMO_KEY_MAX:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            # handle_client_error's fast path takes what a typed key holds as it is: an
            # answer with a message to make is kept under the plain key only.
            self._memo[key if template is not None else typed or key] = resolved
        return resolved

    def parse_aws_error(self, error: BaseException, operation: str | None = None) -> Exception:
        """``_parse_aws_error(error, operation)`` of the EC2 client taxonomy: the exception to raise.

        ``operation`` may be a wrapper's method name or the AWS operation name;
        it defaults to the error's own operation.  An unknown error gives the
        root class, with the message ``AWS error [CODE]: MESSAGE``.
        """
        return self.handle_client_error(error, operation=operation)

    _parse_aws_error = parse_aws_error

    def handle_error(self, error: BaseException, *, service: str | None = None) -> BaseException:
        """Translate any exception: ``ClientError`` as :meth:`handle_client_error` does (for
        ``service``, if given), botocore's network failures to the network classes the YAML
        maps them to, anything else returned as it is."""
        if getattr(type(error), "_awserrors_taxonomy", None) is self:
            return error
        if isinstance(error, ClientError):
            return self.handle_client_error(error, service=service)
        if isinstance(error, BotoCoreError):
            exceptions = self.tables.exceptions
            for klass in type(error).__mro__:
                name = exceptions.get(f"{klass.__module__}:{klass.__qualname__}")
                if name is not None:
                    return self._network_error(self.get_class(name), error)
        return error

    @staticmethod
    def _network_error(cls: Any, error: BaseException) -> BaseException:
        """``cls`` made from botocore's network ``error``: its keyword arguments (those a call
        can pass on) and its message, chained from it."""
        message = _safe_str(error)
        try:
            kwargs = dict(error.kwargs) if isinstance(getattr(error, "kwargs", None), Mapping) else {}  # type: ignore[attr-defined]
            kwargs = {k: v for k, v in kwargs.items() if type(k) is str and k.isidentifier() and k != "self"}
            converted: BaseException = cls(**{**kwargs, "message": message})
        except Exception:  # keyword arguments its class will not take: the message alone
            converted = cls(message=message)
        converted.__cause__ = error
        return converted

    def is_retryable(self, error: BaseException) -> bool:
        """Whether retrying the call that raised ``error`` can succeed.

        A taxonomy exception answers for itself (its code's flag, else its
        class's); anything else is first translated by :meth:`handle_error`.
        """
        return self._flag(error, "retryable")

    def is_throttling(self, error: BaseException) -> bool:
        """Whether ``error`` means the caller is being rate limited (back off, then retry)."""
        return self._flag(error, "throttling")

    def _flag(self, error: BaseException, name: str) -> bool:
        if not isinstance(error, TaxonomyClientError | TaxonomyNetworkError):
            error = self.handle_error(error)
        if isinstance(error, TaxonomyClientError | TaxonomyNetworkError):
            return bool(getattr(error, name, False))
        return False

    # --- clients ----------------------------------------------------------------------

    def install(self, target: Any = None) -> None:
        """Make clients raise this taxonomy's classes directly.

        ``target``: None for boto3's default session, a boto3 ``Session``, a
        botocore session (clients it creates from now on), or one client (at once).
        API calls then raise the most specific class, which also derives from
        botocore's modeled class, so ``except ClientError`` and
        ``except client.exceptions.NoSuchKey`` still catch.  Idempotent; installing
        another taxonomy on the same session replaces this one.
        """
        from awserrors import _install  # botocore's client machinery: only when installing

        _install.install(self, target)

    def uninstall(self, target: Any = None) -> None:
        """Undo :meth:`install` (see :func:`awserrors.uninstall`)."""
        from awserrors import _install  # botocore's client machinery: only when installing

        _install.uninstall(target)

    def translated(self, *, service: str | None = None) -> translated:
        """A context manager and decorator re-raising botocore errors as this taxonomy's; a
        client's error as its service's class (``service``, else the raising client's)."""
        from awserrors import _install  # only when used

        return _install.translated(self, service)


def _whole_status(value: object) -> int | None:
    """An HTTP status given as another kind of number equal to a whole one (``404.0``, a
    ``Decimal`` a JSON or DynamoDB round trip made): that number, as the memo of
    ``handle_client_error`` (a dict, where ``404.0`` is ``404``) takes it; else None."""
    if value is None or isinstance(value, str | bytes | bool):
        return None
    try:
        if 100 <= value <= 599 and int(value) == value:  # type: ignore[operator, call-overload]
            return int(value)  # type: ignore[call-overload, no-any-return]
    except Exception:  # not a number, or one whose comparisons raise
        pass
    return None


def _fast_path(
    memo: dict[tuple[Any, ...], _Answer],
    careful: Callable[[BaseException, str | None, str | None], TaxonomyClientError],
    module_name: str,
) -> Callable[..., TaxonomyClientError]:
    """A taxonomy's ``handle_client_error``: a closure over its memo, ``careful`` (``_convert``)
    for what the memo does not hold.  A closure, because reading an attribute of a Taxonomy
    is a slow lookup each time (the class has ``__getattr__``, for its classes), and this is
    the call a program makes for every error it meets."""

    def handle_client_error(
        error: BaseException, *, service: str | None = None, operation: str | None = None
    ) -> TaxonomyClientError:
        # The common case, a response as botocore builds it in an error of a type and kind
        # seen before, costs a few dict lookups; anything else takes the careful path.  The
        # memo holds types that are ClientError's, never this taxonomy's own (those are
        # returned as they are), so a memo hit needs no isinstance; and under such a typed
        # key only answers without a message to make (see _remember).
        try:
            response = error.response  # type: ignore[attr-defined]
            details = response["Error"]
            operation_name = error.operation_name  # type: ignore[attr-defined]
            cls, flags, _, service_name = memo[
                (
                    type(error),
                    details.get("QueryErrorCode"),
                    details.get("Code"),
                    response["ResponseMetadata"].get("HTTPStatusCode"),
                    operation or operation_name,
                    service,
                )
            ]
            args = error.args
            if not args:  # no message to reuse: the careful path makes one
                raise LookupError
        except Exception:
            return careful(error, service, operation)
        converted = _new_exception(cls)
        converted.args = args  # botocore's message, the same tuple: no copy made
        converted.response = response
        converted.operation_name = operation_name
        if service_name is not None:
            converted.service_name = service_name
        if flags is not None:
            converted.retryable, converted.throttling = flags
        converted.__cause__ = error
        return converted

    handle_client_error.__doc__ = Taxonomy.handle_client_error.__doc__
    # pickle finds it by this path (a task queue sending it as a callback, a process pool's
    # map): its module's taxonomy's handle_client_error, which is this function.
    handle_client_error.__module__ = module_name
    handle_client_error.__qualname__ = "__awserrors_taxonomy__.handle_client_error"
    return handle_client_error


def _safe_str(value: object) -> str:
    """``str(value)``, or a placeholder when its ``__str__`` raises (a lookup never raises)."""
    try:
        return str(value)
    except Exception:
        return f"<{type(value).__name__} object>"


#: Every taxonomy of the process, for the forked child's lock renewal.
_alive: weakref.WeakSet[Taxonomy] = weakref.WeakSet()


def _renew_locks_in_child() -> None:
    for taxonomy in list(_alive):
        taxonomy._after_fork()


# gunicorn, Celery's prefork pool and multiprocessing's fork start method fork while other
# threads may be loading tables or making classes.
os.register_at_fork(after_in_child=_renew_locks_in_child)


#: Operation name -> snake_case: botocore's own cache grows with every distinct name it
#: sees, and an endpoint or a caller chooses names; this one is bounded.
_SNAKE: dict[str, str] = {}
SNAKE_SIZE = 4096


def _snake(operation: str) -> str:
    found = _SNAKE.get(operation)
    if found is None:
        if len(_SNAKE) >= SNAKE_SIZE:
            _SNAKE.clear()
        found = _SNAKE[operation] = xform_name(operation, "_", {}) if len(operation) <= 256 else operation
    return found


def taxonomy_of(source: str | ModuleType | Taxonomy | None) -> Taxonomy | None:
    """The Taxonomy ``source`` stands for: itself, a generated module's, or a generated module
    named by its dotted name (imported if need be); None for None.

    Raises ValueError for a module that is not a generated one (ImportError if it does not import).
    """
    if source is None or isinstance(source, Taxonomy):
        return source
    if isinstance(source, str):
        module = sys.modules.get(source) or __import__(source, fromlist=["_"])
    else:
        module = source
    taxonomy = getattr(module, "__awserrors_taxonomy__", None)
    if not isinstance(taxonomy, Taxonomy):
        raise ValueError(f"{source!r} is not a module generated by awserrors.generate_module")
    return taxonomy


__all__ = ["LOOKUP_NAMES", "MEMO_SIZE", "Taxonomy", "load_tables", "taxonomy_of"]
