"""``awserrors.install`` and ``awserrors.translated`` with real boto3 clients.

Every error here is what a real boto3 client raises when the loopback server
(``tests/loopback.py``, ``examples/_loopback.py``) answers its call the way the
service does on the wire: JSON (DynamoDB, CloudWatch Logs), query (STS, IAM),
EC2, REST-XML (S3, with a HEAD 404 that has no body), REST-JSON (Lambda) and
SQS's query-compatible JSON.  botocore's own parsers read the answers.

Retries: botocore's decision to retry is what the parity tests compare, with
and without install, in every retry mode.  Its backoff is not: botocore would
sleep seconds between attempts (a throttle's backoff is up to 1, 2, 4 s, and
adaptive mode's client-side rate limiter blocks for seconds more), so the
``backoff`` fixture records ``botocore.endpoint``'s ``time.sleep`` calls instead
of sleeping them and lets adaptive mode's token bucket grant every request at
once (counting the grants).  Sleeping is not what is under test; the number of
requests the server saw, and how many backoffs botocore chose, are.  One test,
``test_retries_with_real_backoff``, sleeps for real with few attempts.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import botocore.endpoint
import botocore.retries.bucket
import pytest
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError

import awserrors
from awserrors import _botocore_seams, _install
from awserrors.taxonomies import devops_agent
from botocore_checks import needs_protocol
from loopback import (
    CASES,
    CREDENTIALS,
    REGION,
    Case,
    Loopback,
    case,
    client_config,
    isolated_botocore_session,
    isolated_session,
    json_error,
    make_client,
    resolve,
    s3_error,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

MODES = ("legacy", "standard", "adaptive")
KINDS = ("throttle", "server_error", "bad_request")
MODELED = [c for c in CASES if c.modeled is not None]


def spoken(found: list[Case] | tuple[Case, ...]) -> list[Any]:
    """pytest params of the cases, each skipped under a botocore whose client speaks another
    protocol to its service than the loopback's answers (botocore 1.34.0's SQS: query)."""
    return [pytest.param(c, id=c.name, marks=needs_protocol(c.service, c.protocol)) for c in found]


def raised(c: Case, client: Any) -> ClientError:
    """The exception ``except ClientError`` catches when ``client`` makes ``c``'s call."""
    try:
        c.call(client)
    except ClientError as error:
        return error
    raise AssertionError(f"{c.name}: the call did not fail")


def caught_by(error: BaseException, clause: type[BaseException]) -> BaseException | None:
    """What ``except clause`` catches when ``error`` is raised, or None."""
    try:
        raise error
    except clause as caught:
        return caught
    except BaseException:
        return None


def without_date(response: dict[str, Any]) -> dict[str, Any]:
    """``response`` without the headers that differ from one answer to the next."""
    copy = dict(response)
    metadata = dict(copy["ResponseMetadata"])
    metadata["HTTPHeaders"] = {k: v for k, v in metadata["HTTPHeaders"].items() if k != "date"}
    copy["ResponseMetadata"] = metadata
    return copy


def is_taxonomy_class(error: BaseException) -> bool:
    return isinstance(error, awserrors.TaxonomyClientError)


# --- botocore's seam ------------------------------------------------------------------


def test_botocore_seam_check_passes_with_the_pinned_botocore() -> None:
    """The loud test for a botocore release that moves a client's exceptions object."""
    _botocore_seams.check()


def test_botocore_seam_is_where_check_says(server: Loopback) -> None:
    client = make_client(isolated_session(), "s3", server.url)
    original = client.exceptions
    assert client.__dict__[_botocore_seams._ATTRIBUTE] is original


# --- each protocol --------------------------------------------------------------------


@pytest.mark.parametrize("c", spoken(CASES))
def test_install_raises_the_most_specific_class(server: Loopback, c: Case) -> None:
    session = isolated_session()
    before = make_client(session, c.service, server.url)
    awserrors.install(session)
    after = make_client(session, c.service, server.url)
    parsed: list[dict[str, Any]] = []

    def record(parsed_response: Any = None, **kwargs: Any) -> None:
        parsed.append(kwargs["parsed"])

    after.meta.events.register("after-call", record)
    answer = c.error()
    server.answer(answer, answer)

    theirs = raised(c, before)  # created before install: botocore's classes, as documented
    ours = raised(c, after)

    # botocore's class before install; for SQS botocore looks the class up by the
    # QueryErrorCode (botocore.handlers._handle_sqs_compatible_error)
    error = theirs.response["Error"]
    code = error["QueryErrorCode"] if c.service == "sqs" else error["Code"]
    assert type(theirs) is before.exceptions.from_code(code)
    assert not is_taxonomy_class(theirs)
    if c.modeled is None:
        assert type(theirs) is ClientError
    else:
        assert type(theirs) is getattr(before.exceptions, c.modeled)

    # the most specific awserrors class after
    expected = resolve(c.expected)
    category = getattr(awserrors, c.category)
    assert type(awserrors.handle_client_error(theirs, service=c.service)) is expected
    if c.caught_as is None:
        assert type(ours) is expected
    else:
        # derived from both: awserrors' class first, then botocore's modeled class (for a
        # HEAD answer, the one the operation's status names: botocore got no code)
        assert type(ours).__bases__ == (expected, getattr(before.exceptions, c.caught_as))
        assert type(ours).__name__ == expected.__name__
    assert isinstance(ours, expected)
    assert isinstance(ours, category)

    # the same raised exception is caught by every clause
    clauses: list[type[BaseException]] = [ClientError, awserrors.AWSError, category, expected]
    clauses.append(after.exceptions.from_code(code))
    if c.caught_as is not None:
        clauses += [getattr(after.exceptions, c.caught_as), getattr(before.exceptions, c.caught_as)]
    for clause in clauses:
        assert caught_by(ours, clause) is ours, clause

    # botocore's parsed response, operation and message
    assert [ours.response] == parsed and ours.response is parsed[0]
    assert without_date(ours.response) == without_date(theirs.response)
    assert ours.operation_name == theirs.operation_name
    assert str(ours) == str(theirs)
    assert awserrors.is_retryable(ours) is awserrors.is_retryable(theirs) is False


def test_head_object_on_a_missing_key_is_caught_as_no_such_key(server: Loopback) -> None:
    """boto3 issues 2442, 3988, 4718: S3 answers a HeadObject on a missing key with a bodiless
    404, so botocore's code is "404" and ``except s3.exceptions.NoSuchKey`` never caught it.
    Installed, the operation names the class: botocore's from_code gets only "404", the
    client's after-call event gives the operation (HeadObject) and the status."""
    session = isolated_session()
    before = make_client(session, "s3", server.url)
    awserrors.install(session)
    s3 = make_client(session, "s3", server.url)
    server.answer(*(s3_error("NoSuchKey", "", status=404, head=True) for _ in range(5)))

    theirs = raised(case("s3-head"), before)
    assert type(theirs) is ClientError  # botocore alone: a plain ClientError, code "404"
    assert "404" == theirs.response["Error"]["Code"]
    assert caught_by(theirs, before.exceptions.NoSuchKey) is None

    error = raised(case("s3-head"), s3)
    assert "404" == error.response["Error"]["Code"]
    assert "HeadObject" == error.operation_name
    for clause in (
        s3.exceptions.NoSuchKey,
        awserrors.services.s3.NoSuchKey,
        awserrors.NotFoundError,
        awserrors.AWSError,
        ClientError,
    ):
        assert caught_by(error, clause) is error, clause
    assert caught_by(error, awserrors.services.s3.NoSuchBucket) is None
    assert not awserrors.is_retryable(error)
    # It pickles as the taxonomy's class (botocore's modeled class belongs to one session).
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), again.response["Error"]) == (
        awserrors.services.s3.NoSuchKey,
        error.response["Error"],
    )

    # As written in the issue: the except clauses around a real call, one after another.
    try:
        s3.head_object(Bucket="bucket", Key="missing")
    except s3.exceptions.NoSuchKey as caught:
        assert isinstance(caught, awserrors.services.s3.NoSuchKey)
    try:
        s3.head_object(Bucket="bucket", Key="missing")
    except awserrors.services.s3.NoSuchKey as caught:
        assert isinstance(caught, s3.exceptions.NoSuchKey)
    try:
        s3.head_object(Bucket="bucket", Key="missing")
    except awserrors.NotFoundError as caught:
        assert isinstance(caught, awserrors.services.s3.NoSuchKey)
    assert 5 == server.count


def test_head_bucket_answers_name_the_bucket_or_the_denial(server: Loopback) -> None:
    """HeadBucket's bodiless 404 is NoSuchBucket, a HEAD 403 S3's AccessDenied; a HEAD 400
    names nothing and stays with the status rule (botocore's region redirector asks twice)."""
    session = isolated_session()
    awserrors.install(session)
    s3 = make_client(session, "s3", server.url)
    server.answer(
        s3_error("NoSuchBucket", "", status=404, head=True),
        s3_error("AccessDenied", "", status=403, head=True),
        *(s3_error("BadRequest", "", status=400, head=True) for _ in range(2)),
    )
    missing = raised_by(lambda: s3.head_bucket(Bucket="missing"))
    assert isinstance(missing, awserrors.services.s3.NoSuchBucket)
    assert isinstance(missing, s3.exceptions.NoSuchBucket)
    denied = raised_by(lambda: s3.head_bucket(Bucket="theirs"))
    assert isinstance(denied, awserrors.services.s3.AccessDenied)
    assert isinstance(denied, awserrors.AccessDeniedError)
    bad = raised_by(lambda: s3.head_object(Bucket="bucket", Key="k"))
    assert ("400", awserrors.InvalidRequestError) == (bad.response["Error"]["Code"], type(bad))


def raised_by(call: Any) -> ClientError:
    try:
        call()
    except ClientError as error:
        return error
    raise AssertionError("the call did not fail")


# --- retries: the same requests with and without install ---------------------------------


@dataclass
class Backoff:
    """What botocore asked to wait, recorded instead of waited."""

    sleeps: list[float] = field(default_factory=list)
    grants: list[int] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    def __getattr__(self, name: str) -> Any:  # the rest of the time module
        return getattr(time, name)


@pytest.fixture
def backoff(monkeypatch: pytest.MonkeyPatch) -> Backoff:
    """Record botocore's retry sleeps and adaptive mode's token waits (see the module's doc)."""
    recorded = Backoff()
    monkeypatch.setattr(botocore.endpoint, "time", recorded)

    def acquire(self: Any, amount: int = 1, block: bool = True) -> bool:
        recorded.grants.append(amount)
        return True

    monkeypatch.setattr(botocore.retries.bucket.TokenBucket, "acquire", acquire)
    return recorded


def expected_requests(c: Case, kind: str, mode: str) -> int:
    """How many requests botocore sends with ``max_attempts: 3`` (3 retries)."""
    if kind == "bad_request":
        # botocore's S3 region redirector sends a HeadObject that got a 400 once more,
        # to the region the answer's x-amz-bucket-region header names.
        return 2 if c.name == "s3-head" else 1
    if (mode, c.name, kind) == ("legacy", "sqs-query-compatible", "throttle"):
        # legacy mode retries SQS's RequestThrottled only with HTTP 403 (botocore's _retry.json)
        return 1
    return 4


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("c", spoken(CASES))
def test_retries_are_botocores(server: Loopback, backoff: Backoff, c: Case, mode: str) -> None:
    session = isolated_session()
    retries = {"mode": mode, "max_attempts": 3}
    plain = make_client(session, c.service, server.url, retries)
    awserrors.install(session)
    installed = make_client(session, c.service, server.url, retries)

    for kind in KINDS:
        seen = []
        for client in (plain, installed):
            server.answer(*(getattr(c, kind)() for _ in range(8)))
            requests, sleeps, grants = server.count, len(backoff.sleeps), len(backoff.grants)
            error = raised(c, client)
            server.clear_script()
            metadata = error.response["ResponseMetadata"]
            seen.append(
                (
                    server.count - requests,
                    len(backoff.sleeps) - sleeps,
                    len(backoff.grants) - grants,
                    metadata.get("RetryAttempts"),
                    metadata.get("MaxAttemptsReached", False),
                    error.response["Error"],
                )
            )
            assert is_taxonomy_class(error) is (client is installed)
        without, with_ = seen
        assert with_ == without, kind
        assert with_[0] == expected_requests(c, kind, mode), kind
        assert with_[1] == with_[0] - 1, kind  # one backoff before each retry


def test_retries_with_real_backoff(server: Loopback) -> None:
    """No recording: botocore sleeps between attempts (standard mode, a 500, 2 retries)."""
    c = case("dynamodb-json")
    session = isolated_session()
    retries = {"mode": "standard", "max_attempts": 2}
    plain = make_client(session, c.service, server.url, retries)
    awserrors.install(session)
    installed = make_client(session, c.service, server.url, retries)
    counts = []
    for client in (plain, installed):
        server.answer(*(c.server_error() for _ in range(3)))
        start = server.count
        error = raised(c, client)
        counts.append((server.count - start, error.response["ResponseMetadata"]["RetryAttempts"]))
    assert counts == [(3, 2), (3, 2)]
    assert isinstance(error, awserrors.ServerError)


# --- targets ---------------------------------------------------------------------------


def test_install_without_a_target_uses_boto3s_default_session(
    server: Loopback, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.setenv(name, os.devnull)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)  # restored when the test ends
    c = case("dynamodb-json")

    def client() -> Any:
        return boto3.client(
            c.service,
            region_name=REGION,
            endpoint_url=server.url,
            config=client_config(c.service),
            **CREDENTIALS,
        )

    server.answer(c.error(), c.error())
    try:
        awserrors.install()
        assert boto3.DEFAULT_SESSION is not None
        assert _install.installed(boto3.DEFAULT_SESSION) is awserrors.aws
        assert isinstance(raised(c, client()), awserrors.services.dynamodb.ResourceNotFoundException)
    finally:
        awserrors.uninstall()
    assert _install.installed(boto3.DEFAULT_SESSION) is None
    assert not is_taxonomy_class(raised(c, client()))


def test_install_on_a_botocore_session(server: Loopback) -> None:
    c = case("iam-query")
    session = isolated_botocore_session()
    awserrors.install(session)
    server.answer(c.error())
    client = make_client(session, c.service, server.url)
    error = raised(c, client)
    assert isinstance(error, awserrors.services.iam.NoSuchEntityException)
    assert isinstance(error, client.exceptions.NoSuchEntityException)


def test_install_on_one_client_switches_it_at_once(server: Loopback) -> None:
    c = case("s3-rest-xml")
    session = isolated_session()
    client = make_client(session, c.service, server.url)
    other = make_client(session, c.service, server.url)
    server.answer(*(c.error() for _ in range(5)))

    assert not is_taxonomy_class(raised(c, client))
    awserrors.install(client)
    awserrors.install(client)  # idempotent
    assert _install.installed(client) is awserrors.aws
    error = raised(c, client)
    assert type(error).__bases__[0] is awserrors.services.s3.NoSuchKey
    assert isinstance(error, client.exceptions.NoSuchKey)
    assert not is_taxonomy_class(raised(c, other))  # the session's other clients: untouched
    assert _install.installed(session) is None

    awserrors.uninstall(client)
    assert _install.installed(client) is None
    error = raised(c, client)
    assert type(error) is client.exceptions.NoSuchKey
    assert not is_taxonomy_class(error)


def test_a_resources_client_raises_taxonomy_classes(server: Loopback) -> None:
    c = case("s3-rest-xml")
    session = isolated_session()
    awserrors.install(session)
    s3 = session.resource("s3", region_name=REGION, endpoint_url=server.url, config=client_config("s3"))
    server.answer(c.error(), c.error())

    error = raised(c, s3.meta.client)
    assert isinstance(error, awserrors.services.s3.NoSuchKey)
    assert isinstance(error, s3.meta.client.exceptions.NoSuchKey)
    with pytest.raises(awserrors.services.s3.NoSuchKey):
        s3.Object("bucket", "missing").get()


def test_install_twice_is_installing_once(server: Loopback) -> None:
    c = case("lambda-rest-json")
    session = isolated_session()
    awserrors.install(session)
    awserrors.install(session)
    client = make_client(session, c.service, server.url)
    mixins = [k for k in type(client).__mro__ if k.__name__ == "TranslatingClient"]
    assert len(mixins) == 1
    server.answer(c.error(), c.error())
    assert type(raised(c, client)).__bases__[0] is awserrors.services.lambda_.ResourceNotFoundException

    awserrors.uninstall(session)  # one uninstall undoes both: one handler was registered
    fresh = make_client(session, c.service, server.url)
    assert not any(k.__name__ == "TranslatingClient" for k in type(fresh).__mro__)
    assert type(raised(c, fresh)) is fresh.exceptions.ResourceNotFoundException


@needs_protocol("sqs", "json")
def test_uninstall_restores_botocores_classes_for_new_clients_only(server: Loopback) -> None:
    c = case("sqs-query-compatible")
    session = isolated_session()
    awserrors.install(session)
    during = make_client(session, c.service, server.url)
    awserrors.uninstall(session)
    awserrors.uninstall(session)  # uninstalling again is harmless
    later = make_client(session, c.service, server.url)
    server.answer(c.error(), c.error())
    assert isinstance(raised(c, during), awserrors.services.sqs.QueueDoesNotExist)  # documented
    assert type(raised(c, later)) is later.exceptions.QueueDoesNotExist


def test_the_devops_agent_taxonomy_installs_its_own_classes(server: Loopback) -> None:
    c = case("lambda-rest-json")
    session = isolated_session()
    awserrors.install(session)
    devops_agent.taxonomy.install(session)  # one taxonomy per session: the last one wins
    assert _install.installed(session) is devops_agent.taxonomy
    client = make_client(session, c.service, server.url)
    server.answer(c.throttle(), c.error())

    throttled = raised(c, client)
    assert type(throttled).__bases__[0] is devops_agent.ThrottlingException
    assert isinstance(throttled, devops_agent.DevOpsAgentAPIError)
    assert isinstance(throttled, client.exceptions.TooManyRequestsException)
    assert not isinstance(throttled, awserrors.AWSError)
    assert devops_agent.is_throttling(throttled) and devops_agent.is_retryable(throttled)
    assert isinstance(raised(c, client), devops_agent.ResourceNotFoundException)

    devops_agent.taxonomy.uninstall(session)
    assert _install.installed(session) is None


@needs_protocol("cloudwatch", "json")
def test_install_agrees_with_handle_client_error_on_a_shared_query_code(server: Loopback) -> None:
    """CloudWatch (query-compatible JSON) sends the old Query code ``ResourceNotFound``
    for two shapes, ``DashboardNotFoundError`` and ``ResourceNotFound``; the shape's
    name arrives in ``__type`` and botocore keeps it as ``Error.QueryErrorCode``.
    ``handle_client_error`` reads ``QueryErrorCode`` first (docs/aws-taxonomy.md);
    an installed client should raise the same class."""
    session = isolated_session()
    awserrors.install(session)
    client = make_client(session, "cloudwatch", server.url)
    answer = json_error(
        "DashboardNotFoundError",
        "Dashboard d does not exist",
        status=404,
        type_prefix="com.amazonaws.cloudwatch#",
        query_error="ResourceNotFound;Sender",
    )
    server.answer(answer)
    try:
        client.get_dashboard(DashboardName="d")
    except ClientError as raised_error:
        error = raised_error
    assert error.response["Error"]["QueryErrorCode"] == "DashboardNotFoundError"
    # Already a taxonomy class: handle_client_error gives it back as it is.
    assert error is awserrors.handle_client_error(error, service="cloudwatch")
    plain = ClientError(error.response, error.operation_name)  # type: ignore[arg-type]
    handled = awserrors.handle_client_error(plain, service="cloudwatch")
    assert type(handled) is awserrors.services.cloudwatch.DashboardNotFoundError
    assert isinstance(error, client.exceptions.ResourceNotFound)  # botocore's pick, still caught
    assert isinstance(error, awserrors.services.cloudwatch.DashboardNotFoundError)


@pytest.mark.parametrize("c", spoken(MODELED))
def test_a_raised_combined_exception_pickles_as_the_taxonomy_class(server: Loopback, c: Case) -> None:
    session = isolated_session()
    awserrors.install(session)
    server.answer(c.error())
    error = raised(c, make_client(session, c.service, server.url))
    assert type(error) is not resolve(c.expected)  # the combined class

    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is resolve(c.expected)
    assert copy.response == error.response
    assert copy.operation_name == error.operation_name
    assert str(copy) == str(error)


# --- translated ------------------------------------------------------------------------


def closed_port_url() -> str:
    """An address on 127.0.0.1 where nothing listens: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def plain_dynamodb(server: Loopback) -> Iterator[Any]:
    """A DynamoDB client that is not installed, and a not-found answer waiting for it."""
    server.answer(case("dynamodb-json").error())
    yield make_client(isolated_session(), "dynamodb", server.url)


def get_item(client: Any) -> Any:
    return case("dynamodb-json").call(client)


def check_translated(error: BaseException) -> None:
    assert isinstance(error, awserrors.codes.ResourceNotFoundException)
    assert isinstance(error, awserrors.NotFoundError)
    original = error.__cause__
    assert isinstance(original, ClientError) and not is_taxonomy_class(original)
    assert isinstance(error, ClientError) and error.response is original.response


def test_translated_as_a_context_manager(plain_dynamodb: Any) -> None:
    with pytest.raises(awserrors.NotFoundError) as info, awserrors.translated():
        get_item(plain_dynamodb)
    check_translated(info.value)


def test_translated_as_a_decorator(plain_dynamodb: Any) -> None:
    @awserrors.translated()
    def lookup() -> Any:
        return get_item(plain_dynamodb)

    with pytest.raises(awserrors.NotFoundError) as info:
        lookup()
    check_translated(info.value)
    assert lookup.__name__ == "lookup"


def test_translated_on_a_coroutine_function(plain_dynamodb: Any) -> None:
    @awserrors.translated()
    async def lookup() -> Any:
        await asyncio.sleep(0)
        return get_item(plain_dynamodb)

    with pytest.raises(awserrors.NotFoundError) as info:
        asyncio.run(lookup())
    check_translated(info.value)


def test_translated_gives_the_raising_clients_service_class(plain_dynamodb: Any) -> None:
    """As an installed client raises: ``except awserrors.services.dynamodb.X`` catches it."""
    with pytest.raises(awserrors.services.dynamodb.ResourceNotFoundException) as info, awserrors.translated():
        get_item(plain_dynamodb)
    assert "dynamodb" == info.value.service_name
    check_translated(info.value)


def test_translated_with_a_service_named_uses_that_service(plain_dynamodb: Any) -> None:
    with pytest.raises(awserrors.NotFoundError) as info, awserrors.translated(service="devops-agent"):
        get_item(plain_dynamodb)
    assert not isinstance(info.value, awserrors.services.dynamodb.ResourceNotFoundException)
    assert isinstance(info.value, awserrors.codes.ResourceNotFoundException)


def test_translated_ignores_a_make_api_call_that_is_not_a_clients() -> None:
    """Another library's method of that name, whose ``self`` has no service model (or one
    whose attributes raise): the error is translated without a service."""

    class Exploding:
        @property
        def meta(self) -> Any:
            raise RuntimeError("not a client")

        def _make_api_call(self) -> None:
            raise ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "GetItem")

    with pytest.raises(awserrors.codes.ResourceNotFoundException) as info, awserrors.translated():
        Exploding()._make_api_call()
    assert type(info.value) is awserrors.codes.ResourceNotFoundException


def test_translated_turns_connection_failures_into_network_errors() -> None:
    client = make_client(isolated_session(), "dynamodb", closed_port_url())
    with pytest.raises(awserrors.NetworkError) as info, awserrors.translated():
        get_item(client)
    assert isinstance(info.value, BotoCoreError)
    assert isinstance(info.value.__cause__, EndpointConnectionError)
    assert awserrors.is_retryable(info.value)


def test_translated_with_another_taxonomy(plain_dynamodb: Any) -> None:
    with pytest.raises(devops_agent.ResourceNotFoundException) as info:  # noqa: SIM117
        with devops_agent.taxonomy.translated():
            get_item(plain_dynamodb)
    assert isinstance(info.value.__cause__, ClientError)
    with pytest.raises(devops_agent.ConnectionError), awserrors.translated(devops_agent.taxonomy):
        get_item(make_client(isolated_session(), "dynamodb", closed_port_url()))


def test_translated_lets_other_exceptions_through() -> None:
    original = KeyError("k")
    with pytest.raises(KeyError) as info, awserrors.translated():
        raise original
    assert info.value is original and info.value.__cause__ is None

    @awserrors.translated()
    async def fails() -> None:
        raise original

    with pytest.raises(KeyError) as info:
        asyncio.run(fails())
    assert info.value is original

    @awserrors.translated()
    def succeeds() -> int:
        return 42

    assert succeeds() == 42


def test_translated_leaves_an_installed_clients_error_alone(server: Loopback) -> None:
    c = case("dynamodb-json")
    session = isolated_session()
    awserrors.install(session)
    server.answer(c.error())
    client = make_client(session, c.service, server.url)
    with pytest.raises(ClientError) as info, awserrors.translated():
        c.call(client)
    assert isinstance(info.value, client.exceptions.ResourceNotFoundException)
    assert isinstance(info.value, awserrors.services.dynamodb.ResourceNotFoundException)
    assert info.value.__cause__ is None  # raised by botocore as it is, not re-raised


# --- moto --------------------------------------------------------------------------------


def test_moto_round_trip() -> None:
    moto = pytest.importorskip("moto", reason="moto is not installed (pip install awserrors[integrations])")
    with moto.mock_aws():
        session = isolated_session()
        awserrors.install(session)
        s3 = session.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="bucket")
        with pytest.raises(awserrors.NotFoundError) as info:
            s3.get_object(Bucket="bucket", Key="missing")
    error = info.value
    assert isinstance(error, awserrors.services.s3.NoSuchKey)
    assert isinstance(error, s3.exceptions.NoSuchKey)
    assert error.response["Error"]["Code"] == "NoSuchKey"


def test_install_loads_no_tables_until_an_error_needs_them(server: Loopback) -> None:
    """install() and a client's creation read no tables (nor YAML, nor attrs): a process that
    installs awserrors and never meets an error pays nothing for it."""
    code = f"""
import sys, boto3, awserrors
session = boto3.session.Session(region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b")
awserrors.install(session)
client = session.client("dynamodb", endpoint_url={server.url!r})
print(awserrors.aws._tables is None, "yaml" in sys.modules, "attr" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "True False False" == done.stdout.strip(), done.stderr
