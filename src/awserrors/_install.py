"""One line in a boto3 project: clients raise taxonomy classes directly.

``install`` hooks botocore's documented ``creating-client-class`` event, so every
client a session creates afterwards gets a mixin whose ``exceptions`` (the
object ``_make_api_call`` asks ``from_code(code)`` for the class to raise)
answers with taxonomy classes.  A modeled error's class derives from both the
taxonomy's class and botocore's own modeled class, so ``except ClientError``,
``except client.exceptions.NoSuchKey`` and ``except awserrors.NotFoundError``
all catch it.  Retries happen before the class is asked for, so they behave
exactly as before.  A client that already exists is switched through the one
private attribute this needs, in :mod:`awserrors._botocore_seams`.

``translated`` converts what escapes a block or a function, for code that does
not install.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
import weakref
from collections.abc import Callable

from botocore.client import BaseClient
from botocore.errorfactory import BaseClientExceptions
from botocore.exceptions import BotoCoreError, ClientError
from botocore.session import Session as BotocoreSession

from awserrors import _botocore_seams
from awserrors._errors import _state, _unpickle
from awserrors._order import Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ParamSpec, TypeVar

    from awserrors._taxonomy import Taxonomy

    P = ParamSpec("P")
    R = TypeVar("R")

EVENT = "creating-client-class"


class TranslatedClientExceptions(BaseClientExceptions):
    """A client's ``exceptions``, answering with taxonomy classes.

    ``from_code(code)`` and the modeled names (``exceptions.NoSuchKey``) give a
    class that derives from the taxonomy's class for the code and from botocore's
    modeled class; a code botocore does not model gives the taxonomy's class.  An
    error the operation's fallback for its status decides (a HEAD request's bodiless
    404: no code arrives) derives from the modeled class that fallback's code names.
    """

    def __init__(
        self,
        original: BaseClientExceptions,
        taxonomy: Taxonomy,
        service_model: Any,
        events: Any = None,
        seen: threading.local | None = None,
    ) -> None:
        super().__init__({})
        self._awserrors_original = original
        self._awserrors_taxonomy = taxonomy
        self._awserrors_service = service_model.service_name
        self._awserrors_lock = threading.Lock()
        self._awserrors_combined: dict[tuple[type, type], type] = {}
        # botocore asks from_code with Error.Code only. The rest of what the lookup
        # needs (a query-compatible service's Error.QueryErrorCode, which names the
        # shape when several share one old code; the HTTP status; the operation) the
        # client's after-call event, emitted just before from_code in the same thread,
        # leaves in this thread-local.
        self._awserrors_seen = seen if seen is not None else watch_calls(events)

    def from_code(self, error_code: str) -> type[ClientError]:  # type: ignore[override]
        """The class the client raises for ``error_code``."""
        theirs: Any = self._awserrors_original.from_code(error_code)
        seen = self._awserrors_seen
        query_code, status, operation = getattr(seen, "call", (None, None, None))
        seen.call = (None, None, None)
        # Exactly what handle_client_error(error, service=...) gives for this error.
        lookup = self._awserrors_taxonomy.explain(
            error_code,
            query_code=query_code,
            service=self._awserrors_service,
            operation=operation,
            http_status=status,
        )
        ours: Any = lookup.cls
        if theirs is ClientError and lookup.rule is Rule.OPERATION_STATUS:
            # botocore got no code to name its modeled class by (a HEAD answer has no body):
            # the class the operation's status stands for names it, so that a HeadObject's
            # 404 is caught by ``except client.exceptions.NoSuchKey`` too.
            code = getattr(ours, "default_code", None)
            if isinstance(code, str) and code:
                theirs = self._awserrors_original.from_code(code)
        return self._combine(ours, theirs)

    def __getattr__(self, name: str) -> Any:
        # botocore's own modeled class: every class raised for it derives from it, so
        # ``except client.exceptions.ResourceNotFound`` catches exactly what it did.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._awserrors_original, name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *dir(self._awserrors_original)})

    def _combine(self, ours: type[ClientError], theirs: type[ClientError]) -> type[ClientError]:
        if theirs is ClientError or issubclass(ours, theirs):
            return ours
        key = (ours, theirs)
        combined = self._awserrors_combined.get(key)
        if combined is None:
            with self._awserrors_lock:
                combined = self._awserrors_combined.get(key)
                if combined is None:
                    combined = _combined_class(ours, theirs, self._awserrors_service)
                    self._awserrors_combined[key] = combined
        return combined


def watch_calls(events: Any) -> threading.local:
    """A thread-local in which a client's ``after-call`` events keep what its last call got:
    ``call = (QueryErrorCode, HTTP status, operation name)``."""
    seen = threading.local()

    def after_call(parsed: Any = None, model: Any = None, **kwargs: Any) -> None:
        error = parsed.get("Error") if isinstance(parsed, dict) else None
        metadata = parsed.get("ResponseMetadata") if isinstance(parsed, dict) else None
        query_code = error.get("QueryErrorCode") if isinstance(error, dict) else None
        status = metadata.get("HTTPStatusCode") if isinstance(metadata, dict) else None
        operation = getattr(model, "name", None)
        seen.call = (
            query_code if isinstance(query_code, str) else None,
            status if isinstance(status, int) and not isinstance(status, bool) else None,
            operation if isinstance(operation, str) else None,
        )

    if events is not None:
        # One per client's event system: installing on a client again replaces it, and
        # uninstalling removes it, so install/uninstall cycles leave no handler behind.
        events.unregister("after-call", unique_id=AFTER_CALL)
        events.register("after-call", after_call, unique_id=AFTER_CALL)
        seen.handler = after_call  # the emitter may hold handlers weakly: keep it alive
    return seen


#: The unique id of the after-call handler install() registers on a client.
AFTER_CALL = "awserrors.after-call"


def _combined_class(ours: type[ClientError], theirs: type[ClientError], service: str) -> type[ClientError]:
    """A class that is both the taxonomy's class and botocore's modeled class.

    It pickles as the taxonomy's class: botocore's modeled classes belong to one
    session and cannot be found again by name in another process.
    """

    def __reduce__(self: BaseException) -> tuple[Any, ...]:
        return _unpickle, (ours, self.args, _state(self))

    namespace = {
        "__module__": ours.__module__,
        "__qualname__": ours.__qualname__,
        "__doc__": ours.__doc__,
        "__reduce__": __reduce__,
        "_awserrors_home": ours,
        "service_name": service,
    }
    return type(ours.__name__, (ours, theirs), namespace)


# --- installing -----------------------------------------------------------------------

_mixins: dict[int, type] = {}
_mixins_lock = threading.Lock()


def _renew_lock_in_child() -> None:
    global _mixins_lock
    _mixins_lock = threading.Lock()


os.register_at_fork(after_in_child=_renew_lock_in_child)


def _mixin_for(taxonomy: Taxonomy) -> type:
    """The client mixin that makes ``exceptions`` answer with ``taxonomy``'s classes."""
    with _mixins_lock:
        mixin = _mixins.get(id(taxonomy))
        if mixin is None:

            class TranslatingClient:
                def __init__(self, *args: Any, **kwargs: Any) -> None:
                    super().__init__(*args, **kwargs)
                    self._awserrors_seen = watch_calls(self.meta.events)  # type: ignore[attr-defined]

                @property
                def exceptions(self) -> BaseClientExceptions:
                    cached = self.__dict__.get("_awserrors_exceptions")
                    if cached is None:
                        original = super().exceptions  # type: ignore[misc]
                        meta = self.meta  # type: ignore[attr-defined]
                        cached = TranslatedClientExceptions(
                            original, taxonomy, meta.service_model, seen=self._awserrors_seen
                        )
                        self.__dict__["_awserrors_exceptions"] = cached
                    return cached

            # The module's name, not the taxonomy's: installing loads no tables.
            TranslatingClient.__qualname__ = f"TranslatingClient[{taxonomy.module_name}]"
            mixin = _mixins[id(taxonomy)] = TranslatingClient
        return mixin


def _handler_id(taxonomy: Taxonomy) -> str:
    return f"awserrors.install:{taxonomy.module_name}"


def _on_creating_client_class(taxonomy: Taxonomy) -> Callable[..., None]:
    mixin = _mixin_for(taxonomy)

    def add_mixin(class_attributes: dict[str, Any], base_classes: list[type], **kwargs: Any) -> None:
        if mixin not in base_classes:
            base_classes.insert(0, mixin)

    return add_mixin


def _events_of(target: Any) -> Any:
    """The event system clients of ``target`` are created with, or None for a client."""
    if isinstance(target, BaseClient):
        return None
    if isinstance(target, BotocoreSession):
        return target
    events = getattr(target, "events", None)  # a boto3 Session: its botocore session's events
    if events is not None and hasattr(events, "register") and hasattr(target, "client"):
        return events
    raise TypeError(
        f"awserrors.install() takes a boto3 Session, a botocore Session, a client or None "
        f"(boto3's default session), not {type(target).__name__}"
    )


def _default_session() -> Any:
    try:
        import boto3  # type: ignore[import-untyped]  # optional: only for boto3's default session
    except ImportError as exc:  # pragma: no cover - boto3 is a test dependency here
        raise RuntimeError("install() without a target needs boto3; pass a botocore session") from exc
    if boto3.DEFAULT_SESSION is None:
        boto3.setup_default_session()
    return boto3.DEFAULT_SESSION


def install(taxonomy: Taxonomy, target: Any = None) -> None:
    """Make clients of ``target`` raise ``taxonomy``'s classes (see :func:`awserrors.install`)."""
    target = _default_session() if target is None else target
    events = _events_of(target)
    if events is None:
        _botocore_seams.set_client_exceptions(
            target,
            lambda original: TranslatedClientExceptions(
                original, taxonomy, target.meta.service_model, target.meta.events
            ),
        )
        return
    uninstall(target)  # one taxonomy per session: the last installed wins
    events.register(EVENT, _on_creating_client_class(taxonomy), unique_id=_handler_id(taxonomy))
    _installed_on[events] = taxonomy


#: events object -> the taxonomy installed on it (forgotten with the session)
_installed_on: weakref.WeakKeyDictionary[Any, Taxonomy] = weakref.WeakKeyDictionary()


def uninstall(target: Any = None) -> None:
    """Undo :func:`install`: clients created afterwards raise botocore's classes again.

    Clients created while installed keep raising taxonomy classes, except a client
    passed here itself, which goes back to botocore's classes at once.
    """
    target = _default_session() if target is None else target
    events = _events_of(target)
    if events is None:
        _botocore_seams.restore_client_exceptions(target)
        target.meta.events.unregister("after-call", unique_id=AFTER_CALL)
        return
    taxonomy = _installed_on.pop(events, None)
    if taxonomy is not None:
        events.unregister(EVENT, unique_id=_handler_id(taxonomy))


def installed(target: Any = None) -> Taxonomy | None:
    """The taxonomy installed on a session or client, or None."""
    target = _default_session() if target is None else target
    events = _events_of(target)
    if events is None:
        current = _botocore_seams.client_exceptions(target)
        return current._awserrors_taxonomy if isinstance(current, TranslatedClientExceptions) else None
    return _installed_on.get(events)


# --- translated ------------------------------------------------------------------------


def _client_service(traceback: Any) -> str | None:
    """The service of the botocore (or aiobotocore) client whose call raised: the ``self`` of
    the ``_make_api_call`` frame in ``traceback``, where botocore raises a call's error;
    None when there is no such frame or it is not a client's."""
    while traceback is not None:
        frame = traceback.tb_frame
        if frame.f_code.co_name == "_make_api_call":
            try:
                name = frame.f_locals["self"].meta.service_model.service_name
            except Exception:  # another library's method of that name: not a client
                name = None
            if type(name) is str:
                return name
        traceback = traceback.tb_next
    return None


class translated:
    """Re-raise botocore errors as taxonomy classes, chained from the original.

    As a context manager (``with awserrors.translated(): ...``) or a decorator on
    a function or a coroutine function (``@awserrors.translated()``): a
    ``ClientError`` or ``BotoCoreError`` that escapes is raised again as
    ``taxonomy.handle_error(error)`` ``from`` the original; anything else, and
    errors the taxonomy has no class for, pass through unchanged.  A client's
    error gets its service's class (``awserrors.services.s3.NoSuchKey``, as an
    installed client raises): the service is ``service``, else the one of the
    client whose call raised (found in the traceback), else none (``codes.*``).
    """

    def __init__(self, taxonomy: Taxonomy, service: str | None = None) -> None:
        self.taxonomy = taxonomy
        self.service = service

    def __enter__(self) -> translated:
        return self

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> None:
        if isinstance(error, ClientError | BotoCoreError):
            service = self.service or _client_service(traceback)
            converted = self.taxonomy.handle_error(error, service=service)
            if converted is not error:
                raise converted from error

    def __call__(self, function: Callable[P, R]) -> Callable[P, R]:
        """Decorate ``function`` (or a coroutine function); its signature is kept, for type checkers too."""
        if inspect.iscoroutinefunction(function):

            @functools.wraps(function)
            async def translating_coroutine(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await function(*args, **kwargs)

            return translating_coroutine  # type: ignore[return-value]

        @functools.wraps(function)
        def translating(*args: P.args, **kwargs: P.kwargs) -> R:
            with self:
                return function(*args, **kwargs)

        return translating


__all__ = ["TranslatedClientExceptions", "install", "installed", "translated", "uninstall"]
