#!/bin/bash
# CLI transcript tests.  For each NAME: start
#   zbfwd --no-dataplane -f STARTUP -S SOCK -t 127.0.0.1:0
# where STARTUP is a temporary copy of NAME.cfg (or an empty file), run
#   zbfw -S SOCK < NAME.in
# and compare what it prints with NAME.out.
#
# Usage: run-transcripts.sh [--update] [NAME...]   (default: every *.in)
#   --update  rewrite NAME.out from what the daemon prints now.  Read the
#             diff (git diff tests/cli) against the reference before you
#             commit it: an .out that encodes a wrong behaviour is a bug.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
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

for b in zbfwd zbfw; do
	if [ ! -x "$build/$b" ]; then
		echo "run-transcripts: $build/$b not built" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-tr.XXXXXX")
pid=
cleanup() {
	if [ -n "$pid" ]; then
		kill -TERM "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Stop the daemon: SIGTERM must end it cleanly and quickly.
stop_daemon() {
	local i
	kill -TERM "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		echo "zbfwd did not exit on SIGTERM" >&2
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
		return 1
	fi
	wait "$pid"
	local rc=$?
	pid=
	if [ "$rc" -ne 0 ]; then
		echo "zbfwd exited with status $rc" >&2
		return 1
	fi
}

failed=0
for name in "${names[@]}"; do
	name=${name%.in}
	in=$here/$name.in
	out=$here/$name.out
	if [ ! -f "$in" ]; then
		echo "FAIL $name: no $in"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$tmp"/*
	if [ -f "$here/$name.cfg" ]; then
		cp "$here/$name.cfg" "$tmp/startup-config"
	else
		: >"$tmp/startup-config"
	fi
	(cd "$tmp" && exec "$build/zbfwd" --no-dataplane -f "$tmp/startup-config" \
	    -S "$tmp/sock" -t 127.0.0.1:0) </dev/null 2>"$tmp/zbfwd.log" &
	pid=$!
	for i in $(seq 100); do
		[ -S "$tmp/sock" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if [ ! -S "$tmp/sock" ]; then
		echo "FAIL $name: zbfwd did not create its socket"
		cat "$tmp/zbfwd.log"
		failed=$((failed + 1))
		stop_daemon
		continue
	fi
	timeout 60 "$build/zbfw" -S "$tmp/sock" <"$in" >"$tmp/got" 2>&1
	rc=$?
	ok=1
	if [ "$rc" -eq 124 ]; then
		echo "zbfw timed out" >>"$tmp/got"
		ok=0
	fi
	stop_daemon || ok=0
	if [ "$update" -eq 1 ]; then
		cp "$tmp/got" "$out"
		echo "UPDATED $name"
		continue
	fi
	if [ ! -f "$out" ]; then
		echo "FAIL $name: no $out; what zbfw printed:"
		cat "$tmp/got"
		failed=$((failed + 1))
		continue
	fi
	if ! diff -u "$out" "$tmp/got" >"$tmp/diff"; then
		ok=0
		echo "--- $name: expected (-) and got (+)"
		cat "$tmp/diff"
	fi
	if [ "$ok" -eq 1 ]; then
		echo "PASS $name"
	else
		echo "FAIL $name"
		echo "zbfwd stderr:"
		tail -n 20 "$tmp/zbfwd.log"
		failed=$((failed + 1))
	fi
done
[ "$failed" -eq 0 ]
