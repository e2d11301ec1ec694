"""Type stubs: the shipped ones match the YAML, type checkers read them, users make their own.

The shipped stubs (``awserrors/**/*.pyi`` and the namespace modules' generated ``.py``
files) are built into the wheel by hatch_build.py, never committed; a developer writes
them into a checkout with ``bash scripts/stubs.sh`` (gitignored).  ``awserrors stubs
--taxonomy T --output DIR`` writes one taxonomy's.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import awserrors
from awserrors._stubs import HEADER, stub_files, write_stubs

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
#: The folder awserrors is imported from: src/ in a checkout, site-packages once installed.
SITE = Path(awserrors.__file__).resolve().parents[1]
FROM_SOURCE = SITE == SRC.resolve()
EXAMPLE = Path(__file__).resolve().parent / "typing_example" / "example.py"
WRONG = EXAMPLE.with_name("wrong.py")
REGENERATE = "bash scripts/stubs.sh"


def generated_files(folder: Path) -> dict[str, str]:
    """The stubs and generated ``.py`` files of awserrors below ``folder``, by relative path."""
    found = {}
    for path in sorted((folder / "awserrors").rglob("*.py*")):
        if path.suffix not in (".py", ".pyi"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".pyi" or text.startswith("# Generated for "):
            found[path.relative_to(folder).as_posix()] = text
    return found


def differences(expected: dict[str, str], actual: dict[str, str]) -> dict[str, list[str]]:
    """The files only in ``expected``, only in ``actual``, and in both with different text."""
    return {
        "missing": sorted(expected.keys() - actual.keys()),
        "stale": sorted(actual.keys() - expected.keys()),
        "changed": sorted(k for k in expected.keys() & actual.keys() if expected[k] != actual[k]),
    }


def marked_lines(path: Path, *, untyped_botocore: bool = False) -> set[int]:
    """The lines of ``path`` marked ``# error``: the ones a type checker must reject
    (but those marked ``[mypy: with botocore-stubs]`` when ``untyped_botocore``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {
        number
        for number, line in enumerate(lines, 1)
        if re.search(r"\S  # error\b", line)
        and not (untyped_botocore and "[mypy: with botocore-stubs]" in line)
    }


# --- the shipped stubs ---------------------------------------------------------------


def test_the_wheel_carries_the_stubs_the_yaml_gives(tmp_path: Path) -> None:
    """The build hook wrote the stubs (and namespace binders) that write_stubs makes of the checkout."""
    if FROM_SOURCE:
        pytest.skip("imported from src/; scripts/test.sh runs against the installed wheel")
    if not (SRC / "awserrors").is_dir():
        pytest.skip("no src/ beside tests/")
    env = {**os.environ, "PYTHONPATH": str(SRC)}  # the checkout's code and YAML
    done = subprocess.run(
        [sys.executable, "-m", "awserrors._stubs", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert 0 == done.returncode, done.stderr
    shipped = generated_files(SITE)
    assert {"missing": [], "stale": [], "changed": []} == differences(generated_files(tmp_path), shipped)
    assert {"awserrors/_aws.pyi", "awserrors/codes.pyi", "awserrors/services/dynamodb.pyi"} <= set(shipped)
    assert (SITE / "awserrors" / "py.typed").is_file()


def test_no_generated_file_is_committed() -> None:
    """src/ holds hand-written code only: stubs and binders are built (scripts/stubs.sh for a checkout)."""
    listed = subprocess.run(["git", "ls-files", "src"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip(f"not a git checkout: {listed.stderr.strip()}")
    files = [ROOT / name for name in listed.stdout.split()]
    generated = [
        str(path.relative_to(ROOT))
        for path in files
        if path.suffix == ".pyi"
        or (path.suffix == ".py" and path.read_text(encoding="utf-8").startswith("# Generated for "))
    ]
    assert [] == generated
    assert len(files) < 60, "src/ should hold the package's hand-written modules only"


def test_every_generated_module_and_namespace_has_a_stub() -> None:
    names = {"awserrors._aws", "awserrors.taxonomies.devops_agent", "awserrors.taxonomies.ec2_client"}
    names |= {f"awserrors.{namespace}" for namespace in awserrors.aws.namespaces}
    package = SITE / "awserrors"
    missing = [
        name
        for name in sorted(names)
        if not SITE.joinpath(*name.split(".")).with_suffix(".pyi").is_file()
        and not SITE.joinpath(*name.split("."), "__init__.pyi").is_file()
    ]
    assert [] == missing
    # The package's own __init__.py stays the one type checkers read (and the project's mypy checks).
    assert not (package / "__init__.pyi").exists()


def test_the_aws_stub_declares_every_class_with_its_bases() -> None:
    text = (SITE / "awserrors" / "_aws.pyi").read_text(encoding="utf-8")
    for root, base in (("AWSError", "TaxonomyClientError"), ("NetworkError", "TaxonomyNetworkError")):
        bases = f"(\n    awserrors._errors.{base},\n    awserrors._errors.AnyAWSError,\n):"
        assert f"class {root}{bases}" in text
    assert "class ServiceUnavailableError(ServerError):" in text
    assert "class NetworkTimeoutError(NetworkError):" in text
    declared = set(re.findall(r"^class (\w+)\(", text, re.MULTILINE))
    assert set(awserrors.aws.class_names) == declared
    codes = (SITE / "awserrors" / "codes.pyi").read_text(encoding="utf-8")
    assert "class ThrottlingException(awserrors._aws.ThrottlingError): ..." in codes
    dynamodb = (SITE / "awserrors" / "services" / "dynamodb.pyi").read_text(encoding="utf-8")
    wrapped = '(\n    awserrors.codes.ConditionalCheckFailedException,\n):\n    """'
    assert f"class ConditionalCheckFailedException{wrapped}" in dynamodb
    # A service's class carries what the model of the botocore the wheel was built with says.
    doc = class_docstrings(dynamodb)["ConditionalCheckFailedException"]
    assert doc.startswith("A condition specified in the operation failed")
    assert doc.endswith("Not retryable: the same request fails the same way until something changes.")


def class_docstrings(stub: str) -> dict[str, str]:
    """Each class of a stub and its docstring, whitespace folded ('' for none)."""
    import ast

    return {
        node.name: " ".join((ast.get_docstring(node) or "").split())
        for node in ast.parse(stub).body
        if isinstance(node, ast.ClassDef)
    }


def test_the_lookups_in_the_stubs_have_the_taxonomy_methods_signatures() -> None:
    text = (SITE / "awserrors" / "taxonomies" / "ec2_client.pyi").read_text(encoding="utf-8")
    assert "def is_retryable(error: BaseException) -> bool: ..." in text
    expected = """\
def handle_client_error(
    error: BaseException,
    *,
    service: str | None = None,
    operation: str | None = None,
) -> IntegrationException: ...
"""
    assert expected in text
    parameters = "error: BaseException,\n    operation: str | None = None,"
    assert f"def _parse_aws_error(\n    {parameters}\n) -> Exception: ..." in text
    assert "taxonomy: awserrors._taxonomy.Taxonomy" in text  # the module's own name, from its .py


def test_namespace_modules_are_still_the_generated_ones() -> None:
    """Each namespace module is now a file (a stub needs a source beside it); it behaves as before."""
    dynamodb = importlib.import_module("awserrors.services.dynamodb")
    assert Path(dynamodb.__file__ or "").with_suffix(".pyi").is_file()
    cls = dynamodb.ConditionalCheckFailedException
    assert cls is awserrors.exception_class_for("ConditionalCheckFailedException", service="dynamodb")
    assert "awserrors.services.dynamodb" == cls.__module__
    assert awserrors.services.dynamodb is dynamodb
    assert awserrors.services.__path__  # a package, not an empty namespace package
    assert cls.__mro__[1] is importlib.import_module("awserrors.codes").ConditionalCheckFailedException
    assert "ConditionalCheckFailedException" in dynamodb.__all__
    assert "bind_namespace" not in dir(dynamodb)
    assert type(pickle.loads(pickle.dumps(cls("message")))) is cls
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("awserrors.services.no_such_service")


#: In a fresh process: import a namespace module from the wheel's binder files; say whether the
#: import system listed (and cached) their folder, who loaded the module, and from which file.
BINDER_IMPORT = """
import json, pathlib, sys
import awserrors.services.ec2 as ec2
folder = str(pathlib.Path(ec2.__file__).parent)
services = sys.modules["awserrors.services"]
print(json.dumps([folder in sys.path_importer_cache, type(ec2.__spec__.loader).__name__, ec2.__file__,
                  ec2.InvalidInstanceID_NotFound.__module__, "ec2" in services.__dict__]))
"""


def test_a_namespace_module_imports_without_listing_the_folder_of_binders() -> None:
    """The wheel's services/ holds some 890 files: finding services/ec2.py the import system's
    way lists them all, a millisecond of every process's first service import.  The taxonomy's
    finder knows a binder by its exact text and makes the module itself, from that file."""
    if FROM_SOURCE:
        pytest.skip("imported from src/: no binder files (scripts/test.sh runs against the installed wheel)")
    done = subprocess.run([sys.executable, "-c", BINDER_IMPORT], capture_output=True, text=True, timeout=120)
    assert 0 == done.returncode, done.stderr
    listed, loader, file, module, attribute = json.loads(done.stdout)
    assert (listed, loader) == (False, "_NamespaceFinder")
    assert (
        Path(file) == SITE / "awserrors" / "services" / "ec2.py" and Path(file).with_suffix(".pyi").is_file()
    )
    assert ("awserrors.services.ec2", True) == (module, attribute)


def test_a_file_that_is_not_a_binder_is_a_module_with_code(tmp_path: Path) -> None:
    """A module of the user's where a binder would be (same name, other text) is imported as
    itself: the finder answers only for a file that is exactly a binder."""
    from awserrors._modules import binder_source

    errors = tmp_path / "shopx" / "errors"
    (errors / "services").mkdir(parents=True)
    (errors.parent / "__init__.py").write_text("")
    (errors / "errors.yaml").write_text(SHOP_YAML)
    (errors / "__init__.py").write_text(
        'import awserrors\ntaxonomy = awserrors.generate_module(__name__, "errors.yaml")\n'
    )
    (errors / "services" / "__init__.py").write_text("HAND_WRITTEN = True\n")
    (errors / "services" / "dynamodb.py").write_text(binder_source("shopx.errors"))
    script = (
        "import json, shopx.errors.services as services, shopx.errors.services.dynamodb as dynamodb\n"
        "print(json.dumps([getattr(services, 'HAND_WRITTEN', False),\n"
        "    type(services.__spec__.loader).__name__,\n"
        "    type(dynamodb.__spec__.loader).__name__, dynamodb.__file__,\n"
        "    dynamodb.ProvisionedThroughputExceededException.__module__]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(SITE)])}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert 0 == done.returncode, done.stderr
    hand_written, services_loader, loader, file, module = json.loads(done.stdout)
    assert (True, "SourceFileLoader") == (hand_written, services_loader)
    assert ("_NamespaceFinder", str(errors / "services" / "dynamodb.py")) == (loader, file)
    assert "shopx.errors.services.dynamodb" == module


# --- type checkers read them ---------------------------------------------------------


def diagnostics_by_file(found: list[tuple[str, int, str]]) -> dict[str, dict[int, list[str]]]:
    by_file: dict[str, dict[int, list[str]]] = {}
    for path, line, message in found:
        by_file.setdefault(Path(path).name, {}).setdefault(line, []).append(message)
    return by_file


#: The two ways users type-check: with botocore-stubs (as boto3-stubs users have it) and
#: with botocore untyped, where they tell the checkers to accept its missing stubs.
SETUPS = ("botocore-stubs", "without-stubs")


@dataclass(frozen=True)
class Setup:
    name: str
    #: the interpreter whose site-packages the checkers read
    python: str


def _purelib(python: str) -> Path:
    out = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return Path(out.stdout.strip())


@pytest.fixture(scope="module", params=SETUPS)
def setup(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Setup:
    """The installed packages as they are, or the same without botocore-stubs: a virtualenv
    whose site-packages links every package of this one but botocore-stubs."""
    if request.param == "botocore-stubs":
        pytest.importorskip(
            "botocore-stubs", reason="botocore-stubs is not installed (it is in the test extra)"
        )
        return Setup(request.param, sys.executable)
    venv = tmp_path_factory.mktemp("without-stubs") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = str(venv / "bin" / "python")
    target = _purelib(python)
    for entry in _purelib(sys.executable).iterdir():
        if not entry.name.lower().replace("-", "_").startswith("botocore_stubs"):
            (target / entry.name).symlink_to(entry)
    gone = subprocess.run(
        [python, "-c", "import importlib.util as u; print(u.find_spec('botocore-stubs'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "None" == gone.stdout.strip()
    return Setup(request.param, python)


@pytest.fixture(scope="module")
def mypy_errors(setup: Setup, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[int, list[str]]]:
    """``mypy --strict`` on the example files, against the awserrors these tests import."""
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extra)")
    cwd = tmp_path_factory.mktemp("mypy")  # no project config: a user's plain --strict
    env = {k: v for k, v in os.environ.items() if k != "MYPYPATH"}
    if FROM_SOURCE:  # installed, mypy finds awserrors in site-packages by itself
        env["MYPYPATH"] = str(SITE)
    config = []
    if setup.name == "without-stubs":  # what a user without botocore-stubs must say anyway
        (cwd / "mypy.ini").write_text("[mypy]\n[mypy-botocore.*]\nignore_missing_imports = True\n")
        config = ["--config-file", str(cwd / "mypy.ini")]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            *config,
            "--python-executable",
            setup.python,
            "--cache-dir",
            str(cwd / "cache"),
            "--no-error-summary",
            str(EXAMPLE),
            str(WRONG),
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1) and not done.stderr, done.stdout + done.stderr
    found = re.findall(r"^(.+?):(\d+): error: (.*)$", done.stdout, re.MULTILINE)
    return diagnostics_by_file([(path, int(line), message) for path, line, message in found])


def test_a_user_module_catching_generated_classes_passes_mypy_strict(
    mypy_errors: dict[str, dict[int, list[str]]],
) -> None:
    assert {} == {name: errors for name, errors in mypy_errors.items() if name != WRONG.name}


def test_mypy_rejects_every_wrong_use_of_the_stubs(
    setup: Setup, mypy_errors: dict[str, dict[int, list[str]]]
) -> None:
    errors = mypy_errors.get(WRONG.name, {})
    assert marked_lines(WRONG, untyped_botocore=setup.name == "without-stubs") == set(errors), errors


@pytest.fixture(scope="module")
def pyright_diagnostics(
    setup: Setup, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[int, list[str]]]:
    """pyright (strict) on the example files; skipped where pyright cannot be had or run."""
    pytest.importorskip("pyright", reason="pyright is not installed (it is in the test extra)")
    cwd = tmp_path_factory.mktemp("pyright")
    # The pyright package runs the real pyright (a Node.js program) with the machine's
    # node, fetching it from the npm registry on first use: either may be missing.
    version = subprocess.run(
        [sys.executable, "-m", "pyright", "--version"], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    if version.returncode != 0:
        pytest.skip(f"pyright cannot run here: {(version.stderr or version.stdout).strip()[-500:]}")
    config: dict[str, Any] = {
        "typeCheckingMode": "strict",
        "reportPrivateUsage": False,  # the example imports _parse_aws_error, as the EC2 client documents
        "pythonVersion": "3.11",
        "extraPaths": [str(SITE)] if FROM_SOURCE else [],
    }
    if setup.name == "without-stubs":  # what a user without botocore-stubs must say anyway
        config["reportMissingTypeStubs"] = False
    (cwd / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--pythonpath",
            setup.python,
            "-p",
            str(cwd / "pyrightconfig.json"),
            str(EXAMPLE),
            str(WRONG),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    report = json.loads(done.stdout)
    found = [
        (d["file"], d["range"]["start"]["line"] + 1, f"{d['severity']}: {d['message']}")
        for d in report["generalDiagnostics"]
    ]
    return diagnostics_by_file(found)


def test_a_user_module_catching_generated_classes_passes_pyright_strict(
    pyright_diagnostics: dict[str, dict[int, list[str]]],
) -> None:
    # Warnings too: a stub without a source beside it would warn on every import.
    assert {} == {name: found for name, found in pyright_diagnostics.items() if name != WRONG.name}


def test_pyright_rejects_every_wrong_use_of_the_stubs(
    pyright_diagnostics: dict[str, dict[int, list[str]]],
) -> None:
    found = pyright_diagnostics.get(WRONG.name, {})
    assert marked_lines(WRONG) == set(found), found
    assert all(m.startswith("error: ") for messages in found.values() for m in messages), found


# --- users' own taxonomies -----------------------------------------------------------

SHOP_YAML = """\
taxonomy: shop
description: Errors of a shop's AWS layer.
service: dynamodb
root: ShopError
classes:
  ShopError:
    parent: botocore.exceptions.ClientError
    doc: Any AWS error the shop raises.
  OutOfStock:
    parent: [ShopError, builtins.LookupError]
    doc: The item is sold out.
    codes: [ConditionalCheckFailedException]
    aliases: [SoldOut]
  Busy:
    parent: ShopError
    retryable: true
    throttling: true
  ShopNetworkError:
    parent: botocore.exceptions.BotoCoreError
    exceptions: [botocore.exceptions.EndpointConnectionError]
services:
  dynamodb:
    ProvisionedThroughputExceededException: {http_status: 400, category: Busy}
  s3-control:
    NoSuchThing: {http_status: 404, category: OutOfStock}
"""

SHOP_ROOT_STUB = '''\
# Generated for awserrors.loaded.shop by awserrors.write_stubs; do not edit.

import awserrors._errors
import awserrors._taxonomy

__awserrors_taxonomy__: awserrors._taxonomy.Taxonomy

def _parse_aws_error(
    error: BaseException,
    operation: str | None = None,
) -> Exception: ...
def exception_class_for(
    code: str | None = None,
    *,
    service: str | None = None,
    http_status: int | None = None,
    operation: str | None = None,
) -> type[ShopError]: ...
def handle_client_error(
    error: BaseException,
    *,
    service: str | None = None,
    operation: str | None = None,
) -> ShopError: ...
def handle_error(
    error: BaseException,
    *,
    service: str | None = None,
) -> BaseException: ...
def is_retryable(error: BaseException) -> bool: ...
def is_throttling(error: BaseException) -> bool: ...
def parse_aws_error(
    error: BaseException,
    operation: str | None = None,
) -> Exception: ...

class ShopError(awserrors._errors.TaxonomyClientError):
    """Any AWS error the shop raises."""

class Busy(ShopError): ...
class OutOfStock(ShopError, LookupError):
    """The item is sold out."""

class ShopNetworkError(awserrors._errors.TaxonomyNetworkError): ...

SoldOut = OutOfStock
'''


def test_stubs_of_a_loaded_taxonomy(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SHOP_YAML, encoding="utf-8")
    taxonomy = awserrors.load(tmp_path / "shop.yaml")
    files = stub_files(taxonomy)
    assert [
        "awserrors/loaded/shop/__init__.pyi",  # a package: its namespaces are submodules
        "awserrors/loaded/shop/codes.pyi",
        "awserrors/loaded/shop/services/__init__.pyi",
        "awserrors/loaded/shop/services/dynamodb.pyi",
        "awserrors/loaded/shop/services/s3_control.pyi",
    ] == sorted(files)  # no module to bind, so no .py files
    assert SHOP_ROOT_STUB == files["awserrors/loaded/shop/__init__.pyi"]
    assert (
        textwrap.dedent("""\
        # Generated for awserrors.loaded.shop by awserrors.write_stubs; do not edit.

        import awserrors.loaded.shop

        class NoSuchThing(awserrors.loaded.shop.OutOfStock): ...
        class ProvisionedThroughputExceededException(awserrors.loaded.shop.Busy): ...
        """)
        == files["awserrors/loaded/shop/codes.pyi"]
    )
    dynamodb = files["awserrors/loaded/shop/services/dynamodb.pyi"]
    assert dynamodb.startswith(
        textwrap.dedent("""\
        # Generated for awserrors.loaded.shop by awserrors.write_stubs; do not edit.

        import awserrors.loaded.shop.codes

        class ProvisionedThroughputExceededException(
            awserrors.loaded.shop.codes.ProvisionedThroughputExceededException,
        ):
        """)
    )
    # The docstring is the class's own: the installed botocore model's words, then its place.
    live = taxonomy.get_class("services.dynamodb:ProvisionedThroughputExceededException").__doc__ or ""
    assert class_docstrings(dynamodb) == {"ProvisionedThroughputExceededException": " ".join(live.split())}
    assert not live.startswith("The AWS error code")

    output = tmp_path / "typings"
    written = write_stubs(taxonomy, output)
    assert [output / name for name in sorted(files)] == written
    assert files == {p.relative_to(output).as_posix(): p.read_text(encoding="utf-8") for p in written}


def test_write_stubs_rewrites_only_what_changed_and_removes_its_stale_files(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text(SHOP_YAML, encoding="utf-8")
    taxonomy = awserrors.load(tmp_path / "shop.yaml")
    written = write_stubs(taxonomy, tmp_path)
    before = {path: path.stat().st_mtime_ns for path in written}
    folder = tmp_path / "awserrors" / "loaded" / "shop"
    header = HEADER.format(module="awserrors.loaded.shop")
    # A namespace since removed from the YAML, one deeper, a file of the user's, another module's file.
    (folder / "services" / "gone.pyi").write_text(f"{header}\n", encoding="utf-8")
    (folder / "old" / "deeper").mkdir(parents=True)
    (folder / "old" / "deeper" / "x.pyi").write_text(f"{header}\n", encoding="utf-8")
    (folder / "services" / "mine.pyi").write_text("# written by hand\n", encoding="utf-8")
    other = HEADER.format(module="awserrors.loaded.other")
    (folder / "services" / "other.pyi").write_text(f"{other}\n", encoding="utf-8")
    assert written == write_stubs(taxonomy, tmp_path)
    assert before == {path: path.stat().st_mtime_ns for path in written}
    assert not (folder / "services" / "gone.pyi").exists()
    assert not (folder / "old").exists()
    assert (folder / "services" / "mine.pyi").is_file()
    assert (folder / "services" / "other.pyi").is_file()


EC2_EXTENSION_YAML = """\
taxonomy: shop_ec2
extends: awserrors.taxonomies.ec2_client
classes:
  VpcMissing:
    parent: EC2InvalidParameterException
    codes: [InvalidVpcID.NotFound]
  EC2InstanceNotFoundException:
    codes: [InvalidInstanceID.Malformed]
"""

SHOP_MODULE = """\
from __future__ import annotations

import awserrors

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

RETRIES = 3


def backoff(attempt: int, /, *, base: float = 0.5) -> float:
    return base * 2**attempt


def first(codes: Sequence[str]) -> str:  # Sequence exists only for type checkers
    return codes[0]


taxonomy = awserrors.generate_module(__name__, "errors.yaml")
"""

SHOP_APP = """\
import awserrors
from shop.ec2 import EC2Exception, VpcMissing
from shop.errors import RETRIES, OutOfStock, ShopError, SoldOut, backoff, first, taxonomy
from shop.errors.services.dynamodb import ProvisionedThroughputExceededException

throttled: type[ShopError] = ProvisionedThroughputExceededException
missing: type[LookupError] = SoldOut
gone: type[OutOfStock] = SoldOut
vpc: type[EC2Exception] = VpcMissing
shop: awserrors.Taxonomy = taxonomy
retries: int = RETRIES
wait: float = backoff(1, base=2.0)
code: str = first(["ThrottlingException"])
"""

GENERATE_AND_IMPORT = """\
import sys
import shop.ec2
import shop.errors
from awserrors._stubs import write_stubs

for module in (shop.errors, shop.ec2):
    write_stubs(module.__awserrors_taxonomy__, sys.argv[1])
from shop.errors.services.dynamodb import ProvisionedThroughputExceededException as cls
assert cls is shop.errors.exception_class_for("ProvisionedThroughputExceededException", service="dynamodb")
assert cls.__module__ == "shop.errors.services.dynamodb", cls.__module__
assert shop.errors.services.dynamodb.__file__.endswith("dynamodb.py")
"""


def test_a_users_generated_package_gets_stubs_that_mypy_reads(tmp_path: Path) -> None:
    """The whole flow of a user: generate_module in a package, write_stubs beside it, mypy --strict."""
    pytest.importorskip("mypy", reason="mypy is not installed (it is in the test extra)")
    src = tmp_path / "src"
    errors = src / "shop" / "errors"
    errors.mkdir(parents=True)
    (src / "shop" / "__init__.py").write_text("", encoding="utf-8")
    (errors / "errors.yaml").write_text(SHOP_YAML, encoding="utf-8")
    (errors / "__init__.py").write_text(SHOP_MODULE, encoding="utf-8")
    (src / "shop" / "ec2.yaml").write_text(EC2_EXTENSION_YAML, encoding="utf-8")
    (src / "shop" / "ec2.py").write_text(
        'from awserrors import generate_module\n\ngenerate_module(__name__, "ec2.yaml")\n', encoding="utf-8"
    )
    paths = [str(src), *([str(SITE)] if FROM_SOURCE else [])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    done = subprocess.run(
        [sys.executable, "-c", GENERATE_AND_IMPORT, str(src)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert 0 == done.returncode, done.stderr
    assert (errors / "__init__.pyi").is_file() and (errors / "services" / "dynamodb.py").is_file()
    ec2_stub = (src / "shop" / "ec2.pyi").read_text(encoding="utf-8")
    assert "from awserrors.taxonomies.ec2_client import EC2Exception as EC2Exception\n" in ec2_stub
    assert "class VpcMissing(awserrors.taxonomies.ec2_client.EC2InvalidParameterException): ..." in ec2_stub
    own = textwrap.dedent("""\
        RETRIES: int
        TYPE_CHECKING: bool
        def backoff(attempt: int, /, *, base: float = 0.5) -> float: ...
        def first(*args: typing.Any, **kwargs: typing.Any) -> typing.Any: ...
        taxonomy: awserrors._taxonomy.Taxonomy
        """)
    assert own in (errors / "__init__.pyi").read_text(encoding="utf-8")

    (tmp_path / "app.py").write_text(SHOP_APP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MYPYPATH"] = os.pathsep.join(paths)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-executable", sys.executable, "app.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert 0 == checked.returncode, checked.stdout + checked.stderr


def test_write_stubs_accepts_what_the_cli_gives(tmp_path: Path) -> None:
    from awserrors.taxonomies import ec2_client

    written = write_stubs(ec2_client.taxonomy, str(tmp_path))
    assert [tmp_path / "awserrors" / "taxonomies" / "ec2_client.pyi"] == written
    shipped: Any = SITE / "awserrors" / "taxonomies" / "ec2_client.pyi"
    assert shipped.read_text(encoding="utf-8") == written[0].read_text(encoding="utf-8")
