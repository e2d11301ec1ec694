"""botocore's own retry decision for a real ``ClientError``, and the error shapes to ask it about.

Shared by ``test_retry_parity.py`` and ``test_protocols.py``.  Nothing here
re-implements botocore's rules: :func:`botocore_verdict` feeds a
:class:`botocore.retries.standard.RetryContext` built from the parsed error to
``StandardRetryConditions`` (the whole standard-mode decision; attempt 1 of 3,
so the max-attempts check passes and no retry quota is involved) and to
``ThrottlingErrorDetector`` (what standard mode calls throttling), and it records
which of botocore's individual checkers said yes, to explain a disagreement.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import re
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import botocore
import botocore.session
import pytest
import yaml
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ClientError
from botocore.model import OperationModel, ServiceModel
from botocore.retries import special, standard

import awserrors
from awserrors import _botocore_models, _importer
from awserrors._rules import service_module_name
from awserrors.testing import make_client_error

#: What make_client_error raises for an operation botocore cannot call (bidirectional
#: streams, SigV4a signing without awscrt, ...).
CANNOT_BUILD = (ValueError, NotImplementedError, RuntimeError)

#: The botocore version mappings/aws/botocore.yaml was imported from (its header says so).
with (awserrors.mappings_dir() / "aws" / "botocore.yaml").open(encoding="utf-8") as _header:
    IMPORTED_FROM = re.findall(r"botocore (\S+)'s service models", _header.readline())[0]
#: Whether the installed botocore is the one the shipped rows describe.
SAME_BOTOCORE = botocore.__version__ == IMPORTED_FROM


def botocore_version() -> tuple[int, ...]:
    """The installed botocore's version as numbers: (1, 44, 8)."""
    return tuple(int(part) for part in botocore.__version__.split(".")[:3] if part.isdigit())

#: ThrottlingStatusCodeChecker (in 1.44.5, not in 1.43.11): a 429 whose code the operation
#: does not model is throttling (and retryable) in standard mode too.
HAS_429_CHECKER = hasattr(standard, "ThrottlingStatusCodeChecker")


# --- botocore's verdict ----------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """What botocore's standard retry mode says about one error."""

    retryable: bool
    throttling: bool
    #: the names of botocore's checkers that said "retry" (for messages)
    checkers: tuple[str, ...]


class _EmptyBody:
    """The urllib3 body an AWSResponse wraps; botocore's checkers never read it here."""

    def stream(self, amt: int | None = None, decode_content: bool = True) -> Any:
        yield b""


def _checkers() -> list[Any]:
    """botocore's standard-mode checkers, one by one, in StandardRetryConditions' order."""
    found = [standard.TransientRetryableChecker(), standard.ThrottledRetryableChecker()]
    if HAS_429_CHECKER:
        found.append(standard.ThrottlingStatusCodeChecker())
    found += [
        standard.ModeledRetryableChecker(),
        special.RetryIDPCommunicationError(),
        special.RetryDDBChecksumError(),
    ]
    return found


def retry_context(
    operation_model: OperationModel | None,
    error: ClientError | None = None,
    *,
    caught_exception: Exception | None = None,
) -> standard.RetryContext:
    """The RetryContext botocore's needs-retry handler builds for this error (attempt 1)."""
    http_response = None
    parsed = None
    if error is not None:
        parsed = error.response
        metadata = parsed.get("ResponseMetadata", {})
        headers = HTTPHeaders()
        for name, value in metadata.get("HTTPHeaders", {}).items():
            headers[name] = value
        http_response = AWSResponse(
            "https://example.amazonaws.com/", metadata["HTTPStatusCode"], headers, _EmptyBody()
        )
    return standard.RetryContext(
        attempt_number=1,
        operation_model=operation_model,
        parsed_response=parsed,
        http_response=http_response,
        caught_exception=caught_exception,
        request_context={},
    )


class _GivenContext(standard.RetryEventAdapter):
    """The adapter botocore's ThrottlingErrorDetector asks for a RetryContext: this one."""

    def __init__(self, context: standard.RetryContext) -> None:
        self._context = context

    def create_retry_context(self, **kwargs: Any) -> standard.RetryContext:
        return self._context


def verdict_of(context: standard.RetryContext) -> Verdict:
    """botocore's standard-mode decision for a RetryContext, minus max attempts and quota."""
    retryable = standard.StandardRetryConditions(max_attempts=3).is_retryable(context)
    fired = tuple(type(c).__name__ for c in _checkers() if c.is_retryable(context))
    # The checkers one by one must add up to StandardRetryConditions' answer, or this
    # module no longer mirrors how botocore combines them.
    assert retryable == bool(fired), (retryable, fired)
    # is_throttling_error() is the entry point every botocore has (1.34.0 has no
    # is_throttling_error_from_context); the adapter hands it this context.
    detector = standard.ThrottlingErrorDetector(_GivenContext(context))
    throttling = detector.is_throttling_error()
    return Verdict(bool(retryable), bool(throttling), fired)


def botocore_verdict(error: ClientError, operation_model: OperationModel | None) -> Verdict:
    return verdict_of(retry_context(operation_model, error))


def awserrors_verdict(error: BaseException, service: str | None) -> tuple[bool, bool]:
    converted = (
        awserrors.handle_client_error(error, service=service) if isinstance(error, ClientError) else error
    )
    return awserrors.is_retryable(converted), awserrors.is_throttling(converted)


# --- deliberate differences -------------------------------------------------------------

#: categories.yaml's retry rule "codes whose names say the caller was throttled".
THROTTLING_NAMES = ("Throttl", "SlowDown", "RateExceeded")


def deliberate(code: str, name: str, status: int, ours: tuple[bool, bool]) -> str | None:
    """Which deliberate difference (categories.yaml's retry_rules) explains awserrors' answer.

    ``"429"``: any HTTP 429 is retryable and throttling, whatever its code (botocore's
    standard mode lets the operation's model decide for the codes it models, and
    botocores without ThrottlingStatusCodeChecker, such as 1.43.11, do not look at the
    status at all).  ``"names"``: a code whose name says the caller was throttled is
    retryable and throttling.  None: no deliberate
    difference explains it.
    """
    if ours != (True, True):
        return None
    if status == 429:
        return "429"
    if any(n in code or n in name for n in THROTTLING_NAMES):
        return "names"
    return None


# --- the modeled error shapes ----------------------------------------------------------


@dataclass(frozen=True)
class ShapeCase:
    """One modeled error shape of one service, and how the service sends it."""

    service: str
    shape: str
    protocol: str
    #: the code the wire body carries (the shape name for JSON protocols)
    code: str
    #: query-compatible services: the old Query code, sent in x-amzn-query-error
    query_code: str | None
    #: what botocore puts in Error.Code
    wire_code: str
    #: the modeled status, else 400 (make_client_error's default)
    status: int

    @property
    def id(self) -> str:
        return f"{self.service}:{self.shape}"

    def expected_class(self) -> type:
        """``awserrors.services.<module>.<ShapeName>``, or, when the code botocore reports
        is another error shape's name, that shape's class, as botocore's own client raises
        (botocore 1.34 models CloudWatch's DashboardNotFoundError with the code
        ResourceNotFound, which is also a shape; no QueryErrorCode tells them apart)."""
        module = importlib.import_module(f"awserrors.services.{service_module_name(self.service)}")
        shapes = service_data(self.service)["shapes"]
        named = self.query_code is None and shapes.get(self.wire_code, {}).get("exception")
        return getattr(module, self.wire_code if named else self.shape)  # type: ignore[no-any-return]


@functools.cache
def session() -> botocore.session.Session:
    """The tests' one botocore session; its data loader is the one awserrors uses, so each
    service model is read from disk once per test process."""
    shared = botocore.session.Session()
    shared.register_component("data_loader", _botocore_models.loader())
    return shared


@functools.cache
def service_model(service: str) -> ServiceModel:
    return session().get_service_model(service)


@functools.cache
def protocol_of(service: str) -> str:
    """The wire protocol the installed botocore's client speaks for ``service``.

    ``ServiceModel.resolved_protocol``; botocores without it (1.34.0) speak the
    model's ``metadata["protocol"]``.
    """
    model = service_model(service)
    return str(getattr(model, "resolved_protocol", None) or model.metadata["protocol"])


def needs_protocol(service: str, protocol: str) -> pytest.MarkDecorator:
    """Skip unless the installed botocore's client speaks ``protocol`` to ``service``
    (a test whose wire answers are in that protocol: botocore 1.34.0's SQS speaks query)."""
    spoken = protocol_of(service)
    return pytest.mark.skipif(
        spoken != protocol,
        reason=f"botocore {botocore.__version__}'s {service} client speaks {spoken}, not {protocol}",
    )


def needs_query_compatible(service: str) -> pytest.MarkDecorator:
    """Skip unless ``service`` is query-compatible (awsQueryCompatible) in the installed botocore."""
    compatible = "awsQueryCompatible" in service_model(service).metadata
    return pytest.mark.skipif(
        not compatible,
        reason=f"{service} is not query-compatible in botocore {botocore.__version__} "
        f"(it speaks {protocol_of(service)})",
    )


@functools.cache
def service_data(service: str) -> dict[str, Any]:
    """The service's model as botocore's loader reads it (cheaper to walk than ServiceModel)."""
    return session().get_service_data(service)  # type: ignore[no-any-return]


@functools.cache
def _listing(service: str) -> dict[str, tuple[str, ...]]:
    """shape name -> the operations listing it in their errors, best first."""
    data = service_data(service)
    shapes = data["shapes"]
    listing: dict[str, list[str]] = {}
    for name, operation in data["operations"].items():
        for error in operation.get("errors", ()):
            listing.setdefault(error["shape"], []).append(name)

    def rank(name: str) -> tuple[int, str]:
        # HEAD responses have no body (the code becomes the status), and botocore
        # cannot call operations with an input event stream: those last.
        operation = data["operations"][name]
        head = operation.get("http", {}).get("method", "").upper() == "HEAD"
        members = shapes.get(operation.get("input", {}).get("shape"), {}).get("members", {})
        stream = any(shapes[m["shape"]].get("eventstream") for m in members.values())
        return (int(head) + 2 * int(stream), name)

    return {shape: tuple(sorted(ops, key=rank)) for shape, ops in listing.items()}


def operations_for(case: ShapeCase) -> tuple[str, ...]:
    """The operations that list the shape in their errors, best first."""
    return _listing(case.service).get(case.shape, ())


@functools.cache
def shape_cases() -> tuple[ShapeCase, ...]:
    """Every modeled error shape of every service the installed botocore has."""
    cases = []
    for service in session().get_available_services():
        data = service_data(service)
        protocol = protocol_of(service)
        query_compatible = "awsQueryCompatible" in data.get("metadata", {})
        for name, shape in data["shapes"].items():
            if not shape.get("exception"):
                continue
            error = shape.get("error", {})
            modeled = error.get("code")
            if query_compatible:
                # The JSON body names the shape; x-amzn-query-error carries the old code,
                # which botocore reports as Error.Code (the shape name as QueryErrorCode).
                code, query_code = name, (modeled if modeled and modeled != name else None)
                wire_code = query_code or name
            else:
                code = wire_code = modeled or name
                query_code = None
            status = int(error.get("httpStatusCode", 400))
            cases.append(ShapeCase(service, name, protocol, code, query_code, wire_code, status))
    return tuple(cases)


@functools.cache
def drifted() -> frozenset[tuple[str, str]]:
    """(service, shape) whose installed model differs from its row in botocore.yaml.

    Empty with the botocore the rows were imported from.  With any other botocore,
    these shapes test the model drift, not awserrors, so the tests leave them out.
    """
    if SAME_BOTOCORE:
        return frozenset()
    committed = _importer.read_rows(awserrors.mappings_dir() / "aws" / "botocore.yaml")
    installed = _importer.botocore_rows()
    return frozenset(
        (service, shape)
        for service, rows in installed.items()
        for shape, fields in rows.items()
        if committed.get(service, {}).get(shape) != fields
    )


def endless_retry(case: ShapeCase) -> bool:
    """Whether botocore itself would retry this error at once and for ever.

    botocore's endpoint-discovery handler (botocore/discovery.py, ``handle_retries``)
    answers "retry now" to InvalidEndpointException or a 421 of a discovery service,
    with no attempt limit; make_client_error's fake service answers the same every
    time, so unless make_client_error blocks that retry the call never returns.
    """
    model = service_model(case.service)
    return model.endpoint_discovery_operation is not None and (
        case.wire_code == "InvalidEndpointException" or case.status == 421
    )


#: how long a call that botocore could retry for ever may take
TIME_LIMIT = 10.0


class _Expired(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float, bounded: bool) -> Iterator[None]:
    """Interrupt the block with _Expired after ``seconds`` (SIGALRM; main thread only)."""
    if not bounded:
        yield
        return
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        raise RuntimeError("botocore could retry it for ever, and no SIGALRM here to bound the call")

    def expire(signum: int, frame: object) -> None:
        raise _Expired(f"did not return within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Built:
    case: ShapeCase
    error: ClientError
    operation_model: OperationModel
    #: whether the operation the error came from lists the shape in its errors
    modeled_for_operation: bool


def build(
    case: ShapeCase,
    *,
    message: str | None = None,
    request_id: str | None = None,
    operation: str | None = None,
) -> Built:
    """The real ClientError for ``case``, from an operation that models it when one can be called.

    ``operation`` picks the operation instead.  Raises one of CANNOT_BUILD when no
    operation can be called.  A call botocore
    could retry for ever (:func:`endless_retry`) gets :data:`TIME_LIMIT` seconds,
    then raises RuntimeError ("did not return"), so a regression fails, not hangs.
    """
    last: Exception | None = None
    for candidate in (operation,) if operation else (*operations_for(case), None):
        try:
            with _time_limit(TIME_LIMIT, endless_retry(case)):
                error = make_client_error(
                    case.code,
                    message=message,
                    http_status=case.status,
                    operation=candidate,
                    service=case.service,
                    query_code=case.query_code,
                    request_id=request_id,
                )
        except _Expired as exc:  # fired outside the try of make_client_error
            raise RuntimeError(f"{case.id} from {candidate}: make_client_error {exc}") from exc
        except CANNOT_BUILD as exc:
            if isinstance(exc.__cause__, _Expired):
                raise RuntimeError(f"{case.id} from {candidate}: make_client_error {exc.__cause__}") from exc
            last = exc
            continue
        model = service_model(case.service).operation_model(error.operation_name)
        listed = candidate in operations_for(case)
        return Built(case, error, model, listed)
    assert last is not None
    raise last


# --- the YAML rows (EC2, S3, common codes) -----------------------------------------------


@dataclass(frozen=True)
class RowCase:
    """A code a shipped YAML row maps, sent by a service (status from the row, else 400)."""

    file: str
    #: the service of the row, or None for a code any service may send
    row_service: str | None
    name: str
    #: the service that sends it here
    service: str
    code: str
    status: int

    @property
    def id(self) -> str:
        return f"{self.file}:{self.service}:{self.code}:{self.status}"

    def expected_class(self) -> type:
        assert self.row_service is not None
        module = importlib.import_module(f"awserrors.services.{service_module_name(self.row_service)}")
        return getattr(module, self.name)  # type: ignore[no-any-return]


#: the services a code any service may send is sent from here: XML (query) and JSON
SERVICELESS_FROM = ("sts", "dynamodb")


@functools.cache
def row_cases() -> tuple[RowCase, ...]:
    """Every row of ec2.yaml, s3.yaml, common.yaml and curated.yaml that adds a code."""
    cases = []
    for file in ("ec2.yaml", "s3.yaml", "common.yaml", "curated.yaml"):
        with (awserrors.mappings_dir() / "aws" / file).open(encoding="utf-8") as stream:
            data = yaml.safe_load(stream)
        services = data.get("services") or {}
        rows = [(s, n, f or {}) for s, by_name in services.items() for n, f in by_name.items()]
        rows += [(None, n, f or {}) for n, f in (data.get("errors") or {}).items()]
        for service, name, fields in rows:
            if service is not None and fields and not {"code", "http_status", "fault"} & set(fields):
                continue  # flags overlaying a botocore.yaml row: the shape cases cover it
            code = fields.get("code", name)
            status = int(fields.get("http_status", 400))
            for sender in (service,) if service is not None else SERVICELESS_FROM:
                cases.append(RowCase(file, service, name, sender, code, status))
    return tuple(cases)
