#!/bin/sh
# SIP+SDP parse rate of the zbfw ALG parser against libosip2 and sofia-sip
# (same corpus, same run, ratios printed), ALG message rate, and memory
# per active call at 10,000 calls.  usage: sip_parse.sh [SECONDS] [CALLS]
# Needs libosip2-dev and libsofia-sip-ua-dev (tests/deps.txt).
# Exit 0 when the goals hold (>= 3x sofia-sip, <= 2 KiB per call).
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/zbfw-sip-bench.$$
trap 'rm -f "$out" "$out.sofia.o"' EXIT
pkg-config --exists libosip2 sofia-sip-ua ||
    { echo "SKIP: libosip2-dev / libsofia-sip-ua-dev missing"; exit 77; }
# sofia-sip exports sdp_parse() too: zbfw's SDP names get a prefix here.
ren="-Dsdp_parse=zb_sdp_parse -Dsdp_strerror=zb_sdp_strerror
    -Dsdp_media_name=zb_sdp_media_name"
cd "$repo" || exit 1
# shellcheck disable=SC2086
cc -O2 -g -std=gnu11 -D_GNU_SOURCE -I. -c tests/bench/sip_bench_sofia.c \
    $(pkg-config --cflags sofia-sip-ua) -o "$out.sofia.o" &&
cc -O2 -g -std=gnu11 -D_GNU_SOURCE -I. $ren \
    alg/sip_parse.c alg/sip_hdr.c alg/sip_names.c alg/sip_addr.c alg/sdp.c alg/tcp_framer.c \
    alg/alg.c alg/dialog.c alg/media.c alg/media_acct.c alg/pinhole.c alg/sip_reg.c \
    alg/quota.c alg/sip_stats.c alg/sip_policy.c alg/sip_policy_run.c alg/sip_regex.c alg/sip_state.c \
    alg/sip_holddown.c \
    lib/log.c lib/siphash.c lib/buf.c tests/bench/sip_bench_zb.c \
    tests/bench/sip_parse_bench.c tests/bench/sip_bench_osip.c "$out.sofia.o" \
    $(pkg-config --cflags --libs libosip2 sofia-sip-ua libpcre2-8) -o "$out" ||
    { echo "FAIL: build"; exit 1; }
"$out" "${1:-2}" "${2:-10000}"
