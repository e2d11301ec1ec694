"""The EC2 integration client's exceptions, as its error design specifies them.

Checked against the generated module.

Every ``ClientError`` here is a real one: ``make_client_error`` answers a botocore
EC2 client with the XML error response EC2 sends, and botocore parses it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

import awserrors
from awserrors.taxonomies import ec2_client
from awserrors.taxonomies.ec2_client import (
    EC2AuthenticationException,
    EC2Exception,
    EC2InstanceCreationException,
    EC2InstanceNotFoundException,
    EC2InstanceOperationException,
    EC2InvalidParameterException,
    EC2QuotaExceededException,
    IntegrationException,
)
from awserrors.testing import make_client_error

log = logging.getLogger(__name__)

REGION = "us-east-1"

#: The eight specific classes, as the design's tree lists them under EC2Exception.
EC2_LEAVES = [
    "EC2AuthenticationException",
    "EC2InstanceNotFoundException",
    "EC2InstanceCreationException",
    "EC2InstanceOperationException",
    "EC2TagOperationException",
    "EC2StatusCheckException",
    "EC2QuotaExceededException",
    "EC2InvalidParameterException",
]

#: Every "AWS Error Codes:" line of the design: (code, class, the HTTP status EC2 sends).
DOCUMENTED_CODES = [
    ("UnauthorizedOperation", "EC2AuthenticationException", 403),
    ("InvalidClientTokenId", "EC2AuthenticationException", 401),
    ("SignatureDoesNotMatch", "EC2AuthenticationException", 403),
    ("AccessDenied", "EC2AuthenticationException", 403),
    ("InvalidInstanceID.NotFound", "EC2InstanceNotFoundException", 400),
    ("InstanceLimitExceeded", "EC2QuotaExceededException", 400),
    ("InsufficientInstanceCapacity", "EC2QuotaExceededException", 500),
    ("RequestLimitExceeded", "EC2QuotaExceededException", 503),
    ("InvalidParameterValue", "EC2InvalidParameterException", 400),
    ("InvalidAMIID.NotFound", "EC2InvalidParameterException", 400),
    ("InvalidGroup.NotFound", "EC2InvalidParameterException", 400),
]

#: The design's client methods, the EC2 operation each calls, and the class an unknown
#: error of that operation becomes.
DOCUMENTED_OPERATIONS = [
    ("create_instance", "RunInstances", "EC2InstanceCreationException"),
    ("start_instance", "StartInstances", "EC2InstanceOperationException"),
    ("stop_instance", "StopInstances", "EC2InstanceOperationException"),
    ("terminate_instance", "TerminateInstances", "EC2InstanceOperationException"),
    ("add_tags", "CreateTags", "EC2TagOperationException"),
    ("remove_tags", "DeleteTags", "EC2TagOperationException"),
    ("get_tags", "DescribeTags", "EC2TagOperationException"),
    ("get_instance_status_checks", "DescribeInstanceStatus", "EC2StatusCheckException"),
]

#: EC2 operations no fallback covers.
UNMAPPED_OPERATIONS = ["DescribeInstances", "RebootInstances", "AllocateAddress"]


def ec2_error(
    code: str,
    operation: str = "DescribeInstances",
    message: str | None = None,
    http_status: int | None = None,
) -> ClientError:
    """The real ClientError botocore raises when EC2 answers ``operation`` with ``code``."""
    return make_client_error(
        code, service="ec2", operation=operation, message=message, http_status=http_status
    )


# --- the tree ----------------------------------------------------------------------------


def test_the_module_has_exactly_the_documented_ten_classes() -> None:
    expected = {"IntegrationException", "EC2Exception", *EC2_LEAVES}

    assert expected == set(ec2_client.taxonomy.class_names)
    assert 8 == len(EC2_LEAVES)


def test_integration_exception_is_the_base() -> None:
    assert IntegrationException is ec2_client.taxonomy.root
    assert issubclass(IntegrationException, ClientError)


def test_ec2_exception_derives_directly_from_integration_exception() -> None:
    assert (IntegrationException,) == EC2Exception.__bases__


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in EC2_LEAVES])
def test_every_specific_class_derives_directly_from_ec2_exception(name: str) -> None:
    cls = getattr(ec2_client, name)

    assert (EC2Exception,) == cls.__bases__
    assert issubclass(cls, IntegrationException)
    assert "awserrors.taxonomies.ec2_client" == cls.__module__


@pytest.mark.parametrize(
    ("first", "second"),
    [pytest.param(a, b, id=f"{a}-vs-{b}") for i, a in enumerate(EC2_LEAVES) for b in EC2_LEAVES[i + 1 :]],
)
def test_the_specific_classes_are_siblings(first: str, second: str) -> None:
    a, b = getattr(ec2_client, first), getattr(ec2_client, second)

    assert not issubclass(a, b)
    assert not issubclass(b, a)


@pytest.mark.parametrize(
    "name", [pytest.param(n, id=n) for n in ["IntegrationException", "EC2Exception", *EC2_LEAVES]]
)
def test_every_class_takes_a_message_like_the_documented_raise_statements(name: str) -> None:
    cls = getattr(ec2_client, name)

    error = cls("something went wrong")

    assert "something went wrong" == str(error)
    assert "something went wrong" == error.error_message


# --- codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name", "status"),
    [pytest.param(c, n, s, id=c) for c, n, s in DOCUMENTED_CODES],
)
def test_every_documented_code_maps_to_its_class(code: str, name: str, status: int) -> None:
    original = ec2_error(code, http_status=status, message=f"{code} happened")

    error = ec2_client._parse_aws_error(original)

    assert getattr(ec2_client, name) is type(error)
    assert code == error.error_code
    assert f"{code} happened" == error.error_message
    assert original.response is error.response
    assert "DescribeInstances" == error.operation_name
    assert original is error.__cause__
    assert str(original) == str(error)


@pytest.mark.parametrize(
    ("code", "name", "status"),
    [pytest.param(c, n, s, id=c) for c, n, s in DOCUMENTED_CODES],
)
def test_exception_class_for_every_documented_code(code: str, name: str, status: int) -> None:
    assert getattr(ec2_client, name) is ec2_client.exception_class_for(code)


@pytest.mark.parametrize(
    ("code", "name", "method", "operation"),
    [
        pytest.param(c, n, m, o, id=f"{c}-during-{m}")
        for c, n, _ in DOCUMENTED_CODES
        for m, o, _ in DOCUMENTED_OPERATIONS
    ],
)
def test_a_known_code_wins_over_the_operation_fallback(
    code: str, name: str, method: str, operation: str
) -> None:
    original = ec2_error(code, operation)

    by_method = ec2_client._parse_aws_error(original, method)
    by_operation = ec2_client._parse_aws_error(original)

    assert getattr(ec2_client, name) is type(by_method)
    assert getattr(ec2_client, name) is type(by_operation)


# --- operation fallbacks -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "operation", "name"),
    [pytest.param(m, o, n, id=m) for m, o, n in DOCUMENTED_OPERATIONS],
)
def test_an_unknown_code_falls_back_to_the_documented_method_names_class(
    method: str, operation: str, name: str
) -> None:
    original = ec2_error("SomethingOdd", operation, message="it broke")

    error = ec2_client._parse_aws_error(original, method)

    assert getattr(ec2_client, name) is type(error)
    assert "SomethingOdd" == error.error_code
    assert original.response is error.response
    assert operation == error.operation_name
    assert original is error.__cause__


@pytest.mark.parametrize(
    ("method", "operation", "name"),
    [pytest.param(m, o, n, id=o) for m, o, n in DOCUMENTED_OPERATIONS],
)
def test_an_unknown_code_falls_back_to_the_ec2_operations_class(
    method: str, operation: str, name: str
) -> None:
    original = ec2_error("SomethingOdd", operation)

    assert getattr(ec2_client, name) is type(ec2_client._parse_aws_error(original))
    assert getattr(ec2_client, name) is type(ec2_client._parse_aws_error(original, operation))
    assert getattr(ec2_client, name) is type(ec2_client.parse_aws_error(original))


@pytest.mark.parametrize(
    ("method", "operation", "name"),
    [pytest.param(m, o, n, id=m) for m, o, n in DOCUMENTED_OPERATIONS],
)
def test_the_documented_method_name_wins_over_the_errors_own_operation(
    method: str, operation: str, name: str
) -> None:
    # A wrapper method may make other calls than its main one (e.g. a DescribeInstances
    # inside create_instance); the method it names is what picks the fallback.
    original = ec2_error("SomethingOdd", "DescribeInstances")

    error = ec2_client._parse_aws_error(original, method)

    assert getattr(ec2_client, name) is type(error)
    assert "DescribeInstances" == error.operation_name


@pytest.mark.parametrize(
    ("method", "operation", "name"),
    [
        *[pytest.param(m, None, n, id=m) for m, _, n in DOCUMENTED_OPERATIONS],
        *[pytest.param(None, o, n, id=o) for _, o, n in DOCUMENTED_OPERATIONS],
    ],
)
def test_exception_class_for_every_operation(method: str | None, operation: str | None, name: str) -> None:
    assert getattr(ec2_client, name) is ec2_client.exception_class_for(
        "SomethingOdd", operation=method or operation
    )


@pytest.mark.parametrize(
    ("code", "message", "operation"),
    [
        pytest.param(code, message, op, id=f"{code}-{op}")
        for code, message in [
            ("SomethingOdd", "it broke"),
            ("InternalError", "An internal error has occurred"),
            ("IncorrectInstanceState", "The instance 'i-0abc' is not in a state to reboot."),
            ("DryRunOperation", "Request would have succeeded, but DryRun flag is set."),
        ]
        for op in UNMAPPED_OPERATIONS
    ],
)
def test_an_unknown_error_of_an_unknown_operation_is_an_integration_exception(
    code: str, message: str, operation: str
) -> None:
    original = ec2_error(code, operation, message=message)

    error = ec2_client._parse_aws_error(original)

    assert IntegrationException is type(error)
    assert f"AWS error [{code}]: {message}" == str(error)
    assert code == error.error_code
    assert message == error.error_message
    assert original.response is error.response
    assert original is error.__cause__


@pytest.mark.parametrize(
    "method", [pytest.param(m, id=m) for m in ["list_instances", "reboot_instance", "other"]]
)
def test_an_unknown_error_of_an_unknown_method_is_an_integration_exception(method: str) -> None:
    original = ec2_error("SomethingOdd", "DescribeInstances", message="it broke")

    error = ec2_client._parse_aws_error(original, method)

    assert IntegrationException is type(error)
    assert "AWS error [SomethingOdd]: it broke" == str(error)


# --- retry flags ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "retryable"),
    [
        pytest.param("EC2QuotaExceededException", False, id="quota"),
        pytest.param("EC2InvalidParameterException", False, id="invalid-parameter"),
        pytest.param("EC2InstanceCreationException", True, id="creation"),
        pytest.param("EC2StatusCheckException", True, id="status-check"),
    ],
)
def test_class_retry_flags(name: str, retryable: bool) -> None:
    cls = getattr(ec2_client, name)

    assert retryable == cls.retryable
    assert False is cls.throttling


#: (code, operation, class, retryable, throttling) of real errors.
FLAG_CASES = [
    ("InstanceLimitExceeded", "RunInstances", "EC2QuotaExceededException", False, False),
    ("InsufficientInstanceCapacity", "RunInstances", "EC2QuotaExceededException", False, False),
    ("InvalidParameterValue", "RunInstances", "EC2InvalidParameterException", False, False),
    ("InvalidAMIID.NotFound", "RunInstances", "EC2InvalidParameterException", False, False),
    ("InvalidGroup.NotFound", "RunInstances", "EC2InvalidParameterException", False, False),
    ("SomethingOdd", "RunInstances", "EC2InstanceCreationException", True, False),
    ("SomethingOdd", "DescribeInstanceStatus", "EC2StatusCheckException", True, False),
    ("RequestLimitExceeded", "RunInstances", "EC2QuotaExceededException", True, True),
    ("RequestLimitExceeded", "DescribeInstanceStatus", "EC2QuotaExceededException", True, True),
    ("RequestLimitExceeded", "DescribeInstances", "EC2QuotaExceededException", True, True),
]


@pytest.mark.parametrize(
    ("code", "operation", "name", "retryable", "throttling"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in FLAG_CASES],
)
def test_retry_flags_of_real_errors(
    code: str, operation: str, name: str, retryable: bool, throttling: bool
) -> None:
    original = ec2_error(code, operation, http_status=503 if code == "RequestLimitExceeded" else None)

    error = ec2_client._parse_aws_error(original)

    assert getattr(ec2_client, name) is type(error)
    assert (retryable, throttling) == (error.retryable, error.throttling)
    assert retryable == ec2_client.is_retryable(error)
    assert throttling == ec2_client.is_throttling(error)
    assert retryable == ec2_client.is_retryable(original)
    assert throttling == ec2_client.is_throttling(original)


def test_request_limit_exceeded_is_retryable_although_its_class_is_not() -> None:
    error = ec2_client._parse_aws_error(ec2_error("RequestLimitExceeded", "RunInstances", http_status=503))

    assert isinstance(error, EC2QuotaExceededException)
    assert False is EC2QuotaExceededException.retryable
    assert False is EC2QuotaExceededException.throttling
    assert (True, True) == (error.retryable, error.throttling)


# --- a stand-in for the design's AWS EC2 client ------------------------------------------------


@dataclass(frozen=True)
class Fail:
    """One failed EC2 call: the code (and optionally message and status) EC2 answers with."""

    code: str
    message: str | None = None
    http_status: int | None = None


class FakeEC2Client:
    """The design's AWS EC2 client, answered by canned EC2 errors.

    Each method makes one EC2 call; ``answers`` says, call by call, whether it fails
    (a :class:`Fail`) or succeeds (None).  A failure is the real botocore ClientError,
    raised as the design's client does: ``raise self._parse_aws_error(e, <method>) from e``.
    """

    def __init__(self, *answers: Fail | None, parse: Callable[..., Any] | None = None) -> None:
        self.answers = list(answers)
        self.parse = parse or ec2_client._parse_aws_error
        self.calls: list[str] = []
        self.raised: list[BaseException] = []

    def _call(self, method: str, operation: str, result: Any) -> Any:
        self.calls.append(method)
        answer = self.answers.pop(0) if self.answers else None
        if answer is None:
            return result
        try:
            raise ec2_error(answer.code, operation, answer.message, answer.http_status)
        except ClientError as e:
            error = self.parse(e, method)
            self.raised.append(error)
            raise error from e

    def create_instance(self, **config: Any) -> dict[str, Any]:
        return self._call("create_instance", "RunInstances", {"instance_id": "i-0123456789abcdef0"})

    def start_instance(self, region: str, instance_id: str) -> bool:
        return bool(self._call("start_instance", "StartInstances", True))

    def stop_instance(self, region: str, instance_id: str) -> bool:
        return bool(self._call("stop_instance", "StopInstances", True))

    def terminate_instance(self, region: str, instance_id: str) -> bool:
        return bool(self._call("terminate_instance", "TerminateInstances", True))

    def add_tags(self, region: str, instance_id: str, tags: dict[str, str]) -> bool:
        return bool(self._call("add_tags", "CreateTags", True))

    def remove_tags(self, region: str, instance_id: str, keys: list[str]) -> bool:
        return bool(self._call("remove_tags", "DeleteTags", True))

    def get_tags(self, region: str, instance_id: str) -> dict[str, str]:
        return dict(self._call("get_tags", "DescribeTags", {}))

    def get_instance_status_checks(self, region: str, instance_id: str) -> dict[str, str]:
        return dict(
            self._call("get_instance_status_checks", "DescribeInstanceStatus", {"instance_status": "ok"})
        )


class AuthService:
    """The design's ``auth_service``: counts credential refreshes."""

    def __init__(self) -> None:
        self.refreshes = 0

    def refresh_credentials(self) -> None:
        self.refreshes += 1


# --- the design's "Exception Types" examples ---------------------------------------------------

#: (documented class, the call the design's example makes, a real EC2 failure of that call).
TYPE_EXAMPLES: list[tuple[str, Callable[[FakeEC2Client], Any], Fail]] = [
    (
        "EC2AuthenticationException",
        lambda c: c.create_instance(),
        Fail("UnauthorizedOperation", "You are not authorized to perform this operation.", 403),
    ),
    (
        "EC2InstanceNotFoundException",
        lambda c: c.start_instance(REGION, "i-invalid123"),
        Fail("InvalidInstanceID.NotFound", "The instance ID 'i-invalid123' does not exist"),
    ),
    (
        "EC2InstanceCreationException",
        lambda c: c.create_instance(),
        Fail("InternalError", "An internal error has occurred", 500),
    ),
    (
        "EC2InstanceCreationException",
        lambda c: c.create_instance(),
        Fail("InvalidSubnetID.NotFound", "The subnet ID 'subnet-1' does not exist"),
    ),
    (
        "EC2InstanceOperationException",
        lambda c: c.stop_instance(REGION, "i-0abc"),
        Fail(
            "IncorrectInstanceState", "The instance 'i-0abc' is not in a state from which it can be stopped."
        ),
    ),
    (
        "EC2TagOperationException",
        lambda c: c.add_tags(REGION, "i-0abc", {"k": "v"}),
        Fail("TagLimitExceeded", "The maximum number of Tags for a resource has been reached."),
    ),
    (
        "EC2StatusCheckException",
        lambda c: c.get_instance_status_checks(REGION, "i-0abc"),
        Fail("InternalError", "An internal error has occurred", 500),
    ),
    (
        "EC2QuotaExceededException",
        lambda c: c.create_instance(),
        Fail(
            "InstanceLimitExceeded",
            "You have requested more instances (21) than your current "
            "instance limit of 20 allows for the specified instance type.",
        ),
    ),
    (
        "EC2InvalidParameterException",
        lambda c: c.create_instance(ami_id="ami-invalid"),
        Fail("InvalidAMIID.NotFound", "The image id '[ami-invalid]' does not exist"),
    ),
]


@pytest.mark.parametrize(
    ("name", "call", "fail"),
    [pytest.param(n, call, f, id=f"{n}-{f.code}") for n, call, f in TYPE_EXAMPLES],
)
def test_exception_types_examples(name: str, call: Callable[[FakeEC2Client], Any], fail: Fail) -> None:
    client = FakeEC2Client(fail)

    with pytest.raises(getattr(ec2_client, name)) as caught:
        call(client)

    assert getattr(ec2_client, name) is type(caught.value)
    assert fail.code == caught.value.error_code


# --- the design's "Benefits" examples ------------------------------------------------------------


class Database:
    def __init__(self) -> None:
        self.deleted: list[str] = []

    def delete_worker(self, instance_id: str) -> None:
        self.deleted.append(instance_id)


def _start_precisely(
    client: FakeEC2Client, instance_id: str, db: Database, auth_service: AuthService
) -> bool | None:
    """The design's "1. Precise Error Handling", After (Specific)."""
    try:
        client.start_instance(REGION, instance_id)
    except EC2InstanceNotFoundException:
        # Instance was terminated, remove from database
        db.delete_worker(instance_id)
    except EC2AuthenticationException:
        # Credentials expired, trigger re-auth flow
        auth_service.refresh_credentials()
    except EC2InstanceOperationException as e:
        # Instance in wrong state, wait and retry
        if "already started" in str(e).lower():
            return True  # Success!
        raise
    return None


def test_precise_error_handling_not_found_deletes_the_worker() -> None:
    db, auth = Database(), AuthService()
    client = FakeEC2Client(Fail("InvalidInstanceID.NotFound"))

    assert _start_precisely(client, "i-0abc", db, auth) is None
    assert (["i-0abc"], 0) == (db.deleted, auth.refreshes)


def test_precise_error_handling_auth_refreshes_credentials() -> None:
    db, auth = Database(), AuthService()
    client = FakeEC2Client(Fail("UnauthorizedOperation", http_status=403))

    assert _start_precisely(client, "i-0abc", db, auth) is None
    assert ([], 1) == (db.deleted, auth.refreshes)


def test_precise_error_handling_already_started_is_success() -> None:
    client = FakeEC2Client(Fail("IncorrectInstanceState", "The instance 'i-0abc' is already started."))

    assert _start_precisely(client, "i-0abc", Database(), AuthService()) is True


def test_precise_error_handling_other_operation_failures_propagate() -> None:
    client = FakeEC2Client(Fail("IncorrectInstanceState", "The instance 'i-0abc' is terminating."))

    with pytest.raises(EC2InstanceOperationException) as caught:
        _start_precisely(client, "i-0abc", Database(), AuthService())

    assert client.raised[0] is caught.value


def _create_worker_with_retry_for(client: FakeEC2Client, auth_service: AuthService) -> Callable[..., Any]:
    """The design's "3. Intelligent Retry Logic", bound to a client and an auth service."""

    def create_worker_with_retry(config: dict[str, Any], max_retries: int = 3) -> Any:
        for attempt in range(max_retries):
            try:
                return client.create_instance(**config)
            except EC2QuotaExceededException:
                # Don't retry - quota limit won't change
                raise
            except EC2InvalidParameterException:
                # Don't retry - parameters won't magically become valid
                raise
            except EC2InstanceCreationException:
                # Might be temporary AWS capacity issue
                if attempt < max_retries - 1:
                    time.sleep(2**attempt)  # Exponential backoff
                    continue
                raise
            except EC2AuthenticationException:
                # Try to refresh credentials once
                if attempt == 0:
                    auth_service.refresh_credentials()
                    continue
                raise
        return None

    return create_worker_with_retry


CREATED = {"instance_id": "i-0123456789abcdef0"}
CAPACITY = Fail("InternalError", "An internal error has occurred", 500)
QUOTA = Fail("InstanceLimitExceeded")
THROTTLED = Fail("RequestLimitExceeded", "Request limit exceeded.", 503)
BAD_AMI = Fail("InvalidAMIID.NotFound", "The image id '[ami-0abc]' does not exist")
BAD_PARAMETER = Fail("InvalidParameterValue", "Value (t9.huge) for parameter instanceType is invalid.")
AUTH = Fail("UnauthorizedOperation", "You are not authorized to perform this operation.", 403)
NOT_FOUND = Fail("InvalidInstanceID.NotFound")

#: (id, answers, expected result or exception class, attempts, sleeps, refreshes)
RETRY_CASES = [
    ("succeeds-at-once", [None], CREATED, 1, [], 0),
    ("creation-then-success", [CAPACITY, None], CREATED, 2, [1], 0),
    ("creation-twice-then-success", [CAPACITY, CAPACITY, None], CREATED, 3, [1, 2], 0),
    ("creation-three-times", [CAPACITY, CAPACITY, CAPACITY], EC2InstanceCreationException, 3, [1, 2], 0),
    ("unknown-code-is-creation", [Fail("Unsupported"), None], CREATED, 2, [1], 0),
    ("quota", [QUOTA], EC2QuotaExceededException, 1, [], 0),
    (
        "insufficient-capacity",
        [Fail("InsufficientInstanceCapacity", http_status=500)],
        EC2QuotaExceededException,
        1,
        [],
        0,
    ),
    ("throttled-is-quota", [THROTTLED], EC2QuotaExceededException, 1, [], 0),
    ("creation-then-quota", [CAPACITY, QUOTA], EC2QuotaExceededException, 2, [1], 0),
    ("invalid-ami", [BAD_AMI], EC2InvalidParameterException, 1, [], 0),
    ("invalid-parameter", [BAD_PARAMETER], EC2InvalidParameterException, 1, [], 0),
    ("creation-then-invalid", [CAPACITY, BAD_PARAMETER], EC2InvalidParameterException, 2, [1], 0),
    ("auth-then-success", [AUTH, None], CREATED, 2, [], 1),
    ("auth-twice", [AUTH, AUTH], EC2AuthenticationException, 2, [], 1),
    ("creation-then-auth", [CAPACITY, AUTH], EC2AuthenticationException, 2, [1], 0),
    ("not-found-is-not-caught", [NOT_FOUND], EC2InstanceNotFoundException, 1, [], 0),
]


@pytest.mark.parametrize(
    ("answers", "expected", "attempts", "sleeps", "refreshes"),
    [pytest.param(*case[1:], id=case[0]) for case in RETRY_CASES],
)
def test_intelligent_retry_logic(
    answers: list[Fail | None],
    expected: Any,
    attempts: int,
    sleeps: list[int],
    refreshes: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    client, auth_service = FakeEC2Client(*answers), AuthService()
    create_worker_with_retry = _create_worker_with_retry_for(client, auth_service)

    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            create_worker_with_retry({"ami_id": "ami-0abc", "instance_type": "t3.micro"})
        assert client.raised[-1] is caught.value
        assert expected is type(caught.value)
    else:
        assert expected == create_worker_with_retry({"ami_id": "ami-0abc"})

    assert attempts == len(client.calls)
    assert sleeps == slept
    assert refreshes == auth_service.refreshes


# --- the design's "Cleaner Testing" snippets -------------------------------------------------------


class WorkerService:
    """The design's ``service``: creates and starts workers through the EC2 client."""

    def __init__(self, client: FakeEC2Client) -> None:
        self.client = client

    def create_worker(self, ami_id: str = "ami-0123456789abcdef0", **config: Any) -> Any:
        return self.client.create_instance(ami_id=ami_id, **config)

    def start_worker(self, instance_id: str) -> bool:
        return self.client.start_instance(REGION, instance_id)


def test_create_worker_quota_exceeded() -> None:
    service = WorkerService(FakeEC2Client(QUOTA))

    with pytest.raises(EC2QuotaExceededException):
        service.create_worker()


def test_create_worker_invalid_ami() -> None:
    service = WorkerService(
        FakeEC2Client(Fail("InvalidAMIID.NotFound", "The image id '[ami-invalid]' does not exist"))
    )

    with pytest.raises(EC2InvalidParameterException) as exc_info:
        service.create_worker(ami_id="ami-invalid")
    assert "AMI" in str(exc_info.value)


def test_start_nonexistent_instance() -> None:
    service = WorkerService(
        FakeEC2Client(Fail("InvalidInstanceID.NotFound", "The instance ID 'i-doesnotexist' does not exist"))
    )

    with pytest.raises(EC2InstanceNotFoundException):
        service.start_worker("i-doesnotexist")


#: What real EC2 answers for the design's own example inputs and "When" conditions, with the
#: class the design expects.  None of these codes is in the design's code lists.
REAL_EC2_ANSWERS = [
    pytest.param(
        lambda s: s.create_worker(ami_id="ami-invalid"),
        Fail("InvalidAMIID.Malformed", 'Invalid id: "ami-invalid" (expecting "ami-...")'),
        EC2InvalidParameterException,
        id="ami-invalid-is-Malformed",
    ),
    pytest.param(
        lambda s: s.start_worker("i-doesnotexist"),
        Fail("InvalidInstanceID.Malformed", 'Invalid id: "i-doesnotexist"'),
        EC2InstanceNotFoundException,
        id="i-doesnotexist-is-Malformed",
    ),
    pytest.param(
        lambda s: s.start_worker("i-invalid123"),
        Fail("InvalidInstanceID.Malformed", 'Invalid id: "i-invalid123"'),
        EC2InstanceNotFoundException,
        id="i-invalid123-is-Malformed",
    ),
    pytest.param(
        lambda s: s.create_worker(),
        Fail("AuthFailure", "AWS was not able to validate the provided access credentials", 401),
        EC2AuthenticationException,
        id="invalid-credentials-is-AuthFailure",
    ),
    pytest.param(
        lambda s: s.create_worker(),
        Fail(
            "VcpuLimitExceeded",
            "You have requested more vCPU capacity than your current "
            "vCPU limit of 32 allows for the instance bucket that the specified instance "
            "type belongs to.",
        ),
        EC2QuotaExceededException,
        id="instance-limit-is-VcpuLimitExceeded",
    ),
]


#: The extension recipe that maps them: examples/ec2_client_real_codes.yaml.
REAL_CODES = Path(__file__).parents[1] / "examples" / "ec2_client_real_codes.yaml"


@pytest.mark.parametrize(("call", "fail", "expected"), REAL_EC2_ANSWERS)
def test_documented_examples_with_what_real_ec2_answers(
    call: Callable[[WorkerService], Any], fail: Fail, expected: type
) -> None:
    # The shipped taxonomy maps exactly the design's codes: these fall back to the operation's class.
    shipped = WorkerService(FakeEC2Client(fail))
    with pytest.raises(IntegrationException) as caught:
        call(shipped)
    assert expected is not type(caught.value)
    # The extension maps them to the class the design's example expects.
    extended = awserrors.load(REAL_CODES)
    service = WorkerService(FakeEC2Client(fail, parse=extended._parse_aws_error))
    with pytest.raises(expected):
        call(service)


# --- the design's "Add Context When Re-raising" -----------------------------------------------------


def test_add_context_when_reraising() -> None:
    client = FakeEC2Client(Fail("InvalidInstanceID.NotFound", "The instance ID 'i-0abc' does not exist"))
    worker_name, instance_id = "worker-7", "i-0abc"

    with pytest.raises(EC2InstanceNotFoundException) as caught:
        try:
            client.start_instance(REGION, instance_id)
        except EC2InstanceNotFoundException as e:
            raise EC2InstanceNotFoundException(
                f"Cannot start worker {worker_name} (instance {instance_id}): {e}"
            ) from e

    [parsed] = client.raised
    assert (
        "Cannot start worker worker-7 (instance i-0abc): An error occurred "
        "(InvalidInstanceID.NotFound) when calling the StartInstances operation: "
        "The instance ID 'i-0abc' does not exist"
    ) == str(caught.value)
    assert f"Cannot start worker worker-7 (instance i-0abc): {parsed}" == str(caught.value)
    assert "InvalidInstanceID.NotFound" == caught.value.error_code
    assert parsed is caught.value.__cause__
    assert isinstance(parsed.__cause__, ClientError)
    assert False is caught.value.retryable


# --- the design's Migration Guide and Best Practices -------------------------------------------------

#: A way to make each class the design's client can raise, from a real EC2 error.
RAISERS: list[tuple[str, Callable[[FakeEC2Client], Any], Fail]] = [
    ("EC2AuthenticationException", lambda c: c.create_instance(), AUTH),
    ("EC2InstanceNotFoundException", lambda c: c.start_instance(REGION, "i-0abc"), NOT_FOUND),
    ("EC2InstanceCreationException", lambda c: c.create_instance(), CAPACITY),
    (
        "EC2InstanceOperationException",
        lambda c: c.stop_instance(REGION, "i-0abc"),
        Fail("IncorrectInstanceState"),
    ),
    ("EC2TagOperationException", lambda c: c.add_tags(REGION, "i-0abc", {}), Fail("TagLimitExceeded")),
    ("EC2StatusCheckException", lambda c: c.get_instance_status_checks(REGION, "i-0abc"), CAPACITY),
    ("EC2QuotaExceededException", lambda c: c.create_instance(), QUOTA),
    ("EC2InvalidParameterException", lambda c: c.create_instance(), BAD_PARAMETER),
]


def _raise_ec2_exception(client: FakeEC2Client) -> Any:
    raise EC2Exception("AWS EC2 failed")


ALL_RAISERS = [
    *[pytest.param(n, call, f, id=n) for n, call, f in RAISERS],
    pytest.param("EC2Exception", _raise_ec2_exception, None, id="EC2Exception"),
    pytest.param(
        "IntegrationException",
        lambda c: c._call("reboot_instance", "RebootInstances", True),
        Fail("SomethingOdd", "it broke"),
        id="IntegrationException",
    ),
]


def test_raisers_cover_every_ec2_class() -> None:
    assert {"EC2Exception", *EC2_LEAVES} == {n for n, _, _ in RAISERS} | {"EC2Exception"}


@pytest.mark.parametrize(("name", "call", "fail"), ALL_RAISERS)
def test_migration_integration_exception_catches_every_ec2_class(
    name: str,
    call: Callable[[FakeEC2Client], Any],
    fail: Fail | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FakeEC2Client(fail)
    caplog.set_level(logging.ERROR, logger=__name__)

    with pytest.raises(IntegrationException) as caught:
        try:
            call(client)
        except IntegrationException as e:  # Catches all EC2* exceptions too
            log.error(f"Failed: {e}")
            raise

    assert getattr(ec2_client, name) is type(caught.value)
    assert [f"Failed: {caught.value}"] == [r.getMessage() for r in caplog.records]


#: What the Migration Guide's "After (better)" example does with each class.
BETTER_BRANCH = {
    "EC2QuotaExceededException": "notify_admin",
    "EC2InvalidParameterException": "Config error",
}


@pytest.mark.parametrize(("name", "call", "fail"), ALL_RAISERS)
def test_migration_after_better_specific_handling(
    name: str,
    call: Callable[[FakeEC2Client], Any],
    fail: Fail | None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FakeEC2Client(fail)
    notified: list[str] = []
    caplog.set_level(logging.ERROR, logger=__name__)

    def notify_admin(text: str) -> None:
        notified.append(text)

    with pytest.raises(IntegrationException) as caught:
        try:
            call(client)
        except EC2QuotaExceededException:
            notify_admin("Need quota increase")
            raise
        except EC2InvalidParameterException as e:
            log.error(f"Config error: {e}")
            raise
        except IntegrationException as e:
            log.error(f"Other AWS error: {e}")
            raise

    branch = BETTER_BRANCH.get(name, "Other AWS error")
    if branch == "notify_admin":
        assert (["Need quota increase"], []) == (notified, caplog.records)
    else:
        assert [f"{branch}: {caught.value}"] == [r.getMessage() for r in caplog.records]
        assert [] == notified


#: Best practice 1's "Catch Specific First, Generic Last".
SPECIFIC_FIRST = {
    "EC2InstanceNotFoundException": "not-found",
    "EC2InstanceOperationException": "operation",
}


@pytest.mark.parametrize(("name", "call", "fail"), ALL_RAISERS)
def test_best_practice_catch_specific_first_generic_last(
    name: str, call: Callable[[FakeEC2Client], Any], fail: Fail | None
) -> None:
    client = FakeEC2Client(fail)
    handled = None

    try:
        call(client)
    except EC2InstanceNotFoundException:
        handled = "not-found"
    except EC2InstanceOperationException:
        handled = "operation"
    except IntegrationException:
        handled = "catch-all"

    assert SPECIFIC_FIRST.get(name, "catch-all") == handled
