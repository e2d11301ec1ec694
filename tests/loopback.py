"""The loopback AWS stand-in for the tests, and its ``server`` fixture.

The server and the wire-format answers live in ``examples/_loopback.py``, which
the demo uses too (an installed awserrors has no ``tests`` to import); pytest puts
``examples/`` on ``sys.path`` (``pythonpath`` in pyproject.toml) and this module
re-exports them.  A test module
gets the fixture with ``from loopback import server_fixture``: the fixture is
named ``server``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from _loopback import (
    CASES,
    CREDENTIALS,
    REGION,
    UNSCRIPTED_STATUS,
    Answer,
    Case,
    Loopback,
    Request,
    case,
    client_config,
    ec2_error,
    isolated_botocore_session,
    isolated_session,
    json_error,
    json_ok,
    make_client,
    query_error,
    resolve,
    rest_json_error,
    s3_error,
)

__all__ = [
    "CASES",
    "CREDENTIALS",
    "REGION",
    "UNSCRIPTED_STATUS",
    "Answer",
    "Case",
    "Loopback",
    "Request",
    "case",
    "client_config",
    "ec2_error",
    "isolated_botocore_session",
    "isolated_session",
    "json_error",
    "json_ok",
    "make_client",
    "query_error",
    "resolve",
    "rest_json_error",
    "s3_error",
    "server_fixture",
]


@pytest.fixture(name="server")
def server_fixture() -> Iterator[Loopback]:
    """A running :class:`Loopback` on 127.0.0.1, stopped when the test ends.

    The test fails if a request found the script empty.
    """
    with Loopback() as server:
        yield server
    assert not server.unscripted, f"requests the script had no answer for: {server.unscripted}"
