#!/bin/sh
# Metadata quality gate: runs meta_dir over the benchmark sets, scores the
# output and fails when a field drops below its floor in meta-floors.txt.
# Skips (passing) when the shared benchmark sets are absent.
B=${B:-build/asan}
SHARED=${SHARED:-../shared}
floors=tests/quality/meta-floors.txt
score="$SHARED/bench/score"
if [ ! -x "$score" ] && [ ! -f "$score" ]; then
    echo "meta-quality: skipped, $SHARED/bench not found"
    echo "meta-quality: 0 passed, 0 failed"
    exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "meta-quality: skipped, python3 (for the scorer) not found"
    echo "meta-quality: 0 passed, 0 failed"
    exit 0
fi
tmp=$(mktemp -d)
pass=0; fail=0
for set in $(grep -v '^#' "$floors" | awk '{print $1}' | sort -u); do
    mkdir -p "$tmp/$set"
    "$B/tools/meta_dir" "$SHARED/bench/sets/$set/pages" "$tmp/$set" 2>/dev/null
    python3 "$score" "$SHARED/bench/sets/$set" "$tmp/$set" --json >"$tmp/$set.json"
    grep -v '^#' "$floors" | awk -v s="$set" '$1 == s {print $2, $3}' >"$tmp/$set.floors"
    while read -r field floor; do
        got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['meta'].get(sys.argv[2],{}).get('accuracy',0))" "$tmp/$set.json" "$field")
        if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$got" "$floor"; then
            pass=$((pass + 1))
            echo "meta-quality: $set $field $got (floor $floor)"
        else
            fail=$((fail + 1))
            echo "meta-quality: FAIL $set $field $got below floor $floor"
        fi
    done <"$tmp/$set.floors"
done
rm -rf "$tmp"
echo "meta-quality: $pass passed, $fail failed"
[ "$fail" = 0 ]
