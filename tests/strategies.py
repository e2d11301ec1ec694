"""Hypothesis strategies shared by the tests: junk and real-shaped botocore responses."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: Any value JSON or a careless caller could put in a response.
junk: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def error_codes(known: list[str] | tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Error codes: the known ones, HTTP statuses as strings (HEAD requests), and noise."""
    strategies = [st.text(max_size=30), st.integers(100, 599).map(str), junk]
    if known:
        strategies.insert(0, st.sampled_from(sorted(known)))
    return st.one_of(strategies)


def responses(known_codes: list[str] | tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """botocore-shaped response dicts whose every part may be missing or of the wrong type."""
    error = st.fixed_dictionaries(
        {},
        optional={
            "Code": error_codes(known_codes),
            "QueryErrorCode": error_codes(known_codes),
            "Message": st.text(max_size=30) | junk,
            "Type": st.sampled_from(["Sender", "Receiver"]) | junk,
        },
    )
    metadata = st.fixed_dictionaries(
        {},
        optional={
            "HTTPStatusCode": st.integers(100, 599) | junk,
            "RequestId": st.text(max_size=10) | junk,
            "MaxAttemptsReached": st.booleans() | junk,
            "RetryAttempts": st.integers(0, 5) | junk,
        },
    )
    shaped = st.fixed_dictionaries({}, optional={"Error": error | junk, "ResponseMetadata": metadata | junk})
    return shaped | junk


def botocore_responses(known_codes: list[str] | tuple[str, ...] = ()) -> st.SearchStrategy[Any]:
    """Responses as botocore's parsers make them: ``Error`` with a string ``Code`` (a known one
    half the time) and ``ResponseMetadata`` with an int ``HTTPStatusCode``, as every error
    botocore raises has them."""
    code = st.text(max_size=30)
    if known_codes:
        code = st.sampled_from(sorted(known_codes)) | code
    error = st.fixed_dictionaries(
        {"Code": code, "Message": st.text(max_size=30)},
        optional={"QueryErrorCode": code, "Type": st.sampled_from(["Sender", "Receiver"])},
    )
    metadata = st.fixed_dictionaries(
        {"HTTPStatusCode": st.integers(100, 599), "RequestId": st.text(max_size=10)},
        optional={"RetryAttempts": st.integers(0, 5)},
    )
    return st.fixed_dictionaries({"Error": error, "ResponseMetadata": metadata})
