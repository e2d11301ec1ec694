"""Work that fails in another process, for tests/test_engines.py: a boto3 call to the loopback
server, its error raised as a taxonomy class (the functions must be importable by name there)."""

from __future__ import annotations

from typing import Any


def get_object(url: str) -> Any:
    """``s3.get_object`` against the loopback server at ``url``, inside ``awserrors.translated()``."""
    import boto3
    from botocore.config import Config

    import awserrors

    s3 = boto3.client(
        "s3",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}),
    )
    with awserrors.translated():
        return s3.get_object(Bucket="orders", Key="missing.json")
