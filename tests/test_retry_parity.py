"""``awserrors.is_retryable`` / ``is_throttling`` against botocore's standard retry mode.

botocore's own checkers decide (``tests/botocore_checks.py``): each error is the
real ``ClientError`` botocore raised while parsing the service's wire response
(``awserrors.testing.make_client_error``, from an operation that lists the shape
in its errors, with the shape's modeled HTTP status or 400), and botocore's
``StandardRetryConditions`` (all of standard mode but max attempts and the retry
quota) and ``ThrottlingErrorDetector`` judge a ``RetryContext`` built from it.

The loops cover every modeled error shape of every service of the installed
botocore (~5,800) and every code the EC2, S3, common and curated YAML rows add.
They collect disagreements and assert the list is empty; the deliberate
differences (documented in ``mappings/aws/categories.yaml`` and
``docs/aws-taxonomy.md``) are sorted out first and each has a test of its own.

Under a botocore other than the one ``mappings/aws/botocore.yaml`` was imported
from, shapes whose model changed since the import are left out (they test the
drift, not awserrors), and the count is printed.
"""

from __future__ import annotations

import functools
import inspect
from collections import Counter
from dataclasses import dataclass, field

import botocore.exceptions
import pytest
from botocore.exceptions import BotoCoreError, ClientError

import awserrors
from awserrors.testing import make_client_error
from botocore_checks import (
    CANNOT_BUILD,
    HAS_429_CHECKER,
    IMPORTED_FROM,
    SAME_BOTOCORE,
    THROTTLING_NAMES,
    ShapeCase,
    Verdict,
    awserrors_verdict,
    botocore_verdict,
    build,
    deliberate,
    drifted,
    protocol_of,
    retry_context,
    row_cases,
    service_model,
    session,
    shape_cases,
    verdict_of,
)


def services_by_protocol() -> dict[str, str]:
    """One service of each protocol the installed botocore has (the first, alphabetically)."""
    found: dict[str, str] = {}
    for service in session().get_available_services():
        found.setdefault(protocol_of(service), service)
    return dict(sorted(found.items()))


PROTOCOL_SERVICES = services_by_protocol()


@dataclass
class Outcome:
    compared: int = 0
    by_protocol: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)
    left_out: int = 0
    disagreements: list[str] = field(default_factory=list)
    deliberate: dict[str, list[tuple[str, Verdict, tuple[bool, bool]]]] = field(default_factory=dict)


def _judge(
    outcome: Outcome, what: str, code: str, name: str, status: int, ours: tuple[bool, bool], theirs: Verdict
) -> None:
    if (theirs.retryable, theirs.throttling) == ours:
        return
    reason = deliberate(code, name, status, ours)
    if reason is not None:
        outcome.deliberate.setdefault(reason, []).append((what, theirs, ours))
        return
    outcome.disagreements.append(
        f"{what} (HTTP {status}): botocore (retryable, throttling)="
        f"{(theirs.retryable, theirs.throttling)} by {list(theirs.checkers)}, awserrors={ours}"
    )


@functools.cache
def shape_outcome() -> Outcome:
    outcome = Outcome()
    left_out = drifted()
    for case in shape_cases():
        if (case.service, case.shape) in left_out:
            outcome.left_out += 1
            continue
        try:
            built = build(case)
        except CANNOT_BUILD as exc:
            outcome.skipped.append(f"{case.id}: {exc}")
            continue
        outcome.compared += 1
        outcome.by_protocol[case.protocol] += 1
        theirs = botocore_verdict(built.error, built.operation_model)
        ours = awserrors_verdict(built.error, case.service)
        what = f"{case.id} from {built.error.operation_name}"
        _judge(outcome, what, case.wire_code, case.shape, case.status, ours, theirs)
    return outcome


@functools.cache
def row_outcome() -> Outcome:
    outcome = Outcome()
    for row in row_cases():
        try:
            error = make_client_error(row.code, service=row.service, http_status=row.status)
        except CANNOT_BUILD as exc:
            outcome.skipped.append(f"{row.id}: {exc}")
            continue
        outcome.compared += 1
        outcome.by_protocol[protocol_of(row.service)] += 1
        op_model = service_model(row.service).operation_model(error.operation_name)
        theirs = botocore_verdict(error, op_model)
        ours = awserrors_verdict(error, row.service)
        _judge(outcome, row.id, row.code, row.name, row.status, ours, theirs)
    return outcome


# --- every modeled shape, every YAML row -------------------------------------------------


def test_every_modeled_error_shape_agrees_with_botocore_standard_mode() -> None:
    outcome = shape_outcome()
    print(
        f"\n{outcome.compared} shapes compared {dict(outcome.by_protocol)}, {len(outcome.skipped)} "
        f"could not be built, {outcome.left_out} left out (changed since botocore {IMPORTED_FROM}), "
        f"deliberate differences: { {k: len(v) for k, v in outcome.deliberate.items()} }"
    )
    print("\n".join(outcome.disagreements[:30]))
    assert [] == outcome.disagreements
    # The loop really ran (over the shapes not left out), over every protocol that has modeled errors.
    assert outcome.compared > 0.9 * (len(shape_cases()) - outcome.left_out)
    protocols = {case.protocol for case in shape_cases()}
    assert protocols == set(outcome.by_protocol)


def test_shapes_that_cannot_be_built_are_the_known_kinds() -> None:
    """SigV4a operations without awscrt (cloudfront-keyvaluestore, unless awscrt is
    installed) and operations botocore cannot call.  A call that did not return in
    time (botocore's endless endpoint-discovery retry, see test_protocols.py) is a failure."""
    skipped = shape_outcome().skipped
    print("\n" + "\n".join(skipped))
    known = ("requires an additional dependency", "cannot be called")
    assert [] == [line for line in skipped if not any(k in line for k in known)]
    assert len(skipped) < 50


def test_every_ec2_s3_common_and_curated_code_agrees_with_botocore_standard_mode() -> None:
    outcome = row_outcome()
    print(f"\n{outcome.compared} row codes compared {dict(outcome.by_protocol)}")
    print("\n".join(outcome.disagreements[:30]))
    assert [] == outcome.disagreements
    assert [] == outcome.skipped
    assert {"ec2", "query", "json", "rest-xml"} <= set(outcome.by_protocol)


# --- an unknown code, at every status ----------------------------------------------------


@pytest.mark.parametrize("protocol", list(PROTOCOL_SERVICES))
def test_an_unknown_code_agrees_with_botocore_at_every_status(protocol: str) -> None:
    service = PROTOCOL_SERVICES[protocol]
    disagreements = []
    for status in range(301, 600):
        error = make_client_error("NoSuchCodeAnywhere", service=service, http_status=status)
        theirs = botocore_verdict(error, service_model(service).operation_model(error.operation_name))
        ours = awserrors_verdict(error, service)
        if (theirs.retryable, theirs.throttling) != ours and deliberate("", "", status, ours) is None:
            disagreements.append((status, (theirs.retryable, theirs.throttling), theirs.checkers, ours))
    assert [] == disagreements


@pytest.mark.parametrize("operation", [None, "HeadObject"])
def test_an_unknown_code_with_501_is_not_retryable(operation: str | None) -> None:
    """Regression: the status fallback once gave 501 the ServerError category and its
    retryable flag; botocore (and the Java/JS SDKs) retry only 500/502/503/504."""
    code = "501" if operation == "HeadObject" else "NoSuchCodeAnywhere"  # HEAD: the status is the code
    error = make_client_error(code, service="s3", operation=operation, http_status=501)
    theirs = botocore_verdict(error, service_model("s3").operation_model(error.operation_name))
    assert (False, False) == (theirs.retryable, theirs.throttling)
    assert (False, False) == awserrors_verdict(error, "s3")


def test_an_unknown_code_with_509_is_not_throttling() -> None:
    """Regression: the status fallback once made a bare 509 a ThrottlingError; botocore
    calls 509 throttling only with the code BandwidthLimitExceeded (next test)."""
    error = make_client_error("NoSuchCodeAnywhere", service="sts", http_status=509)
    theirs = botocore_verdict(error, service_model("sts").operation_model(error.operation_name))
    assert (False, False) == (theirs.retryable, theirs.throttling)
    assert (False, False) == awserrors_verdict(error, "sts")


def test_bandwidth_limit_exceeded_with_509_is_throttling_for_both() -> None:
    error = make_client_error("BandwidthLimitExceeded", service="cloudsearch", http_status=509)
    theirs = botocore_verdict(error, service_model("cloudsearch").operation_model(error.operation_name))
    assert (True, True) == (theirs.retryable, theirs.throttling)
    assert (True, True) == awserrors_verdict(error, "cloudsearch")


# --- connection errors -------------------------------------------------------------------


def _botocore_errors() -> list[type[BotoCoreError]]:
    return [
        cls
        for cls in vars(botocore.exceptions).values()
        if inspect.isclass(cls) and issubclass(cls, BotoCoreError)
    ]


NETWORK_ERRORS = [
    cls
    for cls in _botocore_errors()
    if issubclass(cls, botocore.exceptions.ConnectionError | botocore.exceptions.HTTPClientError)
]


@pytest.mark.parametrize("cls", NETWORK_ERRORS, ids=lambda cls: cls.__name__)
def test_connection_errors_are_retryable_for_both(cls: type[BotoCoreError]) -> None:
    error = cls(endpoint_url="https://sts.amazonaws.com/", proxy_url="http://proxy:3128", error=OSError("x"))
    theirs = verdict_of(
        retry_context(service_model("sts").operation_model("GetCallerIdentity"), caught_exception=error)
    )
    assert (True, False) == (theirs.retryable, theirs.throttling)
    assert "TransientRetryableChecker" in theirs.checkers
    assert (True, False) == (awserrors.is_retryable(error), awserrors.is_throttling(error))
    converted = awserrors.handle_error(error)
    assert isinstance(converted, awserrors.NetworkError)
    timeout = isinstance(
        error, botocore.exceptions.ConnectTimeoutError | botocore.exceptions.ReadTimeoutError
    )
    assert timeout == isinstance(converted, awserrors.NetworkTimeoutError)


@pytest.mark.parametrize(
    "cls", [c for c in _botocore_errors() if c not in NETWORK_ERRORS], ids=lambda cls: cls.__name__
)
def test_other_botocore_errors_are_retryable_for_neither(cls: type[BotoCoreError]) -> None:
    error = cls.__new__(cls)
    Exception.__init__(error, "x")
    error.kwargs = {}
    for service, operation in (("sts", "GetCallerIdentity"), ("dynamodb", "ListTables")):
        context = retry_context(service_model(service).operation_model(operation), caught_exception=error)
        theirs = verdict_of(context)
        assert (False, False) == (theirs.retryable, theirs.throttling)
    assert (False, False) == (awserrors.is_retryable(error), awserrors.is_throttling(error))


def test_the_network_error_lists_cover_botocore() -> None:
    names = {cls.__name__ for cls in NETWORK_ERRORS}
    assert {
        "EndpointConnectionError",
        "ConnectionClosedError",
        "ReadTimeoutError",
        "ConnectTimeoutError",
    } <= names


# --- deliberate differences ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("protocol", "operation"),
    [*((p, None) for p in PROTOCOL_SERVICES), ("rest-xml", "HeadObject")],
)
def test_a_bare_429_with_an_unknown_code_is_throttling(protocol: str, operation: str | None) -> None:
    """Deliberate: any HTTP 429 is throttling (and retryable) in awserrors.

    The Java v2 SDK (``RetryUtils.isThrottlingException``: status 429), the
    JavaScript v3 SDK (``isThrottlingError``: ``httpStatusCode === 429``), the Go v1
    SDK (``request.IsErrorThrottle``) and botocore's legacy mode (``_retry.json``'s
    ``too_many_requests``) all call a 429 throttling whatever its code, so a 429 AWS
    sends without a known code (an S3 HEAD request has no body at all: the code is
    ``"429"``) is a ``ThrottlingError``.

    botocore's standard mode did not retry on the status alone until it added
    ``ThrottlingStatusCodeChecker`` (absent from botocore 1.43.11, present in the
    pinned 1.44.5): since then it agrees for codes the operation does not model,
    and this is no longer a difference.  Older botocores say (False, False) here.
    """
    service = "s3" if operation == "HeadObject" else PROTOCOL_SERVICES[protocol]
    code = "429" if operation == "HeadObject" else "NoSuchCodeAnywhere"
    error = make_client_error(code, service=service, operation=operation, http_status=429)
    converted = awserrors.handle_client_error(error, service=service)
    assert type(converted) is awserrors.ThrottlingError
    assert (True, True) == awserrors_verdict(error, service)
    theirs = botocore_verdict(error, service_model(service).operation_model(error.operation_name))
    if HAS_429_CHECKER:
        assert (True, True) == (theirs.retryable, theirs.throttling)
        assert ("ThrottlingStatusCodeChecker",) == theirs.checkers
    else:
        assert (False, False) == (theirs.retryable, theirs.throttling)


#: (service, shape) modeled with HTTP 429: no retryable trait, and a retryable trait without throttling
MODELED_429 = [
    ("appintegrations", "ResourceQuotaExceededException"),
    ("bedrock-runtime", "ModelNotReadyException"),
]


@pytest.mark.parametrize(("service", "shape"), MODELED_429, ids=[f"{s}:{n}" for s, n in MODELED_429])
def test_a_429_the_operation_models_is_throttling_too(service: str, shape: str) -> None:
    """Deliberate (the same rule as the bare 429): a 429 is throttling even when
    its code is one the operation models without a throttling retryable trait.

    botocore's standard mode lets the model decide then (``ThrottlingStatusCodeChecker``
    steps aside for modeled codes), so it does not call these throttling; the Java
    and JavaScript SDKs, like awserrors, look at the status first.  The docs'
    "a bare HTTP 429" and "botocore's standard mode does not retry on the status
    alone" undersell it: with botocore 1.44.5 the one remaining difference is this one.
    """
    case = next((c for c in shape_cases() if (c.service, c.shape) == (service, shape)), None)
    if case is None or case.status != 429:
        pytest.skip(f"botocore {botocore.__version__} does not model {service}:{shape} as a 429")
    built = build(case)
    context = retry_context(built.operation_model, built.error)
    assert built.modeled_for_operation  # the operation lists the code in its errors
    theirs = verdict_of(context)
    assert not theirs.throttling
    assert (True, True) == awserrors_verdict(built.error, service)


def test_every_429_difference_is_a_modeled_code_or_an_old_botocore() -> None:
    found = shape_outcome().deliberate.get("429", [])
    print(f"\n{len(found)} shapes modeled as 429 that botocore does not call throttling:")
    print("\n".join(f"{what}: botocore {(v.retryable, v.throttling)}" for what, v, _ in found))
    assert found, "expected some: botocore models several non-throttling 429s"
    for what, theirs, _ours in found:
        # a modeled code: botocore's verdict is the model's (retryable trait or nothing)
        assert not theirs.throttling, what
        assert set(theirs.checkers) <= {"ModeledRetryableChecker"}, what


@pytest.mark.parametrize(
    ("service", "code"),
    [
        ("sso-oidc", "SlowDownException"),
        ("sns", "KMSThrottlingException"),
        ("sqs", "KmsThrottled"),
        ("ec2", "SnapshotCreationPerVolumeRateExceeded"),
    ],
)
def test_codes_named_as_throttling_are_throttling(service: str, code: str) -> None:
    """Deliberate: codes whose names say the caller was throttled (``Throttl``,
    ``SlowDown``, ``RateExceeded``) are throttling and retryable, as their services
    document them; botocore's standard mode retries them only with a 5xx status
    (they are not in ``ThrottledRetryableChecker``'s list and carry no retryable trait)."""
    if service == "ec2":  # EC2 models no errors: the code comes from ec2.yaml, with status 400
        error = make_client_error(code, service=service)
        op_model = service_model(service).operation_model(error.operation_name)
    else:
        case = next((c for c in shape_cases() if c.service == service and c.shape == code), None)
        if case is None:
            pytest.skip(f"botocore {botocore.__version__} does not model {service}:{code}")
        built = build(case)
        error, op_model = built.error, built.operation_model
    theirs = botocore_verdict(error, op_model)
    assert (False, False) == (theirs.retryable, theirs.throttling)
    assert (True, True) == awserrors_verdict(error, service)
    assert isinstance(awserrors.handle_client_error(error, service=service), awserrors.ThrottlingError)


def test_every_names_difference_is_a_throttling_name() -> None:
    found = shape_outcome().deliberate.get("names", []) + row_outcome().deliberate.get("names", [])
    print(f"\n{len(found)} codes named as throttling that botocore does not call throttling:")
    print("\n".join(f"{what}: botocore {(v.retryable, v.throttling)}" for what, v, _ in found))
    assert found
    for what, theirs, _ours in found:
        assert any(n in what for n in THROTTLING_NAMES), what
        assert not theirs.throttling, what


def test_without_a_service_a_services_retryable_trait_is_unknown() -> None:
    """Documented (docs/aws-taxonomy.md): without ``service=``, a code's class carries
    the code's own flags, so a retryable trait one service models is lost.  A raw
    ``ClientError`` does not say which service raised it; botocore knows from the
    operation model.  (44 shapes of botocore 1.44.5, such as DynamoDB's
    ``ReplicatedWriteConflictException`` and ACM's ``InternalServerException``.)"""
    case = next((c for c in shape_cases() if c.id == "dynamodb:ReplicatedWriteConflictException"), None)
    if case is None:
        pytest.skip(f"botocore {botocore.__version__} does not model it")
    built = build(case)
    theirs = botocore_verdict(built.error, built.operation_model)
    assert (True, False) == (theirs.retryable, theirs.throttling)
    assert (True, False) == awserrors_verdict(built.error, "dynamodb")
    assert (False, False) == (awserrors.is_retryable(built.error), awserrors.is_throttling(built.error))


# --- what the harness itself relies on ------------------------------------------------------


def test_the_harness_sees_botocore_retry_a_modeled_throttle_and_a_5xx() -> None:
    """Guards the harness: botocore's checkers must say yes where botocore retries."""
    throttle = ShapeCase(
        "dynamodb",
        "ProvisionedThroughputExceededException",
        "json",
        "ProvisionedThroughputExceededException",
        None,
        "ProvisionedThroughputExceededException",
        400,
    )
    built = build(throttle)
    theirs = botocore_verdict(built.error, built.operation_model)
    assert (True, True) == (theirs.retryable, theirs.throttling)
    error = make_client_error("NoSuchCodeAnywhere", service="sts", http_status=503)
    theirs = botocore_verdict(error, service_model("sts").operation_model(error.operation_name))
    assert (True, False) == (theirs.retryable, theirs.throttling)
    assert ("TransientRetryableChecker",) == theirs.checkers
    assert isinstance(error, ClientError)


def test_drift_is_left_out_only_under_another_botocore() -> None:
    if SAME_BOTOCORE:
        assert frozenset() == drifted()
    else:
        print(
            f"\nbotocore {botocore.__version__}, rows from {IMPORTED_FROM}: {len(drifted())} shapes drifted"
        )
