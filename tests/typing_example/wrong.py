"""Deliberate mistakes: every line marked ``# error`` must fail type checking.

tests/test_stubs.py checks that mypy and pyright report exactly these lines, which
shows that they read the shipped stubs rather than giving up on the generated modules.
Without botocore-stubs mypy sees botocore's ``ClientError`` as ``Any``, and a class
with an ``Any`` base accepts any attribute and any assignment: it misses the lines
marked ``[mypy: with botocore-stubs]`` (pyright reads botocore's source and does not).
"""

from __future__ import annotations

import awserrors
from awserrors.codes import NoSuchCodeException  # error: not a generated class
from awserrors.services.dynamodb import ConditionalCheckFailedException

missing = ConditionalCheckFailedException.no_such_attr  # error: no such attribute [mypy: with botocore-stubs]
unknown = awserrors.NoSuchCategoryError  # error: no such category
wanted: type[awserrors.NotFoundError] = ConditionalCheckFailedException  # error: [mypy: with botocore-stubs]
converted = awserrors.handle_client_error("not an exception")  # error: takes an exception
retryable: str = awserrors.is_retryable(ConditionalCheckFailedException("x"))  # error: returns bool
operation: str = ConditionalCheckFailedException("x").operation_name  # error: may be None
status: str = ConditionalCheckFailedException("x").response["ResponseMetadata"]["HTTPStatusCode"]  # error


@awserrors.translated()
def fetch(key: str) -> bytes:
    return key.encode()


fetched: bytes = fetch(42)  # error: translated() keeps the signature
assert NoSuchCodeException
