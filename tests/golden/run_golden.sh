#!/bin/sh
# Golden tests: for each tests/golden/<case>/, pith's txt, md and json output
# for source.html (or source.txt), with the options in <case>/args if any,
# must equal expected.txt, expected.md and expected.json byte for byte, and
# its html and xml output expected.html and expected.xml where the case has
# them (the structure cases: lists, tables, figures).
# Regenerate with scripts/regen-golden.sh and review the diff.
# B: build directory holding the pith binary (default build/asan).
P="${B:-build/asan}/pith"
G=tests/golden
pass=0; fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT INT TERM
for dir in "$G"/*/; do
    dir=${dir%/}
    case=$(basename "$dir")
    src="$dir/source.html"
    [ -f "$src" ] || src="$dir/source.txt"
    if [ ! -f "$src" ]; then
        echo "golden: $case: no source.html or source.txt"; fail=$((fail + 1)); continue
    fi
    args=""
    [ -f "$dir/args" ] && args=$(cat "$dir/args")
    fmts="txt md json"
    for extra in html xml; do
        [ -f "$dir/expected.$extra" ] && fmts="$fmts $extra"
    done
    for fmt in $fmts; do
        exp="$dir/expected.$fmt"
        # shellcheck disable=SC2086
        "$P" -q -f "$fmt" $args "$src" >"$out" 2>&1
        if [ ! -f "$exp" ]; then
            echo "golden: $case: expected.$fmt missing (run scripts/regen-golden.sh)"
            fail=$((fail + 1))
        elif cmp -s "$out" "$exp"; then
            pass=$((pass + 1))
        else
            echo "golden: $case: $fmt differs:"
            diff -u "$exp" "$out" | head -n 30
            fail=$((fail + 1))
        fi
    done
done
[ "$fail" = 0 ] || echo "golden: if the new output is better, run scripts/regen-golden.sh, review the diff and commit it"
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
