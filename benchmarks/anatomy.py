"""Where the first lookup's cost goes: each step of it, against botocore, in one run.

``benchmarks/run.py`` says how a whole process compares with one that imports
``botocore.exceptions``; this script takes the same processes apart.  Each row is a
fresh interpreter that stops (``os._exit(0)``, no teardown) after one more step of
``import awserrors; awserrors.exception_class_for("ThrottlingException")`` or of
``from awserrors.services.ec2 import InvalidInstanceID_NotFound``: its instructions,
counted by valgrind's callgrind with ``PYTHONHASHSEED=0`` (the same count every run),
and what the step added.  The last rows are the whole processes, exiting normally: the
difference is the interpreter's teardown.  Then what importing one more module costs
before any code of its own runs (a module holding one assignment, in a package in a
temporary folder).  Then, for the whole processes: the minor page faults
(``getrusage``, the median of ``--runs`` processes each), what a page fault costs this
machine, and the bytes of bytecode of each awserrors module the lookup imports::

    .venv/bin/python benchmarks/anatomy.py          # about 90 s (valgrind must be installed)

Run it with the Python of an environment awserrors is installed in, as ``run.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import statistics
import subprocess
import sys
import tempfile

BOTOCORE = "import botocore.exceptions"
#: The modules a first lookup imports, in the order it imports them.
ENGINE = ("_shipped", "_typed", "_errors", "_tables", "_cache", "_classes", "_taxonomy", "_modules")
LOOKUP = "import awserrors; awserrors.exception_class_for('ThrottlingException')"
SERVICE_CLASS = "from awserrors.services.ec2 import InvalidInstanceID_NotFound"
EXIT = "; import os; os._exit(0)"


def steps() -> list[tuple[str, str]]:
    """(what the step is, the code of a process that stops right after it)."""
    imported = "import botocore.exceptions, awserrors"
    rows = [("import botocore.exceptions", BOTOCORE), ("+ import awserrors (__init__)", imported)]
    for module in ENGINE:
        imported += f", awserrors.{module}"
        rows.append((f"+ awserrors.{module}", imported))
    rows += [
        ("+ make the taxonomy (awserrors.aws)", "import awserrors; awserrors.aws"),
        ("+ read its tables", "import awserrors; awserrors.aws.tables"),
        ("+ exception_class_for('ThrottlingException')", LOOKUP),
    ]
    return [(label, code + EXIT) for label, code in rows]


SERVICE_STEPS = [
    ("read the tables (as above)", "import awserrors; awserrors.aws.tables" + EXIT),
    ("+ import awserrors.services", "import awserrors.services" + EXIT),
    ("+ import awserrors.services.ec2", "import awserrors.services.ec2" + EXIT),
    ("+ its class InvalidInstanceID_NotFound", SERVICE_CLASS + EXIT),
]


def child_env(home: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("AWSERRORS_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    return {**env, "HOME": home, "XDG_CACHE_HOME": os.path.join(home, ".cache"), "PYTHONHASHSEED": "0"}


def instructions(code: str, env: dict[str, str]) -> int:
    subprocess.run([sys.executable, "-c", code], env=env, check=True)  # the stamp, as a user's next run
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int([line for line in done.stderr.splitlines() if "Collected :" in line][-1].split()[-1])


def faults(code: str, env: dict[str, str], runs: int) -> float:
    """The median of the minor page faults of ``runs`` processes running ``code``."""
    counts = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        counts.append(resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - before)
    return statistics.median(counts)


def module_cost(env: dict[str, str]) -> tuple[int, int]:
    """Instructions of a process importing botocore.exceptions and a package, and of one that
    also imports a module of that package holding one assignment."""
    folder = tempfile.mkdtemp(prefix="awserrors-anatomy-probe-")
    os.mkdir(os.path.join(folder, "anatomy_probe"))
    for name, text in (("__init__.py", ""), ("one.py", "x = 1\n")):
        with open(os.path.join(folder, "anatomy_probe", name), "w") as stream:
            stream.write(text)
    probe = {**env, "PYTHONPATH": folder}
    base = "import botocore.exceptions, anatomy_probe"
    return instructions(base + EXIT, probe), instructions(base + ", anatomy_probe.one" + EXIT, probe)


def fault_cost(pages: int = 25_600) -> float:
    """Microseconds this machine takes to give a process a new page of memory: the time to
    first touch each page of a fresh anonymous mapping (100 MiB), per page."""
    import mmap
    import time

    memory = mmap.mmap(-1, pages * mmap.PAGESIZE)
    started = time.perf_counter()
    for offset in range(0, pages * mmap.PAGESIZE, mmap.PAGESIZE):
        memory[offset] = 1
    elapsed = time.perf_counter() - started
    memory.close()
    return elapsed / pages * 1e6


def bytecode_sizes(env: dict[str, str]) -> list[tuple[str, int]]:
    """The size of the ``.pyc`` of ``awserrors`` and of each module in :data:`ENGINE`."""
    found = []
    for module in ("awserrors", *(f"awserrors.{m}" for m in ENGINE)):
        origin = importlib.util.find_spec(module)
        path = importlib.util.cache_from_source(origin.origin) if origin and origin.origin else None
        found.append((module, os.path.getsize(path) if path and os.path.exists(path) else -1))
    return found


def table(rows: list[tuple[str, int]], base: int) -> None:
    previous = None
    for label, count in rows:
        added = "" if previous is None else f"{(count - previous) / 1e6:+8.2f}M"
        print(f"  {label:<48} {count / 1e6:8.2f}M {added:>10}  {count / base:6.3f}x")
        previous = count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15, help="processes per page-fault figure")
    options = parser.parse_args(argv)
    env = child_env(tempfile.mkdtemp(prefix="awserrors-anatomy-home-"))
    print(f"python {sys.version.split()[0]}; instructions by callgrind (PYTHONHASHSEED=0), each process")
    print("stopping with os._exit(0) after its step; the ratio is to the first row's\n")
    rows = [(label, instructions(code, env)) for label, code in steps()]
    base = rows[0][1]
    table(rows, base)
    print()
    table([(label, instructions(code, env)) for label, code in SERVICE_STEPS], base)
    print("\nwhole processes, exiting normally (the difference to the rows above is the teardown):\n")
    whole = [(code, instructions(code, env)) for code in (BOTOCORE, LOOKUP, SERVICE_CLASS)]
    for code, count in whole:
        print(f"  {code:<72} {count / 1e6:8.2f}M  {count / whole[0][1]:6.3f}x")
    without, with_one = module_cost(env)
    print(f"\none more module of a package, holding only `x = 1`: {(with_one - without) / 1e6:+.2f}M")
    print(f"\nminor page faults (median of {options.runs} processes each):\n")
    reference = faults(BOTOCORE, env, options.runs)
    for code in (BOTOCORE, LOOKUP, SERVICE_CLASS):
        count = reference if code == BOTOCORE else faults(code, env, options.runs)
        print(f"  {code:<72} {count:6.0f}  {count - reference:+5.0f}")
    print(f"\na new page of memory costs this machine {fault_cost():.2f} us (first touch of a fresh mapping)")
    print("\nbytecode the first lookup unmarshals (.pyc bytes):\n")
    sizes = bytecode_sizes(env)
    for module, size in sizes:
        print(f"  {module:<24} {size:7,d}")
    print(f"  {'total':<24} {sum(s for _, s in sizes if s > 0):7,d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
