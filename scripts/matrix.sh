#!/usr/bin/env bash
# The version matrix: the tests against the other botocores and Pythons awserrors
# supports.  scripts/test.sh runs it beside its main run (see there for when); run it
# alone as `bash scripts/matrix.sh [LEG...]` (default: every leg).
#
# The main run (scripts/test.sh: Python 3.11, the botocore scripts/constraints.txt
# pins, the whole suite) is the pinned-botocore leg; these legs each get a fresh
# virtualenv in .venvs/<leg>, the wheel built once from this checkout (a real,
# non-editable install, as in the main run) and the test and integrations extras:
#
#   floor    Python 3.11, the oldest botocore pyproject.toml allows (botocore>=1.34:
#            botocore 1.34.0) and the boto3 of that botocore                            DATA
#   newest   Python 3.11, the newest botocore and boto3 the package index serves        DATA
#   aio      Python 3.11, the newest aiobotocore, the botocore it requires and the boto3
#            of that botocore: tests/test_aio.py must run, not skip                     AIO
#   py3.12   CPython 3.12, the pinned versions                                          CORE
#   py3.13   CPython 3.13, the pinned versions                                          CORE
#
# DATA (the data truth: every modeled error shape of *that* botocore classified,
# retry parity with *its* standard mode, its wire protocols, the testing kit on its
# models and docs/testing.md's example, install end to end with real clients of it).  CORE: the whole suite but
# the slow data-truth files that the main run covers with the same botocore
# (test_retry_parity.py, test_protocols.py) and the files that check text made once,
# by the wheel's build or for the docs, rather than how awserrors runs on that Python
# (test_docs.py: the docs' examples and outputs; test_stubs.py: the type stubs, with
# mypy and pyright; test_catalog_pages.py: the docs' catalog).  AIO: test_aio.py and
# test_install.py.
#
# Outside scripts/constraints.txt's pins on the non-pinned legs: botocore, boto3 and
# what their versions pin in turn (s3transfer, urllib3); everything else stays pinned.
#
# A leg whose interpreter or third-party packages cannot be had here (no such
# Python, no network, no such release) is SKIPPED, with the reason, in the summary.
# A failing leg fails the script (exit 1): failing tests, a pytest that does not
# finish within $AWSERRORS_MATRIX_LEG_TIMEOUT seconds (600), requirements pip finds
# contradictory, a wheel that does not install, an aio leg whose test_aio.py skipped.
# Interpreters: $PYTHON (default python3) for the 3.11 legs; python3.12 / python3.13
# from $PYTHON312 / $PYTHON313, else PATH, else pyenv's versions/3.1x.*.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
VENVS=.venvs
ALL_LEGS=(floor newest aio py3.12 py3.13)
# The floor: the lower bound of pyproject.toml's botocore requirement ("1.34" is 1.34.0 to pip).
FLOOR_BOTOCORE="${AWSERRORS_MATRIX_FLOOR:-$("$PYTHON" -c '
import re, tomllib
with open("pyproject.toml", "rb") as f:
    deps = tomllib.load(f)["project"]["dependencies"]
print(next(m[1] for d in deps if (m := re.fullmatch(r"botocore\s*>=\s*([\w.]+)", d))))')}"
#: seconds one leg's pytest may take (each takes 1-3 minutes on 2 cores)
LEG_TIMEOUT="${AWSERRORS_MATRIX_LEG_TIMEOUT:-600}"

DATA=(tests/test_aws_taxonomy.py tests/test_retry_parity.py tests/test_protocols.py
      tests/test_make_client_error.py tests/test_testing_kit.py tests/test_install.py
      tests/test_packaging.py tests/test_docs.py::test_block)
#: The pages whose examples the DATA legs run (tests/test_docs.py reads it).
DATA_DOCS="docs/testing.md"
AIO=(tests/test_aio.py tests/test_install.py)
CORE=(tests --ignore=tests/test_retry_parity.py --ignore=tests/test_protocols.py
      --ignore=tests/test_docs.py --ignore=tests/test_stubs.py --ignore=tests/test_catalog_pages.py)

legs=("$@")
[ ${#legs[@]} -gt 0 ] || legs=("${ALL_LEGS[@]}")
for leg in "${legs[@]}"; do
    case " ${ALL_LEGS[*]} " in *" $leg "*) ;; *) echo "unknown leg $leg (legs: ${ALL_LEGS[*]})" >&2; exit 2;; esac
done

mkdir -p "$VENVS"
SUMMARY=()   # leg|python|botocore|result|tests|setup s|pytest s
FAILED=0

# The python for a leg ("3.12"): an interpreter of that version with venv and ensurepip.
find_python() {
    local want=$1 override candidate root
    override="PYTHON${want/./}"
    root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
    for candidate in ${!override:-} "python$want" $(ls -d "$root/versions/$want".*/bin/python3 2>/dev/null | sort -rV); do
        if "$candidate" -c "import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != tuple(map(int, '$want'.split('.'))))" \
            >/dev/null 2>&1; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

# Tests counts of a junit XML file: "P passed, F failed, S skipped" (errors count as failed).
counts() {
    "$PYTHON" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    suite = ET.parse(sys.argv[1]).getroot()
except (OSError, ET.ParseError):
    print("-")
    raise SystemExit
suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
n = {k: int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped")}
print(f"{n['tests'] - n['failures'] - n['errors'] - n['skipped']} passed, "
      f"{n['failures'] + n['errors']} failed, {n['skipped']} skipped")
EOF
}

# How many test_aio tests passed, from a junit XML file.
aio_passed() {
    "$PYTHON" - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
cases = ET.parse(sys.argv[1]).getroot().iter("testcase")
print(sum(1 for c in cases if c.get("classname", "").startswith("tests.test_aio") and len(c) == 0))
EOF
}

add_row() { SUMMARY+=("$(IFS='|'; echo "$*")"); }

# pip, quiet, its output kept in the leg's log; on failure the last lines say why.
pip_in() {
    local venv=$1; shift
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" >>"$venv.log" 2>&1
}

why_not() {  # the pip error a skip reports: the last ERROR line of the log, else its last line
    local line
    line=$(grep -E '^ERROR' "$1.log" | tail -1 || true)
    [ -n "$line" ] || line=$(tail -1 "$1.log")
    echo "${line:0:220}"
}

# A pip failure: SKIPPED when something cannot be had, FAILED when the requirements conflict.
pip_failed() {  # venv leg version what started
    local venv=$1 leg=$2 version=$3 what=$4 start=$5
    if grep -q -E 'ResolutionImpossible|conflicting dependencies|conflict is caused by' "$venv.log"; then
        echo "== matrix leg $leg: FAILED, pip finds the requirements contradictory (see $venv.log)"
        add_row "$leg" "$version" "-" "FAILED: $what: contradictory requirements ($venv.log)" "-" \
            "$(($(date +%s) - start))" "-"
        FAILED=1
    else
        echo "== matrix leg $leg: SKIPPED, $what cannot be installed here (see $venv.log)"
        add_row "$leg" "$version" "-" "SKIPPED: $what cannot be installed: $(why_not "$venv")" "-" \
            "$(($(date +%s) - start))" "-"
    fi
}

if [ -n "${AWSERRORS_WHEEL:-}" ]; then  # scripts/test.sh built it
    WHEEL=$AWSERRORS_WHEEL
    echo "== matrix: the wheel scripts/test.sh built: $WHEEL"
else
    echo "== matrix: building the wheel once"
    rm -rf "$VENVS/wheelhouse"
    "$PYTHON" -m pip wheel --quiet --no-deps -w "$VENVS/wheelhouse" . 2>&1 | grep -v "^WARNING: Location" || true
    WHEELS=("$VENVS"/wheelhouse/awserrors-*.whl)
    [ -f "${WHEELS[0]}" ] || { echo "the wheel did not build" >&2; exit 1; }
    WHEEL=$(realpath "${WHEELS[0]}")
    echo "$WHEEL"
fi
# Non-pinned legs: the constraints without botocore, boto3 and what they pin in turn.
grep -v -i -E '^(botocore|boto3|s3transfer|urllib3|aiobotocore)==' scripts/constraints.txt \
    >"$VENVS/constraints-botocore-free.txt"

add_main_row() {  # scripts/test.sh's main run: "exit-status setup-seconds pytest-seconds junit-file"
    local main_status main_setup main_seconds main_junit main_result=passed
    read -r main_status main_setup main_seconds main_junit <<<"$1"
    [ "$main_status" = 0 ] || main_result="FAILED (pytest exit $main_status)"
    add_row "pinned (main run)" "$(.venv/bin/python -c 'import platform; print(platform.python_version())')" \
        "$(.venv/bin/python -c 'import botocore; print(botocore.__version__)')" "$main_result" \
        "$(counts "$main_junit")" "$main_setup" "$main_seconds"
}
if [ -n "${AWSERRORS_MATRIX_MAIN:-}" ]; then
    add_main_row "$AWSERRORS_MATRIX_MAIN"
fi
# scripts/test.sh runs its main run beside the legs: while the file
# $AWSERRORS_MATRIX_MAIN_RUNNING exists, the main run takes one of the $JOBS slots, and
# its row is read from $AWSERRORS_MATRIX_MAIN_FILE once written.
MAIN_RUNNING="${AWSERRORS_MATRIX_MAIN_RUNNING:-}"

run_leg() {
    local leg=$1 python version venv start setup_s test_s status botocore_version result aio docs_pages="" basetemp
    local -a tests install
    local what
    case $leg in
        floor|newest|aio) python=$("$PYTHON" -c 'import sys; print(sys.executable)') ;;
        py3.*)
            if ! python=$(find_python "${leg#py}"); then
                echo "== matrix leg $leg: SKIPPED, no CPython ${leg#py} here"
                add_row "$leg" "-" "-" "SKIPPED: no CPython ${leg#py} interpreter (tried \$PYTHON${leg//[!0-9]/}, PATH, pyenv)" "-" "-" "-"
                return
            fi ;;
    esac
    version=$("$python" -c 'import platform; print(platform.python_version())')
    venv="$VENVS/$leg"
    echo "== matrix leg $leg: Python $version ($python)"
    start=$(date +%s)
    rm -f "$venv.log"
    if ! "$python" -m venv --clear "$venv" >>"$venv.log" 2>&1; then
        echo "== matrix leg $leg: SKIPPED, Python $version cannot make a virtualenv (see $venv.log)"
        add_row "$leg" "$version" "-" "SKIPPED: no venv: $(why_not "$venv")" "-" "-" "-"
        return
    fi
    pip_in "$venv" --upgrade pip || true
    if ! pip_in "$venv" --no-deps "$WHEEL"; then
        echo "the wheel does not install into $venv: see $venv.log" >&2
        add_row "$leg" "$version" "-" "FAILED: the wheel does not install ($venv.log)" "-" "-" "-"
        FAILED=1
        return
    fi
    case $leg in
        floor)
            tests=("${DATA[@]}") docs_pages=$DATA_DOCS
            what="botocore==$FLOOR_BOTOCORE boto3==$FLOOR_BOTOCORE and the test extras"
            install=(-c "$VENVS/constraints-botocore-free.txt" "botocore==$FLOOR_BOTOCORE" "boto3==$FLOOR_BOTOCORE") ;;
        newest)
            tests=("${DATA[@]}") docs_pages=$DATA_DOCS
            what="the newest botocore and boto3 and the test extras"
            install=(-c "$VENVS/constraints-botocore-free.txt" --upgrade botocore boto3) ;;
        aio)
            tests=("${AIO[@]}")
            # aiobotocore first, so that it picks its botocore; then the boto3 of that botocore.
            if ! pip_in "$venv" -c "$VENVS/constraints-botocore-free.txt" aiobotocore; then
                pip_failed "$venv" "$leg" "$version" aiobotocore "$start"
                return
            fi
            botocore_version=$("$venv/bin/python" -c 'import botocore; print(botocore.__version__)')
            what="boto3==$botocore_version beside aiobotocore, and the test extras"
            install=(-c "$VENVS/constraints-botocore-free.txt" "botocore==$botocore_version" "boto3==$botocore_version") ;;
        py3.*)
            tests=("${CORE[@]}")
            what="the pinned test extras (scripts/constraints.txt)"
            install=(-c scripts/constraints.txt) ;;
    esac
    if ! pip_in "$venv" "${install[@]}" "$WHEEL[test,integrations]"; then
        pip_failed "$venv" "$leg" "$version" "$what" "$start"
        return
    fi
    botocore_version=$("$venv/bin/python" -c 'import botocore; print(botocore.__version__)')
    setup_s=$(($(date +%s) - start))
    echo "   botocore $botocore_version, boto3 $("$venv/bin/python" -c 'import boto3; print(boto3.__version__)'),"\
         "set up in ${setup_s}s; pytest ${tests[*]}"
    start=$(date +%s)
    status=0
    # The leg's own temporary folder, outside the checkout (as pytest's default is: the
    # CLI shows paths below the working folder relative to it): legs running side by side
    # never share one.
    basetemp=$(mktemp -d -t "awserrors-$leg-XXXXXX")
    # The leg's own cache folder: a Python other than the wheel's builder rebuilds the
    # tables there, and the legs leave each other (and ~/.cache) alone.
    # A hang (a make_client_error botocore retries for ever) must fail the leg, not CI's
    # clock: SIGINT after the time limit makes pytest stop; a test running for more than
    # 2 minutes (none should take 20 s) gets every thread's stack printed first.
    AWSERRORS_DOCS_PAGES="$docs_pages" XDG_CACHE_HOME="$PWD/$venv/cache" \
        timeout --signal=INT --kill-after=60 "$LEG_TIMEOUT" \
        "$venv/bin/python" -m pytest -q -p no:cacheprovider -o faulthandler_timeout=120 \
        --basetemp="$basetemp" --junitxml="$venv/junit.xml" "${tests[@]}" || status=$?
    rm -rf "$basetemp"
    test_s=$(($(date +%s) - start))
    result=passed
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        result="FAILED: pytest did not finish within ${LEG_TIMEOUT}s"
    elif [ "$status" != 0 ]; then
        result="FAILED (pytest exit $status)"
    elif [ "$leg" = aio ] && aio=$(aio_passed "$venv/junit.xml") && [ "$aio" = 0 ]; then
        result="FAILED: tests/test_aio.py did not run (skipped) although aiobotocore is installed"
    fi
    [ "$result" = passed ] || FAILED=1
    add_row "$leg" "$version" "$botocore_version" "$result" "$(counts "$venv/junit.xml")" "$setup_s" "$test_s"
}

# Legs run side by side, $AWSERRORS_MATRIX_JOBS at a time (default: 2, or 1 on one core):
# each is one pytest process in its own virtualenv, cache folder and --basetemp, so two
# share a 2-core machine without meeting.  A leg's output is printed whole when it is done.
JOBS="${AWSERRORS_MATRIX_JOBS:-$(( $(nproc 2>/dev/null || echo 1) > 1 ? 2 : 1 ))}"
run_leg_apart() {  # run_leg in a subshell; its output, summary row and failure go to files
    local leg=$1
    (
        SUMMARY=() FAILED=0
        run_leg "$leg"
        printf '%s\n' "${SUMMARY[@]}" >"$VENVS/$leg.row"
        echo "$FAILED" >"$VENVS/$leg.failed"
    ) >"$VENVS/$leg.out" 2>&1
}
if [ "$JOBS" -le 1 ]; then
    for leg in "${legs[@]}"; do
        run_leg "$leg"
    done
else
    # The longest legs first, so that the two slots end together.
    ordered=()
    for leg in py3.12 py3.13 newest floor aio; do
        case " ${legs[*]} " in *" $leg "*) ordered+=("$leg") ;; esac
    done
    echo "== matrix: ${#ordered[@]} legs, $JOBS at a time (AWSERRORS_MATRIX_JOBS=1 runs them one by one)"
    slots() {  # one less while the main run is running beside the legs, never none
        if [ -n "$MAIN_RUNNING" ] && [ -e "$MAIN_RUNNING" ] && [ "$JOBS" -gt 1 ]; then
            echo $((JOBS - 1))
        else
            echo "$JOBS"
        fi
    }
    for leg in "${ordered[@]}"; do
        while [ "$(jobs -rp | wc -l)" -ge "$(slots)" ]; do
            sleep 1
        done
        rm -f "$VENVS/$leg.row" "$VENVS/$leg.failed"
        echo "== matrix leg $leg: started $(date +%H:%M:%S)"
        run_leg_apart "$leg" &
    done
    wait || true
    for leg in "${legs[@]}"; do
        cat "$VENVS/$leg.out"
        if [ -s "$VENVS/$leg.row" ]; then
            while IFS= read -r row; do SUMMARY+=("$row"); done <"$VENVS/$leg.row"
        else
            add_row "$leg" "-" "-" "FAILED: the leg ended without a result (see $VENVS/$leg.out)" "-" "-" "-"
            FAILED=1
        fi
        [ "$(cat "$VENVS/$leg.failed" 2>/dev/null || echo 1)" = 0 ] || FAILED=1
    done
fi

if [ -n "${AWSERRORS_MATRIX_MAIN_FILE:-}" ]; then  # the main run beside the legs: its row first
    while [ ! -s "$AWSERRORS_MATRIX_MAIN_FILE" ] && [ -n "$MAIN_RUNNING" ] && [ -e "$MAIN_RUNNING" ]; do
        sleep 1
    done
    if [ -s "$AWSERRORS_MATRIX_MAIN_FILE" ]; then
        rows=("${SUMMARY[@]}")
        SUMMARY=()
        add_main_row "$(cat "$AWSERRORS_MATRIX_MAIN_FILE")"
        SUMMARY+=("${rows[@]}")
    fi
fi

echo
echo "== matrix summary"
"$PYTHON" - "${SUMMARY[@]}" <<'EOF'
import sys
header = ("leg", "python", "botocore", "result", "tests", "setup s", "pytest s")
rows = [header] + [tuple(row.split("|")) for row in sys.argv[1:]]
widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
for n, row in enumerate(rows):
    print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    if n == 0:
        print("  ".join("-" * w for w in widths))
EOF
skipped=$(printf '%s\n' "${SUMMARY[@]}" | grep -c '|SKIPPED' || true)
[ "$skipped" = 0 ] || echo "$skipped leg(s) SKIPPED: they did not run here; see the reason above."
if [ "$FAILED" != 0 ]; then
    echo "matrix: FAILED"
    exit 1
fi
if [ "$skipped" = 0 ]; then echo "matrix: passed"; else echo "matrix: passed, $skipped leg(s) SKIPPED"; fi
