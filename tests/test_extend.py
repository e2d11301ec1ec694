"""Users' own taxonomies: generated modules, extensions of shipped taxonomies, pickling."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

import awserrors
from awserrors.taxonomies import ec2_client

EXTENSION = """\
    taxonomy: myapp_ec2
    extends: awserrors.taxonomies.ec2_client
    classes:
      VpcMissing:
        parent: EC2InvalidParameterException
        doc: The VPC does not exist.
        codes: [InvalidVpcID.NotFound]
      EC2InstanceNotFoundException:
        codes: [InvalidInstanceID.Malformed]
      Throttled:
        parent: EC2Exception
        doc: EC2 asks us to slow down.
        retryable: true
        throttling: true
        codes: [RequestLimitExceeded]
"""


def error(code: str, operation: str = "DescribeInstances") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "m"}}, operation)  # type: ignore[typeddict-item]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user package ``myapp`` with ``myapp/errors.py`` generated from ``errors.yaml``."""
    root = tmp_path / "site"
    (root / "myapp").mkdir(parents=True)
    (root / "myapp" / "__init__.py").write_text("")
    (root / "myapp" / "errors.yaml").write_text(textwrap.dedent(EXTENSION))
    (root / "myapp" / "errors.py").write_text(
        '"""My app\'s AWS errors."""\nimport awserrors\n\n'
        'awserrors.generate_module(__name__, "errors.yaml")\n'
    )
    monkeypatch.syspath_prepend(str(root))
    yield root
    for name in [n for n in sys.modules if n == "myapp" or n.startswith("myapp.")]:
        del sys.modules[name]


def test_a_user_module_becomes_a_generated_one(package: Path) -> None:
    import myapp.errors  # type: ignore[import-not-found]
    from myapp.errors import VpcMissing  # type: ignore[import-not-found]

    assert "myapp.errors" == VpcMissing.__module__
    assert "VpcMissing" in dir(myapp.errors)
    assert "VpcMissing" in myapp.errors.__all__
    assert issubclass(VpcMissing, ec2_client.EC2InvalidParameterException)
    assert VpcMissing is type(myapp.errors.handle_client_error(error("InvalidVpcID.NotFound")))


def test_an_extension_adds_codes_to_shipped_classes_and_repoints_codes(package: Path) -> None:
    import myapp.errors  # type: ignore[import-not-found]

    # A shipped class reopened: same object, one more code.
    assert ec2_client.EC2InstanceNotFoundException is myapp.errors.EC2InstanceNotFoundException
    converted = myapp.errors.handle_client_error(error("InvalidInstanceID.Malformed"))
    assert ec2_client.EC2InstanceNotFoundException is type(converted)
    # Re-pointed: RequestLimitExceeded now lands on Throttled; the shipped module is unchanged.
    assert myapp.errors.Throttled is type(myapp.errors.handle_client_error(error("RequestLimitExceeded")))
    shipped = ec2_client.handle_client_error(error("RequestLimitExceeded"))
    assert ec2_client.EC2QuotaExceededException is type(shipped)
    # Everything else of the shipped taxonomy still applies, and its root stays the root.
    assert ec2_client.EC2TagOperationException is type(myapp.errors._parse_aws_error(error("X"), "add_tags"))
    assert ec2_client.IntegrationException is type(myapp.errors.handle_client_error(error("X")))


def test_user_classes_pickle_into_a_fresh_process(package: Path) -> None:
    import myapp.errors  # type: ignore[import-not-found]

    converted = myapp.errors.handle_client_error(error("InvalidVpcID.NotFound"))
    script = (
        "import pickle, sys\n"
        "e = pickle.loads(sys.stdin.buffer.read())\n"
        "print(type(e).__module__, type(e).__qualname__, e.error_code, e.retryable)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(converted),
        capture_output=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(package), *sys.path])},
    )
    assert "myapp.errors VpcMissing InvalidVpcID.NotFound False" == out.stdout.decode().strip()


def test_load_returns_a_taxonomy_with_classes_as_attributes(tmp_path: Path) -> None:
    path = tmp_path / "ext.yaml"
    path.write_text(textwrap.dedent(EXTENSION))
    taxonomy = awserrors.load(path)
    assert "myapp_ec2" == taxonomy.name
    assert "ec2" == taxonomy.service
    assert ec2_client.IntegrationException is taxonomy.root
    assert taxonomy.VpcMissing is taxonomy.exception_class_for("InvalidVpcID.NotFound")
    assert "VpcMissing" in dir(taxonomy)
    with pytest.raises(AttributeError):
        taxonomy.NoSuchClass  # noqa: B018


def test_an_extension_may_not_change_a_shipped_class(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "taxonomy: bad\nextends: awserrors.taxonomies.ec2_client\nclasses:\n"
        "  EC2Exception:\n    parent: IntegrationException\n    doc: changed\n"
    )
    with pytest.raises(awserrors.MappingError) as caught:
        awserrors.load(path)
    assert f"{path}:4:3: classes.EC2Exception" in str(caught.value)
    assert "not change doc, parent" in str(caught.value)


def test_generate_module_reserves_its_exports_for_the_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name the module exports (bound now or later, as awserrors binds its API on first use)
    is no class's: the YAML that declares one is refused, naming the file, line and key."""
    root = tmp_path / "site"
    (root / "exporting").mkdir(parents=True)
    (root / "exporting" / "errors.yaml").write_text(textwrap.dedent(EXTENSION))
    (root / "exporting" / "__init__.py").write_text(
        'import awserrors\n\nawserrors.generate_module(__name__, "errors.yaml", exports=("VpcMissing",))\n'
    )
    monkeypatch.syspath_prepend(str(root))
    try:
        with pytest.raises(awserrors.MappingError) as raised:
            import exporting  # type: ignore[import-not-found]  # noqa: F401
    finally:
        for name in [n for n in sys.modules if n == "exporting" or n.startswith("exporting.")]:
            del sys.modules[name]
    message = str(raised.value)
    assert "errors.yaml:" in message and "VpcMissing" in message
