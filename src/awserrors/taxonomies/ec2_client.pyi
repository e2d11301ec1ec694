# Generated for awserrors.taxonomies.ec2_client by awserrors.write_stubs; do not edit.

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

class IntegrationException(awserrors._errors.TaxonomyClientError):
    """Base of every error the EC2 integration raises; catch it to handle any of them.
    """

class EC2Exception(IntegrationException):
    """An error returned by the AWS EC2 API."""

class EC2AuthenticationException(EC2Exception):
    """The AWS credentials are invalid or lack the permission for the call; check the
    credentials.
    """

class EC2InstanceCreationException(EC2Exception):
    """Launching an instance failed; it may be a temporary capacity problem, so retrying
    can help.
    """

class EC2InstanceNotFoundException(EC2Exception):
    """The instance ID does not exist; it was terminated or never existed."""

class EC2InstanceOperationException(EC2Exception):
    """Starting, stopping or terminating an instance failed, for example because it is
    in the wrong state.
    """

class EC2InvalidParameterException(EC2Exception):
    """A parameter of the request is invalid; fix the input, retrying will not help."""

class EC2QuotaExceededException(EC2Exception):
    """An AWS resource limit was hit; retrying will not help until the quota is raised.
    """

class EC2StatusCheckException(EC2Exception):
    """The instance's health status could not be read; status checks are not available
    right after launch, so retry later.
    """

class EC2TagOperationException(EC2Exception):
    """Adding, removing or reading tags failed, for example because the resource has too
    many tags.
    """
