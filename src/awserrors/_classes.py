"""A taxonomy's classes, made from their rows the first time anyone asks, then kept.

Each class is ``type(name, bases, namespace)`` with its ``__module__``,
``__qualname__``, ``__doc__``, flags and default code and status; behaviour comes
from :class:`~awserrors._errors.TaxonomyClientError` and
:class:`~awserrors._errors.TaxonomyNetworkError`.  Creation happens under one lock
per taxonomy, so every caller, in any thread, gets the same object.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Mapping

from awserrors._errors import category_of
from awserrors._tables import ClassRow, Tables, class_row, import_object

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from awserrors._errors import Owner


class ClassMaker:
    """Builds and keeps the classes of one taxonomy.

    ``owner`` is the taxonomy the classes point back to (``_awserrors_taxonomy``),
    ``tables`` gives its compiled tables (loaded on first call), ``module`` is where
    its classes live, ``more_rows(name)`` the row of a class the tables lack (one
    derived from the installed botocore), if any.  ``on_build(name, cls)`` is told
    of each new class.
    """

    def __init__(
        self,
        owner: Owner,
        tables: Callable[[], Tables],
        module: str,
        more_rows: Callable[[str], ClassRow | None] = lambda name: None,
    ) -> None:
        self.owner = owner
        self.tables = tables
        self.module = module
        self.more_rows = more_rows
        self.lock = threading.RLock()
        self.classes: dict[str, type[BaseException]] = {}
        self.on_build: Callable[[str, type], None] | None = None
        self._namespaces: Namespaces | None = None
        self._services: dict[str, str] | None = None

    def get(self, name: str) -> type[BaseException]:
        """The class called ``name`` (``Name``, ``namespace:Name`` or an alias); AttributeError if none."""
        cls = self.classes.get(name)
        if cls is not None:
            return cls
        tables = self.tables()
        real = tables.aliases.get(name, name)
        row = class_row(tables, real) if real in tables.classes else self.more_rows(real)
        if row is None:
            raise AttributeError(f"taxonomy {tables.name!r} has no class {name!r}")
        with self.lock:
            cls = self.classes.get(real)
            if cls is None:
                cls = self.build(real, row, tables)
                self.classes[real] = cls
                if self.on_build is not None:
                    self.on_build(real, cls)
            self.classes[name] = cls
        return cls

    def build(self, name: str, row: ClassRow, tables: Tables) -> type[BaseException]:
        if row.home:  # a class of a taxonomy this one extends: the one it extends makes it
            base = tables.extends  # (and asks its own base, if the class is that one's)
            if not base:  # a row naming a module the tables do not extend: not ours to import
                raise AttributeError(f"taxonomy {tables.name!r}: the row of {name!r} is damaged")
            owner = sys.modules.get(base) or __import__(base, fromlist=["_"])
            return owner.__awserrors_taxonomy__.get_class(name)  # type: ignore[no-any-return]
        bases = tuple(self._base(b, tables) for b in row.bases)
        namespace_name, _, short_name = name.rpartition(":")
        namespace: dict[str, object] = {
            "__module__": self.module_for(namespace_name),
            "__qualname__": short_name,
            "__doc__": row.doc or self._row_doc(namespace_name, row, bases),
            "_awserrors_taxonomy": self.owner,
            # Where the YAML declares it; a class derived from a botocore model has no line.
            "_awserrors_source": (tables.sources[row.file], row.line) if row.file >= 0 else (None, None),
            "retryable": row.retryable,
            "throttling": row.throttling,
            "service_name": self._service_of(namespace_name) or tables.service,
        }
        if row.kind == "client":
            namespace["default_code"] = row.code
            namespace["default_status"] = row.status
            namespace["_awserrors_message"] = row.message
        return type(short_name, bases, namespace)

    def _row_doc(self, namespace: str, row: ClassRow, bases: tuple[type, ...]) -> str | _ModelDoc:
        """The docstring of a class made from an ``errors`` row.  A service's class says what
        the installed botocore's model says the error means, written when first read."""
        service = self._service_of(namespace)
        if service is None:
            return _row_doc(namespace, row, bases)
        return _ModelDoc(service, row.code, _row_doc(namespace, row, bases))

    def _base(self, name: str, tables: Tables) -> type:
        """A base by its name in the tables (``Name``, ``codes:Name``), else by import path."""
        if name in tables.classes or self.more_rows(name) is not None:
            return self.get(name)
        return import_object(name)  # type: ignore[no-any-return]

    def _service_of(self, namespace: str) -> str | None:
        """The botocore service whose own classes a namespace (``services.lambda_``) holds."""
        if not namespace.startswith("services."):
            return None
        guess = namespace[len("services.") :]  # most services are their module's name
        if "_" not in guess and guess.isidentifier():
            # A module name without "_" is the service's own name (service_module_name only
            # adds "_"), whether the tables have the service or botocore's models do.
            return guess
        from awserrors._names import service_module_name  # only for a service named otherwise

        if guess in self.tables().service_codes and service_module_name(guess) == guess:
            return guess
        services = self._services
        if services is None:
            services = self._services = {
                f"services.{service_module_name(s)}": s for s in self.tables().service_codes
            }
        # A service the tables lack (its classes derived from botocore): botocore spells it with "-".
        return services.get(namespace, namespace.partition(".")[2].rstrip("_").replace("_", "-"))

    def module_for(self, namespace: str) -> str:
        """The module name of a namespace ('' is the taxonomy's own module)."""
        return f"{self.module}.{namespace}" if namespace else self.module

    @property
    def namespaces(self) -> Namespaces:
        """Each namespace (such as ``codes`` or ``services.dynamodb``) and its classes' short names."""
        found = self._namespaces
        if found is None:
            found = self._namespaces = Namespaces(self.tables().classes)
        return found


class Namespaces(Mapping):  # type: ignore[type-arg]
    """Namespace -> its classes' short names; each namespace's list is made when first asked for.

    A cached class index lists its namespaces without decoding any name (see
    ``awserrors._cache``): importing ``awserrors.services.ec2`` then reads only ec2's
    names.  :attr:`packages` (such as ``services``) hold namespaces and no classes.
    Asking whether one namespace exists, as each import does, is one search of a string
    that holds every namespace on a line of its own.
    """

    def __init__(self, classes: Mapping[str, object]) -> None:
        self._classes = classes
        self._lists: dict[str, list[str]] = {}
        lines = getattr(classes, "namespace_lines", None)
        if lines is None:  # tables just compiled: one pass over the names
            for key in classes:
                namespace, _, short = key.rpartition(":")
                self._lists.setdefault(namespace, []).append(short)
            self._own: list[str] | None = list(self._lists)
            # Every namespace on a line of its own: whether one is there, or holds others, is
            # a search of this string (in C), not a pass over the 450 namespaces (in Python).
            self._lines = "\n" + "\n".join(self._own) + "\n"
        else:
            self._own = None  # listed when first iterated
            self._lines = lines()
        self._packages: frozenset[str] | None = None
        self._names: dict[str, None] | None = None

    def _listed(self) -> list[str]:
        own = self._own
        if own is None:
            own = self._own = self._lines[1:-1].split("\n") if len(self._lines) > 1 else []
        return own

    @property
    def packages(self) -> frozenset[str]:
        """The namespaces that hold other namespaces (``services``), made when first asked for."""
        found = self._packages
        if found is None:
            packages: set[str] = set()
            parents = {namespace.rpartition(".")[0] for namespace in self._listed()}
            while parents - packages:
                packages |= parents
                parents = {namespace.rpartition(".")[0] for namespace in parents}
            packages.discard("")
            found = self._packages = frozenset(packages)
        return found

    def is_package(self, namespace: str) -> bool:
        """Whether ``namespace`` holds other namespaces, as ``services`` does."""
        return bool(namespace) and "\n" not in namespace and f"\n{namespace}." in self._lines

    def _holds_classes(self, namespace: str) -> bool:
        return bool(namespace) and "\n" not in namespace and f"\n{namespace}\n" in self._lines

    def _ordered(self) -> dict[str, None]:
        """Every namespace, each package right after the first namespace it holds."""
        names = self._names
        if names is None:
            names = {}
            for namespace in self._listed():
                while namespace and namespace not in names:
                    names[namespace] = None
                    namespace = namespace.rpartition(".")[0]
            self._names = names
        return names

    def __getitem__(self, namespace: str) -> list[str]:
        if namespace not in self:
            raise KeyError(namespace)
        found = self._lists.get(namespace)
        if found is None:
            keys_in = getattr(self._classes, "keys_in", None)
            found = [k.rpartition(":")[2] for k in keys_in(namespace)] if keys_in is not None else []
            self._lists[namespace] = found
        return found

    def __contains__(self, namespace: object) -> bool:
        return type(namespace) is str and (self._holds_classes(namespace) or self.is_package(namespace))

    def __iter__(self) -> Iterator[str]:
        return iter(self._ordered())

    def __len__(self) -> int:
        return len(self._ordered())


class _ModelDoc:
    """A service's class's ``__doc__``, written the first time anyone reads it (``help()``, an
    IDE, ``awserrors lookup``): what the installed botocore's model says the error shape
    means, then the class's category, status and retry advice.  No model is read before:
    not at import, not on any lookup.  (``type.__doc__`` calls ``__get__`` of what the class
    holds, so ``cls.__doc__`` and ``error.__doc__`` are the text.)
    """

    __slots__ = ("code", "fallback", "service", "text")

    def __init__(self, service: str, code: str, fallback: str) -> None:
        self.service, self.code, self.fallback = service, code, fallback
        self.text: str | None = None

    def __get__(self, instance: object, owner: type | None = None) -> str:
        text = self.text
        if text is None:
            cls = owner if owner is not None else type(instance)
            text = self.text = service_doc(self.service, self.code, cls) or self.fallback
        return text


def service_doc(service: str, code: str, cls: type) -> str | None:
    """The docstring of ``service``'s class for ``code``: the model's meaning of the error
    shape, then its category, status and retry advice; None when the installed botocore does
    not model the code (or the service)."""
    from awserrors import _botocore_models  # only when a docstring is read
    from awserrors._lookup import retry_advice

    try:
        shape = next(
            (s for s in _botocore_models.error_shapes(service) if code in (s.code, s.name, s.legacy_code)),
            None,
        )
        meaning = _botocore_models.shape_documentation(service, shape.name) if shape is not None else None
    except Exception:  # a service this botocore does not have, a model that does not load
        return None
    if meaning is None:
        return None
    category = category_of(cls)
    status = getattr(cls, "default_status", None)
    place = f"The {service} error {code}" + (f" (HTTP {status})" if status else "")
    if category is not None:
        place += f", a {category}"
    parent = cls.__mro__[1]
    place += f"; see also {parent.__module__}.{parent.__qualname__}."
    advice = retry_advice(bool(getattr(cls, "retryable", False)), bool(getattr(cls, "throttling", False)))
    return f"{meaning}\n\n{place}\n{advice}"


def _row_doc(namespace: str, row: ClassRow, bases: tuple[type, ...]) -> str:
    """The docstring of a class made from an ``errors`` row: its code, status and category."""
    http = f" (HTTP {row.status})" if row.status else ""
    parent = bases[0]
    if namespace.startswith("services."):
        service = namespace.partition(".")[2]
        see = f"{parent.__module__}.{parent.__qualname__}"
        return f"The AWS error code {row.code} as the {service} service returns it; see {see}."
    summary = (parent.__doc__ or "").strip()
    return f"The AWS error code {row.code}{http}, a {parent.__qualname__}: {summary}"


__all__ = ["ClassMaker", "Namespaces"]
