#!/bin/sh
# Dataplane benchmark, side by side in one run.  Four identical namespaced
# paths (client -> router -> server, IPv4, veth) exist at the same time,
# each router in one mode:
#   plain  kernel forwarding, no rules
#   ct     kernel stateful rules (conntrack ESTABLISHED + NEW accept)
#   nfq    bare NFQUEUE accept loop for NEW connections
#          (tests/bench/nfq_accept.c), established accepted by the ct rules:
#          the reference for new connections per second
#   zbfw   zbfwd, inside -> outside inspect
# Metrics: TCP throughput (iperf3, one stream), 64-byte UDP packets per
# second received (iperf3 -u -l 64 -b 0), new TCP connections per second
# (tests/bench/connrate.c, 8 workers).  The modes take turns, SECS seconds
# each, ROUNDS times; the best sample of each counts (the machine is
# shared).  Prints a table and the ratios the issue sets goals for.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lab/lib.sh"
SECS=${SECS:-2}
ROUNDS=${ROUNDS:-5}
MODES=${MODES:-"plain ct nfq zbfw"}
lab_need_root
command -v iperf3 >/dev/null || { echo "SKIP: no iperf3"; exit 77; }
B=zt-b$$
BDIR=$(mktemp -d /tmp/zt-bench.XXXXXX)
PIDS=
cleanup() {
	set +e
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for m in $MODES; do
		for n in c r s; do
			ip netns pids "$B-$m$n" 2>/dev/null | xargs -r kill -9
			ip netns del "$B-$m$n" 2>/dev/null
		done
	done
	rm -rf "$BDIR"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
cc -O2 -o "$BDIR/nfq_accept" "$here/nfq_accept.c" \
    $(pkg-config --cflags --libs libmnl libnetfilter_queue) || exit 1
cc -O2 -o "$BDIR/connrate" "$here/connrate.c" || exit 1

x() { ns=$1; shift; ip netns exec "$B-$ns" "$@"; }

for m in $MODES; do
	for n in c r s; do ip netns add "$B-$m$n" || exit 1; done
	ip link add r-in netns "$B-${m}r" type veth peer name eth0 netns "$B-${m}c"
	ip link add gi0-0-1 netns "$B-${m}r" type veth peer name eth0 \
	    netns "$B-${m}s"
	x "${m}r" ip addr add 10.1.0.1/24 dev r-in
	x "${m}r" ip addr add 10.2.0.1/24 dev gi0-0-1
	x "${m}c" ip addr add 10.1.0.2/24 dev eth0
	x "${m}s" ip addr add 10.2.0.2/24 dev eth0
	for n in c r s; do
		x "$m$n" ip link set lo up
		x "$m$n" sh -c 'for i in /sys/class/net/*; do ip link set ${i##*/} up; done'
	done
	x "${m}r" sysctl -qw net.ipv4.ip_forward=1
	x "${m}c" ip route add default via 10.1.0.1
	x "${m}s" ip route add default via 10.2.0.1
	x "${m}s" iperf3 -s -p 5201 >/dev/null 2>&1 &
	PIDS="$PIDS $!"
	x "${m}s" "$BDIR/connrate" serve 6000 &
	PIDS="$PIDS $!"
done

CT_RULES='*filter
:FORWARD ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -i r-in -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -j DROP
COMMIT'
has() { case " $MODES " in *" $1 "*) return 0 ;; esac; return 1; }
has ct && echo "$CT_RULES" | x ctr iptables-restore
if has nfq; then
	echo "$CT_RULES" | x nfqr iptables-restore
	x nfqr iptables -t mangle -A FORWARD -m conntrack --ctstate NEW \
	    -j NFQUEUE --queue-num 7
	x nfqr "$BDIR/nfq_accept" 7 &
	PIDS="$PIDS $!"
fi
if has zbfw; then
	printf '%s\n' "$LAB_INSPECT_ALL" >"$BDIR/zbfw.cfg"
	x zbfwr "$ZBFWD" -f "$BDIR/zbfw.cfg" -S "$BDIR/zbfw.sock" -t none \
	    >"$BDIR/zbfwd.log" 2>&1 &
	PIDS="$PIDS $!"
	sleep 1
	[ -S "$BDIR/zbfw.sock" ] || { echo "FAIL: zbfwd did not start"; cat "$BDIR/zbfwd.log"; exit 1; }
fi

tcp_bps() {
	x "$1c" iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
	    /usr/bin/python3 -c 'import json,sys
try: print("%.0f" % json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])
except Exception: print(0)'
}

udp_pps() {
	x "$1c" iperf3 -c 10.2.0.2 -p 5201 -u -b 0 -l 64 -t "$SECS" -J 2>/dev/null |
	    /usr/bin/python3 -c 'import json,sys
try:
    s = json.load(sys.stdin)["end"]["sum"]
    print("%.0f" % ((s["packets"] - s["lost_packets"]) / s["seconds"]))
except Exception: print(0)'
}

conn_rate() {
	x "$1c" "$BDIR/connrate" run 10.2.0.2 6000 "$SECS" 8
}

best() {	# VAR VALUE: VAR = max(VAR, VALUE)
	eval "cur=\${$1:-0}"
	[ "$2" -gt "$cur" ] && eval "$1=$2"
}

r=1
while [ $r -le "$ROUNDS" ]; do
	line="round $r:"
	for m in $MODES; do
		v=$(tcp_bps $m); best T_$m "$v"; line="$line $m $((v / 1000000))M"
	done
	for m in $MODES; do
		v=$(udp_pps $m); best U_$m "$v"; line="$line $m ${v}pps"
	done
	for m in $MODES; do
		v=$(conn_rate $m); best C_$m "$v"; line="$line $m ${v}c/s"
	done
	echo "$line" >&2
	r=$((r + 1))
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
echo "best of $ROUNDS rounds of $SECS s, $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %14s %14s %12s\n' mode "TCP Mbit/s" "UDP64 pps" "new conn/s"
for m in $MODES; do
	eval "printf '%-8s %14d %14d %12d\n' $m \$((\${T_$m:-0} / 1000000)) \${U_$m:-0} \${C_$m:-0}"
done
echo "ratios (goals: established >= 0.95 of ct, new conn/s >= 0.80 of nfq):"
echo "  TCP throughput  zbfw/ct  $(ratio "$T_zbfw" "$T_ct")   zbfw/plain $(ratio "$T_zbfw" "$T_plain")"
echo "  UDP64 pps       zbfw/ct  $(ratio "$U_zbfw" "$U_ct")   zbfw/plain $(ratio "$U_zbfw" "$U_plain")"
echo "  new conn/s      zbfw/nfq $(ratio "$C_zbfw" "$C_nfq")   zbfw/ct    $(ratio "$C_zbfw" "$C_ct")"
has zbfw || exit 0
echo "zbfw drop counters:"
"$ZBFW" -S "$BDIR/zbfw.sock" -c "show platform hardware qfp active feature firewall drop" | sed 's/^/  /'
