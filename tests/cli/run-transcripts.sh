#!/bin/bash
# CLI transcript tests.  For each NAME: start
#   zbfwd --no-dataplane -f STARTUP -S SOCK -t 127.0.0.1:0
# where STARTUP is a temporary copy of NAME.cfg (or an empty file), run
#   zbfw -S SOCK < NAME.in
# (script mode: the daemon's line editor draws the screen a terminal would
# show) and compare what it prints with NAME.out.
#
# Usage: run-transcripts.sh [--update | --telnet] [NAME...]   (default: every *.in)
#   --update  rewrite NAME.out from what the daemon prints now.  Read the
#             diff (git diff tests/cli) against the reference before you
#             commit it: an .out that encodes a wrong behaviour is a bug.
#   --telnet  type NAME.in into a telnet vty instead (vty-screen.py; the
#             line gets `no login`) and expect the same screen: the vty and
#             the console share one line editor.  Only for transcripts
#             that neither print the vty lines nor page (24 lines).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

update=0
telnet=0
case ${1:-} in
--update) update=1; shift ;;
--telnet) telnet=1; shift ;;
esac
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in "$here"/*.in; do
		[ -e "$f" ] && names+=("$(basename "$f" .in)")
	done
fi
zb_need_build

failed=0
for name in "${names[@]}"; do
	name=${name%.in}
	in=$here/$name.in
	out=$here/$name.out
	cfg=
	[ -f "$here/$name.cfg" ] && cfg=$here/$name.cfg
	if [ ! -f "$in" ]; then
		echo "FAIL $name: no $in"
		failed=$((failed + 1))
		continue
	fi
	if [ "$telnet" -eq 1 ]; then
		{ [ -n "$cfg" ] && cat "$cfg"; printf 'line vty 0 4\n no login\n'; } \
		    >"$ZB_TMP/vty.cfg"
		cfg=$ZB_TMP/vty.cfg
	fi
	if ! zb_start t "$cfg"; then
		echo "FAIL $name"
		failed=$((failed + 1))
		continue
	fi
	got=$ZB_DIR_t/got
	ok=1
	if [ "$telnet" -eq 1 ]; then
		timeout 90 /usr/bin/python3 -B "$here/vty-screen.py" \
		    "$(zb_telnet_port t)" "$in" >"$got" 2>&1
	else
		timeout 60 "$build/zbfw" -S "$ZB_SOCK_t" <"$in" >"$got" 2>&1
	fi
	if [ $? -eq 124 ]; then
		echo "zbfw timed out" >>"$got"
		ok=0
	fi
	zb_stop t || ok=0
	if [ "$update" -eq 1 ]; then
		cp "$got" "$out"
		echo "UPDATED $name"
		continue
	fi
	if [ ! -f "$out" ]; then
		echo "no $out; what zbfw printed:"
		cat "$got"
		ok=0
	elif ! diff -u "$out" "$got" >"$ZB_DIR_t/diff"; then
		echo "--- $name: expected (-) and got (+)"
		cat "$ZB_DIR_t/diff"
		ok=0
	fi
	if [ "$ok" -eq 1 ]; then
		echo "PASS $name"
	else
		echo "FAIL $name"
		echo "zbfwd stderr:"
		tail -n 20 "$ZB_DIR_t/zbfwd.log"
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
