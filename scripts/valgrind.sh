#!/bin/sh
# make valgrind: the release CLI under valgrind (memcheck, --leak-check=full)
# over every page of every set in $SHARED/bench/sets (HTML sets as found,
# text twins with --from text), a few directories per invocation with two
# worker threads, then over a gzipped WARC of one set. Any error or leak
# (definite, indirect or possible) fails. Prints pages, errors and leaks.
SHARED=${SHARED:-../shared}
P=${P:-build/rel/pith}
SETS="$SHARED/bench/sets"
if [ ! -d "$SETS" ]; then
    echo "valgrind: $SETS not found; nothing to run"
    exit 0
fi
command -v valgrind >/dev/null || { echo "valgrind: valgrind is not installed (scripts/deps.sh)"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
VG="valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 --log-file=$T/vg.%p"
html="" text=""
for s in "$SETS"/*/; do
    [ -d "$s/pages" ] || continue
    case $(basename "$s") in *-text) text="$text $s/pages" ;; *) html="$html $s/pages" ;; esac
done
rc=0
run() { # label, args...
    label=$1; shift
    # shellcheck disable=SC2086
    $VG "$P" -q -j 2 -f jsonl "$@" >"$T/out" 2>"$T/err"
    r=$?
    lines=$(wc -l <"$T/out")
    echo "valgrind: $label: $lines documents, exit $r"
    [ "$r" = 99 ] && rc=1
    [ "$r" -gt 1 ] && [ "$r" != 99 ] && rc=1
    pages=$((pages + lines))
}
pages=0
# shellcheck disable=SC2086
[ -n "$html" ] && run "HTML sets" $html
# shellcheck disable=SC2086
[ -n "$text" ] && run "text sets" --from text $text
# a WARC of the first HTML set, one gzip member per record
first=$(echo $html | cut -d' ' -f1)
if [ -n "$first" ] && command -v python3 >/dev/null; then
    python3 tests/tools/pages_warc.py "$first" "$T/set.warc.gz"
    run "WARC of $(basename "$(dirname "$first")")" "$T/set.warc.gz"
fi
# each process's log ends with its summaries; leak records count as errors
errors=$(cat "$T"/vg.* | sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
leaks=$(cat "$T"/vg.* | sed -n 's/.*\(definitely\|indirectly\|possibly\) lost: [0-9,]* bytes in \([0-9,]*\) blocks.*/\2/p' | tr -d , | awk '{ s += $1 } END { print s + 0 }')
if [ "$errors" != 0 ] || [ "$leaks" != 0 ]; then
    grep -h -v "^==[0-9]*== *$" "$T"/vg.* | grep -v "Copyright\|Command:\|Using Valgrind\|Memcheck, a memory" | head -n 80
fi
echo "valgrind: $pages documents, $errors errors, $leaks leaked blocks"
[ "$rc" = 0 ] && [ "$errors" = 0 ] && [ "$leaks" = 0 ]
