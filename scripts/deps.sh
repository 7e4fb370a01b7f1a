#!/bin/sh
# Checks the Debian 12 packages pith needs; installs the missing ones when
# run as root, otherwise prints the exact apt-get line and fails.
PKGS="gcc make pkg-config libxml2-dev libgumbo-dev libuchardet-dev libjansson-dev zlib1g-dev libdeflate-dev
libzstd-dev libbrotli-dev libcurl4-openssl-dev libcld2-dev g++ clang libclang-rt-14-dev
wget zstd python3 python3-dev python3-pip python3-distributed valgrind"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null \
        || { echo "deps: apt-get install failed" >&2; exit 1; }
    exit 0
fi
echo "deps: missing Debian packages. Run as root:" >&2
echo "  apt-get install -y$missing" >&2
exit 1
