"""``awserrors.install`` and ``awserrors.translated`` with aiobotocore clients.

aiobotocore pins botocore to a narrow range, so it installs only beside the
botocore it was released for.  With the pinned botocore 1.44.5 it does not
resolve: aiobotocore 3.10.0, the newest release when this was written,
requires ``botocore>=1.43.115,<1.43.118``.  The ``integrations`` extra leaves
it out, and these tests skip with that reason; they run wherever aiobotocore
is importable (they were run with aiobotocore 3.10.0 and botocore 1.43.117).
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import botocore
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

import awserrors
from loopback import (
    CREDENTIALS,
    REGION,
    Case,
    Loopback,
    case,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

try:
    import aiobotocore.session
    from aiobotocore.config import AioConfig
except ImportError:
    pytest.skip(
        "aiobotocore is not installed: it does not install beside the pinned botocore "
        f"{botocore.__version__} (aiobotocore 3.10.0, the newest, requires "
        "botocore>=1.43.115,<1.43.118), so the integrations extra leaves it out",
        allow_module_level=True,
    )

DYNAMODB = case("dynamodb-json")
S3 = case("s3-rest-xml")


def aio_session() -> Any:
    """An aiobotocore session reading no AWS config or credentials file."""
    return aiobotocore.session.AioSession(
        session_vars={
            "profile": (None, None, None, None),
            "config_file": (None, None, os.devnull, None),
            "credentials_file": (None, None, os.devnull, None),
        }
    )


def aio_client(session: Any, service: str, url: str) -> Any:
    """An async context manager giving an aiobotocore client of the loopback server."""
    return session.create_client(
        service,
        region_name=REGION,
        endpoint_url=url,
        config=AioConfig(
            retries={"total_max_attempts": 1},
            s3={"addressing_style": "path"} if service == "s3" else None,
        ),
        **CREDENTIALS,
    )


async def aio_raised(c: Case, client: Any) -> ClientError:
    try:
        await getattr(client, c.method)(**c.params)
    except ClientError as error:
        return error
    raise AssertionError(f"{c.name}: the call did not fail")


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(test())


def test_install_on_an_aiobotocore_session(server: Loopback) -> None:
    async def test() -> None:
        session = aio_session()
        async with aio_client(session, "dynamodb", server.url) as before:
            awserrors.install(session)
            async with aio_client(session, "dynamodb", server.url) as after:
                server.answer(DYNAMODB.error(), DYNAMODB.error())
                theirs = await aio_raised(DYNAMODB, before)
                ours = await aio_raised(DYNAMODB, after)
                assert type(theirs) is before.exceptions.ResourceNotFoundException
                assert not isinstance(theirs, awserrors.AWSError)
                assert type(ours).__bases__ == (
                    awserrors.services.dynamodb.ResourceNotFoundException,
                    type(theirs),
                )
                assert isinstance(ours, after.exceptions.ResourceNotFoundException)
                assert isinstance(ours, awserrors.NotFoundError)
                assert ours.operation_name == theirs.operation_name == "GetItem"
        awserrors.uninstall(session)

    run(test)


def test_install_on_one_aiobotocore_client(server: Loopback) -> None:
    async def test() -> None:
        async with aio_client(aio_session(), "s3", server.url) as client:
            server.answer(S3.error(), S3.error(), S3.error())
            assert type(await aio_raised(S3, client)) is client.exceptions.NoSuchKey
            awserrors.install(client)
            ours = await aio_raised(S3, client)
            assert isinstance(ours, awserrors.services.s3.NoSuchKey)
            assert isinstance(ours, client.exceptions.NoSuchKey)
            awserrors.uninstall(client)
            assert type(await aio_raised(S3, client)) is client.exceptions.NoSuchKey

    run(test)


def test_translated_on_a_coroutine_with_an_aiobotocore_client(server: Loopback) -> None:
    async def test() -> None:
        async with aio_client(aio_session(), "dynamodb", server.url) as client:

            @awserrors.translated()
            async def get_item() -> Any:
                return await client.get_item(**DYNAMODB.params)

            server.answer(DYNAMODB.throttle())
            with pytest.raises(awserrors.ThrottlingError) as info:
                await get_item()
            assert isinstance(info.value.__cause__, client.exceptions.ProvisionedThroughputExceededException)
            # The raising client's service, found in the traceback (aiobotocore's _make_api_call).
            assert isinstance(info.value, awserrors.services.dynamodb.ProvisionedThroughputExceededException)
            assert awserrors.is_retryable(info.value)

    run(test)


def test_translated_turns_an_aiobotocore_connection_failure_into_a_network_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"

    async def test() -> None:
        async with aio_client(aio_session(), "dynamodb", url) as client:
            with pytest.raises(awserrors.NetworkError) as info, awserrors.translated():
                await client.get_item(**DYNAMODB.params)
            assert isinstance(info.value.__cause__, EndpointConnectionError)

    run(test)
