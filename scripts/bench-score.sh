#!/bin/sh
# Runs pith over every benchmark set and scores the output.
# usage: scripts/bench-score.sh [BUILD_DIR] [OUT_ROOT] [-- extra extract_dir options]
# BUILD_DIR defaults to build/rel (make it first), OUT_ROOT to /tmp/pith-bench.
# Prints the scorer's line per set; per-page TSVs land in OUT_ROOT/<set>.tsv.
B=${1:-build/rel}
OUT=${2:-/tmp/pith-bench}
[ $# -ge 2 ] && shift 2 || shift $#
[ "$1" = "--" ] && shift
SHARED=${SHARED:-../shared}
[ -d "$SHARED/bench/sets" ] || SHARED=/work/shared
SETS=${SETS:-"scrapinghub readability cleanportaleval fundus-intl"}
tool="$B/tools/extract_dir"
[ -x "$tool" ] || { echo "bench-score: $tool missing (make $tool)"; exit 2; }
for s in $SETS; do
    rm -rf "$OUT/$s"
    mkdir -p "$OUT/$s"
    "$tool" "$@" "$SHARED/bench/sets/$s/pages" "$OUT/$s" || echo "bench-score: $s: extract_dir failed"
    python3 "$SHARED/bench/score" "$SHARED/bench/sets/$s" "$OUT/$s" --per-page "$OUT/$s.tsv"
done
