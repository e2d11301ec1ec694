#!/usr/bin/env bash
# Write the type stubs of the shipped taxonomies (src/awserrors/**/*.pyi) into this
# checkout, for a developer's editor and type checker. They are generated, gitignored,
# and built into the wheel by hatch_build.py; never commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
PYTHONPATH=src "$PYTHON" -m awserrors._stubs src
