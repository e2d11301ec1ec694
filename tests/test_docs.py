"""Every fenced code block of README.md and docs/*.md, run as the page shows it.

One test per block, with the id ``page:line`` (the line of its opening fence).
docs/catalog.md is left out: the docs site generates it (tools/mkdocs_catalog.py).
What a block's test does follows from its fence's language, and from the
paragraph and the marker just before it:

``python``
    Executed in this process, as a script (``__name__ == "__main__"``), with the
    environment of a program whose AWS is the loopback server (the ``aws_env``
    fixture: region, credentials and ``AWS_ENDPOINT_URL`` from the environment,
    plus ``AWS_MAX_ATTEMPTS=1``, so a throttle the server sends is raised at
    once instead of being retried against the same script).  The answers the
    server gives are in ``ANSWERS`` below, keyed by a line of the block; the
    block must use every one of them, and the server fails the test on a
    request it has no answer for.  The working folder is the page's project
    (see *file* blocks), which is also on ``sys.path``.

    *Comments are checked.*  An expression statement whose comment, on its own
    line or on the comment line right after it, starts with a value makes a
    claim the test checks: ``True``, ``False``, ``None``, a number or a quoted
    string must equal the expression; a dotted name (``awserrors.NetworkError``,
    ``sqs.exceptions.QueueDoesNotExist``) must be the expression itself when it
    is a class, else the exact type of it.  Comment lines after a class claim
    that start with ``->`` name the classes that follow it in its MRO, in order.
    Any other comment is prose.

    Blocks of the pages in ``SHARED_NAMESPACE`` (README.md, docs/index.md, which
    build one program from block to block) share one namespace in page order:
    the test of a block first runs the page's python and pycon blocks before it.
    Every other page's blocks each run on their own.

``pycon``
    ``>>>`` examples, run with :mod:`doctest` (exact output), in the same
    environment and namespace rules as ``python``.

file blocks (``python`` or ``yaml``)
    A block whose paragraph just before it ends with ``:`` and names a file
    first (``orders/errors.yaml``, ``errors.yaml``) is that file of the page's
    *project*: a temporary folder holding the page's file blocks, written in
    page order, with ``diff`` blocks applied where they stand.  Later blocks of
    the page run in it.  A file block's own test writes the page's file blocks
    and checks the file: ``.py`` files are imported (``python -c "import
    orders.store"`` in the project), ``.yaml`` files validated.

``yaml``
    Validated with ``python -m awserrors validate`` in the page's project: it
    must be valid, unless the marker ``<!-- docs-test: invalid -->`` stands
    right before the fence (the page shows a mistake): then it must be refused.
    A block without a top-level ``taxonomy:`` key is a fragment: it continues
    the page's yaml block before it, and every block of such a group is checked
    by validating the group's blocks joined into one file.

``diff``
    A unified diff of a project file: its test applies it to the project as the
    blocks before it left it, each hunk where its header says.

``console``
    ``$ `` lines are shell commands, run with bash in the page's project, one
    script for the block (so ``echo $?`` is the status of the command before
    it); the other lines are what the commands print, stdout and stderr
    together, compared exactly, line by line (trailing spaces aside) after these
    substitutions in both: the shipped YAML's path in an installed awserrors
    (``.../site-packages/awserrors/mappings/``) becomes ``mappings/``, as from the
    source checkout the pages show; a traceback's ``File ".../site-packages/...",
    line N`` loses its folder and line; ``0x...`` addresses, pytest's ``in
    7.05s`` durations and the CRC-32s and sizes of cache files are blanked.
    ``awserrors`` and ``python`` are this interpreter's (its folder comes first
    on ``PATH``); ``COLUMNS=80``; no ``AWS_*``, ``AWSERRORS_*`` or ``PYTEST_*`` variable, except
    ``AWSERRORS_CACHE_DIR``, a folder of the test's own, so that nothing is
    cached in the checkout.  Folders of the checkout the commands name
    (``mappings/``, ``examples/``) are linked into the project.

``sh`` / ``bash``
    Commands without output, that set up a machine: each is checked by
    ``run_sh_block``, which says what is run and what is not (the scripts that
    make ``.venv`` are not run from inside the suite that ``.venv`` runs).

``text``
    Diagrams and trees, nothing to run: their tests are skipped, each with its
    id and the reason ``a text block, a diagram``, so ``pytest -ra`` lists them.

``<!-- docs-test: skip REASON -->`` right before a fence skips its block with
that reason.  No page uses it today; keep it for what truly cannot run.
``<!-- docs-test: botocore VERSION -->`` marks a block whose output is what the
pinned botocore (scripts/constraints.txt) models, such as a list of a service's
error codes: with another botocore (the version matrix) it is skipped, saying so.
``<!-- docs-test: python 3.11 -->`` does the same for output only that Python's
standard library prints so (argparse's help layout changed in 3.13).
``AWSERRORS_DOCS_PAGES="docs/testing.md ..."`` narrows the run to those pages.
"""

from __future__ import annotations

import ast
import contextlib
import difflib
import doctest
import functools
import importlib
import io
import json
import os
import re
import subprocess
import sys
import tokenize
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import botocore
import pytest

from awserrors import __main__ as cli
from loopback import (
    Answer,
    Loopback,
    aws_env_fixture,  # noqa: F401  (the "aws_env" fixture)
    case,
    ec2_error,
    s3_error,
    server_fixture,  # noqa: F401  (the "server" fixture)
)

ROOT = Path(__file__).resolve().parents[1]
#: docs/catalog.md is generated by the docs site's hook, and ignored by git.
GENERATED = {"docs/catalog.md"}
PAGES = [
    "README.md",
    *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md") if f"docs/{p.name}" not in GENERATED),
]
#: Pages whose python blocks build one program from block to block.
SHARED_NAMESPACE = {"README.md", "docs/index.md"}
LANGUAGES = {"python", "pycon", "yaml", "diff", "console", "sh", "bash", "text"}
#: Folders of the checkout that console commands name, linked into the page's project.
CHECKOUT_FOLDERS = ("mappings", "examples")
BIN = Path(sys.executable).parent

FENCE = re.compile(r"^```(?P<lang>\S*)\s*$")
MARKER = re.compile(r"^<!-- docs-test: (?P<what>skip|invalid|botocore|python)\b\s*(?P<reason>.*?)\s*-->$")
FILE_NAME = re.compile(r"[\w.-]+(?:/[\w.-]+)*\.(?:py|ya?ml)")


# --- the loopback server's answers for the blocks that call AWS ------------------------------

SQS = case("sqs-query-compatible")
DYNAMODB = case("dynamodb-json")

#: (page, a line of the block) -> the answers the server gives while the block runs, in order.
ANSWERS: dict[tuple[str, str], Callable[[], list[Answer]]] = {
    ("README.md", 's3.head_object(Bucket="b", Key="missing")'): lambda: [
        s3_error("404", "Not Found", status=404, head=True)
    ],
    ("README.md", 's3.get_object(Bucket="b", Key="missing")'): lambda: [
        s3_error("NoSuchKey", "The specified key does not exist.", status=404, Key="missing"),
        SQS.error(),
    ],
    ("README.md", 'start_instance(boto3.client("ec2"), "i-0123456789abcdef0")'): lambda: [
        ec2_error("InvalidInstanceID.NotFound", "The instance ID 'i-0123456789abcdef0' does not exist")
    ],
    ("docs/index.md", "# None, when the orders table does not exist"): lambda: [DYNAMODB.error()],
    ("docs/index.md", "except awserrors.ThrottlingError as error:"): lambda: [
        DYNAMODB.throttle().with_headers(x_amz_retry_after="1500")
    ],
    ("docs/index.md", 's3.get_object(Bucket="b", Key="missing")'): lambda: [
        s3_error("NoSuchKey", "The specified key does not exist.", status=404, Key="missing")
    ],
}


# --- parsing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: str
    line: int  # the opening fence's line, from 1
    lang: str
    text: str
    file: str | None = None  # the project file it is, when the paragraph before it names one
    marker: str | None = None  # "skip", "invalid", "botocore" or "python" (the reason: its version)
    reason: str = ""

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"

    @property
    def kind(self) -> str:
        if self.file is not None:
            return "file"
        return "sh" if self.lang == "bash" else self.lang


def _paragraph_before(lines: list[str], index: int) -> str:
    """The paragraph that ends right above line ``index`` (a marker line in between is skipped)."""
    end = index
    while end > 0 and (not lines[end - 1].strip() or MARKER.match(lines[end - 1])):
        end -= 1
    start = end
    while start > 0 and lines[start - 1].strip() and not lines[start - 1].startswith("```"):
        start -= 1
    return " ".join(line.strip() for line in lines[start:end])


def _named_file(paragraph: str) -> str | None:
    """The file a paragraph ending with ':' names first (its first `quoted` token), if any."""
    if not paragraph.endswith(":"):
        return None
    quoted = re.search(r"`([^`]*)`", paragraph)
    if quoted and FILE_NAME.fullmatch(quoted.group(1)):
        return quoted.group(1)
    return None


@functools.cache
def page_blocks(page: str) -> tuple[Block, ...]:
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        fence = FENCE.match(lines[index])
        if fence is None:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].rstrip() != "```":
            end += 1
        assert end < len(lines), f"{page}:{index + 1}: the fence is never closed"
        marker = None
        reason = ""
        before = index - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        found = MARKER.match(lines[before]) if before >= 0 else None
        if found:
            marker, reason = found.group("what"), found.group("reason")
        lang = fence.group("lang")
        named = _named_file(_paragraph_before(lines, index)) if lang in ("python", "yaml") else None
        text = "\n".join(lines[index + 1 : end]) + "\n"
        blocks.append(Block(page, index + 1, lang, text, named, marker, reason))
        index = end + 1
    return tuple(blocks)


def all_blocks() -> list[Block]:
    """Every block of every page; AWSERRORS_DOCS_PAGES (space-separated, such as
    ``docs/testing.md``) narrows it, as the version matrix does."""
    wanted = os.environ.get("AWSERRORS_DOCS_PAGES", "").split()
    return [block for page in PAGES if not wanted or page in wanted for block in page_blocks(page)]


# --- the page's project ----------------------------------------------------------------------


def apply_diff(project: Path, diff: str) -> None:
    """Apply a unified diff to files of ``project``: every hunk must match where its header says."""
    lines = diff.splitlines()
    target: Path | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("--- "):
            index += 1
            continue
        if line.startswith("+++ "):
            name = line[4:].strip()
            target = project / (name[2:] if name.startswith("b/") else name)
            assert target.is_file(), f"the diff changes {name}, which the page has not written"
            index += 1
            continue
        hunk = re.match(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@", line)
        assert hunk and target is not None, f"not a unified diff line: {line!r}"
        old: list[str] = []
        new: list[str] = []
        index += 1
        while index < len(lines) and not lines[index].startswith(("@@", "--- ")):
            body = lines[index]
            if body.startswith("-"):
                old.append(body[1:])
            elif body.startswith("+"):
                new.append(body[1:])
            else:
                old.append(body[1:])
                new.append(body[1:])
            index += 1
        content = target.read_text(encoding="utf-8").splitlines()
        start = int(hunk.group(1)) - 1
        assert content[start : start + len(old)] == old, (
            f"the hunk {line!r} does not match {target.name} at line {start + 1}:\n"
            + "\n".join(content[start : start + len(old)])
        )
        content[start : start + len(old)] = new
        target.write_text("\n".join(content) + "\n", encoding="utf-8")


def build_project(block: Block, root: Path) -> Path:
    """The page's project as the blocks before ``block`` leave it (for a file block: all its files)."""
    project = root / "project"
    project.mkdir(exist_ok=True)
    blocks = page_blocks(block.page)
    commands = " ".join(b.text for b in blocks if b.kind in ("console", "sh"))
    for name in CHECKOUT_FOLDERS:
        if re.search(rf"(?<![\w./-]){name}/", commands) and not (project / name).exists():
            (project / name).symlink_to(ROOT / name, target_is_directory=True)
    for earlier in blocks:
        if block.kind == "file":
            if earlier.kind == "file":
                write_file(project, earlier)
            continue
        if earlier.line >= block.line:
            break
        if earlier.kind == "file":
            write_file(project, earlier)
        elif earlier.kind == "diff":
            apply_diff(project, earlier.text)
    return project


def write_file(project: Path, block: Block) -> None:
    assert block.file is not None
    path = project / block.file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(block.text, encoding="utf-8")


@pytest.fixture
def in_project(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    """Work in a project folder: the working folder and the head of ``sys.path``.

    Modules imported from the project are forgotten afterwards, so the next page
    may have a ``myapp`` of its own.
    """
    projects: list[Path] = []

    def enter(project: Path) -> None:
        projects.append(project)
        monkeypatch.chdir(project)
        monkeypatch.syspath_prepend(str(project))

    yield enter
    for project in projects:
        tops = {path.stem if path.suffix == ".py" else path.name for path in project.iterdir()}
        for name in list(sys.modules):
            if name.split(".")[0] in tops:
                del sys.modules[name]


# --- python: run, checking the comments' claims -----------------------------------------------

CLAIM = re.compile(
    r"""^(?P<value>True|False|None|-?\d+(?:\.\d+)?|"[^"]*"|'[^']*'|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"""
    r"""(?=$|[\s:;,)])"""
)


def resolve(dotted: str, namespace: dict[str, Any]) -> Any:
    """The object a dotted name names: from the block's namespace, else importable."""
    parts = dotted.split(".")
    if parts[0] in namespace:
        found, rest = namespace[parts[0]], parts[1:]
    else:
        for size in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join(parts[:size]))
            except ImportError:
                continue
            rest = parts[size:]
            break
        else:
            raise AssertionError(f"the comment names {dotted!r}, which is neither defined nor importable")
    for part in rest:
        try:
            found = getattr(found, part)
        except AttributeError:
            found = importlib.import_module(f"{found.__name__}.{part}")
    return found


@dataclass
class Claim:
    value: str
    bases: list[str]  # the names of its MRO's next classes, when the claim is a class
    line: int
    source: str


def _comments(source: str) -> dict[int, str]:
    """Line -> the comment on it (without ``#``), for the lines of ``source``."""
    found = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string[1:].strip()
    return found


def _claims(tree: ast.Module, source: str) -> dict[int, Claim]:
    """id(ast.Expr) -> the claim its comment makes."""
    comments = _comments(source)
    lines = source.splitlines()
    claims = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expr) or node.end_lineno is None:
            continue
        after = node.end_lineno
        comment = comments.get(after)
        if comment is None and after < len(lines) and lines[after].lstrip().startswith("#"):
            after += 1
            comment = comments.get(after)
        if comment is None or not (match := CLAIM.match(comment)):
            continue
        bases = []
        while after < len(lines) and lines[after].lstrip().startswith("#"):
            following = comments.get(after + 1, "")
            if not following.startswith("->"):
                break
            bases += [name.strip() for name in following.split("->") if name.strip()]
            after += 1
        segment = ast.get_source_segment(source, node) or ""
        claims[id(node)] = Claim(match.group("value"), bases, node.lineno, segment)
    return claims


def check_claim(value: Any, claim: Claim, namespace: dict[str, Any], where: str) -> None:
    said = claim.value
    context = f"{where}: `{claim.source}` is {value!r}, the comment says {said}"
    if said in ("True", "False", "None"):
        assert value is ast.literal_eval(said), context
        return
    if said[0] in "\"'-" or said[0].isdigit():
        assert value == ast.literal_eval(said), context
        return
    named = resolve(said, namespace)
    if isinstance(value, type):
        assert value is named, context
    elif isinstance(named, type):
        assert type(value) is named, context
    else:
        assert value == named, context
    if claim.bases:
        assert isinstance(value, type), f"{where}: the comment lists the MRO of {value!r}, not a class"
        listed = [resolve(name, namespace) for name in claim.bases]
        assert list(value.__mro__[1 : 1 + len(listed)]) == listed, (
            f"{where}: the MRO of {said} is {[f'{c.__module__}.{c.__qualname__}' for c in value.__mro__]}, "
            f"the comment says {claim.bases}"
        )


class _ClaimChecks(ast.NodeTransformer):
    """Wrap each claimed expression statement in a call that checks it."""

    def __init__(self, claims: dict[int, Claim]) -> None:
        self.claims = claims
        self.by_index: list[Claim] = []

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        claim = self.claims.get(id(node))
        if claim is None:
            return node
        self.by_index.append(claim)
        call = ast.Call(
            func=ast.Name("__docs_claim__", ast.Load()),
            args=[node.value, ast.Constant(len(self.by_index) - 1)],
            keywords=[],
        )
        return ast.copy_location(ast.Expr(ast.copy_location(call, node)), node)


def run_python(block: Block, namespace: dict[str, Any], server: Loopback) -> None:
    """Run a python block in ``namespace``, checking its comments' claims and its answers."""
    for (page, line), answers in ANSWERS.items():
        if page == block.page and line in block.text:
            server.answer(*answers())
    source = block.text
    tree = ast.parse(source)
    transformer = _ClaimChecks(_claims(tree, source))
    tree = ast.fix_missing_locations(transformer.visit(tree))
    ast.increment_lineno(tree, block.line)  # tracebacks name the page's lines
    path = str(ROOT / block.page)

    def claim_check(value: Any, index: int) -> None:
        claim = transformer.by_index[index]
        check_claim(value, claim, namespace, f"{block.page}:{block.line + claim.line}")

    namespace["__docs_claim__"] = claim_check
    try:
        exec(compile(tree, path, "exec"), namespace)
    finally:
        del namespace["__docs_claim__"]
    left = server.clear_script()
    assert left == 0, f"{block.id}: {left} scripted answer(s) left unused: the block made fewer calls"


def run_pycon(block: Block, namespace: dict[str, Any]) -> None:
    parser = doctest.DocTestParser()
    test = parser.get_doctest(block.text, namespace, block.id, str(ROOT / block.page), block.line)
    output = io.StringIO()
    runner = doctest.DocTestRunner()
    runner.run(test, out=output.write, clear_globs=False)
    assert runner.failures == 0, output.getvalue()


# --- console and sh --------------------------------------------------------------------------

NORMALIZE = [
    # the shipped YAML's path: the pages show it from a source checkout
    (re.compile(r"""[^\s"']*site-packages/awserrors/mappings/"""), "mappings/"),
    # a traceback through an installed package: where it is installed, and its line numbers
    (re.compile(r'File "[^"]*/site-packages/([^"]*)", line \d+'), r'File ".../site-packages/\1", line N'),
    (re.compile(r"\b0x[0-9a-f]+\b"), "0x..."),
    (re.compile(r" in \d+\.\d+s\b"), " in N.NNs"),
    # cache file names carry hashes of the key and, in a shared folder, of where the YAML is
    (re.compile(r"(-[0-9a-f]{8})+\.marshal\b"), "-<hash>.marshal"),
    # and their size, which moves with every change of the table format
    (re.compile(r"\.marshal \([\d,]+ bytes\)"), ".marshal (N bytes)"),
    # CPython 3.13 quotes `python -c` code in a traceback, with carets; 3.11 and 3.12 do not
    (re.compile(r'^(  File "<string>", line \d+, in .*\n)(    .*\n)(    *[~^]+ *\n)?', re.M), r"\1"),
]


def normalized(text: str) -> list[str]:
    for pattern, replacement in NORMALIZE:
        text = pattern.sub(replacement, text)
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def command_env(project: Path) -> dict[str, str]:
    """The environment of the page's commands; what they cache goes beside the project, not the checkout."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "AWSERRORS_", "PYTEST_", "COLUMNS", "LINES"))
        # pytest does not shorten its summary lines in CI (CI=true, BUILD_NUMBER): the pages
        # show what a terminal shows
        and name not in ("CI", "BUILD_NUMBER")
    }
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        COLUMNS="80",
        PYTHONUNBUFFERED="1",
        AWSERRORS_CACHE_DIR=str(project.parent / "cache"),
    )
    return env


def console_commands(block: Block) -> list[tuple[str, list[str]]]:
    commands: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        else:
            assert commands, f"{block.id}: output before the first $ command"
            commands[-1][1].append(line)
    return commands


def run_console(block: Block, project: Path) -> None:
    commands = console_commands(block)
    script = ["__status=0"]
    for number, (command, _) in enumerate(commands):
        script += [f"printf '\\037{number}\\037\\n'", "(exit $__status)", command, "__status=$?"]
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=project,
        env=command_env(project),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
    )
    printed = re.split(r"\x1f\d+\x1f\n", result.stdout)[1:]
    assert len(printed) == len(commands), result.stdout
    if os.environ.get("AWSERRORS_DOCS_UPDATE") == "1":  # rewrite the page with what ran
        text = "\n".join(
            line
            for (command, _), actual in zip(commands, printed, strict=True)
            for line in [f"$ {command}", *normalized(actual)]
        )
        text += "\n" if block.text.endswith("\n") else ""
        page = ROOT / block.page
        page.write_text(page.read_text(encoding="utf-8").replace(block.text, text, 1), encoding="utf-8")
        return
    for (command, expected), actual in zip(commands, printed, strict=True):
        want, got = normalized("\n".join(expected)), normalized(actual)
        difference = "\n".join(difflib.unified_diff(want, got, "the page", "the run", lineterm=""))
        assert want == got, f"{block.id}: `{command}` printed otherwise (normalized):\n{difference}"


@functools.cache
def bash_syntax_ok(script: Path) -> str:
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    return result.stderr


def run_sh_block(block: Block, tmp_path: Path) -> list[str]:
    """Check the commands of an ``sh`` block; what was done with each, for the report.

    - ``bash scripts/NAME.sh``: the script exists and ``bash -n`` accepts it.  It
      is not run: it makes ``.venv``, the environment this suite runs in.  What
      it runs after setting up ``.venv`` (its ``.venv/bin/python X`` lines that
      are not pip) is run with this interpreter, except for scripts/test.sh,
      whose last line runs this very suite (CI runs it: ``.ci/run``).
    - ``pip install awserrors``: the project is named awserrors, and the
      comment names exactly its run-time dependencies.
    - ``.venv/bin/python benchmarks/anatomy.py``: it parses its arguments (``--help``).
    - ``.venv/bin/python benchmarks/run.py [OPTIONS]``: the block's lines are
      run once, with this interpreter, with ``--quick`` (a full run takes
      minutes) and every option the lines use; ``--json FILE`` must write a
      JSON document.
    """
    done = []
    benchmark_options: list[str] | None = None
    for line in block.text.splitlines():
        command, _, comment = line.partition("#")
        command = command.strip()
        if not command:
            continue
        words = command.split()
        script = re.fullmatch(r"bash (scripts/[\w-]+\.sh)", command)
        if script:
            done.append(check_script(script.group(1)))
        elif words == ["pip", "install", "awserrors"]:
            done.append(check_pip_install(comment))
        elif words[:2] == [".venv/bin/python", "benchmarks/run.py"]:
            benchmark_options = benchmark_options or ["--quick"]
            benchmark_options += [option for option in words[2:] if option not in benchmark_options]
            done.append(f"{command}: run below")
        elif words[:2] == [".venv/bin/python", "benchmarks/compare.py"]:
            done.append(check_compare(tmp_path))
        elif words[:2] == [".venv/bin/python", "benchmarks/anatomy.py"]:
            done.append(check_anatomy())
        else:
            raise AssertionError(f"{block.id}: no check for the sh command `{command}`; add one")
    if benchmark_options is not None:
        result = subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "run.py"), *benchmark_options],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"benchmarks/run.py failed:\n{result.stdout}\n{result.stderr}"
        assert re.search(r"^goals: \d+ met", result.stdout, re.M), result.stdout
        if "--json" in benchmark_options:
            written = benchmark_options[benchmark_options.index("--json") + 1]
            assert "results" in json.loads((tmp_path / written).read_text(encoding="utf-8"))
        done.append(f"ran benchmarks/run.py {' '.join(benchmark_options)}")
    return done


def check_anatomy() -> str:
    """benchmarks/anatomy.py parses its arguments (a run takes valgrind and some 90 s)."""
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "anatomy.py"), "--help"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "--runs" in result.stdout, result.stderr
    return "benchmarks/anatomy.py --help"


def check_compare(tmp_path: Path) -> str:
    """benchmarks/compare.py on the wheel scripts/test.sh built, against itself, 2 triples."""
    wheels = sorted((ROOT / ".venvs" / "wheelhouse").glob("awserrors-*.whl"))
    if not wheels:  # a run without scripts/test.sh: the script at least parses its arguments
        result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "compare.py"), "--help"],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == 0 and "before" in result.stdout, result.stderr
        return "benchmarks/compare.py --help (no wheel built here)"
    command = [sys.executable, str(ROOT / "benchmarks" / "compare.py"), str(wheels[0]), str(wheels[0])]
    result = subprocess.run(
        [*command, "--triples", "2"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"benchmarks/compare.py failed:\n{result.stdout}\n{result.stderr}"
    line = r"^(.+) \(2 triples, .*\): before (\d+\.\d+)x, after (\d+\.\d+)x$"
    figures = re.findall(line, result.stdout, re.M)
    assert ["import + first lookup", "import a service's class"] == [f[0] for f in figures], result.stdout
    assert all(float(ratio) > 0 for f in figures for ratio in f[1:]), result.stdout
    return f"ran benchmarks/compare.py on {wheels[0].name} twice, 2 triples"


def check_script(name: str) -> str:
    path = ROOT / name
    assert path.is_file(), f"{name} does not exist"
    syntax = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
    assert syntax.returncode == 0, syntax.stderr
    if path.name == "test.sh":
        return f"bash {name}: exists, bash -n; not run (it runs this suite)"
    ran = []
    for step in path.read_text(encoding="utf-8").splitlines():
        found = re.fullmatch(r"\.venv/bin/python (?!-m pip)(.+)", step.strip())
        if found:
            command = [sys.executable, *found.group(1).split()]
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
            assert result.returncode == 0, f"{step} failed:\n{result.stdout}\n{result.stderr}"
            ran.append(found.group(1))
    assert ran, f"{name} runs nothing after setting up .venv"
    return f"bash {name}: exists, bash -n; ran {ran} with this interpreter"


def check_pip_install(comment: str) -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "awserrors"
    needs = re.fullmatch(r"\s*needs (.+)", comment)
    assert needs, "the comment of `pip install awserrors` should say what it needs"
    said = {name.strip().lower() for name in re.split(r",|\band\b", needs.group(1)) if name.strip()}
    dependencies = {re.split(r"[<>=!~\[ ;]", d)[0].lower() for d in project["dependencies"]}
    assert said == dependencies, f"the comment says {sorted(said)}, pyproject.toml has {sorted(dependencies)}"
    return f"pip install awserrors: the project, and its dependencies {sorted(dependencies)}"


# --- yaml ------------------------------------------------------------------------------------


def yaml_group(block: Block) -> list[Block]:
    """The block and the fragments around it that make one file (see the module's docstring)."""
    yamls = [b for b in page_blocks(block.page) if b.lang == "yaml" and b.file is None]
    groups: list[list[Block]] = []
    for candidate in yamls:
        if re.search(r"^taxonomy:", candidate.text, re.M) or not groups:
            groups.append([candidate])
        else:
            groups[-1].append(candidate)
    return next(group for group in groups if block in group)


def validate(project: Path, path: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "awserrors", "validate", path],
        cwd=project,
        env=command_env(project),
        capture_output=True,
        text=True,
        timeout=600,
    )


def check_yaml(block: Block, project: Path, path: str) -> None:
    result = validate(project, path)
    if block.marker == "invalid":
        assert result.returncode == 1, f"{block.id} shows a mistake, but it validates:\n{result.stdout}"
        assert re.search(r"^\d+ problems?$", result.stderr, re.M), result.stderr
    else:
        assert result.returncode == 0, f"{block.id} does not validate:\n{result.stderr}"


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("block", all_blocks(), ids=lambda block: block.id)
def test_block(
    block: Block,
    aws_env: Loopback,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    in_project: Callable[[Path], None],
) -> None:
    if block.marker == "skip":
        pytest.skip(f"docs-test: skip {block.reason}")
    if block.marker == "botocore" and botocore.__version__ != block.reason:
        pytest.skip(f"{block.id} shows what botocore {block.reason} models; this is {botocore.__version__}")
    running = ".".join(map(str, sys.version_info[:2]))
    if block.marker == "python" and running != block.reason:
        pytest.skip(f"{block.id} shows what Python {block.reason} prints; this is {running}")
    if block.kind == "text":
        pytest.skip(f"{block.id}: a text block, a diagram: nothing to run")
    project = build_project(block, tmp_path)
    if block.kind == "file":
        assert block.file is not None
        if block.file.endswith(".py"):
            module = block.file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
            result = subprocess.run(
                [sys.executable, "-c", f"import {module}"],
                cwd=project,
                env=command_env(project),
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
        else:
            check_yaml(block, project, block.file)
    elif block.kind == "yaml":
        group = yaml_group(block)
        (project / "docs_block.yaml").write_text("".join(b.text for b in group), encoding="utf-8")
        check_yaml(block, project, "docs_block.yaml")
    elif block.kind == "diff":
        apply_diff(project, block.text)
    elif block.kind == "console":
        run_console(block, project)
    elif block.kind == "sh":
        for done in run_sh_block(block, tmp_path):
            print(done)
    elif block.kind in ("python", "pycon"):
        monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
        in_project(project)
        namespace: dict[str, Any] = {"__name__": "__main__"}
        earlier = [
            b
            for b in page_blocks(block.page)
            if block.page in SHARED_NAMESPACE and b.kind in ("python", "pycon") and b.line < block.line
        ]
        for step in [*earlier, block]:
            if step.kind == "python":
                run_python(step, namespace, aws_env)
            else:
                run_pycon(step, namespace)
    else:
        raise AssertionError(f"{block.id}: no test for a {block.lang!r} block")


def test_every_fence_names_a_language_the_runner_knows() -> None:
    unknown = [f"{b.id} {b.lang!r}" for b in all_blocks() if b.lang not in LANGUAGES]
    assert not unknown


def test_no_fence_is_hidden_from_the_runner() -> None:
    """Indented or ``~~~`` fences are not parsed: there must be none."""
    for page in PAGES:
        for number, line in enumerate((ROOT / page).read_text(encoding="utf-8").splitlines(), 1):
            hidden = re.match(r"^\s+```|^\s*~~~", line)
            assert not hidden, f"{page}:{number}: a fence the runner does not read"


def test_every_scripted_answer_belongs_to_one_block() -> None:
    for page, line in ANSWERS:
        holders = [b.id for b in page_blocks(page) if b.kind == "python" and line in b.text]
        assert len(holders) == 1, f"ANSWERS[{page!r}, {line!r}] is in {holders}"


def test_markers_stand_before_fences_that_use_them() -> None:
    for block in all_blocks():
        if block.marker == "invalid":
            assert block.lang == "yaml", f"{block.id}: 'invalid' is for yaml blocks"
        if block.marker == "skip":
            assert block.reason, f"{block.id}: a skip needs its reason"
        if block.marker == "python":
            assert re.fullmatch(r"3\.\d+", block.reason), f"{block.id}: 'python' takes a version: 3.11"
        if block.marker == "botocore":  # the output of the botocore the constraints pin
            pinned = re.search(r"^botocore==(\S+)$", (ROOT / "scripts/constraints.txt").read_text(), re.M)
            assert pinned, "scripts/constraints.txt pins no botocore"
            assert block.reason == pinned[1], f"{block.id}: the pinned botocore is {pinned[1]}"
    for page in PAGES:
        text = (ROOT / page).read_text(encoding="utf-8")
        for found in re.finditer(r"^(<!-- docs-test:.*)\n(\n*)(.*)", text, re.M):
            marker = found.group(1)
            assert MARKER.match(marker), f"{page}: {marker!r} is not a marker the runner knows"
            assert found.group(3).startswith("```"), f"{page}: {marker!r} is not right before a fence"


# --- the numbers the pages state -------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    return run_cli_json("catalog")


@pytest.fixture(scope="module")
def coverage() -> dict[str, Any]:
    return run_cli_json("coverage")


def run_cli_json(*argv: str) -> Any:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main([*argv, "--json"])
    assert status == 0
    return json.loads(out.getvalue())


def number(text: str) -> int:
    return int(text.replace(",", ""))


def test_the_readme_counts_are_the_taxonomys(catalog: list[dict[str, Any]], coverage: dict[str, Any]) -> None:
    """README's figures, from ``awserrors catalog --json`` and ``awserrors coverage --json``."""
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    found = re.search(
        r"every error shape of botocore's service models \((?P<shapes>[\d,]+) shapes of "
        r"(?P<services>[\d,]+) services in botocore (?P<botocore>[\d.]+)\), EC2's (?P<ec2>[\d,]+) and "
        r"S3's (?P<s3>[\d,]+) documented codes that botocore does not model, and the common errors any "
        r"AWS API may return: (?P<codes>[\d,]+) codes, (?P<service_classes>[\d,]+) per-service classes",
        text,
    )
    assert found, "README's sentence with the taxonomy's counts changed: update this test with it"
    documented = {s["service"]: len(s["documented_not_modeled"]) for s in coverage["services"]}
    assert {
        "shapes": number(found["shapes"]),
        "services": number(found["services"]),
        "botocore": found["botocore"],
        "ec2": number(found["ec2"]),
        "s3": number(found["s3"]),
        "codes": number(found["codes"]),
        "service_classes": number(found["service_classes"]),
    } == {
        "shapes": coverage["modeled"],
        "services": sum(1 for s in coverage["services"] if s["modeled"]),
        "botocore": coverage["botocore"],
        "ec2": documented["ec2"],
        "s3": documented["s3"],
        "codes": sum(1 for row in catalog if row["service"] == "*"),
        "service_classes": sum(1 for row in catalog if row["service"] != "*"),
    }


def test_the_cli_page_counts_the_catalog(catalog: list[dict[str, Any]]) -> None:
    text = " ".join((ROOT / "docs" / "cli.md").read_text(encoding="utf-8").split())
    found = re.search(
        r"For the AWS-wide taxonomy that is (?P<rows>[\d,]+) rows \((?P<service>[\d,]+) service rows, "
        r"(?P<codes>[\d,]+) codes\)",
        text,
    )
    assert found, "cli.md's sentence with the catalog's size changed: update this test with it"
    assert (number(found["rows"]), number(found["service"]), number(found["codes"])) == (
        len(catalog),
        sum(1 for row in catalog if row["service"] != "*"),
        sum(1 for row in catalog if row["service"] == "*"),
    )
