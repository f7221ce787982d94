#!/bin/sh
# Dataplane benchmark, side by side in one run on the same namespaced lab
# (tests/lab/lib.sh: inside host -> router -> outside host, IPv4):
#   plain  kernel forwarding, no rules
#   ct     kernel stateful rules (conntrack ESTABLISHED + NEW accept)
#   nfq    bare NFQUEUE accept loop for NEW (tests/bench/nfq_accept.c),
#          established accepted by conntrack rules: the reference for new
#          connections per second
#   zbfw   zbfwd, inside -> outside inspect
# Metrics: TCP throughput (iperf3, one stream), 64-byte UDP packets per
# second received (iperf3 -u -l 64 -b 0), new TCP connections per second
# (tests/bench/connrate.c, 8 workers).  Best of ROUNDS rounds of SECS s.
# Prints a table and the ratios the issue sets goals for.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lab/lib.sh"
SECS=${SECS:-4}
ROUNDS=${ROUNDS:-2}
LAB=bench$$
lab_setup
command -v iperf3 >/dev/null || { echo "SKIP: no iperf3"; exit 77; }
CFLAGS_NFQ=$(pkg-config --cflags --libs libmnl libnetfilter_queue)
cc -O2 -o "$LAB_DIR/nfq_accept" "$here/nfq_accept.c" $CFLAGS_NFQ || exit 1
cc -O2 -o "$LAB_DIR/connrate" "$here/connrate.c" || exit 1

hx out iperf3 -s -p 5201 >/dev/null 2>&1 &
hx out "$LAB_DIR/connrate" serve 6000 &
sleep 0.5

rules_flush() {
	for t in filter mangle; do
		rx iptables -t $t -F
		rx iptables -t $t -X 2>/dev/null
	done
	rx conntrack -F >/dev/null 2>&1
}

rules_ct() {
	rx iptables-restore <<'R'
*filter
:FORWARD ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
-A FORWARD -i r-in -m conntrack --ctstate NEW -j ACCEPT
-A FORWARD -j DROP
COMMIT
R
}

rules_nfq() {
	rules_ct
	rx iptables -t mangle -A FORWARD -m conntrack --ctstate NEW \
	    -j NFQUEUE --queue-num 7
}

tcp_bps() {
	hx in iperf3 -c 10.2.0.2 -p 5201 -t "$SECS" -J 2>/dev/null |
	    /usr/bin/python3 -c 'import json,sys
try: print("%.0f" % json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])
except Exception: print(0)'
}

udp_pps() {
	hx in iperf3 -c 10.2.0.2 -p 5201 -u -b 0 -l 64 -t "$SECS" -J 2>/dev/null |
	    /usr/bin/python3 -c 'import json,sys
try:
    s = json.load(sys.stdin)["end"]["sum"]
    print("%.0f" % ((s["packets"] - s["lost_packets"]) / s["seconds"]))
except Exception: print(0)'
}

conn_rate() {
	hx in "$LAB_DIR/connrate" run 10.2.0.2 6000 "$SECS" 8
}

max() { [ "${1:-0}" -gt "${2:-0}" ] && echo "$1" || echo "${2:-0}"; }

# measure MODE: best of this round and the previous ones
measure() {
	m=$1
	t=$(tcp_bps); u=$(udp_pps); c=$(conn_rate)
	eval "T_$m=\$(max \"\$T_$m\" $t); U_$m=\$(max \"\$U_$m\" $u); C_$m=\$(max \"\$C_$m\" $c)"
	echo "  round $r $m: tcp $((t / 1000000)) Mbit/s, udp64 $u pps, $c conn/s" >&2
}

CFG=$LAB_INSPECT_ALL

r=1
while [ $r -le "$ROUNDS" ]; do
	rules_flush
	measure plain
	rules_ct
	measure ct
	rules_flush
	rules_nfq
	ip netns exec "zt-$LAB-r" "$LAB_DIR/nfq_accept" 7 &
	NFQ=$!
	sleep 0.3
	measure nfq
	kill "$NFQ"; wait "$NFQ" 2>/dev/null
	rules_flush
	lab_start_fw "$CFG"
	measure zbfw
	D=$(zcli "show platform hardware qfp active feature firewall drop")
	lab_stop_fw
	rx iptables -t mangle -F; rx iptables -t mangle -X
	rx ip6tables -t mangle -F; rx ip6tables -t mangle -X
	r=$((r + 1))
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
printf '%-8s %14s %14s %12s\n' mode "TCP Mbit/s" "UDP64 pps" "new conn/s"
for m in plain ct nfq zbfw; do
	eval "printf '%-8s %14d %14d %12d\n' $m \$((T_$m / 1000000)) \$U_$m \$C_$m"
done
echo "ratios (zbfw / reference; goals: established >= 0.95 of ct, new conn/s >= 0.80 of nfq):"
echo "  TCP throughput  zbfw/ct    $(ratio "$T_zbfw" "$T_ct")   zbfw/plain $(ratio "$T_zbfw" "$T_plain")"
echo "  UDP64 pps       zbfw/ct    $(ratio "$U_zbfw" "$U_ct")   zbfw/plain $(ratio "$U_zbfw" "$U_plain")"
echo "  new conn/s      zbfw/nfq   $(ratio "$C_zbfw" "$C_nfq")   zbfw/ct    $(ratio "$C_zbfw" "$C_ct")"
echo "zbfw drop counters during the last round:"
echo "$D" | sed 's/^/  /'
