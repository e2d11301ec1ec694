"""awserrors' demo: real boto3 clients, before and after ``awserrors.install(session)``.

The demo starts a tiny HTTP server on 127.0.0.1 (``examples/_loopback.py``) that
answers each call the way the AWS service does when the call fails: the same
status, headers and wire-format body (JSON, query XML, EC2 XML, S3 XML, or no
body at all for a HEAD request, REST-JSON, SQS's query-compatible JSON).  Real
boto3 clients, pointed at it with ``endpoint_url``, send real requests and
botocore's own parsers read the answers.  Each call is made twice: by a client
created before ``awserrors.install(session)`` and by one created after.

Then the two other shipped taxonomies, on errors built by ``awserrors.testing``.
"""

from __future__ import annotations

from typing import Any

from _loopback import CASES, Loopback, case, isolated_session, make_client
from botocore.exceptions import ClientError

import awserrors
from awserrors.taxonomies import devops_agent, ec2_client
from awserrors.testing import make_client_error

SHOWN = (
    "dynamodb-json", "s3-rest-xml", "s3-head", "sqs-query-compatible", "sts-query", "ec2", "lambda-rest-json",
)


def name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def category(cls: type) -> str:
    """The AWS-wide category a class sits under (an attribute of the awserrors module)."""
    return next(c.__qualname__ for c in cls.__mro__ if c.__module__ == "awserrors")


def raised(call: Any) -> ClientError:
    try:
        call()
    except ClientError as error:
        return error
    raise AssertionError("the call did not fail")


def catches(clause: type[BaseException], error: BaseException) -> bool:
    """Whether ``except clause`` catches ``error`` (the same object) when it is raised."""
    try:
        raise error
    except clause as caught:
        return caught is error
    except BaseException:
        return False


def installed_clients(server: Loopback) -> None:
    print("Real boto3 clients against AWS-shaped answers, before and after awserrors.install(session)\n")
    for c in (case(n) for n in SHOWN):
        session = isolated_session()
        before = make_client(session, c.service, server.url)
        awserrors.install(session)
        after = make_client(session, c.service, server.url)
        answer = c.error()
        server.answer(answer, answer)
        theirs = raised(lambda client=before, c=c: c.call(client))
        ours = raised(lambda client=after, c=c: c.call(client))

        clauses = {"ClientError": ClientError}
        if c.caught_as is not None:
            clauses[f"client.exceptions.{c.caught_as}"] = getattr(after.exceptions, c.caught_as)
        clauses[f"awserrors.{category(type(ours))}"] = getattr(awserrors, category(type(ours)))
        caught = [f"except {text}" for text, clause in clauses.items() if catches(clause, ours)]
        operation = theirs.operation_name
        print(f"{c.service}.{c.method}()  [{c.protocol}, {operation}]")
        print(f"  wire code       {theirs.response['Error']['Code']!r}, HTTP {answer.status}")
        print(f"  before install  {name(type(theirs))}")
        also = f" (and botocore's {c.caught_as})" if c.caught_as else ""
        print(f"  after install   {name(type(ours))}{also}")
        print(
            f"  category        awserrors.{category(type(ours))}   retryable={awserrors.is_retryable(ours)}"
            f"  throttling={awserrors.is_throttling(ours)}"
        )
        print(f"  caught by       {', '.join(caught)}  (the same exception object)")
        assert ours.response["Error"] == theirs.response["Error"]
        print()

    lam = case("lambda-rest-json")
    session = isolated_session()
    awserrors.install(session)
    client = make_client(session, lam.service, server.url)
    server.answer(lam.throttle().with_headers(Retry_After="2"))
    throttled = raised(lambda: lam.call(client))
    print("lambda.get_function() throttled: HTTP 429 with Retry-After: 2 (botocore's retries off here)")
    print(f"  after install   {name(type(throttled))}")
    print(
        f"  category        awserrors.{category(type(throttled))}"
        f"   retryable={awserrors.is_retryable(throttled)}  throttling={awserrors.is_throttling(throttled)}"
    )
    print(f"  retry_after     awserrors.retry_after(error) = {awserrors.retry_after(throttled)} seconds")
    print()


def network_failure() -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    client = make_client(isolated_session(), "dynamodb", closed)
    c = case("dynamodb-json")
    print("Without installing: awserrors.translated() around a call to a port nobody listens on\n")
    try:
        with awserrors.translated():
            c.call(client)
    except awserrors.NetworkError as error:
        print(
            f"  {type(error.__cause__).__name__} -> {name(type(error))}"
            f" (retryable={awserrors.is_retryable(error)}, __cause__ is botocore's error)"
        )
    print()


def other_taxonomies() -> None:
    print("The EC2 client taxonomy: _parse_aws_error(error, operation)\n")
    for code, operation, wrapper in [
        ("InvalidInstanceID.NotFound", "StartInstances", "start_instance"),
        ("InsufficientInstanceCapacity", "RunInstances", "create_instance"),
        ("Unsupported", "RunInstances", "create_instance"),
        ("IncorrectInstanceState", "StopInstances", "stop_instance"),
        ("TagLimitExceeded", "CreateTags", "add_tags"),
        ("MysteryError", "DescribeVpcs", "list_vpcs"),
    ]:
        error = make_client_error(code, service="ec2", operation=operation)
        parsed = ec2_client._parse_aws_error(error, wrapper)
        print(
            f"  {code:30} in {wrapper:16} -> {type(parsed).__qualname__:30} "
            f"retryable={parsed.retryable!s:5}  str: {str(parsed)[:60]}"
        )

    print("\nThe DevOps Agent API taxonomy: handle_client_error(error)\n")
    for code, status in [
        ("ValidationException", 400),
        ("SomethingNew", 403),
        ("SomethingNew", 429),
        ("SomethingNew", 503),
    ]:
        error = make_client_error(code, service="lambda", operation="Invoke", http_status=status)
        converted = devops_agent.handle_client_error(error)
        umbrellas = [
            u.__name__
            for u in (
                devops_agent.DevOpsAgentAPIError,
                devops_agent.DevOpsAgentAuthError,
                devops_agent.DevOpsAgentValidationError,
            )
            if isinstance(converted, u)
        ]
        print(
            f"  {code:20} HTTP {status} -> {type(converted).__qualname__:28} caught by {', '.join(umbrellas)}"
            f"; e.code={converted.code!r} e.status_code={converted.status_code}"
        )


def main() -> None:
    assert all(n in {c.name for c in CASES} for n in SHOWN)
    with Loopback() as server:
        installed_clients(server)
        assert not server.unscripted
    network_failure()
    other_taxonomies()


if __name__ == "__main__":
    main()
