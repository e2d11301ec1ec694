"""Wheel build hook: ship the mapping YAML with the shipped taxonomies' compiled tables prebuilt,
and the type stubs of their generated modules.

A fresh install's first lookup then reads a ``marshal`` file instead of parsing
YAML, even when site-packages is read-only.  The hook lays out a copy of the
package in a temporary folder exactly as it is installed (``awserrors/`` with
``awserrors/mappings/`` inside), imports it in a child process of the build's
Python (which has the build requirements botocore, PyYAML and attrs), and lets
the normal loader write each taxonomy's cache beside its YAML
(``mappings/aws/__awserrors_cache__``, ``mappings/__awserrors_cache__``).  That
folder, YAML and caches only, goes into the wheel as ``awserrors/mappings``.
The same child writes the ``.pyi`` stubs of every shipped generated module
(``awserrors._stubs``), which go in beside the package's code (a service's class
carries its botocore model's description, so this reads every model of the build's
botocore: about half a minute): they are built, never committed
(``scripts/stubs.sh`` writes them into a checkout for developers).

The cache key holds nothing that differs between here and the install (file
names, sizes and CRCs, the module, the reserved names, awserrors' table format
and version, and Python's implementation and marshal version): every CPython
3.11 to 3.13 reads the tables the build's Python wrote.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_BUILD = """\
import importlib, sys
site = sys.argv[1]
sys.path.insert(0, site)
import awserrors
from awserrors._shipped import SHIPPED
from awserrors._stubs import write_shipped_stubs
assert awserrors.__file__.startswith(site), awserrors.__file__
for shipped in SHIPPED.values():
    taxonomy = importlib.import_module(shipped.module).__awserrors_taxonomy__
    taxonomy.exception_class_for("ThrottlingException")  # loads (and so caches) the tables
write_shipped_stubs(site)
print(len(SHIPPED))
"""


def _is_binder(path: Path) -> bool:
    """A namespace module's generated ``.py`` (awserrors._stubs writes it beside the stub)."""
    return path.suffix == ".py" and path.read_text(encoding="utf-8").startswith("# Generated for ")


class PrebuiltTablesHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's mappings/ and caches beside them
        root = Path(self.root)
        self._site = Path(tempfile.mkdtemp(prefix="awserrors-wheel-"))
        package = self._site / "awserrors"
        ignore = shutil.ignore_patterns("__pycache__", "__awserrors_cache__", "*.pyc")
        shutil.copytree(root / "src" / "awserrors", package, ignore=ignore)
        shutil.copytree(root / "mappings", package / "mappings", ignore=ignore)
        home = self._site / "home"  # no user cache: every table must land beside its YAML
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWSERRORS_")}
        env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), PYTHONDONTWRITEBYTECODE="1")
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, str(self._site)],
            env=env,
            cwd=self._site,
            check=True,
            capture_output=True,
            text=True,
        )
        shipped = int(done.stdout.strip().splitlines()[-1])
        caches = sorted(p.relative_to(package) for p in package.rglob("__awserrors_cache__/*.marshal"))
        # HOME may hold the YAML's stamps (the key of their stat), never tables.
        if len(caches) != shipped or any(home.rglob("*.marshal")):
            raise RuntimeError(f"expected one prebuilt table file per taxonomy beside its YAML, got {caches}")
        self.app.display_info(f"prebuilt tables: {', '.join(map(str, caches))}")
        build_data["force_include"][str(package / "mappings")] = "awserrors/mappings"
        # Generated, so gitignored: hatch leaves any in the checkout out, and these go in
        # (the stubs, and the binder .py beside each namespace stub).
        stubs = sorted(p for p in package.rglob("*.py*") if p.suffix == ".pyi" or _is_binder(p))
        for stub in stubs:
            build_data["force_include"][str(stub)] = stub.relative_to(self._site).as_posix()
        self.app.display_info(f"type stubs: {len(stubs)} files")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        site = getattr(self, "_site", None)
        if site is not None:
            shutil.rmtree(site, ignore_errors=True)
