#!/bin/sh
# The quality gate: extracts every page of each benchmark set with the build
# in $B (tools/extract_dir), scores the text with $SHARED/bench/score and
# fails when a set's text F1 drops below its floor in tests/quality/floors.txt.
# Under ASan it also proves that no page triggers a sanitizer report.
B=${B:-build/asan}
SHARED=${SHARED:-../shared}
here=$(dirname "$0")
tool="$B/tools/extract_dir"
if [ ! -d "$SHARED/bench/sets" ]; then
    echo "quality: skipped ($SHARED/bench/sets not found)"
    echo "quality: 0 passed, 0 failed"
    exit 0
fi
if [ ! -x "$tool" ]; then
    echo "quality: $tool missing"
    echo "quality: 0 passed, 1 failed"
    exit 1
fi
out=$(mktemp -d)
pass=0; fail=0
while read -r set floor; do
    case "$set" in ''|'#'*) continue ;; esac
    dir="$SHARED/bench/sets/$set"
    if [ ! -d "$dir" ]; then echo "quality: $set: set missing"; fail=$((fail + 1)); continue; fi
    mkdir -p "$out/$set"
    if ! "$tool" "$dir/pages" "$out/$set" 2>"$out/$set.err"; then
        echo "quality: $set: extract_dir failed"; head -n 20 "$out/$set.err"
        fail=$((fail + 1)); continue
    fi
    if grep -q "Sanitizer\|runtime error" "$out/$set.err"; then
        echo "quality: $set: sanitizer report"; grep -m 5 "Sanitizer\|runtime error" "$out/$set.err"
        fail=$((fail + 1)); continue
    fi
    f1=$(python3 "$SHARED/bench/score" "$dir" "$out/$set" --json |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["text"]["f1"])')
    if python3 -c "import sys; sys.exit(0 if float('$f1') >= float('$floor') else 1)"; then
        echo "quality: $set text F1 $f1 (floor $floor) ok"; pass=$((pass + 1))
    else
        echo "quality: $set text F1 $f1 below floor $floor"; fail=$((fail + 1))
    fi
done < "$here/floors.txt"
rm -rf "$out"
echo "quality: $pass passed, $fail failed"
[ "$fail" = 0 ]
