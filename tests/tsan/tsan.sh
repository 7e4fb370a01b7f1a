#!/bin/sh
# make tsan: under ThreadSanitizer (build/tsan), tests/unit/test_threads.c
# over the fixtures and every page of $SHARED/bench/sets, then the CLI's
# worker threads (cli/jobs.c) with -j 4 over the same pages and over a WARC
# of them, compared with -j 1. Any race report fails (exit code 66).
# Ends with "tsan: N passed, M failed".
B=${B:-build/tsan}
SHARED=${SHARED:-../shared}
export SHARED
TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
export TSAN_OPTIONS
LC_ALL=C; export LC_ALL
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "tsan: FAIL: $1"; }

PITH_THREAD_SETS=1 "$B/tests/test_threads" >"$T/log" 2>&1
rc=$?
cat "$T/log" | head -n 40
[ $rc = 0 ] && ok || bad "test_threads (exit $rc)"

# a snapshot of the inputs, so that every run reads the same files
mkdir -p "$T/in"
for d in tests/golden tests/meta tests/text/cases tests/cli/fixtures tests/warc/fixtures; do
    mkdir -p "$T/in/$d" && cp -R "$d/." "$T/in/$d/"
done
dirs="$T/in/tests"
sets=""
for s in "$SHARED"/bench/sets/*/pages; do [ -d "$s" ] && sets="$sets $s"; done
[ -n "$sets" ] || echo "tsan: no benchmark sets under $SHARED/bench/sets; the CLI runs over the fixtures only"
# shellcheck disable=SC2086
"$B/pith" -q --time-budget 0 -f jsonl -j 1 $dirs $sets >"$T/j1" 2>"$T/e1"; r1=$?
# shellcheck disable=SC2086
"$B/pith" -q --time-budget 0 -f jsonl -j 4 $dirs $sets >"$T/j4" 2>"$T/e4"; r4=$?
grep -q "ThreadSanitizer" "$T/e4" && { head -n 60 "$T/e4"; bad "CLI -j 4: a race report"; } || ok
[ "$r1" = "$r4" ] && [ "$r4" != 66 ] && ok || bad "CLI -j 1 exits $r1, -j 4 exits $r4"
[ -s "$T/j1" ] && cmp -s "$T/j1" "$T/j4" && ok || bad "CLI -j 4 output differs from -j 1 ($(wc -l <"$T/j1") and $(wc -l <"$T/j4") lines)"
# shellcheck disable=SC2086
"$B/pith" -q --time-budget 0 -f jsonl -j 4 --unordered $dirs $sets 2>"$T/eu" | sort >"$T/ju"
sort "$T/j1" >"$T/j1s"
grep -q "ThreadSanitizer" "$T/eu" && { head -n 60 "$T/eu"; bad "CLI --unordered -j 4: a race report"; } || ok
cmp -s "$T/j1s" "$T/ju" && ok || bad "CLI --unordered -j 4 output differs from -j 1 (sorted)"

# a WARC of the first set (or the fixtures), one gzip member per record
src=$(echo $sets | cut -d' ' -f1)
[ -n "$src" ] || src=tests/warc/fixtures
python3 tests/tools/pages_warc.py "$src" "$T/pages.warc.gz"
"$B/pith" -q --time-budget 0 -j 1 "$T/pages.warc.gz" >"$T/w1" 2>"$T/ew1"
"$B/pith" -q --time-budget 0 -j 4 "$T/pages.warc.gz" >"$T/w4" 2>"$T/ew4"
grep -q "ThreadSanitizer" "$T/ew4" && { head -n 60 "$T/ew4"; bad "CLI WARC -j 4: a race report"; } || ok
[ -s "$T/w1" ] && cmp -s "$T/w1" "$T/w4" && ok || bad "CLI WARC -j 4 output differs from -j 1"

echo "tsan: $pass passed, $fail failed"
[ "$fail" = 0 ]
