#!/bin/sh
# Golden metadata tests: every tests/meta/NAME.html is run through
# `meta_dir --meta` and compared with NAME.json. Regenerate the expected
# files with tests/meta/regen.sh and review the diff.
B=${B:-build/asan}
tool="$B/tools/meta_dir"
pass=0; fail=0
if [ ! -x "$tool" ]; then
    echo "meta: tool $tool not built"
    echo "meta: 0 passed, 1 failed"
    exit 1
fi
out=$(mktemp)
for page in tests/meta/*.html; do
    want="${page%.html}.json"
    if "$tool" --meta "$page" >"$out" 2>&1 && diff -u "$want" "$out" >/dev/null 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "meta: FAIL $page"
        diff -u "$want" "$out" | head -40
    fi
done
rm -f "$out"
echo "meta: $pass passed, $fail failed"
[ "$fail" = 0 ]
