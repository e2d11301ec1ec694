"""The fake transport behind :func:`awserrors.testing.make_client_error`.

A real botocore client per service (fake credentials, no network) whose
``before-send`` event answers with an error response exactly as the service
sends it on the wire; botocore's own parser then raises the real ``ClientError``.
See :mod:`awserrors.testing` for what the errors look like.
"""

from __future__ import annotations

import base64
import difflib
import json
import os
import re
import struct
import threading
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import botocore.session
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.client import BaseClient
from botocore.compat import HTTPHeaders
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import ListShape, OperationModel, ServiceModel, Shape, StructureShape
from botocore.tokens import FrozenAuthToken

from awserrors._botocore_models import error_shapes, loader
from awserrors._shipped import AWS
from awserrors._taxonomy import taxonomy_of

__all__ = [
    "available_services",
    "aws_status",
    "check_service",
    "client_for",
    "is_head",
    "make_client_error",
    "resolve_operation",
]

_DEFAULT_SERVICE = "sts"
_DEFAULT_STATUS = 400
_S3_BUCKET = "awserrors-test-bucket"
_KINESIS_STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/awserrors-test"
# Required strings whose value botocore itself checks (endpoint rules,
# customizations), keyed by (service, member name).
_SPECIAL_STRINGS = {
    ("s3", "Bucket"): _S3_BUCKET,
    ("kinesis", "StreamARN"): _KINESIS_STREAM,
    ("kinesis", "ResourceARN"): _KINESIS_STREAM,
    ("kinesis", "ConsumerARN"): f"{_KINESIS_STREAM}/consumer/awserrors-test:1",
    ("machinelearning", "PredictEndpoint"): "https://realtime.machinelearning.us-east-1.amazonaws.com",
    ("cloudfront-keyvaluestore", "KvsARN"): "arn:aws:cloudfront::123456789012:key-value-store/awserrors-test",
}
_FIXED_TIMESTAMP = datetime(2020, 1, 1, tzinfo=UTC)
_MAX_SHAPE_DEPTH = 25
_SUGGESTIONS = 5
# Characters that the wire formats cannot carry inside an error code.
_BAD_CODE_CHARS = re.compile(r"[\s:#;]")
# Characters XML 1.0 cannot carry at all (XML based protocols would break).
_BAD_TEXT_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --------------------------------------------------------------------------
# Canned wire responses, handed to the client through a thread-local.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _WireResponse:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class _PendingCall:
    operation: str
    wire: _WireResponse


class _RawBody:
    """The small part of a urllib3 response that botocore reads."""

    def __init__(self, body: bytes) -> None:
        self._body = body
        self._read = False

    def stream(self, amt: int | None = None, decode_content: bool = True) -> Iterator[bytes]:
        if not self._read:
            self._read = True
            yield self._body

    def read(self, amt: int | None = None) -> bytes:
        if self._read:
            return b""
        self._read = True
        return self._body


class _Pending(threading.local):
    call: _PendingCall | None = None


_pending = _Pending()


def _aws_response(url: str, wire: _WireResponse) -> AWSResponse:
    headers = HTTPHeaders()
    for name, value in wire.headers.items():
        headers[name] = value
    return AWSResponse(url, wire.status, headers, _RawBody(wire.body))


def _answer_with_pending(request: AWSPreparedRequest, event_name: str = "", **kwargs: Any) -> AWSResponse:
    """``before-send`` handler: answer with this thread's canned response."""
    call = _pending.call
    if call is None:
        raise RuntimeError("awserrors.testing clients only answer calls made by make_client_error()")
    return _aws_response(request.url, call.wire)


# --------------------------------------------------------------------------
# One botocore session and one client per service, created lazily.
# --------------------------------------------------------------------------


class _StaticToken:
    """A bearer token that never expires, in the shape every supported botocore reads
    (``get_frozen_token()``: botocore 1.34 calls nothing else)."""

    def get_frozen_token(self) -> FrozenAuthToken:
        return FrozenAuthToken("testing")


class _StaticTokenProvider:
    """Bearer token for the few services (e.g. codecatalyst) that need one."""

    def load_token(self, **kwargs: Any) -> _StaticToken:
        return _StaticToken()


_lock = threading.Lock()
_session: botocore.session.Session | None = None
_clients: dict[str, BaseClient] = {}
_services: list[str] = []
_default_operations: dict[str, str] = {}
_no_retry: set[tuple[str, str]] = set()


def _get_session() -> botocore.session.Session:
    """Return the shared session; the caller must hold ``_lock``."""
    global _session
    if _session is None:
        # Ignore the user's AWS profile and config files so that results do
        # not depend on the machine (and a missing AWS_PROFILE cannot fail).
        _session = botocore.session.Session(
            session_vars={
                "profile": (None, None, None, None),
                "config_file": (None, None, os.devnull, None),
                "credentials_file": (None, None, os.devnull, None),
                "ignore_configured_endpoint_urls": (None, None, True, None),
            }
        )
        _session.register_component("token_provider", _StaticTokenProvider())
        # The process's one data loader (awserrors reads models through it too): each
        # service model is read from disk once.
        _session.register_component("data_loader", loader())
    return _session


def _discovery_free_endpoint(model: ServiceModel) -> str | None:
    """An explicit endpoint for services that use endpoint discovery (timestream).

    botocore registers no discovery handlers on a client with its own endpoint URL, so
    the canned answer goes to the operation asked for, and nothing asks to retry an
    ``InvalidEndpointException`` or a 421 (botocore's discovery handler answers
    "retry at once" to those, for ever, and before botocore 1.43.3 a
    ``needs-retry`` handler cannot veto that).
    """
    if model.endpoint_discovery_operation is None:
        return None
    return f"https://{model.endpoint_prefix}.us-east-1.amazonaws.com"


def available_services() -> list[str]:
    if not _services:
        with _lock:
            if not _services:
                _services.extend(_get_session().get_available_services())
    return _services


def client_for(service: str) -> BaseClient:
    client = _clients.get(service)
    if client is not None:
        return client
    with _lock:
        client = _clients.get(service)
        if client is None:
            session = _get_session()
            model = session.get_service_model(service)
            client = session.create_client(
                service,
                region_name="us-east-1",
                endpoint_url=_discovery_free_endpoint(model),
                aws_access_key_id="testing",
                aws_secret_access_key="testing",
                aws_session_token="testing",
                config=Config(
                    # One attempt, so retryable errors come back at once (no sleeps)
                    # and look like those of a default (legacy mode) client
                    # that has used up its attempts.
                    retries={"total_max_attempts": 1, "mode": "legacy"},
                    use_fips_endpoint=False,
                    use_dualstack_endpoint=False,
                ),
            )
            # botocore-stubs type handlers as returning None; before-send ones
            # return the response.
            client.meta.events.register("before-send", _answer_with_pending)  # type: ignore[arg-type]
            _clients[service] = client
    return client


_statuses: dict[tuple[str, str], int] = {}
#: aws_status remembers this many answers (codes come from users: bounded).
_STATUS_MEMO = 4096


def modeled_status(service: str, code: str) -> int | None:
    """The status the installed botocore's model gives the error shape ``code`` names (by
    its name, code or older Query code): its own, else for a server fault Smithy's default
    for one, 500; None when the model says nothing of it."""
    for shape in error_shapes(service):
        if code in (shape.name, shape.code, shape.legacy_code):
            if shape.http_status is not None:
                return shape.http_status
            if shape.fault == "server":
                return 500
    return None


def aws_status(service: str, code: str) -> int:
    """The HTTP status AWS sends ``code`` with when ``service`` answers with it.

    In order: the status the installed botocore's model gives the error shape (by its
    name, code or older Query code; 500 for a server fault it gives none), the status
    awserrors' tables document for the code (S3's, EC2's and the common errors'
    references, the shipped botocore's models), the status of the category the name
    rules put the code in (``...NotFound...``: 404), else 400.
    """
    key = (service, code)
    found = _statuses.get(key)
    if found is not None:
        return found
    status = modeled_status(service, code)
    aws = taxonomy_of(AWS.module) if status is None else None
    if aws is not None:
        status = aws.explain(code, service=service).http_status
    if status is None or not 301 <= status <= 599:
        status = _DEFAULT_STATUS
    if len(_statuses) >= _STATUS_MEMO:
        _statuses.clear()
    _statuses[key] = status
    return status


def _botocore_version() -> tuple[int, ...]:
    return tuple(int(part) for part in botocore.__version__.split(".")[:3] if part.isdigit())


#: What a needs-retry handler answers for "do not retry": botocore 1.43.3 and newer read
#: False so; older ones read any answer but None as "retry after that many seconds" (False:
#: at once, forever), so there the handler must stay silent (None).
_NO_RETRY: bool | None = False if _botocore_version() >= (1, 43, 3) else None


def _never_retry(**kwargs: Any) -> bool | None:
    return _NO_RETRY


def _block_retries(service: str, client: BaseClient, operation: str) -> None:
    """Make the one attempt final, whatever botocore's other ``needs-retry`` handlers say.

    The client's retry config allows one attempt, but other handlers ask for a retry
    on their own: S3's region redirector, and endpoint discovery on an
    ``InvalidEndpointException`` (timestream).  Each retry would get the same canned
    answer again, forever.  Handlers of the most specific event run first and the
    first answer that is not None decides, so this one does; the others still run.
    """
    if (service, operation) in _no_retry:
        return
    with _lock:
        if (service, operation) not in _no_retry:
            service_id = client.meta.service_model.service_id.hyphenize()
            client.meta.events.register_first(
                f"needs-retry.{service_id}.{operation}",
                _never_retry,  # type: ignore[arg-type]  # botocore-stubs: handlers return None
                unique_id=f"awserrors-testing-no-retry-{operation}",
            )
            _no_retry.add((service, operation))


# --------------------------------------------------------------------------
# Input validation with helpful messages.
# --------------------------------------------------------------------------


def _suggest(bad: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(bad, valid, n=_SUGGESTIONS, cutoff=0.5)
    shown = close or valid[:_SUGGESTIONS]
    label = "did you mean" if close else "valid values include"
    return f"{label}: {', '.join(shown)}"


def check_service(service: str) -> None:
    available = available_services()
    if service not in available:
        raise ValueError(f"unknown AWS service {service!r}; {_suggest(service, available)}")


def _operations(client: BaseClient) -> dict[str, str]:
    """Operation name -> client method name, for operations botocore exposes.

    Botocore removes a few operations it cannot run (bidirectional streams)
    from the client class, so the mapping alone is not enough.
    """
    return {
        api: method for method, api in client.meta.method_to_api_mapping.items() if hasattr(client, method)
    }


def _default_operation(service: str, client: BaseClient) -> str:
    name = _default_operations.get(service)
    if name is None:
        model = client.meta.service_model
        supported = _operations(client)
        names = [op for op in model.operation_names if op in supported]
        name = names[0]
        for candidate in names:
            input_shape = model.operation_model(candidate).input_shape
            if input_shape is None or not input_shape.required_members:
                name = candidate
                break
        _default_operations[service] = name
    return name


def resolve_operation(service: str, client: BaseClient, operation: str | None) -> str:
    """Return the AWS operation name for ``operation`` (AWS or snake name)."""
    if operation is None:
        return _default_operation(service, client)
    supported = _operations(client)
    if operation in supported:
        return operation
    by_method = {method: api for api, method in supported.items()}
    if operation in by_method:
        return by_method[operation]
    if operation in client.meta.service_model.operation_names:
        raise ValueError(
            f"operation {operation!r} of service {service!r} cannot be called "
            "through a botocore client (botocore does not support it)"
        )
    raise ValueError(
        f"unknown operation {operation!r} for service {service!r}; "
        f"{_suggest(operation, sorted(supported) + sorted(by_method))}"
    )


def _check_text(what: str, value: object, *, code_like: bool) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be a str, got {type(value).__name__}")
    if code_like and (not value or _BAD_CODE_CHARS.search(value)):
        raise ValueError(f"{what} {value!r} must be non-empty, without whitespace, ':', '#' or ';'")
    if _BAD_TEXT_CHARS.search(value):
        raise ValueError(f"{what} {value!r} contains control characters AWS cannot send")
    return value


def is_head(op_model: OperationModel) -> bool:
    return str(op_model.http.get("method", "")).upper() == "HEAD"


def protocol_of(model: ServiceModel) -> str:
    """The wire protocol botocore's client speaks for the service.

    ``resolved_protocol`` where botocore has it; older botocores (1.34.0) have no
    such property and their clients speak ``metadata["protocol"]``.
    """
    resolved = getattr(model, "resolved_protocol", None)
    if resolved is None:
        resolved = model.metadata.get("protocol") or model.metadata["protocols"][0]
    return str(resolved)


def _check_status(http_status: object) -> int:
    if isinstance(http_status, bool) or not isinstance(http_status, int):
        raise ValueError(f"http_status must be an int, got {http_status!r}")
    if not 301 <= http_status <= 599:
        raise ValueError(
            f"http_status {http_status} is not an error status; botocore treats only 301-599 as errors"
        )
    return http_status


# --------------------------------------------------------------------------
# Minimal valid input parameters, from the operation's input shape.
# --------------------------------------------------------------------------


def _minimal_value(shape: Shape, member_name: str, service: str, depth: int) -> Any:
    type_name = shape.type_name
    if isinstance(shape, StructureShape):
        if shape.is_document_type or depth > _MAX_SHAPE_DEPTH:
            return {}
        members = shape.members
        if shape.is_tagged_union:
            name = next(iter(members))
            return {name: _minimal_value(members[name], name, service, depth + 1)}
        return {
            name: _minimal_value(members[name], name, service, depth + 1) for name in shape.required_members
        }
    if isinstance(shape, ListShape):
        count = int(shape.metadata.get("min", 0))
        return [_minimal_value(shape.member, member_name, service, depth + 1) for _ in range(count)]
    if type_name == "map":
        return {}
    if type_name == "string":
        enum = shape.metadata.get("enum")
        if enum:
            return str(enum[0])
        special = _SPECIAL_STRINGS.get((service, member_name))
        if special is not None:
            return special
        return "x" * max(1, int(shape.metadata.get("min", 1)))
    if type_name in ("integer", "long"):
        value = int(shape.metadata.get("min", 1))
        return min(value, int(shape.metadata.get("max", value)))
    if type_name in ("float", "double"):
        value_f = float(shape.metadata.get("min", 1.0))
        return min(value_f, float(shape.metadata.get("max", value_f)))
    if type_name == "boolean":
        return False
    if type_name == "blob":
        return b"x" * max(1, int(shape.metadata.get("min", 1)))
    if type_name == "timestamp":
        return _FIXED_TIMESTAMP
    return "x"


def _minimal_params(op_model: OperationModel, service: str) -> dict[str, Any]:
    input_shape = op_model.input_shape
    if input_shape is None:
        return {}
    params: dict[str, Any] = _minimal_value(input_shape, "", service, 0)
    return params


# --------------------------------------------------------------------------
# Wire formats, one per protocol (see botocore/parsers.py).
# --------------------------------------------------------------------------


def _fault(status: int) -> str:
    return "Receiver" if status >= 500 else "Sender"


def _message_key(model: ServiceModel, code: str) -> str:
    """The JSON key the modeled error uses for its message, else ``message``."""
    for error_shape in model.error_shapes:
        if isinstance(error_shape, StructureShape) and error_shape.error_code == code:
            for name, member in error_shape.members.items():
                if name.lower() == "message":
                    return str(member.serialization.get("name", name))
    return "message"


def _xml(root: ET.Element) -> bytes:
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + document


def _sub(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, tag)
    child.text = text
    return child


def _error_response_xml(model: ServiceModel, code: str, message: str, status: int, request_id: str) -> bytes:
    namespace = model.metadata.get("xmlNamespace")
    attrs = {"xmlns": namespace} if isinstance(namespace, str) else {}
    root = ET.Element("ErrorResponse", attrs)
    error = ET.SubElement(root, "Error")
    _sub(error, "Type", _fault(status))
    _sub(error, "Code", code)
    _sub(error, "Message", message)
    _sub(root, "RequestId", request_id)
    return _xml(root)


def _cbor_head(major: int, length: int) -> bytes:
    if length < 24:
        return bytes([major << 5 | length])
    if length < 0x100:
        return bytes([major << 5 | 24, length])
    if length < 0x10000:
        return bytes([major << 5 | 25]) + struct.pack(">H", length)
    if length < 0x100000000:
        return bytes([major << 5 | 26]) + struct.pack(">I", length)
    return bytes([major << 5 | 27]) + struct.pack(">Q", length)


def _cbor_text_map(values: dict[str, str]) -> bytes:
    """CBOR-encode a map of text strings (all that an error body needs)."""
    out = bytearray(_cbor_head(5, len(values)))
    for key, value in values.items():
        for text in (key, value):
            encoded = text.encode("utf-8")
            out += _cbor_head(3, len(encoded)) + encoded
    return bytes(out)


def _wire_response(
    op_model: OperationModel,
    *,
    code: str,
    message: str,
    status: int,
    request_id: str,
    query_code: str | None,
) -> _WireResponse:
    model = op_model.service_model
    protocol = protocol_of(model)
    headers: dict[str, str] = {}
    body: bytes
    if protocol in ("json", "rest-json", "smithy-rpc-v2-cbor"):
        headers["x-amzn-RequestId"] = request_id
        if query_code is not None:
            headers["x-amzn-query-error"] = f"{query_code};{_fault(status)}"
        type_id = f"com.amazonaws.{model.endpoint_prefix}#{code}"
        message_key = _message_key(model, code)
        if protocol == "json":
            json_version = model.metadata.get("jsonVersion", "1.0")
            headers["Content-Type"] = f"application/x-amz-json-{json_version}"
            body = json.dumps({"__type": type_id, message_key: message}).encode("utf-8")
        elif protocol == "rest-json":
            headers["Content-Type"] = "application/json"
            headers["x-amzn-ErrorType"] = code
            body = json.dumps({message_key: message}).encode("utf-8")
        else:
            headers["Content-Type"] = "application/cbor"
            headers["smithy-protocol"] = "rpc-v2-cbor"
            body = _cbor_text_map({"__type": type_id, message_key: message})
    elif protocol == "query":
        headers["Content-Type"] = "text/xml"
        headers["x-amzn-RequestId"] = request_id
        body = _error_response_xml(model, code, message, status, request_id)
    elif protocol == "ec2":
        headers["Content-Type"] = "text/xml;charset=UTF-8"
        root = ET.Element("Response")
        error = ET.SubElement(ET.SubElement(root, "Errors"), "Error")
        _sub(error, "Code", code)
        _sub(error, "Message", message)
        _sub(root, "RequestID", request_id)
        body = _xml(root)
    elif protocol == "rest-xml":
        headers["Content-Type"] = "application/xml"
        if model.service_name == "s3":
            host_id = base64.b64encode(request_id.encode("utf-8")).decode("ascii")
            headers["x-amz-request-id"] = request_id
            headers["x-amz-id-2"] = host_id
            # Real S3 names the bucket's region; without it botocore's region
            # redirector would HEAD the bucket on 301s, answered by us again.
            headers["x-amz-bucket-region"] = "us-east-1"
            root = ET.Element("Error")
            _sub(root, "Code", code)
            _sub(root, "Message", message)
            _sub(root, "RequestId", request_id)
            _sub(root, "HostId", host_id)
            body = _xml(root)
        else:
            headers["x-amzn-RequestId"] = request_id
            body = _error_response_xml(model, code, message, status, request_id)
    else:
        raise NotImplementedError(
            f"awserrors.testing cannot build error responses for the {protocol!r} "
            f"protocol (service {model.service_name!r})"
        )
    if is_head(op_model):
        # HEAD responses have no body; only headers can carry information.
        body = b""
        headers.pop("Content-Type", None)
    headers["Content-Length"] = str(len(body))
    return _WireResponse(status=status, headers=headers, body=body)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------


def make_client_error(
    code: str,
    *,
    message: str | None = None,
    http_status: int | None = None,
    operation: str | None = None,
    service: str | None = None,
    query_code: str | None = None,
    request_id: str | None = None,
) -> ClientError:
    """Return the ``ClientError`` botocore raises when AWS answers with ``code``.

    Args:
        code: The error code the service sends, e.g. ``"ThrottlingException"``.
        message: The error message; defaults to ``"Simulated <code> error"``.
        http_status: HTTP status of the answer (301-599); defaults to the
            status AWS sends the code with (:func:`aws_status`: the model's,
            the documented one, the category's, else 400).
        operation: Operation that failed, as ``"GetItem"`` or ``"get_item"``.
            Defaults to an operation of the service that needs no parameters
            (or its first operation).
        service: Botocore service name such as ``"dynamodb"`` or ``"s3"``;
            defaults to ``"sts"``.
        query_code: For query-compatible JSON services (SQS, CloudWatch) only:
            the legacy Query error code, sent in the ``x-amzn-query-error``
            header. Botocore then reports it as ``Error.Code`` and puts
            ``code`` in ``Error.QueryErrorCode``.
        request_id: Request id the service reports; defaults to a new one.

    Returns:
        The exception (not raised), an instance of the modeled subclass when
        the service models ``code``.

    Raises:
        ValueError: For an unknown service or operation, a non-error status,
            or a code or message the wire formats cannot carry.
        RuntimeError: If botocore cannot make the call at all, e.g. an
            operation that needs SigV4a signing without ``awscrt`` installed.
    """
    answer = prepare(
        code,
        message=message,
        http_status=http_status,
        operation=operation,
        service=service,
        query_code=query_code,
        request_id=request_id,
    )
    return fail(answer)


def fail(answer: Answer) -> ClientError:
    """The ``ClientError`` botocore raises when the kit's client gets ``answer`` (not raised)."""
    method = getattr(answer.client, _operations(answer.client)[answer.operation])
    op_model = answer.client.meta.service_model.operation_model(answer.operation)
    params = _minimal_params(op_model, answer.service)
    with answering(answer):
        try:
            method(**params)
        except ClientError as error:
            return error
        except Exception as error:
            raise RuntimeError(
                f"botocore could not simulate {answer.service}.{answer.operation}: {error}"
            ) from error
    raise RuntimeError(
        f"botocore did not raise a ClientError for {answer.service}.{answer.operation} "
        f"with status {answer.http_status}"
    )


@dataclass(frozen=True)
class Answer:
    """A canned error answer, ready for the kit's real client of ``service`` to receive."""

    client: BaseClient
    service: str
    operation: str  # the AWS operation name
    code: str
    http_status: int
    call: _PendingCall


def prepare(
    code: str,
    *,
    message: str | None = None,
    http_status: int | None = None,
    operation: str | None = None,
    service: str | None = None,
    query_code: str | None = None,
    request_id: str | None = None,
) -> Answer:
    """Check make_client_error's arguments and build the wire answer (see there)."""
    service_name = _DEFAULT_SERVICE if service is None else service
    if not isinstance(service_name, str):
        raise ValueError(f"service must be a str, got {type(service_name).__name__}")
    _check_text("code", code, code_like=True)
    if message is not None:
        _check_text("message", message, code_like=False)
    if query_code is not None:
        _check_text("query_code", query_code, code_like=True)
    if request_id is not None:
        _check_text("request_id", request_id, code_like=True)
    if operation is not None and not isinstance(operation, str):
        raise ValueError(f"operation must be a str, got {type(operation).__name__}")
    check_service(service_name)

    client = client_for(service_name)
    model = client.meta.service_model
    operation_name = resolve_operation(service_name, client, operation)
    op_model = model.operation_model(operation_name)
    if query_code is not None and model.metadata.get("awsQueryCompatible") is None:
        raise ValueError(
            f"query_code only applies to query-compatible services (such as sqs); {service_name!r} is not one"
        )
    if http_status is None:
        head_status = is_head(op_model) and code.isascii() and code.isdigit()
        status = int(code) if head_status else aws_status(service_name, code)
    else:
        status = http_status
    status = _check_status(status)
    if request_id is None:
        request_id = uuid.uuid4().hex[:16].upper() if service_name == "s3" else str(uuid.uuid4())

    wire = _wire_response(
        op_model,
        code=code,
        message=f"Simulated {code} error" if message is None else message,
        status=status,
        request_id=request_id,
        query_code=query_code,
    )
    _block_retries(service_name, client, operation_name)
    return Answer(client, service_name, operation_name, code, status, _PendingCall(operation_name, wire))


@contextmanager
def answering(answer: Answer) -> Iterator[BaseClient]:
    """While inside, every call this thread makes through ``answer.client`` gets the answer."""
    previous = _pending.call
    _pending.call = answer.call
    try:
        yield answer.client
    finally:
        _pending.call = previous
