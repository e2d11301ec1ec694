"""Deliberate mistakes: every line marked ``# error`` must fail type checking.

tests/test_stubs.py checks that mypy and pyright report exactly these lines, which
shows that they read the shipped stubs rather than giving up on the generated modules.
"""

from __future__ import annotations

import awserrors
from awserrors.codes import NoSuchCodeException  # error: not a generated class
from awserrors.services.dynamodb import ConditionalCheckFailedException

missing = ConditionalCheckFailedException.no_such_attr  # error: no such attribute
unknown = awserrors.NoSuchCategoryError  # error: no such category
category: type[awserrors.NotFoundError] = ConditionalCheckFailedException  # error: a ConflictError
converted = awserrors.handle_client_error("not an exception")  # error: takes an exception
retryable: str = awserrors.is_retryable(ConditionalCheckFailedException("x"))  # error: returns bool


@awserrors.translated()
def fetch(key: str) -> bytes:
    return key.encode()


fetched: bytes = fetch(42)  # error: translated() keeps the signature
assert NoSuchCodeException
