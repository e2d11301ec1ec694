#!/usr/bin/env bash
# Set up and run the demo: real botocore errors, parsed from AWS wire-format
# answers by botocore itself, classified by awserrors.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps .
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt .
.venv/bin/python examples/demo.py
