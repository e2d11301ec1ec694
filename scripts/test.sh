#!/usr/bin/env bash
# Set up and run the whole test suite: a fresh virtualenv in .venv with awserrors
# installed from this checkout the way users get it (a real, non-editable wheel
# install), then ruff, import-linter's layer contracts, mypy --strict, the docs
# site (mkdocs build --strict) and pytest.  Extra arguments go to pytest.
#
# And the version matrix (scripts/matrix.sh: the oldest and the newest botocore,
# aiobotocore, CPython 3.12 and 3.13, each in .venvs/<leg>), started once the wheel is
# built and run beside the main run: on a machine of two cores or more the main run
# takes one slot of the matrix's two until it ends.  Its output comes after the main
# run's.  AWSERRORS_MATRIX=0 leaves it out (a quick local run).  The exit status is
# non-zero when a check, the main run or a leg failed.
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
# The wheel is built once, here; the main run and every matrix leg install this file.  Its
# build environment gets the pinned botocore too: the stubs' docstrings come from the
# botocore that builds them, and tests/test_stubs.py compares them with what the main
# run's botocore makes (pip 25.3+ takes --build-constraint; older ones PIP_CONSTRAINT).
rm -rf .venvs/wheelhouse
build_constraint=()
if .venv/bin/python -m pip wheel --help | grep -q -- --build-constraint; then
    build_constraint=(--build-constraint scripts/constraints.txt)
fi
PIP_CONSTRAINT=scripts/constraints.txt .venv/bin/python -m pip wheel --quiet --no-deps "${build_constraint[@]}" \
    -w .venvs/wheelhouse . 2>&1 | grep -v "^WARNING: Location" || true
WHEELS=(.venvs/wheelhouse/awserrors-*.whl)
[ -f "${WHEELS[0]}" ] || { echo "the wheel did not build" >&2; exit 1; }
WHEEL=$(realpath "${WHEELS[0]}")
# A reused .venv may hold files an earlier run's tests left in the installed package (pip
# reinstalls what the wheel lists, and leaves the rest): start from the wheel's files alone.
.venv/bin/python -c "import shutil, sysconfig; shutil.rmtree(sysconfig.get_paths()['purelib'] + '/awserrors', True)"
.venv/bin/python -m pip install --quiet --force-reinstall --no-deps "$WHEEL"
.venv/bin/python -m pip install --quiet -c scripts/constraints.txt "$WHEEL[test,integrations,docs]"
mkdir -p .venvs
matrix_pid=""
if [ "$matrix" = 1 ] && [ "$(nproc 2>/dev/null || echo 1)" -gt 1 ]; then
    # Beside the main run, in its own process group (set -m), so that an early exit
    # (a check failing) stops every leg with it.
    rm -f .venvs/main.status .venvs/matrix.out
    touch .venvs/main.running
    set -m
    AWSERRORS_MATRIX_MAIN_RUNNING=.venvs/main.running AWSERRORS_MATRIX_MAIN_FILE=.venvs/main.status \
        AWSERRORS_WHEEL="$WHEEL" PYTHON="$PYTHON" bash scripts/matrix.sh >.venvs/matrix.out 2>&1 &
    matrix_pid=$!
    set +m
    trap '[ -z "$matrix_pid" ] || kill -- -"$matrix_pid" 2>/dev/null || true; rm -f .venvs/main.running' EXIT
    echo "== version matrix: started beside the main run (scripts/matrix.sh; its output follows the main run's)"
fi
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
start=$(date +%s)
status=0
.venv/bin/python -m pytest --junitxml=.venvs/main.junit.xml "$@" || status=$?
main_row="$status $((start - began)) $(($(date +%s) - start)) .venvs/main.junit.xml"
echo
matrix_status=0
if [ -n "$matrix_pid" ]; then
    echo "$main_row" >.venvs/main.status
    rm -f .venvs/main.running
    echo "== version matrix (scripts/matrix.sh, beside the main run; AWSERRORS_MATRIX=0 leaves it out)"
    wait "$matrix_pid" || matrix_status=$?
    matrix_pid=""
    cat .venvs/matrix.out
else
    echo "== version matrix (scripts/matrix.sh; AWSERRORS_MATRIX=0 leaves it out)"
    AWSERRORS_MATRIX_MAIN="$main_row" AWSERRORS_WHEEL="$WHEEL" PYTHON="$PYTHON" \
        bash scripts/matrix.sh || matrix_status=$?
fi
echo "== the README's test command took $(($(date +%s) - began)) s"
[ "$status" = 0 ] || echo "the main run (pytest) FAILED, exit $status"
exit $((status != 0 || matrix_status != 0))
