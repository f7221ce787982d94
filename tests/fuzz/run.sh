#!/bin/sh
# Fuzz the SIP parser, the SDP parser and the TCP framer with libFuzzer
# (ASan + UBSan) for SECONDS each (default 60), seeded from the RFC 4475
# corpus (and PROTOS with FULL=1).  New corpus entries and crashes stay in
# $ZBFW_FUZZ_DIR (default /tmp/zbfw-sip-fuzz).  Exit 0, or 1 on a crash.
set -u
secs=${1:-60}
. "$(dirname "$0")/sip-fuzz-lib.sh"
fuzz_build; rc=$?; [ $rc -eq 0 ] || exit $rc
fuzz_seeds; rc=$?; [ $rc -eq 0 ] || exit $rc
status=0
for h in $HARNESSES; do
	mkdir -p "$work/corpus/$h" "$work/crashes/$h"
	echo "== $h: ${secs}s"
	# shellcheck disable=SC2046
	"$work/$h" -max_total_time="$secs" -max_len=70000 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$work/crashes/$h/" \
	    -print_final_stats=1 "$work/corpus/$h" $(seed_dirs "$h") \
	    >"$work/$h.log" 2>&1 || {
		echo "FAIL: $h (see $work/$h.log, $work/crashes/$h/)"
		status=1
	}
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb" \
	    "$work/$h.log" | sed 's/^/   /'
done
exit $status
