"""Exceptions that travel: rebuilt from their args, as dicts, pickled into another process.

Task queues (Celery's JSON serializer) rebuild an exception as ``cls(*exc.args)``;
logs and queues carry dicts; process pools pickle. Every error here is a real one,
made by botocore's own parsers (awserrors.testing.make_client_error) or raised by a
real boto3 client over loopback HTTP.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import awserrors
from awserrors.taxonomies import devops_agent, ec2_client
from awserrors.testing import make_client_error
from loopback import (
    Loopback,
    isolated_session,
    make_client,
    s3_error,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

#: (code, service, operation): real errors of several protocols.
ERRORS = [
    ("NoSuchKey", "s3", "GetObject"),
    ("ConditionalCheckFailedException", "dynamodb", "PutItem"),
    ("ThrottlingException", "dynamodb", "Query"),
    ("NoSuchEntity", "iam", "GetUser"),
    ("ResourceNotFoundException", "lambda", "GetFunction"),
    ("InvalidInstanceID.NotFound", "ec2", "DescribeInstances"),
    ("AccessDenied", "sts", "AssumeRole"),
]


def converted(code: str, service: str, operation: str) -> awserrors.TaxonomyClientError:
    return awserrors.handle_client_error(
        make_client_error(code, service=service, operation=operation), service=service
    )


FACTS = (
    "error_code",
    "error_message",
    "operation_name",
    "http_status_code",
    "service_name",
    "retryable",
    "throttling",
)


def facts(error: Any) -> dict[str, Any]:
    return {name: getattr(error, name) for name in FACTS} | {"str": str(error), "class": type(error)}


@pytest.mark.parametrize(("code", "service", "operation"), ERRORS)
def test_rebuilt_from_its_args_it_is_the_same_error(code: str, service: str, operation: str) -> None:
    error = converted(code, service, operation)
    rebuilt = type(error)(*error.args)
    expected = facts(error)
    got = facts(rebuilt)
    # The status is the code's documented one, and the service the class's own (the args
    # carry neither: a ClientError's message names the code, the operation and the message).
    documented = awserrors.aws.documented_status(code, service)
    expected["http_status_code"] = documented if documented is not None else type(error).default_status
    expected["service_name"] = type(error).service_name
    assert expected == got


def test_the_message_form_takes_the_natural_keywords() -> None:
    from awserrors.services.s3 import NoSuchKey  # type: ignore[import-not-found]

    error = NoSuchKey("missing", operation="GetObject", http_status=404, request_id="R1", bucket="b")
    assert ("NoSuchKey", "missing", "GetObject", 404, "R1", "s3") == (
        error.error_code,
        error.error_message,
        error.operation_name,
        error.http_status_code,
        error.request_id,
        error.service_name,
    )
    assert {"bucket": "b"} == error.kwargs
    assert "missing" == str(error)
    with pytest.raises(TypeError, match="http_status"):
        NoSuchKey("missing", http_status="404")
    # The documented taxonomies' constructors are unchanged.
    assert ["error_response", "operation_name", "service_name", "kwargs"] == list(
        __import__("inspect").signature(devops_agent.DevOpsAgentError).parameters
    )


@pytest.mark.parametrize(("code", "service", "operation"), ERRORS)
def test_to_dict_is_json_and_from_dict_gives_it_back(code: str, service: str, operation: str) -> None:
    error = converted(code, service, operation)
    document = error.to_dict()
    assert document == json.loads(json.dumps(document))
    assert {
        "code",
        "message",
        "operation",
        "service",
        "http_status",
        "request_id",
        "category",
        "class",
        "retryable",
        "throttling",
    } <= set(document)
    again = awserrors.from_dict(json.loads(json.dumps(document)))
    assert type(again) is type(error)
    assert document == again.to_dict()
    assert isinstance(again, getattr(awserrors, document["category"]))


def test_from_dict_never_imports_what_a_document_names() -> None:
    document = converted("NoSuchKey", "s3", "GetObject").to_dict()
    document["class"] = "os.system"
    assert type(awserrors.from_dict(document)).__qualname__ == "NoSuchKey"  # picked by its code instead
    document["class"] = "some_module_nobody_has.Thing"
    awserrors.from_dict(document)
    assert "some_module_nobody_has" not in sys.modules
    with pytest.raises(TypeError, match="http_status"):
        awserrors.from_dict({**document, "http_status": "404"})
    with pytest.raises(TypeError):
        awserrors.from_dict(["not", "a", "mapping"])  # type: ignore[arg-type]
    # A wait no to_dict() writes (json.loads reads "Infinity" and "NaN"): a TypeError saying so.
    for wait in (float("inf"), float("nan"), 1e308, 10**5000, -5):
        with pytest.raises(TypeError, match="'retry_after' must be seconds from 0 to 1e12"):
            awserrors.from_dict({**document, "retry_after": wait})
    with pytest.raises(TypeError, match=r"'code' must be str or None, got \['xxx.*\.\.\.$"):
        awserrors.from_dict({**document, "code": ["x" * 100_000]})


def test_taxonomies_of_their_own_travel_too() -> None:
    error = ec2_client.EC2InstanceNotFoundException("Instance i-1 not found")
    again = awserrors.from_dict(error.to_dict())
    assert (type(error), error.to_dict()) == (type(again), again.to_dict())


UNPICKLE = textwrap.dedent(
    """
    import json, pickle, sys
    import awserrors
    for path in sys.argv[1:]:
        awserrors.load(path)
    error = pickle.loads(sys.stdin.buffer.read())
    print(json.dumps([type(error).__module__, type(error).__qualname__, error.to_dict()]))
    """
)


def in_a_fresh_process(error: BaseException, *load: Path) -> Any:
    done = subprocess.run(
        [sys.executable, "-c", UNPICKLE, *map(str, load)],
        input=pickle.dumps(error),
        capture_output=True,
        timeout=300,
    )
    assert 0 == done.returncode, done.stderr.decode()
    return json.loads(done.stdout)


def test_an_installed_clients_error_keeps_its_service_and_facts_across_processes(server: Loopback) -> None:
    session = isolated_session()
    awserrors.install(session)
    try:
        client = make_client(session, "s3", server.url)
        server.answer(s3_error("NoSuchKey", "gone", status=404))
        with pytest.raises(client.exceptions.NoSuchKey) as caught:
            client.get_object(Bucket="b", Key="k")
    finally:
        awserrors.uninstall(session)
    error = caught.value
    assert "s3" == error.service_name
    local = pickle.loads(pickle.dumps(error))
    assert ("s3", error.to_dict()) == (local.service_name, local.to_dict())
    module, name, document = in_a_fresh_process(error)
    assert ("awserrors.services.s3", "NoSuchKey", error.to_dict()) == (module, name, document)


def test_a_loaded_taxonomys_classes_pickle_and_say_which_file_to_load(tmp_path: Path) -> None:
    first = tmp_path / "a" / "errors.yaml"
    second = tmp_path / "b" / "errors.yaml"
    for path, name in ((first, "ShopError"), (second, "BillingError")):
        path.parent.mkdir()
        path.write_text(
            f"taxonomy: {name.lower()}\nclasses:\n  {name}:\n    parent: botocore.exceptions.ClientError\n"
            f"    codes: [{name}Code]\n",
            encoding="utf-8",
        )
    shop, billing = awserrors.load(first), awserrors.load(second)
    assert shop.module_name != billing.module_name  # two files named errors.yaml
    error = shop.ShopError("boom", operation="Buy")
    assert type(pickle.loads(pickle.dumps(error))) is shop.ShopError
    module, name, document = in_a_fresh_process(error, first)
    # There it may be awserrors.loaded.errors (the first errors.yaml it loaded): the same
    # class, found through the name <stem>_<CRC of the YAML> both processes register.
    assert module.startswith("awserrors.loaded.errors")
    assert ("ShopError", {**error.to_dict(), "class": f"{module}.ShopError"}) == (name, document)
    done = subprocess.run(
        [sys.executable, "-c", UNPICKLE], input=pickle.dumps(error), capture_output=True, timeout=300
    )
    assert 0 != done.returncode
    assert "awserrors.load()" in done.stderr.decode() and "errors" in done.stderr.decode()


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}, awserrors.RETRY_AFTER_MAX),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),  # in the past: ignored
        ({"Retry-After": "99999999999999999999"}, awserrors.RETRY_AFTER_MAX),  # longer than any maximum
        ({"x-amz-retry-after": "²"}, None),
        ({"Retry-After": "30"}, 30.0),
    ],
)
def test_retry_after_has_a_ceiling_and_ignores_the_past(
    headers: dict[str, str], expected: float | None
) -> None:
    error = make_client_error("ThrottlingException", service="dynamodb")
    error.response["ResponseMetadata"]["HTTPHeaders"] = headers
    assert expected == awserrors.retry_after(error)
    if expected is not None and expected > 10:
        assert 10 == awserrors.retry_after(error, maximum=10)


def test_the_lookups_travel_to_worker_processes() -> None:
    """A process pool's map or a task queue's callback pickles the function it runs: every
    lookup of a generated module pickles by reference and answers in a fresh process."""
    from concurrent.futures import ProcessPoolExecutor

    functions = [
        getattr(module, name)
        for module in (awserrors, ec2_client, devops_agent)
        for name in ("handle_client_error", "handle_error", "exception_class_for", "is_retryable")
    ]
    shipped = pickle.dumps([awserrors.aws, ec2_client.__awserrors_taxonomy__, *functions])
    script = textwrap.dedent(
        """
        import pickle, sys
        from botocore.exceptions import ClientError
        aws, ec2, *functions = pickle.loads(sys.stdin.buffer.read())
        import awserrors
        from awserrors.taxonomies import ec2_client
        assert aws is awserrors.aws and ec2 is ec2_client.__awserrors_taxonomy__
        error = ClientError({"Error": {"Code": "RequestLimitExceeded", "Message": "slow"},
                             "ResponseMetadata": {"HTTPStatusCode": 503}}, "DescribeInstances")
        for function in functions:
            name = function.__name__
            answer = function("RequestLimitExceeded") if name == "exception_class_for" else function(error)
            shown = answer if isinstance(answer, (bool, type)) else type(answer)
            print(name, shown if name == "is_retryable" else shown.__name__)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], input=shipped, capture_output=True, timeout=120, check=False
    )
    assert 0 == done.returncode, done.stderr.decode()
    error = make_client_error("RequestLimitExceeded", service="ec2", operation="DescribeInstances")
    error.response["ResponseMetadata"]["HTTPStatusCode"] = 503
    expected = []
    for function in functions:
        name = function.__name__
        answer = function("RequestLimitExceeded") if name == "exception_class_for" else function(error)
        shown = answer if isinstance(answer, (bool, type)) else type(answer)
        expected.append(f"{name} {shown if name == 'is_retryable' else shown.__name__}")
    assert done.stdout.decode().split("\n")[:-1] == expected
    with ProcessPoolExecutor(max_workers=1) as pool:  # a real pool's map, pickling the function
        assert list(pool.map(awserrors.is_retryable, [error, ValueError("x")])) == [True, False]
        (converted,) = pool.map(ec2_client.handle_client_error, [error])
        assert type(converted).__name__ == type(ec2_client.handle_client_error(error)).__name__
