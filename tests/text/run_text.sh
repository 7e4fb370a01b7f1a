#!/bin/sh
# The text cleaner's fixtures: every cases/NAME.txt is cleaned (as text) and
# compared with cases/NAME.expected (the text_dir --golden format). Regenerate
# the expected files with tests/text/regen.sh and review the diff.
# B = build dir (build/asan under make check).
B=${B:-build/asan}
tool="$B/tools/text_dir"
dir=$(dirname "$0")/cases
pass=0; fail=0
if [ ! -x "$tool" ]; then echo "text: $tool not built"; echo "text: 0 passed, 1 failed"; exit 1; fi
out=$(mktemp)
for t in "$dir"/*.txt; do
    name=${t%.txt}
    if [ ! -f "$name.expected" ]; then
        echo "text: $(basename "$name"): no expected file"; fail=$((fail + 1)); continue
    fi
    "$tool" --golden "$t" >"$out" 2>&1
    if cmp -s "$out" "$name.expected"; then
        pass=$((pass + 1))
    else
        echo "text: $(basename "$name") differs:"; diff "$name.expected" "$out" | head -20
        fail=$((fail + 1))
    fi
done
rm -f "$out"
echo "text: $pass passed, $fail failed"
[ "$fail" = 0 ]
