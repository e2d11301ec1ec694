"""Hypothesis strategies for AWS errors: real ``ClientError`` objects, and broken ones.

Importing this module imports `hypothesis <https://hypothesis.readthedocs.io>`_,
which awserrors itself does not need (``pip install hypothesis``)::

    from hypothesis import given
    from awserrors.testing.strategies import mapped_errors, malformed_client_errors

    taxonomy = awserrors.load("errors.yaml")

    @given(mapped_errors(taxonomy))
    def test_every_mapping_lands_on_its_class(drawn):
        assert type(drawn.convert()) is drawn.expected

    @given(malformed_client_errors())
    def test_broken_responses_never_raise(error):
        taxonomy.handle_client_error(error)

Every error a strategy here draws is what botocore raises: it is made by
:func:`awserrors.testing.make_client_error`, which parses the service's real wire
format (XML, JSON, CBOR) with a real botocore client (no network).  The first
error of each service builds that client (some 50 ms); the AWS-wide strategies
range over 400-odd services, so pass ``services=[...]`` when only a few matter.

With awserrors installed, ``st.from_type(botocore.exceptions.ClientError)`` draws
from :func:`client_errors` (a hypothesis entry point registers it).
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, cast

from botocore.exceptions import ClientError
from hypothesis import reject
from hypothesis import strategies as st

from awserrors._errors import TaxonomyClientError
from awserrors._order import Rule
from awserrors._taxonomy import Taxonomy
from awserrors.testing import _mapping, make_client_error

__all__ = [
    "MappedError",
    "client_errors",
    "malformed_client_errors",
    "malformed_responses",
    "mapped_errors",
]


@dataclass(frozen=True)
class MappedError:
    """A drawn ``ClientError`` and the class the taxonomy must turn it into.

    ``expected`` is the class ``taxonomy.handle_client_error(error,
    service=lookup_service, operation=lookup_operation)`` returns by the lookup
    order of the YAML reference; :meth:`convert` makes exactly that call.
    ``lookup_service`` is set when the taxonomy has rows for the service (so the
    service's own class is expected), ``lookup_operation`` when the mapping is for
    an operation botocore does not have (a wrapper's own name).
    """

    error: ClientError
    """The exception botocore raised (not raised here)."""
    code: str
    """The code the service sent."""
    service: str
    """The botocore service that raised it."""
    operation: str
    """The AWS operation name botocore reports."""
    http_status: int
    """The HTTP status of the answer."""
    expected: type[TaxonomyClientError]
    """The class the taxonomy must turn ``error`` into."""
    rule: Rule
    """The step of the lookup order that picks ``expected`` (:class:`awserrors.Rule`)."""
    taxonomy: Taxonomy = field(repr=False, compare=False)
    """The taxonomy the draw is for."""
    lookup_service: str | None = None
    """The ``service=`` to look the error up with (None: none)."""
    lookup_operation: str | None = None
    """The ``operation=`` to look the error up with (None: the error's own)."""

    def convert(self) -> TaxonomyClientError:
        """``taxonomy.handle_client_error(error, service=..., operation=...)`` for this draw."""
        return self.taxonomy.handle_client_error(
            self.error, service=self.lookup_service, operation=self.lookup_operation
        )


@dataclass(frozen=True)
class _Case:
    """One thing to draw: a code (None: one the taxonomy does not map) and where to send it."""

    code: str | None
    services: tuple[str, ...]
    lookup_service: str | None = None
    lookup_wire_service: bool = False  # look up with the wire service when the taxonomy has rows for it
    operation: str | None = None
    status: int | None = None  # a fixed status (HTTP status fallbacks); else the one AWS sends


@dataclass(frozen=True)
class _Plan:
    taxonomy: Taxonomy
    groups: tuple[tuple[_Case, ...], ...]  # drawn from evenly: one kind of mapping, or one service
    strict: bool  # services or codes were given: failures to simulate are errors, not skips


#: Error messages: any text XML 1.0 and UTF-8 can carry.
_messages = st.none() | st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff"),
    max_size=40,
)


def _names(values: Iterable[str] | None, what: str) -> tuple[str, ...] | None:
    if values is None:
        return None
    if isinstance(values, str):
        raise TypeError(f"{what} must be an iterable of names, not one str: use [{values!r}]")
    found = tuple(dict.fromkeys(values))
    if not found:
        raise ValueError(f"{what} is empty")
    return found


def _unservable(service: str, operation: str | None = None) -> None:
    """Up front: a service (or operation) asked for by name that the kit cannot serve here."""
    reason = _mapping.cannot_serve(service, operation)
    if reason is not None:
        raise ValueError(f"the testing kit cannot make {service} errors here: {reason}")


def _plan(
    taxonomy: Taxonomy | ModuleType | None,
    services: tuple[str, ...] | None,
    codes: tuple[str, ...] | None,
    operations: tuple[str, ...] | None = None,
) -> _Plan:
    found = _mapping.as_taxonomy(taxonomy)
    groups: dict[str, list[_Case]] = {}
    if operations is not None:
        for service in services or ():
            for operation in operations:
                listed = codes if codes is not None else _mapping.operation_errors(service, operation)
                _unservable(service, operation)
                groups[f"{service}:{operation}"] = [
                    _Case(code, (service,), lookup_wire_service=True, operation=operation) for code in listed
                ]
    elif services is not None:
        for service in services:
            cases = groups.setdefault(service, [])
            modeled = _mapping.modeled_errors(service)  # ValueError for an unknown service
            _unservable(service)
            wanted = list(codes) if codes is not None else [e.code for e in modeled]
            if codes is None:
                wanted += sorted(found.tables.service_codes.get(service, ()))
            for code in dict.fromkeys(wanted):
                cases.append(_Case(code, (service,), lookup_wire_service=True))
            if not cases:
                raise ValueError(f"botocore models no error codes for {service!r}; pass codes=[...]")
    elif codes is not None:
        for code in codes:
            wire = _mapping.wire_services(found, code)
            groups.setdefault("codes", []).append(_Case(code, wire, lookup_wire_service=True))
    else:
        for target in _mapping.targets(found):
            if target.code is not None and not _mapping.can_send(target.code):
                continue  # no real error carries it (assert_maps reports it)
            if target.status is not None and target.status not in _mapping.ERROR_STATUSES:
                continue
            wire = _mapping.wire_services(found, target.code, target.service)
            groups.setdefault(target.rule.value, []).append(
                _Case(
                    target.code,
                    wire,
                    lookup_service=target.service if target.rule is Rule.SERVICE_CODE else None,
                    operation=target.operation,
                    status=target.status,
                )
            )
        if not groups:
            raise ValueError(f"taxonomy {found.name!r} maps no code, operation or HTTP status")
    return _Plan(
        found,
        tuple(tuple(cases) for cases in groups.values()),
        strict=services is not None or codes is not None,
    )


#: The statuses the broken errors are drawn with (any is fine: the response gets mangled).
_STATUSES = (400, 403, 404, 409, 429, 500, 503)

_unmapped_codes = st.from_regex(r"[A-Z][A-Za-z0-9]{0,20}(\.[A-Z][A-Za-z]{0,10})?", fullmatch=True)


@st.composite
def _draw(draw: st.DrawFn, plan: _Plan) -> MappedError:
    group = plan.groups[0] if len(plan.groups) == 1 else draw(st.sampled_from(plan.groups))
    case = group[0] if len(group) == 1 else draw(st.sampled_from(group))
    service = case.services[0] if len(case.services) == 1 else draw(st.sampled_from(case.services))
    # Whether the kit can serve a service is asked once and never changes: the same
    # choices always meet the same answer here (a plan given services= checked them up front).
    if _mapping.cannot_serve(service, case.operation) is not None:
        reject()
    lookup_service = case.lookup_service
    if case.lookup_wire_service and service in plan.taxonomy.tables.service_codes:
        lookup_service = service
    code = case.code
    if code is None:
        code = draw(
            _unmapped_codes.filter(lambda c: not _mapping.is_mapped(plan.taxonomy, c, lookup_service))
        )
    status = case.status if case.status is not None else _mapping.status_for(plan.taxonomy, service, code)
    sent = _mapping.send(
        plan.taxonomy,
        code,
        service=service,
        http_status=status,
        operation=case.operation,
        lookup_service=lookup_service,
        message=draw(_messages),
    )
    expected = cast("type[TaxonomyClientError]", plan.taxonomy.get_class(sent.expected))
    return MappedError(
        error=sent.error,
        code=code,
        service=sent.service,
        operation=sent.operation,
        http_status=status,
        expected=expected,
        rule=sent.rule,
        taxonomy=plan.taxonomy,
        lookup_service=sent.lookup_service,
        lookup_operation=sent.lookup_operation,
    )


def mapped_errors(
    taxonomy: Taxonomy | ModuleType | None = None,
    *,
    services: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    operations: Iterable[str] | None = None,
) -> st.SearchStrategy[MappedError]:
    """Real ``ClientError`` objects, each with the class ``taxonomy`` must turn it into.

    Args:
        taxonomy: A :class:`awserrors.Taxonomy`, a module made by
            :func:`awserrors.generate_module`, or None for the AWS-wide taxonomy.
        services: Draw the errors botocore models for these services (and the
            codes the taxonomy has rows for), sent by those services.
        codes: Draw these codes (with ``services``: sent by those services).
        operations: With ``services`` (or a taxonomy of one service): draw only the
            errors these operations can fail with (``PutItem`` or ``put_item``): the
            error shapes the model lists for the operation, plus the errors any
            operation can meet (throttling, signature and token, access, validation,
            5xx: the APIs' "Common Errors").

    Without ``services`` and ``codes`` it draws what the taxonomy maps: its codes,
    per-service rows and per-operation codes, and for its operation and HTTP status
    fallbacks an error with a code it does not map.  Each is sent by the service
    its rows are for, else the taxonomy's ``service``, else one botocore service
    per wire protocol (query, json, rest-json, rest-xml, ec2, cbor), with a drawn
    message, and with the HTTP status AWS sends it with
    (:func:`awserrors.testing.aws_status`).  The draw's ``expected`` is the class
    the documented lookup order picks and ``rule`` says which rule picked it, so
    ``type(drawn.convert()) is drawn.expected`` must hold for every draw.

    The draws depend only on hypothesis' choices: services the kit cannot serve here
    (those that need ``awscrt``) are rejected the same way every time, and services
    asked for by name are checked before the first draw.

    Raises:
        ValueError: (when drawing) for an unknown service or operation, a service
            the kit cannot serve here, or a code AWS cannot send.
    """
    given_services = _names(services, "services")
    given_codes = _names(codes, "codes")
    given_operations = _names(operations, "operations")
    if given_operations is not None and given_services is None:
        own = _mapping.as_taxonomy(taxonomy).service
        if own is None:
            raise ValueError("operations=[...] needs services=[...] (or a taxonomy of one service)")
        given_services = (own,)
    # Nothing is loaded until the first draw: collecting tests stays cheap.
    return st.deferred(lambda: _draw(_plan(taxonomy, given_services, given_codes, given_operations)))


def client_errors(
    taxonomy: Taxonomy | ModuleType | None = None,
    *,
    services: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
    operations: Iterable[str] | None = None,
) -> st.SearchStrategy[ClientError]:
    """Real ``ClientError`` objects, as botocore raises them; see :func:`mapped_errors`.

    ``client_errors()`` draws across the AWS-wide taxonomy's codes, ``client_errors(
    services=["dynamodb"])`` what dynamodb models, ``client_errors(services=["dynamodb"],
    operations=["PutItem"])`` what PutItem can fail with, ``client_errors(codes=["Throttling"])``
    those codes, ``client_errors(my_taxonomy)`` what your taxonomy maps.
    """
    return mapped_errors(taxonomy, services=services, codes=codes, operations=operations).map(
        lambda drawn: drawn.error
    )


# --------------------------------------------------------------------------
# Malformed responses.
# --------------------------------------------------------------------------

#: Any value JSON or a careless caller could put in a response.
_junk: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)

_KNOWN_CODES = ("ThrottlingException", "Throttling", "AccessDenied", "ResourceNotFoundException", "NoSuchKey")


def _codes() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(_KNOWN_CODES),
        st.text(max_size=30),
        st.integers(100, 599).map(str),
        _junk,
    )


def malformed_responses() -> st.SearchStrategy[Any]:
    """botocore-shaped response dicts whose every part may be missing or of the wrong type.

    ``{"Error": {"Code": ..., "Message": ..., "QueryErrorCode": ..., "Type": ...},
    "ResponseMetadata": {"HTTPStatusCode": ..., "RequestId": ..., "HTTPHeaders": ...,
    ...}}`` with any key left out and any value replaced by junk (None, numbers,
    bytes, lists, dicts), and now and then no dict at all.  Code that reads
    ``ClientError.response`` should survive all of them.
    """
    error = st.fixed_dictionaries(
        {},
        optional={
            "Code": _codes(),
            "QueryErrorCode": _codes(),
            "Message": st.text(max_size=30) | _junk,
            "Type": st.sampled_from(["Sender", "Receiver"]) | _junk,
        },
    )
    headers = st.dictionaries(
        st.sampled_from(["retry-after", "x-amz-retry-after", "x-amzn-requestid", "content-type"])
        | st.text(max_size=10),
        st.text(max_size=12) | _junk,
        max_size=3,
    )
    metadata = st.fixed_dictionaries(
        {},
        optional={
            "HTTPStatusCode": st.integers(100, 599) | _junk,
            "RequestId": st.text(max_size=10) | _junk,
            "HostId": st.text(max_size=10) | _junk,
            "HTTPHeaders": headers | _junk,
            "MaxAttemptsReached": st.booleans() | _junk,
            "RetryAttempts": st.integers(0, 5) | _junk,
        },
    )
    shaped = st.fixed_dictionaries(
        {}, optional={"Error": error | _junk, "ResponseMetadata": metadata | _junk, "Extra": _junk}
    )
    return shaped | _junk


def _carrier(response: Any, operation_name: Any) -> ClientError:
    """A ClientError holding ``response`` as it is (botocore's constructor would choke on junk)."""
    error = ClientError.__new__(ClientError)
    Exception.__init__(error, f"An error occurred when calling the {operation_name} operation")
    error.response = response
    error.operation_name = operation_name
    return error


#: Services the broken real errors come from: query, json and rest-xml, cheap to set up.
_BROKEN_SERVICES = ("sts", "dynamodb", "s3")

_PARTS: tuple[tuple[str, ...], ...] = (
    (),
    ("Error",),
    ("Error", "Code"),
    ("Error", "Message"),
    ("Error", "QueryErrorCode"),
    ("ResponseMetadata",),
    ("ResponseMetadata", "HTTPStatusCode"),
    ("ResponseMetadata", "RequestId"),
    ("ResponseMetadata", "HTTPHeaders"),
    ("ResponseMetadata", "MaxAttemptsReached"),
)


@st.composite
def _broken_real_error(draw: st.DrawFn) -> ClientError:
    """A real ClientError whose response then had parts removed or replaced."""
    service = draw(st.sampled_from(_BROKEN_SERVICES))
    code = draw(st.sampled_from(_KNOWN_CODES))
    error = make_client_error(code, service=service, http_status=draw(st.sampled_from(_STATUSES)))
    for path in draw(st.lists(st.sampled_from(_PARTS), min_size=1, max_size=3)):
        delete = draw(st.booleans())
        value = None if delete else draw(_junk)
        if not path:
            error.response = value  # type: ignore[assignment]
            continue
        container: Any = error.response
        for key in path[:-1]:
            container = container.get(key) if isinstance(container, dict) else None
        if not isinstance(container, dict):
            continue
        if delete:
            container.pop(path[-1], None)
        else:
            container[path[-1]] = value
    if draw(st.booleans()):
        error.operation_name = draw(_junk)
    return error


def malformed_client_errors() -> st.SearchStrategy[ClientError]:
    """``ClientError`` objects whose ``response`` is malformed, as :func:`malformed_responses` draws.

    Half are built around a drawn response (``operation_name`` junk too); the
    others are real errors from :func:`~awserrors.testing.make_client_error` whose
    response then lost parts or had them replaced by junk.  ``handle_client_error``
    and the other lookups never raise for any of them.
    """
    built = st.builds(_carrier, malformed_responses(), st.none() | st.text(string.ascii_letters) | _junk)
    return built | st.deferred(_broken_real_error)
