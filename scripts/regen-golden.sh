#!/bin/sh
# Rewrites tests/golden/<case>/expected.{txt,md,json} from the current
# build/rel/pith (built first), then shows what changed. Review the diff
# before committing: every change must be an improvement or explained.
#   scripts/regen-golden.sh [CASE...]
set -e
cd "$(dirname "$0")/.."
make -s -j2 build/rel/pith >/dev/null
P=build/rel/pith
if [ $# = 0 ]; then set -- tests/golden/*/; fi
for dir in "$@"; do
    dir=${dir%/}
    [ -d "$dir" ] || dir="tests/golden/$dir"
    src="$dir/source.html"
    [ -f "$src" ] || src="$dir/source.txt"
    [ -f "$src" ] || { echo "regen-golden: $dir: no source" >&2; continue; }
    args=""
    [ -f "$dir/args" ] && args=$(cat "$dir/args")
    for fmt in txt md json; do
        # shellcheck disable=SC2086
        "$P" -q -f "$fmt" $args "$src" >"$dir/expected.$fmt" 2>&1 || true
    done
done
git --no-pager diff --stat -- tests/golden
git status --short -- tests/golden | grep '^??' || true
