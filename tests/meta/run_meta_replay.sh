#!/bin/sh
# Replays the metadata fuzz corpus and saved findings through fuzz/fuzz_meta.c
# (built with the plain compiler under ASan/UBSan by make check).
B=${B:-build/asan}
tool="$B/fuzz/replay_meta"
if [ ! -x "$tool" ]; then
    echo "meta-fuzz-replay: 0 passed, 1 failed ($tool not built)"
    exit 1
fi
log=$(mktemp)
out=$("$tool" fuzz/corpus/meta fuzz/crashes/meta 2>"$log"); rc=$?
if [ $rc != 0 ]; then
    tail -n 40 "$log"
    rm -f "$log"
    echo "meta-fuzz-replay: 0 passed, 1 failed (exit $rc)"
    exit 1
fi
rm -f "$log"
echo "$out" | sed 's/^fuzz-replay:/meta-fuzz-replay:/'
