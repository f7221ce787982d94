#!/bin/sh
# CI replay: the seed corpora (RFC 4475, their SDP bodies, framer seeds,
# every PROTOS c07-sip message) and any saved corpus run once through the
# SIP libFuzzer harnesses under ASan + UBSan, no fuzzing.
# Exit 0 pass, 1 fail, 77 skip (no clang/libFuzzer, or the corpora absent
# outside CI: tests/corpus.sh).
set -u
. "$(dirname "$0")/sip-fuzz-lib.sh"
work=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-replay.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
fuzz_build; rc=$?; [ $rc -eq 0 ] || exit $rc
FULL=1 fuzz_seeds; rc=$?; [ $rc -eq 0 ] || exit $rc
status=0
for h in $HARNESSES; do
	dirs=$(seed_dirs "$h")
	[ -d "$store/corpus/$h" ] && dirs="$dirs $store/corpus/$h"
	# shellcheck disable=SC2086
	if "$work/$h" -runs=0 -max_len=200000 -timeout=10 $dirs \
	    >"$work/$h.replay.log" 2>&1; then
		echo "PASS: $h ($(grep -c '' "$work/$h.replay.log") log lines)"
	else
		echo "FAIL: $h:"
		tail -n 20 "$work/$h.replay.log"
		status=1
	fi
done
exit $status
