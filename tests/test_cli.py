"""The ``awserrors`` command: every subcommand, run in-process through ``main([...])``.

Expected values come from the YAML text, botocore's models and the taxonomy's
public lookups, not from the command's own helpers.  ``--json`` output must be
exactly one JSON document on stdout.
"""

from __future__ import annotations

import contextlib
import csv
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import botocore
import botocore.session
import pytest

import awserrors
import botocore_checks
from awserrors import __main__ as cli
from awserrors import _botocore_models, _cache, _cache_write
from awserrors.taxonomies import devops_agent, ec2_client

AWS_DIR = awserrors.mappings_dir() / "aws"
FIELDS = ["code", "service", "class", "category", "http_status", "retryable", "throttling"]
COMMANDS = ("validate", "lookup", "coverage", "catalog", "stubs", "import-botocore")
#: Children import the same awserrors this process did (the installed wheel, or src/).
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(
        [str(Path(awserrors.__file__).parents[1]), os.environ.get("PYTHONPATH", "")]
    ),
}


def pinned_botocore() -> str:
    first = (AWS_DIR / "botocore.yaml").read_text(encoding="utf-8").splitlines()[0]
    found = re.search(r"botocore (\S+)'s service models", first)
    assert found, first
    return found.group(1)


needs_pinned_botocore = pytest.mark.skipif(
    botocore.__version__ != pinned_botocore(),
    reason=f"botocore.yaml was imported from botocore {pinned_botocore()}, this interpreter has "
    f"botocore {botocore.__version__}; run it with the project's .venv/bin/python",
)


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    """``main(argv)``: its exit status, stdout and stderr."""
    status = cli.main(list(argv))
    out = capsys.readouterr()
    return status, out.out, out.err


def run_json(capsys: Any, *argv: str) -> Any:
    status, out, err = run(capsys, *argv, "--json")
    assert 0 == status, err
    return json.loads(out)  # the whole of stdout is one JSON document


def yaml_line(path: Path, service: str, name: str) -> int:
    """The line (from 1) of the row ``name`` under ``services: <service>:`` in a YAML file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  {service}:")
    for number in range(start + 1, len(lines)):
        if not lines[number].startswith("    "):
            break
        if lines[number].startswith(f"    {name}:"):
            return number + 1
    raise AssertionError(f"no row {service} {name} in {path}")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD = """\
    taxonomy: myapp
    service: dynamodb
    classes:
      AppError:
        doc: Any error of my app.
      QuotaError:
        parent: AppError
        http_statuses: [429]
        codes:
          - LimitExceededException
          - ProvisionedThroughputExceededException: {retryable: true, throttling: true, http_status: 400}
          - MadeUpQuotaCode
    """

BROKEN = """\
    taxonomy: myapp
    classes:
      AppError:
        doc: Any error of my app.
      QuotaError:
        parent: AppErr
        retriable: false
        http_statuses: [700]
    """


# --- help ---------------------------------------------------------------------------------------


def test_python_m_awserrors_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "awserrors", "--help"], capture_output=True, text=True, env=ENV, timeout=60
    )
    assert 0 == result.returncode, result.stderr
    assert result.stdout.startswith("usage: awserrors ")
    for command in COMMANDS:
        assert f"    {command}" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main([command, "--help"])
    assert 0 == exit_info.value.code
    assert capsys.readouterr().out.startswith(f"usage: awserrors {command} ")


def test_no_command_is_a_usage_error(capsys: Any) -> None:
    status, out, err = run(capsys)
    assert (2, "") == (status, out)
    assert [
        "awserrors: error: the following arguments are required: COMMAND (see awserrors --help)"
    ] == err.splitlines()


# --- lookup -------------------------------------------------------------------------------------


def test_lookup_a_service_row(capsys: Any) -> None:
    status, out, err = run(capsys, "lookup", "ConditionalCheckFailedException", "--service", "dynamodb")
    assert (0, "") == (status, err)
    lines = out.splitlines()
    raised_by, advice, declared = lines.pop(), lines.pop(), lines.pop()
    meaning = _botocore_models.shape_documentation("dynamodb", "ConditionalCheckFailedException")
    operations = awserrors.operations_raising("ConditionalCheckFailedException", service="dynamodb")
    assert f"raised by:   {', '.join(operations)}" == raised_by and "PutItem" in operations
    assert (
        advice
        == "advice:      " + "Not retryable: the same request fails the same way until something changes."
    )
    assert [
        "code:        ConditionalCheckFailedException (service dynamodb)",
        f"meaning:     {meaning}",
        "class:       awserrors.services.dynamodb.ConditionalCheckFailedException",
        "picked by:   the code, as the service's own class",
        "ancestry:    awserrors.services.dynamodb.ConditionalCheckFailedException",
        "             -> awserrors.codes.ConditionalCheckFailedException",
        "             -> awserrors.ConflictError",
        "             -> awserrors.AWSError",
        "             -> botocore.exceptions.ClientError",
        "category:    ConflictError",
        "retryable:   False",
        "throttling:  False",
        "http status: -",
    ] == lines
    # The row in botocore.yaml, not the curated overlay nor another service's row.
    expected = yaml_line(AWS_DIR / "botocore.yaml", "dynamodb", "ConditionalCheckFailedException")
    found = re.fullmatch(r"declared:    (.+):(\d+)", declared)
    assert found, declared
    assert found.group(1).replace(os.sep, "/").endswith("mappings/aws/botocore.yaml")
    assert Path(found.group(1)).resolve() == (AWS_DIR / "botocore.yaml").resolve()
    assert expected == int(found.group(2))


def test_lookup_json(capsys: Any) -> None:
    document = run_json(capsys, "lookup", "ConditionalCheckFailedException", "--service", "dynamodb")
    cls = awserrors.exception_class_for("ConditionalCheckFailedException", service="dynamodb")
    assert f"{cls.__module__}.{cls.__qualname__}" == document["class"]
    assert {
        "taxonomy": "aws",
        "code": "ConditionalCheckFailedException",
        "service": "dynamodb",
        "status": None,
        "operation": None,
        "class": "awserrors.services.dynamodb.ConditionalCheckFailedException",
        "picked_by": "service",
        "ancestry": [
            "awserrors.services.dynamodb.ConditionalCheckFailedException",
            "awserrors.codes.ConditionalCheckFailedException",
            "awserrors.ConflictError",
            "awserrors.AWSError",
            "botocore.exceptions.ClientError",
        ],
        "category": "ConflictError",
        "retryable": False,
        "throttling": False,
        "http_status": None,
        "line": yaml_line(AWS_DIR / "botocore.yaml", "dynamodb", "ConditionalCheckFailedException"),
        "did_you_mean": [],
        "meaning": _botocore_models.shape_documentation("dynamodb", "ConditionalCheckFailedException"),
        "operations": ["DeleteItem", "ExecuteStatement", "PutItem", "UpdateItem"],
        "advice": "Not retryable: the same request fails the same way until something changes.",
    } == {k: v for k, v in document.items() if k != "file"}
    assert Path(document["file"]).resolve() == (AWS_DIR / "botocore.yaml").resolve()
    assert document["operations"] == list(awserrors.operations_raising(document["code"], service="dynamodb"))


def test_lookup_lists_a_few_operations_and_json_all_of_them(capsys: Any) -> None:
    """A throttle any operation can meet: every operation of the service raises it."""
    everything = awserrors.operations_raising("ThrottlingException", service="sqs")
    assert len(everything) > 8
    status, out, _ = run(capsys, "lookup", "ThrottlingException", "--service", "sqs")
    [line] = [x for x in out.splitlines() if x.startswith("raised by:")]
    assert 0 == status
    shown, more = ", ".join(everything[:8]), len(everything) - 8
    assert line == f"raised by:   {shown} and {more} more (--json lists them)"
    document = run_json(capsys, "lookup", "ThrottlingException", "--service", "sqs")
    assert document["operations"] == list(everything)
    assert document["advice"].startswith("Retryable, a throttle")
    assert run_json(capsys, "lookup", "ThrottlingException")["operations"] is None  # no service: no list


def test_lookup_a_code_without_service(capsys: Any) -> None:
    document = run_json(capsys, "lookup", "ThrottlingException")
    assert "awserrors.codes.ThrottlingException" == document["class"]
    assert ("code", "ThrottlingError", True, True) == (
        document["picked_by"],
        document["category"],
        document["retryable"],
        document["throttling"],
    )
    # The code's class is declared at its first row, in botocore.yaml.
    assert Path(document["file"]).resolve().parent == AWS_DIR.resolve()


def test_lookup_a_status_fallback_and_the_flags_it_brings(capsys: Any) -> None:
    document = run_json(capsys, "lookup", "UnmappedCode", "--status", "503")
    # In the AWS-wide taxonomy the category rules place an unknown code by its status too.
    assert ("awserrors.ServiceUnavailableError", "category") == (document["class"], document["picked_by"])
    assert ["awserrors.ServiceUnavailableError", "awserrors.ServerError", "awserrors.AWSError"] == document[
        "ancestry"
    ][:3]
    assert (True, "ServiceUnavailableError") == (document["retryable"], document["category"])
    # A HEAD request's code is its status.
    assert "awserrors.NotFoundError" == run_json(capsys, "lookup", "404")["class"]


def test_lookup_an_unknown_code_is_placed_by_its_name_and_suggests_codes(capsys: Any) -> None:
    status, out, _ = run(capsys, "lookup", "NoSuchBucketX", "--service", "s3")
    assert 0 == status
    assert "class:       awserrors.NotFoundError" in out.splitlines()
    assert f"picked by:   {awserrors.Rule.CATEGORY.label}" in out.splitlines()
    assert "category:    NotFoundError" in out.splitlines()
    assert "NoSuchBucket" in run_json(capsys, "lookup", "NoSuchBucketX", "--service", "s3")["did_you_mean"]
    # A code nothing is known of, without a status: the root.
    unknown = run_json(capsys, "lookup", "UnmappedCode")
    assert ("awserrors.AWSError", "root") == (unknown["class"], unknown["picked_by"])


def test_lookup_in_a_shipped_taxonomy(capsys: Any) -> None:
    document = run_json(capsys, "lookup", "InvalidInstanceID.NotFound", "--taxonomy", "ec2_client")
    assert "awserrors.taxonomies.ec2_client.EC2InstanceNotFoundException" == document["class"]
    # Hand-written classes are their own category.
    assert "EC2InstanceNotFoundException" == document["category"]
    text = (awserrors.mappings_dir() / "ec2_client.yaml").read_text(encoding="utf-8").splitlines()
    assert text.index("  EC2InstanceNotFoundException:") + 1 == document["line"]

    by_operation = run_json(
        capsys, "lookup", "Whatever", "--operation", "RunInstances", "--taxonomy", "ec2_client"
    )
    assert ("operation", True) == (by_operation["picked_by"], by_operation["retryable"])
    assert by_operation["class"].endswith(".EC2InstanceCreationException")

    # A per-code override wins over the class's flags; its status is the code's own.
    limit = run_json(capsys, "lookup", "RequestLimitExceeded", "--taxonomy", "ec2_client")
    cls = ec2_client.EC2QuotaExceededException
    assert (False, False) == (cls.retryable, cls.throttling)
    assert (True, True, 503) == (limit["retryable"], limit["throttling"], limit["http_status"])

    auth = run_json(capsys, "lookup", "401", "--taxonomy", "devops_agent")
    assert auth["class"] == f"{devops_agent.UnauthorizedException.__module__}.UnauthorizedException"


def test_lookup_in_a_yaml_file(tmp_path: Path, capsys: Any) -> None:
    # A file name no other test loads in this process: a loaded module is named by the
    # file's stem, the first YAML of that stem taking the plain name.
    path = write(tmp_path, "cli_lookup.yaml", GOOD)
    document = run_json(capsys, "lookup", "ProvisionedThroughputExceededException", "--taxonomy", str(path))
    assert "awserrors.loaded.cli_lookup.QuotaError" == document["class"]
    assert (True, True, 400) == (document["retryable"], document["throttling"], document["http_status"])
    assert Path(document["file"]).resolve() == path.resolve()
    assert GOOD.splitlines().index("      QuotaError:") + 1 == document["line"]


def test_lookup_a_status_outside_http_is_a_usage_error(capsys: Any) -> None:
    status, out, err = run(capsys, "lookup", "X", "--status", "700")
    assert (2, "") == (status, out)
    assert [
        "awserrors lookup: error: argument --status: 700 is not an HTTP status; expected 100 to 599 "
        "(see awserrors lookup --help)"
    ] == err.splitlines()


def test_lookup_of_an_empty_code_is_an_error_without_a_code(capsys: Any) -> None:
    status, out, _ = run(capsys, "lookup", "", "--status", "404", "--json")
    document = json.loads(out)
    assert (0, None, "category", "awserrors.NotFoundError") == (
        status, document["code"], document["picked_by"], document["class"]
    )  # fmt: skip


# --- unknown names: exit 2 with did-you-mean, nothing on stdout ------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["lookup", "X", "--taxonomy", "ec2client"],
            "unknown taxonomy 'ec2client'; did you mean 'ec2_client'?",
        ),
        (["catalog", "--taxonomy", "awz"], "unknown taxonomy 'awz'; did you mean 'aws'?"),
        (["coverage", "--taxonomy", "devops-agent"], "did you mean 'devops_agent'?"),
        (["stubs", "--taxonomy", "no.such.module"], "unknown taxonomy 'no.such.module'"),
        (["lookup", "X", "--service", "dynamo"], "unknown service 'dynamo'; did you mean 'dynamodb'"),
        (["catalog", "--service", "lamda"], "unknown service 'lamda'; did you mean 'lambda'"),
        (["coverage", "--service", "s4"], "unknown service 's4'; did you mean 's3'"),
        (["lookup", "X", "--taxonomy", "missing.yaml"], "missing.yaml: no such file"),
        (["validate", "missing.yaml"], "missing.yaml: no such file"),
        (["lookup", "X", "--operation", ""], "argument --operation: empty; give a value"),
        (["lookup", "X", "--service", " "], "argument --service: empty; give a value"),
    ],
)
def test_unknown_names_are_usage_errors(argv: list[str], message: str, capsys: Any) -> None:
    status, out, err = run(capsys, *argv)
    assert (2, "") == (status, out)
    assert f"awserrors {argv[0]}: error: " in err
    assert message in err
    assert "Traceback" not in err


# --- validate -----------------------------------------------------------------------------------


def test_validate_a_good_file(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, "errors.yaml", GOOD)
    assert (0, "ok: taxonomy 'myapp': 2 classes, 3 codes\n", "") == run(capsys, "validate", str(path))
    assert {
        "ok": True,
        "files": [str(path)],
        "taxonomy": "myapp",
        "extends": None,
        "classes": 2,
        "codes": 3,
    } == (run_json(capsys, "validate", str(path)))


def test_validate_a_broken_file_prints_every_problem(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, "errors.yaml", BROKEN)
    with pytest.raises(awserrors.MappingError) as raised:
        awserrors.load(path)
    problems = raised.value.problems
    assert 3 == len(problems)
    status, out, err = run(capsys, "validate", str(path))
    assert (1, "") == (status, out)
    assert [*problems, "3 problems"] == err.splitlines()
    for line in problems:
        assert line.startswith(f"{path}:")
    assert any("did you mean 'retryable'?" in line for line in problems)

    status, out, err = run(capsys, "validate", str(path), "--json")
    assert (1, "") == (status, err)
    assert {
        "ok": False,
        "error": "3 problems",
        "files": [str(path)],
        "problems": list(problems),
    } == json.loads(out)


def test_validate_loads_the_files_as_one_taxonomy(tmp_path: Path, capsys: Any) -> None:
    extension = write(
        tmp_path,
        "more.yaml",
        """\
        taxonomy: myapp
        classes:
          VpcMissing:
            parent: QuotaError
            codes: [InvalidVpcID.NotFound]
        """,
    )
    base = write(tmp_path, "errors.yaml", GOOD)
    assert 0 == run(capsys, "validate", str(base), str(extension))[0]
    # Alone, the second file's parent is unknown.
    status, _, err = run(capsys, "validate", str(extension))
    assert 1 == status
    assert "unknown parent 'QuotaError'" in err


def test_validate_an_extension_and_the_shipped_yaml(tmp_path: Path, capsys: Any) -> None:
    path = write(
        tmp_path,
        "mine.yaml",
        """\
        taxonomy: myapp_ec2
        extends: awserrors.taxonomies.ec2_client
        classes:
          VpcMissing:
            parent: EC2InvalidParameterException
            codes: [InvalidVpcID.NotFound]
        """,
    )
    base = ec2_client.taxonomy
    document = run_json(capsys, "validate", str(path))
    assert ("awserrors.taxonomies.ec2_client", len(base.qualified_names) + 1) == (
        document["extends"],
        document["classes"],
    )
    status, out, _ = run(capsys, "validate", str(awserrors.mappings_dir() / "devops_agent.yaml"))
    assert 0 == status
    assert out.startswith("ok: taxonomy 'devops_agent': ")


#: A module whose import leaves a marker file (its path in $MARKER) and then fails: a YAML
#: that names it runs code when it is loaded.
MARKING_MODULE = """\
import os, pathlib
pathlib.Path(os.environ["NO_IMPORT_MARKER"]).write_text("imported")
raise RuntimeError("this module must not be imported")
"""

#: Names the module as a parent, as a network exception and (in the second file) as the taxonomy
#: to extend; the rest is valid.
NAMES_A_MODULE = """\
    taxonomy: noimport_app
    classes:
      AppError:
        doc: Any error of my app.
      NotFoundError:
        parent: [AppError, "noimport_marking.base:LookupProblem"]
        codes: [NoSuchThing]
      Gone:
        parent: NotFoundError
        codes: [Gone]
      AppNetworkError:
        parent: botocore.exceptions.BotoCoreError
        exceptions: [botocore.exceptions.EndpointConnectionError, noimport_marking.base.NetProblem]
    """

EXTENDS_A_MODULE = """\
    taxonomy: noimport_extension
    extends: noimport_marking.taxonomy
    classes:
      ItsOwnError:
        parent: SomeClassOfTheBase
        codes: [Mine]
    """


def marking_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``noimport_marking`` importable from ``tmp_path``; the marker file it would write."""
    package = tmp_path / "noimport_marking"
    package.mkdir()
    (package / "__init__.py").write_text(MARKING_MODULE)
    (package / "base.py").write_text("")
    marker = tmp_path / "imported.marker"
    monkeypatch.setenv("NO_IMPORT_MARKER", str(marker))
    monkeypatch.syspath_prepend(str(tmp_path))
    return marker


def test_validate_no_import_imports_nothing_the_files_name(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = marking_module(tmp_path, monkeypatch)
    path = write(tmp_path, "noimport_app.yaml", NAMES_A_MODULE)
    extension = write(tmp_path, "noimport_extension.yaml", EXTENDS_A_MODULE)

    status, out, err = run(capsys, "validate", "--no-import", str(path))
    assert (0, "") == (status, err)
    assert [
        "not imported: noimport_marking.base:LookupProblem (parent of NotFoundError)",
        "not imported: noimport_marking.base.NetProblem (exception of AppNetworkError)",
        "ok, nothing imported: taxonomy 'noimport_app': these files declare 4 classes, 2 codes",
    ] == out.splitlines()
    status, out, err = run(capsys, "validate", "--no-import", str(extension))
    assert (0, "") == (status, err)
    assert [
        "not imported: noimport_marking.taxonomy (extends)",
        "not imported: SomeClassOfTheBase of noimport_marking.taxonomy (parent of ItsOwnError)",
    ] == out.splitlines()[:2]
    document = run_json(capsys, "validate", "--no-import", str(path))
    assert (True, 4, 2) == (document["ok"], document["classes"], document["codes"])
    assert 2 == len(document["not_imported"])
    assert not marker.exists()
    assert "noimport_marking" not in sys.modules

    # The control: validating without --no-import runs the module's code (in a child process,
    # so that this one never imports it).
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(tmp_path), ENV["PYTHONPATH"]])}
    done = subprocess.run(
        [sys.executable, "-m", "awserrors", "validate", str(path)],
        capture_output=True,
        text=True,
        env={**env, "NO_IMPORT_MARKER": str(marker)},
        timeout=120,
    )
    assert 1 == done.returncode
    assert "this module must not be imported" in done.stderr
    assert marker.exists()


def test_validate_no_import_still_reports_what_is_wrong(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = marking_module(tmp_path, monkeypatch)
    path = write(
        tmp_path,
        "noimport_broken.yaml",
        NAMES_A_MODULE.replace("codes: [Gone]", "codes: [NoSuchThing]\n        retriable: true")
        + "  Timeout:\n        parent: AppNetworkError\n"
        "        exceptions: [botocore.exceptions.NoSuchException]\n",
    )
    status, out, err = run(capsys, "validate", "--no-import", str(path))
    assert 1 == status
    assert "not imported: noimport_marking.base:LookupProblem (parent of NotFoundError)" in out
    problems = err.splitlines()
    assert "3 problems" == problems[-1], err
    assert "code 'NoSuchThing' is already mapped to NotFoundError" in problems[0]
    assert "classes.Gone.retriable: unknown key; did you mean 'retryable'?" in problems[1]
    assert "'botocore.exceptions.NoSuchException' does not import" in problems[2]
    assert not marker.exists()
    document = json.loads(run(capsys, "validate", "--no-import", str(path), "--json")[1])
    assert (False, "3 problems", problems[:-1]) == (document["ok"], document["error"], document["problems"])


# --- coverage -----------------------------------------------------------------------------------


def modeled_error_shapes(service: str) -> list[str]:
    session = botocore_checks.session()
    model = session.get_component("data_loader").load_service_model(service, "service-2")
    return sorted(name for name, shape in model["shapes"].items() if shape.get("exception"))


@needs_pinned_botocore
def test_coverage_of_dynamodb_has_no_gaps(capsys: Any) -> None:
    shapes = modeled_error_shapes("dynamodb")
    status, out, err = run(capsys, "coverage", "--service", "dynamodb", "--fail-on-gaps")
    assert (0, "") == (status, err)
    n = len(shapes)
    assert [
        f"taxonomy 'aws' against botocore {botocore.__version__}, service dynamodb: {n} modeled error codes",
        f"mapped:   {n} ({n} by the service's own class, 0 by a class for every service)",
        "unmapped: 0",
        "documented, not modeled: 0",
    ] == out.splitlines()
    document = run_json(capsys, "coverage", "--service", "dynamodb")
    [report] = document["services"]
    assert shapes == sorted(m["shape"] for m in report["mapped"])
    assert (n, n, 0) == (document["modeled"], document["mapped"], document["unmapped"])


@needs_pinned_botocore
def test_coverage_reports_documented_codes_botocore_does_not_model(capsys: Any) -> None:
    document = run_json(capsys, "coverage", "--service", "s3")
    [report] = document["services"]
    modeled = set(modeled_error_shapes("s3"))
    assert "NoSuchKey" in modeled
    assert "NoSuchKey" not in report["documented_not_modeled"]
    assert {"NoSuchVersion", "SlowDown", "BucketNotEmpty"} <= set(report["documented_not_modeled"])
    assert not set(report["documented_not_modeled"]) & modeled
    assert 0 == document["unmapped"]


def test_coverage_of_a_user_taxonomy_lists_its_gaps(tmp_path: Path, capsys: Any) -> None:
    path = write(tmp_path, "cli_coverage.yaml", GOOD)  # a stem of its own (see above)
    shapes = modeled_error_shapes("dynamodb")
    status, out, _ = run(capsys, "coverage", "--taxonomy", str(path), "--fail-on-gaps")
    assert 1 == status
    mine = {"LimitExceededException", "ProvisionedThroughputExceededException"}
    gaps = [line for line in out.splitlines() if line.startswith("  dynamodb ")]
    assert [
        f"  dynamodb {s}: falls back to awserrors.loaded.cli_coverage.AppError"
        for s in shapes
        if s not in mine
    ] == gaps
    assert out.splitlines()[-2:] == ["documented, not modeled: 1", "  MadeUpQuotaCode"]
    # Without --fail-on-gaps the report is the same and the exit status 0.
    assert 0 == run(capsys, "coverage", "--taxonomy", str(path))[0]


def test_a_code_mapped_only_for_some_operations(tmp_path: Path, capsys: Any) -> None:
    path = write(
        tmp_path,
        "ops.yaml",
        """\
        taxonomy: ops
        service: dynamodb
        classes:
          AppError: {}
          PutConflict:
            parent: AppError
            codes: [{ConditionalCheckFailedException: {operations: [PutItem]}}]
        """,
    )
    code = "ConditionalCheckFailedException"
    picked = run_json(capsys, "lookup", code, "--operation", "put_item", "--taxonomy", str(path))
    assert ("code_operation", "awserrors.loaded.ops.PutConflict") == (picked["picked_by"], picked["class"])
    assert "root" == run_json(capsys, "lookup", code, "--taxonomy", str(path))["picked_by"]
    # Without an operation the lookup falls back: coverage counts it as a gap.
    [report] = run_json(capsys, "coverage", "--taxonomy", str(path))["services"]
    assert code in [gap["code"] for gap in report["unmapped"]]
    assert [] == report["mapped"]


def test_coverage_of_a_service_botocore_does_not_have(capsys: Any) -> None:
    document = run_json(capsys, "coverage", "--taxonomy", "devops_agent")
    [report] = document["services"]
    assert ("community-devops-agent", False, 0) == (
        report["service"],
        report["in_botocore"],
        report["modeled"],
    )
    assert set(devops_agent.taxonomy.codes) == set(report["documented_not_modeled"])


# --- catalog ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def aws_catalog() -> list[dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert 0 == cli.main(["catalog", "--json"])
    rows: list[dict[str, Any]] = json.loads(out.getvalue())
    return rows


def test_catalog_has_a_row_per_service_code_and_per_code(aws_catalog: list[dict[str, Any]]) -> None:
    mappings = list(awserrors.aws.mappings())
    service_rows = sum(1 for m in mappings if m.rule is awserrors.Rule.SERVICE_CODE)
    assert service_rows + len(awserrors.aws.codes) == len(aws_catalog)
    assert 0 == sum(1 for m in mappings if m.rule is awserrors.Rule.OPERATION_CODE)
    keys = [(row["service"], row["code"]) for row in aws_catalog]
    assert len(set(keys)) == len(keys)
    assert len(awserrors.aws.codes) == sum(1 for row in aws_catalog if row["service"] == "*")


def test_catalog_rows_agree_with_the_lookups(aws_catalog: list[dict[str, Any]]) -> None:
    by_key = {(row["service"], row["code"]): row for row in aws_catalog}
    assert {
        "code": "ConditionalCheckFailedException",
        "service": "dynamodb",
        "operation": None,
        "class": "awserrors.services.dynamodb.ConditionalCheckFailedException",
        "category": "ConflictError",
        "http_status": None,
        "retryable": False,
        "throttling": False,
    } == by_key[("dynamodb", "ConditionalCheckFailedException")]
    assert {
        "code": "InvalidInstanceID.NotFound",
        "service": "*",
        "operation": None,
        "class": "awserrors.codes.InvalidInstanceID_NotFound",
        "category": "NotFoundError",
        # No row states a status: the code's class claims none (EC2 sends 400, not its category's 404).
        "http_status": None,
        "retryable": False,
        "throttling": False,
    } == by_key[("*", "InvalidInstanceID.NotFound")]
    assert (429, True, True) == tuple(
        by_key[("account", "TooManyRequestsException")][k] for k in ("http_status", "retryable", "throttling")
    )
    mismatched = []
    for row in aws_catalog[::97]:  # a sample across services
        service = None if row["service"] == "*" else row["service"]
        cls = awserrors.exception_class_for(row["code"], service=service)
        if f"{cls.__module__}.{cls.__qualname__}" != row["class"] or not issubclass(
            cls, getattr(awserrors, row["category"])
        ):
            mismatched.append(row)
    assert [] == mismatched


def test_catalog_formats(capsys: Any) -> None:
    rows = run_json(capsys, "catalog", "--service", "dynamodb")
    dynamodb = [m for m in awserrors.aws.mappings() if m.service == "dynamodb"]
    assert len(dynamodb) == len(rows)
    assert {"dynamodb"} == {row["service"] for row in rows}

    status, out, _ = run(capsys, "catalog", "--service", "dynamodb", "--format", "csv")
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert 0 == status
    assert FIELDS == list(parsed[0])
    assert [row["code"] for row in rows] == [row["code"] for row in parsed]
    assert {"True", "False"} >= {row["retryable"] for row in parsed}

    _, out, _ = run(capsys, "catalog", "--service", "dynamodb", "--format", "markdown")
    lines = out.splitlines()
    assert "| code | service | class | category | http_status | retryable | throttling |" == lines[0]
    assert "| --- | --- | --- | --- | --- | --- | --- |" == lines[1]
    assert len(rows) + 2 == len(lines)

    _, out, _ = run(capsys, "catalog", "--service", "dynamodb")
    lines = out.splitlines()
    assert FIELDS == lines[0].split()
    assert len(rows) + 1 == len(lines)
    row = next(line for line in lines if line.startswith("ConditionalCheckFailedException "))
    assert [
        "ConditionalCheckFailedException",
        "dynamodb",
        "awserrors.services.dynamodb.ConditionalCheckFailedException",
        "ConflictError",
        "-",
        "False",
        "False",
    ] == row.split()


def test_catalog_of_a_hand_written_taxonomy(tmp_path: Path, capsys: Any) -> None:
    rows = run_json(capsys, "catalog", "--taxonomy", "ec2_client")
    assert sorted(ec2_client.taxonomy.codes) == [row["code"] for row in rows]
    limit = next(row for row in rows if row["code"] == "RequestLimitExceeded")
    assert ("*", "EC2QuotaExceededException", 503, True, True) == (
        limit["service"],
        limit["category"],
        limit["http_status"],
        limit["retryable"],
        limit["throttling"],
    )
    # Codes mapped for single operations get rows of their own, and an operation column.
    path = write(
        tmp_path,
        "ops.yaml",
        """\
        taxonomy: ops
        classes:
          AppError: {}
          LaunchError:
            parent: AppError
            codes: [{InsufficientInstanceCapacity: {operations: [RunInstances]}}]
        """,
    )
    rows = run_json(capsys, "catalog", "--taxonomy", str(path))
    # awserrors.loaded.ops, or ops_<CRC> when this process loaded another ops.yaml before.
    module = awserrors.load(path).module_name
    assert [("InsufficientInstanceCapacity", "run_instances", f"{module}.LaunchError")] == [
        (row["code"], row["operation"], row["class"]) for row in rows
    ]
    _, out, _ = run(capsys, "catalog", "--taxonomy", str(path), "--format", "csv")
    assert out.splitlines()[0] == "code,service,operation,class,category,http_status,retryable,throttling"


def test_catalog_json_and_format_exclude_each_other(capsys: Any) -> None:
    status, out, err = run(capsys, "catalog", "--json", "--format", "csv")
    assert 2 == status
    message = "argument --format: not allowed with argument --json (see awserrors catalog --help)"
    assert [f"awserrors catalog: error: {message}"] == err.splitlines()
    assert {"error": message} == json.loads(out)  # --json was asked for: the error is JSON too


# --- stubs --------------------------------------------------------------------------------------


def test_stubs_writes_the_files_write_stubs_returns(tmp_path: Path, capsys: Any) -> None:
    if importlib.util.find_spec("awserrors._stubs") is None:
        pytest.skip("awserrors._stubs (write_stubs) is not in this awserrors yet")
    output = tmp_path / "typings"
    status, out, err = run(capsys, "stubs", "--taxonomy", "ec2_client", "--output", str(output))
    assert 0 == status, err
    header, *lines = out.splitlines()
    listed = [Path(line.strip()) for line in lines]
    assert f"wrote {len(listed)} stub file" in header
    assert listed
    for path in listed:
        assert path.is_file()
        assert output.resolve() in path.resolve().parents


def test_import_botocore_never_writes_into_the_installed_package(capsys: Any) -> None:
    from awserrors import _cli

    shipped = awserrors.mappings_dir() / "aws" / "botocore.yaml"
    if not _cli._inside_installed_package(shipped):
        pytest.skip("run from a checkout: the default output is the checkout's mappings/")
    before = shipped.read_bytes()
    status, _, err = run(capsys, "import-botocore")
    assert 2 == status
    assert "--output" in err and "installed package" in err
    assert before == shipped.read_bytes()


# --- bad input: one line naming the problem, never a traceback (issue 13) -------------------

#: The commands that take --json.
JSON_COMMANDS = ("validate", "lookup", "coverage", "catalog", "cache")

#: A stand-in for a bug in awserrors (no bug is known to trigger on purpose): a module that
#: passes for a generated one, whose taxonomy raises what awserrors never expects.
BUGGY_MODULE = """\
from awserrors._taxonomy import Taxonomy


class Buggy(Taxonomy):
    @property
    def tables(self):
        raise ZeroDivisionError("a stand-in for a bug")


__awserrors_taxonomy__ = Buggy.__new__(Buggy)
"""


@pytest.fixture
def bad_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of bad inputs, made the working folder and put on the path.  Every YAML and
    module stem starts with badinput_: a YAML's stem names the module load() makes, and a
    module imported stays imported, for the whole test process."""
    texts = {
        "badinput_raises.py": "raise RuntimeError('boom at import')\n",
        "badinput_exits.py": "raise SystemExit(3)\n",
        "badinput_needs_dep.py": "import badinput_no_such_dependency\n",
        "badinput_not_taxonomy.py": "x = 1\n",
        "badinput_buggy.py": BUGGY_MODULE,
        "badinput_empty.yaml": "",
        "badinput_broken.yaml": "taxonomy: [\n",
        "badinput_list.yaml": "- 1\n- 2\n",
        "a_file.txt": "not a folder\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "badinput_latin1.yaml").write_bytes(b"taxonomy: caf\xe9\nclasses: {}\n")
    (tmp_path / "badinput_nul.yaml").write_bytes(b"taxonomy: x\x00\nclasses: {}\n")
    (tmp_path / "a_folder").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def rows(*table: tuple[str, str, int, str]) -> list[Any]:
    """Parametrized cases, one per row: its id, the command line, the exit status, and what
    stderr (and the JSON error) must say: the problem and the path, module or name at fault."""
    return [pytest.param(shlex.split(line), status, says, id=case) for case, line, status, says in table]


BAD_INPUTS = rows(
    ("validate-missing-file", "validate nothere.yaml", 2, "nothere.yaml: no such file"),
    ("validate-a-folder", "validate a_folder", 2, "a_folder: a folder, not a YAML file"),
    ("validate-empty-path", "validate ''", 2, "argument PATH: empty"),
    (
        "validate-empty-file",
        "validate badinput_empty.yaml",
        1,
        "badinput_empty.yaml:1:1: (file): the file is empty",
    ),
    ("validate-not-utf8", "validate badinput_latin1.yaml", 1, "badinput_latin1.yaml:1:14: (file): byte 0xe9"),
    ("validate-nul-byte", "validate badinput_nul.yaml", 1, "badinput_nul.yaml:1:12: (syntax): invalid YAML"),
    (
        "validate-not-a-mapping",
        "validate badinput_list.yaml",
        1,
        "badinput_list.yaml:1:1: (file): expected a",
    ),
    ("validate-no-import-nul-byte", "validate --no-import badinput_nul.yaml", 1, "badinput_nul.yaml:1:12:"),
    (
        "validate-no-import-a-folder",
        "validate --no-import a_folder",
        2,
        "a_folder: a folder, not a YAML file",
    ),
    (
        "lookup-module-raises-at-import",
        "lookup X --taxonomy badinput_raises",
        2,
        "the module 'badinput_raises' raised RuntimeError on import: boom at import",
    ),
    (
        "lookup-module-exits-at-import",
        "lookup X --taxonomy badinput_exits",
        2,
        "the module 'badinput_exits' raised SystemExit on import: 3",
    ),
    (
        "lookup-module-missing",
        "lookup X --taxonomy badinput_no_pkg.errors",
        2,
        "unknown taxonomy 'badinput_no_pkg.errors': no module named 'badinput_no_pkg'; set PYTHONPATH",
    ),
    (
        "lookup-module-dependency-missing",
        "lookup X --taxonomy badinput_needs_dep",
        2,
        "the module 'badinput_needs_dep' does not import: No module named 'badinput_no_such_dependency'",
    ),
    (
        "lookup-module-not-a-taxonomy",
        "lookup X --taxonomy badinput_not_taxonomy",
        2,
        "the module 'badinput_not_taxonomy' is not a taxonomy",
    ),
    (
        "lookup-yaml-broken",
        "lookup X --taxonomy badinput_broken.yaml",
        1,
        "badinput_broken.yaml: the YAML does not load (1 problem)",
    ),
    ("lookup-yaml-missing", "lookup X --taxonomy nothere.yaml", 2, "nothere.yaml: no such file"),
    ("lookup-yaml-a-folder", "lookup X --taxonomy a_folder", 2, "a_folder: a folder, not a YAML file"),
    (
        "lookup-unknown-taxonomy",
        "lookup X --taxonomy ec2client",
        2,
        "unknown taxonomy 'ec2client'; did you mean",
    ),
    ("lookup-empty-taxonomy", "lookup X --taxonomy ''", 2, "argument --taxonomy: empty"),
    ("lookup-unknown-service", "lookup X --service no-such-service", 2, "unknown service 'no-such-service'"),
    ("lookup-status-not-http", "lookup X --status 700", 2, "argument --status: 700 is not an HTTP status"),
    ("lookup-no-code", "lookup", 2, "the following arguments are required: CODE"),
    ("lookup-unknown-option", "lookup X --bogus", 2, "unrecognized arguments: --bogus"),
    (
        "lookup-a-bug",
        "lookup X --taxonomy badinput_buggy",
        3,
        "unexpected ZeroDivisionError: a stand-in for a bug (set AWSERRORS_TRACEBACK=1",
    ),
    (
        "coverage-unknown-service",
        "coverage --service no-such-service",
        2,
        "unknown service 'no-such-service'",
    ),
    ("coverage-yaml-empty", "coverage --taxonomy badinput_empty.yaml", 1, "badinput_empty.yaml:1:1: (file)"),
    (
        "coverage-module-raises-at-import",
        "coverage --taxonomy badinput_raises",
        2,
        "the module 'badinput_raises' raised RuntimeError",
    ),
    (
        "catalog-yaml-not-utf8",
        "catalog --taxonomy badinput_latin1.yaml",
        1,
        "badinput_latin1.yaml:1:14: (file)",
    ),
    (
        "catalog-unknown-service",
        "catalog --service lamda",
        2,
        "unknown service 'lamda'; did you mean 'lambda'",
    ),
    (
        "catalog-module-not-a-taxonomy",
        "catalog --taxonomy os.path",
        2,
        "the module 'os.path' is not a taxonomy",
    ),
    ("stubs-output-in-proc", "stubs --taxonomy ec2_client --output /proc/nope", 2, "/proc/nope"),
    ("stubs-output-a-file", "stubs --output a_file.txt", 2, "a_file.txt: not a folder"),
    ("stubs-output-below-a-file", "stubs --taxonomy ec2_client --output a_file.txt/sub", 2, "a_file.txt/sub"),
    ("stubs-output-empty", "stubs --output ''", 2, "argument --output: empty"),
    (
        "stubs-module-raises-at-import",
        "stubs --taxonomy badinput_raises --output typings",
        2,
        "the module 'badinput_raises' raised RuntimeError",
    ),
    ("stubs-yaml-nul-byte", "stubs --taxonomy badinput_nul.yaml", 1, "badinput_nul.yaml:1:12: (syntax)"),
    (
        "cache-module-raises-at-import",
        "cache --taxonomy badinput_raises",
        2,
        "the module 'badinput_raises' raised RuntimeError",
    ),
    ("cache-yaml-missing", "cache --taxonomy nothere.yaml", 2, "nothere.yaml: no such file"),
    (
        "cache-yaml-broken",
        "cache --clear --taxonomy badinput_broken.yaml",
        1,
        "badinput_broken.yaml:2:1: (syntax)",
    ),
    (
        "import-botocore-output-in-no-folder",
        "import-botocore --output no_such_dir/bc.yaml",
        2,
        "no_such_dir/bc.yaml: no folder no_such_dir to write it in",
    ),
    ("import-botocore-output-a-folder", "import-botocore --output a_folder", 2, "a_folder: Is a directory"),
    ("import-botocore-output-empty", "import-botocore --output ''", 2, "argument --output: empty"),
    (
        "import-botocore-check-missing-file",
        "import-botocore --check --output nothere.yaml",
        1,
        "nothere.yaml: no such file; run `awserrors import-botocore` to write it",
    ),
    (
        "import-botocore-check-a-folder",
        "import-botocore --check --output a_folder",
        2,
        "a_folder: a folder, not a YAML file",
    ),
    (
        "import-botocore-check-empty-file",
        "import-botocore --check --output badinput_empty.yaml",
        1,
        "badinput_empty.yaml:1:1: (file): the file is empty",
    ),
    (
        "import-botocore-check-not-utf8",
        "import-botocore --check --output badinput_latin1.yaml",
        1,
        "badinput_latin1.yaml:1:14: (file): byte 0xe9 is not UTF-8",
    ),
    (
        "import-botocore-check-not-rows",
        "import-botocore --check --output badinput_list.yaml",
        1,
        "badinput_list.yaml:1:1: (file): expected a mapping",
    ),
)

#: A problem of a YAML file, as validate prints it: file:line:column: what.
PROBLEM_LINE = re.compile(r".+:\d+:\d+: \S")


def assert_one_error_line(command: str, err: str) -> None:
    """stderr is one line saying what went wrong, after the problems of a YAML that does not load."""
    *problems, last = err.splitlines() or [""]
    assert all(PROBLEM_LINE.match(line) for line in problems), err
    if command == "validate" and problems:  # validate's report: the problems, then their count
        assert re.fullmatch(r"\d+ problems?", last), err
    else:
        assert last.startswith(f"awserrors {command}: error: "), err


@pytest.mark.parametrize(("argv", "status", "says"), BAD_INPUTS)
def test_bad_input_gets_one_line_never_a_traceback(
    bad_inputs: Path, argv: list[str], status: int, says: str, capsys: Any
) -> None:
    if any(arg.startswith("/proc/") for arg in argv) and not os.path.isdir("/proc/self"):
        pytest.skip("no /proc here: the case is Linux's")
    command = argv[0]
    got, out, err = run(capsys, *argv)
    assert (status, "") == (got, out), err
    assert "Traceback" not in err
    assert says in err
    assert_one_error_line(command, err)
    if command not in JSON_COMMANDS:
        return
    got, out, err = run(capsys, *argv, "--json")
    assert status == got, err
    assert "Traceback" not in out + err
    document = json.loads(out)  # the whole of stdout: exactly one JSON document
    assert isinstance(document, dict), out
    assert isinstance(document["error"], str) and "\n" not in document["error"], out
    assert says in "\n".join([document["error"], *document.get("problems", [])])
    if err:  # validate --json says it all on stdout
        assert_one_error_line(command, err)


def test_a_file_name_that_is_not_utf8(tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    name = os.fsdecode(b"badinput_\xffname.yaml")  # the byte 0xff as the surrogate \udcff
    try:
        write(tmp_path, name, GOOD)
    except (OSError, UnicodeEncodeError) as error:
        pytest.skip(f"this file system does not take the name b'badinput_\\xffname.yaml': {error}")
    monkeypatch.chdir(tmp_path)
    assert (0, "ok: taxonomy 'myapp': 2 classes, 3 codes\n", "") == run(capsys, "validate", name)
    status, out, err = run(capsys, "lookup", "MadeUpQuotaCode", "--taxonomy", name)
    assert (0, "") == (status, err)
    line = GOOD.splitlines().index("      QuotaError:") + 1
    # Printed as stderr prints it, so that a strict UTF-8 stdout can take it.
    [declared] = [x for x in out.splitlines() if x.startswith("declared:")]
    assert f"declared:    badinput_\\xffname.yaml:{line}" == declared


def test_a_bug_shows_its_traceback_on_request(
    bad_inputs: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWSERRORS_TRACEBACK", "1")
    with pytest.raises(ZeroDivisionError, match="a stand-in for a bug"):
        cli.main(["lookup", "X", "--taxonomy", "badinput_buggy"])
    # Errors of the user's own making stay one line.
    assert 2 == run(capsys, "lookup", "X", "--taxonomy", "badinput_raises")[0]


def test_the_command_says_when_a_module_is_in_the_folder_it_does_not_search(tmp_path: Path) -> None:
    """The ``awserrors`` script does not put the working folder on the path (python -P does
    the same); ``python -m awserrors`` does."""
    (tmp_path / "badinput_shop").mkdir()
    (tmp_path / "badinput_shop" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "badinput_shop" / "errors.py").write_text("x = 1\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(awserrors.__file__).parents[1])}  # no empty entry
    argv = ["-m", "awserrors", "lookup", "X", "--taxonomy", "badinput_shop.errors", "--json"]
    script = subprocess.run(
        [sys.executable, "-P", *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert 2 == script.returncode, script.stderr
    assert [
        "awserrors lookup: error: unknown taxonomy 'badinput_shop.errors': no module named 'badinput_shop'; "
        "badinput_shop is in the current folder, which the awserrors command does not search: "
        "run it as PYTHONPATH=. awserrors ... or python -m awserrors ..."
    ] == script.stderr.splitlines()
    assert {"error": script.stderr.strip().partition(": error: ")[2]} == json.loads(script.stdout)
    # With the folder on the path the module is found, and it is not a taxonomy.
    module = subprocess.run(
        [sys.executable, *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert 2 == module.returncode
    assert "the module 'badinput_shop.errors' is not a taxonomy" in module.stderr


PERMISSION_CASES = rows(
    ("validate-unreadable", "validate unreadable.yaml", 1, "unreadable.yaml:1:1: (file): cannot be read"),
    (
        "lookup-unreadable-taxonomy",
        "lookup X --taxonomy unreadable.yaml",
        1,
        "unreadable.yaml:1:1: (file): cannot be read: Permission denied",
    ),
    (
        "stubs-read-only-folder",
        "stubs --taxonomy ec2_client --output read_only/typings",
        2,
        "read_only/typings: Permission denied",
    ),
    (
        "import-botocore-read-only-folder",
        "import-botocore --output read_only/bc.yaml",
        2,
        "read_only/bc.yaml: Permission denied",
    ),
    (
        "import-botocore-check-unreadable",
        "import-botocore --check --output unreadable.yaml",
        2,
        "unreadable.yaml: Permission denied",
    ),
)


@pytest.mark.parametrize(("argv", "status", "says"), PERMISSION_CASES)
def test_unreadable_and_unwritable_paths(tmp_path: Path, argv: list[str], status: int, says: str) -> None:
    """Run as a user the permissions apply to: this one, or nobody when this one is root."""
    as_user: list[str] = []
    if os.geteuid() == 0:  # root reads and writes whatever the mode bits say
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, who ignores file modes, and no setpriv to run as nobody")
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {k: v for k, v in ENV.items() if not k.startswith("AWSERRORS_")}
    env.update(AWSERRORS_NO_CACHE="1", HOME="/nonexistent")
    readable = subprocess.run(
        [*as_user, sys.executable, "-c", "import awserrors"], env=env, capture_output=True, timeout=120
    )
    if readable.returncode != 0:
        pytest.skip(f"the user the test runs as cannot import awserrors: {readable.stderr.decode()[-300:]}")
    tmp_path.chmod(0o755)  # the process works in it (by relative paths) as the other user
    (tmp_path / "unreadable.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "unreadable.yaml").chmod(0o000)
    (tmp_path / "read_only").mkdir(mode=0o555)
    for extra in ([], ["--json"]) if argv[0] in JSON_COMMANDS else ([],):
        done = subprocess.run(
            [*as_user, sys.executable, "-m", "awserrors", *argv, *extra],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert status == done.returncode, done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        if extra:
            document = json.loads(done.stdout)  # the whole of stdout: exactly one JSON document
            assert says in "\n".join([document["error"], *document.get("problems", [])])
        else:
            assert ("", True) == (done.stdout, says in done.stderr), done.stderr
        if done.stderr:  # validate --json says it all on stdout
            assert_one_error_line(argv[0], done.stderr)


# --- cache ----------------------------------------------------------------------------------


def test_cache_lists_and_clears_a_taxonomys_tables(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWSERRORS_NO_CACHE", raising=False)
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path / "user-cache"))
    # Names no other test loads in this process (loaded modules are named by the file's stem);
    # the other's name starts like this one's.
    target, other = tmp_path / "cache_command.yaml", tmp_path / "cache_command_other.yaml"
    for path in (target, other):
        path.write_text((awserrors.mappings_dir() / "ec2_client.yaml").read_text(encoding="utf-8"))
    assert 0 == run(capsys, "cache", "--taxonomy", str(other), "--json")[0]
    status, out, _ = run(capsys, "cache", "--taxonomy", str(target), "--json")
    assert 0 == status
    listed = json.loads(out)
    assert [str(tmp_path / "user-cache"), str(tmp_path / "__awserrors_cache__")] == [
        f["folder"] for f in listed["folders"]
    ]
    # Loading it wrote its tables; the other taxonomy's, in the same folder, are not its.
    [written] = [f["name"] for f in listed["folders"][0]["files"]]
    assert written.startswith("cache_command-")
    # Its stamp (as a load a while after the edit writes) and a lock file a build left.
    stem = written.rsplit("-", 1)[0]
    for left in (f"{stem}.stamp", f"{stem}.lock"):
        (tmp_path / "user-cache" / left).write_text("")
    status, out, _ = run(capsys, "cache", "--taxonomy", str(target), "--clear")
    assert 0 == status
    assert [
        "removed 3 cache files",
        *(
            f"  {tmp_path / 'user-cache' / name}"
            for name in sorted([written, f"{stem}.stamp", f"{stem}.lock"])
        ),
    ] == out.splitlines()
    [others] = [n for n in os.listdir(tmp_path / "user-cache") if n.endswith(".marshal")]
    assert others.startswith("cache_command_other-")
    # Naming the taxonomy loads it (and caches its tables again); --all then deletes every file.
    status, out, _ = run(capsys, "cache", "--taxonomy", str(target), "--clear", "--all", "--json")
    assert 0 == status and str(tmp_path / "user-cache" / others) in json.loads(out)["removed"]
    assert [] == [n for n in os.listdir(tmp_path / "user-cache") if not n.startswith(".")]
    status, _, err = run(capsys, "cache", "--all")
    assert 2 == status and "--all goes with --clear" in err


def test_cache_clear_leaves_an_installed_packages_prebuilt_tables(
    capsys: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if "site-packages" not in awserrors.__file__:
        pytest.skip("from a source checkout the shipped YAML's cache folder is the checkout's own")
    monkeypatch.setenv("AWSERRORS_CACHE_DIR", str(tmp_path))
    prebuilt = sorted((awserrors.mappings_dir() / "aws" / "__awserrors_cache__").glob("*.marshal"))
    # Tables of the AWS-wide taxonomy in the user cache folder (another key), and another's.
    [(user, _), _] = _cache_write.taxonomy_files(awserrors.aws.paths, "awserrors")
    stem = _cache._cache_stem(
        _cache.cache_prefix(awserrors.aws.paths, "awserrors"), awserrors.aws.paths, True
    )
    (tmp_path / f"{stem}-00000000.marshal").write_bytes(b"x")
    (tmp_path / "another-00000000-00000000.marshal").write_bytes(b"x")
    status, out, _ = run(capsys, "cache", "--clear")
    assert (0, str(tmp_path)) == (status, user)
    assert [f"  {tmp_path / f'{stem}-00000000.marshal'}"] == out.splitlines()[1:]
    assert (tmp_path / "another-00000000-00000000.marshal").exists()
    assert prebuilt, "the wheel ships the AWS-wide taxonomy's tables prebuilt"
    assert prebuilt == sorted((awserrors.mappings_dir() / "aws" / "__awserrors_cache__").glob("*.marshal"))
