"""The AWS-wide taxonomy, every row of it: classes, categories, namespaces, importer, coverage.

The YAML under ``mappings/aws`` is read here with PyYAML's safe loader, never with
awserrors' own loader, and the documented rules (``retry_rules``, ``category_rules``)
are re-implemented from the docs, so these tests check awserrors against the
mapping tables rather than against itself.  Each invariant is one test that
loops over all ~6,500 rows and asserts that the list of failures is empty.

Tests that compare the shipped ``botocore.yaml`` with botocore's models (drift)
need the botocore it was imported from (named in its header; the project's
``.venv`` has it) and skip under any other version.  Coverage (every modeled
error shape has its class) holds for whichever botocore is installed
(``scripts/matrix.sh`` runs it against the oldest and the newest too).
"""

from __future__ import annotations

import csv
import importlib
import json
import keyword
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest
import yaml
from botocore.exceptions import ClientError
from botocore.retries.standard import ThrottledRetryableChecker, TransientRetryableChecker
from hypothesis import given
from hypothesis import strategies as st

import awserrors
import awserrors.codes
import botocore_checks
from awserrors import __main__ as cli
from awserrors import _botocore_models, _importer

ROOT = Path(__file__).resolve().parents[1]
AWS_DIR = awserrors.mappings_dir() / "aws"
SHARED_DATA = ROOT.parent / "shared" / "data"
#: Children import the same awserrors this process did (the installed wheel, or src/).
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(Path(awserrors.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]
    ),
}

Row = tuple[str | None, str]  # (service or None, row name)


def safe_load(path: Path) -> Any:
    """PyYAML's safe loader (its C build when there is one): not awserrors' loader."""
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pinned_botocore() -> str:
    """The botocore version botocore.yaml's header says it was imported from."""
    first = (AWS_DIR / "botocore.yaml").read_text(encoding="utf-8").splitlines()[0]
    found = re.search(r"botocore (\S+)'s service models", first)
    assert found, f"botocore.yaml's header names no botocore version: {first!r}"
    return found.group(1)


PINNED = pinned_botocore()
needs_pinned_botocore = pytest.mark.skipif(
    botocore.__version__ != PINNED,
    reason=f"drift-dependent: mappings/aws/botocore.yaml was imported from botocore {PINNED}, this "
    f"interpreter has botocore {botocore.__version__}; run it with the project's .venv/bin/python",
)


# --- the YAML, read independently -----------------------------------------------------------------

CATEGORIES = safe_load(AWS_DIR / "categories.yaml")
RETRY_RULES: list[dict[str, Any]] = CATEGORIES["retry_rules"]
CATEGORY_RULES: list[dict[str, Any]] = CATEGORIES["category_rules"]
#: the category classes (ClientError kind) by name, from categories.yaml's classes
CATEGORY_NAMES = [
    name
    for name, body in CATEGORIES["classes"].items()
    if "exceptions" not in (body or {}) and (body or {}).get("parent") != "NetworkError"
]


def read_rows() -> dict[Row, dict[str, Any]]:
    """Every row of the row files, overlaid field by field in AWS_MAPPINGS order (as documented)."""
    rows: dict[Row, dict[str, Any]] = {}
    for file_name in awserrors.AWS_MAPPINGS:
        data = safe_load(AWS_DIR / file_name)
        found: list[tuple[str | None, str, Any]] = [
            (data.get("service"), name, body) for name, body in (data.get("errors") or {}).items()
        ]
        for service, service_rows in (data.get("services") or {}).items():
            found += [(service, name, body) for name, body in service_rows.items()]
        for service, name, body in found:
            rows[(service, name)] = {**rows.get((service, name), {}), **(body or {})}
    return rows


ROWS = read_rows()
SERVICES = sorted({service for service, _ in ROWS if service is not None})


def wire_code(row: Row) -> str:
    return str(ROWS[row].get("code") or row[1])


def code_class_name(code: str) -> str:
    """Non-identifier characters become '_' (and a leading digit or keyword gets an 'E')."""
    name = re.sub(r"\W", "_", code, flags=re.ASCII)
    return f"E{name}" if name[:1].isdigit() or keyword.iskeyword(name) else name


def module_name(service: str) -> str:
    name = service.replace("-", "_")
    return f"{name}_" if keyword.iskeyword(name) else name


CODES: dict[str, list[Row]] = {}
for _row in ROWS:
    CODES.setdefault(wire_code(_row), []).append(_row)


# --- the documented rules, re-implemented ------------------------------------------------------------


def _matches(rule: dict[str, Any], row: Row, flags: tuple[bool, bool] | None) -> bool:
    """Whether every condition the rule states holds; ``flags`` are conditions in category rules."""
    fields = ROWS[row]
    code = wire_code(row)
    if "codes" in rule and code not in rule["codes"] and fields.get("legacy_code") not in rule["codes"]:
        return False
    if "names" in rule and not any(n in code or n in row[1] for n in rule["names"]):
        return False
    if "http_statuses" in rule and fields.get("http_status") not in rule["http_statuses"]:
        return False
    if "fault" in rule and fields.get("fault") != rule["fault"]:
        return False
    if flags is not None:
        if "retryable" in rule and rule["retryable"] != flags[0]:
            return False
        if "throttling" in rule and rule["throttling"] != flags[1]:
            return False
    return True


def expected_flags(row: Row) -> tuple[bool, bool]:
    """(retryable, throttling): the row's own fields, or any retry rule that matches it."""
    retryable, throttling = bool(ROWS[row].get("retryable")), bool(ROWS[row].get("throttling"))
    for rule in RETRY_RULES:
        if _matches(rule, row, None):
            retryable = retryable or bool(rule.get("retryable"))
            throttling = throttling or bool(rule.get("throttling"))
    return retryable, throttling


def code_flags(code: str) -> tuple[bool, bool]:
    """(retryable, throttling) of a code by the retry rules about the code alone (codes, names)."""
    retryable = throttling = False
    for rule in RETRY_RULES:
        if {"http_statuses", "fault"} & set(rule):
            continue
        if "codes" in rule and code not in rule["codes"]:
            continue
        if "names" in rule and not any(n in code for n in rule["names"]):
            continue
        retryable = retryable or bool(rule.get("retryable"))
        throttling = throttling or bool(rule.get("throttling"))
    return retryable, throttling


def expected_category(row: Row, flags: tuple[bool, bool] | None = None) -> str:
    """The row's own category, else the first category rule whose conditions all hold."""
    if ROWS[row].get("category"):
        return str(ROWS[row]["category"])
    flags = flags if flags is not None else expected_flags(row)
    for rule in CATEGORY_RULES:
        if _matches(rule, row, flags):
            return str(rule["category"])
    raise AssertionError(f"no category rule matches {row}")


EXPECTED = {row: expected_category(row) for row in ROWS}
#: statuses a status-only retry rule makes retryable at run time, whatever the code
RETRYABLE_STATUSES = {
    status
    for rule in RETRY_RULES
    if rule.get("retryable") and not {"codes", "names", "fault"} & set(rule)
    for status in rule.get("http_statuses", ())
}


def category_of(cls: type) -> str:
    """The nearest category class in the MRO (ServiceUnavailableError before ServerError)."""
    categories = {getattr(awserrors, name): name for name in CATEGORY_NAMES}
    return next((categories[c] for c in cls.__mro__ if c in categories), "(none)")


# --- the classes ---------------------------------------------------------------------------------


def codes_class(code: str) -> type:
    return getattr(importlib.import_module("awserrors.codes"), code_class_name(code))  # type: ignore[no-any-return]


def service_class(service: str, name: str) -> type:
    module = importlib.import_module(f"awserrors.services.{module_name(service)}")
    return getattr(module, name)  # type: ignore[no-any-return]


def class_of(row: Row) -> type:
    """The class a row stands for: its service's class, or for a service-less row its code's class."""
    service, name = row
    return codes_class(wire_code(row)) if service is None else service_class(service, name)


def where(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def client_error(code: str, status: int | None = None, query_code: str | None = None) -> ClientError:
    error: dict[str, Any] = {"Code": code, "Message": "test"}
    if query_code is not None:
        error["QueryErrorCode"] = query_code
    metadata = {"HTTPStatusCode": status} if status is not None else {}
    return ClientError({"Error": error, "ResponseMetadata": metadata}, "TestOperation")


def test_the_yaml_has_thousands_of_rows() -> None:
    # Guards the loops below against silently checking nothing.
    assert len(ROWS) > 6000
    assert len(CODES) > 3000
    assert len(SERVICES) > 400
    assert {"ec2", "s3", "dynamodb", "lambda"} <= set(SERVICES)


# --- 1. every row is a class where the docs say -----------------------------------------------------


def test_every_row_is_a_service_class_under_its_code_class() -> None:
    failures = []
    for row, fields in ROWS.items():
        service, name = row
        code = wire_code(row)
        try:
            by_code = codes_class(code)
            cls = class_of(row)
        except (ImportError, AttributeError) as exc:
            failures.append(f"{row}: {exc!r}")
            continue
        if (by_code.__module__, by_code.__qualname__, by_code.__name__) != (
            "awserrors.codes",
            code_class_name(code),
            code_class_name(code),
        ):
            failures.append(f"{row}: the code's class is {where(by_code)}")
        if awserrors.exception_class_for(code) is not by_code:
            failures.append(
                f"{row}: exception_class_for({code!r}) is {where(awserrors.exception_class_for(code))}"
            )
        if by_code.__bases__[:1] != (getattr(awserrors, category_of(by_code), None),):
            failures.append(f"{row}: {where(by_code)} derives from {by_code.__bases__}, not a category")
        if not issubclass(by_code, awserrors.AWSError) or not issubclass(by_code, ClientError):
            failures.append(f"{row}: {where(by_code)} is not an AWSError")
        if by_code.default_code != code:
            failures.append(f"{row}: {where(by_code)}.default_code is {by_code.default_code!r}")
        if service is None:
            continue
        expected_module = f"awserrors.services.{module_name(service)}"
        if (cls.__module__, cls.__qualname__, cls.__name__) != (expected_module, name, name):
            failures.append(f"{row}: the row's class is {where(cls)}")
        found = awserrors.exception_class_for(code, service=service)
        if found is not cls:
            failures.append(f"{row}: exception_class_for({code!r}, service={service!r}) is {where(found)}")
        # Under its code's class, and also under its own category when the code's differs.
        own = getattr(awserrors, EXPECTED[row])
        if cls.__bases__ not in ((by_code,), (by_code, own)) or not issubclass(cls, own):
            failures.append(f"{row}: {where(cls)} derives from {cls.__bases__}, not {where(by_code)}")
        # A message-only instance carries the row's own status, none when the row has none.
        status = fields.get("http_status")
        if cls.default_code != code or cls.default_status != status:
            failures.append(f"{row}: default code/status {cls.default_code!r}/{cls.default_status!r}")
        converted = awserrors.handle_client_error(
            client_error(code, fields.get("http_status")), service=service
        )
        if type(converted) is not cls:
            failures.append(f"{row}: handle_client_error(service={service!r}) gives {where(type(converted))}")
    assert [] == failures


def test_every_legacy_code_lands_on_its_service_class() -> None:
    # Query-compatible services (CloudWatch, SQS) send the old Query code in Error.Code
    # and the row's name in Error.QueryErrorCode.
    legacy_rows = [row for row, fields in ROWS.items() if fields.get("legacy_code")]
    assert legacy_rows, "no row has a legacy_code"
    failures = []
    for row in legacy_rows:
        service, name = row
        assert service is not None
        legacy = ROWS[row]["legacy_code"]
        cls = service_class(service, name)
        # A legacy code that is also another row's wire code of the same service is that
        # row's (CloudWatch's DashboardNotFoundError sends ResourceNotFound, a row of its own).
        owner = next((r for r in CODES.get(legacy, []) if r[0] == service), row)
        expected = service_class(service, owner[1])
        found = awserrors.exception_class_for(legacy, service=service)
        if found is not expected:
            failures.append(f"{row}: exception_class_for({legacy!r}, service=...) is {where(found)}")
        error = client_error(legacy, ROWS[row].get("http_status"), query_code=name)
        for kwargs in ({"service": service}, {}):
            converted = awserrors.handle_client_error(error, **kwargs)
            wanted = cls if kwargs else codes_class(name)
            if type(converted) is not wanted:
                failures.append(f"{row}: handle_client_error({kwargs}) gives {where(type(converted))}")
            if converted.response is not error.response or converted.__cause__ is not error:
                failures.append(f"{row}: the converted error lost the original")
    assert [] == failures


def test_class_names_do_not_collide() -> None:
    by_name: dict[str, set[str]] = {}
    for code in CODES:
        by_name.setdefault(code_class_name(code), set()).add(code)
    assert {} == {name: codes for name, codes in by_name.items() if len(codes) > 1}
    by_module: dict[str, set[str]] = {}
    for service in SERVICES:
        by_module.setdefault(module_name(service), set()).add(service)
    assert {} == {name: services for name, services in by_module.items() if len(services) > 1}


# --- 2. categories and flags follow the documented rules --------------------------------------------


def test_every_row_is_under_the_category_the_rules_pick() -> None:
    failures = [
        f"{row}: rules pick {EXPECTED[row]}, class is under {category_of(class_of(row))}"
        for row in ROWS
        # A service-less row has no class of its own: it only votes for its code's category.
        if row[0] is not None and not issubclass(class_of(row), getattr(awserrors, EXPECTED[row]))
    ]
    assert [] == failures


def test_rows_of_codes_the_rules_agree_on_are_under_that_category() -> None:
    # Every row whose code's rows all get the same category from the rules, and every
    # code's class: under one of the categories its rows get by the code's own flags
    # (the retry rules about the code alone), never one no row asked for.
    failures = []
    for code, rows in CODES.items():
        picked = {expected_category(row, code_flags(code)) for row in rows}
        actual = category_of(codes_class(code))
        if actual not in picked:
            failures.append(f"code {code}: under {actual}, its rows pick {sorted(picked)}")
        if len(picked) == 1:
            failures += [
                f"{row}: rules pick {EXPECTED[row]}, class is under {category_of(class_of(row))}"
                for row in rows
                if not issubclass(class_of(row), getattr(awserrors, EXPECTED[row]))
            ]
    assert [] == failures


def test_every_service_class_has_its_rows_flags() -> None:
    failures = []
    for row in ROWS:
        if row[0] is None:
            continue
        cls = class_of(row)
        expected = expected_flags(row)
        if (cls.retryable, cls.throttling) != expected:
            failures.append(
                f"{row}: (retryable, throttling) is {(cls.retryable, cls.throttling)}, not {expected}"
            )
        instance = cls("sample")
        by_status = cls.default_status in RETRYABLE_STATUSES  # a message-only instance carries it
        if awserrors.is_retryable(instance) != (expected[0] or by_status):
            failures.append(f"{row}: is_retryable(instance) is {awserrors.is_retryable(instance)}")
    assert [] == failures


def test_every_throttling_class_is_a_throttling_error() -> None:
    failures = []
    for row in ROWS:
        for cls in {class_of(row), codes_class(wire_code(row))}:
            if cls.throttling != issubclass(cls, awserrors.ThrottlingError):
                failures.append(f"{where(cls)}: throttling={cls.throttling}, under {category_of(cls)}")
    assert [] == sorted(set(failures))


def test_code_class_flags_are_not_set_by_a_minority_of_services() -> None:
    failures = []
    for code, rows in CODES.items():
        cls = codes_class(code)
        flags = [expected_flags(row) for row in rows]
        retryable = sum(r for r, _ in flags) * 2 > len(flags)
        throttling = sum(t for _, t in flags) * 2 > len(flags)
        if (cls.retryable and not retryable) or (cls.throttling and not throttling):
            failures.append(
                f"{code}: retryable={cls.retryable} throttling={cls.throttling}, but of its {len(rows)} "
                f"rows {sum(r for r, _ in flags)} are retryable and {sum(t for _, t in flags)} throttling"
            )
    assert [] == failures


def test_documented_choices() -> None:
    elasticache = awserrors.exception_class_for("ReservedCacheNodeAlreadyExists", service="elasticache")
    assert 404 == elasticache.default_status
    assert issubclass(elasticache, awserrors.ConflictError)
    assert issubclass(
        awserrors.exception_class_for("ReservedCacheNodeAlreadyExists"), awserrors.ConflictError
    )

    limit_rows = CODES["LimitExceededException"]
    assert len(limit_rows) > 50
    for row in limit_rows:
        cls = class_of(row)
        assert issubclass(cls, awserrors.ThrottlingError), row
        assert cls.throttling and cls.retryable, row
    assert issubclass(awserrors.exception_class_for("LimitExceededException"), awserrors.ThrottlingError)

    for found in (
        awserrors.exception_class_for("NoSuchCodeAnywhere", http_status=429),
        awserrors.exception_class_for("429"),
        type(awserrors.handle_client_error(client_error("NoSuchCodeAnywhere", 429))),
    ):
        assert awserrors.ThrottlingError is found
    unknown = awserrors.handle_client_error(client_error("NoSuchCodeAnywhere", 429))
    assert awserrors.is_throttling(unknown) and awserrors.is_retryable(unknown)

    for found in (
        awserrors.exception_class_for("InvalidInstanceID.NotFound"),
        awserrors.exception_class_for("InvalidInstanceID.NotFound", service="ec2"),
    ):
        assert issubclass(found, awserrors.NotFoundError)
    assert awserrors.codes.InvalidInstanceID_NotFound is awserrors.exception_class_for(
        "InvalidInstanceID.NotFound"
    )

    from awserrors.services.dynamodb import ConditionalCheckFailedException

    assert issubclass(ConditionalCheckFailedException, awserrors.ConflictError)
    head = awserrors.handle_client_error(client_error("404", 404))
    assert isinstance(head, awserrors.NotFoundError) and not awserrors.is_retryable(head)


def curated_operation_statuses() -> list[tuple[str, str, str, int]]:
    """(service, row, operation, status) of every ``operation_statuses`` of curated.yaml's rows."""
    found = []
    for service, service_rows in (safe_load(AWS_DIR / "curated.yaml").get("services") or {}).items():
        for name, fields in service_rows.items():
            for operation, statuses in ((fields or {}).get("operation_statuses") or {}).items():
                for status in statuses if isinstance(statuses, list) else [statuses]:
                    found.append((service, name, operation, status))
    return found


@pytest.mark.parametrize(
    ("service", "name", "operation", "status"),
    [pytest.param(*row, id=f"{row[2]}-{row[3]}") for row in curated_operation_statuses()],
)
def test_every_curated_operation_status_lands_on_its_service_class(
    service: str, name: str, operation: str, status: int
) -> None:
    """A real error of the operation (S3's HEAD answers carry no body: botocore's code is the
    status), converted with and without the service, lands on the row's service class."""
    from awserrors.testing import make_client_error

    expected = service_class(service, name)
    error = make_client_error(str(status), service=service, operation=operation)
    wire = (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"])
    assert (str(status), status) == wire
    for lookup_service in (None, service):
        assert expected is type(awserrors.handle_client_error(error, service=lookup_service))
        found = awserrors.aws.explain(str(status), operation=operation, service=lookup_service)
        assert (expected, awserrors.Rule.OPERATION_STATUS) == (found.cls, found.rule)
    assert expected is awserrors.exception_class_for(str(status), operation=operation)


def test_s3_head_answers_name_what_was_not_found() -> None:
    """The curated choices for S3's HEAD operations, as docs/aws-taxonomy.md states them."""
    from awserrors.services import s3
    from awserrors.testing import make_client_error

    assert {
        ("HeadObject", 404): s3.NoSuchKey,
        ("HeadBucket", 404): s3.NoSuchBucket,
        ("HeadObject", 403): s3.AccessDenied,
        ("HeadBucket", 403): s3.AccessDenied,
        ("HeadObject", 301): s3.PermanentRedirect,
        ("HeadBucket", 301): s3.PermanentRedirect,
    } == {
        (operation, status): service_class(svc, name)
        for svc, name, operation, status in curated_operation_statuses()
    }
    # A HeadObject on a missing bucket is the same bodiless 404: NoSuchKey, a NotFoundError either way.
    missing_bucket = awserrors.handle_client_error(
        make_client_error("NoSuchBucket", service="s3", operation="HeadObject")
    )
    assert ("404", s3.NoSuchKey) == (missing_bucket.error_code, type(missing_bucket))
    assert isinstance(missing_bucket, awserrors.NotFoundError)
    assert not awserrors.is_retryable(missing_bucket)
    assert issubclass(s3.NoSuchBucket, awserrors.NotFoundError)
    assert issubclass(s3.AccessDenied, awserrors.AccessDeniedError)
    # A HEAD 400 names nothing: the status rule decides, as for any operation.
    bad = awserrors.aws.explain("400", operation="HeadObject", service="s3")
    assert (awserrors.InvalidRequestError, awserrors.Rule.STATUS) == (bad.cls, bad.rule)
    converted = awserrors.handle_client_error(make_client_error("400", service="s3", operation="HeadObject"))
    assert awserrors.InvalidRequestError is type(converted)
    # A 404 of another operation, with no code it maps, is placed by the category rules.
    other = awserrors.aws.explain("404", operation="GetObject", service="s3")
    assert (awserrors.NotFoundError, awserrors.Rule.CATEGORY) == (other.cls, other.rule)
    # A code that arrives (not a HEAD answer) still decides.
    coded = awserrors.aws.explain("NoSuchBucket", operation="HeadObject", http_status=404, service="s3")
    assert (s3.NoSuchBucket, awserrors.Rule.SERVICE_CODE) == (coded.cls, coded.rule)


def test_botocore_standard_mode_throttling_codes_are_throttling_errors() -> None:
    failures = []
    for code in ThrottledRetryableChecker._THROTTLED_ERROR_CODES:
        if code not in CODES:
            failures.append(f"{code}: no row")
            continue
        classes = [codes_class(code), *(class_of(row) for row in CODES[code])]
        for cls in classes:
            if not issubclass(cls, awserrors.ThrottlingError) or not cls.throttling or not cls.retryable:
                failures.append(f"{where(cls)}: under {category_of(cls)}, throttling={cls.throttling}")
        converted = awserrors.handle_client_error(client_error(code, 400))
        if not (awserrors.is_throttling(converted) and awserrors.is_retryable(converted)):
            failures.append(f"{code}: handle_client_error gives a non-throttling {where(type(converted))}")
    for code in TransientRetryableChecker._TRANSIENT_ERROR_CODES:
        if not awserrors.exception_class_for(code).retryable:
            failures.append(f"{code}: botocore retries it, its class is not retryable")
    assert [] == failures


# --- 3. namespaces ------------------------------------------------------------------------------------


def test_namespaces_import_and_list_every_class() -> None:
    from awserrors.services.dynamodb import ConditionalCheckFailedException

    assert "awserrors.services.dynamodb" == ConditionalCheckFailedException.__module__
    lambda_ = importlib.import_module("awserrors.services.lambda_")
    assert awserrors.services.lambda_ is lambda_
    assert "awserrors.services.lambda_" == lambda_.ResourceNotFoundException.__module__
    assert lambda_.ResourceNotFoundException is awserrors.exception_class_for(
        "ResourceNotFoundException", service="lambda"
    )

    code_names = {code_class_name(code) for code in CODES}
    assert code_names <= set(dir(awserrors.codes))
    assert sorted(code_names) == sorted(awserrors.codes.__all__)
    failures = []
    for service in SERVICES:
        module = importlib.import_module(f"awserrors.services.{module_name(service)}")
        names = {name for s, name in ROWS if s == service}
        # Besides its rows, a service module lists the classes derived from the installed
        # botocore's shapes the rows lack (none on the pinned botocore).
        derived = set(module.__all__) - names
        modeled = {shape.name for shape in _botocore_models.error_shapes(service)} if derived else set()
        if not names <= set(dir(module)) or not names <= set(module.__all__) or not derived <= modeled:
            failures.append(f"{service}: dir() or __all__ does not list its {len(names)} rows")
    assert [] == failures


def test_unknown_names_raise() -> None:
    dynamodb = importlib.import_module("awserrors.services.dynamodb")
    with pytest.raises(AttributeError):
        awserrors.codes.NoSuchCodeAnywhere  # noqa: B018
    with pytest.raises(AttributeError):
        dynamodb.NoSuchCodeAnywhere  # noqa: B018
    with pytest.raises(AttributeError):
        awserrors.NoSuchCategory  # noqa: B018
    assert not hasattr(awserrors.codes, "__no_such_dunder__")
    with pytest.raises(ImportError):
        from awserrors.codes import NoSuchCodeAnywhere  # noqa: F401
    for missing in (
        "awserrors.services.no_such_service",
        "awserrors.services.lambda",  # the module is lambda_
        "awserrors.services.acm-pca",  # the module is acm_pca
        "awserrors.no_such_namespace",
        "awserrors.codes.ThrottlingException",  # a class, not a module
    ):
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(missing)
    assert "awserrors.services.acm_pca" == importlib.import_module("awserrors.services.acm_pca").__name__


CHILD = """
import json, pickle, sys
from botocore.exceptions import ClientError
classes, instances = pickle.load(sys.stdin.buffer)
json.dump({
    "classes": [[c.__module__, c.__qualname__] for c in classes],
    "instances": [
        [type(e).__module__, type(e).__qualname__, e.error_code, str(e), isinstance(e, ClientError)]
        for e in instances
    ],
}, sys.stdout)
"""


def all_namespaced_classes() -> list[type]:
    classes = [codes_class(code) for code in CODES]
    classes += [class_of(row) for row in ROWS if row[0] is not None]
    return classes


def test_every_namespaced_class_pickles_into_a_fresh_process() -> None:
    classes = all_namespaced_classes()
    assert len(classes) == len(CODES) + sum(1 for s, _ in ROWS if s is not None)
    instances = [cls("sample message") for cls in classes]
    payload = pickle.dumps((classes, instances))
    child = subprocess.run(
        [sys.executable, "-c", CHILD], input=payload, capture_output=True, env=ENV, timeout=120, check=False
    )
    assert 0 == child.returncode, child.stderr.decode()
    found = json.loads(child.stdout)
    assert [[c.__module__, c.__qualname__] for c in classes] == found["classes"]
    expected = [[type(e).__module__, type(e).__qualname__, e.error_code, str(e), True] for e in instances]
    assert expected == found["instances"]


def test_threads_building_one_class_get_one_object() -> None:
    taxonomy = awserrors.load(*[AWS_DIR / name for name in awserrors.AWS_MAPPINGS])
    names = ["codes:ThrottlingException", "services.dynamodb:ConditionalCheckFailedException"]
    names += [f"services.{module_name(s)}:{n}" for s, n in list(ROWS)[::700] if s is not None]
    names += [f"codes:{code_class_name(code)}" for code in list(CODES)[::500]]
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for name in names:
            barrier = threading.Barrier(16)
            got: list[type] = []

            def build(name: str = name, barrier: threading.Barrier = barrier, got: list[type] = got) -> None:
                barrier.wait()
                got.append(taxonomy.get_class(name))

            threads = [threading.Thread(target=build) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert 16 == len(got), name
            assert 1 == len({id(cls) for cls in got}), name
            assert got[0] is taxonomy.get_class(name)
            assert name.rpartition(":")[2] == got[0].__qualname__
    finally:
        sys.setswitchinterval(old)
    service_class_ = taxonomy.get_class("services.dynamodb:ConditionalCheckFailedException")
    assert taxonomy.get_class("codes:ConditionalCheckFailedException") is service_class_.__bases__[0]
    assert service_class_ is not awserrors.exception_class_for(
        "ConditionalCheckFailedException", service="dynamodb"
    )


# --- 4. the importer ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_process() -> Iterator[subprocess.Popen[str] | None]:
    """``python -m awserrors import-botocore --check``, started early: it runs while models load here."""
    if botocore.__version__ != PINNED:
        yield None
        return
    command = [sys.executable, "-m", "awserrors", "import-botocore", "--check"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


@pytest.fixture(scope="module")
def session(check_process: subprocess.Popen[str] | None) -> Iterator[botocore.session.Session]:
    """One botocore session: its loader caches each model, so the importer and the scan share it."""
    yield botocore_checks.session()


@pytest.fixture(scope="module")
def installed_rows(session: botocore.session.Session) -> _importer.Rows:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(botocore.session, "Session", lambda: session)
        return _importer.botocore_rows()


@needs_pinned_botocore
def test_a_reimport_writes_exactly_the_committed_rows(
    installed_rows: _importer.Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(_importer, "botocore_rows", lambda: installed_rows)
    target = tmp_path / "botocore.yaml"
    assert 0 == cli.main(["import-botocore", "--output", str(target)])
    assert f"wrote {target}" in capsys.readouterr().out
    committed = AWS_DIR / "botocore.yaml"
    assert safe_load(committed) == safe_load(target)
    assert committed.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")


@needs_pinned_botocore
def test_drift_lists_a_deleted_row_as_missing(
    installed_rows: _importer.Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setattr(_importer, "botocore_rows", lambda: installed_rows)
    lines = (AWS_DIR / "botocore.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    [deleted] = [
        i
        for i, line in enumerate(lines)
        if line.startswith("    ConditionalCheckFailedException:")
        and any(s.startswith("  dynamodb:") for s in lines[max(0, i - 40) : i])
    ]
    copy = tmp_path / "botocore.yaml"
    copy.write_text("".join(lines[:deleted] + lines[deleted + 1 :]), encoding="utf-8")
    assert 1 == cli.main(["import-botocore", "--check", "--output", str(copy)])
    out = capsys.readouterr()
    fields = installed_rows["dynamodb"]["ConditionalCheckFailedException"]
    assert [f"missing: dynamodb ConditionalCheckFailedException {fields}"] == out.out.splitlines()
    assert "1 difference(s)" in out.err


def test_curated_rows_survive_a_reimport(
    installed_rows: _importer.Rows, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    curated = safe_load(AWS_DIR / "curated.yaml")
    curated_rows = [(s, n, f) for s, rows in (curated.get("services") or {}).items() for n, f in rows.items()]
    expected = ("sts", "IDPCommunicationErrorException", {"retryable": True, "category": "ServerError"})
    assert expected in curated_rows
    # The rows the other shipped files add (s3.yaml's PermanentRedirect) are no botocore shapes.
    others = [
        AWS_DIR / name
        for name in awserrors.AWS_MAPPINGS
        if name not in ("categories.yaml", "botocore.yaml", "curated.yaml")
    ]
    base_rows = {service: dict(rows) for service, rows in installed_rows.items()}
    for other in others:
        for service, rows in (safe_load(other).get("services") or {}).items():
            for name, fields in rows.items():
                base_rows.setdefault(service, {}).setdefault(name, fields or {})
    missing = [(s, n) for s, n, _ in curated_rows if n not in base_rows.get(s, {})]
    if missing:
        pytest.skip(f"the installed botocore {botocore.__version__} does not model {missing}")
    fresh = tmp_path / "botocore.yaml"
    fresh.write_text(_importer.render(installed_rows, botocore.__version__), encoding="utf-8")
    assert "retryable" not in installed_rows["sts"]["IDPCommunicationErrorException"]
    monkeypatch.setenv("AWSERRORS_NO_CACHE", "1")
    without = awserrors.load(AWS_DIR / "categories.yaml", fresh, *others)
    taxonomy = awserrors.load(AWS_DIR / "categories.yaml", fresh, *others, AWS_DIR / "curated.yaml")
    sts = taxonomy.exception_class_for("IDPCommunicationError", service="sts")
    assert "IDPCommunicationErrorException" == sts.__qualname__
    assert sts.retryable is True
    assert without.exception_class_for("IDPCommunicationError", service="sts").retryable is False
    failures = []
    for service, name, fields in curated_rows:
        code = base_rows[service][name].get("code", name)
        cls = taxonomy.exception_class_for(code, service=service)
        if cls.__qualname__ != name:
            failures.append(f"{service} {name}: {code} gives {cls.__qualname__}")
        for field in ("retryable", "throttling"):
            if field in fields and getattr(cls, field) != fields[field]:
                failures.append(
                    f"{service} {name}: {field} is {getattr(cls, field)}, curated {fields[field]}"
                )
        if "category" in fields and not issubclass(cls, taxonomy.get_class(fields["category"])):
            failures.append(f"{service} {name}: not under the curated {fields['category']}")
        if "http_status" in fields and cls.default_status != fields["http_status"]:
            failures.append(f"{service} {name}: status {cls.default_status}, curated {fields['http_status']}")
        if "doc" in fields and cls.__doc__ != fields["doc"]:
            failures.append(f"{service} {name}: doc {cls.__doc__!r}")
        for operation, statuses in (fields.get("operation_statuses") or {}).items():
            for status in statuses if isinstance(statuses, list) else [statuses]:
                if taxonomy.exception_class_for(str(status), operation=operation) is not cls:
                    failures.append(f"{service} {name}: {operation} {status} is not its class")
                if without.exception_class_for(str(status), operation=operation) is cls:
                    failures.append(f"{service} {name}: {operation} {status} is its class without curated")
    for code in curated.get("errors") or {}:
        if taxonomy.exception_class_for(code) is taxonomy.root:
            failures.append(f"{code}: the curated service-less row gives the root")
    assert [] == failures


# --- 5. coverage ------------------------------------------------------------------------------------------


Shape = tuple[str, str, str, str | None]  # service, shape, wire code, legacy code


def modeled_shapes(session: botocore.session.Session) -> list[Shape]:
    """Every modeled error shape of the installed botocore, with the code it arrives with."""
    loader = session.get_component("data_loader")
    shapes: list[Shape] = []
    for service in session.get_available_services():
        model = loader.load_service_model(service, "service-2")
        query_compatible = "awsQueryCompatible" in model.get("metadata", {})
        for name, shape in model.get("shapes", {}).items():
            if not shape.get("exception"):
                continue
            modeled = shape.get("error", {}).get("code")
            if query_compatible:
                shapes.append((service, name, name, modeled if modeled and modeled != name else None))
            else:
                shapes.append((service, name, modeled or name, None))
    return shapes


@needs_pinned_botocore
def test_the_committed_rows_are_the_pinned_botocores_shapes(session: botocore.session.Session) -> None:
    shapes = modeled_shapes(session)
    committed = safe_load(AWS_DIR / "botocore.yaml")["services"]
    assert sorted(committed) == sorted({service for service, _, _, _ in shapes})
    assert sum(len(rows) for rows in committed.values()) == len(shapes)
    committed_codes = {
        (f or {}).get("code") or name for rows in committed.values() for name, f in rows.items()
    }
    assert committed_codes == {code for _, _, code, _ in shapes}


def test_every_modeled_error_shape_is_classified(session: botocore.session.Session) -> None:
    # The installed botocore's shapes, whichever botocore it is: each is its shape's class
    # in its service's namespace, as users of that botocore get its errors.
    shapes = modeled_shapes(session)
    assert len(shapes) > 3000
    # Shapes of one service that arrive with one code (botocore 1.34.0's CloudWatch, a query
    # service then: DashboardNotFoundError and ResourceNotFound both send ResourceNotFound)
    # cannot each get their own class: either one is right.
    sharing: dict[tuple[str, str], list[str]] = {}
    for service, name, code, _ in shapes:
        sharing.setdefault((service, code), []).append(name)
    failures = []
    for service, name, code, legacy in shapes:
        cls = awserrors.exception_class_for(code, service=service)
        if (
            cls is awserrors.AWSError
            or cls.__module__ != f"awserrors.services.{module_name(service)}"
            or cls.__qualname__ not in sharing[(service, code)]
        ):
            failures.append(f"{service} {name}: {code} gives {where(cls)}")
        error = client_error(legacy or code, query_code=code if legacy else None)
        if type(awserrors.handle_client_error(error, service=service)) is not cls:
            failures.append(f"{service} {name}: handle_client_error does not give {where(cls)}")
        if legacy and awserrors.exception_class_for(legacy, service=service) is awserrors.AWSError:
            failures.append(f"{service} {name}: legacy code {legacy} gives the root")
    print(f"\nbotocore {botocore.__version__}: {len(shapes)} shapes, {len(failures)} failures")
    print("\n".join(failures[:50]))
    assert [] == failures


def read_tsv(name: str) -> dict[str, set[str]]:
    """code -> the statuses a shared data file gives it (several rows may name one code)."""
    with (SHARED_DATA / name).open(encoding="utf-8") as stream:
        lines = [line for line in stream if not line.startswith("#")]
    found: dict[str, set[str]] = {}
    for record in csv.DictReader(lines, delimiter="\t"):
        found.setdefault(record["code"], set()).add(record["http_status"])
    return found


def test_every_documented_code_is_a_codes_class() -> None:
    # The repo's own YAML: every EC2, S3 and common row's wire code maps to its codes class.
    failures = []
    for row in ROWS:
        if row[0] in ("ec2", "s3", None):
            code = wire_code(row)
            found = awserrors.exception_class_for(code)
            if found is awserrors.AWSError or found.__module__ != "awserrors.codes":
                failures.append(f"{row}: {code} gives {where(found)}")
    assert [] == failures


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} (outside the repo) is absent")
@pytest.mark.parametrize(
    ("tsv", "yaml_file", "service"),
    [
        ("ec2_error_codes.tsv", "ec2.yaml", "ec2"),
        ("s3_error_codes.tsv", "s3.yaml", "s3"),
        ("common_error_codes.tsv", "common.yaml", None),
    ],
)
def test_the_yaml_holds_exactly_the_documented_codes(tsv: str, yaml_file: str, service: str | None) -> None:
    documented = read_tsv(tsv)
    data = safe_load(AWS_DIR / yaml_file)
    rows = data["services"][service] if service else data["errors"]
    by_code = {(fields or {}).get("code") or name: fields or {} for name, fields in rows.items()}
    assert sorted(documented) == sorted(by_code)
    failures = []
    for code, statuses in documented.items():
        status = by_code[code].get("http_status")
        numeric = {s for s in statuses if s.isdigit()}
        if numeric and str(status) not in numeric:
            failures.append(f"{code}: YAML status {status}, documented {sorted(statuses)}")
        if not numeric and status is not None:
            failures.append(f"{code}: YAML status {status}, documented none ({sorted(statuses)})")
        fault = {"4xx": "client", "5xx": "server"}
        if statuses <= set(fault) and {fault[s] for s in statuses} != {by_code[code].get("fault")}:
            failures.append(f"{code}: fault {by_code[code].get('fault')}, documented {sorted(statuses)}")
        if awserrors.exception_class_for(code) is not codes_class(code):
            failures.append(f"{code}: not awserrors.codes.{code_class_name(code)}")
    assert [] == failures


@needs_pinned_botocore
def test_import_botocore_check_passes_with_the_pinned_botocore(check_process: subprocess.Popen[str]) -> None:
    # Last in the file: the command has been running since the first test that loaded models.
    stdout, stderr = check_process.communicate(timeout=120)
    assert 0 == check_process.returncode, stdout[-3000:] + stderr[-3000:]
    assert "" == stdout
    assert f"0 difference(s) between {AWS_DIR / 'botocore.yaml'} and botocore {PINNED}" in stderr


@given(service=st.text(max_size=24) | st.sampled_from([*SERVICES, "lambda", "class", "9to5", "a-b-c", "é-x"]))
def test_a_services_module_name_is_its_name_with_every_non_identifier_character_as_underscore(
    service: str,
) -> None:
    """The documented rule (a regular expression), which the engine skips for names that are
    identifiers already: both give every service name, botocore's or any text, one answer."""
    from awserrors._rules import service_module_name

    expected = re.sub(r"\W", "_", service, flags=re.ASCII)
    expected = f"{expected}_" if keyword.iskeyword(expected) else expected
    assert expected == service_module_name(service)
    if service in SERVICES:
        assert module_name(service) == service_module_name(service)
