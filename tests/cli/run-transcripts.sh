#!/bin/bash
# CLI transcript tests.  For each NAME: start
#   zbfwd --no-dataplane -f STARTUP -S SOCK -t 127.0.0.1:0
# where STARTUP is a temporary copy of NAME.cfg (or an empty file), run
#   zbfw -S SOCK < NAME.in
# (script mode: the daemon's line editor draws the screen a terminal would
# show) and compare what it prints with NAME.out.
#
# Usage: run-transcripts.sh [--update] [NAME...]   (default: every *.in)
#   --update  rewrite NAME.out from what the daemon prints now.  Read the
#             diff (git diff tests/cli) against the reference before you
#             commit it: an .out that encodes a wrong behaviour is a bug.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"

update=0
if [ "${1:-}" = --update ]; then
	update=1
	shift
fi
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
	if ! zb_start t "$cfg"; then
		echo "FAIL $name"
		failed=$((failed + 1))
		continue
	fi
	got=$ZB_DIR_t/got
	ok=1
	timeout 60 "$build/zbfw" -S "$ZB_SOCK_t" <"$in" >"$got" 2>&1
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
