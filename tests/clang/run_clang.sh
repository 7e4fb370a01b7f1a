#!/bin/sh
# Compiles every C source with clang's warnings as errors (-fsyntax-only), so
# code that gcc accepts but clang rejects (the fuzz build uses clang) fails
# make check instead of the next fuzzing campaign. Skips where clang is absent.
if ! command -v clang >/dev/null 2>&1; then
    echo "clang: skipped (clang not installed; scripts/deps.sh installs it)"
    echo "clang: 0 passed, 0 failed"
    exit 0
fi
cflags="-D_GNU_SOURCE -Iinclude -Isrc -std=c17 -Wall -Wextra -Werror $(pkg-config --cflags libxml-2.0 uchardet jansson zlib libzstd libbrotlidec libcurl 2>/dev/null)"
pass=0; fail=0
for f in src/*/*.c cli/*.c fuzz/*.c bench/*.c tests/*/*.c; do
    [ -f "$f" ] || continue
    # fuzz targets need libFuzzer's entry point declared; -fsyntax-only does not link
    if clang $cflags -Ifuzz -Itests/unit -Itests/tools -Ibench -fsyntax-only "$f" 2>/tmp/clang.$$; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "clang: FAIL $f"; head -20 /tmp/clang.$$
    fi
done
rm -f /tmp/clang.$$
echo "clang: $pass passed, $fail failed"
[ "$fail" = 0 ]
