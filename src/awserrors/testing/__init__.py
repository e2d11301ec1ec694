"""Real botocore ``ClientError`` objects for your tests, without touching AWS.

This package is awserrors' testing kit (docs/testing.md).  Importing it imports
neither hypothesis nor pytest:

* :func:`make_client_error` (here): the exception botocore raises for an error code;
* :mod:`awserrors.testing.strategies`: hypothesis strategies of real and of
  malformed ``ClientError`` objects, each real one with the class a taxonomy must
  turn it into (imports hypothesis);
* :mod:`awserrors.testing.assertions`: ``assert_covers`` (a taxonomy maps every error
  code of a service) and ``assert_maps`` (every mapping works on real errors);
* a pytest plugin (fixtures ``aws_taxonomy``, ``make_client_error``, ``assert_covers``,
  ``assert_maps``) and a hypothesis plugin (``st.from_type(ClientError)``), both
  registered through entry points.

When you test code that handles AWS failures (retrying on throttling, treating
``ResourceNotFoundException`` as "missing", reading the request id for a log
line), you need exceptions that look exactly like the ones boto3 raises in
production. Hand-written ``ClientError({"Error": {...}}, "Op")`` objects drift
from reality: the response dict lacks ``ResponseMetadata``, S3 HEAD requests
give ``"404"`` rather than ``"NoSuchKey"``, SQS fills ``QueryErrorCode``, and
modeled errors are subclasses such as ``ResourceNotFoundException``.

``make_client_error`` gives you the real thing. It builds a botocore client
for the service (fake credentials, no network), answers the call with the
error response exactly as the service sends it on the wire (XML for
query/ec2/rest-xml services, JSON for json/rest-json ones, CBOR for
smithy-rpc-v2-cbor) and returns the exception botocore raised while parsing
it::

    from awserrors.testing import make_client_error

    err = make_client_error("ResourceNotFoundException", service="dynamodb", operation="get_item")
    err.response["Error"]["Code"]                  # "ResourceNotFoundException"
    err.response["ResponseMetadata"]["RequestId"]  # a fresh uuid4
    err.operation_name                             # "GetItem"
    type(err).__name__                             # "ResourceNotFoundException"

    mock_table.get_item.side_effect = make_client_error(
        "ProvisionedThroughputExceededException",
        service="dynamodb",
        operation="GetItem",
    )

Things worth knowing:

* Modeled errors come back as the modeled subclass (for example
  ``ResourceNotFoundException``). Botocore creates those classes per botocore
  session, so ``except your_boto3_client.exceptions.ResourceNotFoundException``
  will *not* catch an error made here; ``except ClientError`` plus a check of
  ``err.response["Error"]["Code"]`` does, and so does a check of the class
  name.
* HEAD requests get no body. S3 (``head_object``, ``head_bucket``) then only
  has the status, so botocore reports code ``"404"`` and message
  ``"Not Found"`` for a 404 whatever ``code`` and ``message`` you gave. Give a
  numeric ``code`` such as ``"404"`` and no ``http_status`` to set the status.
* The status defaults to the one AWS sends the code with (:func:`aws_status`):
  the status the installed botocore models for the error shape, else the one
  awserrors' tables document (S3's ``NoSuchKey``: 404, ``SlowDown``: 503), else
  the status of the code's category (``...NotFound...``: 404), else 400.
* The client makes a single attempt. Errors botocore would retry (throttling,
  5xx) therefore come back at once and, like those of a client that has used
  up its attempts, carry ``ResponseMetadata["MaxAttemptsReached"]`` and say
  ``(reached max retries: 0)`` in ``str(err)``. Nor does it retry endpoint
  discovery's ``InvalidEndpointException`` (the canned answer would come back
  forever) or, on botocore 1.43.3 and newer, follow S3's region redirects. Older
  botocore lets no handler veto that redirect: it retries once, gets the same
  answer and reports ``RetryAttempts`` 1.
* In XML protocols an empty ``message`` comes back as ``None``.
* For query-compatible JSON services (SQS, CloudWatch) pass
  ``query_code=``: the service then also sends its old Query error code and
  botocore reports it as ``Error.Code`` while ``Error.QueryErrorCode`` holds
  ``code``, exactly as with the real service.
"""

from __future__ import annotations

from awserrors.testing._transport import aws_status, make_client_error

__all__ = ["aws_status", "make_client_error"]
