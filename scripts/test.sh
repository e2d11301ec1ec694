#!/usr/bin/env bash
# Set up and run the whole test suite: a fresh virtualenv in .venv with awserrors
# installed from this checkout the way users get it (a real, non-editable wheel
# install), then ruff, import-linter's layer contracts, mypy --strict, the docs
# site (mkdocs build --strict) and pytest.  Extra arguments go to pytest.
#
# Then the version matrix (scripts/matrix.sh: the oldest and the newest botocore,
# aiobotocore, CPython 3.12 and 3.13, each in .venvs/<leg>), after the main run so that
# its output comes first: about 10 more minutes on 2 cores.  AWSERRORS_MATRIX=0 leaves
# it out (a quick local run).  The exit status is non-zero when the main run or a leg
# failed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
began=$(date +%s)
matrix=1
if [ "${AWSERRORS_MATRIX:-}" = 0 ]; then
    matrix=0
fi
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The wheel is built once, here; the main run and every matrix leg install this file.
rm -rf .venvs/wheelhouse
.venv/bin/python -m pip wheel --quiet --no-deps -w .venvs/wheelhouse . 2>&1 | grep -v "^WARNING: Location" || true
WHEELS=(.venvs/wheelhouse/awserrors-*.whl)
[ -f "${WHEELS[0]}" ] || { echo "the wheel did not build" >&2; exit 1; }
WHEEL=$(realpath "${WHEELS[0]}")
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt "$WHEEL[test,integrations,docs]"
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
if [ "$matrix" = 0 ]; then
    exec .venv/bin/python -m pytest "$@"
fi
mkdir -p .venvs
start=$(date +%s)
status=0
.venv/bin/python -m pytest --junitxml=.venvs/main.junit.xml "$@" || status=$?
echo
echo "== version matrix (scripts/matrix.sh; AWSERRORS_MATRIX=0 leaves it out)"
matrix_status=0
AWSERRORS_MATRIX_MAIN="$status $((start - began)) $(($(date +%s) - start)) .venvs/main.junit.xml" \
    AWSERRORS_WHEEL="$WHEEL" PYTHON="$PYTHON" \
    bash scripts/matrix.sh || matrix_status=$?
[ "$status" = 0 ] || echo "the main run (pytest) FAILED, exit $status"
exit $((status != 0 || matrix_status != 0))
