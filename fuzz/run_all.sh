#!/bin/sh
# fuzz/run_all.sh SECONDS JOBS MAXLEN TARGET...
# Runs each built libFuzzer target (build/fuzz/fuzz_<t>) for SECONDS on its
# working corpus build/fuzz/corpus/<t> (seeded from fuzz/corpus/<t>), JOBS
# (1 or 2) at a time, under `nice` (FUZZ_NICE, default "nice -n 10"; empty
# for none). MAXLEN overrides each target's -max_len when non-empty.
# Findings are written to fuzz/crashes/<t>/. Prints one line per target
# (executions, corpus units, findings) and exits non-zero on any finding.
time=${1:-60}
jobs=${2:-1}
maxlen_all=$3
shift 3
nice_cmd=${FUZZ_NICE-nice -n 10}
logdir=build/fuzz/log
mkdir -p "$logdir"

# Per-target input size: whole archives and pages need more room than a tag soup.
maxlen_of() {
    if [ -n "$maxlen_all" ]; then echo "$maxlen_all"; return; fi
    case $1 in
        warc) echo 65536 ;;
        extract|text) echo 32768 ;;
        *) echo 16384 ;;
    esac
}

count_findings() {
    ls "fuzz/crashes/$1" 2>/dev/null | grep -c -E '^(crash|leak|timeout|oom|slow-unit)-'
}

run_one() {
    t=$1
    mkdir -p "build/fuzz/corpus/$t" "fuzz/crashes/$t" "fuzz/corpus/$t"
    dict=""
    [ -f "fuzz/$t.dict" ] && dict="-dict=fuzz/$t.dict"
    before=$(count_findings "$t")
    $nice_cmd "build/fuzz/fuzz_$t" -max_total_time="$time" -max_len="$(maxlen_of "$t")" \
        -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 $dict \
        -artifact_prefix="fuzz/crashes/$t/" -print_final_stats=1 \
        "build/fuzz/corpus/$t" "fuzz/corpus/$t" >"$logdir/$t.log" 2>&1
    rc=$?
    after=$(count_findings "$t")
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logdir/$t.log" | tail -1)
    corp=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$logdir/$t.log" | tail -1 | cut -d' ' -f2)
    found=$((after - before))
    [ $rc != 0 ] && [ $found = 0 ] && found="1 (exit $rc, see $logdir/$t.log)"
    printf 'fuzz %-8s %6ss  executions %10s  corpus %12s  findings %s\n' \
        "$t" "$time" "${execs:-?}" "${corp:-?}" "$found" >"$logdir/$t.summary"
    cat "$logdir/$t.summary"
}

status=0
set -- "$@"
while [ $# -gt 0 ]; do
    if [ "$jobs" -ge 2 ] && [ $# -ge 2 ]; then
        run_one "$1" & p1=$!
        run_one "$2" & p2=$!
        wait $p1; wait $p2
        shift 2
    else
        run_one "$1"
        shift
    fi
done
for f in "$logdir"/*.summary; do
    grep -q 'findings 0$' "$f" || status=1
done
rm -f "$logdir"/*.summary
[ $status = 0 ] && echo "fuzz-all: no findings" || echo "fuzz-all: FINDINGS (fuzz/crashes/<target>/, logs in $logdir)"
exit $status
