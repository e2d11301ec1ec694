#!/usr/bin/env bash
# Set up and run the demo: real boto3 clients against a loopback server that
# answers like AWS, before and after awserrors.install(session), then the two
# other shipped taxonomies. boto3 is only a test dependency of awserrors, so the demo
# installs it explicitly (pinned by scripts/constraints.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps .
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt . boto3
.venv/bin/python examples/demo.py
