"""What a taxonomy maps, and which class a real error must become.

Shared by :mod:`awserrors.testing.strategies` and :mod:`awserrors.testing.assertions`;
imports neither hypothesis nor pytest.  The class an error must become is what the
registry's one lookup (``Taxonomy._resolve``) picks for the codes that were sent;
comparing it with what ``handle_client_error`` makes of the error botocore parsed
checks botocore's parsing, the codes that arrive and the conversion path.  The
lookup order itself is checked against the YAML by the project's own tests.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from botocore.exceptions import ClientError

from awserrors._registry import CODE_RULES as CODE_RULES
from awserrors._registry import Taxonomy, _status_from_codes
from awserrors.testing import (
    _available_services,
    _check_service,
    _client_for,
    _is_head,
    _resolve_operation,
    make_client_error,
)

#: The rules that pick a class by the error's code (anything else is a fallback).

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
    if taxonomy is None:
        import awserrors

        return awserrors.aws
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    found = getattr(taxonomy, "__awserrors_taxonomy__", None)
    if isinstance(found, Taxonomy):
        return found
    raise TypeError(
        "expected an awserrors.Taxonomy (awserrors.load(...)) or a module made by "
        f"awserrors.generate_module, got {taxonomy!r}"
    )


def tables(taxonomy: Taxonomy) -> dict[str, Any]:
    data: dict[str, Any] = taxonomy._data
    return data


def can_send(code: str) -> bool:
    """Whether a real AWS error can carry ``code`` (make_client_error accepts it)."""
    return bool(code) and _BAD_CODE.search(code) is None


# --------------------------------------------------------------------------
# The documented lookup order, on the compiled tables.
# --------------------------------------------------------------------------


def resolve(
    taxonomy: Taxonomy,
    codes: list[str],
    operation: str | None,
    status: int | None,
    service: str | None,
) -> tuple[str, str]:
    """(class name, rule) for an error: the registry's own lookup, which the kit checks against.

    ``codes`` are ``Error.QueryErrorCode`` then ``Error.Code`` (the non-empty ones);
    ``service`` is the ``service=`` handed to ``handle_client_error``.
    """
    return taxonomy._resolve(codes, operation, status, service)


def describe_rule(rule: str, *, codes: list[str], operation: str | None, status: int | None) -> str:
    """How a class was picked, in words: ``by its code``, ``by HTTP status 404``, ..."""
    if rule == "service code":
        return f"by its code {codes[0]!r} for the service"
    if rule == "operation code":
        return f"by its code for operation {operation}"
    if rule == "code":
        return f"by its code {codes[0]!r}" if codes else "by its code"
    if rule == "operation":
        return f"as the fallback of operation {operation}"
    if rule == "status":
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
#: Services whose calls botocore cannot simulate here (e.g. SigV4a without awscrt).
unusable: set[str] = set()


def modeled_errors(service: str) -> tuple[ModeledError, ...]:
    """The error shapes botocore models for ``service`` (ValueError for an unknown service)."""
    found = _modeled.get(service)
    if found is None:
        _check_service(service)
        model = _client_for(service).meta.service_model
        query_compatible = model.metadata.get("awsQueryCompatible") is not None
        errors = []
        for shape in model.error_shapes:
            wire = str(getattr(shape, "error_code", None) or shape.name)
            status = shape.metadata.get("error", {}).get("httpStatusCode")
            status = status if isinstance(status, int) else None
            if query_compatible:
                legacy = wire if wire != shape.name else None
                errors.append(ModeledError(shape.name, shape.name, legacy, status))
            else:
                errors.append(ModeledError(shape.name, wire, None, status))
        found = tuple(sorted(errors, key=lambda e: e.code))
        _modeled[service] = found
    return found


def query_code_for(service: str, code: str) -> str | None:
    """The old Query code a query-compatible service sends beside ``code``, if it models one."""
    if _client_for(service).meta.service_model.metadata.get("awsQueryCompatible") is None:
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
                            getattr(_client_for(service).meta.service_model, "resolved_protocol", None)
                            == protocol
                        ):
                            _defaults.append(service)
                            break
    return tuple(_defaults)


_service_names: list[frozenset[str]] = []


def is_service(name: object) -> bool:
    """Whether botocore knows a service called ``name``."""
    if not _service_names:
        _service_names.append(frozenset(_available_services()))
    return isinstance(name, str) and name in _service_names[0]


# --------------------------------------------------------------------------
# Everything a taxonomy maps.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One mapping of a taxonomy: a code, a code for an operation, an operation or a status."""

    rule: str  # "service code", "operation code", "code", "operation" or "status"
    cls: str  # the class name the mapping names
    code: str | None = None
    service: str | None = None  # the service table the code is in ("service code")
    operation: str | None = None  # snake_case, as the tables hold it
    status: int | None = None

    def label(self) -> str:
        if self.rule == "service code":
            return f"code {self.code!r} of service {self.service}"
        if self.rule == "operation code":
            return f"code {self.code!r} for operation {self.operation}"
        if self.rule == "code":
            return f"code {self.code!r}"
        if self.rule == "operation":
            return f"fallback of operation {self.operation}"
        return f"fallback of HTTP status {self.status}"


_targets: weakref.WeakKeyDictionary[Taxonomy, tuple[Target, ...]] = weakref.WeakKeyDictionary()
_code_services: weakref.WeakKeyDictionary[Taxonomy, dict[str, tuple[str, ...]]] = weakref.WeakKeyDictionary()


def targets(taxonomy: Taxonomy) -> tuple[Target, ...]:
    """Every code, operation and status the taxonomy maps, codes first."""
    found = _targets.get(taxonomy)
    if found is None:
        data = tables(taxonomy)
        items = [Target("code", cls, code=code) for code, cls in data["codes"].items()]
        for service, by_code in data["service_codes"].items():
            items.extend(
                Target("service code", cls, code=code, service=service) for code, cls in by_code.items()
            )
        for code, by_operation in data["code_operations"].items():
            items.extend(
                Target("operation code", cls, code=code, operation=op) for op, cls in by_operation.items()
            )
        items.extend(Target("operation", cls, operation=op) for op, cls in data["operations"].items())
        items.extend(Target("status", cls, status=status) for status, cls in data["statuses"].items())
        found = tuple(items)
        _targets[taxonomy] = found
    return found


def code_services(taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Code -> the botocore services whose table in the taxonomy holds it."""
    found = _code_services.get(taxonomy)
    if found is None:
        by_code: dict[str, list[str]] = {}
        for service, by_service in tables(taxonomy)["service_codes"].items():
            if is_service(service):
                for code in by_service:
                    by_code.setdefault(code, []).append(service)
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


def unmapped_code(data: dict[str, Any], service: str | None, seed: str = "AwsErrorsUnmappedCode") -> str:
    """A code no code rule of the taxonomy picks up."""
    code = seed
    while is_mapped(data, code, service):
        code += "X"
    return code


def is_mapped(data: dict[str, Any], code: str, service: str | None) -> bool:
    by_service = data["service_codes"].get(service) if service is not None else None
    return (
        code in data["codes"]
        or code in data["code_operations"]
        or (by_service is not None and code in by_service)
        or _status_from_codes([code]) is not None
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
    rule: str
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
    _check_service(service)
    client = _client_for(service)
    sent_operation: str | None = None
    if operation is not None:
        try:
            sent_operation = _resolve_operation(service, client, operation)
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
    head = _is_head(client.meta.service_model.operation_model(operation_name))
    # A HEAD answer has no body: botocore reports the status as the code.
    codes = [str(http_status)] if head else [code, query_code] if query_code else [code]
    expected, rule = resolve(
        taxonomy, codes, lookup_operation or operation_name, http_status, lookup_service
    )
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
