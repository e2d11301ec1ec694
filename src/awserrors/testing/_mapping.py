"""What a taxonomy maps, and which class a real error must become.

Shared by :mod:`awserrors.testing.strategies` and :mod:`awserrors.testing.assertions`;
imports neither hypothesis nor pytest.  The class an error must become is what the
taxonomy's one lookup, :meth:`~awserrors.Taxonomy.explain`, picks for the codes that
were sent; comparing it with what ``handle_client_error`` makes of the error botocore
parsed checks botocore's parsing, the codes that arrive and the conversion path.  The
lookup order itself is checked against the YAML by the project's own tests.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from types import ModuleType

from botocore.exceptions import ClientError

from awserrors import _botocore_models
from awserrors._errors import status_from_codes
from awserrors._lookup import Mapped
from awserrors._operation_errors import operation_errors as _taxonomy_operation_errors
from awserrors._order import Rule
from awserrors._shipped import AWS
from awserrors._taxonomy import Taxonomy, taxonomy_of
from awserrors.testing._transport import (
    available_services,
    aws_status,
    check_service,
    client_for,
    is_head,
    make_client_error,
    modeled_status,
    protocol_of,
    resolve_operation,
)

#: Per wire protocol, services that speak it, first choice first: the "default
#: services" errors are sent through when a taxonomy names no botocore service.
_PROTOCOL_SERVICES = (
    ("query", ("sts", "iam", "sns")),
    ("json", ("dynamodb", "logs", "kms")),
    ("rest-json", ("lambda", "apigateway")),
    ("rest-xml", ("s3", "route53")),
    ("ec2", ("ec2",)),
    ("smithy-rpc-v2-cbor", ("cloudwatchomni", "eventbridgev2", "arc-region-switch")),
)

#: What the wire formats cannot carry in a code (see make_client_error).
_BAD_CODE = re.compile(r"[\s:#;]|[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: The error statuses a botocore client raises for (make_client_error accepts 301-599,
#: and 3xx answers only make sense for S3 redirects).
ERROR_STATUSES = range(400, 600)


def as_taxonomy(taxonomy: Taxonomy | ModuleType | None) -> Taxonomy:
    """The Taxonomy behind ``taxonomy``: itself, a generated module's, or (None) the AWS-wide one."""
    if isinstance(taxonomy, ModuleType | Taxonomy) or taxonomy is None:
        try:
            found = taxonomy_of(AWS.module if taxonomy is None else taxonomy)
        except ValueError:
            found = None
        if found is not None:
            return found
    raise TypeError(
        "expected an awserrors.Taxonomy (awserrors.load(...)) or a module made by "
        f"awserrors.generate_module, got {taxonomy!r}"
    )


def can_send(code: str) -> bool:
    """Whether a real AWS error can carry ``code`` (make_client_error accepts it)."""
    return bool(code) and _BAD_CODE.search(code) is None


# --------------------------------------------------------------------------
# The documented lookup order, as the taxonomy answers it.
# --------------------------------------------------------------------------


def resolve(
    taxonomy: Taxonomy,
    codes: list[str],
    operation: str | None,
    status: int | None,
    service: str | None,
) -> tuple[str, Rule]:
    """(class name, rule) for an error: the taxonomy's own :meth:`~awserrors.Taxonomy.explain`.

    ``codes`` are ``Error.QueryErrorCode`` then ``Error.Code`` (the non-empty ones);
    ``service`` is the ``service=`` handed to ``handle_client_error``.
    """
    query_code, code = (codes[0], codes[1]) if len(codes) > 1 else (None, codes[0] if codes else None)
    found = taxonomy.explain(
        code, query_code=query_code, operation=operation, http_status=status, service=service
    )
    return class_name(taxonomy, found.cls), found.rule


def class_name(taxonomy: Taxonomy, cls: type) -> str:
    """``Name``, or ``namespace:Name`` for a class of one of the taxonomy's namespaces."""
    namespace = cls.__module__[len(taxonomy.module_name) + 1 :]
    return f"{namespace}:{cls.__qualname__}" if namespace else cls.__qualname__


def describe_rule(rule: Rule, *, codes: list[str], operation: str | None, status: int | None) -> str:
    """How a class was picked, in words: the rule's label with what it matched."""
    if rule is Rule.SERVICE_CODE or rule is Rule.CODE:
        return f"by {rule.label} {codes[0]!r}" if codes else f"by {rule.label}"
    if rule is Rule.OPERATION_CODE:
        return f"by the code for operation {operation}"
    if rule is Rule.OPERATION_STATUS:
        return f"as the fallback of operation {operation} for HTTP status {status}"
    if rule is Rule.OPERATION:
        return f"as the fallback of operation {operation}"
    if rule is Rule.CATEGORY:
        return "by the category rules, by the code's name and the HTTP status (the code is not mapped)"
    if rule is Rule.STATUS:
        return f"as the fallback of HTTP status {status}"
    return "as the taxonomy's root (nothing matched)"


def class_label(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# --------------------------------------------------------------------------
# What botocore models, and the services errors are sent through.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ModeledError:
    """An error shape of a botocore service model, as it arrives on the wire."""

    name: str
    code: str  # what make_client_error sends as the code (the shape's wire code)
    query_code: str | None  # query-compatible services: the old Query code sent beside it
    http_status: int | None


_lock = threading.Lock()
_modeled: dict[str, tuple[ModeledError, ...]] = {}
_defaults: list[str] = []
_unservable: dict[tuple[str, str | None], str | None] = {}


def cannot_serve(service: str, operation: str | None = None) -> str | None:
    """Why the kit cannot make ``service``'s ``operation`` fail here, or None when it can.

    Asked once per (service, operation) by making one error (botocore signs some
    services' calls with SigV4a, which needs ``awscrt``), then remembered, so that the
    answer never changes while a test draws.  ``operation`` is an AWS or snake_case
    name; one the service lacks (a wrapper's own name) means its default operation.
    """
    key = (service, operation)
    if key in _unservable:
        return _unservable[key]
    check_service(service)
    sent_operation: str | None = None
    if operation is not None:
        try:
            sent_operation = resolve_operation(service, client_for(service), operation)
        except ValueError:
            sent_operation = None
    try:
        make_client_error("AwsErrorsProbe", service=service, operation=sent_operation, http_status=400)
        reason = None
    except (RuntimeError, NotImplementedError) as error:
        reason = str(error)
    _unservable[key] = reason
    return reason


def status_for(taxonomy: Taxonomy, service: str, code: str) -> int:
    """The HTTP status the kit sends ``code`` with from ``service``: the status the installed
    model gives the shape, else the one ``taxonomy`` documents, else :func:`aws_status`'s
    (the AWS tables', the category's, else 400)."""
    modeled = modeled_status(service, code)
    if modeled is not None:
        return modeled
    info = taxonomy.tables.code_info.get(code)
    documented = info.http_status if info is not None else None
    if isinstance(documented, int) and documented in ERROR_STATUSES:
        return documented
    return aws_status(service, code)


def operation_errors(service: str, operation: str) -> tuple[str, ...]:
    """The codes ``service``'s ``operation`` can fail with: the error shapes its model
    lists for it (as they arrive on the wire), then the errors any operation can meet.
    The same list :meth:`awserrors.Taxonomy.errors_of` maps to classes."""
    check_service(service)  # the kit's own message for a service botocore lacks
    client = client_for(service)
    name = resolve_operation(service, client, operation)  # ValueError for an unknown one
    return tuple(shape.code for shape in _taxonomy_operation_errors(service, name))


def modeled_errors(service: str) -> tuple[ModeledError, ...]:
    """The error shapes botocore models for ``service`` (ValueError for an unknown service)."""
    found = _modeled.get(service)
    if found is None:
        check_service(service)
        errors = [
            ModeledError(shape.name, shape.code, shape.legacy_code, shape.http_status)
            for shape in _botocore_models.error_shapes(service)
        ]
        found = tuple(sorted(errors, key=lambda e: e.code))
        _modeled[service] = found
    return found


def query_code_for(service: str, code: str) -> str | None:
    """The old Query code a query-compatible service sends beside ``code``, if it models one."""
    if client_for(service).meta.service_model.metadata.get("awsQueryCompatible") is None:
        return None
    for error in modeled_errors(service):
        if error.code == code:
            return error.query_code
    return None


def default_services() -> tuple[str, ...]:
    """One botocore service per wire protocol (query, json, rest-json, rest-xml, ec2, cbor)."""
    if not _defaults:
        with _lock:
            if not _defaults:
                for protocol, candidates in _PROTOCOL_SERVICES:
                    for service in candidates:
                        if is_service(service) and (
                            protocol_of(client_for(service).meta.service_model) == protocol
                        ):
                            _defaults.append(service)
                            break
    return tuple(_defaults)


_service_names: list[frozenset[str]] = []


def is_service(name: object) -> bool:
    """Whether botocore knows a service called ``name``."""
    if not _service_names:
        _service_names.append(frozenset(available_services()))
    return isinstance(name, str) and name in _service_names[0]


# --------------------------------------------------------------------------
# Everything a taxonomy maps.
# --------------------------------------------------------------------------


def label(target: Mapped) -> str:
    """A mapping in words: ``code 'X' of service s3``, ``fallback of HTTP status 404``, ..."""
    if target.rule is Rule.SERVICE_CODE:
        return f"code {target.code!r} of service {target.service}"
    if target.rule is Rule.OPERATION_CODE:
        return f"code {target.code!r} for operation {target.operation}"
    if target.rule is Rule.CODE:
        return f"code {target.code!r}"
    if target.rule is Rule.OPERATION_STATUS:
        return f"fallback of operation {target.operation} for HTTP status {target.status}"
    if target.rule is Rule.OPERATION:
        return f"fallback of operation {target.operation}"
    return f"fallback of HTTP status {target.status}"


_targets: weakref.WeakKeyDictionary[Taxonomy, tuple[Mapped, ...]] = weakref.WeakKeyDictionary()
_code_services: weakref.WeakKeyDictionary[Taxonomy, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def targets(taxonomy: Taxonomy) -> tuple[Mapped, ...]:
    """Every code, operation and status the taxonomy maps, codes first."""
    found = _targets.get(taxonomy)
    if found is None:
        order = {
            Rule.CODE: 0,
            Rule.SERVICE_CODE: 1,
            Rule.OPERATION_CODE: 2,
            Rule.OPERATION_STATUS: 3,
            Rule.OPERATION: 4,
            Rule.STATUS: 5,
        }
        found = tuple(sorted(taxonomy.mappings(), key=lambda m: order[m.rule]))
        _targets[taxonomy] = found
    return found


def code_services(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Code -> the botocore services whose table in the taxonomy holds it."""
    found = _code_services.get(taxonomy)
    if found is None:
        by_code: dict[str, list[str]] = {}
        for target in targets(taxonomy):
            if target.rule is Rule.SERVICE_CODE and target.code is not None and is_service(target.service):
                by_code.setdefault(target.code, []).append(str(target.service))
        found = {code: tuple(sorted(services)) for code, services in by_code.items()}
        _code_services[taxonomy] = found
    return found


def wire_services(taxonomy: Taxonomy, code: str | None, service: str | None = None) -> tuple[str, ...]:
    """The botocore services an error with ``code`` is sent through, best first.

    The service table it comes from, else the taxonomy's own service, else the
    services whose table holds the code, else one service per wire protocol.
    """
    if service is not None and is_service(service):
        return (service,)
    own = taxonomy.service
    if own is not None and is_service(own):
        return (own,)
    if code is not None:
        found = code_services(taxonomy).get(code)
        if found:
            return found
    return default_services()


def unmapped_code(taxonomy: Taxonomy, service: str | None, seed: str = "AwsErrorsUnmappedCode") -> str:
    """A code no code rule of the taxonomy picks up."""
    code = seed
    while is_mapped(taxonomy, code, service):
        code += "X"
    return code


_mapped: weakref.WeakKeyDictionary[Taxonomy, dict[str | None, frozenset[str]]] = weakref.WeakKeyDictionary()


def is_mapped(taxonomy: Taxonomy, code: str, service: str | None) -> bool:
    """Whether a code rule maps ``code`` (for ``service``, or any operation), or it is a HEAD status."""
    found = _mapped.get(taxonomy)
    if found is None:  # service (None: any) -> the codes a code rule maps, computed once
        sets: dict[str | None, set[str]] = {}
        for target in targets(taxonomy):
            if target.code is not None:
                sets.setdefault(target.service if target.rule is Rule.SERVICE_CODE else None, set()).add(
                    target.code
                )
        found = {key: frozenset(codes) for key, codes in sets.items()}
        _mapped[taxonomy] = found
    return (
        status_from_codes([code]) is not None
        or code in found.get(None, frozenset())
        or (service is not None and code in found.get(service, frozenset()))
    )


# --------------------------------------------------------------------------
# Sending one error and saying what it must become.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """A real ClientError and the lookup that must turn it into ``expected``."""

    error: ClientError
    code: str
    service: str
    operation: str  # the AWS operation name botocore reports
    http_status: int
    lookup_service: str | None
    lookup_operation: str | None
    expected: str  # class name
    rule: Rule
    head: bool  # a HEAD request: no body, the code never arrives


def send(
    taxonomy: Taxonomy,
    code: str,
    *,
    service: str,
    http_status: int,
    operation: str | None = None,
    lookup_service: str | None = None,
    lookup_operation: str | None = None,
    message: str | None = None,
) -> Sent:
    """Make the error with make_client_error and work out the class it must become.

    ``operation`` is sent when the service has it (AWS or snake_case name);
    otherwise the service's default operation is used and ``operation`` is handed
    to the lookup instead (a wrapper's own name such as ``create_instance``).
    """
    check_service(service)
    client = client_for(service)
    sent_operation: str | None = None
    if operation is not None:
        try:
            sent_operation = resolve_operation(service, client, operation)
        except ValueError:
            sent_operation = None
        if sent_operation is None and lookup_operation is None:
            lookup_operation = operation
    query_code = query_code_for(service, code)
    error = make_client_error(
        code,
        message=message,
        http_status=http_status,
        operation=sent_operation,
        service=service,
        query_code=query_code,
    )
    operation_name = str(error.operation_name)
    head = is_head(client.meta.service_model.operation_model(operation_name))
    # A HEAD answer has no body: botocore reports the status as the code.
    codes = [str(http_status)] if head else [code, query_code] if query_code else [code]
    expected, rule = resolve(taxonomy, codes, lookup_operation or operation_name, http_status, lookup_service)
    return Sent(
        error=error,
        code=code,
        service=service,
        operation=operation_name,
        http_status=http_status,
        lookup_service=lookup_service,
        lookup_operation=lookup_operation,
        expected=expected,
        rule=rule,
        head=head,
    )


def arrived_codes(error: BaseException) -> list[str]:
    """``Error.QueryErrorCode`` and ``Error.Code`` as botocore parsed them (the non-empty ones)."""
    response = getattr(error, "response", None)
    details = response.get("Error") if isinstance(response, dict) else None
    if not isinstance(details, dict):
        return []
    return [c for c in (details.get("QueryErrorCode"), details.get("Code")) if isinstance(c, str) and c]
