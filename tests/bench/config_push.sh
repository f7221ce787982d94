#!/bin/bash
# Benchmark (not a timed test): push 1,000 configuration lines (50
# class-maps, an ACL of 899 entries) through the zbfw console into a daemon
# running an empty, a 10,000-line and a 100,000-line configuration
# (tests/bench/gen-config.sh), and print lines/s and the ratio to the
# empty-configuration rate side by side.  Goal: >= 0.5x at 100,000 lines.
#
# Two ways of pushing (tests/bench/console_push.py): `line` waits for each
# line's echo and prompt before the next, as Netmiko's send_config_set does;
# `burst` sends all lines at once.  The time runs from the first line to the
# prompt after `end`, so it includes the compile that `end` forces.  Each
# figure is the best of RUNS runs (default 3), each on a fresh daemon.
#
# Usage: tests/bench/config_push.sh [SIZES]   (default "0 10000 100000")
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
sizes=${1:-0 10000 100000}
runs=${RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-push.XXXXXX")
dpid=
cleanup() {
	[ -n "$dpid" ] && kill -TERM "$dpid" 2>/dev/null && wait "$dpid" || :
	rm -rf "$tmp"
}
trap cleanup EXIT

push=$tmp/push.txt
awk 'BEGIN {
	for (i = 0; i < 50; i++) {
		print "class-map type inspect match-any PUSH-CM" i
		print " match access-group name PUSH-ACL"
	}
	print "ip access-list extended PUSH-ACL"
	for (e = 0; e < 899; e++)
		printf " permit tcp host 10.200.%d.%d host 192.0.2.1 eq %d\n",
		    e / 250, e % 250 + 1, 1024 + e
}' >"$push"
npush=$(wc -l <"$push")

start_daemon() {
	local cfg=$1 i
	rm -f "$tmp/sock"
	"$build/zbfwd" --no-dataplane -f "$cfg" -S "$tmp/sock" -t none \
	    2>"$tmp/zbfwd.err" &
	dpid=$!
	for i in $(seq 600); do
		[ -S "$tmp/sock" ] && return 0
		sleep 0.05
	done
	echo "zbfwd did not start on $cfg:"
	cat "$tmp/zbfwd.err"
	exit 1
}

stop_daemon() {
	kill -TERM "$dpid"
	wait "$dpid" || :
	dpid=
}

declare -A best
for n in $sizes; do
	cfg=$tmp/cfg-$n
	if [ "$n" -eq 0 ]; then
		: >"$cfg"
	else
		"$repo/tests/bench/gen-config.sh" "$n" >"$cfg"
	fi
	for mode in line burst; do
		b=
		for r in $(seq "$runs"); do
			start_daemon "$cfg"
			t=$(python3 -B "$repo/tests/bench/console_push.py" \
			    "$tmp/sock" "$push" "$mode")
			stop_daemon
			b=$(awk -v t="$t" -v b="${b:-1e9}" \
			    'BEGIN { print (t < b) ? t : b }')
		done
		best[$n,$mode]=$b
	done
done

printf '%s lines pushed through the console (best of %s runs)\n' \
    "$npush" "$runs"
printf '%-14s %-6s %9s %10s %8s\n' config mode seconds lines/s ratio
for mode in line burst; do
	first=
	for n in $sizes; do
		t=${best[$n,$mode]}
		rate=$(awk -v l="$npush" -v t="$t" 'BEGIN { printf "%.0f", l / t }')
		[ -z "$first" ] && first=$rate
		ratio=$(awk -v r="$rate" -v f="$first" \
		    'BEGIN { printf "%.2f", r / f }')
		printf '%-14s %-6s %9.3f %10s %8s\n' "$n lines" "$mode" "$t" \
		    "$rate" "$ratio"
	done
done
