#!/bin/sh
# Replays every seed-corpus input and every saved fuzz crash through the
# fuzz target (built with the plain compiler under ASan/UBSan by make check).
B=${B:-build/asan}
tool="$B/fuzz/replay_html"
if [ ! -x "$tool" ]; then
    echo "fuzz-replay: 0 passed, 1 failed ($tool not built)"
    exit 1
fi
log=$(mktemp)
out=$("$tool" fuzz/corpus/html fuzz/crashes 2>"$log"); rc=$?
if [ $rc != 0 ]; then
    tail -n 40 "$log"
    rm -f "$log"
    echo "fuzz-replay: 0 passed, 1 failed (exit $rc)"
    exit 1
fi
rm -f "$log"
echo "$out"
