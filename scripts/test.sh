#!/usr/bin/env bash
# Set up and run the whole test suite: a fresh virtualenv in .venv with awserrors
# installed from this checkout the way users get it (a real, non-editable wheel
# install), then ruff, import-linter's layer contracts, mypy --strict, the docs
# site (mkdocs build --strict) and pytest.  Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps -c scripts/constraints.txt .
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt ".[test,integrations,docs]"
echo "== ruff"
.venv/bin/ruff check
echo "== lint-imports (the layers in pyproject.toml)"
PYTHONPATH=src .venv/bin/lint-imports --no-cache
echo "== mypy --strict"
.venv/bin/mypy
echo "== mkdocs build --strict"
.venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"
echo "== pytest"
# Run from the tests' parent with the installed package: src/ is not on sys.path.
.venv/bin/python -m pytest "$@"
