"""awserrors' demo: classify real botocore errors.

Each error below is what botocore itself raises when AWS answers a call with that
error: a real botocore client sends the request, a ``before-send`` hook answers
it with the service's wire-format error body (JSON, query XML, EC2 XML, S3 XML,
or nothing at all for a HEAD request), and botocore's own parser turns the
answer into a ``ClientError``.  awserrors then picks the class.
"""

from __future__ import annotations

from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

import awserrors
from awserrors.taxonomies import devops_agent, ec2_client
from awserrors.testing import make_client_error

CALLS = [
    # service, operation, code, status
    ("dynamodb", "GetItem", "ProvisionedThroughputExceededException", 400),
    ("dynamodb", "PutItem", "ConditionalCheckFailedException", 400),
    ("sts", "GetCallerIdentity", "ExpiredToken", 400),
    ("iam", "GetUser", "AccessDenied", 403),
    ("ec2", "DescribeInstances", "InvalidInstanceID.NotFound", 400),
    ("ec2", "RunInstances", "RequestLimitExceeded", 503),
    ("s3", "GetObject", "NoSuchKey", 404),
    ("s3", "HeadObject", "NoSuchKey", 404),  # HEAD: no body, botocore reports code "404"
    ("lambda", "Invoke", "TooManyRequestsException", 429),
    ("logs", "PutLogEvents", "ServiceUnavailableException", 503),
]


def name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def category(cls: type) -> str:
    """The AWS-wide category a class sits under (an attribute of the awserrors module)."""
    return next(c.__qualname__ for c in cls.__mro__ if c.__module__ == "awserrors")


def row(*cells: object) -> str:
    widths = (9, 18, 40, 62, 24, 9, 9)
    return "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))


def main() -> None:
    print("The AWS-wide taxonomy: awserrors.handle_client_error(error)\n")
    print(
        row(
            "service",
            "operation",
            "wire code (as botocore parsed it)",
            "awserrors class",
            "category",
            "retryable",
            "throttling",
        )
    )
    for service, operation, code, status in CALLS:
        error = make_client_error(code, service=service, operation=operation, http_status=status)
        assert isinstance(error, ClientError)
        converted = awserrors.handle_client_error(error, service=service)
        assert converted.response is error.response and converted.__cause__ is error
        print(
            row(
                service,
                operation,
                error.response["Error"]["Code"],
                name(type(converted)),
                category(type(converted)),
                converted.retryable,
                converted.throttling,
            )
        )

    print("\nNetwork failures: awserrors.handle_error(error)\n")
    for failure in (
        EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com"),
        ReadTimeoutError(endpoint_url="https://s3.amazonaws.com"),
    ):
        converted = awserrors.handle_error(failure)
        print(
            f"  {type(failure).__name__:26} -> {name(type(converted))}"
            f" (retryable={awserrors.is_retryable(converted)})"
        )

    print("\nSeed 001, the EC2 client: _parse_aws_error(error, operation)\n")
    for code, operation, wrapper in [
        ("InvalidInstanceID.NotFound", "StartInstances", "start_instance"),
        ("InsufficientInstanceCapacity", "RunInstances", "create_instance"),
        ("Unsupported", "RunInstances", "create_instance"),
        ("IncorrectInstanceState", "StopInstances", "stop_instance"),
        ("TagLimitExceeded", "CreateTags", "add_tags"),
        ("MysteryError", "DescribeVpcs", "list_vpcs"),
    ]:
        error = make_client_error(code, service="ec2", operation=operation)
        parsed = ec2_client._parse_aws_error(error, wrapper)
        print(
            f"  {code:30} in {wrapper:16} -> {type(parsed).__qualname__:30} "
            f"retryable={parsed.retryable!s:5}  str: {str(parsed)[:60]}"
        )

    print("\nSeed 000, the DevOps Agent API: handle_client_error(error)\n")
    for code, status in [
        ("ValidationException", 400),
        ("SomethingNew", 403),
        ("SomethingNew", 429),
        ("SomethingNew", 503),
    ]:
        error = make_client_error(code, service="lambda", operation="Invoke", http_status=status)
        converted = devops_agent.handle_client_error(error)
        umbrellas = [
            u.__name__
            for u in (
                devops_agent.DevOpsAgentAPIError,
                devops_agent.DevOpsAgentAuthError,
                devops_agent.DevOpsAgentValidationError,
            )
            if isinstance(converted, u)
        ]
        print(
            f"  {code:20} HTTP {status} -> {type(converted).__qualname__:28} caught by {', '.join(umbrellas)}"
            f"; e.code={converted.code!r} e.status_code={converted.status_code}"
        )


if __name__ == "__main__":
    main()
