"""A user's module that catches awserrors' generated classes.

It is never run: tests/test_stubs.py type-checks it with ``mypy --strict`` and
pyright against the installed awserrors, so it passes only if the shipped stubs
declare every generated class with its real bases.
"""

from __future__ import annotations

from typing import assert_type

from botocore.exceptions import ClientError

import awserrors
import awserrors.services.s3
from awserrors.codes import InvalidInstanceID_NotFound, ThrottlingException
from awserrors.services.dynamodb import ConditionalCheckFailedException
from awserrors.taxonomies.devops_agent import DevOpsAgentAPIError, TimeoutError
from awserrors.taxonomies.ec2_client import (
    EC2InstanceNotFoundException,
    EC2QuotaExceededException,
    IntegrationException,
    _parse_aws_error,
)


def put_item(table: str) -> None:
    """Stands for a DynamoDB call."""


def start_instances(instance_id: str) -> None:
    """Stands for an EC2 call."""


def save(table: str) -> bool:
    """True when saved; False when the condition failed or the table is gone."""
    try:
        put_item(table)
    except ConditionalCheckFailedException as error:
        conflict: awserrors.ConflictError = error  # the service's class is the code's, a ConflictError
        return conflict.retryable
    except ThrottlingException as error:
        throttled: awserrors.ThrottlingError = error
        wait = awserrors.retry_after(throttled)
        raise RuntimeError(f"slow down ({throttled.error_code}, {wait} s)") from error
    except awserrors.services.s3.NoSuchKey:  # before NotFoundError, which it is
        return False
    except awserrors.NotFoundError:
        return False
    except ClientError as error:
        converted = awserrors.handle_client_error(error, service="dynamodb")
        assert_type(converted, awserrors.AWSError)
        if converted.retryable or awserrors.is_throttling(converted):
            raise converted from error
        return False
    return True


def start_instance(instance_id: str) -> None:
    """The EC2 client taxonomy's pattern: raise the integration's class for any EC2 error."""
    try:
        start_instances(instance_id)
    except EC2InstanceNotFoundException:
        raise
    except ClientError as error:
        raise _parse_aws_error(error, "start_instance") from error


def classify(error: BaseException) -> str:
    """The generated classes' own attributes, and the categories they belong to."""
    if isinstance(error, IntegrationException) and not isinstance(error, EC2QuotaExceededException):
        return error.code or "unknown"
    if isinstance(error, DevOpsAgentAPIError | TimeoutError):
        return "agent"
    category: type[awserrors.AWSError] = InvalidInstanceID_NotFound
    network: type[awserrors.TaxonomyNetworkError] = awserrors.NetworkTimeoutError
    found = awserrors.exception_class_for("ThrottlingException", service="dynamodb")
    assert_type(found, type[awserrors.AWSError])
    return f"{category.__name__} {network.__name__} {found.default_code} {awserrors.aws.name}"


def any_failure(key: str) -> str:
    """One except for a service's error and for no answer at all (the AWS-wide roots' base)."""
    try:
        with awserrors.translated():
            fetch(key)
    except awserrors.AnyAWSError as failure:
        assert_type(failure.retryable, bool)
        return type(failure).__name__
    service: type[awserrors.AnyAWSError] = awserrors.AWSError
    network: type[awserrors.AnyAWSError] = awserrors.NetworkTimeoutError
    return f"{service.__name__} {network.__name__}"


def report(error: awserrors.AWSError) -> str:
    """What users read off an error: the same types with and without botocore-stubs."""
    assert_type(error.error_code, str | None)
    assert_type(error.error_message, str | None)
    assert_type(error.operation_name, str | None)
    assert_type(error.http_status_code, int | None)
    assert_type(error.request_id, str | None)
    assert_type(error.service_name, str | None)
    assert_type(error.retryable, bool)
    assert_type(error.throttling, bool)
    response = error.response
    if "Error" in response and "Code" in response["Error"]:
        assert_type(response["Error"]["Code"], str)
    if "ResponseMetadata" in response:
        assert_type(response["ResponseMetadata"]["HTTPStatusCode"], int)
    code = error.response.get("Error", {}).get("Code", "")
    assert_type(code, str)
    facts = error.to_dict()
    return f"{code} {facts['code']} {awserrors.retry_after(error)}"


def make() -> awserrors.ConflictError:
    """A generated class takes botocore's arguments, or a message alone."""
    return ConditionalCheckFailedException({"Error": {"Code": "ConditionalCheckFailedException"}}, "PutItem")


@awserrors.translated()
def fetch(key: str, *, version: int = 1) -> bytes:
    """translated() keeps the decorated function's signature."""
    return key.encode() * version


@awserrors.translated()
async def fetch_later(key: str) -> bytes:
    return key.encode()


async def use_them() -> bytes:
    assert_type(fetch("k", version=2), bytes)
    return await fetch_later("k")
