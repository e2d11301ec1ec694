"""Generated classes as first-class citizens: construction, accessors, pickling, threads."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import threading
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import BotoCoreError, ClientError, EndpointConnectionError, ReadTimeoutError

import awserrors
from awserrors.taxonomies import devops_agent, ec2_client
from conftest import SHIPPED, yaml_classes

ALL_CLASSES = [
    pytest.param(module, name, id=f"{module.__name__}:{name}")
    for module, path in SHIPPED.items()
    for name in yaml_classes(path)
]

RESPONSE = {
    "Error": {"Code": "ThrottlingException", "Message": "Rate exceeded", "Type": "Sender"},
    "ResponseMetadata": {"HTTPStatusCode": 429, "RequestId": "req-1"},
}


def instance(cls: type[BaseException]) -> BaseException:
    if issubclass(cls, ClientError):
        return cls(RESPONSE, "ListTasks")  # type: ignore[call-arg]
    return cls(endpoint_url="https://example.com", message="no route")  # type: ignore[call-arg]


@pytest.mark.parametrize(("module", "name"), ALL_CLASSES)
def test_every_class_pickles_copies_and_deepcopies_by_reference(module: Any, name: str) -> None:
    cls = getattr(module, name)
    error = instance(cls)
    for clone in (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error)):
        assert cls is type(clone)
        assert str(error) == str(clone)
        assert error.args == clone.args
        if isinstance(error, ClientError):
            assert error.response == clone.response
            assert error.operation_name == clone.operation_name
            assert error.retryable == clone.retryable  # type: ignore[attr-defined]
    assert cls is pickle.loads(pickle.dumps(cls))


def test_every_class_unpickles_in_a_fresh_process() -> None:
    errors = [
        instance(getattr(module, name)) for module, path in SHIPPED.items() for name in yaml_classes(path)
    ]
    script = (
        "import pickle, sys\n"
        "for e in pickle.loads(sys.stdin.buffer.read()):\n"
        "    code = getattr(e, 'error_code', None)\n"
        "    print(type(e).__module__, type(e).__qualname__, code, str(e), sep='|')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], input=pickle.dumps(errors), capture_output=True, check=True
    )
    expected = [
        f"{type(e).__module__}|{type(e).__qualname__}|{getattr(e, 'error_code', None)}|{e}" for e in errors
    ]
    assert expected == result.stdout.decode().splitlines()


def test_botocore_clienterror_subclasses_would_lose_their_class() -> None:
    """Why TaxonomyClientError overrides __reduce__: botocore's downgrades subclasses."""

    class Modeled(ClientError):
        pass

    assert ClientError is type(pickle.loads(pickle.dumps(Modeled(RESPONSE, "Op"))))  # type: ignore[arg-type]
    ours = devops_agent.ThrottlingException(RESPONSE, "Op")
    assert devops_agent.ThrottlingException is type(pickle.loads(pickle.dumps(ours)))


def test_message_only_construction_synthesizes_a_response() -> None:
    error = ec2_client.EC2InstanceNotFoundException("Cannot start worker w1 (instance i-1): gone")
    assert "Cannot start worker w1 (instance i-1): gone" == str(error)
    assert "InvalidInstanceID.NotFound" == error.error_code
    assert "Cannot start worker w1 (instance i-1): gone" == error.error_message
    assert "ec2" == error.service_name
    assert error.http_status_code is None
    assert not error.retryable
    quota = ec2_client.EC2QuotaExceededException("limit")
    assert "InstanceLimitExceeded" == quota.error_code
    # A class without codes carries its own name as the code.
    assert "EC2InstanceCreationException" == ec2_client.EC2InstanceCreationException("x").error_code
    assert 429 == devops_agent.ThrottlingException("slow down").http_status_code
    # No argument at all: the docstring's first line is the message.
    assert devops_agent.ThrottlingException.__doc__.split("\n")[0].strip() == str(
        devops_agent.ThrottlingException()
    )


def test_botocore_signature_and_accessors() -> None:
    error = devops_agent.DevOpsAgentError(RESPONSE, "ListTasks", extra="context")
    assert "community-devops-agent" == error.service_name
    assert "ThrottlingException" == error.error_code == error.code
    assert "Rate exceeded" == error.error_message == error.message
    assert 429 == error.http_status_code == error.status_code
    assert "req-1" == error.request_id
    assert "ListTasks" == error.operation_name
    assert {"Type": "Sender", "extra": "context"} == error.details
    assert (
        "An error occurred (ThrottlingException) when calling the ListTasks operation: Rate exceeded"
        == str(error)
    )
    named = devops_agent.DevOpsAgentError(RESPONSE, "ListTasks", service_name="other")
    assert "other" == named.service_name


@pytest.mark.parametrize("response", [{}, {"Error": None}, {"Error": {"Code": 5}}, {"ResponseMetadata": []}])
def test_accessors_never_raise_on_malformed_responses(response: Any) -> None:
    original = ClientError({}, "Op")
    original.response = response  # botocore itself cannot even build some of these
    error = awserrors.handle_client_error(original)
    assert awserrors.AWSError is type(error)
    assert error.error_code is None and error.http_status_code is None and error.request_id is None
    assert isinstance(error.details, dict)


def test_network_classes_are_botocore_errors() -> None:
    error = devops_agent.ConnectionError(endpoint_url="https://x", message="refused")
    assert isinstance(error, BotoCoreError) and isinstance(error, devops_agent.NetworkError)
    assert "refused" == str(error)
    bare = devops_agent.TimeoutError()
    assert str(bare)
    assert devops_agent.TimeoutError is type(pickle.loads(pickle.dumps(bare)))


def test_any_aws_error_is_the_base_of_both_aws_wide_roots() -> None:
    """botocore issue 899: one except for a service's error and for no answer at all."""
    base = awserrors.AnyAWSError
    assert base.__mro__ == (base, Exception, BaseException, object)
    assert () == base.__slots__  # a mixin: no layout of its own
    # After botocore's classes in the MRO: their constructors, attributes and pickling win.
    assert awserrors.AWSError.__mro__[1:4] == (awserrors.TaxonomyClientError, ClientError, base)
    assert awserrors.NetworkError.__mro__[1:4] == (awserrors.TaxonomyNetworkError, BotoCoreError, base)
    assert issubclass(awserrors.NetworkTimeoutError, base)
    assert issubclass(awserrors.codes.NoSuchKey, base)  # type: ignore[attr-defined]
    assert not issubclass(ClientError, base) and not issubclass(BotoCoreError, base)
    # The other shipped taxonomies' roots keep their shape.
    assert not issubclass(devops_agent.DevOpsAgentError, base)

    service = ClientError(RESPONSE, "ListTasks")  # type: ignore[arg-type]
    network = EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")
    caught = []
    for failure in (service, network):
        try:
            with awserrors.translated():
                raise failure
        except base as error:
            caught.append(error)
    assert [awserrors.codes.ThrottlingException, awserrors.NetworkError] == [type(e) for e in caught]  # type: ignore[attr-defined]
    assert [service, network] == [e.__cause__ for e in caught]
    assert all(e.retryable for e in caught)
    assert isinstance(awserrors.handle_error(network), base)
    assert isinstance(awserrors.handle_client_error(service), base)
    assert not isinstance(service, base)  # botocore's own, untranslated


def test_any_aws_error_instances_unpickle_in_a_fresh_process() -> None:
    errors = [
        awserrors.handle_client_error(ClientError(RESPONSE, "ListTasks")),  # type: ignore[arg-type]
        awserrors.handle_client_error(
            ClientError({"Error": {"Code": "404", "Message": "Not Found"}}, "HeadObject"), service="s3"
        ),
        awserrors.handle_error(EndpointConnectionError(endpoint_url="https://s3.amazonaws.com")),
        awserrors.handle_error(ReadTimeoutError(endpoint_url="https://s3.amazonaws.com")),
    ]
    script = (
        "import pickle, sys\n"
        "import awserrors\n"
        "for e in pickle.loads(sys.stdin.buffer.read()):\n"
        "    print(type(e).__module__, type(e).__qualname__, isinstance(e, awserrors.AnyAWSError),\n"
        "          getattr(e, 'response', e.kwargs), str(e), sep='|')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], input=pickle.dumps(errors), capture_output=True, check=True
    )
    state = [e.response if isinstance(e, ClientError) else e.kwargs for e in errors]  # type: ignore[attr-defined]
    expected = [
        f"{type(e).__module__}|{type(e).__qualname__}|True|{s}|{e}"
        for e, s in zip(errors, state, strict=True)
    ]
    assert [
        "awserrors.codes|ThrottlingException",
        "awserrors.services.s3|NoSuchKey",
        "awserrors|NetworkError",
        "awserrors|NetworkTimeoutError",
    ] == ["|".join(line.split("|")[:2]) for line in expected]
    assert expected == result.stdout.decode().splitlines()


def test_a_taxonomy_of_ones_own_may_share_a_base_between_its_roots(tmp_path: Path) -> None:
    """The YAML shape of the AWS-wide roots: a second parent on each."""
    path = tmp_path / "shared_base_roots.yaml"
    path.write_text(
        """\
taxonomy: shared_base_roots
classes:
  AppAWSError:
    parent: [botocore.exceptions.ClientError, awserrors.AnyAWSError]
  AppNetworkError:
    parent: [botocore.exceptions.BotoCoreError, awserrors.AnyAWSError]
    exceptions: [botocore.exceptions.EndpointConnectionError]
""",
        encoding="utf-8",
    )
    taxonomy = awserrors.load(path)
    service = taxonomy.AppAWSError
    network = taxonomy.AppNetworkError
    assert (awserrors.TaxonomyClientError, awserrors.AnyAWSError) == service.__bases__
    assert (awserrors.TaxonomyNetworkError, awserrors.AnyAWSError) == network.__bases__
    converted = [
        taxonomy.handle_error(ClientError(RESPONSE, "ListTasks")),  # type: ignore[arg-type]
        taxonomy.handle_error(EndpointConnectionError(endpoint_url="https://x")),
    ]
    assert [service, network] == [type(e) for e in converted]
    assert all(isinstance(e, awserrors.AnyAWSError) for e in converted)
    assert [service, network] == [type(pickle.loads(pickle.dumps(e))) for e in converted]


def test_sixteen_threads_asking_for_a_new_class_get_one_object() -> None:
    taxonomy = awserrors.load(awserrors.mappings_dir() / "devops_agent.yaml")
    barrier = threading.Barrier(16)
    seen: list[type] = []

    def ask() -> None:
        barrier.wait()
        seen.append(taxonomy.ModelValidationError)

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 16 == len(seen)
    assert 1 == len({id(cls) for cls in seen})
    assert seen[0] is taxonomy.get_class("ModelValidationError")


def test_classes_are_built_on_first_use() -> None:
    taxonomy = awserrors.load(awserrors.mappings_dir() / "ec2_client.yaml")
    assert {} == taxonomy._classes.classes
    taxonomy.EC2QuotaExceededException  # noqa: B018
    built = set(taxonomy._classes.classes)
    assert {"EC2QuotaExceededException", "EC2Exception", "IntegrationException"} == built


class _Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no text")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-amz-retry-after": "1500"}, 1.5),
        ({"X-Amz-Retry-After": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "7"}, 7.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),  # a date in the past: ignored
        ({"retry-after": "soon"}, None),
        ({"x-amz-retry-after": "-5"}, None),
        ({}, None),
        (None, None),
        ("not a mapping", None),
        # Longer than any maximum, however many digits: the maximum.
        ({"x-amz-retry-after": "9" * 15}, awserrors.RETRY_AFTER_MAX),
        ({"x-amz-retry-after": "9" * 16}, awserrors.RETRY_AFTER_MAX),
        ({"retry-after": "9" * 5000}, awserrors.RETRY_AFTER_MAX),
        # A header name that is not text (its str() raising, say) is not a header botocore sends.
        ({_Unprintable(): "1", "retry-after": "3"}, 3.0),
    ],
)
def test_retry_after_reads_the_headers_aws_sends(headers: Any, expected: float | None) -> None:
    response = {"Error": {"Code": "ThrottlingException"}, "ResponseMetadata": {"HTTPHeaders": headers}}
    assert expected == awserrors.retry_after(ClientError(response, "Op"))  # type: ignore[arg-type]


def test_retry_after_counts_down_to_a_future_date() -> None:
    from datetime import datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    response = {"ResponseMetadata": {"HTTPHeaders": {"retry-after": when}}}
    seconds = awserrors.retry_after(ClientError(response, "Op"))  # type: ignore[arg-type]
    assert seconds is not None and 25 <= seconds <= 30
    assert awserrors.retry_after(ValueError("no response")) is None


def test_a_pickle_that_holds_the_response_in_the_instance_dict_still_loads() -> None:
    """``response`` and ``operation_name`` live in slots; a pickle whose state holds them
    (as one made before they did) gives them back, and the rest of its state too."""
    from awserrors._errors import _unpickle

    cls = devops_agent.ThrottlingException
    old_state = {"response": RESPONSE, "operation_name": "ListTasks", "service_name": "ecs"}
    old_state["retryable"] = True
    error = _unpickle(cls, ("the message",), old_state)
    assert (RESPONSE, "ListTasks", "ecs", True) == (
        error.response, error.operation_name, error.service_name, error.retryable
    )
    assert "ThrottlingException" == error.error_code
    assert "response" not in vars(error) and "operation_name" not in vars(error)
    clone = pickle.loads(pickle.dumps(error))
    assert (RESPONSE, "ListTasks", "ecs") == (clone.response, clone.operation_name, clone.service_name)
    assert 4 == len(old_state) and RESPONSE is old_state["response"]  # the state given is not changed
