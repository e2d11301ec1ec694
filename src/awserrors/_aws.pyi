# Generated for awserrors by awserrors.write_stubs; do not edit.

import awserrors._errors

__all__ = [
    "AWSError",
    "AccessDeniedError",
    "AuthenticationError",
    "ConflictError",
    "InvalidRequestError",
    "NetworkError",
    "NetworkTimeoutError",
    "NotFoundError",
    "QuotaExceededError",
    "ServerError",
    "ServiceUnavailableError",
    "ThrottlingError",
    "_parse_aws_error",
    "exception_class_for",
    "handle_client_error",
    "handle_error",
    "is_retryable",
    "is_throttling",
    "parse_aws_error",
]

def _parse_aws_error(
    error: BaseException,
    operation: str | None = None,
) -> Exception: ...
def exception_class_for(
    code: str | None = None,
    *,
    service: str | None = None,
    http_status: int | None = None,
    operation: str | None = None,
) -> type[awserrors._errors.TaxonomyClientError]: ...
def handle_client_error(
    error: BaseException,
    *,
    service: str | None = None,
    operation: str | None = None,
) -> awserrors._errors.TaxonomyClientError: ...
def handle_error(error: BaseException) -> BaseException: ...
def is_retryable(error: BaseException) -> bool: ...
def is_throttling(error: BaseException) -> bool: ...
def parse_aws_error(
    error: BaseException,
    operation: str | None = None,
) -> Exception: ...

class AWSError(awserrors._errors.TaxonomyClientError):
    """Any error returned by an AWS API; the root of the AWS-wide taxonomy."""

class AccessDeniedError(AWSError):
    """The caller is authenticated but not allowed to do this, or the account is not
    opted in.
    """

class AuthenticationError(AWSError):
    """The credentials or the request signature are missing, invalid or expired, or the
    clock is skewed.
    """

class ConflictError(AWSError):
    """The request conflicts with the resource's state: it already exists, is in use,
    was modified concurrently, or a precondition failed.
    """

class InvalidRequestError(AWSError):
    """The request is malformed or a parameter is invalid; fix the call, retrying will
    not help.
    """

class NetworkError(awserrors._errors.TaxonomyNetworkError):
    """The request got no answer from AWS; the connection failed or was closed. Retrying
    can succeed.
    """

class NetworkTimeoutError(NetworkError):
    """Connecting to AWS, or reading its answer, took longer than the configured
    timeout.
    """

class NotFoundError(AWSError):
    """The resource, or the operation, does not exist."""

class QuotaExceededError(AWSError):
    """A service quota or resource limit was reached; retrying will not help until it is
    raised.
    """

class ServerError(AWSError):
    """AWS failed to handle a valid request; retrying can succeed."""

class ServiceUnavailableError(ServerError):
    """The service is temporarily unavailable or overloaded; retry later."""

class ThrottlingError(AWSError):
    """The caller is sending requests too fast; back off, then retry."""
