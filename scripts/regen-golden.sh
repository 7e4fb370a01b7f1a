#!/bin/sh
# Rewrites tests/golden/<case>/expected.{txt,md,json} from the current
# build/rel/pith (built first), and expected.{html,xml} where the case has
# them, then shows what changed. Review the diff before committing: every
# change must be an improvement or explained.
#   scripts/regen-golden.sh [CASE...]
#   FORMATS="html xml" scripts/regen-golden.sh CASE...   also writes these
#       formats for the cases named (the structure cases keep html and xml)
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
    fmts="txt md json"
    for extra in html xml; do
        case " ${FORMATS:-} " in *" $extra "*) fmts="$fmts $extra"; continue ;; esac
        [ -f "$dir/expected.$extra" ] && fmts="$fmts $extra"
    done
    for fmt in $fmts; do
        # shellcheck disable=SC2086
        "$P" -q -f "$fmt" $args "$src" >"$dir/expected.$fmt" 2>&1 || true
    done
done
git --no-pager diff --stat -- tests/golden
git status --short -- tests/golden | grep '^??' || true
