"""A tiny scripted AWS stand-in on 127.0.0.1, for the demo and the tests.

:class:`Loopback` is an HTTP server on an ephemeral port of 127.0.0.1, serving
in a daemon thread.  It answers each request with the next :class:`Answer` of
its script (status, headers, body) and records every request; a request the
script has no answer left for gets a plain 599 and is counted in
``unscripted``, so a test can fail on it.  It stops when its ``with`` block
ends.  The answer builders below write the error bodies the way each AWS wire
protocol sends them (``json``, ``query``, ``ec2``, ``rest-xml``, ``rest-json``,
and SQS's query-compatible JSON), and botocore's own parsers read them: a real
boto3 client pointed at :attr:`Loopback.url` raises exactly what it would raise
against AWS.

:data:`CASES` is one failing call per protocol, with the answers for a
not-found style error, a throttle, a 500 and a non-retryable 400.

The demo (``examples/demo.py``) and the tests (``tests/loopback.py`` puts this
folder on ``sys.path``) share this one copy.
"""

from __future__ import annotations

import base64
import collections
import json
import os
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

#: The fake credentials every loopback client signs with.
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"
#: The status a request gets when the script has no answer left.
UNSCRIPTED_STATUS = 599


# --- answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One scripted HTTP answer."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def with_headers(self, **headers: str) -> Answer:
        """This answer with more headers (``Retry_After="2"`` sends ``Retry-After: 2``)."""
        extra = {name.replace("_", "-"): value for name, value in headers.items()}
        return Answer(self.status, {**self.headers, **extra}, self.body)


def _request_id() -> str:
    return str(uuid.uuid4())


def json_error(
    code: str,
    message: str,
    *,
    status: int = 400,
    json_version: str = "1.0",
    type_prefix: str = "",
    query_error: str | None = None,
) -> Answer:
    """AWS JSON protocol (DynamoDB, CloudWatch Logs, SQS): ``{"__type": ..., "message": ...}``.

    ``type_prefix`` is the service's ``namespace#`` (DynamoDB sends
    ``com.amazonaws.dynamodb.v20120810#ResourceNotFoundException``); ``query_error``
    is the ``x-amzn-query-error`` header of query-compatible services (SQS), its
    old Query code and fault, e.g. ``AWS.SimpleQueueService.NonExistentQueue;Sender``.
    """
    headers = {
        "Content-Type": f"application/x-amz-json-{json_version}",
        "x-amzn-RequestId": _request_id(),
    }
    if query_error is not None:
        headers["x-amzn-query-error"] = query_error
    body = json.dumps({"__type": type_prefix + code, "message": message}).encode()
    return Answer(status, headers, body)


def json_ok(document: Mapping[str, Any], *, json_version: str = "1.0") -> Answer:
    """A successful AWS JSON protocol answer."""
    headers = {"Content-Type": f"application/x-amz-json-{json_version}", "x-amzn-RequestId": _request_id()}
    return Answer(200, headers, json.dumps(document).encode())


def query_error(code: str, message: str, *, namespace: str, status: int = 400) -> Answer:
    """AWS Query protocol (STS, IAM): an ``<ErrorResponse>`` document."""
    request_id = _request_id()
    fault = "Receiver" if status >= 500 else "Sender"
    body = (
        f'<ErrorResponse xmlns="{namespace}">\n'
        f"  <Error>\n    <Type>{fault}</Type>\n    <Code>{escape(code)}</Code>\n"
        f"    <Message>{escape(message)}</Message>\n  </Error>\n"
        f"  <RequestId>{request_id}</RequestId>\n</ErrorResponse>\n"
    ).encode()
    return Answer(status, {"Content-Type": "text/xml", "x-amzn-RequestId": request_id}, body)


def ec2_error(code: str, message: str, *, status: int = 400) -> Answer:
    """EC2 protocol: ``<Response><Errors><Error>`` with ``RequestID``."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Response><Errors><Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
        f"</Error></Errors><RequestID>{_request_id()}</RequestID></Response>"
    ).encode()
    return Answer(status, {"Content-Type": "text/xml;charset=UTF-8", "Server": "AmazonEC2"}, body)


def s3_error(code: str, message: str, *, status: int, head: bool = False, **fields: str) -> Answer:
    """S3 (REST-XML): an ``<Error>`` document; ``head=True`` sends the headers only.

    A HEAD request's answer has no body, so botocore knows only the status and
    reports it as the code (``"404"``).  ``fields`` add elements (``Key="k"``).
    """
    request_id = uuid.uuid4().hex[:16].upper()
    host_id = base64.b64encode(os.urandom(32)).decode()
    headers = {
        "Content-Type": "application/xml",
        "x-amz-request-id": request_id,
        "x-amz-id-2": host_id,
        # Real S3 names the bucket's region; without it botocore's S3 region
        # redirector answers a 400 to HEAD with a HEAD of the bucket to find it.
        "x-amz-bucket-region": "us-east-1",
        "Server": "AmazonS3",
    }
    if head:
        return Answer(status, headers)
    extra = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in fields.items())
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{escape(code)}</Code><Message>{escape(message)}</Message>{extra}"
        f"<RequestId>{request_id}</RequestId><HostId>{host_id}</HostId></Error>"
    ).encode()
    return Answer(status, headers, body)


def rest_json_error(code: str, message: str, *, status: int, **fields: str) -> Answer:
    """REST-JSON (Lambda): the code in ``x-amzn-ErrorType``, a JSON body."""
    headers = {
        "Content-Type": "application/json",
        "x-amzn-RequestId": _request_id(),
        "x-amzn-ErrorType": f"{code}:http://internal.amazon.com/coral/com.amazonaws.awslambda/",
    }
    body = json.dumps({"Type": "User" if status < 500 else "Service", "Message": message, **fields}).encode()
    return Answer(status, headers, body)


# --- the server --------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """One request the server received."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    # HTTP/1.0: one request per connection, so no handler thread outlives its answer.
    protocol_version = "HTTP/1.0"

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(self.command, self.path, dict(self.headers.items()), body)
        answer = self.server.loopback._next(request)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if self.command != "HEAD":
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    loopback: Loopback


class Loopback:
    """A scripted HTTP server on 127.0.0.1; use it as a context manager.

    ``answer(*answers)`` appends to the script; every request takes the first
    answer left.  ``requests`` lists what arrived, ``count`` how many, and
    ``unscripted`` the requests that found the script empty (answered 599).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._script: collections.deque[Answer] = collections.deque()
        self.requests: list[Request] = []
        self.unscripted: list[Request] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> Loopback:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.loopback = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="loopback", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            assert self._thread is not None
            self._thread.join(timeout=5)
            self._server = self._thread = None

    def __enter__(self) -> Loopback:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "the server is not running"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # the script
    def answer(self, *answers: Answer) -> Loopback:
        with self._lock:
            self._script.extend(answers)
        return self

    def clear_script(self) -> int:
        """Drop the answers not used yet; returns how many there were."""
        with self._lock:
            left = len(self._script)
            self._script.clear()
        return left

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def _next(self, request: Request) -> Answer:
        with self._lock:
            self.requests.append(request)
            if self._script:
                return self._script.popleft()
            self.unscripted.append(request)
        return Answer(UNSCRIPTED_STATUS, {"Content-Type": "text/plain"}, b"loopback: no scripted answer left")


# --- clients -----------------------------------------------------------------------------


_loader: Any = None


def isolated_botocore_session() -> Any:
    """A botocore Session that reads no AWS config or credentials file and no AWS_PROFILE.

    Its sessions share one model loader, so a new session's first client does
    not parse the service's model again.
    """
    global _loader
    import botocore.loaders
    import botocore.session

    if _loader is None:
        _loader = botocore.loaders.create_loader()
    core = botocore.session.Session(
        session_vars={
            "profile": (None, None, None, None),
            "config_file": (None, None, os.devnull, None),
            "credentials_file": (None, None, os.devnull, None),
        }
    )
    core.register_component("data_loader", _loader)
    return core


def isolated_session() -> Any:
    """A boto3 Session around :func:`isolated_botocore_session`, with fake credentials."""
    import boto3

    session = boto3.Session(botocore_session=isolated_botocore_session(), region_name=REGION, **CREDENTIALS)
    # boto3 adds its own data folder to the (shared) loader's search path each time
    paths = session._loader.search_paths
    paths[:] = dict.fromkeys(paths)
    return session


def client_config(service: str, retries: Mapping[str, Any] | None = None) -> Any:
    """botocore Config for a loopback client: no retries unless asked, S3 path-style."""
    from botocore.config import Config

    return Config(
        retries=dict(retries) if retries is not None else {"total_max_attempts": 1},
        s3={"addressing_style": "path"} if service == "s3" else None,
        connect_timeout=5,
        read_timeout=10,
    )


def make_client(session: Any, service: str, url: str, retries: Mapping[str, Any] | None = None) -> Any:
    """A real client of a boto3 or botocore ``session`` talking to the loopback server at ``url``."""
    make = session.client if hasattr(session, "client") else session.create_client
    return make(
        service,
        region_name=REGION,
        endpoint_url=url,
        config=client_config(service, retries),
        **CREDENTIALS,
    )


# --- one failing call per protocol --------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A real call that fails, and how its service says so on the wire."""

    name: str
    service: str
    protocol: str
    method: str
    params: Mapping[str, Any]
    #: the error the demo and the tests show (a "not found" style one, mostly)
    error: Callable[[], Answer]
    #: the name botocore models it under (``client.exceptions.<name>``), or None
    modeled: str | None
    #: the awserrors class raised after install, a dotted path below ``awserrors``
    expected: str
    #: the category it falls under (an ``awserrors`` attribute)
    category: str
    throttle: Callable[[], Answer]
    server_error: Callable[[], Answer]
    bad_request: Callable[[], Answer]
    #: botocore's modeled class the error also derives from after install when the wire
    #: carries no code to name it (a HEAD answer: the operation's status names it), or None
    modeled_after_install: str | None = None

    @property
    def caught_as(self) -> str | None:
        """The ``client.exceptions.<name>`` that catches the error after install, if any."""
        return self.modeled or self.modeled_after_install

    def call(self, client: Any) -> Any:
        return getattr(client, self.method)(**self.params)


_DDB = "com.amazonaws.dynamodb.v20120810#"
_STS = "https://sts.amazonaws.com/doc/2011-06-15/"
_IAM = "https://iam.amazonaws.com/doc/2010-05-08/"
_SQS = "com.amazonaws.sqs#"

CASES: tuple[Case, ...] = (
    Case(
        "dynamodb-json", "dynamodb", "json", "get_item",
        {"TableName": "orders", "Key": {"id": {"S": "42"}}},
        lambda: json_error("ResourceNotFoundException", "Requested resource not found", type_prefix=_DDB),
        "ResourceNotFoundException", "services.dynamodb.ResourceNotFoundException", "NotFoundError",
        throttle=lambda: json_error(
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded.",
            type_prefix=_DDB,
        ),
        server_error=lambda: json_error(
            "InternalServerError", "Internal server error", status=500, type_prefix=_DDB
        ),
        bad_request=lambda: json_error(
            "ValidationException", "The provided key element does not match the schema", type_prefix=_DDB
        ),
    ),
    Case(
        "logs-json", "logs", "json", "get_log_events",
        {"logGroupName": "app", "logStreamName": "web"},
        lambda: json_error(
            "ResourceNotFoundException", "The specified log group does not exist.", json_version="1.1"
        ),
        "ResourceNotFoundException", "services.logs.ResourceNotFoundException", "NotFoundError",
        throttle=lambda: json_error("ThrottlingException", "Rate exceeded", json_version="1.1"),
        server_error=lambda: json_error(
            "ServiceUnavailableException", "The service cannot complete the request.", status=500,
            json_version="1.1",
        ),
        bad_request=lambda: json_error(
            "InvalidParameterException", "1 validation error detected", json_version="1.1"
        ),
    ),
    Case(
        "sts-query", "sts", "query", "get_caller_identity", {},
        lambda: query_error(
            "ExpiredToken", "The security token included in the request is expired", namespace=_STS
        ),
        None, "codes.ExpiredToken", "AuthenticationError",
        throttle=lambda: query_error("Throttling", "Rate exceeded", namespace=_STS),
        server_error=lambda: query_error(
            "InternalFailure", "An internal error occurred", namespace=_STS, status=500
        ),
        bad_request=lambda: query_error(
            "InvalidParameterValue", "The value supplied is not valid", namespace=_STS
        ),
    ),
    Case(
        "iam-query", "iam", "query", "get_user", {"UserName": "alice"},
        lambda: query_error(
            "NoSuchEntity", "The user with name alice cannot be found.", namespace=_IAM, status=404
        ),
        "NoSuchEntityException", "services.iam.NoSuchEntityException", "NotFoundError",
        throttle=lambda: query_error("Throttling", "Rate exceeded", namespace=_IAM),
        server_error=lambda: query_error(
            "ServiceFailure", "The request processing has failed", namespace=_IAM, status=500
        ),
        bad_request=lambda: query_error(
            "ValidationError", "1 validation error detected", namespace=_IAM
        ),
    ),
    Case(
        "ec2", "ec2", "ec2", "describe_instances", {"InstanceIds": ["i-0123456789abcdef0"]},
        lambda: ec2_error(
            "InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist"
        ),
        None, "services.ec2.InvalidInstanceID_NotFound", "NotFoundError",
        throttle=lambda: ec2_error("RequestLimitExceeded", "Request limit exceeded.", status=503),
        server_error=lambda: ec2_error(
            "InternalError", "An internal error has occurred", status=500
        ),
        bad_request=lambda: ec2_error(
            "InvalidParameterValue", "Value (x) for parameter instanceId is invalid."
        ),
    ),
    Case(
        "s3-rest-xml", "s3", "rest-xml", "get_object", {"Bucket": "bucket", "Key": "missing"},
        lambda: s3_error("NoSuchKey", "The specified key does not exist.", status=404, Key="missing"),
        "NoSuchKey", "services.s3.NoSuchKey", "NotFoundError",
        throttle=lambda: s3_error("SlowDown", "Please reduce your request rate.", status=503),
        server_error=lambda: s3_error(
            "InternalError", "We encountered an internal error. Please try again.", status=500
        ),
        bad_request=lambda: s3_error("InvalidArgument", "Invalid Argument", status=400),
    ),
    Case(
        "s3-head", "s3", "rest-xml", "head_object", {"Bucket": "bucket", "Key": "missing"},
        lambda: s3_error("NoSuchKey", "", status=404, head=True),
        None, "services.s3.NoSuchKey", "NotFoundError",
        throttle=lambda: s3_error("SlowDown", "", status=503, head=True),
        server_error=lambda: s3_error("InternalError", "", status=500, head=True),
        bad_request=lambda: s3_error("BadRequest", "", status=400, head=True),
        modeled_after_install="NoSuchKey",
    ),
    Case(
        "lambda-rest-json", "lambda", "rest-json", "get_function", {"FunctionName": "missing"},
        lambda: rest_json_error(
            "ResourceNotFoundException",
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing",
            status=404,
        ),
        "ResourceNotFoundException", "services.lambda_.ResourceNotFoundException", "NotFoundError",
        throttle=lambda: rest_json_error(
            "TooManyRequestsException", "Rate exceeded", status=429, Reason="CallerRateLimitExceeded"
        ),
        server_error=lambda: rest_json_error("ServiceException", "Internal failure", status=500),
        bad_request=lambda: rest_json_error(
            "InvalidParameterValueException", "Invalid function name", status=400
        ),
    ),
    Case(
        "sqs-query-compatible", "sqs", "json", "get_queue_url", {"QueueName": "missing"},
        lambda: json_error(
            "QueueDoesNotExist", "The specified queue does not exist.", type_prefix=_SQS,
            query_error="AWS.SimpleQueueService.NonExistentQueue;Sender",
        ),
        "QueueDoesNotExist", "services.sqs.QueueDoesNotExist", "NotFoundError",
        throttle=lambda: json_error(
            "RequestThrottled", "Request is throttled.", type_prefix=_SQS,
            query_error="RequestThrottled;Sender",
        ),
        server_error=lambda: json_error(
            "InternalFailure", "The request processing has failed.", status=500, type_prefix=_SQS,
            query_error="InternalFailure;Receiver",
        ),
        bad_request=lambda: json_error(
            "InvalidAddress", "The address is not valid for this endpoint.", type_prefix=_SQS,
            query_error="InvalidAddress;Sender",
        ),
    ),
)


def case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def resolve(dotted: str) -> type:
    """``"services.s3.NoSuchKey"`` -> ``awserrors.services.s3.NoSuchKey``."""
    import importlib

    module, _, name = f"awserrors.{dotted}".rpartition(".")
    cls: type = getattr(importlib.import_module(module), name)
    return cls
