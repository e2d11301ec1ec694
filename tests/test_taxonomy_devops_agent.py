"""The Community DevOps Agent API's exceptions, as its error documentation specifies them.

Checked against the generated module.

Every ``ClientError`` here is a real one: ``make_client_error`` answers a botocore
client with the wire response a JSON service sends, and the DevOps Agent module
converts botocore's parse of it.  DevOps Agent has no botocore model, so the wire
service is ``lambda`` (rest-json); the conversion is the DevOps Agent one.
"""

from __future__ import annotations

import inspect
import logging
import time
from typing import Any

import botocore.exceptions
import pytest
from botocore.exceptions import BotoCoreError, ClientError

from awserrors.taxonomies import devops_agent
from awserrors.taxonomies.devops_agent import (
    DevOpsAgentAPIError,
    DevOpsAgentAuthError,
    DevOpsAgentConfigError,
    DevOpsAgentError,
    DevOpsAgentValidationError,
)
from awserrors.testing import make_client_error

logger = logging.getLogger(__name__)

WIRE_SERVICE = "lambda"
SERVICE_NAME = "community-devops-agent"

# --- the documentation's class tree ------------------------------------------------------------

#: (class, the base the documentation documents for it), for every class the documentation documents.
DOCUMENTED_BASES = [
    ("DevOpsAgentError", ClientError),
    ("AuthenticationError", "DevOpsAgentError"),
    ("CredentialRefreshError", "AuthenticationError"),
    ("JWTGenerationError", "AuthenticationError"),
    ("CredentialExchangeError", "AuthenticationError"),
    ("ConfigurationError", "DevOpsAgentError"),
    ("ServiceRegistrationError", "ConfigurationError"),
    ("ModelValidationError", "ConfigurationError"),
    ("ValidationException", "DevOpsAgentError"),
    ("UnauthorizedException", "DevOpsAgentError"),
    ("ResourceNotFoundException", "DevOpsAgentError"),
    ("ConflictException", "DevOpsAgentError"),
    ("ThrottlingException", "DevOpsAgentError"),
    ("InternalServerException", "DevOpsAgentError"),
    ("ServiceUnavailableException", "DevOpsAgentError"),
    ("NetworkError", BotoCoreError),
    ("ConnectionError", "NetworkError"),
    ("TimeoutError", "NetworkError"),
]

#: The umbrella classes the documentation's examples catch.
UMBRELLAS = [
    "DevOpsAgentAPIError",
    "DevOpsAgentAuthError",
    "DevOpsAgentValidationError",
    "DevOpsAgentConfigError",
]

CLIENT_ERROR_CLASSES = [
    name for name, _ in DOCUMENTED_BASES if name not in {"NetworkError", "ConnectionError", "TimeoutError"}
]
NETWORK_CLASSES = ["NetworkError", "ConnectionError", "TimeoutError"]


def _cls(name_or_class: str | type) -> type:
    return getattr(devops_agent, name_or_class) if isinstance(name_or_class, str) else name_or_class


@pytest.mark.parametrize(
    ("name", "base"),
    [pytest.param(name, base, id=name) for name, base in DOCUMENTED_BASES],
)
def test_every_documented_class_exists_with_its_documented_base(name: str, base: str | type) -> None:
    cls = getattr(devops_agent, name)

    assert name == cls.__name__
    assert "awserrors.taxonomies.devops_agent" == cls.__module__
    assert issubclass(cls, _cls(base))
    assert issubclass(cls, Exception)


def test_the_module_has_the_documented_classes_plus_the_four_umbrellas_and_nothing_else() -> None:
    expected = {name for name, _ in DOCUMENTED_BASES} | set(UMBRELLAS)

    assert expected == set(devops_agent.taxonomy.class_names)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in CLIENT_ERROR_CLASSES + UMBRELLAS])
def test_every_api_class_is_a_client_error_and_no_network_error(name: str) -> None:
    cls = getattr(devops_agent, name)

    assert issubclass(cls, DevOpsAgentError)
    assert issubclass(cls, ClientError)
    assert not issubclass(cls, devops_agent.NetworkError)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NETWORK_CLASSES])
def test_every_network_class_is_a_botocore_error_and_no_client_error(name: str) -> None:
    cls = getattr(devops_agent, name)

    assert issubclass(cls, BotoCoreError)
    assert issubclass(cls, devops_agent.NetworkError)
    assert not issubclass(cls, ClientError)
    assert not issubclass(cls, DevOpsAgentError)


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in NETWORK_CLASSES])
def test_network_classes_take_keyword_arguments_only(name: str) -> None:
    cls = getattr(devops_agent, name)

    error = cls(endpoint_url="https://devops-agent.us-east-1.amazonaws.com")

    assert "https://devops-agent.us-east-1.amazonaws.com" == error.kwargs["endpoint_url"]
    assert isinstance(cls(), cls)
    assert "" != str(cls())


# --- DevOpsAgentError's constructor and properties -------------------------------------

RESPONSE = {
    "Error": {"Code": "ResourceNotFoundException", "Message": "Task t-1 not found"},
    "ResponseMetadata": {"HTTPStatusCode": 404, "RequestId": "req-404"},
}


def test_constructor_parameters_are_the_documented_ones_in_order() -> None:
    parameters = list(inspect.signature(DevOpsAgentError).parameters.values())

    assert ["error_response", "operation_name", "service_name", "kwargs"] == [p.name for p in parameters]
    assert inspect.Parameter.VAR_KEYWORD == parameters[-1].kind
    assert all(p.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters[:3])


def test_constructor_signature_default_service_name_is_the_documented_ones() -> None:
    parameter = inspect.signature(DevOpsAgentError).parameters["service_name"]

    assert SERVICE_NAME == parameter.default


@pytest.mark.parametrize("name", [pytest.param(n, id=n) for n in CLIENT_ERROR_CLASSES + UMBRELLAS])
def test_every_api_class_takes_the_documented_constructor_arguments(name: str) -> None:
    cls = getattr(devops_agent, name)

    positional = cls(RESPONSE, "GetTask")
    by_keyword = cls(
        error_response=RESPONSE,
        operation_name="GetTask",
        service_name="my-devops-agent",
        extra="context",
    )

    assert RESPONSE is positional.response
    assert "GetTask" == positional.operation_name
    assert SERVICE_NAME == positional.service_name
    assert "my-devops-agent" == by_keyword.service_name
    assert {"extra": "context"} == by_keyword.kwargs
    assert str(ClientError(RESPONSE, "GetTask")) == str(positional)


def test_the_four_properties_read_the_response() -> None:
    error = DevOpsAgentError(RESPONSE, "GetTask")

    assert "ResourceNotFoundException" == error.error_code
    assert "Task t-1 not found" == error.error_message
    assert 404 == error.http_status_code
    assert "req-404" == error.request_id


def test_the_four_properties_are_none_when_the_response_lacks_them() -> None:
    error = DevOpsAgentError({}, "GetTask")

    assert (None, None, None, None) == (
        error.error_code,
        error.error_message,
        error.http_status_code,
        error.request_id,
    )


@pytest.mark.parametrize("prop", ["error_code", "error_message", "http_status_code", "request_id"])
def test_the_four_properties_are_properties(prop: str) -> None:
    assert isinstance(inspect.getattr_static(DevOpsAgentError, prop), property)


def test_the_four_properties_of_a_converted_real_error() -> None:
    original = make_client_error(
        "ConflictException",
        service=WIRE_SERVICE,
        http_status=409,
        message="Task already exists",
        request_id="req-409",
    )

    error = devops_agent.handle_client_error(original)

    assert "ConflictException" == error.error_code
    assert "Task already exists" == error.error_message
    assert 409 == error.http_status_code
    assert "req-409" == error.request_id


# --- handle_client_error: the documentation's HTTP status table ----------------------------------

#: The documentation's "Corresponds to HTTP ..." lines.
DOCUMENTED_STATUSES = [
    (400, "ValidationException"),
    (401, "UnauthorizedException"),
    (403, "UnauthorizedException"),
    (404, "ResourceNotFoundException"),
    (409, "ConflictException"),
    (429, "ThrottlingException"),
    (500, "InternalServerException"),
    (503, "ServiceUnavailableException"),
]


@pytest.mark.parametrize(
    ("status", "name"),
    [pytest.param(status, name, id=f"{status}-{name}") for status, name in DOCUMENTED_STATUSES],
)
def test_an_unknown_code_is_classified_by_its_http_status(status: int, name: str) -> None:
    original = make_client_error("SomethingUnexpected", service=WIRE_SERVICE, http_status=status)

    error = devops_agent.handle_client_error(original)

    assert getattr(devops_agent, name) is type(error)
    assert status == error.http_status_code
    assert "SomethingUnexpected" == error.error_code


@pytest.mark.parametrize(
    ("status", "name"),
    [pytest.param(status, name, id=f"{status}-{name}") for status, name in DOCUMENTED_STATUSES],
)
def test_exception_class_for_follows_the_documented_status_table(status: int, name: str) -> None:
    assert getattr(devops_agent, name) is devops_agent.exception_class_for(http_status=status)


@pytest.mark.parametrize(
    ("status", "name"),
    [pytest.param(status, name, id=f"{status}-{name}") for status, name in DOCUMENTED_STATUSES],
)
def test_the_code_named_after_a_class_picks_that_class_whatever_the_status(status: int, name: str) -> None:
    # Real JSON services often send e.g. ThrottlingException with a 400.
    other_status = 400 if status != 400 else 500
    original = make_client_error(name, service=WIRE_SERVICE, http_status=other_status)

    error = devops_agent.handle_client_error(original)

    assert getattr(devops_agent, name) is type(error)


@pytest.mark.parametrize("status", [pytest.param(s, id=str(s)) for s in (500, 502, 503, 504)])
def test_the_documented_server_errors_are_api_errors(status: int) -> None:
    # "Server Errors (5xx): 500, 502, 503, 504"
    original = make_client_error("SomethingUnexpected", service=WIRE_SERVICE, http_status=status)

    error = devops_agent.handle_client_error(original)

    assert isinstance(error, DevOpsAgentAPIError)


#: The documentation's "Client Errors" codes that are ClientErrors, and the umbrella of each.
DOCUMENTED_CLIENT_CODES = [
    ("CONFIG_ERROR", "DevOpsAgentConfigError"),
    ("VALIDATION_ERROR", "DevOpsAgentValidationError"),
    ("AUTH_ERROR", "DevOpsAgentAuthError"),
]


@pytest.mark.parametrize(
    ("code", "umbrella"),
    [pytest.param(code, umbrella, id=code) for code, umbrella in DOCUMENTED_CLIENT_CODES],
)
def test_the_documented_client_error_codes_land_under_their_umbrella(code: str, umbrella: str) -> None:
    original = make_client_error(code, service=WIRE_SERVICE, http_status=400)

    error = devops_agent.handle_client_error(original)

    assert isinstance(error, getattr(devops_agent, umbrella))
    assert code == error.code


def test_handle_client_error_keeps_response_operation_and_cause() -> None:
    original = make_client_error(
        "ResourceNotFoundException",
        service=WIRE_SERVICE,
        operation="GetFunction",
        http_status=404,
    )

    error = devops_agent.handle_client_error(original)

    assert original.response is error.response
    assert "GetFunction" == error.operation_name
    assert original is error.__cause__
    assert SERVICE_NAME == error.service_name
    assert str(original) == str(error)
    assert isinstance(error, ClientError)


def test_handle_client_error_takes_the_service_name_it_is_given() -> None:
    original = make_client_error("ConflictException", service=WIRE_SERVICE, http_status=409)

    error = devops_agent.handle_client_error(original, service="devops-agent-staging")

    assert "devops-agent-staging" == error.service_name


def test_handle_client_error_returns_a_converted_error_as_it_is() -> None:
    error = devops_agent.handle_client_error(
        make_client_error("ThrottlingException", service=WIRE_SERVICE, http_status=429)
    )

    assert error is devops_agent.handle_client_error(error)


# --- the umbrella classes catch what their descriptions say -----------------------------

#: (wire code, status, umbrella that must catch it): the documentation's "Common Causes".
UMBRELLA_CASES = [
    # DevOpsAgentAPIError: invalid API parameters, resource not found, service unavailable,
    # rate limiting.
    ("ValidationException", 400, "DevOpsAgentAPIError"),
    ("ResourceNotFoundException", 404, "DevOpsAgentAPIError"),
    ("ServiceUnavailableException", 503, "DevOpsAgentAPIError"),
    ("ThrottlingException", 429, "DevOpsAgentAPIError"),
    ("ConflictException", 409, "DevOpsAgentAPIError"),
    ("InternalServerException", 500, "DevOpsAgentAPIError"),
    # DevOpsAgentAuthError: invalid credentials, insufficient permissions, expired credentials.
    ("UnauthorizedException", 401, "DevOpsAgentAuthError"),
    ("UnauthorizedException", 403, "DevOpsAgentAuthError"),
    ("SomethingUnexpected", 401, "DevOpsAgentAuthError"),
    ("SomethingUnexpected", 403, "DevOpsAgentAuthError"),
    ("AUTH_ERROR", 400, "DevOpsAgentAuthError"),
    # DevOpsAgentValidationError: invalid parameter values, missing fields, type mismatches.
    ("ValidationException", 400, "DevOpsAgentValidationError"),
    ("SomethingUnexpected", 400, "DevOpsAgentValidationError"),
    ("VALIDATION_ERROR", 400, "DevOpsAgentValidationError"),
    # DevOpsAgentConfigError: invalid configuration values.
    ("CONFIG_ERROR", 400, "DevOpsAgentConfigError"),
]


@pytest.mark.parametrize(
    ("code", "status", "umbrella"),
    [pytest.param(c, s, u, id=f"{u}-{c}-{s}") for c, s, u in UMBRELLA_CASES],
)
def test_umbrella_catches_a_real_error_its_description_names(code: str, status: int, umbrella: str) -> None:
    original = make_client_error(code, service=WIRE_SERVICE, http_status=status)

    with pytest.raises(getattr(devops_agent, umbrella)) as caught:
        raise devops_agent.handle_client_error(original)

    assert original.response is caught.value.response


#: Every concrete documented class and the umbrellas it belongs to.
CLASS_UMBRELLAS = [
    ("AuthenticationError", {"DevOpsAgentAuthError"}),
    ("CredentialRefreshError", {"DevOpsAgentAuthError"}),
    ("JWTGenerationError", {"DevOpsAgentAuthError"}),
    ("CredentialExchangeError", {"DevOpsAgentAuthError"}),
    ("UnauthorizedException", {"DevOpsAgentAuthError"}),
    ("ConfigurationError", {"DevOpsAgentConfigError"}),
    ("ServiceRegistrationError", {"DevOpsAgentConfigError"}),
    ("ModelValidationError", {"DevOpsAgentConfigError", "DevOpsAgentValidationError"}),
    ("ValidationException", {"DevOpsAgentAPIError", "DevOpsAgentValidationError"}),
    ("ResourceNotFoundException", {"DevOpsAgentAPIError"}),
    ("ConflictException", {"DevOpsAgentAPIError"}),
    ("ThrottlingException", {"DevOpsAgentAPIError"}),
    ("InternalServerException", {"DevOpsAgentAPIError"}),
    ("ServiceUnavailableException", {"DevOpsAgentAPIError"}),
]


def test_class_umbrellas_cover_every_concrete_documented_class() -> None:
    concrete = {n for n in CLIENT_ERROR_CLASSES if n != "DevOpsAgentError"}

    assert concrete == {name for name, _ in CLASS_UMBRELLAS}


@pytest.mark.parametrize(
    ("name", "umbrellas"),
    [pytest.param(n, u, id=n) for n, u in CLASS_UMBRELLAS],
)
def test_every_class_sits_under_exactly_the_umbrellas_its_description_names(
    name: str, umbrellas: set[str]
) -> None:
    cls = getattr(devops_agent, name)

    assert umbrellas == {u for u in UMBRELLAS if issubclass(cls, getattr(devops_agent, u))}


# --- a stand-in DevOps Agent client for the documentation's examples ----------------------------


class FakeDevOpsAgentClient:
    """A DevOps Agent client whose calls fail as told, then succeed.

    ``failures`` holds, per call, None (succeed) or the keyword arguments of
    ``make_client_error``; a failing call raises the real ClientError converted by
    ``devops_agent.handle_client_error``, as the library's client does.
    """

    def __init__(self, *failures: dict[str, Any] | None) -> None:
        self.failures = list(failures)
        self.calls: list[str] = []
        self.raised: list[BaseException] = []

    def _call(self, method: str, wire_operation: str) -> dict[str, Any]:
        self.calls.append(method)
        failure = self.failures.pop(0) if self.failures else None
        if failure is None:
            return {"method": method, "tasks": []}
        spec = {"service": WIRE_SERVICE, "operation": wire_operation, **failure}
        error = devops_agent.handle_client_error(make_client_error(**spec))
        self.raised.append(error)
        raise error

    def list_tasks(self, **params: Any) -> dict[str, Any]:
        return self._call("list_tasks", "ListFunctions")

    def get_task(self, task_id: str | None = None, **params: Any) -> dict[str, Any]:
        return self._call("get_task", "GetFunction")

    def create_task(self, **params: Any) -> dict[str, Any]:
        return self._call("create_task", "CreateFunction")


class ClientSideFailure:
    """A client whose call raises an exception it built itself (not from the wire).

    The documentation's client-side classes (JWT generation, credential exchange, service
    registration...) are raised by the library before or around the API call,
    with the documentation's constructor ``(error_response, operation_name)``.
    """

    def __init__(self, name: str, code: str, message: str) -> None:
        self.error = getattr(devops_agent, name)(
            {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {}}, "GetTask"
        )

    def get_task(self, task_id: str | None = None) -> dict[str, Any]:
        raise self.error


# --- the documentation's examples, as written ----------------------------------------------------


def test_example_basic_error_handling(capsys: pytest.CaptureFixture[str]) -> None:
    client = FakeDevOpsAgentClient({"code": "InternalServerException", "http_status": 500})

    try:
        # API call
        response = client.list_tasks()
    except DevOpsAgentError as e:
        print(f"DevOps Agent error: {e}")
        # Handle the error
        response = None

    assert response is None
    [raised] = client.raised
    assert f"DevOps Agent error: {raised}\n" == capsys.readouterr().out
    assert (
        "DevOps Agent error: An error occurred (InternalServerException) when calling the "
        "ListFunctions operation (reached max retries: 0): Simulated InternalServerException "
        "error\n"
    ) == f"DevOps Agent error: {raised}\n"


def _specific_exception_handling(client: Any) -> None:
    """The documentation's "Specific Exception Handling" example."""
    try:
        response = client.get_task(task_id="invalid-id")  # noqa: F841
    except DevOpsAgentAPIError as e:
        print(f"API error: {e}")
    except DevOpsAgentAuthError as e:
        print(f"Authentication error: {e}")
    except DevOpsAgentValidationError as e:
        print(f"Validation error: {e}")
    except DevOpsAgentConfigError as e:
        print(f"Configuration error: {e}")


#: (id, client, the branch the documentation's example prints).
SPECIFIC_CASES = [
    (
        "not-found-404",
        lambda: FakeDevOpsAgentClient({"code": "ResourceNotFoundException", "http_status": 404}),
        "API error",
    ),
    (
        "validation-400",
        lambda: FakeDevOpsAgentClient({"code": "ValidationException", "http_status": 400}),
        "API error",
    ),
    (
        "throttled-429",
        lambda: FakeDevOpsAgentClient({"code": "ThrottlingException", "http_status": 429}),
        "API error",
    ),
    (
        "unavailable-503",
        lambda: FakeDevOpsAgentClient({"code": "ServiceUnavailableException", "http_status": 503}),
        "API error",
    ),
    (
        "unauthorized-401",
        lambda: FakeDevOpsAgentClient({"code": "UnauthorizedException", "http_status": 401}),
        "Authentication error",
    ),
    (
        "forbidden-403",
        lambda: FakeDevOpsAgentClient({"code": "AccessDeniedException", "http_status": 403}),
        "Authentication error",
    ),
    (
        "auth-code",
        lambda: FakeDevOpsAgentClient({"code": "AUTH_ERROR", "http_status": 400}),
        "Authentication error",
    ),
    (
        "validation-code",
        lambda: FakeDevOpsAgentClient({"code": "VALIDATION_ERROR", "http_status": 400}),
        "Validation error",
    ),
    (
        "config-code",
        lambda: FakeDevOpsAgentClient({"code": "CONFIG_ERROR", "http_status": 400}),
        "Configuration error",
    ),
    (
        "jwt-generation",
        lambda: ClientSideFailure("JWTGenerationError", "AUTH_ERROR", "JWT generation failed"),
        "Authentication error",
    ),
    (
        "credential-refresh",
        lambda: ClientSideFailure("CredentialRefreshError", "AUTH_ERROR", "refresh failed"),
        "Authentication error",
    ),
    (
        "credential-exchange",
        lambda: ClientSideFailure("CredentialExchangeError", "AUTH_ERROR", "exchange failed"),
        "Authentication error",
    ),
    (
        "model-validation",
        lambda: ClientSideFailure("ModelValidationError", "VALIDATION_ERROR", "title: field required"),
        "Validation error",
    ),
    (
        "service-registration",
        lambda: ClientSideFailure("ServiceRegistrationError", "CONFIG_ERROR", "service model missing"),
        "Configuration error",
    ),
    (
        "configuration",
        lambda: ClientSideFailure("ConfigurationError", "CONFIG_ERROR", "AWS_REGION is not set"),
        "Configuration error",
    ),
]


@pytest.mark.parametrize(
    ("make_client", "branch"),
    [pytest.param(make, branch, id=case_id) for case_id, make, branch in SPECIFIC_CASES],
)
def test_example_specific_exception_handling(
    make_client: Any, branch: str, capsys: pytest.CaptureFixture[str]
) -> None:
    client = make_client()

    _specific_exception_handling(client)

    error = client.raised[0] if isinstance(client, FakeDevOpsAgentClient) else client.error
    assert f"{branch}: {error}\n" == capsys.readouterr().out


def test_example_logging_errors(caplog: pytest.LogCaptureFixture) -> None:
    client = FakeDevOpsAgentClient(
        {"code": "ValidationException", "http_status": 400, "message": "title must not be empty"}
    )
    caplog.set_level(logging.ERROR, logger=__name__)

    with pytest.raises(DevOpsAgentError) as caught:
        try:
            response = client.create_task(title="")  # noqa: F841
        except DevOpsAgentError as e:
            logger.error(f"DevOps Agent operation failed: {e}", exc_info=True)
            raise

    [raised] = client.raised
    [record] = caplog.records
    assert raised is caught.value
    assert f"DevOps Agent operation failed: {raised}" == record.getMessage()
    assert logging.ERROR == record.levelno
    assert raised is record.exc_info[1]
    assert "title must not be empty" in caplog.text
    assert "Traceback" in caplog.text


def test_example_error_context(capsys: pytest.CaptureFixture[str]) -> None:
    client = FakeDevOpsAgentClient(
        {"code": "ValidationException", "http_status": 400, "request_id": "5f0c8b2e-req"}
    )

    try:
        response = client.list_tasks(agentSpaceId="invalid-uuid")  # noqa: F841
    except DevOpsAgentAPIError as e:
        print(f"Error code: {e.code}")
        print(f"HTTP status: {e.status_code}")
        print(f"Request ID: {e.request_id}")
        print(f"Details: {e.details}")

    assert (
        "Error code: ValidationException\nHTTP status: 400\nRequest ID: 5f0c8b2e-req\nDetails: {}\n"
    ) == capsys.readouterr().out


def test_error_context_details_carry_extra_error_fields_and_keyword_arguments() -> None:
    response = {
        "Error": {"Code": "ValidationException", "Message": "bad", "Field": "agentSpaceId"},
        "ResponseMetadata": {"HTTPStatusCode": 400, "RequestId": "req-1"},
    }

    error = devops_agent.ValidationException(response, "ListTasks", agent_space_id="invalid")

    assert {"Field": "agentSpaceId", "agent_space_id": "invalid"} == error.details
    assert ("ValidationException", 400, "bad") == (error.code, error.status_code, error.message)


@pytest.mark.parametrize(
    ("failure", "branch"),
    [
        pytest.param({"code": "ValidationException", "http_status": 400}, "validation", id="validation"),
        pytest.param({"code": "UnauthorizedException", "http_status": 401}, "auth", id="auth"),
    ],
)
def test_best_practice_catch_specific_exceptions(failure: dict[str, Any], branch: str) -> None:
    client = FakeDevOpsAgentClient(failure)
    handled = None

    try:
        client.create_task(title="Test")
    except DevOpsAgentValidationError:
        # Handle validation errors
        handled = "validation"
    except DevOpsAgentAuthError:
        # Handle auth errors
        handled = "auth"

    assert branch == handled


def test_best_practice_log_errors_appropriately(caplog: pytest.LogCaptureFixture) -> None:
    client = FakeDevOpsAgentClient({"code": "ResourceNotFoundException", "http_status": 404})
    task_id = "task-123"
    caplog.set_level(logging.ERROR, logger=__name__)

    try:
        response = client.get_task(task_id)  # noqa: F841
    except DevOpsAgentAPIError as e:
        logger.error(f"Failed to get task {task_id}: {e}", exc_info=True)

    [raised] = client.raised
    [record] = caplog.records
    assert f"Failed to get task task-123: {raised}" == record.getMessage()
    assert raised is record.exc_info[1]


def test_example_preserve_exception_context_good(caplog: pytest.LogCaptureFixture) -> None:
    client = FakeDevOpsAgentClient({"code": "InternalServerException", "http_status": 500})
    caplog.set_level(logging.ERROR, logger=__name__)

    with pytest.raises(DevOpsAgentError) as caught:
        try:
            response = client.list_tasks()  # noqa: F841
        except DevOpsAgentError:
            logger.error("Task listing failed")
            raise  # Preserve original exception

    [raised] = client.raised
    assert raised is caught.value
    assert isinstance(caught.value, devops_agent.InternalServerException)
    assert isinstance(caught.value.__cause__, ClientError)
    assert caught.value.response is caught.value.__cause__.response
    assert ["Task listing failed"] == [r.getMessage() for r in caplog.records]


def test_example_preserve_exception_context_avoid_loses_the_original_type() -> None:
    client = FakeDevOpsAgentClient({"code": "InternalServerException", "http_status": 500})

    with pytest.raises(RuntimeError) as caught:
        try:
            response = client.list_tasks()  # noqa: F841
        except DevOpsAgentError as e:  # noqa: F841
            raise RuntimeError("Task listing failed")  # noqa: B904 - the documentation's "Avoid" case

    assert not isinstance(caught.value, DevOpsAgentError)
    assert caught.value.__cause__ is None
    assert client.raised[0] is caught.value.__context__


def _list_tasks_with_retries(client: Any) -> Any:
    """The documentation's "Handle Retries" example (``response`` starts as None so it can be returned)."""
    response = None
    max_retries = 3
    for attempt in range(max_retries):
        try:
            response = client.list_tasks()
            break
        except DevOpsAgentAPIError as e:
            if e.status_code == 429:  # Rate limited
                time.sleep(2**attempt)  # Exponential backoff
                continue
            raise
    return response


THROTTLED = {"code": "ThrottlingException", "http_status": 429, "message": "Rate exceeded"}
THROTTLED_UNKNOWN = {"code": "TooManyRequests", "http_status": 429}


@pytest.mark.parametrize(
    ("throttles", "failure"),
    [
        pytest.param(n, failure, id=f"{failure['code']}-x{n}")
        for failure in (THROTTLED, THROTTLED_UNKNOWN)
        for n in (0, 1, 2)
    ],
)
def test_example_handle_retries_succeeds_after_throttling(
    throttles: int, failure: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    client = FakeDevOpsAgentClient(*[failure] * throttles, None)

    response = _list_tasks_with_retries(client)

    assert {"method": "list_tasks", "tasks": []} == response
    assert throttles + 1 == len(client.calls)
    assert [1, 2][:throttles] == sleeps
    assert all(isinstance(e, devops_agent.ThrottlingException) for e in client.raised)


def test_example_handle_retries_gives_up_after_three_throttled_attempts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    client = FakeDevOpsAgentClient(THROTTLED, THROTTLED, THROTTLED, None)

    response = _list_tasks_with_retries(client)

    # As written, the documentation's loop ends without a response once every attempt was throttled.
    assert response is None
    assert 3 == len(client.calls)
    assert [1, 2, 4] == sleeps


@pytest.mark.parametrize(
    "failure",
    [
        pytest.param({"code": "InternalServerException", "http_status": 500}, id="500"),
        pytest.param({"code": "ValidationException", "http_status": 400}, id="400"),
        pytest.param({"code": "ResourceNotFoundException", "http_status": 404}, id="404"),
        pytest.param({"code": "ServiceUnavailableException", "http_status": 503}, id="503"),
    ],
)
def test_example_handle_retries_reraises_other_api_errors_at_once(
    failure: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    client = FakeDevOpsAgentClient(THROTTLED, failure, None)

    with pytest.raises(DevOpsAgentAPIError) as caught:
        _list_tasks_with_retries(client)

    assert client.raised[-1] is caught.value
    assert 2 == len(client.calls)
    assert [1] == sleeps


def test_example_handle_retries_lets_auth_errors_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)
    client = FakeDevOpsAgentClient({"code": "UnauthorizedException", "http_status": 401})

    with pytest.raises(DevOpsAgentAuthError):
        _list_tasks_with_retries(client)

    assert 1 == len(client.calls)
    assert [] == sleeps


def test_example_debugging_errors(capsys: pytest.CaptureFixture[str]) -> None:
    client = FakeDevOpsAgentClient({"code": "ConflictException", "http_status": 409})

    try:
        response = client.list_tasks()  # noqa: F841
    except DevOpsAgentError as e:
        print(f"Error: {e}")
        print(f"Details: {e.details}")

    [raised] = client.raised
    assert f"Error: {raised}\nDetails: {{}}\n" == capsys.readouterr().out


# --- network errors ------------------------------------------------------------------

URL = "https://devops-agent.us-east-1.amazonaws.com"

#: (botocore exception, the documentation class it becomes).
NETWORK_CASES = [
    (
        "EndpointConnectionError",
        lambda: botocore.exceptions.EndpointConnectionError(endpoint_url=URL),
        "ConnectionError",
    ),
    (
        "ProxyConnectionError",
        lambda: botocore.exceptions.ProxyConnectionError(proxy_url="http://proxy:3128"),
        "ConnectionError",
    ),
    (
        "SSLError",
        lambda: botocore.exceptions.SSLError(endpoint_url=URL, error="certificate verify failed"),
        "ConnectionError",
    ),
    (
        "ConnectionClosedError",
        lambda: botocore.exceptions.ConnectionClosedError(endpoint_url=URL),
        "ConnectionError",
    ),
    ("ReadTimeoutError", lambda: botocore.exceptions.ReadTimeoutError(endpoint_url=URL), "TimeoutError"),
    (
        "ConnectTimeoutError",
        lambda: botocore.exceptions.ConnectTimeoutError(endpoint_url=URL),
        "TimeoutError",
    ),
]


@pytest.mark.parametrize(
    ("make_error", "name"),
    [pytest.param(make, name, id=f"{case_id}-{name}") for case_id, make, name in NETWORK_CASES],
)
def test_handle_error_maps_botocore_network_errors(make_error: Any, name: str) -> None:
    original = make_error()

    error = devops_agent.handle_error(original)

    assert getattr(devops_agent, name) is type(error)
    assert isinstance(error, devops_agent.NetworkError)
    assert isinstance(error, BotoCoreError)
    assert original is error.__cause__
    assert str(original) == str(error)
    for key, value in original.kwargs.items():
        assert value == error.kwargs[key]


@pytest.mark.parametrize(
    ("make_error", "name"),
    [pytest.param(make, name, id=f"{case_id}-{name}") for case_id, make, name in NETWORK_CASES],
)
def test_network_errors_are_caught_by_network_error(make_error: Any, name: str) -> None:
    with pytest.raises(devops_agent.NetworkError) as caught:
        raise devops_agent.handle_error(make_error())

    assert not isinstance(caught.value, DevOpsAgentError)


def test_handle_error_converts_a_client_error_like_handle_client_error() -> None:
    original = make_client_error("SomethingUnexpected", service=WIRE_SERVICE, http_status=404)

    error = devops_agent.handle_error(original)

    assert devops_agent.ResourceNotFoundException is type(error)
    assert original is error.__cause__
