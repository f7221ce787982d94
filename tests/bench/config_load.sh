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

"$repo/tests/bench/gen-config.sh" "$lines" >"$cfg"

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
want=$((lines / 100 > 1000 ? 1000 : lines / 100))
if [ "$nzp" -ne "$want" ]; then
	echo "expected $want zone-pairs"
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
