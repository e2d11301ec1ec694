"""Classes for what the shipped tables lack: error shapes of the installed botocore, unknown codes.

The shipped AWS-wide tables know the botocore they were imported from. Here a
taxonomy made of the same categories and rules but *no* rows stands for "a botocore
newer than the tables": every shape of every service must then get, at run time,
exactly the class the importer gives it in the shipped tables (same category, flags
and status), proving the run-time derivation and the importer share one set of rules.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

import awserrors
from awserrors import _botocore_models
from loopback import (
    Loopback,
    isolated_session,
    json_error,
    make_client,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

CATEGORIES = awserrors.mappings_dir() / "aws" / "categories.yaml"
CATEGORY_NAMES = {
    "AWSError",
    "InvalidRequestError",
    "AuthenticationError",
    "AccessDeniedError",
    "NotFoundError",
    "ConflictError",
    "ThrottlingError",
    "QuotaExceededError",
    "ServerError",
    "ServiceUnavailableError",
}


#: (service, row) of the curated choices (curated.yaml), which overlay the imported rows (but
#: those that only add an operation's fallback for a status: the class stays the row's own).
CURATED = {
    (service, name)
    for service, rows in (
        yaml.safe_load((awserrors.mappings_dir() / "aws" / "curated.yaml").read_text(encoding="utf-8"))[
            "services"
        ]
    ).items()
    for name, fields in rows.items()
    if set(fields or {}) - {"operation_statuses"}
}


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> awserrors.Taxonomy:
    """The AWS categories and rules with no rows: every shape must be derived."""
    folder = tmp_path_factory.mktemp("bare")
    (folder / "categories.yaml").write_text(CATEGORIES.read_text(encoding="utf-8"), encoding="utf-8")
    return awserrors.load(folder / "categories.yaml")


def categories(cls: type) -> list[str]:
    """The categories a class is under, nearest first."""
    return [
        k.__qualname__
        for k in cls.__mro__
        if k.__qualname__ in CATEGORY_NAMES and k.__module__.count(".") <= 2
    ]


def facts(found: awserrors.Lookup) -> tuple[Any, ...]:
    return (categories(found.cls), found.retryable, found.throttling, found.http_status, found.rule)


#: Services of every wire protocol whose rows are taken out of the shipped YAML below.
TAKEN_OUT = ("dynamodb", "sqs", "s3", "sns", "lambda", "cloudwatch", "iam", "kms")


@pytest.fixture(scope="module")
def without_some(tmp_path_factory: pytest.TempPathFactory) -> awserrors.Taxonomy:
    """The shipped AWS-wide YAML as if its botocore did not know TAKEN_OUT (a newer one does)."""
    folder = tmp_path_factory.mktemp("without")
    aws = awserrors.mappings_dir() / "aws"
    lines = (aws / "botocore.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    kept, skipping = [], False
    for line in lines:
        if line.startswith("  ") and not line.startswith("    "):
            skipping = line.strip().rstrip(":") in TAKEN_OUT
        if not skipping:
            kept.append(line)
    for name in awserrors.AWS_MAPPINGS:
        text = "".join(kept) if name == "botocore.yaml" else (aws / name).read_text(encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
    return awserrors.load(*(folder / name for name in awserrors.AWS_MAPPINGS))


@pytest.mark.parametrize("service", TAKEN_OUT)
def test_a_shape_the_tables_lack_gets_exactly_the_class_the_importer_writes(
    without_some: awserrors.Taxonomy, service: str
) -> None:
    shapes = _botocore_models.error_shapes(service)
    assert shapes
    mismatched = []
    for shape in shapes:
        shipped = awserrors.aws.explain(shape.code, service=service)
        derived = without_some.explain(shape.code, service=service)
        # Everything the shipped class is, the derived one is; its code class may differ in
        # category only because taking rows out changes which category most rows of a code get.
        if (
            derived.cls.__qualname__ != shipped.cls.__qualname__
            or not set(categories(shipped.cls)) <= set(categories(derived.cls))
            or facts(shipped)[1:] != facts(derived)[1:]
        ):
            mismatched.append((shape.name, facts(shipped), facts(derived)))
    assert [] == mismatched


@pytest.mark.parametrize("service", _botocore_models.available_services())
def test_every_shape_of_every_service_gets_a_class_under_its_category(
    bare: awserrors.Taxonomy, service: str
) -> None:
    """With no rows at all, the code classes are made too (one per code, from the first
    service that sends it): each shape gets a class of its name, under its category."""
    mismatched = []
    for shape in _botocore_models.error_shapes(service):
        if (service, shape.name) in CURATED:
            continue  # a curated choice, which the bare taxonomy does not have
        shipped = awserrors.aws.explain(shape.code, service=service)
        derived = bare.explain(shape.code, service=service)
        # Curated choices (curated.yaml) are not in the bare taxonomy, and its code classes
        # come from the first service met: the categories overlap, the flags are equal.
        if (
            derived.cls.__qualname__ != shape.name
            or not set(categories(derived.cls)) & set(categories(shipped.cls)) - {"AWSError"}
            or facts(shipped)[1:] != facts(derived)[1:]
        ):
            mismatched.append((shape.name, facts(shipped), facts(derived)))
    assert [] == mismatched


def test_a_derived_class_is_a_real_module_attribute_with_its_code_class(bare: awserrors.Taxonomy) -> None:
    cls = bare.exception_class_for("ConditionalCheckFailedException", service="dynamodb")
    assert f"{bare.module_name}.services.dynamodb" == cls.__module__
    assert "ConditionalCheckFailedException" == cls.__qualname__
    code_class = cls.__mro__[1]
    assert (f"{bare.module_name}.codes", "ConditionalCheckFailedException") == (
        code_class.__module__,
        code_class.__qualname__,
    )
    assert issubclass(cls, bare.get_class("ConflictError"))
    assert cls is bare.exception_class_for("ConditionalCheckFailedException", service="dynamodb")
    assert cls is bare.get_class("services.dynamodb:ConditionalCheckFailedException")
    assert "ConditionalCheckFailedException" in bare.names_in("services.dynamodb")
    found = bare.explain("ConditionalCheckFailedException", service="dynamodb")
    assert (None, None) == (found.file, found.line)  # from botocore's model, not from a YAML line
    assert "dynamodb" in (cls.__doc__ or "")


def test_a_generated_module_gets_modules_for_services_its_tables_lack(tmp_path: Path) -> None:
    """``import <module>.services.<svc>`` works, and the classes pickle by reference in a fresh process."""
    package = tmp_path / "derivedpkg"
    (package / "errors").mkdir(parents=True)  # namespaces are submodules: the module is a package
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "errors" / "categories.yaml").write_text(
        CATEGORIES.read_text(encoding="utf-8"), encoding="utf-8"
    )
    (package / "errors" / "__init__.py").write_text(
        "import awserrors\nawserrors.generate_module(__name__, 'categories.yaml')\n", encoding="utf-8"
    )
    script = textwrap.dedent(
        """
        import pickle, sys
        import derivedpkg.errors
        from derivedpkg.errors.services.sqs import QueueDoesNotExist
        error = QueueDoesNotExist("gone")
        data = pickle.dumps((QueueDoesNotExist, error))
        sys.stdout.buffer.write(data)
        """
    )
    env = {"PYTHONPATH": str(tmp_path), "AWSERRORS_NO_CACHE": "1", "PATH": "/usr/bin:/bin"}
    made = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=300)
    assert 0 == made.returncode, made.stderr.decode()
    check = textwrap.dedent(
        """
        import pickle, sys
        cls, error = pickle.loads(sys.stdin.buffer.read())
        print(cls.__module__, cls.__qualname__, type(error) is cls, [k.__name__ for k in cls.__mro__[:3]])
        """
    )
    read = subprocess.run(
        [sys.executable, "-c", check], env=env, input=made.stdout, capture_output=True, timeout=300
    )
    assert 0 == read.returncode, read.stderr.decode()
    assert (
        "derivedpkg.errors.services.sqs QueueDoesNotExist True "
        "['QueueDoesNotExist', 'QueueDoesNotExist', 'NotFoundError']"
    ) == read.stdout.decode().strip()


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("WidgetNotFoundFault", None, "NotFoundError"),
        ("GadgetAlreadyExistsException", None, "ConflictError"),
        ("WidgetThrottlingException", None, "ThrottlingError"),
        ("WidgetInternalServerFailure", None, "ServerError"),
        ("TooManyWidgets", None, "QuotaExceededError"),
        ("UnmappedCode", 429, "ThrottlingError"),
        ("UnmappedCode", 503, "ServiceUnavailableError"),
        ("UnmappedCode", 404, "NotFoundError"),
        ("UnmappedCode", 400, "InvalidRequestError"),
        ("UnmappedCode", None, "AWSError"),
    ],
)
def test_an_unknown_code_is_placed_by_its_name_and_status(
    code: str, status: int | None, expected: str
) -> None:
    found = awserrors.aws.explain(code, http_status=status)
    assert expected == found.cls.__qualname__
    assert found.cls is getattr(awserrors, expected)  # a category: no class per unknown code
    # Category and flags never disagree.
    assert (expected == "ThrottlingError") == found.throttling
    error = ClientError(
        {"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status or 400}}, "Op"
    )
    if status is not None:
        converted = awserrors.handle_client_error(error)
        assert type(converted) is found.cls
        assert awserrors.is_throttling(converted) == found.throttling == awserrors.is_throttling(error)


def test_unknown_codes_make_no_new_classes_and_operations_do_not_grow_caches() -> None:
    import botocore

    from awserrors import _taxonomy

    taxonomy = awserrors.aws
    taxonomy.exception_class_for("ThrottlingException")
    before = len(taxonomy._classes.classes)
    botocore_cache = len(botocore._xform_cache)
    for i in range(10_000):  # more distinct operations than the cache keeps
        taxonomy.exception_class_for(f"Unknown{i}NotFound", operation=f"Op{i}")
    assert len(taxonomy._classes.classes) - before <= 1  # at most NotFoundError itself
    assert len(_taxonomy._SNAKE) <= _taxonomy.SNAKE_SIZE < 10_000
    assert botocore_cache == len(botocore._xform_cache)  # botocore's unbounded cache untouched


def test_install_raises_what_handle_client_error_gives_for_an_unknown_code_and_429(server: Loopback) -> None:
    """An unknown DynamoDB code with status 429: the throttling category, still botocore's class."""
    session = isolated_session()
    awserrors.install(session)
    try:
        client = make_client(session, "dynamodb", server.url)
        server.answer(json_error("BrandNewThrottleCode", "slow", status=429))
        with pytest.raises(awserrors.ThrottlingError) as caught:
            client.list_tables()
        error = caught.value
        assert isinstance(error, client.exceptions.ClientError)
        assert awserrors.is_throttling(error)
        plain = ClientError(error.response, error.operation_name)
        expected = awserrors.handle_client_error(plain, service="dynamodb", operation="ListTables")
        assert type(expected) is type(error) is awserrors.ThrottlingError
        assert pickle.loads(pickle.dumps(error)).__class__ is awserrors.ThrottlingError
    finally:
        awserrors.uninstall(session)


def query_codes() -> list[tuple[str, str, str]]:
    """(service, shape, Query code) for every query-compatible service: the codes its model
    gives its shapes today, and those an older botocore gave them (curated.yaml)."""
    found = set()
    for service in _botocore_models.available_services():
        if _botocore_models.is_query_compatible(service):
            found |= {
                (service, s.name, s.legacy_code)
                for s in _botocore_models.error_shapes(service)
                if s.legacy_code
            }
    curated = yaml.safe_load((awserrors.mappings_dir() / "aws" / "curated.yaml").read_text(encoding="utf-8"))
    for service, rows in curated["services"].items():
        found |= {(service, name, row["legacy_code"]) for name, row in rows.items() if "legacy_code" in row}
    return sorted(found)


@pytest.mark.parametrize(("service", "shape", "query_code"), query_codes())
def test_every_query_code_maps_to_its_shapes_class(service: str, shape: str, query_code: str) -> None:
    # As a real SQS or CloudWatch client parses it: the Query code in Error.Code, the shape
    # in QueryErrorCode when the service sends it.
    exact = awserrors.aws.explain(query_code, query_code=shape, service=service)
    assert (shape, awserrors.Rule.SERVICE_CODE) == (exact.cls.__qualname__, exact.rule)
    sharing = [
        s.name for s in _botocore_models.error_shapes(service) if query_code in (s.legacy_code, s.name)
    ]
    with_service = awserrors.aws.explain(query_code, service=service)
    assert with_service.rule is awserrors.Rule.SERVICE_CODE
    if len(sharing) <= 1:  # a code of one shape: the code alone names it
        assert shape == with_service.cls.__qualname__
    else:  # CloudWatch's ResourceNotFound: several shapes, one category
        assert with_service.cls.__qualname__ in sharing
    without = awserrors.aws.explain(query_code)
    assert without.rule is awserrors.Rule.CODE
    assert categories(without.cls)[0] == categories(exact.cls)[0]


def test_names_asked_for_that_are_no_service_are_kept_in_bounded_number(
    bare: awserrors.Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each service= a lookup names is remembered with what it derived; names that are no
    service (typos, a caller's ids) are too, but never more than SERVICES_KEPT of them."""
    from awserrors import _derive

    monkeypatch.setattr(_derive, "SERVICES_KEPT", 50)
    derived = bare._derived()
    for i in range(500):
        assert bare.exception_class_for("Xyzzy", service=f"no-such-service-{i}") is bare.root
    assert 0 < len(derived.service_codes) <= 50
