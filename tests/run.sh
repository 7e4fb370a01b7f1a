#!/bin/sh
# Runs every test program and script; ends with "check: N passed, M failed".
# BUILD_DIR: the build to test (build/asan for make check). SHARED: ../shared.
B=${BUILD_DIR:-build/asan}
SHARED=${SHARED:-../shared}
export B SHARED
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0; fail=0; failed=""
log=$(mktemp)
record() { # name, output file, exit code
    p=$(grep -E '^[A-Za-z0-9_ -]*: [0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1 | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(grep -E '^[A-Za-z0-9_ -]*: [0-9]+ passed, [0-9]+ failed' "$2" | tail -n 1 | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
    [ -n "$p" ] || p=0
    [ -n "$f" ] || f=0
    if [ "$3" != 0 ] && [ "$f" = 0 ]; then f=1; fi
    pass=$((pass + p)); fail=$((fail + f))
    [ "$f" != 0 ] && failed="$failed $1"
    return 0
}
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    "$t" >"$log" 2>&1; rc=$?
    cat "$log"
    record "$name" "$log" $rc
done
for s in tests/*/run_*.sh; do
    [ -f "$s" ] || continue
    sh "$s" >"$log" 2>&1; rc=$?
    cat "$log"
    record "$s" "$log" $rc
done
rm -f "$log"
[ -n "$failed" ] && echo "failing:$failed"
echo "check: $pass passed, $fail failed"
[ "$fail" = 0 ]
