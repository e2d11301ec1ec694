"""Lookups of every shipped taxonomy: every YAML row, precedence, and robustness."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import (
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from hypothesis import given
from hypothesis import strategies as st

import awserrors
import awserrors.codes
from awserrors.taxonomies import devops_agent, ec2_client
from conftest import SHIPPED, rows, yaml_classes, yaml_codes
from strategies import botocore_responses, junk, responses

CODE_ROWS = [
    pytest.param(module, name, code, overrides, id=f"{module.__name__}:{code}")
    for module, path in SHIPPED.items()
    for name, code, overrides in yaml_codes(path)
]


def client_error(
    code: Any = None, status: Any = None, operation: str = "DoThing", **error: Any
) -> ClientError:
    response: dict[str, Any] = {"Error": {"Message": "boom", **error}, "ResponseMetadata": {}}
    if code is not None:
        response["Error"]["Code"] = code
    if status is not None:
        response["ResponseMetadata"]["HTTPStatusCode"] = status
    return ClientError(response, operation)  # type: ignore[arg-type]


@pytest.mark.parametrize(("module", "name", "code", "overrides"), CODE_ROWS)
def test_every_code_maps_to_its_class(module: Any, name: str, code: str, overrides: dict[str, Any]) -> None:
    expected = getattr(module, name)
    operations = overrides.get("operations")
    for operation in operations or [None]:
        assert expected is module.exception_class_for(code, operation=operation)
        converted = module.handle_client_error(client_error(code), operation=operation)
        assert expected is type(converted)


@pytest.mark.parametrize(("module", "name", "code", "overrides"), CODE_ROWS)
def test_per_code_flags_win_over_the_class(
    module: Any, name: str, code: str, overrides: dict[str, Any]
) -> None:
    cls = getattr(module, name)
    converted = module.handle_client_error(client_error(code))
    assert overrides.get("retryable", cls.retryable) == converted.retryable
    assert overrides.get("throttling", cls.throttling) == converted.throttling
    assert converted.retryable == awserrors.is_retryable(converted) == module.is_retryable(converted)
    assert converted.throttling == awserrors.is_throttling(converted)


@pytest.mark.parametrize(("module", "name", "status"), rows("http_statuses"))
def test_every_fallback_status_maps_to_its_class(module: Any, name: str, status: int) -> None:
    expected = getattr(module, name)
    assert expected is module.exception_class_for("UnmappedCode", http_status=status)
    assert expected is type(module.handle_client_error(client_error("UnmappedCode", status)))
    # HEAD requests: no body, so botocore puts the status in the code.
    assert expected is type(module.handle_client_error(client_error(str(status))))
    # A status given as text, as a header or that code carries it.
    assert expected is module.exception_class_for("UnmappedCode", http_status=str(status))  # type: ignore[arg-type]


@pytest.mark.parametrize(("module", "name", "operation"), rows("operations"))
def test_every_fallback_operation_maps_to_its_class(module: Any, name: str, operation: str) -> None:
    expected = getattr(module, name)
    assert expected is module.exception_class_for("UnmappedCode", operation=operation)
    converted = module.handle_client_error(client_error("UnmappedCode", 500, operation))
    assert expected is type(converted)


@pytest.mark.parametrize("module", list(SHIPPED), ids=lambda m: m.__name__)
def test_unknown_error_falls_back_to_the_root(module: Any) -> None:
    root = module.__awserrors_taxonomy__.root
    assert root is module.exception_class_for()
    assert root is module.exception_class_for("UnmappedCode")
    assert root is type(module.handle_client_error(client_error("UnmappedCode")))


def test_precedence_code_for_operation_then_code_then_operation_then_status() -> None:
    # ec2_client: RunInstances falls back to EC2InstanceCreationException, status 503 to nothing,
    # InvalidInstanceID.NotFound is a code of EC2InstanceNotFoundException.
    by_code = ec2_client.handle_client_error(client_error("InvalidInstanceID.NotFound", 503, "RunInstances"))
    assert ec2_client.EC2InstanceNotFoundException is type(by_code)
    by_operation = ec2_client.handle_client_error(client_error("Unknown.Code", 503, "RunInstances"))
    assert ec2_client.EC2InstanceCreationException is type(by_operation)
    # devops_agent: no operations, so the status decides.
    by_status = devops_agent.handle_client_error(client_error("Unknown.Code", 404))
    assert devops_agent.ResourceNotFoundException is type(by_status)


def test_wrapper_operation_overrides_the_errors_own_operation() -> None:
    error = client_error("Unknown.Code", 400, "RunInstances")
    assert ec2_client.EC2TagOperationException is type(ec2_client._parse_aws_error(error, "add_tags"))
    assert ec2_client.EC2InstanceCreationException is type(ec2_client._parse_aws_error(error))


def test_query_error_code_is_used_when_the_code_is_not_mapped() -> None:
    error = client_error("AWS.SimpleQueueService.NonExistentQueue", 400, QueryErrorCode="ThrottlingException")
    converted = awserrors.handle_client_error(error)
    assert awserrors.codes.ThrottlingException is type(converted)  # type: ignore[attr-defined]
    assert isinstance(converted, awserrors.ThrottlingError)


def test_converted_error_keeps_the_original() -> None:
    original = client_error("ThrottlingException", 400, "ListTables")
    converted = awserrors.handle_client_error(original, service="dynamodb")
    assert original.response is converted.response
    assert "ListTables" == converted.operation_name
    assert original is converted.__cause__
    assert "dynamodb" == converted.service_name
    assert str(original) == str(converted)


def test_conversion_is_idempotent() -> None:
    converted = awserrors.handle_client_error(client_error("ThrottlingException"))
    assert converted is awserrors.handle_client_error(converted)
    assert converted is awserrors.handle_error(converted)
    # Another taxonomy converts it again, keeping the chain.
    again = devops_agent.handle_client_error(converted)
    assert devops_agent.ThrottlingException is type(again)
    assert converted is again.__cause__


def test_unknown_error_message_uses_the_class_template() -> None:
    error = client_error("Weird.Code", 400, "DescribeVpcs")
    assert "AWS error [Weird.Code]: boom" == str(ec2_client._parse_aws_error(error))
    known = ec2_client._parse_aws_error(client_error("InvalidInstanceID.NotFound", 400, "StartInstances"))
    expected = (
        "An error occurred (InvalidInstanceID.NotFound) when calling the StartInstances operation: boom"
    )
    assert expected == str(known)


@pytest.mark.parametrize(
    ("error", "name"),
    [
        (EndpointConnectionError(endpoint_url="https://x"), "ConnectionError"),
        (ConnectTimeoutError(endpoint_url="https://x"), "TimeoutError"),
        (ReadTimeoutError(endpoint_url="https://x"), "TimeoutError"),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, Exception) else v,
)
def test_network_errors_map_to_network_classes(error: Exception, name: str) -> None:
    converted = devops_agent.handle_error(error)
    assert getattr(devops_agent, name) is type(converted)
    assert str(error) == str(converted)
    assert error is converted.__cause__
    assert error.kwargs["endpoint_url"] == converted.kwargs["endpoint_url"]  # type: ignore[attr-defined]
    assert devops_agent.is_retryable(error)


def test_other_exceptions_are_returned_as_they_are() -> None:
    error = KeyError("x")
    assert error is awserrors.handle_error(error)
    assert not awserrors.is_retryable(error)
    assert not awserrors.is_throttling(error)


@given(response=responses(known_codes=ec2_client.__awserrors_taxonomy__.codes), operation=junk)
def test_arbitrary_responses_never_make_a_lookup_raise(response: Any, operation: Any) -> None:
    error = ClientError.__new__(ClientError)
    error.response = response
    error.operation_name = operation
    for module in SHIPPED:
        converted = module.handle_client_error(error)
        assert isinstance(converted, module.__awserrors_taxonomy__.root)
        assert response is converted.response or response is None
        assert converted.__cause__ is error
        accessors = (str(converted), converted.error_code, converted.http_status_code, converted.request_id)
        assert 4 == len(accessors)  # reading every accessor raised nothing
        assert isinstance(converted.details, dict)
        assert isinstance(converted.retryable, bool) and isinstance(converted.throttling, bool)
        assert isinstance(module.is_retryable(error), bool)
        assert isinstance(
            module.parse_aws_error(error, operation if isinstance(operation, str) else None), ClientError
        )


class _Modeled(ClientError):
    """Stands for a botocore modeled class (``client.exceptions.NoSuchKey``): a ClientError subclass."""


@given(
    response=botocore_responses(known_codes=ec2_client.__awserrors_taxonomy__.codes)
    | responses(known_codes=ec2_client.__awserrors_taxonomy__.codes),
    operation=st.sampled_from([None, "RunInstances", "add_tags"]) | junk,
    service=st.sampled_from([None, "", "ec2", "s3"]),
    modeled=st.booleans(),
    args=st.sampled_from([(), ("An error occurred (X) when calling the Op operation: m",)]),
)
def test_a_remembered_conversion_is_the_one_worked_out(
    response: Any, operation: Any, service: str | None, modeled: bool, args: tuple[str, ...]
) -> None:
    """handle_client_error remembers each kind of error (its type, code, status, operation and
    service): the second conversion, from the memo, is the first, worked out in full.  With
    botocore's shape of response and a message (args), the second takes the fast path."""
    kind = _Modeled if modeled else ClientError
    error = kind.__new__(kind, *args)
    error.response = response
    error.operation_name = operation
    for taxonomy in (ec2_client.__awserrors_taxonomy__, awserrors.aws):
        taxonomy._memo.clear()
        worked_out: list[tuple[Any, ...]] = []

        def answer(*a: Any, _seen: Any = worked_out, _answer: Any = taxonomy._answer) -> Any:
            _seen.append(a)
            return _answer(*a)

        taxonomy._answer = answer  # type: ignore[method-assign]
        try:
            first = taxonomy.handle_client_error(error, service=service)
            remembered = len(taxonomy._memo)
            second = taxonomy.handle_client_error(error, service=service)
        finally:
            del taxonomy._answer
        assert remembered == len(taxonomy._memo)
        assert len(worked_out) == 1  # the second worked nothing out
        assert first is not second and type(first) is type(second)
        facts = ("args", "operation_name", "service_name", "retryable", "throttling", "__cause__")
        assert [getattr(first, f) for f in facts] == [getattr(second, f) for f in facts]
        if response is not None:  # else each gets a response made up from the message
            assert first.response is response and second.response is response
        for _ in range(2):  # its own errors pass through, before and after a conversion is remembered
            assert taxonomy.handle_client_error(first) is first


@given(code=junk | st.text(), status=junk, operation=junk)
def test_exception_class_for_never_raises_nor_returns_none(code: Any, status: Any, operation: Any) -> None:
    for module in SHIPPED:
        cls = module.exception_class_for(code, http_status=status, operation=operation)
        assert issubclass(cls, module.__awserrors_taxonomy__.root)


@pytest.mark.parametrize("module", list(SHIPPED), ids=lambda m: m.__name__)
def test_every_yaml_class_is_a_module_attribute(module: Any) -> None:
    for name, body in yaml_classes(SHIPPED[module]).items():
        cls = getattr(module, name)
        assert module.__name__ == cls.__module__
        assert name == cls.__qualname__ == cls.__name__
        assert " ".join(body["doc"].split()) == " ".join(cls.__doc__.split())
        assert cls is getattr(module, name)
        assert name in dir(module)
        assert name in module.__all__


@pytest.mark.parametrize("code", ["²", "٤٠٤", "4\u00b2", "", "0404", "999"])
def test_codes_that_look_like_digits_never_make_a_lookup_raise(code: str) -> None:
    """str.isdigit() is true for "²" and Arabic-Indic digits, which int() refuses or misreads."""
    for module in SHIPPED:
        root = module.__awserrors_taxonomy__.root
        assert issubclass(module.exception_class_for(code), root)
        assert isinstance(module.handle_client_error(client_error(code)), root)


def test_the_lookup_says_which_rule_picked_the_class() -> None:
    taxonomy = ec2_client.__awserrors_taxonomy__
    Rule = awserrors.Rule

    def picked(found: awserrors.Lookup) -> tuple[str, awserrors.Rule]:
        return found.cls.__qualname__, found.rule

    assert ("EC2InstanceNotFoundException", Rule.CODE) == picked(
        taxonomy.explain("InvalidInstanceID.NotFound", operation="RunInstances", http_status=503)
    )
    assert ("EC2InstanceCreationException", Rule.OPERATION) == picked(
        taxonomy.explain("X", operation="RunInstances", http_status=503)
    )
    assert ("IntegrationException", Rule.ROOT) == picked(taxonomy.explain("X"))
    assert ("ThrottlingException", Rule.STATUS) == picked(devops_agent.__awserrors_taxonomy__.explain("429"))
    found = awserrors.aws.explain("ConditionalCheckFailedException", service="dynamodb")
    assert (Rule.SERVICE_CODE, True) == (found.rule, found.rule.by_code)
    assert found.file is not None and found.file.endswith("botocore.yaml")
    assert found.where == f"{found.file}:{found.line}"


def test_every_rule_has_a_label_and_says_whether_the_code_decided() -> None:
    Rule = awserrors.Rule
    assert [Rule.SERVICE_CODE, Rule.OPERATION_CODE, Rule.CODE] == [r for r in Rule if r.by_code]
    assert len({r.label for r in Rule}) == len(Rule)
    assert [
        "service",
        "code_operation",
        "code",
        "operation_status",
        "operation",
        "category",
        "status",
        "root",
    ] == [r.value for r in Rule]
    assert "the operation's fallback for this HTTP status (the code is not mapped)" == (
        Rule.OPERATION_STATUS.label
    )


def test_an_operations_fallback_for_a_status_comes_after_the_codes_and_before_the_rest(
    tmp_path: Path,
) -> None:
    """Every rule around ``operation_status``, each deciding one error of the same operation."""
    path = tmp_path / "precedence_operation_status.yaml"
    path.write_text(
        """\
taxonomy: precedence_operation_status
classes:
  Root: {}
  Missing:
    parent: Root
    http_statuses: [404, 400]
  Known:
    parent: Root
    codes: [NoSuchKey, {Busy: {operations: [HeadObject]}}]
  HeadFailed:
    parent: Root
    operations: [HeadObject]
  KeyMissing:
    parent: Missing
    operation_statuses: {HeadObject: 404}
""",
        encoding="utf-8",
    )
    taxonomy = awserrors.load(path)
    Rule = awserrors.Rule

    def picked(code: str, status: int) -> tuple[str, awserrors.Rule]:
        found = taxonomy.explain(code, operation="HeadObject", http_status=status)
        return found.cls.__qualname__, found.rule

    assert ("Known", Rule.OPERATION_CODE) == picked("Busy", 404)
    assert ("Known", Rule.CODE) == picked("NoSuchKey", 404)
    assert ("KeyMissing", Rule.OPERATION_STATUS) == picked("404", 404)
    assert ("KeyMissing", Rule.OPERATION_STATUS) == picked("Unmapped", 404)
    assert ("HeadFailed", Rule.OPERATION) == picked("400", 400)  # not the status rule's Missing
    found = taxonomy.explain("404", operation="GetObject")
    assert ("Missing", Rule.STATUS) == (found.cls.__qualname__, found.rule)
    # handle_client_error takes the operation from the error, or from operation=.
    error = client_error("404", 404, "HeadObject")
    assert taxonomy.KeyMissing is type(taxonomy.handle_client_error(error))
    assert taxonomy.KeyMissing is type(
        taxonomy.handle_client_error(client_error("404", 404, "Wrapped"), operation="head_object")
    )


def test_the_documented_lookup_order_is_the_rule_enum() -> None:
    """docs/yaml-reference.md holds the one list of the lookup order; it must be Rule's."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "yaml-reference.md").read_text(encoding="utf-8")
    start = text.index("<!-- the lookup order")
    end = text.index("<!-- end of the lookup order -->")
    listed = re.findall(r"^\d+\. `(\w+)`:", text[start:end], re.MULTILINE)
    assert [rule.value for rule in awserrors.Rule] == listed


class _Unprintable(Exception):
    def __str__(self) -> str:
        raise RuntimeError("no text")


#: Anything a caller might hand handle_client_error by mistake.
not_client_errors = (
    junk
    | st.builds(ValueError, st.text(max_size=10))
    | st.builds(KeyError)
    | st.just(_Unprintable())
    | st.builds(object)
)


@given(value=not_client_errors)
def test_a_non_client_error_becomes_the_root_and_nothing_raises(value: Any) -> None:
    """handle_client_error is for botocore ClientErrors; anything else is the root class,
    saying what it was, chained when it is an exception (handle_error passes it through)."""
    for module in SHIPPED:
        converted = module.handle_client_error(value)
        assert type(converted) is module.__awserrors_taxonomy__.root
        assert str(converted).startswith(type(value).__name__)
        assert converted.__cause__ is (value if isinstance(value, BaseException) else None)
        assert isinstance(module.is_retryable(value), bool)
        if isinstance(value, BaseException):
            assert module.handle_error(value) is value


def test_a_value_error_says_what_it_was() -> None:
    converted = awserrors.handle_client_error(ValueError("x"))
    assert ("ValueError: x", "x") == (str(converted), converted.error_message)


@pytest.mark.parametrize(
    "service", ["dynamodb", "kinesis", "ecs", "lambda", "sqs", "s3", "sts", "cloudwatch"]
)
def test_explain_shape_gives_each_modeled_error_the_status_the_kit_sends_it_with(service: str) -> None:
    """One answer to "with which status does AWS send this error": coverage, assert_covers,
    errors_of and the catalog (explain_shape) agree with what make_client_error sends
    (aws_status).  A server fault the model gives no status arrives with 500 (Smithy's
    default): dynamodb's InternalServerError, kinesis' InternalFailureException."""
    from awserrors._botocore_models import error_shapes
    from awserrors.testing import aws_status

    shapes = error_shapes(service)
    assert shapes
    for shape in shapes:
        assert awserrors.aws.explain_shape(shape).http_status == aws_status(service, shape.code), shape
        if shape.http_status is None and shape.fault == "server":
            assert aws_status(service, shape.code) == 500


def test_the_errors_any_operation_can_meet_carry_their_documented_status() -> None:
    from awserrors._operation_errors import common_shapes

    shapes = {shape.code: shape for shape in common_shapes("sts")}
    assert (shapes["InternalFailure"].http_status, shapes["InternalFailure"].fault) == (500, "server")
    assert (shapes["ServiceUnavailable"].http_status, shapes["ThrottlingException"].http_status) == (503, 400)
    assert awserrors.aws.explain_shape(shapes["InternalFailure"]).retryable  # a 500 is retried


@pytest.mark.parametrize("taxonomy", [awserrors.aws, ec2_client.__awserrors_taxonomy__], ids=lambda t: t.name)
def test_namespaces_are_those_the_class_names_give_packages_included(taxonomy: awserrors.Taxonomy) -> None:
    """Taxonomy.namespaces (from the cache's index, no name decoded) holds the namespaces the
    class names give and the packages that hold them, each package after its first namespace."""
    expected: dict[str, None] = {}
    for key in taxonomy.tables.classes:
        namespace = key.rpartition(":")[0]
        while namespace and namespace not in expected:
            expected[namespace] = None
            namespace = namespace.rpartition(".")[0]
    namespaces = taxonomy.namespaces
    assert list(namespaces) == list(expected) and len(namespaces) == len(expected)
    assert namespaces.packages == {n for n in expected if any(m.startswith(n + ".") for m in expected)}
    # What a namespace import asks (one search of a string) agrees with the set, for each one.
    assert [n for n in expected if namespaces.is_package(n)] == [
        n for n in expected if n in namespaces.packages
    ]
    assert not any(namespaces.is_package(n) for n in ("", "serv", "services.s3", "codes\nservices"))
    assert all(n in namespaces for n in expected)
    for absent in ("", "services.no_such_service", "codes.x", [], None):
        assert absent not in namespaces


def test_the_rule_values_the_lookups_use_are_the_enums() -> None:
    """The lookups name rules by value (the enum is made only when an answer names it)."""
    from awserrors import _taxonomy
    from awserrors._order import Rule

    assert {rule.value for rule in Rule if rule.by_code} == _taxonomy._BY_CODE
    for code, service in [("ThrottlingException", None), ("NoSuchKey", "s3"), ("Nope", None)]:
        answer = awserrors.aws._answer(code, service, None, None, None)
        lookup = awserrors.aws.explain(code, service=service)
        assert (lookup.cls, lookup.rule.value, *lookup[2:]) == answer


def test_each_service_namespace_names_its_service() -> None:
    """A class of ``services.<module>`` says which botocore service it is, for every service
    the tables have, whether or not its module name differs (``lambda_``, ``cognito_idp``)."""
    from awserrors._names import service_namespace

    taxonomy = awserrors.aws
    named = {service_namespace(s): s for s in taxonomy.tables.service_codes}
    assert {"services.lambda_", "services.ec2"} <= set(named)
    for namespace, service in named.items():
        assert service == taxonomy._classes._service_of(namespace)


def test_each_taxonomys_handler_is_its_method_and_answers_alike_through_the_class() -> None:
    """handle_client_error is a closure over the taxonomy's memo (attribute reads of a
    Taxonomy are slow), documented and named as the method, giving what the method gives."""
    import inspect

    taxonomy = awserrors.aws
    handler = taxonomy.handle_client_error
    assert handler is awserrors.handle_client_error
    assert handler.__doc__ == awserrors.Taxonomy.handle_client_error.__doc__
    assert handler.__name__ == "handle_client_error" and handler.__module__ == "awserrors"
    method = inspect.signature(awserrors.Taxonomy.handle_client_error).parameters
    assert [(p.name, p.kind, p.default) for p in inspect.signature(handler).parameters.values()] == [
        (p.name, p.kind, p.default) for p in method.values() if p.name != "self"
    ]
    error = ClientError(
        {
            "Error": {"Code": "ThrottlingException", "Message": "m"},
            "ResponseMetadata": {"HTTPStatusCode": 400},  # type: ignore[typeddict-item]
        },
        "GetItem",
    )
    for _ in range(2):  # worked out, then from the memo
        through_class = awserrors.Taxonomy.handle_client_error(taxonomy, error, service="dynamodb")
        direct = handler(error, service="dynamodb")
        assert type(through_class) is type(direct) and through_class.args == direct.args == error.args
        assert direct.__cause__ is error and direct.response is error.response


def test_a_subclass_that_overrides_handle_client_error_is_the_one_called() -> None:
    """The per-instance fast path never hides a subclass's own handle_client_error, and its
    super() call answers as the base class does."""
    calls: list[str] = []

    class Counting(awserrors.Taxonomy):
        def handle_client_error(self, error: BaseException, **kwargs: Any) -> Any:
            calls.append(type(error).__name__)
            return super().handle_client_error(error, **kwargs)

    base = ec2_client.__awserrors_taxonomy__
    counting = Counting(list(base.paths), module_name=base.module_name)
    error = ClientError(
        {"Error": {"Code": "InvalidInstanceID.NotFound", "Message": "m"}},  # type: ignore[typeddict-item]
        "DescribeInstances",
    )
    for converted in (counting.handle_client_error(error), counting.parse_aws_error(error)):
        assert type(converted).__name__ == type(base.handle_client_error(error)).__name__
    assert calls == ["ClientError", "ClientError"]
    assert "handle_client_error" not in vars(counting)


@pytest.mark.parametrize("first", ["whole", "other"])
@pytest.mark.parametrize("status", [404.0, Decimal("404")], ids=["float", "decimal"])
def test_a_status_equal_to_a_whole_number_answers_as_that_number_whatever_was_asked_before(
    first: str, status: Any
) -> None:
    """The memo of handle_client_error is a dict, where 404.0 is 404: every path takes such a
    status as the number, so the answer never depends on which error came first."""
    code = f"OddCode{first}{type(status).__name__}"  # a memo entry of this test's own
    asked = [404, status] if first == "whole" else [status, 404]
    answers = [type(awserrors.handle_client_error(client_error(code, s))) for s in [*asked, *asked]]
    assert [awserrors.NotFoundError] * 4 == answers
    assert awserrors.NotFoundError is awserrors.exception_class_for(code, http_status=status)
    assert awserrors.AWSError is awserrors.exception_class_for(code, http_status=404.5)


# --- arguments whose own methods raise ----------------------------------------------------------


class _Hostile:
    """An argument none of whose methods can be used."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __str__(self) -> str:
        raise RuntimeError("str")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")


class _HostileStr(str):
    """A str subclass whose comparisons raise: it passes every isinstance(x, str)."""

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")


class _CollidingCode:
    """Hashes as a real code does, then cannot be compared: found in the memo's dict."""

    def __hash__(self) -> int:
        return hash("NoSuchKey")

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")


class _UnreadableResponse(ClientError):
    @property  # type: ignore[override]
    def response(self) -> Any:
        raise RuntimeError("response")

    @response.setter
    def response(self, value: Any) -> None:
        pass


def test_lookups_answer_whatever_the_arguments_methods_do() -> None:
    """Never raises, never None: an argument that cannot be read is no argument (the root at
    worst), and the original error is kept as the cause."""
    root = awserrors.AWSError
    awserrors.exception_class_for("NoSuchKey")  # a memo entry the colliding code meets
    assert root is awserrors.exception_class_for(_Hostile())  # type: ignore[arg-type]
    assert root is awserrors.exception_class_for(_CollidingCode())  # type: ignore[arg-type]
    assert root is awserrors.exception_class_for(_HostileStr("NoSuchKey"))
    assert awserrors.codes.NoSuchKey is awserrors.exception_class_for("NoSuchKey", service=_Hostile())  # type: ignore[arg-type]
    status = type("HostileStatus", (int,), {"__hash__": _Hostile.__hash__})(404)
    found = awserrors.aws.explain("x", http_status=status)  # a status whose hash raises
    assert (root, "root", None) == (found.cls, found.rule.value, found.http_status)
    assert root is awserrors.aws.explain(_HostileStr("NoSuchKey")).cls
    ok = client_error("NoSuchKey", 404, "GetObject")
    unreadable_code = client_error("NoSuchKey", 404, "GetObject")
    unreadable_code.response["Error"]["Code"] = _HostileStr("NoSuchKey")
    no_args = ClientError.__new__(ClientError)
    no_args.args, no_args.operation_name = (), "GetObject"
    no_args.response = {"Error": {"Code": _Hostile()}, "ResponseMetadata": {}}  # type: ignore[typeddict-item]
    for error, kwargs in [
        (ok, {"service": _Hostile()}),
        (ok, {"operation": _Hostile()}),
        (unreadable_code, {}),
        (no_args, {}),
        (_UnreadableResponse({"Error": {}}, "GetObject"), {}),  # type: ignore[typeddict-item]
    ]:
        converted = awserrors.handle_client_error(error, **kwargs)
        assert isinstance(converted, root) and converted.__cause__ is error
        assert isinstance(awserrors.is_retryable(error), bool)


def test_a_network_error_whose_keyword_arguments_a_call_cannot_take_is_still_translated() -> None:
    """botocore's network errors keep their keyword arguments; ones no call can pass on (a
    name that is not text, ``self``) are left out, the message kept."""
    from botocore.exceptions import EndpointConnectionError

    for kwargs in ({1: 2}, {"self": 1}, {"message": "{braces}", "fmt": 1}):
        error = EndpointConnectionError(endpoint_url="https://example.invalid")
        error.kwargs = kwargs
        converted = awserrors.handle_error(error)
        assert isinstance(converted, awserrors.NetworkError) and converted.__cause__ is error
        assert awserrors.is_retryable(error)


@pytest.mark.parametrize("spelling", ["S3", " s3 ", "S3_"])
def test_a_service_spelled_otherwise_than_botocore_finds_its_classes(spelling: str) -> None:
    """botocore's service names are lower case with "-": "S3", or the module name "lambda_",
    find the service's classes, and an error converted for it names the service as botocore does."""
    assert awserrors.services.s3.NoSuchKey is awserrors.exception_class_for("NoSuchKey", service=spelling)
    converted = awserrors.handle_client_error(client_error("NoSuchKey", 404, "GetObject"), service=spelling)
    assert (awserrors.services.s3.NoSuchKey, "s3") == (type(converted), converted.service_name)
    lambda_class = awserrors.exception_class_for("ResourceNotFoundException", service="lambda_")
    assert awserrors.services.lambda_.ResourceNotFoundException is lambda_class
    # A name that is no service's, in any spelling, is kept as it was given.
    unknown = awserrors.handle_client_error(client_error("NoSuchKey", 404, "GetObject"), service="My_App")
    assert (awserrors.codes.NoSuchKey, "My_App") == (type(unknown), unknown.service_name)
