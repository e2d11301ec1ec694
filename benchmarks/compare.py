"""Two builds of awserrors side by side: whole-process figures, interleaved, in one run.

``benchmarks/run.py`` measures one install; two runs of it minutes apart do not resolve
a change of a few percent in a process figure on a shared machine.  This script unpacks
two wheels (say the last release's and this checkout's), compiles them, and runs
fresh processes of one interpreter in interleaved triples: ``import botocore.exceptions``,
then the statement with the one build, then with the other (the order alternating),
each build on ``PYTHONPATH`` with a ``HOME`` of its own.  It prints, for each
statement, the median of the per-triple ratios to the botocore process::

    .venv/bin/python benchmarks/compare.py BEFORE.whl AFTER.whl            # 60 triples
    .venv/bin/python benchmarks/compare.py BEFORE.whl AFTER.whl --triples 20

The interpreter needs botocore (the one the figures are for); each wheel's awserrors
shadows any installed one.  Each build runs the statement twice before the triples
start, two seconds apart, so its stamp of the YAML's stat is written, as in a user's
second run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

STATEMENTS = {
    "import + first lookup": "import awserrors; awserrors.exception_class_for('ThrottlingException')",
    "import a service's class": "from awserrors.services.ec2 import InvalidInstanceID_NotFound",
}
BASELINE = "import botocore.exceptions"


def unpack(wheel: Path, into: Path) -> Path:
    """The wheel's files below ``into``, compiled as an install compiles them."""
    into.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(into)
    compileall.compile_dir(str(into / "awserrors"), quiet=1)
    return into


def runner(site: Path | None, home: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONPATH=str(site or ""))
    home.mkdir(parents=True, exist_ok=True)
    return [sys.executable, "-c"], env


def timed(command: list[str], env: dict[str, str], statement: str) -> float:
    start = time.perf_counter()
    subprocess.run([*command, statement], env=env, check=True)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("before", type=Path, help="the first wheel (the baseline)")
    parser.add_argument("after", type=Path, help="the second wheel")
    parser.add_argument("--triples", type=int, default=60, help="interleaved process triples per statement")
    options = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="awserrors-compare-"))
    builds = {
        name: runner(unpack(wheel, work / name), work / f"home-{name}")
        for name, wheel in (("before", options.before), ("after", options.after))
    }
    baseline = runner(None, work / "home-botocore")
    print(f"python {sys.version.split()[0]}; before: {options.before}; after: {options.after}")
    for label, statement in STATEMENTS.items():
        for _ in range(2):  # caches and stamps written, as in a user's second run
            for command, env in builds.values():
                timed(command, env, statement)
            time.sleep(2.1)
        ratios: dict[str, list[float]] = {name: [] for name in builds}
        for i in range(options.triples):
            reference = timed(*baseline, BASELINE)
            for name in builds if i % 2 == 0 else reversed(builds):
                ratios[name].append(timed(*builds[name], statement) / reference)
        shown = ", ".join(f"{name} {statistics.median(r):.3f}x" for name, r in ratios.items())
        print(f"{label} ({options.triples} triples, median of ratios to `{BASELINE}`): {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
