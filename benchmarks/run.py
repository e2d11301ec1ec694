"""awserrors' performance, as ratios against botocore measured side by side.

Run it with the Python of the environment awserrors is installed in (a real,
non-editable install, with its ``.pyc`` files)::

    bash scripts/test.sh                       # builds .venv and installs the wheel
    .venv/bin/python benchmarks/run.py         # the table; --json for JSON too

Every figure is measured in the same run as its botocore counterpart,
interleaved (A B B A ...), over many repetitions; the table gives medians and
the spread (10th to 90th percentile) of the per-repetition ratios, because these
machines are noisy.  Every measurement runs in fresh child processes with
``PYTHONDONTWRITEBYTECODE`` and ``AWSERRORS_*`` removed from the environment and
``HOME``/``XDG_CACHE_HOME`` pointing at an empty folder, so tables come from the
install itself (the wheel's prebuilt cache) and never from a user cache.

See docs/performance.md for what each figure means and the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MiB = 1024 * 1024

# --- child processes ----------------------------------------------------------------

_ENV: dict[str, str] = {}


def child_env(**extra: str) -> dict[str, str]:
    return {**_ENV, **extra}


def run_child(code: str, env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> str:
    """Run ``code`` in a fresh interpreter; its stdout (raises with its stderr on failure)."""
    done = subprocess.run(
        [sys.executable, *args, "-c", code], env=env or child_env(), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{code}\n{done.stderr}")
    return done.stdout


def wall(code: str, env: dict[str, str] | None = None) -> float:
    """Seconds from starting a fresh interpreter running ``code`` to its exit."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env or child_env(), stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"child failed: {code}")
    return elapsed


def child_json(code: str, env: dict[str, str] | None = None) -> Any:
    return json.loads(run_child(code, env).strip().splitlines()[-1])


# --- statistics -----------------------------------------------------------------------


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "p10": quantile(values, 0.10),
        "p90": quantile(values, 0.90),
        "n": len(values),
    }


RESULTS: list[dict[str, Any]] = []


def record(
    figure: str,
    ours: list[float],
    theirs: list[float] | None,
    unit: str,
    *,
    ratios: list[float] | None = None,
    goal: str | None = None,
    passed: bool | None = None,
    note: str = "",
    botocore_label: str = "",
    difference: float | None = None,
) -> dict[str, Any]:
    """One row: awserrors' figure, botocore's, and the per-repetition ratios between them."""
    if ratios is None and theirs is not None:
        ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    row = {
        "figure": figure,
        "unit": unit,
        "awserrors": summary(ours),
        "botocore": summary(theirs) if theirs is not None else None,
        "botocore_measures": botocore_label,
        "ratio": summary(ratios) if ratios else None,
        "goal": goal,
        "passed": passed,
        "note": note,
        "difference": difference,
    }
    RESULTS.append(row)
    return row


# --- 1. whole-process import ------------------------------------------------------------

IMPORT_AWSERRORS = "import awserrors"
IMPORT_BOTOCORE = "import botocore.exceptions"
IMPORT_AND_LOOKUP = "import awserrors; awserrors.exception_class_for('ThrottlingException')"
IMPORT_SERVICE_CLASS = "from awserrors.services.ec2 import InvalidInstanceID_NotFound"
#: The standard-library modules awserrors imports and botocore.exceptions does not, then botocore.
IMPORT_STDLIB = "import typing, pathlib, datetime, zlib, botocore.exceptions"


def bench_import(pairs: int) -> None:
    codes = {"base": "pass", "botocore": IMPORT_BOTOCORE, "awserrors": IMPORT_AWSERRORS,
             "lookup": IMPORT_AND_LOOKUP, "service": IMPORT_SERVICE_CLASS, "stdlib": IMPORT_STDLIB}
    times: dict[str, list[float]] = {k: [] for k in codes}
    order = list(codes)
    for code in codes.values():  # warm the page cache and any cache files
        wall(code)
    for i in range(pairs):
        for name in order if i % 2 == 0 else reversed(order):
            times[name].append(wall(codes[name]))
    aw, bc, base, lookup = times["awserrors"], times["botocore"], times["base"], times["lookup"]
    ratios = [a / b for a, b in zip(aw, bc, strict=True)]
    ratio = statistics.median(ratios)
    record(
        'process: python -c "import awserrors"',
        [t * 1e3 for t in aw],
        [t * 1e3 for t in bc],
        "ms",
        ratios=ratios,
        goal="<= 1.05x",
        passed=ratio <= 1.05,
        botocore_label='python -c "import botocore.exceptions"',
    )
    # Above the bare interpreter's start-up: what each import itself costs.
    record(
        "  import cost above `python -c pass`",
        [(a - b) * 1e3 for a, b in zip(aw, base, strict=True)],
        [(a - b) * 1e3 for a, b in zip(bc, base, strict=True)],
        "ms",
        note=f"python -c pass: median {statistics.median(base) * 1e3:.1f} ms",
        botocore_label="same for botocore.exceptions",
    )
    record(
        "  botocore.exceptions after typing, pathlib, datetime, zlib",
        [t * 1e3 for t in times["stdlib"]],
        [t * 1e3 for t in bc],
        "ms",
        note="what those modules alone add to botocore's import",
        botocore_label='python -c "import botocore.exceptions"',
    )
    for figure, samples, note in (
        ("process: import + first lookup", lookup, IMPORT_AND_LOOKUP),
        ("process: import a service's class", times["service"], IMPORT_SERVICE_CLASS),
    ):
        ratios = [a / b for a, b in zip(samples, bc, strict=True)]
        record(
            figure,
            [t * 1e3 for t in samples],
            [t * 1e3 for t in bc],
            "ms",
            ratios=ratios,
            goal="<= 1.15x",
            passed=statistics.median(ratios) <= 1.15,
            note=note,
            botocore_label='python -c "import botocore.exceptions"',
        )


def instructions(code: str) -> int:
    """User-space instructions a fresh interpreter running ``code`` executes, counted by
    valgrind's callgrind: the same count every run, however busy the machine."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
        env=child_env(), capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    found = [line for line in done.stderr.splitlines() if "Collected :" in line]
    return int(found[-1].split()[-1])


def bench_instructions() -> None:
    """The process figures as instruction counts (``--instructions``): ratios without noise."""
    botocore = instructions(IMPORT_BOTOCORE)
    bare = instructions("pass")
    for figure, code, goal in (
        ("instructions: python -c pass", "pass", None),
        ('instructions: python -c "import awserrors"', IMPORT_AWSERRORS, 1.05),
        ("instructions: import + first lookup", IMPORT_AND_LOOKUP, 1.15),
        ("instructions: import a service's class", IMPORT_SERVICE_CLASS, 1.15),
    ):
        ours = bare if code == "pass" else instructions(code)
        record(  # the goals are the wall-time figures'; these say where the time goes
            figure,
            [ours / 1e6],
            [botocore / 1e6],
            "M instr",
            note=f"above `pass`: {(ours - bare) / 1e6:.1f}M against {(botocore - bare) / 1e6:.1f}M"
            + (f" (wall-time goal <= {goal}x)" if goal else ""),
            botocore_label='python -c "import botocore.exceptions"',
        )


def importtime_top(runs: int, top: int) -> list[dict[str, Any]]:
    """-X importtime: the modules ``import awserrors`` imports beyond ``import botocore.exceptions``."""

    def parse(statement: str) -> dict[str, tuple[int, int]]:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            env=child_env(), capture_output=True, text=True, check=True,
        )
        found = {}
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, cumulative, name = line[len("import time:"):].split("|")
            found[name.strip()] = (int(own), int(cumulative))
        return found

    botocore_modules: set[str] = set()
    samples: dict[str, list[tuple[int, int]]] = {}
    for _ in range(runs):
        botocore_modules |= set(parse(IMPORT_BOTOCORE))
        for name, value in parse(IMPORT_AWSERRORS).items():
            samples.setdefault(name, []).append(value)
    rows = [
        {
            "module": name,
            "self_us": statistics.median(v[0] for v in values),
            "cumulative_us": statistics.median(v[1] for v in values),
            "also_imported_by_botocore_exceptions": name in botocore_modules,
        }
        for name, values in samples.items()
    ]
    extra = [r for r in rows if not r["also_imported_by_botocore_exceptions"]]
    extra.sort(key=lambda r: -r["self_us"])
    return extra[:top]


# --- 2. handle_client_error against botocore's from_code ------------------------------------

_HANDLE = r"""
import json, sys, time
import botocore.session
import awserrors
from awserrors.testing import make_client_error

cases = json.loads(sys.argv[1]) if len(sys.argv) > 1 else []
rounds, loops = int(sys.argv[2]), int(sys.argv[3])
session = botocore.session.get_session()
clients = {}
out = {}
for code, service, operation in cases:
    client = clients.get(service) or clients.setdefault(service, session.create_client(
        service, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x"))
    error = make_client_error(code, service=service, operation=operation)
    response, op = error.response, error.operation_name
    error_code = response["Error"]["Code"]
    from_code = client.exceptions.from_code
    handle = awserrors.handle_client_error

    class_for = awserrors.exception_class_for

    def ours(n, handle=handle, error=error):
        start = time.perf_counter_ns()
        for _ in range(n):
            handle(error)
        return (time.perf_counter_ns() - start) / n

    def ours_service(n, handle=handle, error=error, service=service):
        start = time.perf_counter_ns()
        for _ in range(n):
            handle(error, service=service)
        return (time.perf_counter_ns() - start) / n

    def theirs(n, from_code=from_code, error_code=error_code, response=response, op=op):
        start = time.perf_counter_ns()
        for _ in range(n):
            from_code(error_code)(response, op)
        return (time.perf_counter_ns() - start) / n

    def class_plain(n, class_for=class_for, error_code=error_code):
        start = time.perf_counter_ns()
        for _ in range(n):
            class_for(error_code)
        return (time.perf_counter_ns() - start) / n

    def class_service(n, class_for=class_for, error_code=error_code, service=service):
        start = time.perf_counter_ns()
        for _ in range(n):
            class_for(error_code, service=service)
        return (time.perf_counter_ns() - start) / n

    def theirs_class(n, from_code=from_code, error_code=error_code):
        start = time.perf_counter_ns()
        for _ in range(n):
            from_code(error_code)
        return (time.perf_counter_ns() - start) / n

    timers = {"ours": ours, "ours_service": ours_service, "theirs": theirs,
              "class_plain": class_plain, "class_service": class_service, "theirs_class": theirs_class}
    for timer in timers.values():
        timer(loops)  # warm: classes built, caches filled
    samples = {name: [] for name in timers}
    names = list(timers)
    for i in range(rounds):  # interleaved, A B C ... then ... C B A
        for name in names if i % 2 == 0 else reversed(names):
            samples[name].append(timers[name](loops))
    converted = handle(error)
    out[f"{service}:{code}"] = {**samples, "class": type(converted).__module__ + "."
                                + type(converted).__qualname__}
print(json.dumps(out))
"""

_PROFILE = r"""
import cProfile, io, pstats, sys
import awserrors
from awserrors.testing import make_client_error
error = make_client_error(sys.argv[1], service=sys.argv[2], operation=sys.argv[3])
handle = awserrors.handle_client_error
handle(error)
profile = cProfile.Profile()
profile.enable()
for _ in range(20000):
    handle(error)
profile.disable()
text = io.StringIO()
pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(14)
print(text.getvalue())
"""

#: Goals (issue 12): handle_client_error at most 0.35x botocore's from_code + instantiate;
#: exception_class_for at most 2x from_code alone; both for known codes, with and without service=.
HANDLE_GOAL = 0.35
CLASS_GOAL = 2.0

HANDLE_CASES = [
    ("ResourceNotFoundException", "dynamodb", "GetItem"),
    ("ProvisionedThroughputExceededException", "dynamodb", "GetItem"),
    ("ConditionalCheckFailedException", "dynamodb", "PutItem"),
    ("SomeCodeNobodyMaps", "dynamodb", "GetItem"),
]


def bench_handle(rounds: int, loops: int) -> str | None:
    done = subprocess.run(
        [sys.executable, "-c", _HANDLE, json.dumps(HANDLE_CASES), str(rounds), str(loops)],
        env=child_env(), capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    missed = None
    for figure, ours, theirs, goal, label in (
        ("handle_client_error(err)", "ours", "theirs", HANDLE_GOAL, "from_code(code)(response, operation)"),
        ("handle_client_error(err, service=...)", "ours_service", "theirs", HANDLE_GOAL,
         "from_code(code)(response, operation)"),
        ("exception_class_for(code)", "class_plain", "theirs_class", CLASS_GOAL, "from_code(code)"),
        ("exception_class_for(code, service=...)", "class_service", "theirs_class", CLASS_GOAL,
         "from_code(code)"),
    ):
        for i, (code, service, _) in enumerate(HANDLE_CASES):
            data = found[f"{service}:{code}"]
            ratios = [a / b for a, b in zip(data[ours], data[theirs], strict=True)]
            record(
                f"{figure}: {service} {code}" if i == 0 else f"  same, {code}",
                [a / 1e3 for a in data[ours]],
                [b / 1e3 for b in data[theirs]],
                "us/call",
                ratios=ratios,
                goal=f"<= {goal}x" if i < len(HANDLE_CASES) - 1 else None,
                passed=statistics.median(ratios) <= goal if i < len(HANDLE_CASES) - 1 else None,
                note=f"-> {data['class']}" if ours == "ours" else "",
                botocore_label=f"client.exceptions.{label}",
            )
    for code, service, operation in HANDLE_CASES[:1]:
        data = found[f"{service}:{code}"]
        ratio = statistics.median(a / b for a, b in zip(data["ours"], data["theirs"], strict=True))
        if ratio > HANDLE_GOAL:
            missed = subprocess.run(
                [sys.executable, "-c", _PROFILE, code, service, operation],
                env=child_env(), capture_output=True, text=True, check=True,
            ).stdout
    return missed


# --- 3. first lookup and each new class ---------------------------------------------------------

_FIRST_LOOKUP = r"""
import json, sys, time
import awserrors
awserrors.aws  # the taxonomy, made with the engine's modules (the process figures count those)
start = time.perf_counter()
awserrors.exception_class_for("ThrottlingException")
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "loader": "awserrors._yaml" in sys.modules, "yaml": "yaml" in sys.modules}))
"""

# botocore's counterpart: a client's first use of its exceptions builds every
# exception class of that service from the (already loaded) service model.
_BOTOCORE_FIRST = r"""
import json, time
import botocore.session
client = botocore.session.get_session().create_client(
    "dynamodb", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
start = time.perf_counter()
client.exceptions.from_code("ProvisionedThroughputExceededException")
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "classes": len(client.exceptions._code_to_exception)}))
"""

_NEW_CLASSES = r"""
import json, sys, time
import awserrors
taxonomy = awserrors.aws
awserrors.exception_class_for("ThrottlingException")   # tables loaded, not timed
codes = sorted(taxonomy.codes)
step = max(1, len(codes) // int(sys.argv[1]))
chosen = codes[::step][: int(sys.argv[1])]
before = len(set(taxonomy._classes.classes.values()))
start = time.perf_counter()
for code in chosen:
    awserrors.exception_class_for(code)
elapsed = time.perf_counter() - start
built = len(set(taxonomy._classes.classes.values())) - before
print(json.dumps({"s": elapsed, "lookups": len(chosen), "built": built}))
"""

# botocore's counterpart: the exception classes of several services, built on first use.
_BOTOCORE_CLASSES = r"""
import json, time
import botocore.session
session = botocore.session.get_session()
services = ["dynamodb", "s3", "sqs", "lambda", "iam", "kms", "sns", "ecs", "rds", "cloudformation"]
clients = [session.create_client(s, region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE",
                                 aws_secret_access_key="x") for s in services]
start = time.perf_counter()
built = sum(len(c.exceptions._code_to_exception) for c in clients)
elapsed = time.perf_counter() - start
print(json.dumps({"s": elapsed, "built": built}))
"""


def bench_first_lookup(repeats: int, classes: int) -> dict[str, Any]:
    ours, theirs, sources = [], [], set()
    botocore_classes = 0
    child_json(_FIRST_LOOKUP)  # make sure some cache exists (the wheel's, or one written now)
    for i in range(repeats):
        steps = [(True, _FIRST_LOOKUP), (False, _BOTOCORE_FIRST)]
        for is_ours, code in steps if i % 2 == 0 else reversed(steps):
            data = child_json(code)
            if is_ours:
                ours.append(data["s"] * 1e3)
                sources.add("rebuilt from YAML" if data["loader"] or data["yaml"] else "read from cache")
            else:
                theirs.append(data["s"] * 1e3)
                botocore_classes = data["classes"]
    median = statistics.median(ours)
    record(
        "first lookup (tables from cache)",
        ours,
        theirs,
        "ms",
        goal="<= 10 ms",
        passed=median <= 10.0,
        note="; ".join(sorted(sources)),
        botocore_label=f"first client.exceptions use: dynamodb, {botocore_classes} classes",
    )
    per_ours, per_theirs, built = [], [], 0
    for i in range(max(3, repeats // 2)):
        steps = [(True, _NEW_CLASSES), (False, _BOTOCORE_CLASSES)]
        for is_ours, code in steps if i % 2 == 0 else reversed(steps):
            if is_ours:
                data = child_json(code.replace("int(sys.argv[1])", str(classes)))
                per_ours.append(data["s"] * 1e3 / data["built"])
                built = data["built"]
            else:
                data = child_json(code)
                per_theirs.append(data["s"] * 1e3 / data["built"])
    record(
        "each new class",
        per_ours,
        per_theirs,
        "ms/class",
        goal="<= 0.5 ms",
        passed=statistics.median(per_ours) <= 0.5,
        note=f"{classes} distinct codes looked up, {built} classes built (with their categories)",
        botocore_label="client.exceptions of 10 services: per class built",
    )
    return {"sources": sorted(sources)}


# --- 4. memory ----------------------------------------------------------------------

_MEMORY = r"""
import json, sys
{statement}
import tracemalloc
traced = tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else None
rss = None
try:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
except OSError:
    pass
print(json.dumps({{"traced": traced, "rss": rss}}))
"""


def bench_memory(repeats: int) -> None:
    statements = {
        "botocore": "import botocore.exceptions",
        "import": "import awserrors",
        "lookup": "import awserrors; awserrors.exception_class_for('ThrottlingException')",
    }
    traced: dict[str, list[float]] = {k: [] for k in statements}
    rss: dict[str, list[float]] = {k: [] for k in statements}
    for i in range(repeats):
        for name in statements if i % 2 == 0 else reversed(list(statements)):
            code = _MEMORY.format(statement=statements[name])
            done = subprocess.run(
                [sys.executable, "-X", "tracemalloc", "-c", code], env=child_env(),
                capture_output=True, text=True, check=True,
            )
            traced[name].append(json.loads(done.stdout)["traced"] / MiB)
            plain = child_json(code)
            if plain["rss"] is not None:
                rss[name].append(plain["rss"] / MiB)
    for name, label in (("import", "after import"), ("lookup", "after first lookup")):
        over = [a - b for a, b in zip(traced[name], traced["botocore"], strict=True)]
        record(
            f"memory {label} (tracemalloc)",
            traced[name],
            traced["botocore"],
            "MiB",
            goal="<= +4 MiB",
            passed=statistics.median(over) <= 4.0,
            note=f"over botocore.exceptions: {statistics.median(over):+.2f} MiB",
            botocore_label="import botocore.exceptions",
            difference=statistics.median(over),
        )
        if rss[name]:
            over_rss = [a - b for a, b in zip(rss[name], rss["botocore"], strict=True)]
            record(
                f"memory {label} (RSS)",
                rss[name],
                rss["botocore"],
                "MiB",
                note=f"over botocore.exceptions: {statistics.median(over_rss):+.2f} MiB",
                botocore_label="import botocore.exceptions",
                difference=statistics.median(over_rss),
            )


# --- 5. cold build ---------------------------------------------------------------------

_BOTOCORE_CLIENT = r"""
import json, time
start = time.perf_counter()
import botocore.session
botocore.session.get_session().create_client(
    "dynamodb", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="x")
print(json.dumps({"s": time.perf_counter() - start}))
"""


def bench_cold(repeats: int) -> None:
    ours, theirs = [], []
    cold = child_env(AWSERRORS_NO_CACHE="1")
    for i in range(repeats):
        steps = [True, False]
        for is_ours in steps if i % 2 == 0 else reversed(steps):
            if is_ours:
                data = child_json(_FIRST_LOOKUP, cold)
                assert data["loader"], "AWSERRORS_NO_CACHE=1 did not rebuild"
                ours.append(data["s"] * 1e3)
            else:
                theirs.append(child_json(_BOTOCORE_CLIENT)["s"] * 1e3)
    record(
        "cold build, no cache (AWSERRORS_NO_CACHE=1)",
        ours,
        theirs,
        "ms",
        note="first lookup parses and compiles every YAML file",
        botocore_label="import botocore + create a dynamodb client (scale only)",
    )


# --- output ---------------------------------------------------------------------------


def fmt(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def table() -> str:
    header = ["figure", "unit", "awserrors", "botocore", "ratio", "ratio p10-p90", "goal", "pass", "note"]
    lines = []
    for row in RESULTS:
        ratio = row["ratio"]
        lines.append([
            row["figure"],
            row["unit"],
            fmt(row["awserrors"]["median"]),
            fmt(row["botocore"]["median"]) if row["botocore"] else "",
            f"{ratio['median']:.2f}x" if ratio else "",
            f"{ratio['p10']:.2f}-{ratio['p90']:.2f}" if ratio else "",
            row["goal"] or "",
            {True: "PASS", False: "FAIL", None: ""}[row["passed"]],
            row["note"],
        ])
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def markdown_table() -> str:
    """The results as a Markdown table in docs/performance.md's columns (``--markdown``): a
    memory figure gives the median of the per-process differences, not a ratio."""
    lines = [
        "| figure | awserrors | botocore | ratio (median) | ratio p10-p90 | goal | |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in RESULTS:
        ratio, unit = row["ratio"], row["unit"].replace("us/call", "us").replace("ms/class", "ms")
        theirs = f"{fmt(row['botocore']['median'])} {unit}" if row["botocore"] else ""
        verdict = {True: "met", False: "missed", None: ""}[row["passed"]]
        if row["difference"] is not None:
            compared = f"{row['difference']:+.2f} {unit} | "
        elif ratio:
            compared = f"{ratio['median']:.2f}x | {ratio['p10']:.2f}-{ratio['p90']:.2f}"
        else:
            compared = " | "
        lines.append(
            f"| {row['figure'].strip()} | {fmt(row['awserrors']['median'])} {unit} | {theirs} | "
            f"{compared} | {row['goal'] or ''} | {verdict} |"
        )
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    info = json.loads(run_child(
        "import json, sys, importlib.util, botocore, awserrors, os\n"
        "from pathlib import Path\n"
        "p = Path(awserrors.__file__)\n"
        "pyc = importlib.util.cache_from_source(str(p))\n"
        "from importlib.metadata import files\n"
        "caches = sorted(str(f) for f in files('awserrors') or [] if f.name.endswith('.marshal'))\n"
        "print(json.dumps({'python': sys.version, 'botocore': botocore.__version__,"
        " 'awserrors': awserrors.__version__, 'awserrors_file': str(p),"
        " 'installed': 'site-packages' in p.parts, 'pyc': os.path.exists(pyc), 'caches': caches}))"
    ))
    info.update(
        nproc=os.cpu_count(),
        affinity=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        platform=platform.platform(),
        machine=platform.machine(),
        executable=sys.executable,
    )
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--json", metavar="FILE", nargs="?", const="-", help="also write JSON (to FILE, or stdout)"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="also print the table as docs/performance.md has it"
    )
    parser.add_argument("--pairs", type=int, default=40, help="interleaved process pairs for import times")
    parser.add_argument("--repeats", type=int, default=20, help="fresh processes per first-lookup figure")
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds for handle_client_error")
    parser.add_argument("--loops", type=int, default=2000, help="calls per round for handle_client_error")
    parser.add_argument("--classes", type=int, default=1000, help="distinct codes for the new-class figure")
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke test, not figures")
    parser.add_argument(
        "--instructions", action="store_true",
        help="also count the process figures' instructions with valgrind (callgrind): ratios without noise",
    )
    options = parser.parse_args(argv)
    if options.quick:
        options.pairs, options.repeats, options.rounds, options.loops = 4, 3, 4, 200
        options.classes = 100

    home = tempfile.mkdtemp(prefix="awserrors-bench-home-")
    _ENV.update({k: v for k, v in os.environ.items()
                 if not k.startswith("AWSERRORS_") and k != "PYTHONDONTWRITEBYTECODE"})
    _ENV.update(HOME=home, XDG_CACHE_HOME=str(Path(home) / ".cache"))

    info = machine()
    print(f"python {info['python'].split()[0]} on {info['platform']}, nproc={info['nproc']}, "
          f"botocore {info['botocore']}, awserrors {info['awserrors']} from {info['awserrors_file']}")
    if not info["installed"] or not info["pyc"]:
        print("WARNING: awserrors is not an installed package with .pyc files: "
              "these figures do not describe an install", file=sys.stderr)
    print(f"tables the wheel ships prebuilt: {', '.join(info['caches']) or 'none'}\n")

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("import", lambda: bench_import(options.pairs)),
        ("handle", lambda: bench_handle(options.rounds, options.loops)),
        ("first lookup", lambda: bench_first_lookup(options.repeats, options.classes)),
        ("memory", lambda: bench_memory(max(3, options.repeats // 2))),
        ("cold build", lambda: bench_cold(1 if options.quick else max(3, options.repeats // 4))),
    ]
    if options.instructions:
        steps.append(("instructions (valgrind)", bench_instructions))
    extras: dict[str, Any] = {}
    for name, step in steps:
        print(f"... {name}", file=sys.stderr, flush=True)
        extras[name] = step()
    runs = 1 if options.quick else 5
    top = importtime_top(runs=runs, top=12)

    print(table())
    print("\n-X importtime, modules `import awserrors` adds to `import botocore.exceptions`"
          f" (median of {runs} runs, by self time):")
    for entry in top:
        print(
            f"  {entry['self_us']:>7.0f} us self  {entry['cumulative_us']:>7.0f} us cumulative"
            f"  {entry['module']}"
        )
    if extras.get("handle"):
        print("\nhandle_client_error misses its goal; where the time goes (cProfile, 20000 calls):")
        print(extras["handle"])
    failed = [r["figure"] for r in RESULTS if r["passed"] is False]
    print(f"\ngoals: {sum(r['passed'] is True for r in RESULTS)} met, {len(failed)} missed"
          + (f" ({'; '.join(failed)})" if failed else ""))
    if options.markdown:
        print("\n" + markdown_table())
    if options.json:
        payload = json.dumps({"machine": info, "results": RESULTS, "importtime": top,
                              "handle_profile": extras.get("handle")}, indent=2)
        if options.json == "-":
            print(payload)
        else:
            Path(options.json).write_text(payload + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
