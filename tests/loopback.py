"""The loopback AWS stand-in for the tests, and its ``server`` fixture.

The server and the wire-format answers live in ``examples/_loopback.py``, which
the demo uses too (an installed awserrors has no ``tests`` to import); pytest puts
``examples/`` on ``sys.path`` (``pythonpath`` in pyproject.toml) and this module
re-exports them.  A test module gets the fixtures with ``from loopback import
server_fixture, aws_env_fixture``: they are named ``server`` and ``aws_env``.
"""

from __future__ import annotations

import os
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
    "aws_env_fixture",
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


@pytest.fixture(name="aws_env")
def aws_env_fixture(server: Loopback, monkeypatch: pytest.MonkeyPatch) -> Loopback:
    """The environment of a program whose AWS is the loopback server.

    Region, credentials and ``AWS_ENDPOINT_URL`` (the server) come from the
    environment, as a real program's do; no AWS config or credentials file is
    read, and boto3's default session is made anew (and restored afterwards).
    """
    import boto3

    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ENDPOINT_URL", server.url)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # restored when the test ends
    return server
