"""awserrors._botocore_models: what the installed botocore's models say about errors, and the
meaning, operations and docstrings awserrors takes from them (issue 15)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from botocore.exceptions import ClientError

import awserrors
import botocore_checks
from awserrors import _botocore_models
from awserrors.testing import make_client_error
from awserrors.testing._mapping import default_services

# --- documentation as plain text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "text"),
    [
        (
            "<p>A condition specified in the operation failed to be evaluated.</p>",
            "A condition specified in the operation failed to be evaluated.",
        ),
        ("<p>One &amp; two &lt;three&gt;</p><p>Second paragraph.</p>", "One & two <three>"),
        ('<p>See <a href="https://x">Lambda quotas</a>.</p>', "See Lambda quotas."),
        ("plain <code>words</code>\n   spread   out", "plain words spread out"),
        ("<ul><li>first item</li><li>second</li></ul>", "first item"),
        ("<p></p><p>after an empty one</p>", "after an empty one"),
        ("no tags at all", "no tags at all"),
        ("", ""),
        ("<p>unclosed <b>bold", "unclosed bold"),
    ],
)
def test_first_paragraph(html: str, text: str) -> None:
    assert _botocore_models.first_paragraph(html) == text


def test_a_long_description_is_cut_at_a_word_with_an_ellipsis(monkeypatch: pytest.MonkeyPatch) -> None:
    words = " ".join(f"word{i}" for i in range(400))
    model = {"shapes": {"Long": {"exception": True, "documentation": f"<p>{words}</p>"}}}
    monkeypatch.setattr(_botocore_models, "service_model", lambda service: model)
    text = _botocore_models.shape_documentation("any", "Long", limit=100)
    assert text is not None and len(text) <= 100 and text.endswith("\u2026")
    assert words.startswith(text[:-1])
    assert _botocore_models.shape_documentation("any", "Missing") is None


def test_every_documented_error_shape_of_every_service_reads_as_plain_text() -> None:
    """No tag left, no entity left, never empty when the model has words for the shape."""
    checked = 0
    for service in _botocore_models.available_services():
        shapes = _botocore_models.service_model(service).get("shapes", {})
        for shape in _botocore_models.error_shapes(service):
            documentation = shapes[shape.name].get("documentation") or ""
            text = _botocore_models.shape_documentation(service, shape.name)
            if re.sub(r"<[^>]*>|\s", "", documentation):
                assert text, (service, shape.name, documentation)
            if text is not None:
                assert not re.search(r"</?[a-zA-Z][^>]*>", text), (service, shape.name, text)
                assert not re.search(r"&(amp|lt|gt|quot|#\d+);", text), (service, shape.name, text)
                assert len(text) <= 600 and text == text.strip()
                checked += 1
    assert checked > 1000


# --- one operation's errors -----------------------------------------------------------------------


def _sample_services() -> list[str]:
    """One service per wire protocol, and the ones users meet most."""
    return list(dict.fromkeys([*default_services(), "dynamodb", "s3", "lambda", "sqs", "sts"]))


def test_operation_error_shapes_are_botocores_operation_model_error_shapes() -> None:
    for service in _sample_services():
        model = botocore_checks.service_model(service)
        for operation in model.operation_names:
            ours = {shape.name for shape in _botocore_models.operation_error_shapes(service, operation)}
            theirs = {shape.name for shape in model.operation_model(operation).error_shapes}
            assert ours == theirs, (service, operation)


def test_errors_of_holds_the_class_of_every_error_the_operation_can_meet() -> None:
    """For every operation of the sample, a real ClientError of each of its modeled error
    shapes (botocore's own parser) converts to a class errors_of lists; so does each error any
    operation can meet.  And nothing else is listed."""
    checked = 0
    for service in _sample_services():
        model = botocore_checks.service_model(service)
        for operation in model.operation_names:
            listed = awserrors.errors_of(service, operation)
            assert len(set(listed)) == len(listed)
            expected = []
            for shape in _botocore_models.operation_error_shapes(service, operation):
                error = make_client_error(
                    shape.code, service=service, operation=operation, query_code=shape.legacy_code
                )
                converted = awserrors.handle_client_error(error, service=service)
                assert type(converted) in listed, (service, operation, shape.code, type(converted))
                expected.append(type(converted))
                checked += 1
            for code in ("ThrottlingException", "AccessDeniedException", "InternalFailure"):
                assert awserrors.exception_class_for(code, service=service, operation=operation) in listed
            assert set(listed) <= {
                *expected,
                *(awserrors.exception_class_for(c, service=service, operation=operation) for c in _common()),
            }
    assert checked > 500


def _common() -> tuple[str, ...]:
    from awserrors._shipped import common_codes

    return common_codes()


def test_operations_raising_is_the_reverse_of_the_model() -> None:
    for service in ("dynamodb", "s3", "sqs"):
        model = botocore_checks.service_model(service)
        for operation in model.operation_names:
            for shape in model.operation_model(operation).error_shapes:
                code = next(s.code for s in _botocore_models.error_shapes(service) if s.name == shape.name)
                assert operation in awserrors.operations_raising(code, service=service)
    assert awserrors.operations_raising("ConditionalCheckFailedException", service="dynamodb") == (
        "DeleteItem",
        "ExecuteStatement",
        "PutItem",
        "UpdateItem",
    )
    everything = botocore_checks.service_model("dynamodb").operation_names
    assert awserrors.operations_raising("ThrottlingException", service="dynamodb") == tuple(
        sorted(everything)
    )
    assert awserrors.operations_raising("NoSuchCodeAnywhere", service="dynamodb") == ()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: awserrors.errors_of("dynamo", "put_item"), "no service 'dynamo'; did you mean dynamodb?"),
        (
            lambda: awserrors.errors_of("dynamodb", "putitem"),
            "dynamodb has no operation 'putitem'; did you mean put_item",
        ),
        (lambda: awserrors.operations_raising("X", service="dynamo"), "no service 'dynamo'"),
    ],
)
def test_an_unknown_service_or_operation_is_a_clear_value_error(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_the_operation_may_be_named_as_aws_or_boto3_names_it() -> None:
    assert awserrors.errors_of("dynamodb", "put_item") == awserrors.errors_of("dynamodb", "PutItem")
    assert awserrors.errors_of("dynamodb", "PutItem") == awserrors.aws.errors_of("dynamodb", "PutItem")


# --- the meaning in the class --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "code"),
    [
        ("dynamodb", "ConditionalCheckFailedException"),
        ("s3", "NoSuchKey"),
        ("lambda", "TooManyRequestsException"),
        ("sqs", "QueueDoesNotExist"),
        ("kinesis", "ProvisionedThroughputExceededException"),
    ],
)
def test_a_service_class_docstring_starts_with_the_models_meaning(service: str, code: str) -> None:
    cls = awserrors.exception_class_for(code, service=service)
    shape = next(s for s in _botocore_models.error_shapes(service) if code in (s.code, s.name, s.legacy_code))
    meaning = _botocore_models.shape_documentation(service, shape.name)
    assert meaning and cls.__doc__.startswith(meaning + "\n\n")
    advice = cls.__doc__.splitlines()[-1]
    assert advice.startswith("Retryable" if cls.retryable else "Not retryable")
    category = next(b for b in cls.__mro__[1:] if b.__module__ == "awserrors")
    assert f"a {category.__qualname__}" in cls.__doc__
    error = make_client_error(shape.code, service=service, query_code=shape.legacy_code)
    assert awserrors.handle_client_error(error, service=service).__doc__ == cls.__doc__  # instances too


def test_classes_the_model_does_not_document_keep_the_projects_description() -> None:
    ec2 = awserrors.exception_class_for("InvalidInstanceID.NotFound", service="ec2")
    assert ec2.__doc__.startswith(
        "The AWS error code InvalidInstanceID.NotFound as the ec2 service returns it"
    )
    code_class = awserrors.exception_class_for("ConditionalCheckFailedException")
    assert code_class.__module__ == "awserrors.codes" and "ConflictError" in code_class.__doc__


_NO_MODEL_READ = r"""
import json, sys, awserrors
from awserrors.testing import make_client_error
error = make_client_error("ConditionalCheckFailedException", service="dynamodb")
from awserrors import _botocore_models
_botocore_models._shapes.clear()  # what make_client_error itself read
converted = awserrors.handle_client_error(error, service="dynamodb")
cls = awserrors.exception_class_for("ProvisionedThroughputExceededException", service="dynamodb")
from awserrors.services.s3 import NoSuchKey
before = sorted(_botocore_models._shapes)
doc = type(converted).__doc__
print(json.dumps({"before": before, "after": sorted(_botocore_models._shapes), "doc": doc}))
"""


def test_no_model_is_read_until_a_docstring_is() -> None:
    done = subprocess.run([sys.executable, "-c", _NO_MODEL_READ], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["before"] == [] and found["after"] == ["dynamodb"]
    assert found["doc"].startswith("A condition specified in the operation failed to be evaluated.")


def test_converted_errors_are_still_client_errors() -> None:
    error = make_client_error("ConditionalCheckFailedException", service="dynamodb")
    assert isinstance(awserrors.handle_client_error(error, service="dynamodb"), ClientError)
