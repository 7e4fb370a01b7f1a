#!/bin/sh
# The Python package (python/): builds it against a -fPIC build of the library
# (build/pic) into a temporary directory and runs tests/python with Debian's
# python3. Ends with "python: N passed, M failed".
PY=${PYTHON:-/usr/bin/python3}
skip() { echo "python: skipped: $1"; echo "python: 0 passed, 0 failed"; exit 0; }
[ -x "$PY" ] || skip "$PY not found"
"$PY" -c 'import setuptools' 2>/dev/null || skip "setuptools is missing (Debian python3-setuptools)"
"$PY" -c 'import os, sysconfig; assert os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))' \
    2>/dev/null || skip "Python.h is missing (Debian python3-dev)"
"$PY" -c 'import distributed' 2>/dev/null ||
    echo "python: note: python3-distributed is missing, so the Dask test is skipped (apt-get install python3-distributed)"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
ROOT=$(pwd)
if ! (cd python && "$PY" setup.py -q build --build-base "$T/build" --build-lib "$T/lib") >"$T/build.log" 2>&1; then
    tail -30 "$T/build.log"
    echo "python: FAIL: the package does not build"
    echo "python: 0 passed, 1 failed"
    exit 1
fi
cd "$T" && PYTHONPATH="$T/lib" "$PY" "$ROOT/tests/python/run_tests.py"
