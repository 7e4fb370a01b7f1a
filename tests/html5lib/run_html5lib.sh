#!/bin/sh
# html5lib-tests conformance: one line per suite, "<suite>: N passed, M failed",
# then a total line for tests/run.sh. Failures listed in known-failures.txt
# are expected; anything else fails the run.
# (Filled in by the tokenizer, tree-construction and encoding runners.)
D="${SHARED:-../shared}/data/html5lib-tests"
if [ ! -d "$D" ]; then
    echo "html5lib: skipped: $D not found (set SHARED=path/to/shared)"
    exit 0
fi
B=${B:-build/asan}
K=tests/html5lib/known-failures.txt
tp=0; tf=0; rc=0
for suite in tokenizer tree-construction encoding; do
    tool="$B/tools/h5_$(echo $suite | tr - _)"
    [ -x "$tool" ] || { echo "$suite: runner not built yet"; continue; }
    out=$("$tool" "$D" "$K") || rc=1
    echo "$out"
    line=$(echo "$out" | grep -E "^$suite: [0-9]+ passed, [0-9]+ failed" | tail -n 1)
    p=$(echo "$line" | sed -E 's/.*: ([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.*passed, ([0-9]+) failed.*/\1/')
    tp=$((tp + ${p:-0}))
done
# Known failures are allowed; the tools exit non-zero only on unexpected ones.
echo "html5lib: $tp passed, $([ $rc = 0 ] && echo 0 || echo 1) failed"
exit $rc
