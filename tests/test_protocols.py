"""Property tests: real errors of every wire protocol, converted by ``handle_client_error``.

Hypothesis draws a (service, error shape) pair from the installed botocore's
models, a message and a request id; ``awserrors.testing.make_client_error``
writes the service protocol's wire body (json, rest-json, query, ec2, rest-xml,
smithy-rpc-v2-cbor) and returns the ``ClientError`` botocore raised parsing it.
The converted error must be exactly the shape's class,
``awserrors.services.<module>.<ShapeName>``, carry the wire code, message and
request id, be the same response (not a copy) with the original as its cause,
and be retryable / throttling as botocore's standard mode says (up to the
deliberate differences, see ``test_retry_parity.py``).

One property draws from all pairs; one per protocol (picked from the installed
botocore by ``botocore_checks.protocol_of``) makes sure every protocol runs
in every run.  EC2 models no error shapes, so the ec2 protocol draws from the
codes of ``mappings/aws/ec2.yaml`` (and rest-xml also from ``s3.yaml``'s).
Shapes ``make_client_error`` cannot build are rejected and listed at the end.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, note, reject, settings
from hypothesis import strategies as st

import awserrors
from botocore_checks import (
    CANNOT_BUILD,
    ShapeCase,
    awserrors_verdict,
    botocore_verdict,
    build,
    deliberate,
    drifted,
    endless_retry,
    protocol_of,
    row_cases,
    service_model,
    shape_cases,
)

#: Characters XML 1.0 cannot carry (make_client_error refuses them in every protocol).
_NOT_IN_XML = "".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]))
XML_PROTOCOLS = ("query", "ec2", "rest-xml")

messages = st.text(st.characters(exclude_categories=("Cs",), exclude_characters=_NOT_IN_XML), max_size=60)
request_ids = st.text("0123456789abcdefABCDEF-", min_size=1, max_size=40)

#: Every modeled error shape (without those whose model changed since botocore.yaml's import).
SHAPES = [c for c in shape_cases() if (c.service, c.shape) not in drifted()]


def _row_shapes() -> list[ShapeCase]:
    """The codes of the YAML rows of one service (ec2.yaml, s3.yaml), as cases."""
    cases = []
    for row in row_cases():
        if row.row_service is None or row.file not in ("ec2.yaml", "s3.yaml"):
            continue
        protocol = protocol_of(row.service)
        cases.append(ShapeCase(row.service, row.name, protocol, row.code, None, row.code, row.status))
    return cases


ROW_SHAPES = _row_shapes()
PROTOCOLS = sorted({protocol_of(c.service) for c in SHAPES + ROW_SHAPES})
BY_PROTOCOL = {p: [c for c in SHAPES + ROW_SHAPES if c.protocol == p] for p in PROTOCOLS}

#: (case id, why) of the shapes make_client_error could not build, over the whole run
UNBUILDABLE: dict[str, str] = {}


def expected_message(protocol: str, message: str) -> str | None:
    """What botocore parses back: XML turns an empty element into None and, as every XML
    parser must, line ends into "\\n"; the JSON and CBOR protocols keep the text as it is."""
    if protocol not in XML_PROTOCOLS:
        return message
    message = message.replace("\r\n", "\n").replace("\r", "\n")
    return message or None


def check(case: ShapeCase, message: str, request_id: str) -> None:
    note(f"case={case}")
    try:
        built = build(case, message=message, request_id=request_id)
    except CANNOT_BUILD as exc:
        UNBUILDABLE[case.id] = str(exc)
        reject()
    error = built.error
    note(f"operation={error.operation_name} response={error.response}")
    converted = awserrors.handle_client_error(error, service=case.service)

    assert type(converted) is case.expected_class()
    assert isinstance(converted, awserrors.AWSError)
    assert isinstance(converted, ClientError)
    assert case.wire_code == error.response["Error"]["Code"]
    assert error.response["Error"]["Code"] == converted.error_code
    if case.query_code is not None:
        assert case.shape == error.response["Error"]["QueryErrorCode"]
    assert converted.response is error.response
    assert converted.__cause__ is error
    assert error.operation_name == converted.operation_name
    assert request_id == converted.request_id
    if str(built.operation_model.http.get("method")).upper() != "HEAD":  # HEAD: no body at all
        assert expected_message(case.protocol, message) == converted.error_message
    assert str(error) == str(converted)

    theirs = botocore_verdict(error, built.operation_model)
    ours = awserrors_verdict(error, case.service)
    if (theirs.retryable, theirs.throttling) != ours:
        assert deliberate(case.wire_code, case.shape, case.status, ours) is not None, (
            f"botocore (retryable, throttling)={(theirs.retryable, theirs.throttling)} by "
            f"{list(theirs.checkers)}, awserrors={ours}"
        )


_settings = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}


@settings(max_examples=150, **_settings)
@given(st.sampled_from(SHAPES), messages, request_ids)
def test_any_modeled_error_converts_to_its_shape_class(
    case: ShapeCase, message: str, request_id: str
) -> None:
    check(case, message, request_id)


@pytest.mark.parametrize("protocol", PROTOCOLS)
@settings(max_examples=25, **_settings)
@given(data=st.data(), message=messages, request_id=request_ids)
def test_every_protocol_converts_its_errors(
    protocol: str, data: st.DataObject, message: str, request_id: str
) -> None:
    case = data.draw(st.sampled_from(BY_PROTOCOL[protocol]), label="case")
    check(case, message, request_id)


def test_every_protocol_of_the_installed_botocore_is_exercised() -> None:
    """The protocols above are botocore's, not a list of ours: each has cases to draw."""
    expected = {"json", "rest-json", "query", "ec2", "rest-xml"}
    assert expected <= set(PROTOCOLS)
    assert all(BY_PROTOCOL[p] for p in PROTOCOLS)
    assert {protocol_of(c.service) for c in shape_cases()} <= set(PROTOCOLS)


def test_the_property_tests_rejected_only_known_unbuildable_shapes() -> None:
    """Runs after the properties: what they could not build (SigV4a operations without
    awscrt, operations botocore cannot call); a call that did not return is a failure."""
    print(f"\n{len(UNBUILDABLE)} shapes could not be built:")
    print("\n".join(f"{case}: {why}" for case, why in sorted(UNBUILDABLE.items())))
    known = ("requires an additional dependency", "cannot be called")
    assert [] == [c for c, why in UNBUILDABLE.items() if not any(k in why for k in known)]


# --- errors botocore would retry for ever ---------------------------------------------------

#: (service, operation, code, status) that botocore's endpoint discovery retries at once, for ever
ENDLESS = [
    ("timestream-query", "Query", "InvalidEndpointException", 400),
    ("timestream-write", "ListDatabases", "ValidationException", 421),
]


@pytest.mark.parametrize(("service", "operation", "code", "status"), ENDLESS)
def test_make_client_error_returns_for_endpoint_discovery_errors(
    service: str, operation: str, code: str, status: int
) -> None:
    """make_client_error blocks the retries botocore's discovery handler asks for (it once
    spun for ever here).  build() bounds the call with SIGALRM, so a regression fails."""
    case = ShapeCase(service, code, "json", code, None, code, status)
    assert endless_retry(case)
    built = build(case, operation=operation)
    assert operation == built.error.operation_name
    assert code == built.error.response["Error"]["Code"]
    assert status == built.error.response["ResponseMetadata"]["HTTPStatusCode"]
    assert 0 == built.error.response["ResponseMetadata"]["RetryAttempts"]
    converted = awserrors.handle_client_error(built.error, service=service)
    assert converted.response is built.error.response


def test_the_endless_retry_is_botocores_discovery_handler() -> None:
    """What makes it spin: botocore's EndpointDiscoveryHandler answers "retry at once" (0)
    to InvalidEndpointException or a 421, whatever the attempt."""
    from botocore.discovery import EndpointDiscoveryHandler

    class Manager:
        def delete_endpoints(self, **kwargs: object) -> None:
            pass

    handler = EndpointDiscoveryHandler(Manager())
    operation = service_model("timestream-query").operation_model("Query")
    request = {"context": {"discovery": {"identifiers": {}}}}
    for code, status in (("InvalidEndpointException", 400), ("ValidationException", 421)):
        parsed = {"Error": {"Code": code}, "ResponseMetadata": {"HTTPStatusCode": status}}
        for attempts in (1, 100):
            assert 0 == handler.handle_retries(
                request_dict=request, response=(None, parsed), operation=operation, attempts=attempts
            )
