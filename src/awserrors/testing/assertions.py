"""Assertions about a taxonomy: does it map what a service raises, and does each mapping work?

Plain functions that raise ``AssertionError`` with a readable list, usable from any
test runner; the pytest plugin also offers them as fixtures.  They need neither
pytest nor hypothesis::

    import awserrors
    from awserrors.testing.assertions import assert_covers, assert_maps

    taxonomy = awserrors.load("errors.yaml")
    assert_covers(taxonomy, "dynamodb")   # every error dynamodb models has a class
    assert_maps(taxonomy)                 # every mapping works on real wire-format errors

Both build real botocore errors with :func:`awserrors.testing.make_client_error`
(no network, no credentials).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import ModuleType

from botocore.client import BaseClient
from botocore.exceptions import ClientError

from awserrors._botocore_models import ErrorShape, error_shapes
from awserrors._lookup import Mapped
from awserrors._order import Rule
from awserrors._taxonomy import Taxonomy
from awserrors.testing import _mapping
from awserrors.testing._transport import answering, check_service, fail, prepare

__all__ = ["assert_covers", "assert_handles", "assert_maps"]

#: The operation name handed to lookups that must not be decided by an operation.
_NEUTRAL_OPERATION = "awserrors_testing_no_operation"


def assert_covers(
    taxonomy: Taxonomy | ModuleType | None,
    service: str,
    *,
    codes: Iterable[str] | None = None,
) -> dict[str, type[BaseException]]:
    """Fail unless ``taxonomy`` maps every error code of ``service`` to a class by its code.

    Args:
        taxonomy: A :class:`awserrors.Taxonomy`, a module made by
            :func:`awserrors.generate_module`, or None for the AWS-wide taxonomy.
        service: A botocore service name such as ``"dynamodb"``.
        codes: The codes to check; default: every error botocore models for the
            service. Modeled ones are checked as they arrive (with their old Query
            code on query-compatible services, with their modeled HTTP status).

    A code counts as mapped when the taxonomy's ``codes`` (or its rows for this
    service) name it, that is when ``handle_client_error(error, service=service)``
    picks a class by the code rather than by a fallback (operation, HTTP status,
    root).  A code mapped only for some operations is not.

    Returns:
        Each checked code and the class it maps to.

    Raises:
        AssertionError: Listing every unmapped code and the class its errors fall
            back to.
        ValueError: For a service botocore does not know.
    """
    __tracebackhide__ = True
    found = _mapping.as_taxonomy(taxonomy)
    check_service(service)  # ValueError for a service botocore does not know
    modeled = error_shapes(service)
    if codes is None:
        if not modeled:
            raise ValueError(
                f"botocore models no error codes for {service!r}; pass codes=[...] to say which to check"
            )
        checks = list(modeled)
    else:
        if isinstance(codes, str):
            raise TypeError("codes must be an iterable of codes, not one str")
        by_code = {e.code: e for e in modeled} | {e.name: e for e in modeled if e.name not in codes}
        checks = [
            by_code.get(c) or ErrorShape(service, c, c, None, None, None, None, False, False)
            for c in dict.fromkeys(codes)
        ]
    classes: dict[str, type[BaseException]] = {}
    missing: list[tuple[str, str]] = []
    for error in checks:
        # The lookup `awserrors coverage` and handle_client_error(error, service=...) make.
        lookup = found.explain_shape(error)
        wire = [error.code, error.legacy_code] if error.legacy_code else [error.code]
        status = error.http_status or 400
        name, rule = _mapping.class_name(found, lookup.cls), lookup.rule
        cls = lookup.cls
        classes[error.code] = cls
        if rule.by_code:
            continue
        what = error.code
        if error.legacy_code:
            what += f" (Query code {error.legacy_code})"
        if error.http_status is not None:
            what += f" (HTTP {error.http_status})"
        how = _mapping.describe_rule(rule, codes=wire, operation=None, status=status)
        operations = sorted(
            {
                str(t.operation)
                for t in _mapping.targets(found)
                if t.rule is Rule.OPERATION_CODE and t.code in wire
            }
        )
        if operations:
            how += f"; mapped only for operations {', '.join(operations)}"
        missing.append((what, f"{name}, {how}"))
    if missing:
        width = max(len(what) for what, _ in missing)
        source = "codes given" if codes is not None else f"error codes botocore models for {service}"
        lines = [
            f"taxonomy {found.name!r} does not map {len(missing)} of the {len(checks)} {source}; "
            "their errors fall back to a less specific class:",
            *(f"  {what.ljust(width)} -> {fallback}" for what, fallback in sorted(missing)),
            "Map them in the YAML (a class's `codes:` list, or rows)"
            + (
                "." if codes is not None else ", or pass codes=[...] to check only the codes your code meets."
            ),
        ]
        raise AssertionError("\n".join(lines))
    return classes


def assert_maps(
    taxonomy: Taxonomy | ModuleType | None,
    *,
    services: Iterable[str] | None = None,
    codes: Iterable[str] | None = None,
) -> int:
    """Fail unless every mapping of ``taxonomy`` works on a real wire-format error.

    Each code the taxonomy maps (its ``codes``, per-service rows and per-operation
    codes) and each fallback (``operation_statuses``, ``operations``,
    ``http_statuses``) is sent as a real botocore ``ClientError``, through the
    service the mapping belongs to (its rows' service, else the taxonomy's
    ``service``, else one botocore service per wire protocol in turn: query, json,
    rest-json, rest-xml, ec2, cbor), and converted by the taxonomy's
    ``handle_client_error``.  Each must land exactly on the class the mapping names.

    Args:
        taxonomy: A :class:`awserrors.Taxonomy`, a module made by
            :func:`awserrors.generate_module`, or None for the AWS-wide taxonomy
            (about 10,000 mappings: some 30 seconds).
        services: Send every code and fallback through each of these botocore
            services instead, and check only these services' rows.
        codes: Check only the mappings of these codes (no fallbacks); a code the
            taxonomy does not map at all is a failure.

    Returns:
        How many errors were sent.

    Raises:
        AssertionError: Listing every mapping whose error landed elsewhere, or
            whose code AWS cannot send (whitespace, ``:``, ``#``, ``;``; a code
            mapped for a HEAD operation, whose answers have no body).
        ValueError: For an unknown service in ``services``.
    """
    __tracebackhide__ = True
    if isinstance(services, str) or isinstance(codes, str):
        raise TypeError("services and codes must be iterables of names, not one str")
    found = _mapping.as_taxonomy(taxonomy)
    given_services = None if services is None else tuple(dict.fromkeys(services))
    for name in given_services or ():
        _mapping.modeled_errors(name)  # ValueError for an unknown service, with suggestions
    wanted = None if codes is None else set(codes)
    defaults = _mapping.default_services()
    failures: list[str] = []
    if wanted is not None:
        mapped = {target.code for target in _mapping.targets(found)}
        failures.extend(f"  code {code!r}: the taxonomy does not map it" for code in sorted(wanted - mapped))
    sent = 0
    for index, target in enumerate(_mapping.targets(found)):
        if wanted is not None and target.code not in wanted:
            continue
        if given_services is not None:
            if target.rule is Rule.SERVICE_CODE and target.service not in given_services:
                continue
            chosen = given_services if target.rule is not Rule.SERVICE_CODE else (str(target.service),)
        else:
            candidates = _mapping.wire_services(found, target.code, target.service)
            # No service of its own: take the protocols in turn, so every wire format is used.
            chosen = (candidates[index % len(candidates)],) if candidates == defaults else candidates[:1]
        if target.code is not None and not _mapping.can_send(target.code):
            failures.append(f"  {_mapping.label(target)} -> {target.class_name}: AWS cannot send this code")
            continue
        if target.status is not None and not 301 <= target.status <= 599:
            failures.append(
                f"  {_mapping.label(target)} -> {target.class_name}: botocore raises no error for this status"
            )
            continue
        for service in chosen:
            problem = _check_target(found, target, service, defaults, may_reroute=given_services is None)
            sent += 1
            if problem is not None:
                failures.append(problem)
    if failures:
        lines = [
            f"{len(failures)} mapping{'s' if len(failures) != 1 else ''} of taxonomy {found.name!r} "
            "did not turn a real error into the class it names:",
            *failures,
        ]
        raise AssertionError("\n".join(lines))
    return sent


def _check_target(
    taxonomy: Taxonomy,
    target: Mapped,
    service: str,
    defaults: tuple[str, ...],
    *,
    may_reroute: bool,
) -> str | None:
    """Send one mapping's error through ``service``; a failure line, or None when it landed."""
    tables = taxonomy.tables
    lookup_service = target.service if target.rule is Rule.SERVICE_CODE else None
    code = target.code if target.code is not None else _mapping.unmapped_code(taxonomy, lookup_service)
    status = target.status if target.status is not None else _mapping.status_for(taxonomy, service, code)
    lookup_operation = None
    # Keep the operation out of it: a code, or a status, must pick the class on its own.
    if target.operation is None and (tables.code_operations.get(code) or tables.operations):
        lookup_operation = _NEUTRAL_OPERATION
    try:
        result = _send(taxonomy, target, code, service, status, lookup_service, lookup_operation)
    except RuntimeError:
        if not may_reroute or service == defaults[0]:
            raise
        # botocore cannot simulate this service here (e.g. SigV4a without awscrt): the
        # lookup needs only the code and the service's name, so send it through another.
        result = _send(taxonomy, target, code, defaults[0], status, lookup_service, lookup_operation)
    sent, converted = result
    expected = taxonomy.get_class(target.class_name)
    if type(converted) is expected:
        return None
    arrived = _mapping.arrived_codes(sent.error)
    _, rule = _mapping.resolve(
        taxonomy, arrived, sent.lookup_operation or sent.operation, sent.http_status, lookup_service
    )
    how = _mapping.describe_rule(
        rule, codes=arrived, operation=sent.lookup_operation or sent.operation, status=sent.http_status
    )
    note = (
        "; a HEAD request's answer has no body, so the code never arrives (map the operation's "
        "status instead: operation_statuses)"
        if sent.head
        else ""
    )
    return (
        f"  {_mapping.label(target)} -> {target.class_name}: sent by {sent.service} {sent.operation} "
        f"(HTTP {sent.http_status}), arrived as code {', '.join(map(repr, arrived)) or 'none'}, "
        f"became {_mapping.class_label(type(converted))} {how}{note}"
    )


def _send(
    taxonomy: Taxonomy,
    target: Mapped,
    code: str,
    service: str,
    status: int,
    lookup_service: str | None,
    lookup_operation: str | None,
) -> tuple[_mapping.Sent, BaseException]:
    sent = _mapping.send(
        taxonomy,
        code,
        service=service,
        http_status=status,
        operation=target.operation,
        lookup_service=lookup_service,
        lookup_operation=lookup_operation,
    )
    converted = taxonomy.handle_client_error(
        sent.error, service=sent.lookup_service, operation=sent.lookup_operation
    )
    return sent, converted


def assert_handles(
    func: Callable[[BaseClient], object],
    *,
    service: str,
    operation: str,
    expect: Mapping[type[BaseException], type[BaseException] | None],
    taxonomy: Taxonomy | ModuleType | None = None,
    codes: Iterable[str] | None = None,
) -> dict[str, str]:
    """Fail unless ``func`` deals with every error ``operation`` can fail with as ``expect`` says.

    ``func(client)`` is called once per error with a real botocore client of
    ``service`` (no network, no credentials) whose calls fail with that error, as
    AWS sends it: pass the client to the code under test, which makes the call::

        assert_handles(
            lambda client: save_order(client, order),
            service="dynamodb",
            operation="PutItem",
            expect={
                awserrors.ThrottlingError: RetryLater,   # must raise RetryLater
                awserrors.ConflictError: None,           # must return normally
                awserrors.AWSError: StorageError,        # anything else: StorageError
            },
        )

    Args:
        func: The code under test; it gets the client as its one argument and
            must make its calls from the calling thread.
        service: A botocore service name such as ``"dynamodb"``.
        operation: The operation that fails, ``PutItem`` or ``put_item``.
        expect: For a class an error can convert to (a category such as
            ``awserrors.NotFoundError``, a code's or a service's class), what ``func``
            must do with such errors: raise an instance of the given exception
            class, or (None) return normally.  Each error is judged by the most
            specific class of ``expect`` its converted class derives from.
        taxonomy: The taxonomy that converts the errors (default: the AWS-wide one).
        codes: The codes to try; default: the error shapes the model lists for the
            operation, plus the errors any operation can meet (throttling, signature
            and token, access, validation, 5xx).

    Returns:
        Each code tried and what ``func`` did: ``"returned"`` or the class it raised.

    Raises:
        AssertionError: Listing, in one message, every error ``expect`` says nothing
            about, every error ``func`` let escape (raised as the ``ClientError`` it
            got), raised as the wrong class, or returned from when it should raise.
        ValueError: For an unknown service or operation, or one the kit cannot
            make fail here.
    """
    __tracebackhide__ = True
    if not callable(func):
        raise TypeError(f"func must be callable (it gets the client), got {func!r}")
    if not isinstance(expect, Mapping) or not expect:
        raise TypeError("expect must be a non-empty mapping {error class: exception class or None}")
    found = _mapping.as_taxonomy(taxonomy)
    if isinstance(codes, str):
        raise TypeError("codes must be an iterable of codes, not one str")
    listed = tuple(codes) if codes is not None else _mapping.operation_errors(service, operation)
    reason = _mapping.cannot_serve(service, operation)
    if reason is not None:
        raise ValueError(f"the testing kit cannot make {service} errors here: {reason}")
    outcomes: dict[str, str] = {}
    failures: list[str] = []
    for code in listed:
        status = _mapping.status_for(found, service, code)
        query_code = _mapping.query_code_for(service, code)
        answer = prepare(
            code, service=service, operation=operation, http_status=status, query_code=query_code
        )
        converted = type(found.handle_client_error(fail(answer), service=service))
        raised: Exception | None = None
        with answering(answer) as client:
            try:
                func(client)
            except Exception as error:  # what the code under test let out is the result
                raised = error
        outcomes[code] = "returned" if raised is None else _mapping.class_label(type(raised))
        what = f"{code} (HTTP {status}, {_mapping.class_label(converted)})"
        key = next((k for k in converted.__mro__ if k in expect), None)
        if key is None:
            failures.append(f"  {what}: expect= names none of its classes; add one, or awserrors.AWSError")
            continue
        wanted = expect[key]
        if wanted is None and raised is not None:
            failures.append(f"  {what}: should be handled, but {_describe(raised)} escaped")
        elif wanted is not None and raised is None:
            failures.append(f"  {what}: should raise {_mapping.class_label(wanted)}, but func returned")
        elif wanted is not None and not isinstance(raised, wanted):
            should = _mapping.class_label(wanted)
            failures.append(f"  {what}: should raise {should}, but {_describe(raised)} did")
    if failures:
        lines = [
            f"{len(failures)} of the {len(listed)} errors {service} {operation} can fail with "
            "are not handled as expect= says:",
            *failures,
        ]
        raise AssertionError("\n".join(lines))
    return outcomes


def _describe(error: BaseException | None) -> str:
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code")
        return f"{_mapping.class_label(type(error))} (the error itself, code {code!r})"
    return _mapping.class_label(type(error))
