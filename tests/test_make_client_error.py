"""awserrors.testing.make_client_error returns what botocore really raises."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import boto3
import botocore
import botocore.parsers
import botocore.session
import pytest
import yaml
from botocore.exceptions import ClientError

import awserrors
import botocore_checks
from awserrors.testing import _transport, aws_status, make_client_error
from botocore_checks import needs_query_compatible

#: botocore's parser of the smithy-rpc-v2-cbor protocol; botocores without it (1.34.0) have
#: no service that speaks CBOR.
CBOR_PARSER = getattr(botocore.parsers, "RpcV2CBORParser", None)
needs_cbor = pytest.mark.skipif(
    CBOR_PARSER is None, reason=f"botocore {botocore.__version__} has no smithy-rpc-v2-cbor protocol"
)


def boto3_client(service: str) -> Any:
    """A boto3 client the way user code makes one (its own botocore session)."""
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    return session.client(service)


# (service, operation as passed, code, http_status, operation_name botocore reports), one per protocol
PROTOCOL_CASES = [
    pytest.param("sts", "GetCallerIdentity", "ExpiredToken", 400, "GetCallerIdentity", id="sts-query"),
    pytest.param("iam", "get_user", "NoSuchEntity", 404, "GetUser", id="iam-query"),
    pytest.param(
        "ec2", "DescribeInstances", "InvalidInstanceID.NotFound", 400, "DescribeInstances", id="ec2-ec2"
    ),
    pytest.param("dynamodb", "GetItem", "ResourceNotFoundException", 400, "GetItem", id="dynamodb-json"),
    pytest.param("logs", "put_log_events", "ResourceNotFoundException", 400, "PutLogEvents", id="logs-json"),
    pytest.param(
        "lambda", "GetFunction", "ResourceNotFoundException", 404, "GetFunction", id="lambda-rest-json"
    ),
    pytest.param("s3", "get_object", "NoSuchKey", 404, "GetObject", id="s3-rest-xml"),
    pytest.param("sqs", "GetQueueUrl", "QueueDoesNotExist", 400, "GetQueueUrl", id="sqs-json"),
    pytest.param("route53", "GetHostedZone", "NoSuchHostedZone", 404, "GetHostedZone", id="route53-rest-xml"),
]


@pytest.mark.parametrize(("service", "operation", "code", "status", "op_name"), PROTOCOL_CASES)
def test_error_is_parsed_from_the_service_wire_format(
    service: str, operation: str, code: str, status: int, op_name: str
) -> None:
    request_id = str(uuid.uuid4())

    error = make_client_error(
        code,
        message="It went <wrong> & ü",
        http_status=status,
        operation=operation,
        service=service,
        request_id=request_id,
    )

    assert isinstance(error, ClientError)
    assert code == error.response["Error"]["Code"]
    assert "It went <wrong> & ü" == error.response["Error"]["Message"]
    assert status == error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert request_id == error.response["ResponseMetadata"]["RequestId"]
    assert op_name == error.operation_name
    assert f"An error occurred ({code}) when calling the {op_name} operation: It went <wrong> & ü" == str(
        error
    )


@pytest.mark.parametrize(
    ("service", "code", "class_name"),
    [
        ("dynamodb", "ResourceNotFoundException", "ResourceNotFoundException"),
        ("iam", "NoSuchEntity", "NoSuchEntityException"),
        ("s3", "NoSuchKey", "NoSuchKey"),
        ("lambda", "ResourceNotFoundException", "ResourceNotFoundException"),
    ],
)
def test_modeled_codes_give_the_modeled_exception_class(service: str, code: str, class_name: str) -> None:
    error = make_client_error(code, service=service)

    # Botocore makes exception classes per botocore session: the error is an
    # instance of the class of the session that parsed it ...
    modeled = _transport.client_for(service).exceptions.from_code(code)
    assert isinstance(error, modeled)
    assert class_name == type(error).__name__
    # ... and has the same name as the class a user's boto3 client maps the code to.
    assert boto3_client(service).exceptions.from_code(code).__name__ == type(error).__name__


def test_dynamodb_resource_not_found_is_the_modeled_class() -> None:
    error = make_client_error("ResourceNotFoundException", service="dynamodb", operation="DescribeTable")

    dynamodb = _transport.client_for("dynamodb")
    assert isinstance(error, dynamodb.exceptions.ResourceNotFoundException)
    # The modeled error shape is parsed too, as for a real response.
    assert error.response["Error"]["Message"] == error.response["message"]


def test_unmodeled_code_gives_plain_client_error() -> None:
    error = make_client_error("SomethingNobodyModeled", service="dynamodb")

    assert ClientError is type(error)
    assert "SomethingNobodyModeled" == error.response["Error"]["Code"]


def test_defaults() -> None:
    error = make_client_error("ExpiredToken")

    assert "GetCallerIdentity" == error.operation_name  # sts, an operation without parameters
    assert 400 == error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert "Simulated ExpiredToken error" == error.response["Error"]["Message"]
    assert "Sender" == error.response["Error"]["Type"]
    assert (
        str(uuid.UUID(error.response["ResponseMetadata"]["RequestId"]))
        == (error.response["ResponseMetadata"]["RequestId"])
    )


def test_each_call_gets_a_new_request_id() -> None:
    first = make_client_error("ExpiredToken")
    second = make_client_error("ExpiredToken")

    assert first.response["ResponseMetadata"]["RequestId"] != second.response["ResponseMetadata"]["RequestId"]


def test_query_protocol_fault_type_follows_status() -> None:
    error = make_client_error("InternalFailure", service="sts", http_status=500)

    assert "Receiver" == error.response["Error"]["Type"]
    assert 500 == error.response["ResponseMetadata"]["HTTPStatusCode"]


def test_s3_get_object_no_such_key() -> None:
    error = make_client_error(
        "NoSuchKey", service="s3", operation="GetObject", http_status=404, request_id="4442587FB7D0A2F9"
    )

    assert "NoSuchKey" == error.response["Error"]["Code"]
    assert 404 == error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert "4442587FB7D0A2F9" == error.response["ResponseMetadata"]["RequestId"]
    assert error.response["ResponseMetadata"]["HostId"]
    assert "NoSuchKey" == type(error).__name__


def test_s3_head_object_has_no_body_so_the_code_is_the_status() -> None:
    error = make_client_error(
        "NoSuchKey", service="s3", operation="head_object", http_status=404, request_id="AB12CD34EF56AB78"
    )

    assert {"Code": "404", "Message": "Not Found"} == error.response["Error"]
    assert 404 == error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert "AB12CD34EF56AB78" == error.response["ResponseMetadata"]["RequestId"]
    assert "0" == error.response["ResponseMetadata"]["HTTPHeaders"]["content-length"]
    assert "HeadObject" == error.operation_name
    assert ClientError is type(error)


def test_s3_head_numeric_code_sets_the_status() -> None:
    error = make_client_error("403", service="s3", operation="HeadBucket")

    assert {"Code": "403", "Message": "Forbidden"} == error.response["Error"]
    assert 403 == error.response["ResponseMetadata"]["HTTPStatusCode"]


def test_s3_permanent_redirect_does_not_loop() -> None:
    error = make_client_error("PermanentRedirect", service="s3", operation="GetObject", http_status=301)

    assert "PermanentRedirect" == error.response["Error"]["Code"]
    assert 301 == error.response["ResponseMetadata"]["HTTPStatusCode"]


@needs_query_compatible("sqs")
def test_sqs_query_compatible_error_codes() -> None:
    error = make_client_error(
        "QueueDoesNotExist",
        service="sqs",
        operation="get_queue_url",
        query_code="AWS.SimpleQueueService.NonExistentQueue",
    )

    # Botocore reports the legacy Query code as the code, the JSON one aside.
    assert "AWS.SimpleQueueService.NonExistentQueue" == error.response["Error"]["Code"]
    assert "QueueDoesNotExist" == error.response["Error"]["QueryErrorCode"]
    assert "Sender" == error.response["Error"]["Type"]
    assert "QueueDoesNotExist" == type(error).__name__
    assert isinstance(error, _transport.client_for("sqs").exceptions.QueueDoesNotExist)


def test_sqs_without_query_code() -> None:
    error = make_client_error("QueueDoesNotExist", service="sqs", operation="GetQueueUrl")

    assert "QueueDoesNotExist" == error.response["Error"]["Code"]
    assert "QueryErrorCode" not in error.response["Error"]


def test_lambda_rest_json_error_type_header() -> None:
    error = make_client_error(
        "TooManyRequestsException", service="lambda", operation="Invoke", http_status=429
    )

    assert "TooManyRequestsException" == error.response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-errortype"]
    assert 429 == error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert "TooManyRequestsException" == type(error).__name__


def test_retryable_errors_come_back_without_retrying() -> None:
    error = make_client_error("ThrottlingException", service="dynamodb", operation="Query")

    assert 0 == error.response["ResponseMetadata"]["RetryAttempts"]
    assert error.response["ResponseMetadata"]["MaxAttemptsReached"]


def test_endpoint_discovery_services_report_the_asked_operation() -> None:
    error = make_client_error("ConflictException", service="timestream-write", operation="CreateDatabase")

    assert "CreateDatabase" == error.operation_name
    assert "ConflictException" == error.response["Error"]["Code"]


@needs_cbor
def test_cbor_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    # Services that offer CBOR (botocore >= 1.44 also has CBOR-only ones).
    candidates = ["eventbridgev2", "cloudwatchomni", "arc-region-switch", "comprehendmedical", "snowball"]
    service = next(
        name
        for name in candidates
        if name in _transport.available_services()
        and "smithy-rpc-v2-cbor"
        in _transport.client_for(name).meta.service_model.metadata.get("protocols", [])
    )
    model = _transport.client_for(service).meta.service_model
    # Older botocore prefers JSON for services that offer both; make this one speak CBOR.
    monkeypatch.setitem(vars(model), "resolved_protocol", "smithy-rpc-v2-cbor")

    error = make_client_error("ThrottlingException", message="slow ü", service=service, request_id="cbor-1")

    assert "ThrottlingException" == error.response["Error"]["Code"]
    assert "slow ü" == error.response["Error"]["Message"]
    assert "cbor-1" == error.response["ResponseMetadata"]["RequestId"]
    assert "application/cbor" == error.response["ResponseMetadata"]["HTTPHeaders"]["content-type"]


@needs_cbor
@pytest.mark.parametrize("length", [0, 23, 24, 255, 256, 65535, 65536])
def test_cbor_encoder_round_trips_through_botocore(length: int) -> None:
    message = "é" * length
    body = _transport._cbor_text_map({"__type": "com.amazonaws.x#Boom", "message": message})
    response = {"status_code": 400, "headers": {"x-amzn-requestid": "r"}, "body": body}

    parsed = CBOR_PARSER().parse(response, None)  # type: ignore[arg-type]  # botocore accepts None

    assert {"Code": "Boom", "Message": message} == parsed["Error"]
    assert "r" == parsed["ResponseMetadata"]["RequestId"]


def test_operation_by_aws_name_or_snake_name() -> None:
    by_aws_name = make_client_error("AccessDenied", service="iam", operation="ListUsers")
    by_snake_name = make_client_error("AccessDenied", service="iam", operation="list_users")

    assert "ListUsers" == by_aws_name.operation_name
    assert "ListUsers" == by_snake_name.operation_name


def test_unknown_service_is_a_value_error_with_suggestions() -> None:
    with pytest.raises(ValueError, match="unknown AWS service 'dynamodbb'; did you mean: dynamodb"):
        make_client_error("X", service="dynamodbb")


def test_unknown_operation_is_a_value_error_with_suggestions() -> None:
    with pytest.raises(
        ValueError, match="unknown operation 'get_itme' for service 'dynamodb'; did you mean: get_item"
    ):
        make_client_error("X", service="dynamodb", operation="get_itme")


def test_unrelated_operation_lists_some_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid values include: ") as caught:
        make_client_error("X", service="sts", operation="zzzzzzzz")

    assert "'zzzzzzzz'" in str(caught.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"code": ""}, "code '' must be non-empty"),
        ({"code": "Bad Code"}, "code 'Bad Code' must be non-empty, without whitespace"),
        ({"code": "X", "http_status": 200}, "http_status 200 is not an error status"),
        ({"code": "X", "http_status": 600}, "http_status 600 is not an error status"),
        ({"code": "X", "message": "a\x00b"}, "contains control characters"),
        ({"code": "X", "service": "dynamodb", "query_code": "Y"}, "query_code only applies"),
    ],
)
def test_bad_input_is_a_value_error(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_client_error(**kwargs)


def test_threads_each_get_their_own_error() -> None:
    services = ["sts", "dynamodb", "s3", "ec2", "lambda", "sqs", "iam", "logs"]
    cases = [(service, f"Code{index}.{service}") for index, service in enumerate(services)]
    barrier = threading.Barrier(len(cases))
    results: dict[int, tuple[str, str, str]] = {}
    failures: list[BaseException] = []

    def work(index: int, service: str, code: str) -> None:
        try:
            barrier.wait()
            for attempt in range(5):
                request_id = f"req-{index}-{attempt}"
                error = make_client_error(code, message=f"m{index}", service=service, request_id=request_id)
                got = (
                    error.response["Error"]["Code"],
                    error.response["Error"]["Message"],
                    error.response["ResponseMetadata"]["RequestId"],
                )
                assert (code, f"m{index}", request_id) == got
            results[index] = got
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [
        threading.Thread(target=work, args=(index, service, code))
        for index, (service, code) in enumerate(cases)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [] == failures
    assert {index: (code, f"m{index}", f"req-{index}-4") for index, (_, code) in enumerate(cases)} == results


def test_public_surface() -> None:
    import awserrors.testing

    assert ["aws_status", "make_client_error"] == awserrors.testing.__all__


# --- the status AWS sends ----------------------------------------------------------------


def _raw_model_statuses(service: str) -> dict[str, int]:
    """Shape name (and its modeled code) -> the status the installed model gives it,
    read from botocore's JSON model directly."""
    model = botocore_checks.session().get_service_data(service)
    statuses: dict[str, int] = {}
    for name, shape in model["shapes"].items():
        error = shape.get("error", {}) if shape.get("exception") else {}
        if "httpStatusCode" in error:
            statuses[name] = error["httpStatusCode"]
            statuses.setdefault(error.get("code", name), error["httpStatusCode"])
    return statuses


def test_every_modeled_shape_with_a_status_is_sent_with_it() -> None:
    """Every error shape any installed service model gives a status is sent with it."""
    session = botocore_checks.session()
    wrong, checked = [], 0
    for service in session.get_available_services():
        model = session.get_service_data(service)
        for name, shape in model["shapes"].items():
            status = shape.get("error", {}).get("httpStatusCode") if shape.get("exception") else None
            if status is None:
                continue
            checked += 1
            if aws_status(service, name) != status:
                wrong.append((service, name, status, aws_status(service, name)))
    assert checked > 1000
    assert [] == wrong


def test_every_documented_s3_code_is_sent_with_its_status() -> None:
    """mappings/aws/s3.yaml lists S3's documented codes with their statuses (from the S3
    API reference); the installed model's status wins where it models one."""
    with (awserrors.mappings_dir() / "aws" / "s3.yaml").open(encoding="utf-8") as stream:
        rows = yaml.safe_load(stream)["services"]["s3"]
    modeled = _raw_model_statuses("s3")
    documented = {
        fields.get("code", name): fields["http_status"]
        for name, fields in rows.items()
        if "http_status" in fields
    }
    assert len(documented) > 200
    wrong = {
        code: (modeled.get(code, status), aws_status("s3", code))
        for code, status in documented.items()
        if aws_status("s3", code) != modeled.get(code, status)
    }
    assert {} == wrong


@pytest.mark.parametrize(
    ("service", "operation", "code", "status"),
    [
        ("s3", "GetObject", "NoSuchKey", 404),  # documented (S3's reference)
        ("s3", None, "NoSuchBucket", 404),
        ("s3", None, "AccessDenied", 403),
        ("s3", None, "SlowDown", 503),
        ("lambda", None, "ResourceNotFoundException", 404),  # modeled
        ("dynamodb", None, "ThrottlingException", 400),  # a common error AWS sends with 400
        ("dynamodb", None, "WidgetNotFoundFault", 404),  # unknown: the name rules' category
        ("ec2", None, "InvalidInstanceID.NotFound", 400),  # EC2 sends its client errors with 400
        ("dynamodb", None, "SomethingNobodyModeled", 400),
        ("s3", "HeadObject", "403", 403),  # HEAD: the code is the status
    ],
)
def test_the_status_defaults_to_the_one_aws_sends(
    service: str, operation: str | None, code: str, status: int
) -> None:
    error = make_client_error(code, service=service, operation=operation)
    assert status == error.response["ResponseMetadata"]["HTTPStatusCode"]


def test_an_explicit_status_wins() -> None:
    error = make_client_error("NoSuchKey", service="s3", operation="GetObject", http_status=400)
    assert 400 == error.response["ResponseMetadata"]["HTTPStatusCode"]
