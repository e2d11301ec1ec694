"""The two base classes every generated exception derives from, and MappingError.

Generated classes get their behaviour from here; the generator only adds a name,
a docstring and the class attributes the YAML declares.  This is the bottom of
awserrors' engine: it knows a taxonomy only as the :class:`Owner` a generated
class points to.  Nothing here imports YAML or attrs, so ``import awserrors``
stays as cheap as botocore itself.
"""

from __future__ import annotations

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

        def flags_of(
            self, cls: type[BaseException], code: str | None = None, http_status: int | None = None
        ) -> tuple[bool, bool]: ...  # a Flags

__all__ = ["MappingError", "TaxonomyClientError", "TaxonomyNetworkError", "retry_after"]


class MappingError(ValueError):
    """A mapping file is invalid; the message lists every problem with its file:line:column.

    ``problems`` holds one line per problem, in file order.  Nothing of the
    taxonomy is registered when this is raised.
    """

    def __init__(self, problems: Sequence[object]) -> None:
        self.problems: tuple[str, ...] = tuple(str(p) for p in problems)
        count = len(self.problems)
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


def _unpickle(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled taxonomy exception without calling its ``__init__``."""
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class TaxonomyClientError(ClientError):
    """Base of every ``ClientError`` class a taxonomy generates.

    It takes botocore's ``(error_response, operation_name)``, or a single message
    string, in which case it makes up a response carrying the class's own error
    code so every accessor still works.  It pickles by reference to its own class
    (botocore's ``ClientError`` pickles every subclass as a plain ``ClientError``).
    """

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

    def __init__(
        self,
        error_response: Mapping[str, Any] | str | None = None,
        operation_name: str | None = None,
        service_name: str | None = None,
        **kwargs: Any,
    ) -> None:
        cls = type(self)
        if error_response is None or isinstance(error_response, str):
            message = error_response if error_response is not None else _first_line(cls.__doc__)
            metadata: dict[str, Any] = {}
            if cls.default_status is not None:
                metadata["HTTPStatusCode"] = cls.default_status
            error_response = {
                "Error": {"Code": cls.default_code, "Message": message},
                "ResponseMetadata": metadata,
            }
        else:
            message = _client_error_message(error_response, operation_name)
        self._awserrors_setup(error_response, message, operation_name, service_name, kwargs)

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
        return _unpickle, (type(self), self.args, dict(self.__dict__))

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


def retry_after(error: BaseException) -> float | None:
    """How many seconds AWS asked the caller to wait before retrying, or None.

    Read from the response headers: ``x-amz-retry-after`` (milliseconds, as AWS
    SDKs read it), else ``Retry-After`` (seconds, or an HTTP date).  Works on any
    ``ClientError``; never raises.
    """
    headers = _dig(getattr(error, "response", None), "ResponseMetadata", "HTTPHeaders")
    if not isinstance(headers, Mapping):
        return None
    lowered = {str(k).lower(): v for k, v in headers.items()}
    amz = lowered.get("x-amz-retry-after")
    if isinstance(amz, str) and amz.strip().isdigit():
        return int(amz.strip()) / 1000
    value = lowered.get("retry-after")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    # Only for a Retry-After given as an HTTP date.
    import email.utils
    from datetime import UTC, datetime

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


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
