#!/bin/sh
# Determinism (issue 7, acceptance 4): the same inputs give byte-identical
# output across runs, thread counts (-j 1, 2, 4) and --unordered (whose lines
# are sorted before comparing), for a directory of pages and text and for
# WARC archives. Inputs are the repository's own fixtures; with SHARED set,
# the scrapinghub pages are added. The time budget is off (--time-budget 0):
# a budget that runs out on a busy machine is the one thing allowed to change
# a result. Ends with "determinism: N passed, M failed".
P="$(pwd)/${B:-build/asan}/pith"
LC_ALL=C; export LC_ALL
SRC=$(pwd)
SETS="${SHARED:-../shared}/bench/sets"
case "$SETS" in /*) ;; *) SETS="$SRC/$SETS" ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
pass=0; fail=0
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

same() { # description, file a, file b
    if [ -s "$2" ] && cmp -s "$2" "$3"; then pass=$((pass + 1))
    else fail=$((fail + 1)); echo "determinism: FAIL: $1"; cmp "$2" "$3" | head -n 2; fi
}

# the fixtures, under names that say where they come from
D="$T/pages"
mkdir -p "$D"
for f in tests/golden/*/source.html; do cp "$f" "$D/golden-$(basename "$(dirname "$f")").html"; done
for f in tests/golden/*/source.txt; do [ -f "$f" ] && cp "$f" "$D/golden-$(basename "$(dirname "$f")").txt"; done
for f in tests/meta/*.html tests/warc/fixtures/*.html tests/cli/fixtures/*; do cp "$f" "$D/$(basename "$(dirname "$f")")-$(basename "$f")"; done
for f in tests/text/cases/*.txt; do cp "$f" "$D/text-$(basename "$f")"; done
if [ -d "$SETS/scrapinghub/pages" ]; then
    mkdir -p "$D/sh"
    cp "$SETS"/scrapinghub/pages/* "$D/sh/"
else
    echo "determinism: $SETS/scrapinghub/pages not found; the repository's fixtures only"
fi
n=$(find "$D" -type f | wc -l)

# a directory: jsonl to stdout and one file per page with -o
"$P" -q --time-budget 0 -f jsonl -j 1 "$D" >"$T/j1" 2>/dev/null
"$P" -q --time-budget 0 -f jsonl -j 1 "$D" >"$T/j1b" 2>/dev/null
"$P" -q --time-budget 0 -f jsonl -j 2 "$D" >"$T/j2" 2>/dev/null
"$P" -q --time-budget 0 -f jsonl -j 4 "$D" >"$T/j4" 2>/dev/null
sort "$T/j1" >"$T/j1s"
same "$n files, jsonl: two runs with -j 1" "$T/j1" "$T/j1b"
same "$n files, jsonl: -j 1 and -j 2" "$T/j1" "$T/j2"
same "$n files, jsonl: -j 1 and -j 4" "$T/j1" "$T/j4"
# --unordered -j 2: a hang fails (the time-out only keeps a broken build
# from stopping the whole check), and the sorted lines must match.
unordered() { # description, sorted reference, args...
    desc=$1 ref=$2; shift 2
    timeout 300 "$P" -q --time-budget 0 -j 2 --unordered "$@" >"$T/u" 2>/dev/null
    if [ $? = 124 ]; then fail=$((fail + 1)); echo "determinism: FAIL: $desc: pith --unordered -j 2 hung"; return; fi
    sort "$T/u" >"$T/us"
    same "$desc" "$ref" "$T/us"
}
unordered "$n files, jsonl: -j 1 and --unordered -j 2 (sorted)" "$T/j1s" -f jsonl "$D"
[ "$(wc -l <"$T/j1")" = "$n" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "determinism: FAIL: $n files gave $(wc -l <"$T/j1") lines"; }
for fmt in md json; do
    "$P" -q --time-budget 0 -f $fmt -j 1 -o "$T/o1-$fmt" "$D" 2>/dev/null
    "$P" -q --time-budget 0 -f $fmt -j 2 -o "$T/o2-$fmt" "$D" 2>/dev/null
    (cd "$T/o1-$fmt" && find . -type f | sort | xargs cat) >"$T/c1-$fmt"
    (cd "$T/o2-$fmt" && find . -type f | sort | xargs cat) >"$T/c2-$fmt"
    same "$n files, -f $fmt -o DIR: -j 1 and -j 2" "$T/c1-$fmt" "$T/c2-$fmt"
done

# WARC archives: the hand-made ones and one of every fixture, a gzip member each
(cd "$T" && $PY "$SRC/tests/warc/mkwarc.py" "$T" >/dev/null) || { echo "determinism: cannot build the archives"; fail=$((fail + 1)); }
$PY "$SRC/tests/tools/pages_warc.py" "$D" "$T/pages.warc.gz"
for a in pages.warc.gz mixed.warc.gz mixed.warc; do
    [ -f "$T/$a" ] || continue
    "$P" -q --time-budget 0 -j 1 "$T/$a" >"$T/w1" 2>/dev/null
    "$P" -q --time-budget 0 -j 1 "$T/$a" >"$T/w1b" 2>/dev/null
    "$P" -q --time-budget 0 -j 2 "$T/$a" >"$T/w2" 2>/dev/null
    sort "$T/w1" >"$T/w1s"
    same "$a: two runs with -j 1" "$T/w1" "$T/w1b"
    same "$a: -j 1 and -j 2" "$T/w1" "$T/w2"
    unordered "$a: -j 1 and --unordered -j 2 (sorted)" "$T/w1s" "$T/$a"
done

echo "determinism: $pass passed, $fail failed"
[ "$fail" = 0 ]
