"""docs/recipes.md, run as written: install, translated, tenacity, stamina, retry_after.

Each recipe's one ``python`` block is read from docs/recipes.md and executed
as it stands, with the environment a real program has: region, credentials and
``AWS_ENDPOINT_URL`` (pointing at the loopback server), and no AWS config file.
The tests then call the functions the recipe defined while the server answers
the way the service does.  tenacity's sleeps are recorded through its
``retry_with(sleep=...)``; stamina runs in its testing mode (no backoff), except
where the wait it chose is what is under test, and that wait is milliseconds.
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

import awserrors
from loopback import (
    Answer,
    Loopback,
    aws_env_fixture,  # noqa: F401  (the "aws_env" fixture)
    case,
    isolated_session,
    json_ok,
    make_client,
    s3_error,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

RECIPES = Path(__file__).resolve().parents[1] / "docs" / "recipes.md"
INSTALL = "Install into a session"
HEAD = "One except for a missing S3 object"
TRANSLATED = "Translate without installing"
ANY_FAILURE = "Catch any AWS failure: AnyAWSError"
TENACITY = "Retry with tenacity"
STAMINA = "Retry with stamina"
RETRY_AFTER = "Wait as long as AWS asks: retry_after"
OWN_TAXONOMY = "Write your own taxonomy"
TRAVEL = "Carry errors across processes"
TESTED = (INSTALL, HEAD, TRANSLATED, ANY_FAILURE, TENACITY, STAMINA, RETRY_AFTER, OWN_TAXONOMY, TRAVEL)

DYNAMODB = case("dynamodb-json")
SQS = case("sqs-query-compatible")
LAMBDA = case("lambda-rest-json")
ITEM = {"Item": {"id": {"S": "42"}}}
NO_TENACITY = "tenacity is not installed (pip install awserrors[integrations])"
NO_STAMINA = "stamina is not installed (pip install awserrors[integrations])"


def recipe_source(title: str) -> str:
    """The one ``python`` block of the recipe ``## title`` in docs/recipes.md."""
    text = RECIPES.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (.+?)\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    blocks = re.findall(r"^```python\n(.*?)^```", sections[title], re.S | re.M)
    assert len(blocks) == 1, f"{title!r} should have one python block, has {len(blocks)}"
    return str(blocks[0])


def run_recipe(title: str) -> dict[str, Any]:
    """Execute the recipe; its module-level names."""
    namespace: dict[str, Any] = {"__name__": "recipe"}
    exec(compile(recipe_source(title), f"{RECIPES}: {title}", "exec"), namespace)
    return namespace


def test_every_recipe_is_tested() -> None:
    titles = re.findall(r"^## (.+)$", RECIPES.read_text(encoding="utf-8"), re.M)
    assert tuple(titles) == TESTED


# --- install ------------------------------------------------------------------------------


def test_recipe_install(aws_env: Loopback) -> None:
    aws_env.answer(DYNAMODB.error(), json_ok(ITEM), DYNAMODB.bad_request())
    recipe = run_recipe(INSTALL)
    find_order = recipe["find_order"]

    assert find_order("42") is None  # ResourceNotFoundException: a NotFoundError
    assert find_order("42") == ITEM["Item"]
    with pytest.raises(awserrors.InvalidRequestError) as info:
        find_order("42")
    assert isinstance(info.value, ClientError)
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert aws_env.count == 3
    awserrors.uninstall(recipe["session"])


# --- HEAD ---------------------------------------------------------------------------------


def test_recipe_head_object_on_a_missing_key(aws_env: Loopback) -> None:
    denied = s3_error("AccessDenied", "", status=403, head=True)
    aws_env.answer(case("s3-head").error(), Answer(200, {"Content-Length": "5", "ETag": '"x"'}), denied)
    recipe = run_recipe(HEAD)
    object_exists, s3 = recipe["object_exists"], recipe["s3"]

    assert object_exists("bucket", "missing") is False  # a bodiless 404: code "404"
    assert object_exists("bucket", "there") is True
    with pytest.raises(awserrors.AccessDeniedError) as info:  # anything else still escapes
        object_exists("bucket", "theirs")
    assert isinstance(info.value, awserrors.services.s3.AccessDenied)  # type: ignore[attr-defined]
    assert not isinstance(info.value, s3.exceptions.NoSuchKey)
    assert aws_env.count == 3
    awserrors.uninstall(recipe["session"])


# --- translated ---------------------------------------------------------------------------


def test_recipe_translated_decorator(aws_env: Loopback) -> None:
    aws_env.answer(SQS.error(), json_ok({"QueueUrl": f"{aws_env.url}/123456789012/orders"}))
    recipe = run_recipe(TRANSLATED)
    queue_url, sqs = recipe["queue_url"], recipe["sqs"]

    with pytest.raises(awserrors.NotFoundError) as info:
        queue_url("missing")
    original = info.value.__cause__
    assert type(original) is sqs.exceptions.QueueDoesNotExist  # botocore's, chained
    assert info.value.response is original.response
    assert queue_url("orders") == f"{aws_env.url}/123456789012/orders"


def test_recipe_translated_block(aws_env: Loopback) -> None:
    aws_env.answer(json_ok({"QueueUrl": f"{aws_env.url}/123456789012/orders"}), SQS.bad_request())
    send = run_recipe(TRANSLATED)["send"]

    with pytest.raises(awserrors.InvalidRequestError) as info:
        send("orders", "hello")
    assert info.value.operation_name == "SendMessage"
    assert isinstance(info.value.__cause__, ClientError)
    assert not awserrors.is_retryable(info.value)
    assert aws_env.count == 2


# --- any failure --------------------------------------------------------------------------


def test_recipe_any_aws_failure(aws_env: Loopback, caplog: pytest.LogCaptureFixture) -> None:
    aws_env.answer(DYNAMODB.error(), json_ok(ITEM), DYNAMODB.bad_request())
    recipe = run_recipe(ANY_FAILURE)
    order_or_none = recipe["order_or_none"]

    assert order_or_none("42") is None  # ResourceNotFoundException: an AWSError
    assert order_or_none("42") == ITEM["Item"]
    assert order_or_none("42") is None  # ValidationException: an AWSError
    assert aws_env.count == 3
    with socket.socket() as sock:  # a port nobody listens on: no answer at all
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    recipe["dynamodb"] = make_client(isolated_session(), "dynamodb", closed)
    assert order_or_none("42") is None  # EndpointConnectionError: a NetworkError
    kinds = [record.args[0] for record in caplog.records if record.name == "orders"]  # type: ignore[index]
    assert [type(k) for k in kinds] == [
        awserrors.services.dynamodb.ResourceNotFoundException,  # type: ignore[attr-defined]
        awserrors.codes.ValidationException,  # type: ignore[attr-defined]
        awserrors.NetworkError,
    ]
    assert all(isinstance(k, awserrors.AnyAWSError) for k in kinds)
    recipe["dynamodb"] = None  # anything else escapes
    with pytest.raises(AttributeError):
        order_or_none("42")


# --- tenacity -----------------------------------------------------------------------------


@pytest.fixture
def get_order(aws_env: Loopback) -> Any:
    """The tenacity recipe's ``get_order``, recording its sleeps in ``get_order.sleeps``."""
    pytest.importorskip("tenacity", reason=NO_TENACITY)
    sleeps: list[float] = []
    recorded = run_recipe(TENACITY)["get_order"].retry_with(sleep=sleeps.append)
    recorded.sleeps = sleeps
    return recorded


def test_tenacity_retries_a_throttled_call_until_it_succeeds(aws_env: Loopback, get_order: Any) -> None:
    aws_env.answer(DYNAMODB.throttle(), DYNAMODB.throttle(), json_ok(ITEM))
    assert get_order("42")["Item"] == ITEM["Item"]
    assert aws_env.count == 3
    # no Retry-After: exponential backoff with jitter, 0.5 s then 1 s, plus up to 1 s
    first, second = get_order.sleeps
    assert 0.5 <= first <= 1.5 and 1.0 <= second <= 2.0


def test_tenacity_waits_as_long_as_aws_asks(aws_env: Loopback, get_order: Any) -> None:
    aws_env.answer(
        DYNAMODB.throttle().with_headers(x_amz_retry_after="1500"),  # milliseconds
        DYNAMODB.throttle().with_headers(Retry_After="2"),  # seconds
        json_ok(ITEM),
    )
    assert get_order("42")["Item"] == ITEM["Item"]
    assert get_order.sleeps == [1.5, 2.0]


def test_tenacity_does_not_retry_a_bad_request(aws_env: Loopback, get_order: Any) -> None:
    aws_env.answer(DYNAMODB.bad_request())
    with pytest.raises(ClientError) as info:
        get_order("42")
    assert info.value.response["Error"]["Code"] == "ValidationException"
    assert aws_env.count == 1 and get_order.sleeps == []


def test_tenacity_gives_up_after_five_attempts(aws_env: Loopback, get_order: Any) -> None:
    aws_env.answer(*(DYNAMODB.throttle() for _ in range(5)))
    with pytest.raises(ClientError) as info:  # reraise=True: the last error itself
        get_order("42")
    assert awserrors.is_throttling(info.value)
    assert aws_env.count == 5 and len(get_order.sleeps) == 4


# --- stamina ------------------------------------------------------------------------------


@pytest.fixture
def stamina_testing() -> Iterator[Any]:
    """stamina without backoff, keeping each decorator's attempts."""
    stamina = pytest.importorskip("stamina", reason=NO_STAMINA)
    with stamina.set_testing(True, attempts=100, cap=True):
        yield stamina


def test_stamina_retries_a_throttled_call_until_it_succeeds(aws_env: Loopback, stamina_testing: Any) -> None:
    url = f"{aws_env.url}/123456789012/orders"
    aws_env.answer(SQS.throttle(), SQS.server_error(), json_ok({"QueueUrl": url}))
    queue_url = run_recipe(STAMINA)["queue_url"]
    assert queue_url("orders") == url
    assert aws_env.count == 3


def test_stamina_does_not_retry_a_bad_request(aws_env: Loopback, stamina_testing: Any) -> None:
    aws_env.answer(SQS.error())
    queue_url = run_recipe(STAMINA)["queue_url"]
    with pytest.raises(ClientError) as info:
        queue_url("missing")
    assert not awserrors.is_retryable(info.value)
    assert aws_env.count == 1


def test_stamina_gives_up_after_five_attempts(aws_env: Loopback, stamina_testing: Any) -> None:
    aws_env.answer(*(SQS.throttle() for _ in range(5)))
    queue_url = run_recipe(STAMINA)["queue_url"]
    with pytest.raises(ClientError) as info:
        queue_url("orders")
    assert awserrors.is_throttling(info.value)
    assert aws_env.count == 5


# --- retry_after ----------------------------------------------------------------------------

FUNCTION = {
    "Configuration": {
        "FunctionName": "report",
        "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:report",
    }
}


def lambda_ok() -> Answer:
    return Answer(200, {"Content-Type": "application/json"}, json.dumps(FUNCTION).encode())


def raised_by(client: Any) -> ClientError:
    try:
        client.get_function(FunctionName="report")
    except ClientError as error:
        return error
    raise AssertionError("the call did not fail")


def test_the_retry_after_hook_reads_the_answers_headers(aws_env: Loopback) -> None:
    pytest.importorskip("stamina", reason=NO_STAMINA)
    recipe = run_recipe(RETRY_AFTER)
    retry_aws, client = recipe["retry_aws"], recipe["lambda_"]
    aws_env.answer(
        LAMBDA.throttle().with_headers(Retry_After="3"),
        LAMBDA.throttle().with_headers(x_amz_retry_after="250"),
        LAMBDA.throttle(),
        LAMBDA.bad_request().with_headers(Retry_After="3"),
    )
    assert retry_aws(raised_by(client)) == 3.0
    assert retry_aws(raised_by(client)) == 0.25
    assert retry_aws(raised_by(client)) is True  # retryable, no header: stamina's own backoff
    assert retry_aws(raised_by(client)) is False  # not retryable, whatever the header says


def test_stamina_waits_as_long_as_aws_asks(aws_env: Loopback) -> None:
    """Not in testing mode: stamina really waits what the hook returns, 5 ms and 10 ms here."""
    stamina = pytest.importorskip("stamina", reason=NO_STAMINA)
    from stamina import instrumentation

    waits: list[float] = []
    hooks = instrumentation.get_on_retry_hooks()
    instrumentation.set_on_retry_hooks([lambda details: waits.append(details.wait_for)])
    aws_env.answer(
        LAMBDA.throttle().with_headers(x_amz_retry_after="5"),
        LAMBDA.throttle().with_headers(x_amz_retry_after="10"),
        lambda_ok(),
    )
    try:
        with stamina.set_testing(False):
            arn = run_recipe(RETRY_AFTER)["function_arn"]("report")
    finally:
        instrumentation.set_on_retry_hooks(hooks)
    assert arn == FUNCTION["Configuration"]["FunctionArn"]
    assert waits == pytest.approx([0.005, 0.01])
    assert aws_env.count == 3


# --- your own taxonomy ----------------------------------------------------------------------


def test_recipe_own_taxonomy(capsys: pytest.CaptureFixture[str]) -> None:
    recipe = run_recipe(OWN_TAXONOMY)
    orders = recipe["orders"]
    assert orders.OrderMissing is type(recipe["missing"])
    assert orders.OrdersBusy is type(recipe["busy"])
    assert orders.OrdersError is type(recipe["unknown"])
    assert isinstance(recipe["busy"], awserrors.TaxonomyClientError)
    assert "OrderMissing OrdersBusy True orders: SomethingElse: Simulated SomethingElse error\n" == (
        capsys.readouterr().out
    )


def test_recipe_carry_errors_across_processes(capsys: pytest.CaptureFixture[str]) -> None:
    recipe = run_recipe(TRAVEL)
    assert type(recipe["again"]) is type(recipe["error"]) is awserrors.services.s3.NoSuchKey  # type: ignore[attr-defined]
    assert recipe["again"].to_dict() == recipe["error"].to_dict()
    assert "awserrors.services.s3" in __import__("sys").modules
    assert "NoSuchKey GetObject True\nNoSuchKey GetObject True\n" == capsys.readouterr().out
