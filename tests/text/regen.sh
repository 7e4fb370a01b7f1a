#!/bin/sh
# Rewrites tests/text/cases/*.expected from the current cleaner; review with git diff.
# usage: sh tests/text/regen.sh [BUILD_DIR]   (default build/rel)
B=${1:-build/rel}
make -s BUILD=$(basename "$B") "$B/tools/text_dir" || exit 1
for t in "$(dirname "$0")"/cases/*.txt; do
    "$B/tools/text_dir" --golden "$t" >"${t%.txt}.expected"
done
