#!/bin/sh
# Replays every seed-corpus input (fuzz/corpus/<t>/) and every saved finding
# (fuzz/crashes/<t>/) through each fuzz target, built with the plain compiler
# under ASan/UBSan by make check (fuzz/fuzz.mk: $B/fuzz/replay_<t>).
B=${B:-build/asan}
pass=0; fail=0
log=$(mktemp)
for src in fuzz/fuzz_*.c; do
    t=$(basename "$src" .c); t=${t#fuzz_}
    tool="$B/fuzz/replay_$t"
    if [ ! -x "$tool" ]; then
        echo "fuzz-replay $t: $tool not built"
        fail=$((fail + 1))
        continue
    fi
    out=$("$tool" "fuzz/corpus/$t" "fuzz/crashes/$t" 2>"$log"); rc=$?
    if [ $rc != 0 ]; then
        tail -n 40 "$log"
        echo "fuzz-replay $t: FAILED (exit $rc) on $(grep '^replay: ' "$log" | tail -n 1 | cut -c9-)"
        fail=$((fail + 1))
        continue
    fi
    n=$(echo "$out" | sed -n 's/^fuzz-replay: \([0-9]*\) passed.*/\1/p')
    echo "fuzz-replay $t: ${n:-0} inputs"
    pass=$((pass + ${n:-0}))
done
rm -f "$log"
echo "fuzz-replay: $pass passed, $fail failed"
[ $fail = 0 ]
