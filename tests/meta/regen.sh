#!/bin/sh
# Rewrites tests/meta/NAME.json from the current build; review with git diff.
B=${B:-build/rel}
for page in tests/meta/*.html; do
    "$B/tools/meta_dir" --meta "$page" >"${page%.html}.json"
done
