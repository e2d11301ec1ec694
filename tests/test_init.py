"""awserrors/__init__.py: a lazy package whose names and taxonomy are made on first use."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import awserrors


def run(code: str) -> str:
    """Run ``code`` in a fresh interpreter (the same awserrors), return its stdout."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_importing_the_package_loads_nothing_else_of_awserrors_nor_botocore() -> None:
    found = json.loads(
        run(
            "import sys, json, awserrors\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('awserrors', 'botocore',"
            " 'yaml', 'attr', 'typing'))))"
        )
    )
    assert found == ["awserrors"]


def test_the_version_is_the_installed_distributions_and_read_on_first_use() -> None:
    """``awserrors.__version__`` lives in ``_shipped`` (pyproject.toml reads it there) and is
    read when first asked for, as the package's other names are."""
    found = json.loads(
        run(
            "import sys, json, awserrors\n"
            "before = '__version__' in vars(awserrors), 'awserrors._shipped' in sys.modules\n"
            "from awserrors import __version__\n"
            "from importlib.metadata import version\n"
            "print(json.dumps([*before, __version__, version('awserrors'), awserrors.__version__]))"
        )
    )
    assert found[:2] == [False, False]
    assert found[2] == found[3] == found[4]


def test_a_first_lookup_and_a_namespace_import_make_no_rule_enum_nor_import_importlib() -> None:
    """The Rule enum is made when an answer names it (explain), not by lookups; importing a
    namespace takes its ModuleSpec class from the import system, not from importlib."""
    found = run(
        "import sys, awserrors\n"
        "before = set(sys.modules)\n"
        "awserrors.exception_class_for('ThrottlingException')\n"
        "from awserrors.services.ec2 import InvalidInstanceID_NotFound as found\n"
        "new = set(sys.modules) - before\n"
        "print('awserrors._order' in sys.modules, sorted(m for m in new if m.startswith('importlib')),"
        " found.service_name)\n"
        "print(awserrors.aws.explain('ThrottlingException').rule, 'awserrors._order' in sys.modules)"
    )
    assert found.split("\n")[:2] == ["False [] ec2", "Rule.CODE True"]


def test_the_packages_public_names_are_reserved_before_they_are_bound() -> None:
    """No class of the AWS-wide taxonomy takes a name of the package's API, though those
    names are bound when first used: generate_module reserves its ``exports``."""
    out = run(
        "import awserrors\n"
        "awserrors.aws.tables\n"
        "from awserrors import _HOMES\n"
        "print(sorted(n for n in _HOMES if n in vars(awserrors)), awserrors.Rule.__module__,"
        " awserrors.Flags.__module__, 'Rule' in dir(awserrors))"
    )
    assert out.split() == ["[]", "awserrors._order", "awserrors._lookup", "True"]


@pytest.mark.parametrize("name", sorted(awserrors._HOMES))
def test_each_public_name_is_its_home_modules_object_without_making_the_taxonomy(name: str) -> None:
    home = awserrors._HOMES[name]
    out = run(
        "import sys, awserrors, importlib\n"
        f"value = getattr(awserrors, {name!r})\n"
        f"print(value is getattr(importlib.import_module('awserrors.{home}'), {name!r}),"
        " 'aws' in vars(awserrors))"
    )
    assert out.split() == ["True", "False"]


def test_every_name_of_all_resolves_and_the_api_comes_first() -> None:
    names = awserrors.__all__
    assert names[: len(awserrors._API)] == list(awserrors._API)
    for name in names:
        assert getattr(awserrors, name) is not None
    assert {"NotFoundError", "ThrottlingError", "handle_client_error", "is_retryable"} <= set(names)


@pytest.mark.parametrize(
    "statement",
    [
        "from awserrors.services.ec2 import InvalidInstanceID_NotFound as found",
        "import awserrors.codes; found = awserrors.codes.ThrottlingException",
        "from awserrors import NotFoundError as found",
        "import awserrors.testing, awserrors; found = awserrors.ThrottlingError",
        "from awserrors import *; found = handle_client_error",
    ],
)
def test_the_first_statement_of_a_process_may_be_any_import(statement: str) -> None:
    out = run(f"{statement}\nimport awserrors\nprint(found.__module__.split('.')[0], awserrors.aws.name)")
    assert out.split() == ["awserrors", "aws"]


def test_threads_racing_for_the_first_class_get_one_taxonomy_and_one_class() -> None:
    out = run(
        "import threading, awserrors\n"
        "from awserrors import _modules\n"
        "made = []\n"
        "generate = _modules.generate_module\n"
        "def counting(*args, **kwargs):\n"
        "    made.append(args[0])\n"
        "    return generate(*args, **kwargs)\n"
        "_modules.generate_module = counting\n"
        "start = threading.Barrier(8)\n"
        "seen = []\n"
        "def first_use():\n"
        "    start.wait()\n"
        "    seen.append((awserrors.NotFoundError, awserrors.aws))\n"
        "threads = [threading.Thread(target=first_use) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(made), len(set(seen)), len(seen))"
    )
    assert out.split() == ["1", "1", "8"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")
def test_a_fork_while_another_thread_makes_the_taxonomy_does_not_hang_the_child() -> None:
    out = run(
        "import os, threading, awserrors\n"
        "held, release = threading.Event(), threading.Event()\n"
        "def holder():\n"
        "    with awserrors._making:\n"
        "        held.set(); release.wait()\n"
        "thread = threading.Thread(target=holder); thread.start(); held.wait()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os._exit(0 if awserrors.NotFoundError.__name__ == 'NotFoundError' else 1)\n"
        "release.set(); thread.join()\n"
        "import signal\n"
        "signal.alarm(60)\n"
        "_, status = os.waitpid(pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status))"
    )
    assert out.split() == ["0"]


def test_type_checkers_see_exactly_the_names_the_package_makes_on_first_use() -> None:
    """The TYPE_CHECKING imports of awserrors/__init__.py and its lazy ``_HOMES`` list the
    same names from the same modules: a name added to one and not the other would be
    invisible to type checkers, or declared but missing at run time."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(awserrors))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
    )
    declared = {
        alias.asname: node.module.removeprefix("awserrors.")
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("awserrors._")
        for alias in node.names
        if alias.asname == alias.name
    }
    assert declared == awserrors._HOMES
