#!/bin/bash
# Benchmark (not a timed test): generate a 100,000-line configuration that
# uses the whole zone-based firewall language and time `zbfwd --check` on it
# (load + consistency checks + compile).  Goal: under 1 s.
# Usage: tests/bench/config_load.sh [LINES]   (default 100000)
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${ZBFW_BUILD:-$repo/build}
lines=${1:-100000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/zbfw-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cfg=$tmp/big.cfg

# N objects of each kind; the rest of the lines are ACL entries.
awk -v total="$lines" 'BEGIN {
	n = 1000
	print "hostname bench-fw"
	for (i = 0; i < 200; i++) {
		print "parameter-map type inspect pm" i
		print " audit-trail on"
		print " tcp idle-time " (600 + i)
		print " udp idle-time " (30 + i)
		print " sessions maximum " (10000 + i)
		print " max-incomplete high " (2000 + i)
	}
	for (i = 0; i < n; i++) {
		print "class-map type inspect match-any cm" i
		print " match protocol sip"
		print " match protocol tcp"
		print " match protocol udp"
		print " match access-group name acl" (i % 100)
	}
	for (i = 0; i < n; i++) {
		print "policy-map type inspect pol" i
		print " class type inspect cm" i
		print "  inspect pm" (i % 200)
		print " class type inspect cm" ((i + 1) % n)
		print "  pass"
		print " class class-default"
		print "  drop log"
	}
	for (i = 0; i < n; i++) {
		print "zone security z" i
		print " description zone number " i
	}
	for (i = 0; i < n; i++) {
		print "zone-pair security zp" i " source z" i " destination z" ((i + 1) % n)
		print " service-policy type inspect pol" i
	}
	for (i = 0; i < n; i++) {
		print "interface eth" i
		print " description port " i
		print " zone-member security z" i
		print "!"
	}
	used = 1 + 200 * 6 + n * 5 + n * 7 + n * 2 + n * 2 + n * 4
	left = total - used
	per = int(left / 100)
	for (a = 0; a < 100; a++) {
		print "ip access-list extended acl" a
		left--
		for (e = 0; e < per - 1 && left > 0; e++) {
			printf " permit udp 10.%d.%d.0 0.0.0.255 host 192.0.2.%d eq %d\n", a, e % 256, e % 250 + 1, 1024 + e
			left--
		}
	}
	while (left-- > 0)
		print "!"
}' >"$cfg"

echo "config: $(wc -l <"$cfg") lines, $(wc -c <"$cfg") bytes"
"$build/zbfwd" --check -f "$cfg" >"$tmp/check.out" 2>&1 || {
	echo "zbfwd --check reported errors:"
	head -n 20 "$tmp/check.out"
	exit 1
}
# Everything was loaded: a daemon on the file shows every object.
sock=$tmp/sock
"$build/zbfwd" --no-dataplane -f "$cfg" -S "$sock" -t none 2>/dev/null &
dpid=$!
for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
nzp=$("$build/zbfw" -S "$sock" -c 'show zone-pair security' | grep -c '^Zone-pair name ')
nace=$("$build/zbfw" -S "$sock" -c 'show ip access-lists' | grep -c '^ *[0-9]* permit ')
kill -TERM "$dpid"
wait "$dpid"
echo "loaded: $nzp zone-pairs, $nace ACL entries"
if [ "$nzp" -ne 1000 ]; then
	echo "expected 1000 zone-pairs"
	exit 1
fi

best=
for run in 1 2 3; do
	s=$(date +%s.%N)
	"$build/zbfwd" --check -f "$cfg" >/dev/null 2>&1
	e=$(date +%s.%N)
	t=$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f", e - s }')
	echo "run $run: $t s"
	best=$(awk -v t="$t" -v b="${best:-1e9}" 'BEGIN { print (t < b) ? t : b }')
done
echo "config_load: $(wc -l <"$cfg") lines loaded and compiled in $best s (best of 3; goal < 1 s)"
