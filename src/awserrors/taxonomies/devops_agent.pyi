# Generated for awserrors.taxonomies.devops_agent by awserrors.write_stubs; do not edit.

import awserrors._errors
import awserrors._registry

taxonomy: awserrors._registry.Taxonomy

__awserrors_taxonomy__: awserrors._registry.Taxonomy

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

class DevOpsAgentError(awserrors._errors.TaxonomyClientError):
    """Base exception class for DevOps Agent API errors. It extends botocore's
    ClientError, so `except ClientError` keeps working.
    """

class DevOpsAgentAuthError(DevOpsAgentError):
    """An authentication or authorization failure: invalid, expired or missing
    credentials, insufficient permissions, or a failed JWT or credential exchange.
    """

class AuthenticationError(DevOpsAgentAuthError):
    """Authentication-related errors: problems with AWS credentials, JWT generation or
    the credential exchange flow.
    """

class DevOpsAgentConfigError(DevOpsAgentError):
    """A configuration problem: missing environment variables, invalid configuration
    values or a failed service registration.
    """

class ConfigurationError(DevOpsAgentConfigError):
    """Configuration and setup errors: missing or invalid service model files, incorrect
    boto3 integration, invalid region or endpoint, installation problems.
    """

class DevOpsAgentAPIError(DevOpsAgentError):
    """An error answered by the DevOps Agent API: invalid API parameters, a resource not
    found, a conflict, rate limiting, or the service failing or unavailable.
    """

class ConflictException(DevOpsAgentAPIError):
    """Resource conflict errors (HTTP 409): the resource already exists, a version
    conflict in an update, or a concurrent modification.
    """

class NetworkError(awserrors._errors.TaxonomyNetworkError):
    """Network and connectivity errors that happen before the request reaches the API.
    """

class ConnectionError(NetworkError):
    """No connection to the API endpoint could be made: DNS resolution failure, no
    connectivity, a firewall or proxy problem, or a failed SSL/TLS handshake.
    """

class CredentialExchangeError(AuthenticationError):
    """Exchanging the JWT for temporary credentials failed: an expired or invalid JWT,
    the authorizer being unavailable, an invalid agent space ID or cookie problems.
    """

class CredentialRefreshError(AuthenticationError):
    """Automatic credential refresh failed: expired AWS credentials, network problems,
    an invalid agent space configuration or the API being unavailable.
    """

class DevOpsAgentValidationError(DevOpsAgentError):
    """A data validation failure: invalid parameter values, missing required fields,
    type mismatches or constraint violations, found by the API or by the client.
    """

class InternalServerException(DevOpsAgentAPIError):
    """Internal server errors (HTTP 500): an unexpected server error or a backend
    problem; retrying may succeed.
    """

class JWTGenerationError(AuthenticationError):
    """JWT token generation failed: invalid AWS credentials, insufficient IAM
    permissions, network problems or the control plane API being unavailable.
    """

class ModelValidationError(ConfigurationError, DevOpsAgentValidationError):
    """Client-side model validation failed: invalid data types, missing required fields,
    constraint violations or schema mismatches.
    """

class ResourceNotFoundException(DevOpsAgentAPIError):
    """Resource not found errors (HTTP 404): the task, agent space, recommendation or
    execution ID does not exist.
    """

class ServiceRegistrationError(ConfigurationError):
    """Registering the service with boto3 failed: missing service model files, botocore
    integration problems, or import and initialization failures.
    """

class ServiceUnavailableException(DevOpsAgentAPIError):
    """Service unavailable errors (HTTP 503, also 502 and 504 from gateways):
    maintenance, a temporary outage or missing capacity; retry later.
    """

class ThrottlingException(DevOpsAgentAPIError):
    """Rate limiting errors (HTTP 429): the request rate or burst limit was exceeded;
    back off and retry.
    """

class TimeoutError(NetworkError):
    """The request exceeded its timeout: a slow network, an overloaded API, a large
    response or congestion.
    """

class UnauthorizedException(DevOpsAgentAuthError):
    """Authentication and authorization errors (HTTP 401/403): invalid or missing
    credentials, insufficient permissions, expired authentication or no access to the
    agent space.
    """

class ValidationException(DevOpsAgentAPIError, DevOpsAgentValidationError):
    """Request validation errors (HTTP 400): missing required parameters, invalid
    parameter values, a malformed request or a broken business rule.
    """
