"""The two base classes every generated exception derives from, their common mixin
AnyAWSError, and MappingError.

Generated classes get their behaviour from here; the generator only adds a name,
a docstring and the class attributes the YAML declares.  This is the bottom of
awserrors' engine: it knows a taxonomy only as the :class:`Owner` a generated
class points to.  Nothing here imports YAML or attrs, so ``import awserrors``
stays as cheap as botocore itself.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from botocore.exceptions import BotoCoreError, ClientError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing: botocore does not
if TYPE_CHECKING:
    from typing import Any, ClassVar, Protocol

    class Owner(Protocol):
        """What a generated class knows of the taxonomy that made it."""

        @property
        def service(self) -> str | None: ...

        @property
        def module_name(self) -> str: ...

        def documented_status(self, code: str, service: str | None = None) -> int | None: ...

        def flags_of(
            self, cls: type[BaseException], code: str | None = None, http_status: int | None = None
        ) -> tuple[bool, bool]: ...  # a Flags

    from typing import TypedDict

    # The response botocore parses, typed key for key as botocore-stubs types it
    # (botocore.exceptions._ClientErrorResponseTypeDef), so ``error.response`` reads
    # the same with or without botocore-stubs installed.
    class _ErrorFields(TypedDict, total=False):
        Code: str
        Message: str

    class _ResponseMetadata(TypedDict):
        RequestId: str
        HostId: str
        HTTPStatusCode: int
        HTTPHeaders: dict[str, Any]
        RetryAttempts: int

    class _AttributeMap(TypedDict, total=False):
        key: str
        value: Any

    class _CancellationReason(TypedDict, total=False):
        Code: str
        Message: str
        Item: _AttributeMap

    class ErrorResponse(TypedDict, total=False):
        Status: str
        StatusReason: str
        Error: _ErrorFields
        ResponseMetadata: _ResponseMetadata
        CancellationReasons: list[_CancellationReason]


__all__ = [
    "RETRY_AFTER_MAX",
    "AnyAWSError",
    "MappingError",
    "TaxonomyClientError",
    "TaxonomyNetworkError",
    "retry_after",
]

#: A MappingError lists at most this many problems, then says how many more there are.
MAX_PROBLEMS = 100

#: The longest wait :func:`retry_after` reports, in seconds, unless told otherwise: a
#: header asking for more (a date years ahead) is an endpoint's mistake, not a plan.
RETRY_AFTER_MAX = 900.0

#: The keywords the message form of a generated class's constructor understands.
MESSAGE_KEYWORDS = ("code", "operation", "service", "http_status", "request_id")

#: botocore's ``ClientError`` message, to read back: ``type(e)(*e.args)`` (as Celery's JSON
#: serializer rebuilds an exception) gets the code, operation and message it was made of.
BOTOCORE_MESSAGE = (
    r"An error occurred \((?P<code>[^()\n]*)\) when calling the (?P<operation>[^\s]+) operation"
    r"(?: \(reached max retries: (?P<retries>\d+)\))?: (?P<message>.*)\Z"
)


def _parsed_botocore_message(message: str) -> re.Match[str] | None:
    """The parts of a botocore ``ClientError`` message (compiled on first use: importing
    awserrors' engine does not pay for it), or None."""
    return re.match(BOTOCORE_MESSAGE, message, re.DOTALL)


class MappingError(ValueError):
    """A mapping file is invalid; the message lists every problem with its file:line:column.

    ``problems`` holds one line per problem, in file order.  Nothing of the
    taxonomy is registered when this is raised.
    """

    def __init__(self, problems: Sequence[object]) -> None:
        count = len(problems) + int(getattr(problems, "dropped", 0))
        shown = [str(p) for p in problems[:MAX_PROBLEMS]]
        if count > MAX_PROBLEMS:
            shown.append(f"... and {count - MAX_PROBLEMS} more problems of the same kinds")
        self.problems: tuple[str, ...] = tuple(shown)
        header = f"{count} problem{'s' if count != 1 else ''} in the mapping YAML:"
        super().__init__("\n  ".join([header, *self.problems]))


def _dig(container: object, *keys: str) -> object:
    """Follow ``keys`` through nested mappings; None as soon as anything is missing."""
    for key in keys:
        if not isinstance(container, Mapping):
            return None
        container = container.get(key)
    return container


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def error_code_of(response: object) -> str | None:
    """``Error.Code`` of a response, or None."""
    return _text(_dig(response, "Error", "Code"))


def query_error_code_of(response: object) -> str | None:
    """``Error.QueryErrorCode`` of a response (query-compatible services such as SQS), or None."""
    return _text(_dig(response, "Error", "QueryErrorCode"))


def http_status_of(response: object) -> int | None:
    """``ResponseMetadata.HTTPStatusCode`` of a response, or None."""
    status = _dig(response, "ResponseMetadata", "HTTPStatusCode")
    return status if isinstance(status, int) and not isinstance(status, bool) else None


def status_from_codes(codes: list[str]) -> int | None:
    """The HTTP status a HEAD request's error carries as its code ("404"), if a code is one."""
    for code in codes:
        # Three ASCII digits only: "²".isdigit() is true and int() refuses it, and a
        # code of thousands of digits makes int() raise.
        if len(code) == 3 and code.isascii() and code.isdigit() and 100 <= int(code) <= 599:
            return int(code)
    return None


class _ConstructorSignature:
    """``inspect.signature(cls)`` for generated classes: the taxonomy's service as the default."""

    def __get__(self, instance: object, owner: type) -> Any:
        import inspect  # only when a signature is asked for

        signature = inspect.signature(owner.__init__)  # type: ignore[misc]
        parameters = list(signature.parameters.values())[1:]  # without self
        taxonomy = getattr(owner, "_awserrors_taxonomy", None)
        service = taxonomy.service if taxonomy is not None else None
        if service is not None:
            parameters = [p.replace(default=service) if p.name == "service_name" else p for p in parameters]
        return signature.replace(parameters=parameters)


def _state(error: BaseException) -> dict[str, Any]:
    """What an instance carries across a pickle: its own attributes, and its service and flags
    (which an installed client's class holds at class level)."""
    state = dict(error.__dict__)
    for name in ("service_name", "retryable", "throttling", *_SLOTS):
        state.setdefault(name, getattr(error, name, None))
    return state


#: The attributes a taxonomy exception keeps in slots rather than in its dict.
_SLOTS = ("response", "operation_name")


def _home(cls: type) -> type:
    """The taxonomy class a class stands for: an installed client's class is both it and
    botocore's modeled class, and pickles as it."""
    return cls.__dict__.get("_awserrors_home", cls)  # type: ignore[no-any-return]


def category_of(cls: type) -> str | None:
    """The nearest class of the MRO that lives in its taxonomy's own module (not in a namespace
    such as ``codes`` or ``services``): for the AWS-wide taxonomy, one of its categories."""
    for klass in cls.__mro__:
        owner = klass.__dict__.get("_awserrors_taxonomy")
        if owner is not None and klass.__module__ == owner.module_name:
            return klass.__qualname__
    return None


def _unpickle(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled taxonomy exception without calling its ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    state = dict(state)
    for name in _SLOTS:  # slots since awserrors 0.1 (a pickle of before holds them in the dict)
        if name in state:
            setattr(error, name, state.pop(name))
    error.__dict__.update(state)
    return error


class AnyAWSError(Exception):
    """Any failure of a call to AWS: an error the service answered with, or no answer at all.

    The AWS-wide taxonomy's two roots derive from it, ``awserrors.AWSError`` (a
    botocore ``ClientError``) and ``awserrors.NetworkError`` (a ``BotoCoreError``), so
    one ``except awserrors.AnyAWSError`` catches both once awserrors has translated
    the error (:func:`awserrors.translated`, ``handle_error``, or an installed
    client for service errors); botocore's own exceptions are not instances of it.
    A mixin without state or behaviour of its own: it adds nothing to the layout,
    the pickling or the constructor of the classes below it.  A YAML class names it
    as a second parent (``parent: [botocore.exceptions.ClientError,
    awserrors.AnyAWSError]``) to give a taxonomy of one's own the same shape.
    """

    __slots__ = ()

    retryable: bool = False
    """Whether retrying the call can succeed (each subclass says)."""
    throttling: bool = False
    """Whether the error means "slow down" (each subclass says)."""


class TaxonomyClientError(ClientError):
    """Base of every ``ClientError`` class a taxonomy generates.

    It takes botocore's ``(error_response, operation_name)``, or a single message
    string, in which case it makes up a response so every accessor still works: the
    keywords ``code``, ``operation``, ``service``, ``http_status`` and ``request_id``
    fill it (other keywords go to :attr:`details`), and a message in botocore's own
    words ("An error occurred (NoSuchKey) when calling the GetObject operation: ...")
    is read back, so ``type(e)(*e.args)`` is the same error.  It pickles by reference
    to its own class (botocore's ``ClientError`` pickles every subclass as a plain
    ``ClientError``), and :meth:`to_dict` / :func:`awserrors.from_dict` carry it as JSON.
    """

    # Slots, not the instance dict: converting an error sets these two and nothing else, and
    # an exception's dict is made on its first attribute (a third of the conversion).
    __slots__ = ("operation_name", "response")
    __signature__ = _ConstructorSignature()

    # Filled in by the generator for each class, from the YAML.
    _awserrors_taxonomy: ClassVar[Owner]
    _awserrors_message: ClassVar[str | None] = None
    default_code: ClassVar[str] = "Unknown"
    """The error code a message-only instance carries."""
    default_status: ClassVar[int | None] = None
    """The HTTP status a message-only instance carries, if the class has one."""
    retryable: bool = False
    """Whether retrying the call can succeed; a per-code flag in the YAML wins."""
    throttling: bool = False
    """Whether the error means "slow down"; a per-code flag in the YAML wins."""
    service_name: str | None = None
    """The service the error came from: given when converting, else the taxonomy's default."""
    kwargs: Mapping[str, Any] = MappingProxyType({})
    """Extra keyword arguments given to the constructor (read-only when none were)."""
    response: ErrorResponse
    """The response botocore parsed (``Error``, ``ResponseMetadata``, ...); made up for
    an error built from a message alone."""
    operation_name: str | None  # type: ignore[assignment]  # botocore-stubs: str; None for a message alone
    """The operation that failed, such as ``"GetObject"``; None if a message-only error was not told."""

    def __init__(
        self,
        error_response: Mapping[str, Any] | str | None = None,
        operation_name: str | None = None,
        service_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        cls = type(self)
        if error_response is None or isinstance(error_response, str):
            given = {key: kwargs.pop(key) for key in MESSAGE_KEYWORDS if key in kwargs}
            message = error_response if error_response is not None else _first_line(cls.__doc__)
            error_response, operation_name, service_name = cls._awserrors_response(
                message, operation_name, service_name, given
            )
        else:
            message = _client_error_message(error_response, operation_name)
        self._awserrors_setup(error_response, message, operation_name, service_name, kwargs)

    @classmethod
    def _awserrors_response(
        cls, message: str, operation: str | None, service: str | None, given: dict[str, Any]
    ) -> tuple[dict[str, Any], str | None, str | None]:
        """The response (and operation, service) a message-form instance carries."""
        for key, value in given.items():
            kind = int if key == "http_status" else str
            if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
                raise TypeError(f"{cls.__qualname__}(..., {key}=...) takes a {kind.__name__}, got {value!r}")
        parsed = _parsed_botocore_message(message)
        code = given.get("code") or (parsed["code"] if parsed else None) or cls.default_code
        operation = operation or given.get("operation") or (parsed["operation"] if parsed else None)
        service = service or given.get("service")
        status = given.get("http_status")
        if status is None:
            taxonomy = cls.__dict__.get("_awserrors_taxonomy") or getattr(cls, "_awserrors_taxonomy", None)
            if code != cls.default_code and taxonomy is not None:
                status = taxonomy.documented_status(code, service or cls.service_name)
            if status is None:
                status = cls.default_status
        metadata: dict[str, Any] = {}
        if status is not None:
            metadata["HTTPStatusCode"] = status
        if given.get("request_id"):
            metadata["RequestId"] = given["request_id"]
        if parsed and parsed["retries"] is not None:
            metadata.update(MaxAttemptsReached=True, RetryAttempts=int(parsed["retries"]))
        text = parsed["message"] if parsed else message
        return {"Error": {"Code": code, "Message": text}, "ResponseMetadata": metadata}, operation, service

    def _awserrors_setup(
        self,
        response: object,
        message: str,
        operation_name: object,
        service_name: str | None,
        kwargs: dict[str, Any],
    ) -> None:
        Exception.__init__(self, message)
        cls = type(self)
        self.response = response  # type: ignore[assignment]
        self.operation_name = operation_name  # type: ignore[assignment]
        taxonomy = getattr(cls, "_awserrors_taxonomy", None)
        if service_name:  # else the class's own: the taxonomy's service, or the client's
            self.service_name = service_name
        if kwargs:
            self.kwargs = kwargs
        if taxonomy is not None:
            retryable, throttling = taxonomy.flags_of(cls, self.error_code, self.http_status_code)
            self.retryable = retryable
            self.throttling = throttling

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpickle, (type(self), self.args, _state(self))

    def to_dict(self) -> dict[str, Any]:
        """The error as JSON-safe data, for logs and queues; :func:`awserrors.from_dict` reverses it.

        Keys (stable): ``code``, ``message``, ``operation``, ``service``, ``http_status``,
        ``request_id``, ``category`` (the nearest class of the taxonomy's own module, such
        as ``NotFoundError``), ``class`` (its dotted path), ``retryable``, ``throttling``,
        and ``retry_after`` (seconds, to the millisecond, when AWS asked for a wait).
        """
        cls = type(self)
        document: dict[str, Any] = {
            "code": self.error_code,
            "message": self.error_message,
            "operation": self.operation_name if isinstance(self.operation_name, str) else None,
            "service": self.service_name,
            "http_status": self.http_status_code,
            "request_id": self.request_id,
            "category": category_of(cls),
            "class": f"{_home(cls).__module__}.{_home(cls).__qualname__}",
            "retryable": bool(self.retryable),
            "throttling": bool(self.throttling),
        }
        wait = retry_after(self)
        if wait is not None:
            document["retry_after"] = round(wait, 3)  # to the millisecond, as x-amz-retry-after
        return document

    @property
    def error_code(self) -> str | None:
        """The AWS error code (``Error.Code``), such as ``"ThrottlingException"``."""
        return error_code_of(self.response)

    @property
    def error_message(self) -> str | None:
        """The message AWS sent with the error (``Error.Message``)."""
        return _text(_dig(self.response, "Error", "Message"))

    @property
    def http_status_code(self) -> int | None:
        """The HTTP status of the response, such as 404."""
        return http_status_of(self.response)

    @property
    def request_id(self) -> str | None:
        """The AWS request ID, to quote to AWS support."""
        return _text(_dig(self.response, "ResponseMetadata", "RequestId")) or _text(
            _dig(self.response, "Error", "RequestId")
        )

    # Second naming, as the DevOps Agent API's documentation spells it.
    @property
    def code(self) -> str | None:
        """Same as :attr:`error_code`."""
        return self.error_code

    @property
    def status_code(self) -> int | None:
        """Same as :attr:`http_status_code`."""
        return self.http_status_code

    @property
    def message(self) -> str | None:
        """Same as :attr:`error_message`."""
        return self.error_message

    @property
    def details(self) -> dict[str, Any]:
        """Everything else the error carries: extra ``Error`` fields and keyword arguments."""
        error = _dig(self.response, "Error")
        extra = {
            key: value
            for key, value in (error.items() if isinstance(error, Mapping) else ())
            if key not in ("Code", "Message")
        }
        return {**extra, **self.kwargs}


class TaxonomyNetworkError(BotoCoreError):
    """Base of every network-error class a taxonomy generates (a ``BotoCoreError``).

    ``handle_error`` builds one from botocore's connection and timeout errors,
    keeping their keyword arguments (``endpoint_url``, ``error``) and message.
    """

    fmt = "{message}"
    retryable: bool = False
    throttling: bool = False

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("message", _first_line(type(self).__doc__))
        super().__init__(**kwargs)


def retry_after(error: BaseException, *, maximum: float = RETRY_AFTER_MAX) -> float | None:
    """How many seconds AWS asked the caller to wait before retrying, or None.

    Read from the response headers: ``x-amz-retry-after`` (milliseconds, as AWS
    SDKs read it), else ``Retry-After`` (seconds, or an HTTP date).  A wait longer
    than ``maximum`` (:data:`RETRY_AFTER_MAX`, 900 s, unless given) is reported as
    ``maximum``; a date in the past is ignored (None).  Works on any
    ``ClientError``; never raises.
    """
    wait = _retry_after(error)
    return None if wait is None else min(wait, maximum)


def _retry_after(error: BaseException) -> float | None:
    headers = _dig(getattr(error, "response", None), "ResponseMetadata", "HTTPHeaders")
    if not isinstance(headers, Mapping):
        return None
    lowered = {k.lower(): v for k, v in headers.items() if isinstance(k, str)}
    amz = lowered.get("x-amz-retry-after")
    if isinstance(amz, str) and amz.strip().isascii() and amz.strip().isdigit():
        # More digits than a float holds exactly is longer than any maximum: infinity, capped.
        return int(amz.strip()) / 1000 if len(amz.strip()) <= 15 else float("inf")
    value = lowered.get("retry-after")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value) if len(value) <= 15 else float("inf")
    # Only for a Retry-After given as an HTTP date.
    import email.utils
    from datetime import UTC, datetime

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - datetime.now(UTC)).total_seconds()
    return seconds if seconds >= 0 else None


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().split("\n", 1)[0]


def _client_error_message(response: object, operation_name: object) -> str:
    """botocore's ``ClientError`` message, built without trusting the response's shape."""
    retry_info = ""
    metadata = _dig(response, "ResponseMetadata")
    if isinstance(metadata, Mapping) and metadata.get("MaxAttemptsReached") and "RetryAttempts" in metadata:
        retry_info = f" (reached max retries: {metadata['RetryAttempts']})"
    code = _dig(response, "Error", "Code")
    message = _dig(response, "Error", "Message")
    return ClientError.MSG_TEMPLATE.format(
        error_code=code if code is not None else "Unknown",
        error_message=message if message is not None else "Unknown",
        operation_name=operation_name,
        retry_info=retry_info,
    )
