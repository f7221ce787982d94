#!/bin/sh
# PROTOS c07-sip (4527 INVITE + CANCEL cases) replayed through the SIP ALG
# library by tests/fuzz/sip_protos: no crash, no pinhole but the exact one a
# well-formed offer names, nothing left after the CANCEL; a sample under
# valgrind for leaks.  No network, no root.  Exit 0 pass, 77 skip (the
# corpus absent, see tests/corpus.sh), 1 fail.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
. "$repo/tests/corpus.sh"
data=$zb_shared/testdata/sip/protos-c07-sip.tar.xz
drv=$build/tests/fuzz/sip_protos

zb_need_corpus "$data"
if [ ! -x "$drv" ]; then
	(cd "$build" && make tests/fuzz/sip_protos >/dev/null 2>&1) ||
	    { echo "SKIP: $drv not built"; exit 77; }
fi
tmp=$(mktemp -d /tmp/zbfw-protos.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
tar -xJf "$data" -C "$tmp" || { echo "FAIL: cannot unpack $data"; exit 1; }

rc=0
timeout 100 "$drv" "$tmp/protos-c07-sip" || rc=1
# (an ASan build checks leaks itself; valgrind cannot run it)
if command -v valgrind >/dev/null 2>&1 &&
    ! ldd "$drv" 2>/dev/null | grep -q libasan; then
	timeout 100 valgrind -q --leak-check=full --error-exitcode=9 \
	    "$drv" "$tmp/protos-c07-sip" 0 400 >/dev/null || {
		echo "FAIL: valgrind reported errors or leaks"; rc=1; }
fi
[ $rc -eq 0 ] && echo "PASS: sip-protos"
exit $rc
