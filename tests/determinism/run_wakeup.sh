#!/bin/sh
# The lost wake-up of --unordered (issue 7): the oldest job finishing while
# the main thread writes a younger one must still be written. Named pipes
# order the events: a.html (the oldest) and z.html are pipes the test feeds,
# and out/z.json is a pipe, so the main thread blocks writing z while a
# finishes; then nothing else finishes. Before the fix pith slept forever in
# drain(). The sleeps only order events: if the machine is too slow for
# them, the run takes another path and passes without proving anything; it
# never fails for being slow. Ends with "wakeup: N passed, M failed".
P="$(pwd)/${B:-build/asan}/pith"
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
pass=0; fail=0
mkdir -p "$T/in" "$T/out"
for i in 1 2 3 4 5 6; do
    printf '<html><head><title>Page %s</title></head><body><article><h1>Page %s</h1><p>%s words of page %s.</p></article></body></html>\n' \
        "$i" "$i" "$(seq 1 60 | tr '\n' ' ')" "$i" >"$T/in/b$i.html"
done
cp "$T/in/b1.html" "$T/page.html"
mkfifo "$T/in/a.html" "$T/in/z.html" "$T/out/z.json" || { echo "wakeup: 0 passed, 1 failed (mkfifo)"; exit 1; }
"$P" -q --time-budget 0 -j 3 --unordered -f json -o "$T/out" "$T/in/a.html" "$T"/in/b*.html "$T/in/z.html" 2>"$T/err" &
pid=$!
# each step is bounded: a pipe opened by a pith that has died would block
sleep 1
timeout 120 sh -c 'cat "$1" >"$2"' - "$T/page.html" "$T/in/z.html"   # z done: the main thread opens out/z.json and blocks
sleep 1
timeout 120 sh -c 'cat "$1" >"$2"' - "$T/page.html" "$T/in/a.html"   # the oldest job ends while the main thread writes
sleep 1
timeout 120 cat "$T/out/z.json" >"$T/z.json"                          # the write ends; no job is left to finish
i=0
while kill -0 "$pid" 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 "$pid" 2>/dev/null; then
    fail=$((fail + 1)); echo "wakeup: FAIL: pith --unordered -j 3 hung with every job done"
else
    wait "$pid"; rc=$?
    [ "$rc" = 0 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "wakeup: FAIL: pith exited with $rc"; cat "$T/err"; }
    n=$(ls "$T/out" | wc -l)
    [ "$n" = 8 ] && [ -s "$T/out/a.json" ] && [ -s "$T/z.json" ] && pass=$((pass + 1)) ||
        { fail=$((fail + 1)); echo "wakeup: FAIL: $n outputs, not 8"; }
fi
pid=
echo "wakeup: $pass passed, $fail failed"
[ "$fail" = 0 ]
