#!/bin/sh
# The Layer 7 SIP policy's cost: tests/bench/sip_l7_bench.c linked with
# the ALG library of the build (-O2), whole calls through sip_alg_packet() with a 20-class
# policy against none.  Exit 2 when the ratio is under 0.9.
# Usage: sip_l7.sh [ROUNDS] [CALLS]
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/zbfw-sip-l7-bench.$$
trap 'rm -f "$out"' EXIT
cd "$repo" || exit 1
build=${ZBFW_BUILD:-$repo/build}
"$repo/tests/build.sh" >/dev/null || { echo "FAIL: build"; exit 1; }
# shellcheck disable=SC2046
cc -O2 -g -std=gnu11 -D_GNU_SOURCE -I. tests/bench/sip_l7_bench.c \
    "$build/alg/libzbalg.a" "$build/lib/libzbcommon.a" \
    $(pkg-config --libs libpcre2-8) -o "$out" ||
    { echo "FAIL: build"; exit 1; }
"$out" "${1:-5}" "${2:-20000}"
